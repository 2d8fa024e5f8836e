//! What readers can do to comments: post (as a member or a guest), edit,
//! delete, vote and flag. Each checks the site's rules, runs the
//! moderation policy where text is new, writes through the store and says
//! what it did, or why not.

use byline_core::accounts::{DisplayName, Permission};
use byline_core::comments::{CommentBody, CommentStatus, detect_language, render_comment};
use byline_core::moderation::{AuthorRecord, Decision, Reason, Standing, Submission, Verdict};
use byline_core::{CommentMode, LanguageTag, SanitizedHtml, Slug, Timestamp};
use byline_store::{
    ArticleSummary, CommentAdded, CommentAuthor, CommentEdit, CommentRecord, NewComment, PostingAsk, PostingRecord,
    User,
};

use crate::{App, Error, Refusal};

/// Refuses a post where the discussion is closed to its author, or their
/// address is not yet confirmed.
fn may_post(access: Access) -> Result<(), Refusal> {
    match access {
        Access::Closed => Err(Refusal::Closed),
        Access::ConfirmEmail => Err(Refusal::ConfirmEmail),
        _ => Ok(()),
    }
}

/// Reasons a reader may give for a flag: its key and how forms offer it.
pub const FLAG_REASONS: [(&str, &str); 5] = [
    ("abuse", "Abusive or hateful"),
    ("spam", "Spam or advertising"),
    ("off-topic", "Off topic"),
    ("misinformation", "False or misleading"),
    ("other", "Something else"),
];

/// Longest note an appeal may carry.
pub const APPEAL_CHARS: usize = 500;

/// What the article's discussion offers a reader now.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No one is signed in: signing in is offered.
    #[default]
    SignInPrompt,
    /// Signing in is offered, and so is commenting as a guest.
    SignInOrGuest,
    ConfirmEmail,
    Closed,
    /// The reader is banned (`until` `None`) or suspended until a time.
    KeptOut {
        until: Option<Timestamp>,
    },
    Open {
        premoderated: bool,
    },
}

impl App {
    /// What the comment form may offer `reader` (`None`: not signed in) on
    /// `article` now.
    pub fn comment_access(&self, article: &ArticleSummary, reader: Option<&User>) -> Access {
        match (self.comment_mode(article), reader) {
            (CommentMode::Closed, _) => Access::Closed,
            (_, None) if self.guest_comments => Access::SignInOrGuest,
            (_, None) => Access::SignInPrompt,
            (_, Some(u)) if !u.role.can(Permission::Comment) => Access::Closed,
            (_, Some(u)) if !u.email_verified => Access::ConfirmEmail,
            (_, Some(u)) if let Some(until) = kept_out(u.standing, self.now()) => Access::KeptOut { until },
            (mode, Some(_)) => Access::Open { premoderated: mode == CommentMode::PreModerated },
        }
    }

    /// The text as it would be shown, without saving anything.
    pub fn preview_comment(&self, text: &str) -> Result<SanitizedHtml, Refusal> {
        let body = CommentBody::parse(text, &self.comment_limits).map_err(Refusal::Body)?;
        Ok(render_comment(&body))
    }

    /// Posts `author`'s comment, or a reply when `parent_id` is set. When
    /// it is published at once, open pages and the parent's author hear of
    /// it before this answers.
    pub async fn post_comment(
        &self,
        author: &User,
        article: &ArticleSummary,
        parent_id: Option<i64>,
        text: &str,
    ) -> Result<Posted, Error> {
        may_post(self.comment_access(article, Some(author)))?;
        let body = CommentBody::parse(text, &self.comment_limits).map_err(Refusal::Body)?;
        let now = self.now();
        let found = self.store.posting_record(&self.posting_ask(author, &body, now)).await?;
        self.post_checked(author, article, parent_id, body, found, now).await
    }

    /// [`App::post_comment`] to the article at `slug`, found in the same
    /// read as what the post's checks ask of its author: a post to the API
    /// makes one read before it is written. Answers the article too.
    pub async fn post_comment_at(
        &self,
        author: &User,
        slug: &Slug,
        parent_id: Option<i64>,
        text: &str,
    ) -> Result<(ArticleSummary, Posted), Error> {
        let now = self.now();
        let body = match CommentBody::parse(text, &self.comment_limits) {
            Ok(body) => body,
            // The same refusal as post_comment's: a missing article or a
            // closed discussion before what is wrong with the text.
            Err(wrong) => {
                let article = self.store.visible_article_summary(slug, now).await?.ok_or(Refusal::NoSuchStory)?;
                may_post(self.comment_access(&article, Some(author)))?;
                return Err(Refusal::Body(wrong).into());
            }
        };
        let ask = self.posting_ask(author, &body, now);
        let (article, found) = self.store.article_for_posting(slug, now, &ask).await?.ok_or(Refusal::NoSuchStory)?;
        may_post(self.comment_access(&article, Some(author)))?;
        let posted = self.post_checked(author, &article, parent_id, body, found, now).await?;
        Ok((article, posted))
    }

    /// What a post by `author` of `body` at `now` asks of the store.
    fn posting_ask<'a>(&self, author: &User, body: &'a CommentBody, now: Timestamp) -> PostingAsk<'a> {
        PostingAsk {
            author_id: author.id,
            body,
            repeats_since: now.plus_hours(-24),
            trust_needed: self.policy.settings.trusted_after,
            recent: now.plus_minutes(-1),
            most_recent: i64::from(self.throttles.limits.comments_per_minute.max(1)),
        }
    }

    /// The rest of a post, once the discussion is open to its author and
    /// `found` is what the store knows of them: flood control, the
    /// moderation policy, the write and its announcements.
    async fn post_checked(
        &self,
        author: &User,
        article: &ArticleSummary,
        parent_id: Option<i64>,
        body: CommentBody,
        found: Option<PostingRecord>,
        now: Timestamp,
    ) -> Result<Posted, Error> {
        if let Some(wait) = found.as_ref().and_then(|found| self.member_flood_wait(found, now)) {
            return Err(Refusal::TooFast(wait).into());
        }
        let webhooks = found.as_ref().is_none_or(|found| found.webhooks);
        let (mut record, repeated) = found.map_or_else(|| (newcomer(), false), |found| (found.author, found.repeated));
        record.staff = author.role.can(Permission::TrustedComments);
        let language = detect_language(&body, &article.language);
        let decision = self.decide(article, &body, &language, &record, repeated, now);
        let html = render_comment(&body);
        let new = NewComment {
            article_id: article.id,
            parent_id,
            author: CommentAuthor::Member(author.id),
            body: &body,
            body_html: &html,
            language: &language,
            status: decision.status(),
            reasons: &decision.reasons,
        };
        let (id, status, depth, count) = match self.store.add_comment(&new, now).await? {
            CommentAdded::Added { id, status, depth, comment_count } => (id, status, depth, comment_count),
            CommentAdded::ParentMissing | CommentAdded::ParentElsewhere => {
                return Err(Refusal::ParentElsewhere.into());
            }
            CommentAdded::ParentUnavailable => return Err(Refusal::ParentRemoved.into()),
        };
        self.announce_new_comment(id, status, webhooks).await;
        let posted =
            Posted { id, parent_id, depth, status, html, language, created_at: now, reasons: decision.reasons };
        if let (Some(count), Some(notices)) = (count, self.notices()) {
            let notice = PostedNotice { article, author, posted: &posted, count, body_source: body.as_str() };
            notices.comment_posted(&notice).await;
        }
        Ok(posted)
    }

    /// Posts a comment from a reader without an account, where the site
    /// allows it: a name is required, and the comment always waits for a
    /// moderator. Flood control counts per `client` (the reader's network
    /// address, as the web layer resolved it).
    pub async fn post_guest_comment(
        &self,
        article: &ArticleSummary,
        name: &str,
        text: &str,
        client: &str,
    ) -> Result<Posted, Error> {
        if !self.guest_comments {
            return Err(Refusal::NotFound.into());
        }
        if self.comment_mode(article) == CommentMode::Closed {
            return Err(Refusal::Closed.into());
        }
        let name = DisplayName::parse(name).map_err(Refusal::GuestName)?;
        if let Some(wait) = self.guest_flood_wait(client).await? {
            return Err(Refusal::TooFast(wait).into());
        }
        let body = CommentBody::parse(text, &self.comment_limits).map_err(Refusal::Body)?;
        let now = self.now();
        let html = render_comment(&body);
        let language = detect_language(&body, &article.language);
        let record = AuthorRecord { guest: true, ..newcomer() };
        let mut decision = self.decide(article, &body, &language, &record, false, now);
        // Whatever a site's policy, a guest comment waits for a moderator.
        if decision.verdict == Verdict::Publish {
            decision.verdict = Verdict::Hold;
        }
        let new = NewComment {
            article_id: article.id,
            parent_id: None,
            author: CommentAuthor::Guest(name.as_str()),
            body: &body,
            body_html: &html,
            language: &language,
            status: decision.status(),
            reasons: &decision.reasons,
        };
        let CommentAdded::Added { id, status, depth, .. } = self.store.add_comment(&new, now).await? else {
            return Err(Refusal::NotFound.into());
        };
        self.count_guest_comment(client).await?;
        self.announce_new_comment(id, status, true).await;
        Ok(Posted { id, parent_id: None, depth, status, html, language, created_at: now, reasons: decision.reasons })
    }

    /// Tells the webhooks (unless `webhooks` says none is switched on),
    /// and the moderators of a held comment, of a new comment in `status`.
    async fn announce_new_comment(&self, id: i64, status: CommentStatus, webhooks: bool) {
        let also = match status {
            CommentStatus::Pending => Some("comment.held"),
            CommentStatus::Rejected | CommentStatus::Spam => Some("comment.rejected"),
            _ => None,
        };
        if webhooks {
            let none = serde_json::json!({});
            self.announce_comment("comment.posted", id, none.clone()).await;
            if let Some(event) = also {
                self.announce_comment(event, id, none).await;
            }
        }
        if status == CommentStatus::Pending {
            self.alert_moderators(id, crate::alerts::HELD).await;
        }
    }

    /// The comment, or [`Refusal::NotFound`].
    pub async fn comment(&self, id: i64) -> Result<CommentRecord, Error> {
        Ok(self.store.comment(id).await?.ok_or(Refusal::NotFound)?)
    }

    /// Whether `reader` may edit `comment` now: theirs, published or held,
    /// and within the editing time.
    pub fn may_edit(&self, reader: &User, comment: &CommentRecord) -> bool {
        comment.author_id == Some(reader.id)
            && matches!(comment.status, CommentStatus::Published | CommentStatus::Pending)
            && self.edit_until(comment.created_at) > self.now()
    }

    /// The end of the editing time of a comment posted at `created_at`.
    pub fn edit_until(&self, created_at: Timestamp) -> Timestamp {
        created_at.plus_minutes(self.comment_limits.edit_minutes)
    }

    /// Replaces the text of the reader's own comment within the edit
    /// window; the new text passes the moderation policy again, and a
    /// held comment stays held. Answers the comment as it was before.
    pub async fn edit_comment(&self, reader: &User, id: i64, text: &str) -> Result<CommentRecord, Error> {
        let comment = self.comment(id).await?;
        if comment.author_id != Some(reader.id) {
            return Err(Refusal::NotYours.into());
        }
        if !self.may_edit(reader, &comment) {
            return Err(Refusal::EditWindowOver { minutes: self.comment_limits.edit_minutes }.into());
        }
        let now = self.now();
        let body = CommentBody::parse(text, &self.comment_limits).map_err(Refusal::Body)?;
        let slug = Slug::parse(&comment.article_slug).map_err(|_| Refusal::NotFound)?;
        let article = self.store.visible_article_summary(&slug, now).await?.ok_or(Refusal::NotFound)?;
        if self.comment_mode(&article) == CommentMode::Closed {
            return Err(Refusal::Closed.into());
        }
        let html = render_comment(&body);
        let language = detect_language(&body, &article.language);
        let mut record = self.store.author_record(reader.id).await?.unwrap_or_else(newcomer);
        record.staff = reader.role.can(Permission::TrustedComments);
        let decision = self.decide(&article, &body, &language, &record, false, now);
        let status = match (comment.status, decision.status()) {
            (CommentStatus::Pending, CommentStatus::Published) => CommentStatus::Pending,
            (_, status) => status,
        };
        let edit =
            CommentEdit { id, body: &body, body_html: &html, language: &language, status, reasons: &decision.reasons };
        if !self.store.edit_comment(&edit, now).await? {
            return Err(Refusal::NotFound.into());
        }
        self.comment_changed(id).await;
        Ok(comment)
    }

    /// Withdraws the reader's own comment, leaving a tombstone.
    pub async fn delete_comment(&self, reader: &User, id: i64) -> Result<CommentRecord, Error> {
        let comment = self.comment(id).await?;
        if comment.author_id != Some(reader.id) {
            return Err(Refusal::NotYours.into());
        }
        if !self.store.delete_comment(id).await? {
            return Err(Refusal::NotFound.into());
        }
        self.comment_changed(id).await;
        Ok(comment)
    }

    /// Gives (`on`) or takes back the reader's vote; answers the comment
    /// and its new score.
    pub async fn vote(&self, reader: &User, id: i64, on: bool) -> Result<(CommentRecord, i64), Error> {
        // Votes order threads: only confirmed readers give them, as flags.
        if !reader.email_verified {
            return Err(Refusal::ConfirmEmail.into());
        }
        let comment = self.reactable(reader, id).await?;
        let score = self.store.set_vote(id, reader.id, on, self.now()).await?;
        self.comment_changed(id).await;
        Ok((comment, score))
    }

    /// Records the reader's flag with one of [`FLAG_REASONS`]; enough
    /// readers' flags hold a comment for a moderator (never a staff
    /// member's: a moderator decides).
    pub async fn flag(&self, reader: &User, id: i64, reason: &str) -> Result<CommentRecord, Error> {
        if !FLAG_REASONS.iter().any(|(key, _)| *key == reason) {
            return Err(Refusal::BadReason.into());
        }
        // Flags can take a comment down: only confirmed readers give them.
        if !reader.email_verified {
            return Err(Refusal::ConfirmEmail.into());
        }
        let comment = self.reactable(reader, id).await?;
        let now = self.now();
        let readers = self.store.flag_comment(id, reader.id, reason, now).await?;
        let mut held = false;
        if let Some(hold) = self.policy.hold_for_flags(readers) {
            let author = match comment.author_id {
                Some(author_id) => self.store.user(author_id).await?,
                None => None,
            };
            let staff = author.is_some_and(|a| a.role.can(Permission::Moderate));
            if !staff && self.store.hold_comment(id, &hold, now).await? {
                tracing::info!(comment_id = id, readers, "comment held after flags");
                self.comment_changed(id).await;
                held = true;
            }
        }
        let extra = serde_json::json!({ "flag": { "reason": reason, "readers": readers } });
        self.announce_comment("comment.flagged", id, extra).await;
        // The first reader's flag is news to the moderators; the next
        // ones are not, until enough of them hold the comment.
        if readers == 1 {
            self.alert_moderators(id, crate::alerts::FLAGGED).await;
        }
        if held {
            self.announce_comment("comment.held", id, serde_json::json!({})).await;
            self.alert_moderators(id, crate::alerts::HELD).await;
        }
        Ok(comment)
    }

    /// Features (or stops featuring) a published comment, for an editor or
    /// a moderator; logged. Answers the comment, and `false` when it
    /// already was as asked.
    pub async fn feature_comment(
        &self,
        editor: &User,
        id: i64,
        featured: bool,
    ) -> Result<(CommentRecord, bool), Error> {
        crate::require(editor, Permission::FeatureContent)?;
        let comment = self.comment(id).await?;
        if comment.status != CommentStatus::Published {
            return Err(Refusal::FeatureUnpublished.into());
        }
        let changed = self.store.feature_comment(id, featured, crate::actor(editor), self.now()).await?;
        tracing::info!(actor = editor.id, comment_id = id, featured, changed, "comment featuring changed");
        if changed {
            self.comment_changed(id).await;
        }
        Ok((comment, changed))
    }

    /// The author of a refused comment asks moderators to look again, once,
    /// with a short note; it goes back to the queue.
    pub async fn appeal(&self, author: &User, id: i64, note: &str) -> Result<CommentRecord, Error> {
        let comment = self.comment(id).await?;
        if comment.author_id != Some(author.id) {
            return Err(Refusal::NotYours.into());
        }
        let note = byline_core::comments::clean_text(note);
        let note = note.trim();
        if note.is_empty() || note.chars().count() > APPEAL_CHARS {
            return Err(Refusal::AppealNote { most: APPEAL_CHARS }.into());
        }
        if !self.store.appeal_comment(id, author.id, note, self.now()).await? {
            return Err(Refusal::NotAppealable.into());
        }
        tracing::info!(comment_id = id, "comment appealed");
        Ok(comment)
    }

    /// A comment the reader may vote for or flag: published, not theirs.
    async fn reactable(&self, reader: &User, id: i64) -> Result<CommentRecord, Error> {
        let comment = self.comment(id).await?;
        if comment.status != CommentStatus::Published {
            return Err(Refusal::NotPublished.into());
        }
        if comment.author_id == Some(reader.id) {
            return Err(Refusal::OwnComment.into());
        }
        Ok(comment)
    }

    /// Runs the site's moderation policy over a new or edited text.
    fn decide(
        &self,
        article: &ArticleSummary,
        body: &CommentBody,
        language: &LanguageTag,
        author: &AuthorRecord,
        repeated: bool,
        now: Timestamp,
    ) -> Decision {
        let mode = self.comment_mode(article);
        let submission = Submission { body, language, mode, author, now, repeated };
        let decision = self.policy.decide(&submission);
        // Staff skip the trust rule; what the other rules made of their
        // comment is logged whatever it is.
        if decision.verdict != Verdict::Publish || author.staff {
            let rules: Vec<&str> = decision.reasons.iter().map(|r| r.rule.as_str()).collect();
            tracing::info!(verdict = ?decision.verdict, ?rules, staff = author.staff, "moderation policy verdict");
        }
        decision
    }
}

/// A comment as it was saved.
#[derive(Debug, Clone)]
pub struct Posted {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    /// Published, or what the moderation policy made of it, and why.
    pub status: CommentStatus,
    pub reasons: Vec<Reason>,
    pub html: SanitizedHtml,
    pub language: LanguageTag,
    pub created_at: Timestamp,
}

/// A comment published as it was posted, for [`crate::Notices`].
pub struct PostedNotice<'a> {
    pub article: &'a ArticleSummary,
    pub author: &'a User,
    pub posted: &'a Posted,
    /// The article's count of published comments with this one.
    pub count: i64,
    /// The text as its author wrote it.
    pub body_source: &'a str,
}

/// An author the store has no record of: active, no history.
fn newcomer() -> AuthorRecord {
    AuthorRecord { standing: Standing::Active, guest: false, approved: 0, rejected: 0, staff: false }
}

/// Whether a standing keeps a reader from commenting at `now`: `Some`
/// with the end of a suspension (`None` inside for a ban, or a suspension
/// with no end).
fn kept_out(standing: Standing, now: Timestamp) -> Option<Option<Timestamp>> {
    match standing {
        Standing::Banned => Some(None),
        Standing::Suspended { until } if until > now => {
            Some((until < Timestamp::from_millis(i64::MAX)).then_some(until))
        }
        Standing::Suspended { .. } | Standing::Active => None,
    }
}
