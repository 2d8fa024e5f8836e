//! Spam scoring behind one interface, so a service or a classifier can
//! replace the heuristics shipped here.

use super::Submission;
use super::rules::count_links;

/// A score from 0 (surely not spam) to 1 (surely spam), with what raised it.
#[derive(Debug, Clone, PartialEq)]
pub struct SpamScore {
    pub value: f32,
    pub signals: Vec<&'static str>,
}

pub trait SpamScorer: Send + Sync {
    fn score(&self, submission: &Submission<'_>) -> SpamScore;
}

/// Signals of advertising and flooding that need no training.
#[derive(Debug, Clone, Copy, Default)]
pub struct Heuristics;

/// Phrases of advertising, matched as word lists match.
const PITCHES: &[&str] = &[
    "buy now",
    "click here",
    "free money",
    "work from home",
    "make money",
    "earn money",
    "crypto",
    "casino",
    "viagra",
    "cheap loans",
    "whatsapp",
    "telegram",
    "limited offer",
    "dm me",
];

static REDUCED_PITCHES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| PITCHES.iter().map(|p| format!(" {} ", super::words::reduce(p))).collect());

impl SpamScorer for Heuristics {
    fn score(&self, s: &Submission<'_>) -> SpamScore {
        let text = s.body.as_str();
        let mut value = 0.0_f32;
        let mut signals = Vec::new();
        let mut add = |weight: f32, signal: &'static str| {
            value += weight;
            signals.push(signal);
        };

        let links = count_links(text);
        let digits_run = text
            .split(|c: char| !(c.is_ascii_digit() || c == ' ' || c == '-' || c == '+'))
            .map(|run| run.chars().filter(char::is_ascii_digit).count())
            .max()
            .unwrap_or(0);
        let contact = links > 0 || digits_run >= 9;
        // Readers discuss crypto and messaging apps too: a pitch weighs most
        // with a way to answer it.
        let reduced = format!(" {} ", super::words::reduce(text));
        let pitches = REDUCED_PITCHES.iter().filter(|p| reduced.contains(p.as_str())).count();
        if pitches > 0 {
            let weight = if contact { 0.3 } else { 0.15 };
            add(weight * pitches.min(3) as f32, "advertising phrases");
        }
        if links >= 2 {
            add(0.2, "several links");
        }
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        if letters.len() >= 20 && upper * 10 > letters.len() * 6 {
            add(0.2, "shouting");
        }
        if digits_run >= 9 {
            add(0.2, "a phone number");
        }
        let mut longest = 0;
        let mut current = 0;
        let mut previous = None;
        for c in text.chars() {
            current = if Some(c) == previous { current + 1 } else { 1 };
            longest = longest.max(current);
            previous = Some(c);
        }
        if longest >= 10 {
            add(0.2, "a character repeated");
        }
        if links > 0 && letters.len() < 20 {
            add(0.3, "a bare link");
        }
        SpamScore { value: value.min(1.0), signals }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AuthorRecord, Standing};
    use super::*;
    use crate::comments::{CommentBody, CommentLimits};
    use crate::{CommentMode, LanguageTag, Timestamp};

    fn score(text: &str) -> SpamScore {
        let body = CommentBody::parse(text, &CommentLimits::default()).unwrap();
        let en = LanguageTag::parse("en").unwrap();
        let author = AuthorRecord { standing: Standing::Active, guest: false, approved: 10, rejected: 0, staff: false };
        let s = Submission {
            body: &body,
            language: &en,
            mode: CommentMode::Open,
            author: &author,
            now: Timestamp::from_millis(0),
            repeated: false,
        };
        Heuristics.score(&s)
    }

    #[test]
    fn ordinary_comments_score_low_in_any_script() {
        for text in [
            "The ferry timetable changes next week; the council should say why.",
            "یہ معاہدہ کمزور ضرور ہے، لیکن ایک نئی شروعات ہے۔",
            "The report is at https://council.example/report if anyone wants to read it in full.",
            "Turnout was 61,204 of 98,310 registered voters.",
            "NATO and the EU both said so.",
            "Telegram and WhatsApp groups spread crypto scams before the vote.",
        ] {
            assert!(score(text).value < 0.5, "{text}: {:?}", score(text));
        }
    }

    #[test]
    fn advertising_scores_high() {
        assert!(score("Buy now: cheap loans, click here https://x.example https://y.example").value >= 0.9);
        assert!(score("https://x.example").value >= 0.3);
        assert!(score("WHATSAPP ME NOW FOR FREE MONEY +44 7700 900123").value >= 0.9);
        assert!(score("yesssssssssssss").signals.contains(&"a character repeated"));
    }

    #[test]
    fn every_signal_raised_is_a_listed_one() {
        use super::super::findings::SIGNALS;
        let texts = [
            "Buy now: cheap loans, click here https://x.example https://y.example",
            "WHATSAPP ME NOW FOR FREE MONEY +44 7700 900123 AND MORE SHOUTING HERE",
            "yesssssssssssss https://x.example",
        ];
        let raised: Vec<&str> = texts.iter().flat_map(|t| score(t).signals).collect();
        assert!(raised.len() >= 6, "{raised:?}");
        for signal in raised {
            assert!(SIGNALS.iter().any(|(_, words)| *words == signal), "{signal}");
        }
    }
}
