#!/usr/bin/env bash
# Search benchmark for Byline. See bench/README.md, "Search".
#
# For each backend: seeds a fresh database with STORIES stories to search
# (English, Urdu and Arabic) and COMMENTS comments besides (bench/seed),
# serves it from the release build, drives /search with wrk through a
# rotation of queries (bench/search.lua) and prints requests/s, p50 and
# p99, and the size of the search index.
#
# Environment: STORIES (default 10000), COMMENTS (default 1000000),
# DURATION (seconds per run, default 20), BACKENDS (default "sqlite
# postgres"), PORT (default 18090), BENCH_POSTGRES_URL (default the local
# server's `test`; a database of its own is made there and dropped),
# CARGO_TARGET_DIR. Only 127.0.0.1 is contacted.
set -euo pipefail

STORIES="${STORIES:-10000}"
COMMENTS="${COMMENTS:-1000000}"
DURATION="${DURATION:-20}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT="${PORT:-18090}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'search.sh: %s\n' "$*" >&2; exit 1; }

for n in "$STORIES" "$COMMENTS" "$DURATION"; do [[ "$n" =~ ^[0-9]+$ ]] || die "STORIES, COMMENTS and DURATION are whole numbers"; done
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"

# shellcheck source=bench/release-binaries.sh
source "$BENCH/release-binaries.sh"

TMP="$(mktemp -d -t byline-search.XXXXXX)"
SERVER_PID=""
PG_DB=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
    [[ -n "$PG_DB" ]] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

declare -a ROWS=()
for backend in $BACKENDS; do
    if [[ "$backend" == postgres ]]; then
        PG_DB="byline_search_$$"
        DB_URL="${PG_URL%/*}/$PG_DB"
        psql "$PG_URL" -qc "CREATE DATABASE $PG_DB"
    else
        DB_URL="$TMP/byline.db"
    fi
    log "$backend: seeding $STORIES stories and $COMMENTS comments"
    started=$SECONDS
    "$SEED" --database-url "$DB_URL" --users 32 --sessions "$TMP/sessions.txt" \
        --search-stories "$STORIES" --archive-comments "$COMMENTS" >"$TMP/seed.log" 2>&1 \
        || { cat "$TMP/seed.log" >&2; die "seeding failed"; }
    log "$backend: seeded in $((SECONDS - started)) s"
    (cd "$TMP" && exec env BYLINE_LOG__FILTER=warn "$BIN" --database-url "$DB_URL" serve --listen "$HOST:$PORT" \
        >"$TMP/server.log" 2>&1) &
    SERVER_PID=$!
    ready=""
    for _ in $(seq 600); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "the server exited"; }
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz" || true)" == 200 ]] && { ready=1; break; }
        sleep 0.1
    done
    [[ -n "$ready" ]] || die "/readyz did not answer within 60 s"
    # The stories are found before anything is measured.
    found="$(curl -s "$BASE/search?q=river" | grep -c '<mark>' || true)"
    ((found > 0)) || die "$backend: a search for \"river\" found nothing"
    log "$backend: wrk ${DURATION}s over /search"
    wrk -t2 -c16 -d"${DURATION}s" --latency --timeout 5s -s "$BENCH/search.lua" "$BASE" >"$TMP/wrk.txt" 2>&1 \
        || { cat "$TMP/wrk.txt" >&2; die "wrk failed"; }
    stop_server
    if [[ "$backend" == postgres ]]; then
        size="$(psql "$DB_URL" -tAc "SELECT pg_total_relation_size('article_search') + \
            (SELECT COALESCE(SUM(pg_column_size(search_title) + pg_column_size(search_body)), 0) FROM articles)")"
        psql "$PG_URL" -qc "DROP DATABASE $PG_DB" >/dev/null
        PG_DB=""
    else
        size="$(sqlite3 "$DB_URL" "SELECT (SELECT COALESCE(SUM(length(block)), 0) FROM article_search_data) + \
            (SELECT COALESCE(SUM(length(sz)), 0) FROM article_search_docsize) + \
            (SELECT COALESCE(SUM(length(search_title) + length(search_body)), 0) FROM articles)")"
    fi
    ROWS+=("$(awk -v backend="$backend" -v size="$size" '
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        END { printf "| %s | %.0f | %s | %s | %d | %.1f MiB |", backend, rps, p50, p99, bad, size / 1048576 }' "$TMP/wrk.txt")")
done

printf '\n%s stories, %s comments; wrk 2 threads, 16 connections, %s s, a rotation of 13 queries\n\n' \
    "$STORIES" "$COMMENTS" "$DURATION"
printf '| backend | searches/s | p50 | p99 | non-2xx | index (words and index) |\n|---|---|---|---|---|---|\n'
printf '%s\n' "${ROWS[@]}"
