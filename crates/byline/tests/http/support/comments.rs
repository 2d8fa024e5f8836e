//! What readers do to comments through the site's forms.

use super::browser::Browser;
use super::response::location;

/// The id of the comment a post was answered with (its redirect names it).
pub fn comment_id(response: &reqwest::Response) -> i64 {
    let to = location(response);
    let Some((_, id)) = to.rsplit_once("#c-") else { panic!("not posted: {} {to:?}", response.status()) };
    id.parse().unwrap()
}

impl Browser {
    /// Sends the comment form of `/articles/{slug}`, as a reply to `parent`
    /// if given, and answers whatever the site answered.
    pub async fn submit_comment(&self, slug: &str, body: &str, parent: Option<i64>) -> reqwest::Response {
        let page = format!("/articles/{slug}");
        let action = format!("{page}/comments");
        let parent = parent.map(|p| p.to_string()).unwrap_or_default();
        self.submit(&page, &action, &[("body", body), ("parent_id", &parent)]).await
    }

    /// Posts a comment on `/articles/{slug}`; its id (held or published).
    pub async fn post_comment(&self, slug: &str, body: &str) -> i64 {
        comment_id(&self.submit_comment(slug, body, None).await)
    }

    /// Posts a reply to `parent` on `/articles/{slug}`; its id.
    pub async fn post_reply(&self, slug: &str, parent: i64, body: &str) -> i64 {
        comment_id(&self.submit_comment(slug, body, Some(parent)).await)
    }

    /// Flags comment `id` for `reason`, from the page `/articles/{slug}`.
    pub async fn flag(&self, slug: &str, id: i64, reason: &str) -> reqwest::Response {
        self.submit(&format!("/articles/{slug}"), &format!("/comments/{id}/flag"), &[("reason", reason)]).await
    }

    /// Features comment `id` (`yes`) or takes it back (`no`), from the page
    /// `/articles/{slug}`.
    pub async fn feature(&self, slug: &str, id: i64, featured: &str) -> reqwest::Response {
        self.submit(&format!("/articles/{slug}"), &format!("/comments/{id}/feature"), &[("featured", featured)]).await
    }

    /// Appeals the refusal of comment `id`, with `note`, from the page
    /// `/articles/{slug}`.
    pub async fn appeal(&self, slug: &str, id: i64, note: &str) -> reqwest::Response {
        self.submit(&format!("/articles/{slug}"), &format!("/comments/{id}/appeal"), &[("note", note)]).await
    }
}
