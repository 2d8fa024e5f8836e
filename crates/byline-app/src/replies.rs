//! Who hears of what happens to a comment, and how they stop hearing: the
//! author of the comment a reply answers (with a one-click link that mutes
//! the thread), the author of a rejected comment, and what a comment
//! published by someone else's decision is announced with. The words of
//! each e-mail are the adapter's; whether one is sent, and to whom, is
//! decided here.

use byline_core::Slug;
use byline_core::comments::CommentStatus;
use byline_store::{ArticleSummary, ThreadComment};

use crate::sessions::{hash_token, new_token};
use crate::{App, Error, Refusal};

/// The person to e-mail about a reply, and the token of the link in that
/// e-mail that stops e-mails about the thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyRecipient {
    pub email: String,
    pub unsubscribe_token: String,
}

/// The author to tell why their comment was rejected, and where it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalRecipient {
    pub email: String,
    pub headline: String,
    pub article_slug: String,
}

/// A comment published now, with what announcing it needs.
#[derive(Debug, Clone)]
pub struct PublishedComment {
    pub comment: ThreadComment,
    /// The Markdown its author wrote, for a reply e-mail's excerpt.
    pub body_source: String,
    pub article: ArticleSummary,
    /// The article's comment count with this comment in it.
    pub count: i64,
}

impl App {
    /// Who is to hear of a reply to `parent_id` written by `replier`
    /// (`None` for a guest): the parent's author, unless they wrote the
    /// reply, turned reply e-mails off, have no confirmed address or muted
    /// the thread. A link that mutes the thread is issued with the answer.
    pub async fn reply_recipient(&self, parent_id: i64, replier: Option<i64>) -> Result<Option<ReplyRecipient>, Error> {
        let Some(parent) = self.store.comment(parent_id).await? else { return Ok(None) };
        let Some(author_id) = parent.author_id.filter(|a| Some(*a) != replier) else { return Ok(None) };
        let Some(author) = self.store.user(author_id).await? else { return Ok(None) };
        if !author.notify_replies
            || !author.email_verified
            || self.store.thread_muted(author_id, parent.root_id).await?
        {
            return Ok(None);
        }
        let token = new_token();
        self.store.create_unsubscribe_link(&hash_token(&token), author_id, parent.root_id, self.now()).await?;
        Ok(Some(ReplyRecipient { email: author.email, unsubscribe_token: token }))
    }

    /// Stops e-mails about replies in the thread an unsubscribe link names.
    /// An unknown link is [`Refusal::NotFound`].
    pub async fn unsubscribe(&self, token: &str) -> Result<(), Error> {
        if self.store.mute_by_link(&hash_token(token), self.now()).await? {
            Ok(())
        } else {
            Err(Refusal::NotFound.into())
        }
    }

    /// Whom to tell that comment `id` was rejected: its author, if they
    /// have an account with a confirmed address and the story is still on
    /// the site.
    pub async fn refusal_recipient(&self, id: i64) -> Result<Option<RefusalRecipient>, Error> {
        let Some(comment) = self.store.comment(id).await? else { return Ok(None) };
        let Some(author) = comment.author_id else { return Ok(None) };
        let Some(user) = self.store.user(author).await?.filter(|u| u.email_verified) else { return Ok(None) };
        let Ok(slug) = Slug::parse(&comment.article_slug) else { return Ok(None) };
        let Some(article) = self.store.visible_article_summary(&slug, self.now()).await? else { return Ok(None) };
        Ok(Some(RefusalRecipient { email: user.email, headline: article.headline, article_slug: comment.article_slug }))
    }

    /// Comment `id` as a decision that published it announces it: `None`
    /// unless it is published now on a story that is on the site.
    pub async fn published_comment(&self, id: i64) -> Result<Option<PublishedComment>, Error> {
        let Some(comment) = self.store.thread_comment(id).await? else { return Ok(None) };
        if comment.status != CommentStatus::Published {
            return Ok(None);
        }
        let Some(record) = self.store.comment(id).await? else { return Ok(None) };
        let Ok(slug) = Slug::parse(&record.article_slug) else { return Ok(None) };
        let Some(article) = self.store.visible_article_summary(&slug, self.now()).await? else { return Ok(None) };
        let count = self.store.comment_count(article.id).await?;
        Ok(Some(PublishedComment { comment, body_source: record.body_source, article, count }))
    }
}
