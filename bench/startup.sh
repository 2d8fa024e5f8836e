#!/usr/bin/env bash
# Start-up benchmark for Byline. See bench/README.md.
#
# Seeds a fresh SQLite database with about 100,000 comments (bench/seed:
# the two long discussions and 90,000 more on archive articles), then starts
# the release server on it ROUNDS times and measures, each time, how long
# from starting the process until /readyz answers 200. The database is
# prepared (migrated, demo articles loaded) by one start before the timed
# ones, as on a server that restarts.
#
# Environment: ROUNDS (default 10), PORT (default 18081), ARCHIVE (extra
# comments, default 90000), CARGO_TARGET_DIR (as cargo reads it).
set -euo pipefail

ROUNDS="${ROUNDS:-10}"
PORT="${PORT:-18081}"
ARCHIVE="${ARCHIVE:-90000}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: ROUNDS must be a positive number" >&2; exit 1; }
command -v python3 >/dev/null || { echo "startup.sh: python3 is needed to time the start" >&2; exit 1; }

cargo build --release -p byline -p byline-bench-seed
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/byline-startup.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "==> seeding $ARCHIVE archive comments besides the long discussions" >&2
"$TARGET_DIR/release/byline-bench-seed" --database-url "$TMP/byline.db" --sessions "$TMP/sessions.txt" \
    --archive-comments "$ARCHIVE" >"$TMP/seed.log"

# Starts the server, waits for /readyz, stops it; prints milliseconds.
python3 - "$BIN" "$TMP/byline.db" "$PORT" "$ROUNDS" <<'PY'
import statistics, subprocess, sys, time, urllib.request, sqlite3

binary, db, port, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = f"http://127.0.0.1:{port}/readyz"

def start():
    began = time.perf_counter()
    server = subprocess.Popen([binary, "--database-url", db, "serve", "--demo", "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={"BYLINE_LOG__FILTER": "warn", "PATH": "/usr/bin:/bin"})
    try:
        while True:
            if server.poll() is not None:
                sys.exit(f"startup.sh: the server exited with {server.returncode}")
            if time.perf_counter() - began > 30:
                sys.exit("startup.sh: /readyz did not answer within 30 s")
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        return (time.perf_counter() - began) * 1000
            except OSError:
                pass
            time.sleep(0.001)
    finally:
        server.terminate()
        server.wait()

start()  # migrates and loads the demo articles once
comments = sqlite3.connect(db).execute("SELECT COUNT(*) FROM comments").fetchone()[0]
times = [start() for _ in range(rounds)]
print(f"| comments in the database | starts | median to /readyz | slowest |")
print(f"| ---: | ---: | ---: | ---: |")
print(f"| {comments:,} | {rounds} | {statistics.median(times):.0f} ms | {max(times):.0f} ms |")
PY
