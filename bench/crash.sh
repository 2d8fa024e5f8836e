#!/usr/bin/env bash
# Crash safety in full: 20 rounds on SQLite and on PostgreSQL of readers
# posting as fast as the server takes them, SIGKILL at a random moment, a
# restart, and a check that every comment answered 201 is there, intact,
# with the counts in step (crates/byline/tests/crash.rs; the test suite runs
# 3 rounds). Needs PostgreSQL: BYLINE_TEST_DATABASE_URL, by default the
# local server's `test` database.
set -euo pipefail
cd "$(dirname "$0")/.."
export BYLINE_TEST_DATABASE_URL="${BYLINE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export BYLINE_CRASH_ROUNDS="${BYLINE_CRASH_ROUNDS:-20}"
export CI=true # PostgreSQL must run, not be skipped
cargo test --release -p byline --test crash -- --nocapture --test-threads=1
