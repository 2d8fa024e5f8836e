//! What readers and editors do to comments with plain forms (no
//! JavaScript): vote and take it back, delete, feature; each answers with a
//! redirect back to the comment, and each is refused to those it is not for.

use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use reqwest::StatusCode;

use crate::support::{BASE, TestApp, location, select, text_of};

async fn readers_vote_delete_and_editors_feature_with_plain_forms(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.add_article("talks", "open").await;
    let amira = app.commenter("amira").await;
    let naseem = app.commenter("naseem").await;
    let page = "/articles/talks";
    let first = amira.post_comment("talks", "The accord is fragile.").await;
    let back = format!("/articles/talks#c-{first}");

    // A vote, given twice, counts once; then it is taken back.
    let vote = format!("/comments/{first}/vote");
    for _ in 0..2 {
        let given = naseem.submit(page, &vote, &[("vote", "yes")]).await;
        assert_eq!((given.status(), location(&given)), (StatusCode::SEE_OTHER, back.clone()));
    }
    let (_, seen) = naseem.page(page).await;
    assert_eq!(text_of(&seen, &format!("#c-{first} .score")), "1 vote");
    assert_eq!(select(&seen, &format!("#c-{first} .vote-form input[name=vote][value=no]")).len(), 1);
    assert_eq!(naseem.submit(page, &vote, &[("vote", "no")]).await.status(), StatusCode::SEE_OTHER);
    let (_, seen) = naseem.page(page).await;
    assert_eq!(text_of(&seen, &format!("#c-{first} .score")), "0 votes");
    assert_eq!(naseem.submit(page, &vote, &[("vote", "maybe")]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(amira.submit(page, &vote, &[("vote", "yes")]).await.status(), StatusCode::BAD_REQUEST, "own comment");

    // Featuring is for editors and moderators.
    assert_eq!(naseem.feature("talks", first, "yes").await.status(), StatusCode::FORBIDDEN);
    let editor = app.staff("edith", Role::Editor).await;
    let featured = editor.feature("talks", first, "yes").await;
    assert_eq!((featured.status(), location(&featured)), (StatusCode::SEE_OTHER, back.clone()));
    let (_, seen) = naseem.page(page).await;
    assert_eq!(text_of(&seen, ".featured-comments .comment-body"), "The accord is fragile.");
    assert_eq!(editor.feature("talks", first, "no").await.status(), StatusCode::SEE_OTHER);
    let (_, seen) = naseem.page(page).await;
    assert!(select(&seen, ".featured-comments").is_empty());

    // Deleting is for the author; a tombstone keeps the place.
    let delete = format!("/comments/{first}/delete");
    assert_eq!(naseem.submit(page, &delete, &[]).await.status(), StatusCode::FORBIDDEN);
    let deleted = amira.submit(page, &delete, &[]).await;
    assert_eq!((deleted.status(), location(&deleted)), (StatusCode::SEE_OTHER, back.clone()));
    let (_, seen) = naseem.page(page).await;
    assert_eq!(text_of(&seen, &format!("#c-{first} .tombstone-note")), "This comment was deleted.");
    assert_eq!(text_of(&seen, "#comments h2"), "Comments (0)");
    assert_eq!(naseem.submit(page, &vote, &[("vote", "yes")]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(amira.submit(page, &delete, &[]).await.status(), StatusCode::NOT_FOUND, "already deleted");
    app.stop().await;
}

byline_store::test_on_both_backends!(readers_vote_delete_and_editors_feature_with_plain_forms);
