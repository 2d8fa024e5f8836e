#!/usr/bin/env bash
# The API fuzzer: schemathesis reads /api/v1/openapi.json from a live
# server (the demo site, on SQLite and on PostgreSQL) and sends it
# generated requests, failing on any 5xx, any status the document does not
# name, and any answer outside its schema or content type. Each server is
# fuzzed twice: by an anonymous client, and by a signed-in moderator
# (session cookie and CSRF header), so the write routes are reached too.
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

# One worker: the fuzzer's generator is not safe to run in two threads
# (Python's parser can fail in one while the other parses).
schemathesis() { # extra arguments
  "$here/.venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$examples" --workers 1 --seed 20261207 \
    --warnings off "$@"
}

# The value of the first hidden csrf field on standard input.
csrf_field() { grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

sign_in() { # database-url name: sets $cookies and $csrf
  local jar="$work/cookies-$2" link site="http://127.0.0.1:$port"
  link="$("$bin" --database-url "$1" user add --handle fuzzer --email fuzzer@example.org --role moderator |
    grep -o '/signin/link/[A-Za-z0-9_-]*')"
  csrf="$(curl -sf -c "$jar" -b "$jar" "$site$link" | csrf_field)"
  curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" "$site$link"
  csrf="$(curl -sf -c "$jar" -b "$jar" "$site/account" | csrf_field)"
  cookies="$(sed 's/^#HttpOnly_//' "$jar" | awk -F '\t' '!/^#/ && NF == 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }')"
  [ -n "$csrf" ] && [[ "$cookies" == *byline_session=* ]] || { echo "the fuzzer could not sign in" >&2; exit 1; }
}

fuzz() { # database-url name
  BYLINE_EMBED__SITES='["http://localhost:1"]' BYLINE_MAIL__OUTBOX_DIR="$work/outbox-$2" BYLINE_MEDIA__DIR="$work/media-$2" \
    "$bin" --database-url "$1" serve --demo --listen "127.0.0.1:$port" >"$work/server-$2.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server-$2.log"; exit 1; }
    sleep 0.5
  done
  echo "==> API fuzzing on $2, anonymously"
  schemathesis
  echo "==> API fuzzing on $2, signed in as a moderator"
  sign_in "$1" "$2"
  schemathesis -H "Cookie: $cookies" -H "x-csrf-token: $csrf"
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
