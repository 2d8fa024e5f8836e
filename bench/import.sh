#!/usr/bin/env bash
# WordPress import benchmark for Byline. See bench/README.md ("Importing
# from WordPress").
#
# Builds the release binary and the export generator
# (crates/byline-import/examples/wxr_generate.rs), writes a WordPress export
# of POSTS posts and COMMENTS comments (threads several levels deep, a fifth
# in Urdu or Arabic, every comment state, twenty authors), then imports it
# with `byline import wordpress` into a fresh SQLite database and into a
# fresh PostgreSQL database made beside BENCH_POSTGRES_URL's (skipped when
# that server does not answer), each under `/usr/bin/time -v`: wall time,
# comments per second (comments created over the whole run's wall time,
# both passes over the file included) and peak memory (maximum resident
# set). Then imports the same file again into each (nothing is added) and
# times that too. Prints a Markdown table and writes it to
# bench/results/import.md.
#
# Environment: POSTS (default 5000), COMMENTS (default 200000),
# BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test),
# CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is contacted.
set -euo pipefail

POSTS="${POSTS:-5000}"
COMMENTS="${COMMENTS:-200000}"
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'import.sh: %s\n' "$*" >&2; exit 1; }

[[ "$POSTS" =~ ^[1-9][0-9]*$ ]] || die "POSTS must be a positive whole number"
[[ "$COMMENTS" =~ ^[0-9]+$ ]] || die "COMMENTS must be a whole number"
[[ -x /usr/bin/time ]] || die "GNU time is required (apt-get install time)"

log "building the release binary and the export generator"
cargo build --release -p byline
cargo build --release -p byline-import --example wxr_generate
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
GENERATE="$TARGET_DIR/release/examples/wxr_generate"

TMP="$(mktemp -d -t byline-import.XXXXXX)"
pg_db=""
cleanup() {
    [[ -n "$pg_db" ]] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

log "writing an export of $POSTS posts and $COMMENTS comments"
"$GENERATE" "$POSTS" "$COMMENTS" >"$TMP/export.xml"
SIZE_MB=$(( $(stat -c %s "$TMP/export.xml") / 1048576 ))

ROWS=()
# Imports the export into database URL $2, labelled $1 ($3: first or again).
run() {
    local label="$1" url="$2" round="$3"
    log "importing into $label ($round)"
    /usr/bin/time -v "$BIN" --database-url "$url" import wordpress "$TMP/export.xml" \
        >"$TMP/out.txt" 2>"$TMP/time.txt" </dev/null || { cat "$TMP/out.txt" "$TMP/time.txt" >&2; die "the import failed"; }
    local wall rss created present seconds rate
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time.txt")
    created=$(sed -n 's/^  comments: \([0-9]*\) created.*/\1/p' "$TMP/out.txt")
    present=$(sed -n 's/^  comments: [0-9]* created, \([0-9]*\) already present/\1/p' "$TMP/out.txt")
    seconds=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
    rate=$(awk -v c="$created" -v s="$seconds" 'BEGIN { if (s > 0 && c > 0) printf "%d", c / s; else print "–" }')
    ROWS+=("| $label | $round | $wall | $created | $present | $rate | $(( rss / 1024 )) MB |")
    cat "$TMP/out.txt" >&2
}

run SQLite "sqlite://$TMP/bench.db" first
run SQLite "sqlite://$TMP/bench.db" again

if command -v psql >/dev/null && psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null 2>&1; then
    pg_db="byline_import_bench_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $pg_db"
    "$BIN" --database-url "${PG_URL%/*}/$pg_db" migrate >/dev/null
    run PostgreSQL "${PG_URL%/*}/$pg_db" first
    run PostgreSQL "${PG_URL%/*}/$pg_db" again
else
    log "PostgreSQL at $PG_URL does not answer: its rows are left out"
fi

mkdir -p "$BENCH/results"
{
    echo "WordPress import: $POSTS posts, $COMMENTS comments, a ${SIZE_MB} MB export; $(nproc) cores, $(date -u +%Y-%m-%d)"
    echo
    echo "| Database | Run | Wall time | Comments created | Already present | Comments/s | Peak memory |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} | tee "$BENCH/results/import.md"
