//! Moderation policy: every new or edited comment passes a sequence of
//! small rules, each of which may hold it for review or reject it with a
//! reason; the strictest verdict wins and every reason is kept.
//!
//! The policy is pure: the caller gathers what the rules look at (the
//! author's standing and history, whether the text was posted before) into
//! a [`Submission`], so every rule is tested without a database.

pub mod rules;
pub mod spam;
pub mod words;

use serde::{Deserialize, Serialize};

pub use spam::{Heuristics, SpamScore, SpamScorer};
pub use words::{Disguise, WordAction, WordEntry, WordListError, WordLists, WordMatch, parse_word_list};

use crate::comments::{CommentBody, CommentStatus};
use crate::{CommentMode, LanguageTag, Timestamp};

/// What a rule asks for. Ordered: the strictest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Publish,
    Hold,
    Reject,
}

/// One rule's finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The rule, as a stable code (`word_list`, `trust`, …).
    pub rule: String,
    pub verdict: Verdict,
    /// For moderators: what exactly the rule saw.
    pub detail: String,
}

impl Reason {
    fn new(rule: &str, verdict: Verdict, detail: impl Into<String>) -> Self {
        Self { rule: rule.to_owned(), verdict, detail: detail.into() }
    }

    /// What the author is told, in words safe to show them: never the
    /// listed term or the score.
    pub fn for_author(&self) -> &'static str {
        match (self.rule.as_str(), self.verdict) {
            ("comment_mode", Verdict::Reject) => "Comments are closed on this article.",
            ("comment_mode", _) => "Comments on this article are read by a moderator before they appear.",
            ("standing", _) => "Your account cannot comment at the moment.",
            ("word_list", Verdict::Reject) => "It contains words this site does not publish.",
            ("spam", Verdict::Reject) => "It looks like advertising or spam.",
            ("repeated", _) => "The same text was posted a moment ago.",
            ("moderator", _) => "A moderator decided not to publish it.",
            _ => "A moderator will read it before it appears.",
        }
    }
}

/// The pipeline's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// A rejection for spam rather than for content.
    pub spam: bool,
    /// Every rule that asked for more than publishing, in rule order.
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// The state a comment takes under this decision.
    pub fn status(&self) -> CommentStatus {
        match self.verdict {
            Verdict::Publish => CommentStatus::Published,
            Verdict::Hold => CommentStatus::Pending,
            Verdict::Reject if self.spam => CommentStatus::Spam,
            Verdict::Reject => CommentStatus::Rejected,
        }
    }

    /// The reasons that decided it (those as strict as the verdict).
    pub fn deciding(&self) -> impl Iterator<Item = &Reason> {
        self.reasons.iter().filter(move |r| r.verdict == self.verdict)
    }
}

/// Whether an author may comment at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Active,
    Suspended { until: Timestamp },
    Banned,
}

/// What the rules know of the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorRecord {
    pub standing: Standing,
    /// Commenting without an account.
    pub guest: bool,
    /// Comments of theirs a moderator approved (or that were published
    /// without review) and comments rejected.
    pub approved: i64,
    pub rejected: i64,
}

impl AuthorRecord {
    /// Trust: approvals, less three for every rejection.
    pub fn trust(&self) -> i64 {
        self.approved - 3 * self.rejected
    }
}

/// A new or edited comment, with what the rules look at.
#[derive(Debug, Clone)]
pub struct Submission<'a> {
    pub body: &'a CommentBody,
    pub language: &'a LanguageTag,
    pub mode: CommentMode,
    pub author: &'a AuthorRecord,
    pub now: Timestamp,
    /// The same author posted exactly this text recently.
    pub repeated: bool,
}

/// A site's moderation settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySettings {
    /// Comments held until an account has this much trust (approvals less
    /// three per rejection).
    pub trusted_after: i64,
    /// Comments with more links than this are held.
    pub max_links: usize,
    /// Spam scores from this are held, and from `reject_spam_at` rejected.
    pub hold_spam_at: f32,
    pub reject_spam_at: f32,
    /// A published comment flagged by this many different readers is held
    /// (0: never).
    pub hold_after_flags: i64,
}

impl Default for PolicySettings {
    fn default() -> Self {
        Self { trusted_after: 3, max_links: 3, hold_spam_at: 0.5, reject_spam_at: 0.9, hold_after_flags: 3 }
    }
}

/// The rules, their settings, the word lists and the spam scorer.
pub struct Policy {
    pub settings: PolicySettings,
    pub words: WordLists,
    pub spam: Box<dyn SpamScorer>,
}

impl Default for Policy {
    fn default() -> Self {
        Self { settings: PolicySettings::default(), words: WordLists::default(), spam: Box::new(Heuristics) }
    }
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Policy").field("settings", &self.settings).field("words", &self.words.len()).finish()
    }
}

impl Policy {
    /// Runs every rule; the strictest verdict wins.
    pub fn decide(&self, submission: &Submission<'_>) -> Decision {
        let mut reasons = Vec::new();
        for rule in rules::ALL {
            rule(self, submission, &mut reasons);
        }
        let verdict = reasons.iter().map(|r| r.verdict).max().unwrap_or(Verdict::Publish);
        let spam = verdict == Verdict::Reject
            && reasons.iter().filter(|r| r.verdict == Verdict::Reject).all(|r| r.rule == "spam");
        Decision { verdict, spam, reasons }
    }

    /// Whether a published comment flagged by `readers` different readers
    /// goes back to the queue.
    pub fn hold_for_flags(&self, readers: i64) -> Option<Reason> {
        (self.settings.hold_after_flags > 0 && readers >= self.settings.hold_after_flags)
            .then(|| Reason::new("flags", Verdict::Hold, format!("flagged by {readers} readers")))
    }
}
