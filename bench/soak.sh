#!/usr/bin/env bash
# Soak test for Byline. See bench/README.md.
#
# Builds and starts the release server on freshly seeded data as load.sh
# does, then drives it for MINUTES minutes (default 10) with the mixed load:
# 32 connections, 95 % anonymous reads of the 200-comment article and 5 %
# comments posted to it by signed-in readers. It samples the server's
# resident memory every 10 s and fails if any answer was a 5xx, if the log
# shows a panic, or if RSS grew by 10 % or more between minute 2 and the end.
#
# Environment: MINUTES (default 10, at least 3), PORT (default 18082),
# CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is contacted.
set -euo pipefail

MINUTES="${MINUTES:-10}"
PORT="${PORT:-18082}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
CONNECTIONS=32
LONG_PATH=/articles/bench-200-comments

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'soak.sh: %s\n' "$*" >&2; exit 1; }
[[ "$MINUTES" =~ ^[0-9]+$ ]] && ((MINUTES >= 3)) || die "MINUTES must be a whole number, at least 3"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"

# shellcheck source=bench/serve-seeded.sh
source "$BENCH/serve-seeded.sh"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
log "mixed load for $MINUTES minutes; RSS every 10 s"
(
    for ((s = 10; s <= MINUTES * 60; s += 10)); do
        sleep 10
        kill -0 "$SERVER_PID" 2>/dev/null || exit 0
        printf '%d %s\n' "$s" "$(rss_kib)"
    done
) >"$TMP/rss.txt" &
SAMPLER=$!
BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG="${LONG_PATH#/articles/}" BENCH_READ_PATH="$LONG_PATH" \
    timeout --kill-after=10 "$((MINUTES * 60 + 60))" wrk "-t$CONNECTIONS" "-c$CONNECTIONS" "-d${MINUTES}m" --latency \
    --timeout 5s -s "$BENCH/post-comments.lua" "$BASE/" >"$TMP/wrk.txt" 2>&1 || { cat "$TMP/wrk.txt" >&2; die "wrk failed"; }
wait "$SAMPLER" || true
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the soak"

cat "$TMP/wrk.txt" >&2
server_errors="$(awk '/^Server errors \(5xx\):/ { print $NF }' "$TMP/wrk.txt")"
[[ -n "$server_errors" ]] || die "wrk printed no count of 5xx answers"
panics="$(grep -c -i 'panicked' "$TMP/server.log" || true)"
at_2="$(awk '$1 == 120 { print $2 }' "$TMP/rss.txt")"
at_end="$(tail -n 1 "$TMP/rss.txt" | awk '{ print $2 }')"
[[ -n "$at_2" && -n "$at_end" ]] || die "too few memory samples"
growth="$(awk -v a="$at_2" -v b="$at_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')"

printf '\n| minute | RSS (MiB) |\n| ---: | ---: |\n'
awk '$1 % 60 == 0 { printf "| %d | %.1f |\n", $1 / 60, $2 / 1024 }' "$TMP/rss.txt"
printf '\n%s requests in %s minutes (%s req/s), p99 %s; 5xx answers: %s; panics in the log: %s; RSS growth from minute 2 to %s: %s %%\n' \
    "$(awk '/requests in/ { print $1 }' "$TMP/wrk.txt")" "$MINUTES" \
    "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$TMP/wrk.txt")" \
    "$(awk '$1 == "99%" { print $2 }' "$TMP/wrk.txt")" "$server_errors" "$panics" "$MINUTES" "$growth"

fail=""
((server_errors == 0)) || fail+=" 5xx answers;"
((panics == 0)) || fail+=" panics in the log;"
awk -v g="$growth" 'BEGIN { exit !(g < 10) }' || fail+=" RSS grew by 10 % or more;"
[[ -z "$fail" ]] || die "failed:$fail"
log "passed"
