#!/usr/bin/env bash
# Several nodes on one PostgreSQL, for issue 19. See bench/README.md.
#
# Builds the release binary and the seeding tool, then for 1, 2 and 3 nodes:
# seeds a fresh PostgreSQL database (bench/seed, and the demo content once
# with `byline demo`), starts that many `byline serve` processes on it, puts
# HAProxy in front of them (round robin, checking /readyz) and drives it
# with wrk: the anonymous 200-comment article, the same page signed in, and
# posting (bench/post-comments.lua, 32 connections each posting for
# READERS_PER_CONNECTION readers in turn). Each run records req/s, p50,
# p99, errors, the CPU the nodes, HAProxy and every `postgres` process used
# (as cores), and PostgreSQL's transactions per request of the bench
# database (pg_stat_database.xact_commit). With the most nodes it also puts
# Varnish in front of HAProxy and reads the cached page through it, and
# opens LIVE_READERS event-stream readers straight on the nodes, posts one
# comment on the first node and times its arrival on each
# (bench/live_nodes.py). Prints Markdown tables.
#
# The machine may be shared: before each measurement the script waits until
# no other wrk runs, and marks a run during which another wrk appeared.
#
# Environment: DURATION (seconds a wrk run, default 10), PORT (HAProxy's
# port, default 18090; Varnish takes PORT+1, the nodes PORT+11 …),
# MAX_NODES (default 3), READERS_PER_CONNECTION (default 100),
# LIVE_READERS (default 3000), BENCH_POSTGRES_URL (a PostgreSQL server and
# a database to connect to first, default the local server's `test`; each
# round makes a database of its own beside it and drops it),
# CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is contacted.
set -euo pipefail

DURATION="${DURATION:-10}"
PORT="${PORT:-18090}"
MAX_NODES="${MAX_NODES:-3}"
PER_CONNECTION="${READERS_PER_CONNECTION:-100}"
LIVE_READERS="${LIVE_READERS:-3000}"
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
HOST=127.0.0.1
BALANCER="http://$HOST:$PORT"
VARNISH_PORT=$((PORT + 1))
CONNECTIONS=32
SLUG=bench-200-comments
PAGE="/articles/$SLUG"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'nodes.sh: %s\n' "$*" >&2; exit 1; }

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number of seconds"
{ [[ "$PORT" =~ ^[1-9][0-9]*$ ]] && ((PORT + 20 < 65536)); } || die "PORT must be a port number"
[[ "$MAX_NODES" =~ ^[1-9]$ ]] || die "MAX_NODES must be 1 to 9"
[[ "$PER_CONNECTION" =~ ^[1-9][0-9]*$ ]] || die "READERS_PER_CONNECTION must be a positive whole number"
[[ "$LIVE_READERS" =~ ^[1-9][0-9]*$ ]] || die "LIVE_READERS must be a positive whole number"
for tool in wrk psql curl haproxy python3; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install wrk postgresql-client curl haproxy python3)"
done
VARNISHD="$(command -v varnishd || true)"
psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null || die "no PostgreSQL answered at BENCH_POSTGRES_URL"
# Every live reader is a connection on both sides; the nodes inherit this.
ulimit -n "$((LIVE_READERS + 4000))" 2>/dev/null || die "cannot raise the open-file limit to $((LIVE_READERS + 4000))"

# shellcheck source=bench/release-binaries.sh
source "$BENCH/release-binaries.sh"

TMP="$(mktemp -d -t byline-nodes.XXXXXX)"
# Varnish's worker runs as its own user and reads its compiled VCL here.
chmod 755 "$TMP"
NODE_PIDS=()
HAPROXY_PID=""
VARNISH_PID=""
PG_DB=""
stop_pid() { # pid
    [[ -n "$1" ]] || return 0
    kill "$1" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
stop_round() {
    local pid
    for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
    NODE_PIDS=()
    stop_pid "$HAPROXY_PID"
    HAPROXY_PID=""
    if [[ -n "$PG_DB" ]]; then
        psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
        PG_DB=""
    fi
}
cleanup() {
    stop_pid "$VARNISH_PID"
    stop_round
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in "$PORT" "$VARNISH_PORT" $(seq "$((PORT + 11))" "$((PORT + 10 + MAX_NODES))"); do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
        die "something already listens on $HOST:$port; set PORT to a free range"
    fi
done

wait_quiet() { # Someone else may be measuring on this machine.
    if pgrep -x wrk >/dev/null; then
        log "waiting until no other wrk runs"
        while pgrep -x wrk >/dev/null; do sleep 5; done
    fi
}

until_ready() { # url pid log
    for _ in $(seq 600); do # up to 60 s
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "a process exited before $1 answered"; }
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true)" == 200 ]] && return 0
        sleep 0.1
    done
    cat "$3" >&2
    die "$1 did not answer 200 within 60 s"
}

# CPU ticks (utime + stime) of each process, "pid ticks" a line.
ticks_of() { # pid...
    local pid
    for pid in "$@"; do
        awk -v pid="$pid" '{ print pid, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
    done
}
pg_ticks() {
    # shellcheck disable=SC2046 # one pid a word
    ticks_of $(pgrep -x postgres)
}
# Cores used between two snapshots over `seconds`; a process that started
# meanwhile counts in full, one that ended is lost.
cores_between() { # before after seconds
    awk -v secs="$3" -v hz="$(getconf CLK_TCK)" \
        'NR == FNR { b[$1] = $2; next } { d += $2 - (($1 in b) ? b[$1] : 0) } END { printf "%.2f", d / hz / secs }' "$1" "$2"
}
xact() { # committed transactions of the round's database, read from another
    psql "$PG_URL" -qAtc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$PG_DB'"
}

# --- one round -------------------------------------------------------------------
start_round() { # nodes
    local nodes="$1" n port servers=""
    PG_DB="byline_nodes_$$_$nodes"
    local url="${PG_URL%/*}/$PG_DB"
    psql "$PG_URL" -qc "CREATE DATABASE $PG_DB"
    log "$nodes node(s): seeding $PG_DB ($((CONNECTIONS * PER_CONNECTION)) signed-in readers)"
    "$SEED" --database-url "$url" --users "$((CONNECTIONS * PER_CONNECTION))" --sessions "$TMP/sessions.txt" \
        >"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; die "seeding failed"; }
    # The demo content once, as an operator would, not by every node.
    (cd "$TMP" && "$BIN" --database-url "$url" demo >"$TMP/demo.log" 2>&1) \
        || { cat "$TMP/demo.log" >&2; die "loading the demo content failed"; }
    # The same settings on every node, as the cluster test starts them:
    # the balancer and the cache are trusted proxies, anonymous pages may be
    # kept by Varnish, which each new comment purges; flood control lifted
    # as in load.sh; live streams allowed for all the readers from 127.0.0.1.
    for n in $(seq "$nodes"); do
        port=$((PORT + 10 + n))
        (cd "$TMP" && exec env BYLINE_LOG__FILTER=warn BYLINE_COMMENTS__MIN_INTERVAL_SECS=0 \
            BYLINE_COMMENTS__PER_MINUTE=1000000 BYLINE_MODERATION__TRUSTED_AFTER=0 \
            BYLINE_SITE__BASE_URL=http://news.example/ \
            BYLINE_SERVER__TRUSTED_PROXIES='["127.0.0.1/32"]' BYLINE_SERVER__DRAIN_SECS=0 \
            BYLINE_MAIL__OUTBOX_DIR="$TMP/outbox" BYLINE_MEDIA__DIR="$TMP/media" BYLINE_BACKUP__EVERY=off \
            BYLINE_CACHE__S_MAXAGE_SECS=3600 BYLINE_CACHE__PURGE_URLS="[\"http://$HOST:$VARNISH_PORT\"]" \
            BYLINE_LIVE__STREAMS_PER_CLIENT="$LIVE_READERS" BYLINE_LIVE__STREAMS="$LIVE_READERS" \
            "$BIN" --database-url "$url" serve --listen "$HOST:$port" >"$TMP/node-$n.log" 2>&1) &
        NODE_PIDS+=("$!")
        servers+="    server node$n $HOST:$port check"$'\n'
    done
    for n in $(seq "$nodes"); do
        until_ready "http://$HOST:$((PORT + 10 + n))/readyz" "${NODE_PIDS[n - 1]}" "$TMP/node-$n.log"
    done
    # HAProxy as README.md's "Several nodes on one database" sets it up.
    cat >"$TMP/haproxy.cfg" <<HAPROXY
global
    maxconn 1000
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout tunnel 1h
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    option forwardfor
frontend site
    bind $HOST:$PORT
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 1 rise 2
$servers
HAPROXY
    haproxy -db -f "$TMP/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
    HAPROXY_PID=$!
    until_ready "$BALANCER/readyz" "$HAPROXY_PID" "$TMP/haproxy.log"
    # Every node has rendered the page once before it is measured.
    for n in $(seq "$nodes"); do
        curl -s -o /dev/null --max-time 10 "http://$HOST:$((PORT + 10 + n))$PAGE"
    done
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BALANCER$PAGE")"
    [[ "$code" == 200 ]] || die "$PAGE through HAProxy answered $code"
}

# --- one wrk run -------------------------------------------------------------------
ROWS=()
run() { # nodes name url [wrk option...]
    local nodes="$1" name="$2" url="$3" out
    shift 3
    out="$TMP/wrk-$nodes-$(printf '%s' "$name" | tr -c 'a-z0-9' '_').txt"
    wait_quiet
    log "$nodes node(s), ${DURATION}s: $name"
    local x0 x1 started ended secs shared=""
    ticks_of "${NODE_PIDS[@]}" >"$TMP/nodes.0"
    ticks_of "$HAPROXY_PID" >"$TMP/haproxy.0"
    pg_ticks >"$TMP/pg.0"
    x0="$(xact)"
    started="$(date +%s.%N)"
    timeout --kill-after=5 "$((DURATION + 30))" wrk "$@" "-d${DURATION}s" --latency --timeout 5s "$url" >"$out" 2>&1 &
    local wrk_parent=$! pid
    # Note any wrk that is not ours appearing during the run.
    while kill -0 "$wrk_parent" 2>/dev/null; do
        for pid in $(pgrep -x wrk || true); do
            [[ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$wrk_parent" ]] || shared=" (shared)"
        done
        sleep 1
    done
    wait "$wrk_parent" || { cat "$out" >&2; die "wrk failed for $name"; }
    ended="$(date +%s.%N)"
    ticks_of "${NODE_PIDS[@]}" >"$TMP/nodes.1"
    ticks_of "$HAPROXY_PID" >"$TMP/haproxy.1"
    pg_ticks >"$TMP/pg.1"
    # Statistics reach pg_stat_database within a second of a backend going idle.
    sleep 2
    x1="$(xact)"
    secs="$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')"
    grep '^First refusal:' "$out" >&2 || true
    ROWS+=("$(awk -v nodes="$nodes" -v name="$name$shared" -v xacts="$((x1 - x0))" \
        -v ncpu="$(cores_between "$TMP/nodes.0" "$TMP/nodes.1" "$secs")" \
        -v hcpu="$(cores_between "$TMP/haproxy.0" "$TMP/haproxy.1" "$secs")" \
        -v pcpu="$(cores_between "$TMP/pg.0" "$TMP/pg.1" "$secs")" '
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        / requests in / { requests = $1 }
        /^Requests\/sec:/ { rps = $2 }
        /^Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /^Accepted \(201\):/ { accepted = $NF }
        /^Accepted\/sec:/ { accepted_rps = $2 }
        /^Refused \(not 201\):/ { refused = $NF }
        END {
            # Posting counts only what was answered 201.
            if (accepted_rps != "") { rps = accepted_rps; non2xx = refused; requests = accepted }
            errs = (non2xx + 0) + (sock + 0)
            printf "| %s | %s | %.0f | %s | %s | %d | %s | %s | %s | %.3f |", nodes, name, rps, p50, p99, errs,
                ncpu, hcpu, pcpu, requests ? xacts / requests : 0
        }' "$out")")
}

# --- the rounds ----------------------------------------------------------------------
IDLE_ROWS=()
VARNISH_ROW=""
LIVE_TABLE=""
for nodes in $(seq "$MAX_NODES"); do
    start_round "$nodes"
    # What the nodes ask of PostgreSQL with no request at all.
    sleep 2
    x0="$(xact)"
    sleep 5
    IDLE_ROWS+=("| $nodes | $(awk -v d="$(( $(xact) - x0 ))" 'BEGIN { printf "%.1f", d / 5 }') |")
    read -r token csrf <"$TMP/sessions.txt"
    run "$nodes" "anonymous, 200 comments" "$BALANCER$PAGE" -t2 "-c$CONNECTIONS"
    run "$nodes" "signed in, 200 comments" "$BALANCER$PAGE" -t2 "-c$CONNECTIONS" -H "Cookie: byline_session=$token"

    if ((nodes == MAX_NODES)) && [[ -n "$VARNISHD" ]]; then
        # Varnish in front of the balancer, as the cluster's HTTP cache.
        mkdir -p "$TMP/varnish"
        cat >"$TMP/byline.vcl" <<VCL
vcl 4.1;
backend balancer { .host = "$HOST"; .port = "$PORT"; }
sub vcl_recv {
    set req.http.host = "news.example";
    if (req.method == "PURGE") { return (purge); }
}
VCL
        "$VARNISHD" -F -n "$TMP/varnish/state" -a "$HOST:$VARNISH_PORT" -s malloc,64m -f "$TMP/byline.vcl" \
            >"$TMP/varnish.log" 2>&1 &
        VARNISH_PID=$!
        until_ready "http://$HOST:$VARNISH_PORT/readyz" "$VARNISH_PID" "$TMP/varnish.log"
        curl -s -o /dev/null --max-time 10 "http://$HOST:$VARNISH_PORT$PAGE"
        hit="$(curl -s -D - -o /dev/null --max-time 10 "http://$HOST:$VARNISH_PORT$PAGE" | tr -d '\r' \
            | awk -F': *' 'tolower($1) == "x-varnish" { print split($2, ids, " ") }')"
        [[ "$hit" == 2 ]] || die "Varnish did not keep $PAGE (x-varnish names ${hit:-no} transactions)"
        run "$nodes" "anonymous, 200 comments, through Varnish" "http://$HOST:$VARNISH_PORT$PAGE" -t2 "-c$CONNECTIONS"
        VARNISH_ROW="${ROWS[-1]}"
    fi

    # Posting last: it adds comments to the page. One post first, so a
    # refusal shows its reason.
    code="$(curl -s -o "$TMP/post.json" -w '%{http_code}' --max-time 10 -X POST \
        -H 'Content-Type: application/json' -H "Cookie: byline_session=$token" -H "x-csrf-token: $csrf" \
        --data '{"body":"A first comment, to check that posting works before the run."}' \
        "$BALANCER/api/v1/articles/$SLUG/comments")"
    [[ "$code" == 201 ]] || { cat "$TMP/post.json" >&2; die "posting a comment answered $code, expected 201"; }
    BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG="$SLUG" BENCH_RUN="n$nodes " BENCH_READERS_PER_CONNECTION="$PER_CONNECTION" \
        run "$nodes" "posting ($((CONNECTIONS * PER_CONNECTION)) readers)" "$BALANCER/" \
        "-t$CONNECTIONS" "-c$CONNECTIONS" -s "$BENCH/post-comments.lua"

    if ((nodes == MAX_NODES)); then
        wait_quiet
        log "$LIVE_READERS live readers over $nodes node(s), one comment posted on node 1"
        ports="$(seq -s, "$((PORT + 11))" "$((PORT + 10 + nodes))")"
        pids="$(IFS=,; printf '%s' "${NODE_PIDS[*]}")"
        LIVE_TABLE="$(python3 "$BENCH/live_nodes.py" --ports "$ports" --pids "$pids" --slug "$SLUG" \
            --readers "$LIVE_READERS" --sessions "$TMP/sessions.txt")" || die "the live readers failed"
    fi
    stop_round
done

# --- report ----------------------------------------------------------------------------
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- crates bench/seed Cargo.toml Cargo.lock 2>/dev/null || commit="$commit (with uncommitted changes)"
cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
printf '\n# Several nodes on one PostgreSQL, %s\n\n' "$(date -u +'%F %H:%M UTC')"
printf 'Commit %s; %s cores (%s); %s; wrk %ss a run on loopback through HAProxy (reads -t2 -c%s; posting -t%s -c%s, %s readers a connection).\n\n' \
    "$commit" "$(nproc)" "$cpu" "$(psql "$PG_URL" -qAtc 'SHOW server_version' | awk '{ print "PostgreSQL " $1 }')" \
    "$DURATION" "$CONNECTIONS" "$CONNECTIONS" "$CONNECTIONS" "$PER_CONNECTION"
printf '| nodes | run | req/s | p50 | p99 | errors | nodes CPU | HAProxy CPU | PostgreSQL CPU | PostgreSQL transactions a request |\n'
printf '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
printf '%s\n' "${ROWS[@]}"
printf '\nCPU in cores (1.00 = one core busy for the whole run). Posting: req/s is comments answered 201 a second, transactions are per comment. "(shared)": another wrk ran on the machine meanwhile.\n'
printf '\nPostgreSQL transactions a second with the nodes idle:\n\n| nodes | transactions/s |\n| ---: | ---: |\n'
printf '%s\n' "${IDLE_ROWS[@]}"
if [[ -z "$VARNISH_ROW" ]]; then
    printf '\nVarnish: not run (no varnishd).\n'
fi
printf '\n## Live readers over %s node(s)\n\n%s\n' "$MAX_NODES" "$LIVE_TABLE"
