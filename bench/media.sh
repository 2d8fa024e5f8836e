#!/usr/bin/env bash
# Photograph benchmark for Byline. See bench/README.md ("Photographs").
#
# Builds the release binary and paints a 12-megapixel (4000 x 3000) JPEG
# with the media crate's demo painter, starts Byline with the demo content
# on a fresh temporary SQLite database, signs a writer in and uploads the
# photograph to the media library ROUNDS times (each a different file, so
# none is taken as a copy), timing each upload from the first byte sent to
# the answer (decoding, resizing into every width and format, storing) and
# reading the server's peak memory (VmHWM) before and after. Then audits a
# demo story with a lead photograph with Lighthouse 12 (mobile and desktop):
# the four scores, LCP and the layout shift. Prints a Markdown table and
# writes it to bench/results/media.md.
#
# Environment: ROUNDS (default 5), PORT (default 18090), CARGO_TARGET_DIR (as
# cargo reads it). Only 127.0.0.1 is ever contacted.
set -euo pipefail

ROUNDS="${ROUNDS:-5}"
PORT="${PORT:-18090}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
STORY_PATH=/articles/ostrel-fleet-returns-to-sea
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
export CHROME_PATH=/usr/bin/chromium

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'media.sh: %s\n' "$*" >&2; exit 1; }

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number"
[[ -x "$CHROME_PATH" ]] || die "chromium is required for Lighthouse (apt-get install chromium)"
command -v node >/dev/null || die "node (20 or later) is required for Lighthouse"
if [[ ! -d "$BENCH/node_modules" ]]; then
    log "installing Lighthouse (npm ci)"
    (cd "$BENCH" && npm ci --no-audit --no-fund)
fi
LIGHTHOUSE="$BENCH/node_modules/.bin/lighthouse"

log "building the release binary and the photograph painter"
cargo build --release -p byline
cargo build --release -p byline-media --example demo_photos
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
PAINTER="$TARGET_DIR/release/examples/demo_photos"

TMP="$(mktemp -d -t byline-media.XXXXXX)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

log "painting a 4000 x 3000 photograph"
"$PAINTER" --size 4000x3000 "$TMP/photo.jpg" "$TMP/other.jpg" >&2

DB="$TMP/byline.db"
"$BIN" --database-url "$DB" user add --handle bench_writer --email writer@example.org --role writer >"$TMP/link.txt"
LINK="$(grep -o 'http[^ ]*/signin/link/[^ ]*' "$TMP/link.txt" | head -n1)"
[[ -n "$LINK" ]] || die "no sign-in link printed"

log "starting byline on $BASE with the demo content"
(cd "$TMP" && exec env BYLINE_LOG__FILTER=warn BYLINE_MEDIA__DIR="$TMP/media" \
    "$BIN" --database-url "$DB" serve --demo --listen "$HOST:$PORT" >"$TMP/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true)" == 200 ]] && break
    sleep 0.1
done
peak() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
ready_peak="$(peak)"
files_before="$(find "$TMP/media" -type f | wc -l)"

# Signs in as a person does: the link's page, then its button.
JAR="$TMP/cookies"
path="/${LINK#*://*/}"
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }
csrf="$(curl -s -c "$JAR" -b "$JAR" "$BASE$path" | csrf_of)"
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "csrf=$csrf" "$BASE$path"

declare -a TIMES=()
for round in $(seq "$ROUNDS"); do
    # A different file each round: the same bytes would be found in the library.
    { head -c 2 "$TMP/photo.jpg"; printf '\xff\xfe\x00\x0around %02d' "$round"; tail -c +3 "$TMP/photo.jpg"; } >"$TMP/upload.jpg"
    csrf="$(curl -s -c "$JAR" -b "$JAR" "$BASE/desk/media" | csrf_of)"
    out="$(curl -s -o /dev/null -c "$JAR" -b "$JAR" -w '%{http_code} %{time_total}' \
        -F "csrf=$csrf" -F "photo=@$TMP/upload.jpg;type=image/jpeg" -F "alt=Benchmark photograph $round" \
        "$BASE/desk/media")"
    [[ "${out%% *}" == 303 ]] || die "upload $round answered ${out%% *}; see $TMP/server.log"
    TIMES+=("${out#* }")
    # Every round's pixels are the same, so only the first adds files.
    ((round == 1)) && files_made="$(($(find "$TMP/media" -type f | wc -l) - files_before))"
    log "upload $round: ${out#* } s, peak so far $(peak) MiB"
done
upload_peak="$(peak)"
times="$(printf '%s\n' "${TIMES[@]}" | sort -n)"
fastest="$(head -n1 <<<"$times")"
median="$(sed -n "$(( (ROUNDS + 1) / 2 ))p" <<<"$times")"
slowest="$(tail -n1 <<<"$times")"

declare -a LH_ROWS=()
for form in mobile desktop; do
    preset=()
    [[ "$form" == desktop ]] && preset=(--preset=desktop)
    log "lighthouse $form: $STORY_PATH"
    timeout 180 "$LIGHTHOUSE" "$BASE$STORY_PATH" "${preset[@]}" --output=json --output-path="$TMP/lh-$form.json" \
        --quiet --chrome-flags="$CHROME_FLAGS" >"$TMP/lh.log" 2>&1 || { cat "$TMP/lh.log" >&2; die "lighthouse failed"; }
    LH_ROWS+=("$(node - "$TMP/lh-$form.json" "$form" <<'EOF'
const fs = require("fs");
const [file, form] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const cats = ["performance", "accessibility", "best-practices", "seo"].map((k) => Math.round(r.categories[k].score * 100));
const lcp = Math.round(r.audits["largest-contentful-paint"].numericValue);
const cls = r.audits["cumulative-layout-shift"].numericValue.toFixed(3);
const kb = (r.audits["total-byte-weight"].numericValue / 1024).toFixed(1);
console.log(`| ${form} | ${cats.join(" / ")} | ${lcp} ms | ${cls} | ${kb} kB |`);
EOF
)")
done

mkdir -p "$BENCH/results"
{
    echo "Upload of a 12-megapixel JPEG ($(($(stat -c %s "$TMP/photo.jpg") / 1024)) kB), $ROUNDS rounds:"
    echo
    echo "| fastest | median | slowest | server peak RSS before | after | files made |"
    echo "|---|---|---|---|---|---|"
    echo "| ${fastest} s | ${median} s | ${slowest} s | ${ready_peak} MiB | ${upload_peak} MiB | ${files_made} |"
    echo
    echo "Lighthouse 12 on $STORY_PATH (a story with a lead photograph):"
    echo
    echo "| form | performance / accessibility / best practices / SEO | LCP | layout shift | transfer |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${LH_ROWS[@]}"
} | tee "$BENCH/results/media.md"
