# Sourced by the benchmarks that start Byline: builds the release binary and
# the seeding tool (bench/seed) and sets BIN and SEED to them. Expects ROOT,
# log and die.
log "building the release binary and the seeding tool (waits if another cargo holds the lock)"
cargo build --release -p byline -p byline-bench-seed
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BIN="$TARGET_DIR/release/byline"
SEED="$TARGET_DIR/release/byline-bench-seed"
[[ -x "$BIN" && -x "$SEED" ]] || die "no binaries in ${TARGET_DIR#"$ROOT"/}/release"
