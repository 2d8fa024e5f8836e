# Sourced by bench/load.sh and bench/soak.sh: builds the release binary and
# the seeding tool, seeds a fresh temporary SQLite database (bench/seed) and
# starts Byline on it with the demo content, flood control lifted; returns
# once /readyz answers. Expects HOST, PORT, BASE, CONNECTIONS, ROOT, log and
# die; sets TMP, BIN, SERVER_PID, seed_secs, peak_rss_mib, start_byline and
# stop_byline. The server is stopped and TMP removed when the calling script
# exits.

# --- build ---------------------------------------------------------------------
# shellcheck source=bench/release-binaries.sh
source "$ROOT/bench/release-binaries.sh"

# --- seed and serve ------------------------------------------------------------
TMP="$(mktemp -d -t byline-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    die "something already listens on $HOST:$PORT; set PORT to a free port"
fi

log "seeding 200 and 10,000 comments and $CONNECTIONS signed-in readers"
seed_started=$SECONDS
"$SEED" --database-url "$TMP/byline.db" --users "$CONNECTIONS" --sessions "$TMP/sessions.txt" >"$TMP/seed.log" \
    || { cat "$TMP/seed.log" >&2; die "seeding failed"; }
seed_secs=$((SECONDS - seed_started))
cat "$TMP/seed.log" >&2

# Starts byline on the seeded database and waits for /readyz; arguments are
# more settings for it, as NAME=value environment assignments. Run from the
# temp folder so no byline.toml in the working folder applies. Flood control
# is lifted so a posting run measures the server, not the per-reader limit
# (by default one comment per 10 s and 5 a minute); the seeded readers post
# as established, trusted readers do.
start_byline() { # [NAME=value...]
    log "starting byline on $BASE with demo content${*:+ ($*)}"
    (cd "$TMP" && exec env BYLINE_LOG__FILTER=warn BYLINE_COMMENTS__MIN_INTERVAL_SECS=0 \
        BYLINE_COMMENTS__PER_MINUTE=1000000 BYLINE_MODERATION__TRUSTED_AFTER=0 "$@" \
        "$BIN" --database-url "$TMP/byline.db" serve --demo --listen "$HOST:$PORT" >"$TMP/server.log" 2>&1) &
    SERVER_PID=$!
    local ready=""
    for _ in $(seq 300); do # up to 30 s
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "server exited before it was ready"; }
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz" || true)" == 200 ]]; then
            ready=1; break
        fi
        sleep 0.1
    done
    [[ -n "$ready" ]] || { cat "$TMP/server.log" >&2; die "/readyz did not answer 200 within 30 s"; }
}

# Stops the server start_byline started.
stop_byline() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

start_byline

peak_rss_mib() {
    awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"
}
