#!/usr/bin/env bash
# Webhook delivery benchmark for Byline. See bench/README.md.
#
# Migrates a fresh SQLite database with the release binary, adds one
# endpoint and queues DELIVERIES deliveries for it straight into the
# database (as the use cases queue them), starts a receiver on loopback
# (Python's threaded HTTP server, which checks every signature and answers
# 200), then starts `byline serve` and times how long it takes until every
# delivery is recorded as delivered. Prints deliveries per second, and how
# many signatures failed (must be 0).
#
# Environment: DELIVERIES (default 5000), CONCURRENCY (webhooks.concurrency,
# default 8), PORT (default 18082), HOOK_PORT (default 18083),
# CARGO_TARGET_DIR (as cargo reads it).
set -euo pipefail

DELIVERIES="${DELIVERIES:-5000}"
CONCURRENCY="${CONCURRENCY:-8}"
PORT="${PORT:-18082}"
HOOK_PORT="${HOOK_PORT:-18083}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
[[ "$DELIVERIES" =~ ^[1-9][0-9]*$ ]] || { echo "webhooks.sh: DELIVERIES must be a positive number" >&2; exit 1; }
command -v python3 >/dev/null || { echo "webhooks.sh: python3 is needed for the receiver" >&2; exit 1; }

cargo build --release -p byline
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/byline-webhooks.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

cat >"$TMP/byline.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
[database]
url = "$TMP/byline.db"
[mail]
outbox_dir = "$TMP/outbox"
[media]
dir = "$TMP/media"
[backup]
every = "off"
[log]
filter = "warn"
[webhooks]
concurrency = $CONCURRENCY
TOML
"$BIN" --config "$TMP/byline.toml" migrate >/dev/null

# The receiver: checks each signature, answers 200, counts.
cat >"$TMP/receiver.py" <<'PY'
import hashlib, hmac, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = b"whsec_bench"
bad = 0

class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        global bad
        body = self.rfile.read(int(self.headers["Content-Length"]))
        signed = self.headers["Byline-Timestamp"].encode() + b"." + body
        expected = "sha256=" + hmac.new(SECRET, signed, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers["Byline-Signature"]):
            bad += 1
            with open(sys.argv[2], "w") as out:
                out.write(str(bad))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
echo 0 >"$TMP/bad"
python3 "$TMP/receiver.py" "$HOOK_PORT" "$TMP/bad" &
PIDS+=($!)

python3 - "$TMP/byline.db" "$HOOK_PORT" "$DELIVERIES" <<'PY'
import json, sqlite3, sys, time
db, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
now = int(time.time() * 1000)
con = sqlite3.connect(db)
cur = con.execute(
    "INSERT INTO webhook_endpoints (url, events, secret, enabled, created_at) VALUES (?, ?, ?, 1, ?)",
    (f"http://127.0.0.1:{port}/hook", ",comment.posted,", "whsec_bench", now),
)
endpoint = cur.lastrowid
body = {"id": "", "event": "comment.posted", "created_at": "", "data": {"comment": {"body": "x" * 600}}}
rows = []
for n in range(count):
    body["id"] = f"{n:032x}"
    rows.append((endpoint, "comment.posted", json.dumps(body), now, now))
con.executemany(
    "INSERT INTO webhook_deliveries (endpoint_id, event, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
    rows,
)
con.commit()
PY

START=$(date +%s.%N)
"$BIN" --config "$TMP/byline.toml" serve >"$TMP/serve.log" 2>&1 &
PIDS+=($!)
python3 - "$TMP/byline.db" "$DELIVERIES" "$START" "$TMP/bad" <<'PY'
import sqlite3, sys, time
db, count, start, bad = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
deadline = time.time() + 600
con = sqlite3.connect(db, timeout=30)
while True:
    done = con.execute("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NOT NULL").fetchone()[0]
    if done >= count:
        break
    if time.time() > deadline:
        sys.exit(f"webhooks.sh: only {done} of {count} delivered in 10 minutes")
    time.sleep(0.05)
elapsed = time.time() - start
failed = con.execute("SELECT COUNT(*) FROM webhook_attempts WHERE status IS NULL OR status <> 200").fetchone()[0]
print(f"{count} deliveries in {elapsed:.2f} s (server start included): {count / elapsed:.0f} deliveries/s; "
      f"failed attempts {failed}; bad signatures {open(bad).read().strip()}")
PY
