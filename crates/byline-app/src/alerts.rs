//! E-mail alerts to moderators about held and flagged comments. Each
//! moderator chooses on their settings page: none, one mail for each, or
//! an hourly digest. The use case that holds a comment or takes a flag
//! queues an alert for each moderator who asked; a job of `serve` mails
//! them through the outbox ([`App::mail_due_alerts`]): at once for those
//! who want each, and for a digest once the oldest waiting alert is an
//! hour old, so a digest comes at most once an hour and never empty.

use byline_core::accounts::{Permission, Role};
use byline_store::{AlertMode, OutgoingMail, TakenAlert, User};

use crate::{App, Error, require};

/// An alert about a comment held for review.
pub const HELD: &str = "held";
/// An alert about a comment a reader flagged.
pub const FLAGGED: &str = "flagged";
/// How long a digest gathers alerts.
pub const DIGEST_MINUTES: i64 = 60;
/// How much of a comment an alert quotes.
const QUOTED_CHARS: usize = 300;

impl App {
    /// How `user` wants alerts (`None`: not at all); staff who moderate.
    pub async fn alert_mode(&self, user: &User) -> Result<Option<AlertMode>, Error> {
        require(user, Permission::Moderate)?;
        Ok(self.store.alert_mode(user.id).await?)
    }

    /// Sets how `user` wants alerts; `None` stops them.
    pub async fn set_alert_mode(&self, user: &User, mode: Option<AlertMode>) -> Result<(), Error> {
        require(user, Permission::Moderate)?;
        self.store.set_alert_mode(user.id, mode).await?;
        Ok(())
    }

    /// Queues an alert of `kind` about comment `id` for every moderator
    /// who asked. Like webhooks, a failure is logged, not answered.
    pub(crate) async fn alert_moderators(&self, id: i64, kind: &'static str) {
        let roles: Vec<&str> = Role::ALL.iter().filter(|r| r.can(Permission::Moderate)).map(|r| r.as_str()).collect();
        if let Err(err) = self.store.queue_moderator_alerts(id, kind, &roles, self.now()).await {
            tracing::error!(comment_id = id, kind, error = %err, "moderators' alerts could not be queued");
        }
    }

    /// Mails every alert due now; answers how many alerts were mailed.
    pub async fn mail_due_alerts(&self) -> Result<usize, Error> {
        let now = self.now();
        let mut mailed = 0;
        for due in self.store.alerts_due(now.plus_minutes(-DIGEST_MINUTES)).await? {
            let compose = |alerts: &[TakenAlert]| match due.mode {
                AlertMode::Each => alerts.iter().map(|alert| self.alert_mail(&due.email, alert)).collect(),
                AlertMode::Digest => vec![self.digest_mail(&due.email, alerts)],
            };
            mailed += self.store.mail_alerts(due.user_id, now, compose).await?;
        }
        Ok(mailed)
    }

    fn alert_mail(&self, recipient: &str, alert: &TakenAlert) -> OutgoingMail {
        let headline = alert.comment.as_ref().map_or("a story", |c| c.article_headline.as_str());
        let subject = match alert.kind.as_str() {
            FLAGGED => format!("A comment was flagged: {headline}"),
            _ => format!("A comment is waiting for review: {headline}"),
        };
        let body = format!(
            "{}\n\nYou get these alerts because you asked for them; change that on your settings page:\n{}\n",
            self.alert_lines(alert),
            self.site_link("/account#alerts"),
        );
        OutgoingMail { recipient: recipient.to_owned(), subject, body }
    }

    fn digest_mail(&self, recipient: &str, alerts: &[TakenAlert]) -> OutgoingMail {
        let subject = match alerts.len() {
            1 => "1 comment for the moderators this hour".to_owned(),
            n => format!("{n} comments for the moderators this hour"),
        };
        let lines: Vec<String> = alerts.iter().map(|alert| self.alert_lines(alert)).collect();
        let body = format!(
            "{}\n\nThe queue: {}\n\nYou get this digest because you asked for it; change that on your settings \
             page:\n{}\n",
            lines.join("\n\n---\n\n"),
            self.site_link("/moderation"),
            self.site_link("/account#alerts"),
        );
        OutgoingMail { recipient: recipient.to_owned(), subject, body }
    }

    /// What an alert says: what happened, to which comment, its words.
    fn alert_lines(&self, alert: &TakenAlert) -> String {
        let what = match alert.kind.as_str() {
            FLAGGED => "A reader flagged a comment",
            _ => "A comment is held for review",
        };
        let Some(comment) = &alert.comment else {
            return format!("{what} ({}); it has been deleted since.", alert.at.human());
        };
        let author = comment.author_name.as_deref().unwrap_or("a deleted account");
        let mut quoted: String = comment.body_source.chars().take(QUOTED_CHARS).collect();
        if comment.body_source.chars().count() > QUOTED_CHARS {
            quoted.push('…');
        }
        let quoted: Vec<String> = quoted.lines().map(|line| format!("> {line}")).collect();
        format!(
            "{what} ({at}), by {author} under “{headline}”:\n\n{quoted}\n\nReview it: {link}",
            at = alert.at.human(),
            headline = comment.article_headline,
            quoted = quoted.join("\n"),
            link = self.site_link(&format!("/moderation/comments/{}", comment.id)),
        )
    }
}
