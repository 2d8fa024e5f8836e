//! Moderation policy: every new or edited comment passes a sequence of
//! small rules, each of which may hold it for review or reject it with a
//! reason; the strictest verdict wins and every reason is kept.
//!
//! The policy is pure: the caller gathers what the rules look at (the
//! author's standing and history, whether the text was posted before) into
//! a [`Submission`], so every rule is tested without a database.

pub mod findings;
pub mod rules;
pub mod spam;
pub mod words;

use serde::{Deserialize, Serialize};

pub use findings::Finding;
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

    fn found(rule: &str, verdict: Verdict, finding: &Finding) -> Self {
        Self::new(rule, verdict, finding.to_string())
    }

    /// What the rule saw, as its parts, when the detail is in one of the
    /// forms the rules write.
    pub fn finding(&self) -> Option<Finding> {
        Finding::read(&self.detail)
    }

    /// The reason a moderator refused it for, when one did and gave one
    /// still offered.
    pub fn moderator_refusal(&self) -> Option<Refusal> {
        (self.rule == MODERATOR_RULE && self.verdict == Verdict::Reject)
            .then(|| Refusal::from_key(&self.detail))
            .flatten()
    }

    /// A stable name for what [`Self::for_author`] says when no
    /// [`Self::moderator_refusal`] says it: `closed`, `premoderated`,
    /// `standing`, `words`, `spam`, `repeated`, `moderator` or `held`.
    pub fn for_author_key(&self) -> &'static str {
        match (self.rule.as_str(), self.verdict) {
            ("comment_mode", Verdict::Reject) => "closed",
            ("comment_mode", _) => "premoderated",
            ("standing", _) => "standing",
            ("word_list", Verdict::Reject) => "words",
            ("spam", Verdict::Reject) => "spam",
            ("repeated", _) => "repeated",
            (MODERATOR_RULE, Verdict::Reject) => "moderator",
            _ => "held",
        }
    }

    /// What the author is told, in words safe to show them: never the
    /// listed term or the score.
    pub fn for_author(&self) -> &'static str {
        if let Some(refusal) = self.moderator_refusal() {
            return refusal.for_author;
        }
        match self.for_author_key() {
            "closed" => "Comments are closed on this article.",
            "premoderated" => "Comments on this article are read by a moderator before they appear.",
            "standing" => "Your account cannot comment at the moment.",
            "words" => "It contains words this site does not publish.",
            "spam" => "It looks like advertising or spam.",
            "repeated" => "The same text was posted a moment ago.",
            "moderator" => "A moderator decided not to publish it.",
            _ => "A moderator will read it before it appears.",
        }
    }
}

/// The reason that explains a verdict to the author: a moderator's latest
/// decision (a comment refused again after an appeal was last refused by
/// a moderator), else the first rule that asked for it.
pub fn explaining(reasons: &[Reason], verdict: Verdict) -> Option<&Reason> {
    let asked = |r: &&Reason| r.verdict == verdict;
    reasons.iter().rev().filter(asked).find(|r| r.rule == MODERATOR_RULE).or_else(|| reasons.iter().find(asked))
}

/// The rule code of a moderator's own decision, kept among a comment's
/// reasons beside the rules' findings.
pub const MODERATOR_RULE: &str = "moderator";

/// Why a moderator refuses a comment: what the moderator chooses from, and
/// what its author is told, in words that never repeat the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// Stable: kept in the comment's reasons and in the moderation log.
    pub key: &'static str,
    /// What the moderator reads in the queue.
    pub label: &'static str,
    /// What the author reads under their comment and in the e-mail.
    pub for_author: &'static str,
}

impl Refusal {
    /// Every reason a moderator may give, in the order the queue offers them.
    pub const ALL: [Refusal; 5] = [
        Refusal { key: "abuse", label: "Abusive or hateful", for_author: "A moderator found it abusive or hateful." },
        Refusal {
            key: "off-topic",
            label: "Off topic",
            for_author: "A moderator found it off the topic of the article.",
        },
        Refusal {
            key: "misinformation",
            label: "False or misleading",
            for_author: "A moderator found it false or misleading.",
        },
        Refusal {
            key: "personal",
            label: "Personal information",
            for_author: "A moderator found that it shares someone's personal information.",
        },
        Refusal {
            key: "other",
            label: "Against the rules in another way",
            for_author: "A moderator found it against this site's rules.",
        },
    ];

    pub fn from_key(key: &str) -> Option<Refusal> {
        Self::ALL.into_iter().find(|r| r.key == key)
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
    /// A member of staff (editor, moderator, admin): trusted by their role,
    /// whatever their count of approvals.
    pub staff: bool,
}

impl AuthorRecord {
    /// Trust: approvals, less three for every rejection.
    pub fn trust(&self) -> i64 {
        self.approved - 3 * self.rejected
    }

    /// Whether the author's comments skip review for who they are: staff,
    /// or readers with at least `needed` trust. Guests never.
    pub fn trusted(&self, needed: i64) -> bool {
        !self.guest && (self.staff || self.trust() >= needed)
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
            .then(|| Reason::found("flags", Verdict::Hold, &Finding::Flagged { readers }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(rule: &str, verdict: Verdict, detail: &str) -> Reason {
        Reason::new(rule, verdict, detail)
    }

    #[test]
    fn a_moderators_reason_reaches_the_author_in_its_own_words() {
        let off_topic = reason(MODERATOR_RULE, Verdict::Reject, "off-topic");
        assert_eq!(off_topic.for_author(), "A moderator found it off the topic of the article.");
        let sentences: std::collections::HashSet<_> =
            Refusal::ALL.iter().map(|r| reason(MODERATOR_RULE, Verdict::Reject, r.key).for_author()).collect();
        assert_eq!(sentences.len(), Refusal::ALL.len(), "each reason is told apart");
        // Spam, or a key no longer offered: the general words.
        let spam = reason(MODERATOR_RULE, Verdict::Reject, "");
        assert_eq!(spam.for_author(), "A moderator decided not to publish it.");
    }

    #[test]
    fn the_latest_moderator_decision_explains_a_refusal() {
        let words = reason("word_list", Verdict::Reject, "listed: vermin");
        let first = reason(MODERATOR_RULE, Verdict::Reject, "abuse");
        let again = reason(MODERATOR_RULE, Verdict::Reject, "personal");
        let trust = reason("trust", Verdict::Hold, "a new account");
        // Refused by a rule, appealed, refused by a moderator, appealed, refused again.
        let reasons = [trust.clone(), words.clone(), first, again.clone()];
        assert_eq!(explaining(&reasons, Verdict::Reject), Some(&again));
        // With no moderator's decision, the first rule that refused it.
        assert_eq!(explaining(&[trust.clone(), words.clone()], Verdict::Reject), Some(&words));
        assert_eq!(explaining(&[trust.clone(), words], Verdict::Hold), Some(&trust));
        assert_eq!(explaining(&[trust], Verdict::Reject), None);
    }
}
