#!/usr/bin/env bash
# Posting benchmark for Byline, on PostgreSQL and on SQLite. See
# bench/README.md.
#
# The posting runs of load.sh alone, in alternating rounds, so a change to
# the posting path can be measured without the rest: 32 wrk connections
# post comments through the JSON API to the 200-comment article
# (bench/post-comments.lua), each on a fresh seeded database. Each
# connection posts for READERS_PER_CONNECTION signed-in readers in turn
# (default 100, so 3,200 readers): a site taking 2,000 comments a second
# hears from thousands of readers, not from 32 who each post sixty times
# a second, and what a post reads of its author's history is theirs. A
# comment counts only when answered 201 Created, that is once it is
# committed.
#
# Environment: DURATION (seconds a run, default 15), ROUNDS (default 2),
# READERS_PER_CONNECTION (default 100),
# PORT (default 18086), BACKENDS (default "postgres sqlite"),
# BENCH_POSTGRES_URL (a PostgreSQL server and a database to connect to
# first; each run makes its own database beside it and drops it after),
# PROFILE=1 to record a system-wide perf profile of each PostgreSQL run
# into bench/results/posting-*.perf (needs perf). Only 127.0.0.1 is
# contacted.
set -euo pipefail

DURATION="${DURATION:-15}"
ROUNDS="${ROUNDS:-2}"
PORT="${PORT:-18086}"
BACKENDS="${BACKENDS:-postgres sqlite}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
CONNECTIONS=32
PER_CONNECTION="${READERS_PER_CONNECTION:-100}"
SLUG=bench-200-comments
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'posting.sh: %s\n' "$*" >&2; exit 1; }
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number"
[[ "$PER_CONNECTION" =~ ^[1-9][0-9]*$ ]] || die "READERS_PER_CONNECTION must be a positive whole number"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"

# shellcheck source=bench/release-binaries.sh
source "$BENCH/release-binaries.sh"

TMP="$(mktemp -d -t byline-posting.XXXXXX)"
SERVER_PID=""
PG_DB=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() {
    stop_server
    [[ -n "$PG_DB" ]] && psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    die "something already listens on $HOST:$PORT; set PORT to a free port"
fi

# Seeds a fresh database for `backend` and starts the server on it; sets
# DB_URL.
start() { # backend round
    local backend="$1" round="$2"
    if [[ "$backend" == postgres ]]; then
        PG_DB="byline_posting_$$_$round"
        DB_URL="${PG_URL%/*}/$PG_DB"
        psql "$PG_URL" -qc "CREATE DATABASE $PG_DB"
    else
        DB_URL="$TMP/byline-$round.db"
    fi
    "$SEED" --database-url "$DB_URL" --users "$((CONNECTIONS * PER_CONNECTION))" --sessions "$TMP/sessions.txt" >"$TMP/seed.log" 2>&1 \
        || { cat "$TMP/seed.log" >&2; die "seeding failed"; }
    (cd "$TMP" && exec env BYLINE_LOG__FILTER=warn BYLINE_COMMENTS__MIN_INTERVAL_SECS=0 \
        BYLINE_COMMENTS__PER_MINUTE=1000000 BYLINE_MODERATION__TRUSTED_AFTER=0 \
        "$BIN" --database-url "$DB_URL" serve --demo --listen "$HOST:$PORT" >"$TMP/server.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "the server exited"; }
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz" || true)" == 200 ]] && return
        sleep 0.1
    done
    die "/readyz did not answer within 30 s"
}

finish() { # backend
    stop_server
    if [[ "$1" == postgres && -n "$PG_DB" ]]; then
        psql "$PG_URL" -qc "DROP DATABASE $PG_DB" >/dev/null
        PG_DB=""
    fi
}

ROWS=()
for round in $(seq "$ROUNDS"); do
    for backend in $BACKENDS; do
        start "$backend" "$round"
        out="$TMP/wrk-$backend-$round.txt"
        log "round $round, $backend: ${DURATION}s of posting"
        perf_pid=""
        if [[ "${PROFILE:-}" == 1 && "$backend" == postgres ]]; then
            mkdir -p "$BENCH/results"
            perf record -a -g -o "$BENCH/results/posting-$round.perf" -- sleep "$DURATION" >/dev/null 2>&1 &
            perf_pid=$!
        fi
        cpu_before="$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")"
        BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG="$SLUG" BENCH_RUN="r$round " \
            BENCH_READERS_PER_CONNECTION="$PER_CONNECTION" \
            timeout --kill-after=5 "$((DURATION + 30))" wrk "-t$CONNECTIONS" "-c$CONNECTIONS" "-d${DURATION}s" \
            --latency --timeout 5s -s "$BENCH/post-comments.lua" "$BASE/" >"$out" 2>&1 \
            || { cat "$out" >&2; die "wrk failed"; }
        cpu_after="$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")"
        [[ -n "$perf_pid" ]] && wait "$perf_pid"
        grep '^First refusal:' "$out" >&2 || true
        server_cores="$(awk -v a="$cpu_before" -v b="$cpu_after" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { printf "%.2f", (b - a) / hz / d }')"
        ROWS+=("$(awk -v name="$backend, round $round" -v cores="$server_cores" '
            $1 == "50%" { p50 = $2 }
            $1 == "99%" { p99 = $2 }
            /^Accepted\/sec:/ { accepted = $2 }
            /^Refused \(not 201\):/ { refused = $NF }
            END { printf "| %s | %.0f | %s | %s | %d | %s |", name, accepted, p50, p99, refused, cores }' "$out")")
        finish "$backend"
    done
done

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- crates Cargo.toml Cargo.lock 2>/dev/null || commit="$commit (with uncommitted changes)"
printf '\nCommit %s; %s cores; %s connections posting for %s signed-in readers each, %ss a run.\n\n' \
    "$commit" "$(nproc)" "$CONNECTIONS" "$PER_CONNECTION" "$DURATION"
printf '| run | accepted/s | p50 | p99 | refused | server cores |\n| --- | ---: | ---: | ---: | ---: | ---: |\n'
printf '%s\n' "${ROWS[@]}"
