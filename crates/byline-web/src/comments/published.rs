//! What follows a comment's publication, whichever way it came about: at
//! posting, by a moderator's approval (an appeal upheld included), or by
//! lifting the ban that took it down. Every open page of the article is
//! sent the comment; the author of the comment it answers is e-mailed
//! once, the first time it is published, never again.

use byline_store::ArticleSummary;

use std::sync::Weak;

use byline_app::comments::PostedNotice;

use crate::comments::live::{NewCommentEvent, live_view};
use crate::comments::view::CommentView;
use crate::error::AppError;
use crate::{AppState, SharedState};

/// The use cases' notices, heard by the web: open pages are sent the
/// comment, and the parent's author is e-mailed. Holds the state weakly, as
/// the state holds the use cases.
pub struct WebNotices(pub Weak<SharedState>);

impl byline_app::Notices for WebNotices {
    fn comment_posted<'a>(&'a self, notice: &'a PostedNotice<'a>) -> byline_app::Pending<'a> {
        Box::pin(async move {
            let Some(shared) = self.0.upgrade() else { return };
            let state = AppState(shared);
            let article = notice.article;
            let view = CommentView::fresh(notice.posted, notice.author, &article.language);
            announce(&state, article, &view, notice.posted.parent_id, notice.count);
            if let Some(parent) = notice.posted.parent_id {
                // The reply is saved; a failed notice must not undo it.
                let replier = Replier { id: Some(notice.author.id), name: &notice.author.display_name };
                let id = notice.posted.id;
                if let Err(err) = notify_parent_author(&state, parent, id, &replier, article, notice.body_source).await
                {
                    tracing::warn!(comment_id = id, error = ?err, "reply notification not sent");
                }
            }
        })
    }

    fn comment_published(&self, id: i64, first_time: bool) -> byline_app::Pending<'_> {
        Box::pin(async move {
            let Some(shared) = self.0.upgrade() else { return };
            comment_published(&AppState(shared), id, first_time).await;
        })
    }

    fn story_changed(&self, id: i64) -> byline_app::Pending<'_> {
        Box::pin(async move {
            let Some(shared) = self.0.upgrade() else { return };
            let state = AppState(shared);
            if state.cache_front.purges.is_none() {
                return;
            }
            match state.app.store.story(id).await {
                Ok(Some(story)) => {
                    let (slug, section) = (story.fields.slug.as_str(), story.fields.section.slug.as_str());
                    state.cache_front.purge_story(id, slug, section);
                }
                Ok(None) => {}
                Err(err) => tracing::warn!(story_id = id, error = %err, "the cache in front not purged"),
            }
        })
    }

    fn comment_refused(&self, id: i64, why: &'static str) -> byline_app::Pending<'_> {
        Box::pin(async move {
            let Some(shared) = self.0.upgrade() else { return };
            tell_author(&AppState(shared), id, why).await;
        })
    }

    fn comment_changed(&self, id: i64) -> byline_app::Pending<'_> {
        Box::pin(async move {
            let Some(shared) = self.0.upgrade() else { return };
            purge_page_of(&AppState(shared), id).await;
        })
    }
}

/// Has the page that showed comment `id` purged from the cache in front.
async fn purge_page_of(state: &AppState, id: i64) {
    if state.cache_front.purges.is_none() {
        return;
    }
    match state.app.store.comment_notice(id).await {
        Ok(Some(comment)) => state.cache_front.purge_article(comment.article_id, &comment.article_slug),
        Ok(None) => {}
        Err(err) => tracing::warn!(comment_id = id, error = %err, "the cache in front not purged"),
    }
}

/// E-mails the author of a rejected comment why, if they have a confirmed
/// address. The decision stands whatever happens here, so a failure is
/// only logged.
async fn tell_author(state: &AppState, id: i64, why: &str) {
    let sent = async {
        let Some(to) = state.app.refusal_recipient(id).await? else { return Ok(()) };
        let link = format!("{}#c-{id}", crate::layout::article_path(&to.article_slug));
        state.mail_refusal(&to.email, &to.headline, why, &link).await
    };
    if let Err(err) = sent.await {
        tracing::warn!(comment_id = id, error = ?err, "could not queue the e-mail about a refusal");
    }
}

/// Who wrote a reply, as its notice names them.
pub struct Replier<'a> {
    /// Their account; `None` for a guest.
    pub id: Option<i64>,
    pub name: &'a str,
}

/// Announces a comment published now by someone other than its author (a
/// moderator, a lifted ban), and, when `first_time`, tells the author of
/// the comment it answers. Failures are logged: the decision that
/// published it stands whatever happens here.
pub async fn comment_published(state: &AppState, id: i64, first_time: bool) {
    if let Err(err) = announce_and_notify(state, id, first_time).await {
        tracing::warn!(comment_id = id, error = ?err, "publication of a comment not announced");
    }
}

async fn announce_and_notify(state: &AppState, id: i64, first_time: bool) -> Result<(), AppError> {
    let Some(published) = state.app.published_comment(id).await? else { return Ok(()) };
    let (comment, article) = (&published.comment, &published.article);
    announce(state, article, &live_view(state, comment, article), comment.parent_id, published.count);
    if first_time && let Some(parent) = comment.parent_id {
        let name = comment.author_name.as_deref().unwrap_or("Someone");
        let replier = Replier { id: comment.author_id, name };
        notify_parent_author(state, parent, id, &replier, article, &published.body_source).await?;
    }
    Ok(())
}

/// Sends a just-published comment to every page of the article open now,
/// here and on the other nodes, with the article's comment count as its
/// publication made it.
pub fn announce(state: &AppState, article: &ArticleSummary, view: &CommentView, parent: Option<i64>, count: i64) {
    announce_here(state, article, view, parent, count);
    signal_published(state, view.id, article.id);
    state.cache_front.purge_article(article.id, article.slug.as_str());
}

/// Sends a comment to the pages open on this node alone.
fn announce_here(state: &AppState, article: &ArticleSummary, view: &CommentView, parent: Option<i64>, count: i64) {
    if !state.live.is_followed(article.id) {
        return;
    }
    let Ok(rendered) = crate::comments::live::live_html(view, state, article) else { return };
    state.live.publish(article.id, NewCommentEvent { id: view.id, parent, count, html: rendered });
}

/// Sends the pages open here a comment another node published (or one
/// read again after a gap), as it stands now: nothing if it is no longer
/// published.
pub async fn announce_heard(state: &AppState, id: i64) {
    match state.app.published_comment(id).await {
        Ok(Some(published)) => {
            let (comment, article) = (&published.comment, &published.article);
            let view = live_view(state, comment, article);
            announce_here(state, article, &view, comment.parent_id, published.count);
        }
        Ok(None) => {}
        Err(err) => tracing::warn!(comment_id = id, error = ?err, "a comment from another node not announced"),
    }
}

/// E-mails the parent's author about a reply, when the application says
/// they are to hear of it.
pub async fn notify_parent_author(
    state: &AppState,
    parent_id: i64,
    reply_id: i64,
    replier: &Replier<'_>,
    article: &ArticleSummary,
    body_source: &str,
) -> Result<(), AppError> {
    let Some(to) = state.app.reply_recipient(parent_id, replier.id).await? else { return Ok(()) };
    let excerpt: String = body_source.chars().take(300).collect();
    let notice = crate::mail::ReplyNotice {
        replier: replier.name,
        headline: &article.headline,
        excerpt,
        link: format!("/comments/{reply_id}"),
        unsubscribe: format!("/unsubscribe/{}", to.unsubscribe_token),
    };
    state.mail_reply_notice(&to.email, &notice).await
}

/// Comments published on one node, as the others hear of them: one
/// signal for all those published while the last was being sent.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Published {
    /// The node that sent it, which does not act on its own signal.
    pub node: u64,
    pub comments: Vec<i64>,
    /// The article of each comment, in the same order: a node where no
    /// page follows an article need not read its comments. (Absent from a
    /// node of an earlier version, whose comments are each read.)
    #[serde(default)]
    pub articles: Vec<i64>,
}

impl Published {
    /// The comments a node where pages follow `followed` articles is to
    /// announce.
    pub fn followed<'a>(&'a self, followed: impl Fn(i64) -> bool + 'a) -> impl Iterator<Item = i64> + 'a {
        self.comments
            .iter()
            .enumerate()
            .filter(move |(n, _)| self.articles.get(*n).is_none_or(|article| followed(*article)))
            .map(|(_, comment)| *comment)
    }
}

/// Most comments in one signal: PostgreSQL takes payloads under 8,000
/// bytes, and a comment takes two ids of up to 20 characters each.
const SIGNAL_MOST: usize = 150;

/// Tells the other nodes that comment `comment` of article `article` was
/// published here. In
/// the background, and gathered: a busy node sends one signal for the
/// comments published while the last one was on its way, not one each.
/// The comment is saved whatever happens to the signal.
fn signal_published(state: &AppState, comment: i64, article: i64) {
    if state.app.store.backend() != byline_store::Backend::Postgres {
        return;
    }
    let sender = state.signals.get_or_init(|| {
        let (sender, mut published) = tokio::sync::mpsc::unbounded_channel::<(i64, i64)>();
        let (store, node) = (state.app.store.clone(), state.node);
        tokio::spawn(async move {
            while let Some(first) = published.recv().await {
                let mut gathered = vec![first];
                while gathered.len() < SIGNAL_MOST
                    && let Ok(more) = published.try_recv()
                {
                    gathered.push(more);
                }
                let (comments, articles) = gathered.into_iter().unzip();
                let Ok(payload) = serde_json::to_string(&Published { node, comments, articles }) else { continue };
                if let Err(err) = store.signal(&payload).await {
                    tracing::warn!(error = %err, "other nodes not told of comments published here");
                }
            }
        });
        sender
    });
    let _ = sender.send((comment, article));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_reads_only_the_comments_its_pages_follow() {
        let signal = Published { node: 1, comments: vec![10, 11, 12], articles: vec![7, 8, 7] };
        let heard: Published = serde_json::from_str(&serde_json::to_string(&signal).unwrap()).unwrap();
        assert_eq!(heard.followed(|article| article == 7).collect::<Vec<_>>(), [10, 12]);
        assert_eq!(heard.followed(|_| false).count(), 0);
        // A node of an earlier version names no articles: every comment is read.
        let older: Published = serde_json::from_str(r#"{"node":2,"comments":[10,11]}"#).unwrap();
        assert_eq!(older.followed(|_| false).collect::<Vec<_>>(), [10, 11]);
    }

    #[test]
    fn the_fullest_signal_fits_postgresql() {
        let signal =
            Published { node: u64::MAX, comments: vec![i64::MIN; SIGNAL_MOST], articles: vec![i64::MIN; SIGNAL_MOST] };
        assert!(serde_json::to_string(&signal).unwrap().len() < 8_000);
    }
}
