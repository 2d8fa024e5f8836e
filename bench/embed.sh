#!/usr/bin/env bash
# The comments bar on other sites (issue 18): the host script's size, the
# time from a host page's load to the first comment shown in its frame (a
# browser trace in headless Chromium), comment counts for 100 pages in
# one request (wrk), and Lighthouse on the host's page with the tag and
# without it (scores, LCP, TBT, CLS). See bench/README.md.
#
# Builds the release binary and the seeding tool, serves a seeded database
# with the demo content (bench/serve-seeded.sh) and another newspaper that
# embeds the bar (tests/browser/host/site.mjs) on 127.0.0.1.
#
# Environment: DURATION (seconds of the wrk run, default 15), PORT (default
# 18280; PORT+1 and PORT+2 are the host site's), CARGO_TARGET_DIR.
set -euo pipefail

DURATION="${DURATION:-15}"
PORT="${PORT:-18280}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
CONNECTIONS=4
HOST_SITE="http://localhost:$((PORT + 1))"
STORY="$HOST_SITE/news/river-story"

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'embed.sh: %s\n' "$*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is needed (apt-get install wrk)"
command -v node >/dev/null || die "node is needed"
[[ -d tests/browser/node_modules ]] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

# shellcheck source=bench/serve-seeded.sh
source "$BENCH/serve-seeded.sh"
stop_byline
start_byline "BYLINE_EMBED__SITES=[\"$HOST_SITE\"]"
node tests/browser/host/site.mjs "$((PORT + 1))" "$((PORT + 2))" "$BASE" >"$TMP/host.log" 2>&1 &
HOST_PID=$!
trap 'kill $HOST_PID 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$((PORT + 1))/healthz" >/dev/null && break; sleep 0.1; done

# --- 1. the script's size ---------------------------------------------------------
raw="$(curl -s "$BASE/embed.js" | wc -c)"
gz="$(curl -s -H 'Accept-Encoding: gzip' "$BASE/embed.js" | wc -c)"
br="$(curl -s -H 'Accept-Encoding: br' "$BASE/embed.js" | wc -c)"

# --- 2. the discussion, with comments by seeded readers ------------------------------
slug="$(curl -s -o /dev/null -w '%{redirect_url}' -H "Referer: $HOST_SITE/" \
    "$BASE/embed/thread?url=$(printf '%s' "$STORY" | jq -sRr @uri)&id=river-story-1&title=River" | sed 's#.*/embed/articles/##')"
[[ -n "$slug" ]] || die "no discussion was made"
n=0
while read -r token csrf; do
    for i in 1 2 3 4 5; do
        curl -s -o /dev/null -X POST -H "Cookie: byline_session=$token" -H "x-csrf-token: $csrf" \
            -H 'content-type: application/json' -d "{\"body\": \"Bench comment $n.$i on the host's story\"}" \
            "$BASE/api/v1/articles/$slug/comments"
    done
    n=$((n + 1))
done <"$TMP/sessions.txt"
log "posted $((n * 5)) comments under $slug"

# --- 3. host page load to the first comment shown ------------------------------------
first_comment_ms="$(cd tests/browser && node - "$STORY" <<'JS'
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  const times = [];
  for (let run = 0; run < 7; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(process.argv[2], { waitUntil: 'commit' });
    await page.frameLocator('iframe[title="Comments"]').locator('.comment-item').first().waitFor();
    times.push(Date.now() - started);
    await context.close();
  }
  await browser.close();
  times.sort((a, b) => a - b);
  console.log(times[Math.floor(times.length / 2)]);
})();
JS
)"

# --- 4. counts for 100 pages in one request -------------------------------------------
query=""
for i in $(seq 100); do query="$query&url=$(printf '%s' "$HOST_SITE/news/story-$i" | jq -sRr @uri)"; done
query="url=$(printf '%s' "$STORY" | jq -sRr @uri)${query}"
answer="$(curl -s -H "Origin: $HOST_SITE" "$BASE/api/v1/embed/counts?$query")"
printf '%s' "$answer" | grep -q '"urls"' || die "counts answered: $answer"
wrk -t2 -c16 -d"${DURATION}s" --latency -H "Origin: $HOST_SITE" "$BASE/api/v1/embed/counts?$query" >"$TMP/wrk.txt"
rps="$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.txt")"
p50="$(awk '$1 == "50%" {print $2}' "$TMP/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$TMP/wrk.txt")"

# --- 5. Lighthouse on the host page, with the tag and without -------------------------
if [[ ! -d "$BENCH/node_modules" ]]; then
    (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
lighthouse_scores() { # url formfactor: "performance/accessibility/best-practices/seo, LCP ms, TBT ms, CLS"
    local json="$TMP/lh-$RANDOM.json" preset=()
    [[ "$2" == desktop ]] && preset=(--preset=desktop)
    timeout --kill-after=10 180 "$BENCH/node_modules/.bin/lighthouse" "$1" "${preset[@]}" --output=json \
        --output-path="$json" --quiet --chrome-flags="$CHROME_FLAGS" >/dev/null 2>&1 || { echo "failed"; return 0; }
    node - "$json" <<'JS'
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const s = (k) => Math.round(r.categories[k].score * 100);
const a = (k) => r.audits[k].numericValue;
console.log(`${s('performance')}/${s('accessibility')}/${s('best-practices')}/${s('seo')}, ` +
  `LCP ${Math.round(a('largest-contentful-paint'))} ms, TBT ${Math.round(a('total-blocking-time'))} ms, ` +
  `CLS ${a('cumulative-layout-shift').toFixed(3)}`);
JS
}
declare -a LH_ROWS=()
for form in mobile desktop; do
    for page in river-story-bare river-story; do
        log "lighthouse $form: $page"
        LH_ROWS+=("| Lighthouse $form, host page $page | $(lighthouse_scores "$HOST_SITE/news/$page" "$form") |")
    done
done

cat <<MD
| measure | value |
|---|---|
| embed.js | $raw B, $gz B gzip, $br B Brotli (budget 15 kB compressed) |
| host page load to first comment shown in the frame (median of 7, headless Chromium) | ${first_comment_ms} ms |
| counts for 101 pages in one request (wrk, 16 connections) | $rps requests/s, p50 $p50, p99 $p99 |
$(printf '%s\n' "${LH_ROWS[@]}")
MD
