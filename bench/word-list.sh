#!/usr/bin/env bash
# Posting with a newsroom's word list: does a list of 5,000 terms slow
# posting? See bench/README.md.
#
# Builds and seeds as bench/load.sh does (bench/serve-seeded.sh), writes a
# list of 5,000 made-up terms (hold and reject, English, Urdu and Arabic,
# single words and phrases; none of them in the comments posted, so every
# comment is checked against the whole list and published), then runs the
# posting load (bench/post-comments.lua, one signed-in reader per
# connection) against the release binary without a list, with a list of two
# terms and with the long list, in rounds that rotate their order, each run
# from a fresh copy of the seeded database, and prints a Markdown table.
#
# Environment: DURATION (seconds per run, default 10), ROUNDS (default 3),
# PORT (default 18090), CARGO_TARGET_DIR (as cargo reads it). Only
# 127.0.0.1 is ever contacted.
set -euo pipefail

DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18090}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
CONNECTIONS=32
TERMS=5000

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'word-list.sh: %s\n' "$*" >&2; exit 1; }

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number of seconds"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number"
command -v wrk >/dev/null || die "wrk is needed (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 is needed to write the word list"

# shellcheck source=bench/serve-seeded.sh
source "$BENCH/serve-seeded.sh"
stop_byline
# Every run starts from this copy of the seeded database, so none posts
# into a discussion an earlier run made longer.
mkdir "$TMP/seeded"
cp "$TMP"/byline.db* "$TMP/seeded/"

# Made-up words from syllables, so the list reads like a list and matches
# none of the posted comments: 70 % held, 30 % refused; a tenth Urdu, a
# tenth Arabic, a tenth two-word phrases.
python3 - "$TERMS" >"$TMP/words.txt" <<'PY'
import random
import sys

terms = int(sys.argv[1])
rng = random.Random(20261127)
latin = ["ka", "zu", "mo", "ri", "te", "vo", "lu", "xi", "pa", "ne", "qo", "fy", "bu", "dro", "gli", "sha"]
arabic = ["ز", "ق", "ط", "ظ", "غ", "ض", "ث", "خ", "ذ", "ص"]
vowels = ["ا", "و", "ی"]

def latin_word():
    return "".join(rng.choice(latin) for _ in range(rng.randint(3, 5)))

def arabic_word():
    return "".join(rng.choice(arabic) + rng.choice(vowels) for _ in range(rng.randint(3, 4)))

print("# a newsroom's list, made up for the benchmark")
seen = set()
while len(seen) < terms:
    n = len(seen)
    kind = n % 10
    if kind == 0:
        language, term = " ur", arabic_word()
    elif kind == 1:
        language, term = " ar", arabic_word()
    elif kind == 2:
        language, term = "", latin_word() + " " + latin_word()
    else:
        language, term = "", latin_word()
    if term in seen:
        continue
    seen.add(term)
    action = "reject" if rng.random() < 0.3 else "hold"
    print(f"{action}{language}: {term}")
PY
[[ "$(grep -vc '^#' "$TMP/words.txt")" == "$TERMS" ]] || die "the word list does not have $TERMS terms"

declare -a ROWS=()
run_posting() { # name [NAME=value...]
    local name="$1" out
    shift
    rm -f "$TMP"/byline.db*
    cp "$TMP"/seeded/byline.db* "$TMP/"
    start_byline "$@"
    out="$TMP/wrk-$(printf '%s' "$name" | tr -c 'a-z0-9' '_').txt"
    log "wrk ${DURATION}s: posting, $name"
    BENCH_SESSIONS="$TMP/sessions.txt" BENCH_SLUG=bench-200-comments BENCH_RUN="run $((${#ROWS[@]} + 1)), " \
        timeout --kill-after=5 "$((DURATION + 30))" wrk "-t$CONNECTIONS" "-c$CONNECTIONS" "-d${DURATION}s" --latency \
        --timeout 5s -s "$BENCH/post-comments.lua" "$BASE/" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    kill -0 "$SERVER_PID" 2>/dev/null || die "server died during $name"
    stop_byline
    grep '^First refusal:' "$out" >&2 || true
    ROWS+=("$(awk -v name="$name" '
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /^Accepted\/sec:/ { rate = $2 }
        /^Accepted \(201\):/ { accepted = $NF }
        /^Published at once:/ { published = $NF }
        /^Refused \(not 201\):/ { refused = $NF }
        END { printf "| %s | %.0f | %s | %s | %d of %d | %d |", name, rate, p50, p99, published, accepted, refused }
    ' "$out")")
}

# A list of two terms: every comment is normalised and searched as with the
# long list, so the difference from it is the length of the list alone.
printf 'reject: vermin\nhold: traitor\n' >"$TMP/two-words.txt"
run_variant() { # round variant
    case "$2" in
        0) run_posting "round $1, no word list" ;;
        1) run_posting "round $1, 2 terms" "BYLINE_MODERATION__WORD_LIST=$TMP/two-words.txt" ;;
        2) run_posting "round $1, $TERMS terms" "BYLINE_MODERATION__WORD_LIST=$TMP/words.txt" ;;
    esac
}
# Each round starts with the next variant, so none always has the warmer
# machine.
for round in $(seq "$ROUNDS"); do
    for step in 0 1 2; do
        run_variant "$round" $(((round - 1 + step) % 3))
    done
done

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$ROOT" diff --quiet HEAD -- crates Cargo.lock 2>/dev/null || commit="$commit (with uncommitted changes)"
printf '\nCommit %s; %s cores; wrk -t%s -c%s -d%ss, one signed-in reader per connection, SQLite.\n\n' \
    "$commit" "$(nproc)" "$CONNECTIONS" "$CONNECTIONS" "$DURATION"
printf '| run | comments/s | p50 | p99 | published | refused |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
printf '%s\n' "${ROWS[@]}"
