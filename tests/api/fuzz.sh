#!/usr/bin/env bash
# The API fuzzer: schemathesis reads /api/v1/openapi.json from a live
# server (the demo site, on SQLite and on PostgreSQL) and sends it
# generated requests, failing on any 5xx, any status the document does not
# name, and any answer outside its schema or content type.
#
# Usage: tests/api/fuzz.sh BYLINE_BINARY [POSTGRES_URL]
# Needs python3 (with venv); installs schemathesis into tests/api/.venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"
pg_url="${2:-}"
port="${BYLINE_FUZZ_PORT:-18960}"
examples="${BYLINE_FUZZ_EXAMPLES:-40}"

if [ ! -x "$here/.venv/bin/schemathesis" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
fi

work="$(mktemp -d)"
server=""
pg_db=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$pg_db" ] && dropdb --if-exists --maintenance-db="$pg_url" "$pg_db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fuzz() { # database-url name
  BYLINE_EMBED__SITES='["http://localhost:1"]' BYLINE_MAIL__OUTBOX_DIR="$work/outbox-$2" BYLINE_MEDIA__DIR="$work/media-$2" \
    "$bin" --database-url "$1" serve --demo --listen "127.0.0.1:$port" >"$work/server-$2.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server-$2.log"; exit 1; }
    sleep 0.5
  done
  echo "==> API fuzzing on $2"
  "$here/.venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$examples" --workers 2 --seed 20261207 \
    --warnings off
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

fuzz "$work/fuzz.db" sqlite
if [ -n "$pg_url" ]; then
  pg_db="byline_fuzz_$$"
  createdb --maintenance-db="$pg_url" "$pg_db"
  fuzz "$(printf '%s' "$pg_url" | sed -E "s#/[^/?]*(\?|$)#/$pg_db\1#")" postgres
fi
