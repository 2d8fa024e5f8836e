//! The rules, in the order they run. Each adds the reasons it finds; none
//! decides alone.

use super::findings::SIGNALS;
use super::{Finding, Policy, Reason, Standing, Submission, Verdict, WordAction};
use crate::CommentMode;

type Rule = fn(&Policy, &Submission<'_>, &mut Vec<Reason>);

pub const ALL: [Rule; 7] = [comment_mode, standing, trust, word_lists, links, repeated, spam];

/// Closed articles take nothing; pre-moderated ones hold everything.
pub fn comment_mode(_: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    match s.mode {
        CommentMode::Closed => out.push(Reason::found("comment_mode", Verdict::Reject, &Finding::Closed)),
        CommentMode::PreModerated => {
            out.push(Reason::found("comment_mode", Verdict::Hold, &Finding::PreModerated));
        }
        CommentMode::Open => {}
    }
}

/// Banned authors, and suspended ones until their suspension ends.
pub fn standing(_: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    match s.author.standing {
        Standing::Banned => out.push(Reason::found("standing", Verdict::Reject, &Finding::Banned)),
        Standing::Suspended { until } if until > s.now => {
            out.push(Reason::found("standing", Verdict::Reject, &Finding::SuspendedUntil(until)));
        }
        Standing::Suspended { .. } | Standing::Active => {}
    }
}

/// Guests, new accounts and accounts with rejections wait for review;
/// staff are trusted by their role.
pub fn trust(policy: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    if s.author.guest {
        out.push(Reason::found("trust", Verdict::Hold, &Finding::Guest));
        return;
    }
    let needed = policy.settings.trusted_after;
    if !s.author.trusted(needed) {
        let (approved, rejected) = (s.author.approved, s.author.rejected);
        let finding = if rejected == 0 {
            Finding::NewAccount { approved, needed }
        } else {
            Finding::LowTrust { approved, rejected }
        };
        out.push(Reason::found("trust", Verdict::Hold, &finding));
    }
}

/// Listed terms, each as its entry says.
pub fn word_lists(policy: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    for found in policy.words.find(s.body.as_str(), s.language) {
        let verdict = match found.action {
            WordAction::Hold => Verdict::Hold,
            WordAction::Reject => Verdict::Reject,
        };
        let uncertain = found.listed == WordAction::Reject && found.action == WordAction::Hold;
        let finding = Finding::Listed { term: found.term, how: found.how, uncertain };
        out.push(Reason::found("word_list", verdict, &finding));
    }
}

/// How many links a text holds: web addresses, however written.
pub fn count_links(text: &str) -> usize {
    let lower = text.to_lowercase();
    let schemes = lower.matches("http://").count() + lower.matches("https://").count();
    let bare = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']'))
        .filter(|w| w.starts_with("www."))
        .count();
    schemes + bare
}

/// Many links, or any link from an account not yet trusted.
pub fn links(policy: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    let count = count_links(s.body.as_str());
    if count > policy.settings.max_links {
        let finding = Finding::ManyLinks { count, most: policy.settings.max_links };
        out.push(Reason::found("links", Verdict::Hold, &finding));
    } else if count > 0 && !s.author.trusted(policy.settings.trusted_after) {
        out.push(Reason::found("links", Verdict::Hold, &Finding::UntrustedLink));
    }
}

/// The same text again from the same author.
pub fn repeated(_: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    if s.repeated {
        out.push(Reason::found("repeated", Verdict::Hold, &Finding::Repeated));
    }
}

/// The spam scorer's view.
pub fn spam(policy: &Policy, s: &Submission<'_>, out: &mut Vec<Reason>) {
    let score = policy.spam.score(s);
    let verdict = if score.value >= policy.settings.reject_spam_at {
        Verdict::Reject
    } else if score.value >= policy.settings.hold_spam_at {
        Verdict::Hold
    } else {
        return;
    };
    let signals = score
        .signals
        .iter()
        .filter_map(|signal| SIGNALS.iter().find(|(_, words)| words == signal).map(|(key, _)| *key))
        .collect();
    out.push(Reason::found("spam", verdict, &Finding::Spam { score: format!("{:.2}", score.value), signals }));
}

#[cfg(test)]
mod tests {
    use super::super::{AuthorRecord, Decision, PolicySettings, WordEntry, WordLists};
    use super::*;
    use crate::comments::{CommentBody, CommentLimits, CommentStatus};
    use crate::{LanguageTag, Timestamp};

    const NOW: Timestamp = Timestamp::from_millis(1_800_000_000_000);

    fn trusted() -> AuthorRecord {
        AuthorRecord { standing: Standing::Active, guest: false, approved: 10, rejected: 0, staff: false }
    }

    fn policy() -> Policy {
        Policy {
            words: WordLists::new(vec![
                WordEntry::new("vermin", WordAction::Reject),
                WordEntry::new("traitor", WordAction::Hold),
            ])
            .unwrap(),
            ..Policy::default()
        }
    }

    fn decide_with(text: &str, mode: CommentMode, author: &AuthorRecord, repeated: bool) -> Decision {
        let body = CommentBody::parse(text, &CommentLimits::default()).unwrap();
        let en = LanguageTag::parse("en").unwrap();
        policy().decide(&Submission { body: &body, language: &en, mode, author, now: NOW, repeated })
    }

    fn decide(text: &str, author: &AuthorRecord) -> Decision {
        decide_with(text, CommentMode::Open, author, false)
    }

    fn rules(decision: &Decision) -> Vec<&str> {
        decision.reasons.iter().map(|r| r.rule.as_str()).collect()
    }

    const CLEAN: &str = "The ferry timetable changes next week; the council should say why.";

    #[test]
    fn a_clean_comment_from_a_trusted_reader_is_published() {
        let decision = decide(CLEAN, &trusted());
        assert_eq!(decision.verdict, Verdict::Publish);
        assert!(decision.reasons.is_empty());
        assert_eq!(decision.status(), CommentStatus::Published);
    }

    #[test]
    fn the_article_mode_closes_or_holds() {
        let closed = decide_with(CLEAN, CommentMode::Closed, &trusted(), false);
        assert_eq!((closed.verdict, rules(&closed)), (Verdict::Reject, vec!["comment_mode"]));
        assert_eq!(closed.status(), CommentStatus::Rejected);
        let held = decide_with(CLEAN, CommentMode::PreModerated, &trusted(), false);
        assert_eq!((held.verdict, held.status()), (Verdict::Hold, CommentStatus::Pending));
    }

    #[test]
    fn banned_and_suspended_authors_are_refused_until_the_suspension_ends() {
        let banned = AuthorRecord { standing: Standing::Banned, ..trusted() };
        assert_eq!(decide(CLEAN, &banned).verdict, Verdict::Reject);
        let suspended = AuthorRecord { standing: Standing::Suspended { until: NOW.plus_hours(1) }, ..trusted() };
        let decision = decide(CLEAN, &suspended);
        assert_eq!((decision.verdict, rules(&decision)), (Verdict::Reject, vec!["standing"]));
        let served = AuthorRecord { standing: Standing::Suspended { until: NOW.plus_hours(-1) }, ..trusted() };
        assert_eq!(decide(CLEAN, &served).verdict, Verdict::Publish);
    }

    #[test]
    fn staff_skip_the_trust_rule_but_not_the_word_lists_or_the_link_limit() {
        let staff = AuthorRecord { approved: 0, staff: true, ..trusted() };
        assert_eq!(decide(CLEAN, &staff).verdict, Verdict::Publish);
        // One link is no reason to hold a member of staff...
        let one_link = decide("Background at https://news.example/a for readers.", &staff);
        assert_eq!(one_link.verdict, Verdict::Publish, "{:?}", one_link.reasons);
        // ...but too many links, or a listed word, still are.
        let many = "https://a.example https://b.example https://c.example https://d.example";
        assert_eq!(rules(&decide(many, &staff)), vec!["links"]);
        assert_eq!(decide("That traitor called them vermin.", &staff).verdict, Verdict::Reject);
        // A reader with the same record waits.
        let reader = AuthorRecord { staff: false, ..staff };
        assert_eq!(rules(&decide(CLEAN, &reader)), vec!["trust"]);
    }

    #[test]
    fn trust_holds_new_accounts_and_guests_and_falls_with_rejections() {
        let new = AuthorRecord { approved: 0, ..trusted() };
        for approved in 0..3 {
            let decision = decide(CLEAN, &AuthorRecord { approved, ..new.clone() });
            assert_eq!((decision.verdict, rules(&decision)), (Verdict::Hold, vec!["trust"]), "{approved}");
        }
        assert_eq!(decide(CLEAN, &AuthorRecord { approved: 3, ..new.clone() }).verdict, Verdict::Publish);
        // One rejection costs three approvals.
        let rejected = AuthorRecord { approved: 5, rejected: 1, ..new.clone() };
        assert_eq!(decide(CLEAN, &rejected).verdict, Verdict::Hold);
        assert!(decide(CLEAN, &rejected).reasons[0].detail.contains("low trust"));
        let guest = AuthorRecord { guest: true, ..trusted() };
        assert_eq!(decide(CLEAN, &guest).verdict, Verdict::Hold);
        let stricter =
            Policy { settings: PolicySettings { trusted_after: 0, ..PolicySettings::default() }, ..policy() };
        let body = CommentBody::parse(CLEAN, &CommentLimits::default()).unwrap();
        let en = LanguageTag::parse("en").unwrap();
        let s =
            Submission { body: &body, language: &en, mode: CommentMode::Open, author: &new, now: NOW, repeated: false };
        assert_eq!(stricter.decide(&s).verdict, Verdict::Publish, "a site may trust new accounts");
    }

    #[test]
    fn listed_words_hold_or_reject_and_evasion_does_not_help() {
        let decision = decide("They are v e r m i n, all of them.", &trusted());
        assert_eq!((decision.verdict, rules(&decision)), (Verdict::Reject, vec!["word_list"]));
        assert!(!decision.spam);
        assert_eq!(decision.reasons[0].for_author(), "It contains words this site does not publish.");
        assert!(!decision.reasons[0].for_author().contains("vermin"));
        let held = decide("A TRAIT\u{200B}OR to the city.", &trusted());
        assert_eq!((held.verdict, rules(&held)), (Verdict::Hold, vec!["word_list"]));
        // The strictest wins, and every reason is kept.
        let both = decide("That traitor called them vermin.", &trusted());
        assert_eq!(both.verdict, Verdict::Reject);
        assert_eq!(both.reasons.len(), 2);
        assert_eq!(both.deciding().count(), 1);
        // The moderator reads how each term was found.
        assert_eq!(both.reasons[0].detail, "listed term “traitor” (as written)");
        let stretched = decide("A traaaaitor, that is what he is.", &trusted());
        assert_eq!(stretched.reasons[0].detail, "listed term “traitor” (stretched letters)");
        let masked = decide("They are v#rmin.", &trusted());
        assert_eq!(
            masked.reasons[0].detail,
            "listed term “vermin” (masked letter); listed to refuse, held because the match is uncertain"
        );
        // A refused word cut up or masked is held for a person to judge.
        for disguised in ["They are ver min.", "They are v*rmin."] {
            let decision = decide(disguised, &trusted());
            assert_eq!((decision.verdict, rules(&decision)), (Verdict::Hold, vec!["word_list"]), "{disguised}");
            let detail = &decision.reasons[0].detail;
            assert!(detail.contains("“vermin” (") && detail.contains("held because"), "{detail}");
        }
    }

    #[test]
    fn links_are_held_above_the_limit_or_from_untrusted_accounts() {
        assert_eq!(count_links("see https://a.example and http://b.example or www.c.example"), 3);
        assert_eq!(count_links("[the report](https://council.example/report)"), 1);
        assert_eq!(count_links(CLEAN), 0);
        let four = "https://a.example https://b.example https://c.example https://d.example are sources";
        let decision = decide(four, &trusted());
        assert!(rules(&decision).contains(&"links"), "{decision:?}");
        assert_eq!(decide("The report: https://council.example/report", &trusted()).verdict, Verdict::Publish);
        let newcomer = AuthorRecord { approved: 0, ..trusted() };
        let decision = decide("The report: https://council.example/report", &newcomer);
        assert_eq!(rules(&decision), ["trust", "links"]);
    }

    #[test]
    fn the_same_text_again_is_held() {
        let decision = decide_with(CLEAN, CommentMode::Open, &trusted(), true);
        assert_eq!((decision.verdict, rules(&decision)), (Verdict::Hold, vec!["repeated"]));
    }

    #[test]
    fn spam_is_rejected_as_spam() {
        let pitch = "BUY NOW!!! Cheap crypto loans, click here https://x.example https://y.example \
                     WhatsApp +44 7700 900123 FREE MONEY";
        let decision = decide(pitch, &trusted());
        assert_eq!(decision.verdict, Verdict::Reject);
        assert!(rules(&decision).contains(&"spam"));
        assert!(decision.spam, "{decision:?}");
        assert_eq!(decision.status(), CommentStatus::Spam);
    }

    #[test]
    fn flags_from_enough_readers_send_a_comment_back() {
        assert!(policy().hold_for_flags(2).is_none());
        assert_eq!(policy().hold_for_flags(3).map(|r| r.verdict), Some(Verdict::Hold));
    }
}
