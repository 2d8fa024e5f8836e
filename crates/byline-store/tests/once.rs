//! Work done once on both backends, however many nodes ask at the same
//! moment: the first admin's link, and runs of scheduled work.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::Timestamp;
use byline_store::Store;
use byline_store::testing::TestDatabase;

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn the_first_admins_link_is_made_by_one_node_and_used_once(db: &TestDatabase) {
    let store = db.store().await;
    let other = Store::connect(&db.url).await.unwrap();
    let quiet = NOW.plus_minutes(-1);
    // Two nodes started together: one link between them.
    let (a, b) = tokio::join!(store.open_setup_link("hash-a", NOW, quiet), other.open_setup_link("hash-b", NOW, quiet));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a ^ b, "one link kept: {a} {b}");
    let kept = if a { "hash-a" } else { "hash-b" };
    assert!(store.is_setup_link(kept).await.unwrap() && other.is_setup_link(kept).await.unwrap());
    assert!(!store.is_setup_link(if a { "hash-b" } else { "hash-a" }).await.unwrap());
    // A start a while later makes a new one; the old one stops working.
    let later = NOW.plus_minutes(5);
    assert!(store.open_setup_link("hash-c", later, later.plus_minutes(-1)).await.unwrap());
    assert!(!store.is_setup_link(kept).await.unwrap());
    // Used once, by one of two clicks at the same moment.
    let (a, b) = tokio::join!(store.take_setup_link("hash-c"), other.take_setup_link("hash-c"));
    assert_eq!(u8::from(a.unwrap()) + u8::from(b.unwrap()), 1);
    assert!(!store.is_setup_link("hash-c").await.unwrap());
    other.close().await;
    store.close().await;
}

async fn each_scheduled_run_is_taken_by_one_node(db: &TestDatabase) {
    let store = db.store().await;
    let other = Store::connect(&db.url).await.unwrap();
    let mut taken = 0;
    for slot in 0..20 {
        let (a, b) = tokio::join!(
            store.claim_scheduled_run("backup", slot, NOW),
            other.claim_scheduled_run("backup", slot, NOW)
        );
        taken += u8::from(a.unwrap()) + u8::from(b.unwrap());
    }
    assert_eq!(taken, 20);
    // Another job's slots are its own.
    assert!(store.claim_scheduled_run("digest", 3, NOW).await.unwrap());
    assert!(!other.claim_scheduled_run("backup", 3, NOW).await.unwrap());
    other.close().await;
    store.close().await;
}

byline_store::test_on_both_backends!(
    the_first_admins_link_is_made_by_one_node_and_used_once,
    each_scheduled_run_is_taken_by_one_node,
);
