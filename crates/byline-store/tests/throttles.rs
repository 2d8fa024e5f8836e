//! Rate limits' counts on both backends: the allowance, the growing
//! blocks, windows that end, sweeping, and counts from several nodes at
//! once, none lost.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use std::time::Duration;

use byline_core::Timestamp;
use byline_store::testing::TestDatabase;
use byline_store::{Store, ThrottleRule};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_millis(NOW.millis() + seconds * 1000)
}

async fn blocked_for(store: &Store, subject: &str, now: Timestamp) -> Option<Duration> {
    store.throttle_count("test", subject).await.unwrap().and_then(|count| count.wait_at(now))
}

async fn blocks_after_the_free_allowance_with_growing_waits(db: &TestDatabase) {
    let store = db.store().await;
    let rule = ThrottleRule { free: 2, window: secs(60), base: secs(1), cap: secs(10) };
    let first = store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    assert_eq!((first.events, first.window_end, first.blocked_until), (1, at(60), None));
    assert_eq!(blocked_for(&store, "k", NOW).await, None);
    let second = store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    assert_eq!((second.events, second.blocked_until), (2, Some(at(1))));
    assert_eq!(blocked_for(&store, "k", NOW).await, Some(secs(1)));
    // Each further event doubles the block…
    store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    assert_eq!(blocked_for(&store, "k", NOW).await, Some(secs(2)));
    store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    assert_eq!(blocked_for(&store, "k", NOW).await, Some(secs(4)));
    // …up to the longest.
    for _ in 0..10 {
        store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    }
    assert_eq!(blocked_for(&store, "k", NOW).await, Some(secs(10)));
    assert_eq!(blocked_for(&store, "k", at(10)).await, None, "the block is over");
    // Other subjects, and the same subject under another limit, are apart.
    assert_eq!(store.throttle_count("test", "other").await.unwrap(), None);
    assert_eq!(store.throttle_count("another test", "k").await.unwrap(), None);
    let count = store.throttle_count("test", "k").await.unwrap().unwrap();
    assert!(count.is_current_at(NOW) && count.is_current_at(at(59)) && !count.is_current_at(at(60)));
    store.clear_throttle("test", "k").await.unwrap();
    assert_eq!(store.throttle_count("test", "k").await.unwrap(), None);
    store.close().await;
}

async fn a_window_starts_again_when_over_but_not_while_blocked(db: &TestDatabase) {
    let store = db.store().await;
    let rule = ThrottleRule { free: 3, window: secs(60), base: secs(120), cap: secs(600) };
    for _ in 0..3 {
        store.record_throttle_event("test", "k", &rule, NOW).await.unwrap();
    }
    assert_eq!(blocked_for(&store, "k", NOW).await, Some(secs(120)));
    // The window is over, but the block is not: the count goes on.
    let during = store.record_throttle_event("test", "k", &rule, at(90)).await.unwrap();
    assert_eq!((during.events, during.blocked_until), (4, Some(at(90 + 240))));
    // Long after, a new window, with its allowance whole again.
    let after = store.record_throttle_event("test", "k", &rule, at(3600)).await.unwrap();
    assert_eq!((after.events, after.window_end, after.blocked_until), (1, at(3660), None));
    // A limit of one event blocks at once.
    let one = ThrottleRule { free: 1, window: secs(10), base: secs(10), cap: secs(10) };
    let once = store.record_throttle_event("test", "once", &one, NOW).await.unwrap();
    assert_eq!((once.events, once.blocked_until), (1, Some(at(10))));
    let again = store.record_throttle_event("test", "once", &one, at(10)).await.unwrap();
    assert_eq!((again.events, again.blocked_until), (1, Some(at(20))), "a new window at the block's end");
    store.close().await;
}

async fn sweeping_forgets_only_counts_that_no_longer_count(db: &TestDatabase) {
    let store = db.store().await;
    let short = ThrottleRule { free: 5, window: secs(60), base: secs(60), cap: secs(60) };
    let blocking = ThrottleRule { free: 1, window: secs(60), base: secs(600), cap: secs(600) };
    store.record_throttle_event("test", "short", &short, NOW).await.unwrap();
    store.record_throttle_event("test", "blocked", &blocking, NOW).await.unwrap();
    assert_eq!(store.sweep_throttles(at(59)).await.unwrap(), 0);
    assert_eq!(store.sweep_throttles(at(60)).await.unwrap(), 1);
    assert_eq!(store.throttle_count("test", "short").await.unwrap(), None);
    assert!(store.throttle_count("test", "blocked").await.unwrap().is_some(), "still blocked");
    assert_eq!(store.sweep_throttles(at(600)).await.unwrap(), 1);
    store.close().await;
}

/// Two nodes (two stores, each with its pool) count the same subject at
/// once: every event is counted.
async fn counts_from_two_nodes_at_once_are_never_lost(db: &TestDatabase) {
    let (one, two) = (db.store().await, db.store().await);
    let rule = ThrottleRule { free: 1000, window: secs(3600), base: secs(1), cap: secs(60) };
    let mut tasks = Vec::new();
    for n in 0..120 {
        let store = if n % 2 == 0 { one.clone() } else { two.clone() };
        tasks.push(tokio::spawn(async move { store.record_throttle_event("test", "k", &rule, NOW).await.unwrap() }));
    }
    let mut seen: Vec<i64> = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap().events);
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=120).collect::<Vec<_>>(), "each event saw its own count");
    assert_eq!(one.throttle_count("test", "k").await.unwrap().unwrap().events, 120);
    one.close().await;
    two.close().await;
}

byline_store::test_on_both_backends!(
    blocks_after_the_free_allowance_with_growing_waits,
    a_window_starts_again_when_over_but_not_while_blocked,
    sweeping_forgets_only_counts_that_no_longer_count,
    counts_from_two_nodes_at_once_are_never_lost,
);
