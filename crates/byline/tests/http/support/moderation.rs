//! The moderation desk: a site with a strict policy, and what a moderator
//! does from the queue.

use byline_store::testing::TestDatabase;

use super::app::TestApp;
use super::browser::{BASE, Browser};

impl TestApp {
    /// A site that holds new accounts' first comment and keeps a word list.
    pub async fn strict(db: &TestDatabase) -> Self {
        Self::strict_with(db, |_| {}).await
    }

    /// The strict site, with more of the configuration set by `more`.
    pub async fn strict_with(db: &TestDatabase, more: impl FnOnce(&mut byline::config::Config)) -> Self {
        let outbox = tempfile::tempdir().unwrap();
        let list = outbox.path().join("words.txt");
        std::fs::write(&list, "# the desk's list\nreject: vermin\nhold: traitor\n").unwrap();
        let mut config = byline::config::Config::default();
        config.database.url.clone_from(&db.url);
        config.server.listen = "127.0.0.1:0".parse().unwrap();
        config.site.base_url = Some(BASE.into());
        config.mail.outbox_dir = outbox.path().to_string_lossy().into_owned();
        let media = tempfile::tempdir().unwrap();
        config.media.dir = media.path().to_string_lossy().into_owned();
        // As for every test site: no idle keep-alive connection is closed
        // under a request, however busy the machine.
        config.server.request_timeout_secs = 3600;
        config.comments.min_interval_secs = 0;
        config.comments.per_minute = 100;
        config.moderation.trusted_after = 1;
        config.moderation.hold_after_flags = 3;
        config.moderation.word_list = list.to_string_lossy().into_owned();
        config.moderation.email_refusals = true;
        more(&mut config);
        Self::start(config.check().unwrap(), outbox, media).await
    }

    /// Comment `id`'s status and the rules that held or refused it.
    pub async fn status_of(&self, id: i64) -> (String, Vec<String>) {
        let comment = self.running.store.thread_comment(id).await.unwrap().unwrap();
        (comment.status.as_str().to_owned(), comment.reasons.iter().map(|r| r.rule.clone()).collect())
    }
}

impl Browser {
    /// Decides on comment `id` from the queue: `fields` hold the decision
    /// and whatever goes with it (reason, tab, next, article).
    pub async fn decide(&self, id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
        self.submit("/moderation", &format!("/moderation/comments/{id}"), fields).await
    }

    /// Decides on several comments at once from the queue (`ids` fields).
    pub async fn decide_many(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        self.submit("/moderation", "/moderation/comments", fields).await
    }

    /// Changes the standing of account `user_id` from the queue.
    pub async fn set_standing(&self, user_id: i64, fields: &[(&str, &str)]) -> reqwest::Response {
        self.submit("/moderation", &format!("/moderation/users/{user_id}"), fields).await
    }
}
