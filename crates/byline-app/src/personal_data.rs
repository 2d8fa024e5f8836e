//! A person's right of access: everything Byline keeps about them, as
//! they may take it away (the JSON their account page offers).

use byline_core::Timestamp;
use byline_store::User;
use serde::Serialize;

use crate::{App, Error, Refusal};

/// Everything Byline keeps about a person, as they may take it away.
#[derive(Debug, Serialize)]
pub struct Export {
    pub exported_at: String,
    pub account: ExportedAccount,
    /// Every comment they wrote, in every state, with its text.
    pub comments: Vec<ExportedComment>,
    pub votes: Vec<ExportedVote>,
    pub flags: Vec<ExportedFlag>,
    /// Appeals against refusals, with the comment each is about.
    pub appeals: Vec<ExportedAppeal>,
    pub notifications: ExportedNotifications,
    /// Moderators' decisions about them and their comments.
    pub decisions: Vec<ExportedDecision>,
}

#[derive(Debug, Serialize)]
pub struct ExportedAccount {
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub email_confirmed: bool,
    pub role: String,
    /// `active`, `suspended` or `banned`.
    pub standing: String,
    pub suspended_until: Option<String>,
    pub created_at: String,
    pub sessions: Vec<ExportedSession>,
    /// Accounts elsewhere that sign in to this one.
    pub linked_accounts: Vec<ExportedIdentity>,
}

#[derive(Debug, Serialize)]
pub struct ExportedIdentity {
    pub provider: String,
    /// The provider's id for them.
    pub subject: String,
    pub email: Option<String>,
    pub linked_at: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedSession {
    pub browser: String,
    pub signed_in_at: String,
    pub last_seen_at: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedComment {
    pub id: i64,
    pub article: String,
    pub article_headline: String,
    pub in_reply_to: Option<i64>,
    pub state: String,
    pub text: String,
    pub language: String,
    pub written_at: String,
    pub edited_at: Option<String>,
    /// Why it was held or refused by the site's rules, if it was.
    pub held_or_refused_for: serde_json::Value,
}

#[derive(Debug, Serialize)]
pub struct ExportedVote {
    pub comment: i64,
    pub article: String,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedFlag {
    pub comment: i64,
    pub article: String,
    pub reason: String,
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedAppeal {
    pub comment: i64,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedNotifications {
    pub reply_emails: bool,
    pub muted_threads: Vec<ExportedMute>,
}

#[derive(Debug, Serialize)]
pub struct ExportedMute {
    pub thread: i64,
    pub article: String,
    pub since: String,
}

#[derive(Debug, Serialize)]
pub struct ExportedDecision {
    pub at: String,
    pub about: String,
    pub action: String,
    pub reason: String,
}

fn rfc3339(millis: i64) -> String {
    Timestamp::from_millis(millis).rfc3339()
}

impl App {
    /// Everything kept about `person`: account, sessions, linked accounts
    /// elsewhere, comments in every
    /// state with their text, votes, flags, appeals, notification settings
    /// and the decisions about them.
    pub async fn export_personal_data(&self, person: &User) -> Result<Export, Error> {
        let now = self.now();
        let user = self.store.user(person.id).await?.ok_or(Refusal::NotFound)?;
        let sessions = self.store.sessions_of(user.id, now).await?;
        let data = self.store.personal_data(user.id).await?;
        let identities = self.store.identities_of(user.id).await?;
        let appeals = data
            .comments
            .iter()
            .filter_map(|c| c.appeal.as_ref().map(|text| ExportedAppeal { comment: c.id, text: text.clone() }))
            .collect();
        let export = Export {
            exported_at: now.rfc3339(),
            account: ExportedAccount {
                sessions: sessions
                    .into_iter()
                    .map(|s| ExportedSession {
                        browser: s.user_agent,
                        signed_in_at: s.created_at.rfc3339(),
                        last_seen_at: s.last_seen_at.rfc3339(),
                    })
                    .collect(),
                linked_accounts: identities
                    .into_iter()
                    .map(|i| ExportedIdentity {
                        provider: i.provider,
                        subject: i.subject,
                        email: i.email,
                        linked_at: i.created_at.rfc3339(),
                    })
                    .collect(),
                handle: user.handle,
                display_name: user.display_name,
                email: user.email,
                email_confirmed: user.email_verified,
                role: user.role.to_string(),
                standing: data.status,
                suspended_until: data.suspended_until.map(|t| t.rfc3339()),
                created_at: user.created_at.rfc3339(),
            },
            comments: data
                .comments
                .into_iter()
                .map(|c| ExportedComment {
                    id: c.id,
                    article: c.article_slug,
                    article_headline: c.article_headline,
                    in_reply_to: c.parent_id,
                    state: c.status,
                    text: c.body_source,
                    language: c.language,
                    written_at: rfc3339(c.created_at),
                    edited_at: c.edited_at.map(rfc3339),
                    held_or_refused_for: serde_json::from_str(&c.reasons)
                        .unwrap_or(serde_json::Value::String(c.reasons)),
                })
                .collect(),
            votes: data
                .votes
                .into_iter()
                .map(|v| ExportedVote { comment: v.comment_id, article: v.article_slug, at: rfc3339(v.created_at) })
                .collect(),
            flags: data
                .flags
                .into_iter()
                .map(|f| ExportedFlag {
                    comment: f.comment_id,
                    article: f.article_slug,
                    reason: f.reason,
                    at: rfc3339(f.created_at),
                })
                .collect(),
            appeals,
            notifications: ExportedNotifications {
                reply_emails: user.notify_replies,
                muted_threads: data
                    .muted_threads
                    .into_iter()
                    .map(|m| ExportedMute { thread: m.root_id, article: m.article_slug, since: rfc3339(m.created_at) })
                    .collect(),
            },
            decisions: data
                .decisions
                .into_iter()
                .map(|d| ExportedDecision {
                    at: rfc3339(d.at),
                    about: format!("{} {}", d.target_kind, d.target_id),
                    action: d.action,
                    reason: d.reason,
                })
                .collect(),
        };
        Ok(export)
    }
}
