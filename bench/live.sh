#!/usr/bin/env bash
# Live readers benchmark for Byline. See bench/README.md.
#
# Builds and starts the release server on freshly seeded data as load.sh
# does, with the open-file limit raised for this run only, then runs
# bench/live_readers.py: READERS (default 10,000) Server-Sent-Events readers
# of the 200-comment article, one comment posted while wrk reads the page,
# and how long the comment took to reach every reader.
#
# Environment: READERS (default 10000), PORT (default 18083),
# CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is contacted.
set -euo pipefail

READERS="${READERS:-10000}"
PORT="${PORT:-18083}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
CONNECTIONS=32
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'live.sh: %s\n' "$*" >&2; exit 1; }
[[ "$READERS" =~ ^[1-9][0-9]*$ ]] || die "READERS must be a positive whole number"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 is needed for the readers"
# Each reader is a connection on both sides; the server and the readers
# inherit this limit (the server raises only its soft limit to the hard one).
# The server keeps a quarter of its descriptors for ordinary requests, so
# it needs a third more than the readers, and some for the rest.
FILES=$((READERS * 4 / 3 + 2000))
ulimit -n "$FILES" 2>/dev/null || die "cannot raise the open-file limit to $FILES"

# Every reader comes from 127.0.0.1: lift the per-address share of streams
# for this run (the total is lowered to fit the open-file limit anyway).
export BYLINE_LIVE__STREAMS_PER_CLIENT="$READERS" BYLINE_LIVE__STREAMS="$READERS"

# shellcheck source=bench/serve-seeded.sh
source "$BENCH/serve-seeded.sh"

log "$READERS live readers of /articles/bench-200-comments"
python3 "$BENCH/live_readers.py" --port "$PORT" --slug bench-200-comments --readers "$READERS" \
    --sessions "$TMP/sessions.txt" --server-pid "$SERVER_PID"
