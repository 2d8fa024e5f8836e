#!/usr/bin/env bash
# Load and page-quality benchmark for Byline. See bench/README.md.
#
# Builds the release binary and the seeding tool (bench/seed), fills a fresh
# temporary SQLite database with two long discussions and signed-in readers,
# serves it with the demo content on 127.0.0.1, drives it with wrk (bounded
# by DURATION) and audits it with Lighthouse 12 in headless Chromium, then
# prints two Markdown tables and writes them to bench/results/latest.md.
#
# Environment: DURATION (seconds per wrk run, default 15), PORT (default 18080;
# PORT+1 and PORT+2 are used too), BENCH_POSTGRES_URL (a PostgreSQL server
# and database to connect to, default the local server's `test`; the posting
# run on PostgreSQL makes a database of its own there and drops it),
# CARGO_TARGET_DIR (as cargo reads it). Only 127.0.0.1 is ever contacted.
set -euo pipefail

DURATION="${DURATION:-15}"
PORT="${PORT:-18080}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
ARTICLE_PATH=/articles/seyra-river-accord-signed
# Seeded by bench/seed: copies of that article under 200 and 10,000 comments.
LONG_PATH=/articles/bench-200-comments
LONGEST_PATH=/articles/bench-10000-comments
LONG_JSON_PATH=/api/v1/articles/bench-200-comments/comments
# Signed-in readers, one per connection of the posting run.
CONNECTIONS=32
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
export CHROME_PATH=/usr/bin/chromium

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number of seconds"
[[ "$PORT" =~ ^[1-9][0-9]*$ ]] && ((PORT < 65536)) || die "PORT must be a port number"

# --- 1. tools -----------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -x "$CHROME_PATH" ]] || missing+=(chromium)
command -v curl >/dev/null || missing+=(curl)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
if ((${#missing[@]})); then
    if [[ "$(id -u)" -eq 0 ]]; then
        log "installing ${missing[*]}"
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    else
        die "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    fi
fi
command -v node >/dev/null || die "node (20 or later) is required for Lighthouse"
if [[ ! -d "$BENCH/node_modules" ]]; then
    log "installing Lighthouse (npm ci)"
    # Lighthouse uses puppeteer-core: no browser is downloaded.
    (cd "$BENCH" && npm ci --no-audit --no-fund)
fi
LIGHTHOUSE="$BENCH/node_modules/.bin/lighthouse"
[[ -x "$LIGHTHOUSE" ]] || die "lighthouse missing in bench/node_modules; remove it and run again"

# --- 2. build, seed and serve ----------------------------------------------------
# shellcheck source=bench/serve-seeded.sh
source "$BENCH/serve-seeded.sh"

for path in / "$ARTICLE_PATH" "$LONG_PATH" "$LONGEST_PATH" "$LONG_JSON_PATH"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE$path")"
    [[ "$code" == 200 ]] || die "$path answered $code, expected 200"
done
# Bytes and comments drawn on the first page of each discussion.
page_facts() { # path
    curl -s --max-time 10 "$BASE$1" >"$TMP/page"
    printf '%s bytes, %s comments shown' "$(wc -c <"$TMP/page")" "$(grep -o '<li id="c-[0-9]*"' "$TMP/page" | wc -l)"
}
long_facts="$(page_facts "$LONG_PATH")"
longest_facts="$(page_facts "$LONGEST_PATH")"
json_bytes="$(curl -s --max-time 5 "$BASE$LONG_JSON_PATH" | wc -c)"
json_comments="$(curl -s --max-time 5 "$BASE$LONG_JSON_PATH" | grep -o '"depth":' | wc -l)"
plain_bytes="$(curl -s --max-time 5 "$BASE$ARTICLE_PATH" | wc -c)"
br_headers="$(curl -s -D - -o "$TMP/article.br" --max-time 5 -H 'Accept-Encoding: br' "$BASE$ARTICLE_PATH")"
br_bytes="$(wc -c <"$TMP/article.br")"
br_encoding="$(printf '%s' "$br_headers" | tr -d '\r' | awk -F': *' 'tolower($1)=="content-encoding"{print $2}')"

# --- 3. wrk ---------------------------------------------------------------------
declare -a LOAD_ROWS=()
run_wrk() { # name path threads [wrk option...]
    local name="$1" path="$2" threads="$3" out
    shift 3
    local -a args=("-t$threads" "-c$CONNECTIONS" "-d${DURATION}s" --latency --timeout 5s "$@")
    log "wrk ${DURATION}s: $name"
    out="$TMP/wrk-$(printf '%s' "$name" | tr -c 'a-z0-9' '_').txt"
    timeout --kill-after=5 "$((DURATION + 30))" wrk "${args[@]}" "$BASE$path" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk failed for $name"; }
    kill -0 "$SERVER_PID" 2>/dev/null || die "server died during $name"
    grep '^First refusal:' "$out" >&2 || true
    # A script that reports "Accepted/sec" and "Refused" (post-comments.lua)
    # counts only the answers it expects; its figures replace wrk's.
    LOAD_ROWS+=("$(awk -v name="$name" -v rss="$(peak_rss_mib)" '
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /^Requests\/sec:/ { rps = $2 }
        /^Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /^Accepted\/sec:/ { accepted = $2 }
        /^Refused \(not 201\):/ { refused = $NF }
        END {
            if (accepted != "") { rps = accepted; non2xx = refused }
            errs = (non2xx + 0) + (sock + 0)
            detail = errs ? sprintf(" (%d status, %d socket)", non2xx, sock) : ""
            printf "| %s | %.0f | %s | %s | %d%s | %s MiB |", name, rps, p50, p99, errs, detail, rss
        }' "$out")")
}
run_wrk "home \`/\`" / 2
run_wrk "article" "$ARTICLE_PATH" 2
run_wrk "article, \`Accept-Encoding: br\`" "$ARTICLE_PATH" 2 -H "Accept-Encoding: br"
run_wrk "article, 200 comments" "$LONG_PATH" 2
run_wrk "article, 10,000 comments (first page)" "$LONGEST_PATH" 2
run_wrk "comments JSON, 200 comments" "$LONG_JSON_PATH" 2

# The static ceiling: nginx serving the 200-comment page Byline renders, as a
# file, to the same wrk (which asks for no compression, so both send the
# same plain bytes).
NGINX_PORT=$((PORT + 1))
mkdir -p "$TMP/static" "$TMP/nginx"
curl -s --max-time 10 "$BASE$LONG_PATH" >"$TMP/static/page.html"
# nginx's workers run as another user: let them read the page.
chmod 755 "$TMP" "$TMP/static"
chmod 644 "$TMP/static/page.html"
cat >"$TMP/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $TMP/nginx;
    proxy_temp_path $TMP/nginx;
    fastcgi_temp_path $TMP/nginx;
    uwsgi_temp_path $TMP/nginx;
    scgi_temp_path $TMP/nginx;
    server {
        listen $HOST:$NGINX_PORT;
        root $TMP/static;
        default_type text/html;
    }
}
NGINX
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
"$NGINX_BIN" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" -g 'daemon off;' 2>"$TMP/nginx/start.log" &
NGINX_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null --max-time 1 "http://$HOST:$NGINX_PORT/page.html" && break; sleep 0.1; done
BASE_SAVED="$BASE"
BASE="http://$HOST:$NGINX_PORT"
run_wrk "nginx: the same page as a static file" /page.html 2
BASE="$BASE_SAVED"
LOAD_ROWS[-1]="$(printf '%s' "${LOAD_ROWS[-1]}" | sed 's/| [0-9.]* MiB |$/| (nginx) |/')"
kill "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true

# A signed-in reader's page is their own (their votes and held comments),
# so never from the render cache.
read -r token csrf <"$TMP/sessions.txt"
run_wrk "article, 200 comments, signed in" "$LONG_PATH" 2 -H "Cookie: byline_session=$token"
# Browsers ask for compression: each signed-in page is compressed as it is
# sent. Chromium and Firefox take Zstandard; Safari takes Brotli.
run_wrk "article, 200 comments, signed in, Chromium's \`Accept-Encoding\` (zstd)" "$LONG_PATH" 2 \
    -H "Cookie: byline_session=$token" -H "Accept-Encoding: gzip, deflate, br, zstd"
run_wrk "article, 200 comments, signed in, \`Accept-Encoding: br\`" "$LONG_PATH" 2 -H "Cookie: byline_session=$token" \
    -H "Accept-Encoding: br"

# Mixed: 95 % anonymous reads of the 200-comment page, 5 % comments posted
# to it by signed-in readers (each post makes the cached page stale).
BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG="${LONG_PATH#/articles/}" BENCH_READ_PATH="$LONG_PATH" BENCH_RUN="mixed " \
    run_wrk "mixed: 95 % reads, 5 % posts ($CONNECTIONS readers)" / "$CONNECTIONS" -s "$BENCH/post-comments.lua"

# Posting last: it adds comments to the 200-comment article. One reader's
# post is tried first so a refusal shows its reason before the run.
code="$(curl -s -o "$TMP/post.json" -w '%{http_code}' --max-time 5 -X POST \
    -H 'Content-Type: application/json' -H "Cookie: byline_session=$token" -H "x-csrf-token: $csrf" \
    --data '{"body":"A first comment, to check that posting works before the run."}' "$BASE$LONG_JSON_PATH")"
[[ "$code" == 201 ]] || { cat "$TMP/post.json" >&2; die "posting a comment answered $code, expected 201"; }
# wrk runs Lua per thread, so one thread per connection gives each
# connection a reader of its own.
BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG="${LONG_PATH#/articles/}" \
    run_wrk "post a comment on SQLite (JSON, $CONNECTIONS readers)" / "$CONNECTIONS" -s "$BENCH/post-comments.lua"

# --- 4. Lighthouse ----------------------------------------------------------------
mkdir -p "$TMP/lh"
declare -a LH_ROWS=() LH_FAILS=()
run_lighthouse() { # name path formfactor
    local name="$1" path="$2" form="$3" json row
    local -a preset=()
    [[ "$form" == desktop ]] && preset=(--preset=desktop)
    json="$TMP/lh/$(printf '%s-%s' "$name" "$form" | tr -c 'a-z0-9-' '_').json"
    log "lighthouse $form: $name"
    if ! timeout --kill-after=10 180 "$LIGHTHOUSE" "$BASE$path" "${preset[@]}" \
        --output=json --output-path="$json" --quiet \
        --chrome-flags="$CHROME_FLAGS" >"$TMP/lh/last.log" 2>&1; then
        cat "$TMP/lh/last.log" >&2
        LH_ROWS+=("| $name | $form | failed | | | | | |")
        return 0
    fi
    row="$(node - "$json" "$name" "$form" <<'EOF'
const fs = require("fs");
const [file, name, form] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const cats = ["performance", "accessibility", "best-practices", "seo"];
const score = (k) => {
  const s = r.categories[k] && r.categories[k].score;
  return s === null || s === undefined ? "n/a" : String(Math.round(s * 100));
};
const num = (id, f) => {
  const a = r.audits[id];
  return a && typeof a.numericValue === "number" ? f(a.numericValue) : "n/a";
};
const lcp = num("largest-contentful-paint", (v) => Math.round(v));
const kb = num("total-byte-weight", (v) => (v / 1024).toFixed(1));
console.log(`| ${name} | ${form} | ${cats.map(score).join(" | ")} | ${lcp} | ${kb} |`);
// Audits that pulled a category below 100: weighted audits scoring under 1.
const fails = [];
for (const k of cats) {
  for (const ref of (r.categories[k] || { auditRefs: [] }).auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a && a.score !== null && a.score < 1) {
      fails.push(`${k}: \`${ref.id}\` (score ${a.score}${a.displayValue ? ", " + a.displayValue : ""})`);
    }
  }
}
if (r.runtimeError) fails.push(`runtime error: ${r.runtimeError.code}`);
for (const f of fails) console.log(`FAIL ${name} (${form}) — ${f}`);
EOF
)"
    LH_ROWS+=("$(printf '%s\n' "$row" | head -n1)")
    while IFS= read -r line; do
        [[ -n "$line" ]] && LH_FAILS+=("- ${line#FAIL }")
    done < <(printf '%s\n' "$row" | tail -n +2)
}
for form in desktop mobile; do
    run_lighthouse "home" / "$form"
    run_lighthouse "article" "$ARTICLE_PATH" "$form"
done

# --- 5. posting on PostgreSQL -------------------------------------------------------
# Last, as the SQLite server is stopped for it: a server on a fresh database
# of the local PostgreSQL (BENCH_POSTGRES_URL names the server and a
# database to connect to first; the run makes its own beside it and drops
# it after).
PG_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if command -v psql >/dev/null && psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null 2>&1; then
    pg_db="byline_bench_$$"
    pg_bench_url="${PG_URL%/*}/$pg_db"
    PG_PORT=$((PORT + 2))
    # The SQLite server's part is done; the cleanup stops this one instead.
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    psql "$PG_URL" -qc "CREATE DATABASE $pg_db"
    trap 'cleanup; psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true' EXIT
    log "seeding PostgreSQL database $pg_db"
    "$SEED" --database-url "$pg_bench_url" --users "$CONNECTIONS" --sessions "$TMP/pg-sessions.txt" >"$TMP/pg-seed.log" \
        || { cat "$TMP/pg-seed.log" >&2; die "seeding PostgreSQL failed"; }
    (cd "$TMP" && BYLINE_LOG__FILTER=warn BYLINE_COMMENTS__MIN_INTERVAL_SECS=0 BYLINE_COMMENTS__PER_MINUTE=1000000 \
        BYLINE_MODERATION__TRUSTED_AFTER=0 exec "$BIN" --database-url "$pg_bench_url" \
        serve --demo --listen "$HOST:$PG_PORT" >"$TMP/pg-server.log" 2>&1) &
    SERVER_PID=$!
    for _ in $(seq 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/pg-server.log" >&2; die "the PostgreSQL server exited"; }
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$PG_PORT/readyz" || true)" == 200 ]] && break
        sleep 0.1
    done
    BASE="http://$HOST:$PG_PORT"
    BENCH_SESSIONS="$TMP/pg-sessions.txt" BENCH_SLUG="${LONG_PATH#/articles/}" \
        run_wrk "post a comment on PostgreSQL (JSON, $CONNECTIONS readers)" / "$CONNECTIONS" -s "$BENCH/post-comments.lua"
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    psql "$PG_URL" -qc "DROP DATABASE $pg_db" || true
else
    LOAD_ROWS+=("| post a comment on PostgreSQL | not run: no PostgreSQL answered at BENCH_POSTGRES_URL | | | | |")
fi

# --- 6. report --------------------------------------------------------------------
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- crates bench/seed Cargo.toml Cargo.lock 2>/dev/null || commit="$commit (with uncommitted changes)"
cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mkdir -p "$BENCH/results"
report="$BENCH/results/latest.md"
{
    printf '# Byline benchmark, %s\n\n' "$(date -u +'%F %H:%M UTC')"
    printf 'Commit %s; %s cores (%s); wrk -t2 -c%s -d%ss on loopback (posting: -t%s, one reader per connection).\n\n' \
        "$commit" "$(nproc)" "$cpu" "$CONNECTIONS" "$DURATION" "$CONNECTIONS"
    printf '## Load (wrk)\n\n'
    printf '| scenario | req/s | p50 | p99 | errors | peak RSS |\n'
    printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
    printf '%s\n' "${LOAD_ROWS[@]}"
    printf '\nArticle body: %s bytes plain; %s bytes with `Accept-Encoding: br` (Content-Encoding: %s).\n' \
        "$plain_bytes" "$br_bytes" "${br_encoding:-none}"
    printf 'Article with 200 comments: %s; with 10,000: %s. Comments JSON (200 comments): %s bytes, %s comments.\n' \
        "$long_facts" "$longest_facts" "$json_bytes" "$json_comments"
    printf 'Seeding the discussions and readers took %s s.\n' "$seed_secs"
    printf 'Peak RSS is the server'"'"'s VmHWM after each run (cumulative since start).\n\n'
    printf '## Lighthouse 12\n\n'
    printf '| page | form factor | performance | accessibility | best practices | SEO | LCP (ms) | transfer (kB) |\n'
    printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
    printf '%s\n' "${LH_ROWS[@]}"
    printf '\n'
    if ((${#LH_FAILS[@]})); then
        printf 'Audits below full score:\n\n'
        printf '%s\n' "${LH_FAILS[@]}"
    else
        printf 'No weighted audit scored below 1.\n'
    fi
} >"$report"
cat "$report"
log "written to ${report#"$ROOT"/}"
