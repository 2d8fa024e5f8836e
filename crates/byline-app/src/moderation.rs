//! What moderators do: decide on held and flagged comments, one or a page
//! at a time, and change a reader's standing. Each decision is logged by
//! the store in the same transaction; what follows it (a comment
//! announced, a refusal e-mailed) goes through [`crate::Notices`].

use byline_core::Timestamp;
use byline_core::accounts::{Permission, Role};
use byline_core::comments::CommentStatus;
use byline_core::moderation::{Refusal as RefusalReason, Standing};
use byline_store::{LogLine, Moderated, ModerationDecision, TakeDown, User};

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
        if let Moderated::Done { published, .. } = moderated {
            let event = if published { "comment.approved" } else { "comment.rejected" };
            let extra = serde_json::json!({ "decision": decision.key(), "reason": key });
            self.announce_comment(event, id, extra).await;
        }
        if let Some(notices) = self.notices() {
            match moderated {
                Moderated::Stale => {}
                Moderated::Done { published: true, first_time } => notices.comment_published(id, first_time).await,
                Moderated::Done { published: false, .. } => {
                    notices.comment_changed(id).await;
                    // A spammer learns nothing.
                    if let Some(reason) = reason
                        && self.email_refusals
                    {
                        notices.comment_refused(id, reason.key).await;
                    }
                }
            }
        }
        Ok(moderated)
    }

    /// Suspends, bans, restores or resets the trust of the reader
    /// `user_id`, with the moderator's reason (needed to keep someone out).
    /// `false` when they are no reader (staff, the moderator among them,
    /// change by role). A ban may take their published comments down;
    /// lifting it puts them back, and they are announced as new ones would
    /// be.
    pub async fn change_standing(
        &self,
        moderator: &User,
        user_id: i64,
        request: StandingRequest,
        reason: &str,
    ) -> Result<bool, Error> {
        require(moderator, Permission::Moderate)?;
        let now = self.now();
        if let StandingRequest::Suspend { days } = request
            && !(1..=365).contains(&days)
        {
            return Err(Refusal::SuspensionLength.into());
        }
        let reason = byline_core::text::normalise_line(reason);
        if reason.is_empty() && matches!(request, StandingRequest::Suspend { .. } | StandingRequest::Ban { .. }) {
            return Err(Refusal::StandingReasonMissing.into());
        }
        if reason.chars().count() > REASON_LENGTH {
            return Err(Refusal::ReasonTooLong { most: REASON_LENGTH }.into());
        }
        // Only readers: staff change by role.
        let reader = self.store.user(user_id).await?.filter(|u| u.role == Role::Commenter);
        let done = match reader {
            None => false,
            Some(reader) => self.write_standing(moderator, reader.id, request, reason, now).await?,
        };
        tracing::info!(actor = moderator.id, user_id, standing = request.action(), done, "author standing changed");
        Ok(done)
    }

    async fn write_standing(
        &self,
        moderator: &User,
        user_id: i64,
        request: StandingRequest,
        reason: String,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let actor = actor(moderator);
        let action = request.action();
        let (standing, take_down) = match request {
            StandingRequest::ResetTrust => {
                let line = LogLine { actor, action, reason };
                return Ok(self.store.reset_trust(user_id, Role::Commenter, line, now).await?);
            }
            StandingRequest::Suspend { days } => {
                (Standing::Suspended { until: now.plus_hours(days * 24) }, TakeDown::Nothing)
            }
            StandingRequest::Ban { remove_comments: false } => (Standing::Banned, TakeDown::Nothing),
            StandingRequest::Ban { remove_comments: true } => {
                (Standing::Banned, TakeDown::Remove { from: CommentStatus::Published, to: CommentStatus::Removed })
            }
            StandingRequest::Restore => {
                (Standing::Active, TakeDown::PutBack { from: CommentStatus::Removed, to: CommentStatus::Published })
            }
        };
        let log =
            |moved: usize| LogLine { actor, action, reason: standing_log_reason(&reason, standing, take_down, moved) };
        let Some(moved) = self.store.set_standing(user_id, Role::Commenter, standing, take_down, log, now).await?
        else {
            return Ok(false);
        };
        // Their replies' authors were told when these were first published.
        if let Some(notices) = self.notices() {
            for id in moved {
                match take_down {
                    TakeDown::PutBack { .. } => notices.comment_published(id, false).await,
                    TakeDown::Remove { .. } => notices.comment_changed(id).await,
                    TakeDown::Nothing => {}
                }
            }
        }
        Ok(true)
    }
}

impl StandingRequest {
    /// The moderation log's key for the change.
    pub fn action(self) -> &'static str {
        match self {
            Self::Suspend { .. } => "suspend",
            Self::Ban { .. } => "ban",
            Self::Restore => "restore",
            Self::ResetTrust => "reset-trust",
        }
    }
}

/// The log's words for a change of standing: the moderator's reason, how
/// long a suspension lasts, and how many comments a ban took down or its
/// lifting put back.
fn standing_log_reason(reason: &str, standing: Standing, take_down: TakeDown, moved: usize) -> String {
    let mut detail: Vec<String> = Vec::new();
    if !reason.is_empty() {
        detail.push(reason.to_owned());
    }
    if let Standing::Suspended { until } = standing {
        detail.push(format!("until {}", until.rfc3339()));
    }
    match take_down {
        TakeDown::Remove { .. } => detail.push(format!("{moved} comments taken down")),
        TakeDown::PutBack { .. } if moved > 0 => detail.push(format!("{moved} comments put back")),
        _ => {}
    }
    detail.join("; ")
}

/// A rejection needs one of the refusal reasons; other decisions none.
fn refusal_reason(decision: ModerationDecision, key: &str) -> Result<Option<RefusalReason>, Error> {
    match decision {
        ModerationDecision::Reject => Ok(Some(RefusalReason::from_key(key).ok_or(Refusal::RefusalReasonMissing)?)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standing_log_lines_read_as_before() {
        let until = Timestamp::from_millis(0);
        let nothing = TakeDown::Nothing;
        let remove = TakeDown::Remove { from: CommentStatus::Published, to: CommentStatus::Removed };
        let put_back = TakeDown::PutBack { from: CommentStatus::Removed, to: CommentStatus::Published };
        assert_eq!(
            standing_log_reason("Insults", Standing::Suspended { until }, nothing, 0),
            format!("Insults; until {}", until.rfc3339())
        );
        assert_eq!(standing_log_reason("Spam", Standing::Banned, remove, 3), "Spam; 3 comments taken down");
        assert_eq!(standing_log_reason("Spam", Standing::Banned, remove, 0), "Spam; 0 comments taken down");
        assert_eq!(standing_log_reason("", Standing::Active, put_back, 3), "3 comments put back");
        assert_eq!(standing_log_reason("", Standing::Active, put_back, 0), "");
    }
}
