//! What moderators do: decide on held and flagged comments, one or a page
//! at a time, and change a reader's standing. Each decision is logged by
//! the store in the same transaction; what follows it (a comment
//! announced, a refusal e-mailed) goes through [`crate::Notices`].

use byline_core::accounts::Permission;
use byline_core::moderation::Refusal as RefusalReason;
use byline_store::{Moderated, ModerationDecision, StandingChange, User};

use crate::{App, Error, Refusal, actor, require};

/// Most comments one decision may take: a page of the queue.
pub const MOST_CHOSEN: usize = 100;

/// Longest reason a moderator may give for a change of standing.
pub const REASON_LENGTH: usize = 500;

/// A change of a reader's standing, as a moderator asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingRequest {
    Suspend { days: i64 },
    Ban { remove_comments: bool },
    Restore,
    ResetTrust,
}

impl App {
    /// Approves, features, rejects (with one of the refusal reasons'
    /// keys) or marks as spam the comment `id`. [`Moderated::Stale`] when
    /// it was gone or decided on meanwhile.
    pub async fn moderate(
        &self,
        moderator: &User,
        id: i64,
        decision: ModerationDecision,
        reason: &str,
    ) -> Result<Moderated, Error> {
        require(moderator, Permission::Moderate)?;
        let reason = refusal_reason(decision, reason)?;
        let moderated = self.decide_one(moderator, id, decision, reason).await?;
        tracing::info!(
            actor = moderator.id,
            comment_id = id,
            decision = decision.key(),
            done = moderated.done(),
            "moderation decision"
        );
        Ok(moderated)
    }

    /// One decision on each of the comments `ids` (at most a queue page):
    /// each its own, logged on its own line; comments decided on meanwhile
    /// are left as they are. Answers how many it changed.
    pub async fn moderate_many(
        &self,
        moderator: &User,
        ids: &[i64],
        decision: ModerationDecision,
        reason: &str,
    ) -> Result<usize, Error> {
        require(moderator, Permission::Moderate)?;
        let reason = refusal_reason(decision, reason)?;
        if ids.len() > MOST_CHOSEN {
            return Err(Refusal::TooManyChosen.into());
        }
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut done = 0;
        for id in ids {
            if self.decide_one(moderator, id, decision, reason).await?.done() {
                done += 1;
            }
        }
        tracing::info!(
            actor = moderator.id,
            decision = decision.key(),
            done,
            "moderation decision on several comments"
        );
        Ok(done)
    }

    async fn decide_one(
        &self,
        moderator: &User,
        id: i64,
        decision: ModerationDecision,
        reason: Option<RefusalReason>,
    ) -> Result<Moderated, Error> {
        let actor = actor(moderator);
        let key = reason.map_or("", |r| r.key);
        let moderated = self.store.moderate_comment(id, decision, actor, key, self.now()).await?;
        if let Some(notices) = self.notices() {
            match moderated {
                Moderated::Stale => {}
                Moderated::Done { published: true, first_time } => notices.comment_published(id, first_time).await,
                Moderated::Done { published: false, .. } => {
                    // A spammer learns nothing.
                    if let Some(reason) = reason
                        && self.email_refusals
                    {
                        notices.comment_refused(id, reason.for_author).await;
                    }
                }
            }
        }
        Ok(moderated)
    }

    /// Suspends, bans, restores or resets the trust of the reader
    /// `user_id`, with the moderator's reason (needed to keep someone out).
    /// `false` when they are no reader (staff change by role). Comments a
    /// lifted ban puts back are announced as new ones would be.
    pub async fn change_standing(
        &self,
        moderator: &User,
        user_id: i64,
        request: StandingRequest,
        reason: &str,
    ) -> Result<bool, Error> {
        require(moderator, Permission::Moderate)?;
        let now = self.now();
        let change = match request {
            StandingRequest::Suspend { days } if (1..=365).contains(&days) => {
                StandingChange::Suspend { until: now.plus_hours(days * 24) }
            }
            StandingRequest::Suspend { .. } => return Err(Refusal::SuspensionLength.into()),
            StandingRequest::Ban { remove_comments } => StandingChange::Ban { remove_comments },
            StandingRequest::Restore => StandingChange::Restore,
            StandingRequest::ResetTrust => StandingChange::ResetTrust,
        };
        let reason = byline_core::text::normalise_line(reason);
        if reason.is_empty() && matches!(change, StandingChange::Suspend { .. } | StandingChange::Ban { .. }) {
            return Err(Refusal::StandingReasonMissing.into());
        }
        if reason.chars().count() > REASON_LENGTH {
            return Err(Refusal::ReasonTooLong { most: REASON_LENGTH }.into());
        }
        let changed = self.store.set_standing(user_id, change, actor(moderator), &reason, now).await?;
        let done = changed.is_some();
        // Their replies' authors were told when these were first published.
        if let Some(notices) = self.notices() {
            for id in changed.unwrap_or_default() {
                notices.comment_published(id, false).await;
            }
        }
        tracing::info!(actor = moderator.id, user_id, standing = change.action(), done, "author standing changed");
        Ok(done)
    }
}

/// A rejection needs one of the refusal reasons; other decisions none.
fn refusal_reason(decision: ModerationDecision, key: &str) -> Result<Option<RefusalReason>, Error> {
    match decision {
        ModerationDecision::Reject => Ok(Some(RefusalReason::from_key(key).ok_or(Refusal::RefusalReasonMissing)?)),
        _ => Ok(None),
    }
}
