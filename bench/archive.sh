#!/usr/bin/env bash
# Export, restore and backup benchmark for Byline. See bench/README.md
# ("Export, restore and backups").
#
# Builds the release binary and the benchmark seeder, fills a fresh SQLite
# database with the demo content and COMMENTS more comments (10,000 to a
# story, as a site that has been running a while), then times, with the
# peak memory of each (`/usr/bin/time`):
#   1. `byline export` of the SQLite site;
#   2. `byline import byline` of that archive into an empty PostgreSQL
#      schema (the move to several nodes);
#   3. `byline export` of the PostgreSQL site;
#   4. `byline restore` of that archive into a new SQLite file;
#   5. `byline backup` of the SQLite site while wrk reads its home page.
# Prints a Markdown table and writes it to bench/results/archive.md.
#
# Environment: COMMENTS (default 200000), BENCH_POSTGRES_URL (default the
# local server's test database; a schema of the run's own is made and
# dropped), CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is ever
# contacted.
set -euo pipefail

COMMENTS="${COMMENTS:-200000}"
PG_BASE="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
PORT="${PORT:-18091}"

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'archive.sh: %s\n' "$*" >&2; exit 1; }

[[ "$COMMENTS" =~ ^[0-9]+$ ]] || die "COMMENTS must be a whole number"
command -v psql >/dev/null || die "psql is required (apt-get install postgresql-client)"
command -v sqlite3 >/dev/null || die "sqlite3 is required (apt-get install sqlite3)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is required (apt-get install time)"

log "building the release binary and the seeder"
cargo build --release -p byline -p byline-bench-seed
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
SEED="$TARGET_DIR/release/byline-bench-seed"

TMP="$(mktemp -d -t byline-archive.XXXXXX)"
SCHEMA="bench_archive_$$"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    psql -q "$PG_BASE" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

SEPARATOR='?'
[[ "$PG_BASE" == *\?* ]] && SEPARATOR='&'
PG_URL="${PG_BASE}${SEPARATOR}options=-c%20search_path%3D$SCHEMA"
psql -q "$PG_BASE" -c "CREATE SCHEMA $SCHEMA" >/dev/null

export BYLINE_LOG__FILTER=warn
SQLITE="$TMP/site.db"
log "seeding SQLite with the demo and $COMMENTS comments"
BYLINE_MEDIA__DIR="$TMP/media" "$BIN" --database-url "$SQLITE" demo >/dev/null
"$SEED" --database-url "$SQLITE" --sessions "$TMP/sessions.txt" --archive-comments "$COMMENTS" >/dev/null

# Runs a byline command under /usr/bin/time; prints "SECONDS PEAK_MIB".
timed() {
    /usr/bin/time -f '%e %M' -o "$TMP/time.txt" "$BIN" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt" \
        || { cat "$TMP/err.txt" >&2; die "byline $* failed"; }
    read -r seconds kib <"$TMP/time.txt"
    printf '%s %d\n' "$seconds" "$((kib / 1024))"
}

ROWS="| step | comments | time | peak memory | archive |\n|---|---:|---:|---:|---:|\n"
row() { ROWS+="| $1 | $2 | $3 s | $4 MiB | $5 |\n"; }
size_of() { du -h "$1" | cut -f1; }
count() { sqlite3 "$1" "SELECT COUNT(*) FROM comments" 2>/dev/null || echo "?"; }
TOTAL="$(count "$SQLITE")"

log "1. export from SQLite"
read -r s m < <(BYLINE_MEDIA__DIR="$TMP/media" timed --database-url "$SQLITE" export "$TMP/from-sqlite.tar")
row "export from SQLite" "$TOTAL" "$s" "$m" "$(size_of "$TMP/from-sqlite.tar")"

log "2. import into PostgreSQL"
read -r s m < <(BYLINE_MEDIA__DIR="$TMP/media-pg" timed --database-url "$PG_URL" import byline "$TMP/from-sqlite.tar")
row "import into PostgreSQL" "$TOTAL" "$s" "$m" ""

log "3. export from PostgreSQL"
read -r s m < <(BYLINE_MEDIA__DIR="$TMP/media-pg" timed --database-url "$PG_URL" export "$TMP/from-pg.tar")
row "export from PostgreSQL" "$TOTAL" "$s" "$m" "$(size_of "$TMP/from-pg.tar")"

log "4. restore into a new SQLite file"
read -r s m < <(BYLINE_MEDIA__DIR="$TMP/media-2" timed --database-url "$TMP/restored.db" restore "$TMP/from-pg.tar")
row "restore into SQLite" "$TOTAL" "$s" "$m" ""
[[ "$(count "$TMP/restored.db")" == "$(count "$SQLITE")" ]] || die "the restored site has other comments than the first"

log "5. backup while the site serves"
BYLINE_MEDIA__DIR="$TMP/media" "$BIN" --database-url "$SQLITE" serve --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
LOAD=""
if command -v wrk >/dev/null; then
    wrk -t1 -c8 -d60s "http://127.0.0.1:$PORT/" >"$TMP/wrk.txt" 2>&1 &
    LOAD=$!
fi
read -r s m < <(BYLINE_MEDIA__DIR="$TMP/media" timed --database-url "$SQLITE" backup "$TMP/backups")
[[ -n "$LOAD" ]] && kill "$LOAD" 2>/dev/null && wait "$LOAD" 2>/dev/null || true
row "backup while serving${LOAD:+ (wrk reading /)}" "$TOTAL" "$s" "$m" "$(size_of "$TMP"/backups/*.tar)"

mkdir -p "$BENCH/results"
{
    printf '## Export, restore and backups: %s comments\n\n' "$TOTAL"
    printf '%b' "$ROWS"
} | tee "$BENCH/results/archive.md"
