//! What a rule saw, in one place both ways: written into a reason's
//! detail in English (as the store, the moderation log and the API keep
//! it), and read back from those words, so a moderator's page can say it
//! in its own language. Details written before a form existed, or by
//! hand, read as `None` and are shown as they are.

use std::fmt;

use super::words::Disguise;
use crate::Timestamp;

/// Every signal the spam heuristics raise: a stable key (for a page's own
/// words) and the words kept in a reason's detail.
pub const SIGNALS: &[(&str, &str)] = &[
    ("pitch", "advertising phrases"),
    ("links", "several links"),
    ("shouting", "shouting"),
    ("phone", "a phone number"),
    ("repeated", "a character repeated"),
    ("bare-link", "a bare link"),
];

/// One rule's finding, as its parts.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Comments are closed on the article.
    Closed,
    /// The article holds every comment for a moderator.
    PreModerated,
    /// The author is banned.
    Banned,
    /// The author is suspended until then.
    SuspendedUntil(Timestamp),
    /// A guest wrote it.
    Guest,
    /// An account with fewer approved comments than trust needs.
    NewAccount { approved: i64, needed: i64 },
    /// An account with rejections.
    LowTrust { approved: i64, rejected: i64 },
    /// A listed term, found as the disguises say (none: as written);
    /// `uncertain` when it is listed to refuse but only held.
    Listed { term: String, how: Vec<Disguise>, uncertain: bool },
    /// More links than the site allows.
    ManyLinks { count: usize, most: usize },
    /// A link from an account not yet trusted.
    UntrustedLink,
    /// The same text again from its author.
    Repeated,
    /// The spam score, as written (two decimals), and the keys of the
    /// signals that raised it.
    Spam { score: String, signals: Vec<&'static str> },
    /// Enough readers flagged it.
    Flagged { readers: i64 },
}

const UNCERTAIN: &str = "; listed to refuse, held because the match is uncertain";
const SUSPENDED: &str = "the author is suspended until ";

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed => f.write_str("comments are closed"),
            Self::PreModerated => f.write_str("the article is pre-moderated"),
            Self::Banned => f.write_str("the author is banned"),
            Self::SuspendedUntil(until) => write!(f, "{SUSPENDED}{}", until.rfc3339()),
            Self::Guest => f.write_str("a guest comment"),
            Self::NewAccount { approved, needed } => {
                write!(f, "a new account: {approved} of {needed} approved comments")
            }
            Self::LowTrust { approved, rejected } => write!(f, "low trust: {approved} approved, {rejected} rejected"),
            Self::Listed { term, how, uncertain } => {
                let how = Disguise::describe(how);
                write!(f, "listed term “{term}” ({how}){}", if *uncertain { UNCERTAIN } else { "" })
            }
            Self::ManyLinks { count, most } => write!(f, "{count} links (more than {most})"),
            Self::UntrustedLink => f.write_str("a link from an account not yet trusted"),
            Self::Repeated => f.write_str("the author posted this exact text recently"),
            Self::Spam { score, signals } => {
                let words: Vec<&str> = signals
                    .iter()
                    .filter_map(|key| SIGNALS.iter().find(|(k, _)| k == key).map(|(_, words)| *words))
                    .collect();
                write!(f, "spam score {score}: {}", words.join(", "))
            }
            Self::Flagged { readers } => write!(f, "flagged by {readers} readers"),
        }
    }
}

impl Finding {
    /// The finding a reason's detail writes, if it is one of these forms.
    pub fn read(detail: &str) -> Option<Self> {
        let fixed = [Self::Closed, Self::PreModerated, Self::Banned, Self::Guest, Self::UntrustedLink, Self::Repeated];
        if let Some(found) = fixed.into_iter().find(|f| f.to_string() == detail) {
            return Some(found);
        }
        if let Some(until) = detail.strip_prefix(SUSPENDED) {
            return Timestamp::parse_minute(until.strip_suffix('Z')?).map(Self::SuspendedUntil);
        }
        if let Some(rest) = detail.strip_prefix("a new account: ") {
            let (approved, needed) = rest.strip_suffix(" approved comments")?.split_once(" of ")?;
            return Some(Self::NewAccount { approved: approved.parse().ok()?, needed: needed.parse().ok()? });
        }
        if let Some(rest) = detail.strip_prefix("low trust: ") {
            let (approved, rejected) = rest.strip_suffix(" rejected")?.split_once(" approved, ")?;
            return Some(Self::LowTrust { approved: approved.parse().ok()?, rejected: rejected.parse().ok()? });
        }
        if let Some(rest) = detail.strip_prefix("listed term “") {
            let (rest, uncertain) = match rest.strip_suffix(UNCERTAIN) {
                Some(rest) => (rest, true),
                None => (rest, false),
            };
            let (term, how) = rest.strip_suffix(')')?.rsplit_once("” (")?;
            let how = match how {
                "as written" => Vec::new(),
                how => how.split(", ").map(Disguise::from_label).collect::<Option<Vec<_>>>()?,
            };
            return Some(Self::Listed { term: term.to_owned(), how, uncertain });
        }
        if let Some(rest) = detail.strip_prefix("spam score ") {
            let (score, words) = match rest.split_once(": ") {
                Some(parts) => parts,
                None => (rest.strip_suffix(':')?, ""),
            };
            let signals = words
                .split(", ")
                .filter(|w| !w.is_empty())
                .map(|w| SIGNALS.iter().find(|(_, words)| *words == w).map(|(key, _)| *key))
                .collect::<Option<Vec<_>>>()?;
            return Some(Self::Spam { score: score.to_owned(), signals });
        }
        if let Some(rest) = detail.strip_prefix("flagged by ") {
            return Some(Self::Flagged { readers: rest.strip_suffix(" readers")?.parse().ok()? });
        }
        let (count, most) = detail.strip_suffix(')')?.split_once(" links (more than ")?;
        Some(Self::ManyLinks { count: count.parse().ok()?, most: most.parse().ok()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_reads_back_from_its_words() {
        let findings = [
            Finding::Closed,
            Finding::PreModerated,
            Finding::Banned,
            Finding::SuspendedUntil(Timestamp::parse_minute("2026-12-01T08:15").unwrap()),
            Finding::Guest,
            Finding::NewAccount { approved: 0, needed: 3 },
            Finding::LowTrust { approved: 12, rejected: 4 },
            Finding::Listed { term: "traitor".into(), how: Vec::new(), uncertain: false },
            Finding::Listed {
                term: "کافر (قوم)".into(),
                how: vec![Disguise::Stretched, Disguise::Masked],
                uncertain: true,
            },
            Finding::Listed { term: "x”, y (z)".into(), how: Disguise::ALL.to_vec(), uncertain: false },
            Finding::ManyLinks { count: 7, most: 3 },
            Finding::UntrustedLink,
            Finding::Repeated,
            Finding::Spam { score: "0.95".into(), signals: SIGNALS.iter().map(|(key, _)| *key).collect() },
            Finding::Spam { score: "0.50".into(), signals: Vec::new() },
            Finding::Flagged { readers: 5 },
        ];
        for finding in findings {
            let words = finding.to_string();
            assert_eq!(Finding::read(&words), Some(finding), "{words}");
        }
    }

    #[test]
    fn words_of_no_known_form_read_as_none() {
        for detail in ["", "abuse", "listed term “x” (sideways letters)", "spam score 0.9: a new trick", "7 links"]
        {
            assert_eq!(Finding::read(detail), None, "{detail}");
        }
    }
}
