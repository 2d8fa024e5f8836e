//! The moderation log on both backends: the database itself keeps it
//! append-only.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::{TestDatabase, execute_raw, reader};
use byline_store::{Actor, StandingChange};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn the_log_cannot_be_changed_or_emptied(db: &TestDatabase) {
    let store = db.store().await;
    let amira = reader(&store, "amira", NOW).await;
    let mona = reader(&store, "mona", NOW).await;
    assert!(store.set_role(mona, Role::Moderator, NOW).await.unwrap());
    let actor = Actor { id: Some(mona), handle: "mona" };
    assert!(
        store.set_standing(amira, StandingChange::Ban { remove_comments: false }, actor, "threats", NOW).await.unwrap()
    );
    assert_eq!(store.moderation_log(10).await.unwrap().len(), 1);

    for sql in [
        "DELETE FROM moderation_log",
        "UPDATE moderation_log SET reason = 'nothing happened'",
        "UPDATE moderation_log SET action = 'restore'",
        "UPDATE moderation_log SET at = 0",
    ] {
        let refused = execute_raw(&store, sql).await.expect_err(sql);
        assert!(format!("{refused:?}").contains("append-only"), "{sql}: {refused:?}");
    }
    let line = &store.moderation_log(10).await.unwrap()[0];
    assert_eq!((line.action.as_str(), line.reason.as_str(), line.at), ("ban", "threats", NOW.millis()));

    // A moderator's account can still be deleted: their lines stay, by handle.
    assert!(store.delete_user(mona).await.unwrap());
    let line = &store.moderation_log(10).await.unwrap()[0];
    assert_eq!((line.actor_handle.as_str(), line.action.as_str()), ("mona", "ban"));
    db.store().await.close().await;
}

byline_store::test_on_both_backends!(the_log_cannot_be_changed_or_emptied);
