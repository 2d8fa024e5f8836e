//! Banned and suspect word lists, checked in one pass over a comment
//! however many terms a newsroom keeps.
//!
//! Text and terms are reduced to the same form before matching: NFKC,
//! case-folded, each character replaced by its Unicode confusable skeleton
//! (so Cyrillic "а" reads as Latin "a"), digits and symbols used as letters
//! read as those letters, invisible characters dropped, and words rebuilt
//! from runs of single letters ("k i l l", "k.i.l.l"). Terms then match as
//! whole words, or whole runs of words, so "class" never matches "ass".
//!
//! Two more evasions are caught with less certainty, so they hold a
//! comment for a moderator but never refuse it: a word cut into pieces
//! ("ki ll", "kil-l"), found in a second pass over the text with its spaces
//! taken out where a term begins and ends exactly at the pieces' edges; and
//! letters masked with `*` ("k*ll", "f**k"), compared with the listed terms
//! of the same length.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::LanguageTag;

/// What a listed term does to a comment that contains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordAction {
    /// Held for a moderator to read.
    Hold,
    /// Refused outright.
    Reject,
}

/// One entry of a word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordEntry {
    pub term: String,
    pub action: WordAction,
    /// Only for comments in this language (a primary subtag such as `ur`);
    /// `None` for all.
    pub language: Option<String>,
}

/// A term found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    pub term: String,
    /// What the entry says, or at most `Hold` for a term found cut up or
    /// masked.
    pub action: WordAction,
    pub how: Disguise,
}

/// How a found term was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disguise {
    /// As a whole word (after reduction).
    None,
    /// Cut into pieces: "ki ll".
    SplitUp,
    /// With letters masked: "k*ll".
    Masked,
}

/// Terms shorter than this are not looked for cut up or masked: two short
/// words join into a short term too easily.
const MIN_DISGUISED: usize = 4;
/// The character that masks a letter.
const MASK: char = '*';

/// The compiled lists: one automaton over every term, one over the
/// one-word terms for cut-up words, and the one-word terms by length for
/// masked ones.
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    entries: Vec<WordEntry>,
    automaton: Option<AhoCorasick>,
    /// One-word terms as patterns without spaces, and the entry of each.
    joined: Option<(AhoCorasick, Vec<usize>)>,
    /// One-word terms' letters by length, with the entry of each.
    by_length: HashMap<usize, Vec<(usize, Vec<char>)>>,
}

impl WordLists {
    /// Compiles the entries; terms that reduce to nothing are dropped. An
    /// automaton too large to build is an error, never a silent empty list.
    pub fn new(entries: Vec<WordEntry>) -> Result<Self, String> {
        let entries: Vec<WordEntry> = entries.into_iter().filter(|e| !reduce(&e.term).trim().is_empty()).collect();
        let patterns: Vec<String> = entries.iter().map(|e| format!(" {} ", reduce(&e.term).trim())).collect();
        let automaton = if patterns.is_empty() {
            None
        } else {
            let built = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns);
            Some(built.map_err(|err| format!("the word list cannot be compiled: {err}"))?)
        };
        let mut one_word = Vec::new();
        let mut by_length: HashMap<usize, Vec<(usize, Vec<char>)>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let term = reduce(&entry.term);
            let letters: Vec<char> = term.chars().collect();
            if term.contains(' ') || letters.len() < MIN_DISGUISED || term.contains(MASK) {
                continue;
            }
            one_word.push((index, term));
            by_length.entry(letters.len()).or_default().push((index, letters));
        }
        let joined = if one_word.is_empty() {
            None
        } else {
            let patterns: Vec<&str> = one_word.iter().map(|(_, term)| term.as_str()).collect();
            let built = AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns);
            let built = built.map_err(|err| format!("the word list cannot be compiled: {err}"))?;
            Some((built, one_word.into_iter().map(|(index, _)| index).collect()))
        };
        Ok(Self { entries, automaton, joined, by_length })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every listed term in `text` that applies to a comment in `language`,
    /// each once.
    pub fn find(&self, text: &str, language: &LanguageTag) -> Vec<WordMatch> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let reduced = reduce(text);
        let haystack = format!(" {} ", reduced.trim());
        let mut found =
            Found { lists: self, primary: primary(language), seen: vec![false; self.entries.len()], out: Vec::new() };
        // Overlapping search: a word that ends one term may start the next.
        for hit in automaton.find_overlapping_iter(&haystack) {
            found.add(hit.pattern().as_usize(), Disguise::None);
        }
        self.find_split_up(&reduced, &mut found);
        self.find_masked(&reduced, &mut found);
        found.out
    }

    /// Terms cut into two or more pieces: matches in the text with its
    /// spaces taken out that start where a piece starts and end where a
    /// piece ends ("ki ll", never "ski ll").
    fn find_split_up(&self, reduced: &str, found: &mut Found<'_>) {
        let Some((automaton, entries)) = &self.joined else { return };
        let mut joined = String::with_capacity(reduced.len());
        // Where each piece starts and ends in `joined`.
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for piece in reduced.split(' ').filter(|p| !p.is_empty()) {
            starts.push(joined.len());
            joined.push_str(piece);
            ends.push(joined.len());
        }
        for hit in automaton.find_overlapping_iter(&joined) {
            let (Ok(first), Ok(last)) = (starts.binary_search(&hit.start()), ends.binary_search(&hit.end())) else {
                continue;
            };
            // Within one piece it is a whole word, which the main pass sees.
            if last > first {
                found.add(entries[hit.pattern().as_usize()], Disguise::SplitUp);
            }
        }
    }

    /// Words with letters masked by `*`: each masked letter may be any
    /// letter, the first may not be masked, and at most half are.
    fn find_masked(&self, reduced: &str, found: &mut Found<'_>) {
        for word in reduced.split(' ').filter(|w| w.contains(MASK)) {
            let letters: Vec<char> = word.chars().collect();
            let masked = letters.iter().filter(|c| **c == MASK).count();
            if letters.first() == Some(&MASK) || masked * 2 > letters.len() {
                continue;
            }
            let Some(terms) = self.by_length.get(&letters.len()) else { continue };
            for (index, term) in terms {
                if letters.iter().zip(term).all(|(l, t)| l == t || *l == MASK) {
                    found.add(*index, Disguise::Masked);
                }
            }
        }
    }
}

/// The terms found so far in one text, each once.
struct Found<'a> {
    lists: &'a WordLists,
    primary: &'a str,
    seen: Vec<bool>,
    out: Vec<WordMatch>,
}

impl Found<'_> {
    fn add(&mut self, index: usize, how: Disguise) {
        let Some(entry) = self.lists.entries.get(index) else { return };
        if self.seen[index] || entry.language.as_deref().is_some_and(|l| !l.eq_ignore_ascii_case(self.primary)) {
            return;
        }
        self.seen[index] = true;
        let action = if how == Disguise::None { entry.action } else { WordAction::Hold };
        self.out.push(WordMatch { term: entry.term.clone(), action, how });
    }
}

/// A line of a word list that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct WordListError {
    pub line: usize,
    pub message: &'static str,
}

/// Reads a word list: one entry a line, `reject: term` or `hold: term`,
/// optionally for one language (`hold ur: term`). Blank lines and lines
/// starting with `#` are skipped.
pub fn parse_word_list(text: &str) -> Result<Vec<WordEntry>, WordListError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message| WordListError { line: index + 1, message };
        let (head, term) = line.split_once(':').ok_or(error("expected `hold: term` or `reject: term`"))?;
        let mut head = head.split_whitespace();
        let action = match head.next() {
            Some("hold") => WordAction::Hold,
            Some("reject") => WordAction::Reject,
            _ => return Err(error("an entry starts with `hold` or `reject`")),
        };
        let language = head
            .next()
            .map(|l| LanguageTag::parse(l).map(|t| primary(&t).to_owned()).map_err(|_| error("not a language tag")));
        let language = language.transpose()?;
        if head.next().is_some() {
            return Err(error("expected `hold: term` or `hold LANGUAGE: term`"));
        }
        let term = term.trim();
        if reduce(term).is_empty() {
            return Err(error("the term has no letters or digits"));
        }
        entries.push(WordEntry { term: term.to_owned(), action, language });
    }
    Ok(entries)
}

/// A language's primary subtag: `en` for `en-GB`.
fn primary(language: &LanguageTag) -> &str {
    language.as_str().split('-').next().unwrap_or_default()
}

/// Characters people put between letters to dodge filters, or that draw
/// nothing at all.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}')
        || ('\u{180B}'..='\u{180F}').contains(&c)
        || ('\u{200B}'..='\u{200F}').contains(&c)
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2060}'..='\u{206F}').contains(&c)
        || c == '\u{3164}'
        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
        || c == '\u{FEFF}'
        || c == '\u{FFA0}'
}

/// Digits and symbols read as letters inside a word that has letters.
fn as_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        _ => return None,
    })
}

/// Symbols that may stand for letters (`a$$`, `k!ll`); anything else that
/// is not a letter or digit separates words (`k.i.l.l`, `k-i-l-l`).
fn is_letter_symbol(c: char) -> bool {
    !c.is_alphanumeric() && as_letter(c).is_some()
}

/// One word: stand-ins read as letters when the word has real letters
/// (numbers stay numbers), sentence marks and emphasis at its ends dropped,
/// masks inside it kept.
fn read_word(raw: &str) -> String {
    let word = raw.trim_matches(|c| matches!(c, '!' | '|' | '+' | MASK));
    if !word.chars().any(char::is_alphabetic) {
        return word.chars().filter(|c| c.is_alphanumeric()).collect();
    }
    word.chars().map(|c| as_letter(c).unwrap_or(c)).filter(|c| c.is_alphanumeric() || *c == MASK).collect()
}

/// Cyrillic and Greek letters that look like Latin ones but whose skeleton
/// is a small capital (Cyrillic "к" is "ĸ"), read as the Latin letter.
fn small_capital_as_letter(c: char) -> char {
    match c {
        'ĸ' | 'ᴋ' => 'k',
        'ʙ' => 'b',
        'ʜ' => 'h',
        'ᴛ' => 't',
        'ᴍ' => 'm',
        'ʀ' => 'r',
        'ɴ' => 'n',
        'ᴀ' => 'a',
        'ᴇ' => 'e',
        'ɪ' => 'i',
        'ᴏ' => 'o',
        'ᴜ' => 'u',
        'ʏ' => 'y',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ɢ' => 'g',
        'ᴊ' => 'j',
        'ʟ' => 'l',
        'ᴘ' => 'p',
        'ꜱ' => 's',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ᴢ' => 'z',
        'ꜰ' => 'f',
        other => other,
    }
}

/// Each ASCII character's skeleton, worked out once.
static ASCII_SKELETONS: LazyLock<Vec<String>> =
    LazyLock::new(|| (0..128u8).map(|b| unicode_security::skeleton(&char::from(b).to_string()).collect()).collect());

/// A word's skeleton (UTS #39: look-alikes as their prototypes). An ASCII
/// word's is its characters' skeletons in turn, since decomposing leaves
/// ASCII as it is, so it is read from a table: on an English comment this
/// takes two thirds of the time out of `reduce`.
fn skeleton(word: &str) -> Box<dyn Iterator<Item = char> + '_> {
    if word.is_ascii() {
        Box::new(word.bytes().flat_map(|b| ASCII_SKELETONS[usize::from(b)].chars()))
    } else {
        Box::new(unicode_security::skeleton(word))
    }
}

/// The form both text and terms are matched in: words of letters separated
/// by single spaces.
pub fn reduce(text: &str) -> String {
    // Decomposed, so accents, Arabic vowel marks and shadda come apart
    // from their letters and fall away with the kashida; a term matches
    // with or without them.
    // ASCII is its own decomposition, and most comments are ASCII.
    let folded: String = if text.is_ascii() {
        text.chars().filter(|c| !is_invisible(*c)).map(|c| c.to_ascii_lowercase()).collect()
    } else {
        text.nfkd()
            .filter(|c| !is_invisible(*c) && !is_combining_mark(*c) && *c != '\u{0640}')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let words = folded
        .split(|c: char| !(c.is_alphanumeric() || is_letter_symbol(c) || c == MASK))
        // Single letters joined by masks are spaced out, not masked
        // ("k*i*l*l" is "k i l l").
        .flat_map(|raw| {
            let inner = raw.trim_matches(MASK);
            let spaced = inner.contains(MASK) && inner.split(MASK).all(|piece| piece.chars().count() == 1);
            let pieces: Vec<&str> = if spaced { inner.split(MASK).collect() } else { vec![raw] };
            pieces.into_iter().map(read_word)
        })
        .filter(|w| !w.is_empty());
    // Runs of one-letter words are one spaced-out word ("k i l l"). Then
    // look-alikes from other scripts read as their Latin prototypes, and
    // accents fall away with the marks the skeleton separates.
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    for word in words {
        if word.chars().count() == 1 {
            run.push_str(&word);
            continue;
        }
        if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
        out.push(word);
    }
    if !run.is_empty() {
        out.push(run);
    }
    let out: Vec<String> = out
        .into_iter()
        .map(|w| {
            skeleton(&w)
                .flat_map(char::to_lowercase)
                .map(small_capital_as_letter)
                .filter(|c| c.is_alphanumeric() || *c == MASK)
                .collect()
        })
        .collect();
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> WordLists {
        WordLists::new(vec![
            WordEntry { term: "kill".into(), action: WordAction::Reject, language: None },
            WordEntry { term: "ass".into(), action: WordAction::Hold, language: None },
            WordEntry { term: "go back home".into(), action: WordAction::Hold, language: None },
            WordEntry { term: "idiot".into(), action: WordAction::Hold, language: Some("en".into()) },
        ])
        .unwrap()
    }

    fn terms(text: &str) -> Vec<String> {
        let en = LanguageTag::parse("en").unwrap();
        lists().find(text, &en).into_iter().map(|m| m.term).collect()
    }

    #[test]
    fn plain_words_match_whole() {
        assert_eq!(terms("I will kill the bill"), ["kill"]);
        assert_eq!(terms("Killing time"), Vec::<String>::new(), "a listed word inside a longer one");
        assert_eq!(terms("a first-class assessment"), Vec::<String>::new(), "the Scunthorpe problem");
        assert_eq!(terms("You should go back home now"), ["go back home"]);
        assert_eq!(terms("go back to your home"), Vec::<String>::new());
    }

    #[test]
    fn evasion_does_not_work() {
        for text in [
            "KILL",
            "KiLl",
            "k i l l",
            "k.i.l.l",
            "k-i-l-l",
            "k_i_l_l",
            "ki\u{200B}ll",
            "k\u{00AD}ill",
            "k\u{2060}i\u{200D}l\u{FEFF}l",
            "ｋｉｌｌ",
            "kіll", // Cyrillic і
            "кill", // Cyrillic к
            "кіll", // both
            "ᴋɪʟʟ", // small capitals
            "k1ll",
            "k!ll",
            "k*i*l*l",
            "*k*i*l*l*",
            "\u{202E}kill",
        ] {
            assert_eq!(terms(text), ["kill"], "{text:?}");
        }
        assert_eq!(terms("go   back\thome"), ["go back home"]);
        assert_eq!(terms("GO BACK HOME!!!"), ["go back home"]);
        assert_eq!(terms("a$$"), ["ass"]);
        assert_eq!(terms("ki\u{0334}ll"), ["kill"], "a combining mark inside");
    }

    fn found(text: &str) -> Vec<(String, WordAction, Disguise)> {
        let en = LanguageTag::parse("en").unwrap();
        lists().find(text, &en).into_iter().map(|m| (m.term, m.action, m.how)).collect()
    }

    #[test]
    fn words_cut_into_pieces_are_held() {
        let held = |how| vec![("kill".to_owned(), WordAction::Hold, how)];
        for text in ["ki ll", "kil-l them", "k ill", "kil l", "KI LL", "k-il-l", "ki\nll"] {
            assert_eq!(found(text), held(Disguise::SplitUp), "{text:?}");
        }
        // Pieces must begin and end with the term.
        for text in ["ski ll", "ki lls", "skil l", "kil ln", "a skill", "kiln"] {
            assert_eq!(found(text), vec![], "{text:?}");
        }
        // A whole word is refused as its entry says, and found once.
        assert_eq!(found("kill ki ll"), vec![("kill".to_owned(), WordAction::Reject, Disguise::None)]);
        // Short terms are not looked for in pieces: "as s" is too easily innocent.
        assert_eq!(found("as s"), vec![]);
    }

    #[test]
    fn masked_letters_are_held() {
        let held = |how| vec![("kill".to_owned(), WordAction::Hold, how)];
        for text in ["k*ll", "K*LL!", "ki*l", "k**l", "(k*ll)"] {
            assert_eq!(found(text), held(Disguise::Masked), "{text:?}");
        }
        // Masks that say too little, or the wrong length.
        for text in ["*ill", "k***", "k*l", "k*lls", "2*3=6", "*kill-joy*"] {
            assert!(found(text).iter().all(|(_, _, how)| *how != Disguise::Masked), "{text:?}");
        }
        // Emphasis is not a mask.
        assert_eq!(found("*kill*"), vec![("kill".to_owned(), WordAction::Reject, Disguise::None)]);
        assert_eq!(found("**kill**"), vec![("kill".to_owned(), WordAction::Reject, Disguise::None)]);
    }

    #[test]
    fn accented_terms_and_text_meet() {
        let lists =
            WordLists::new(vec![WordEntry { term: "café".into(), action: WordAction::Hold, language: None }]).unwrap();
        let en = LanguageTag::parse("en").unwrap();
        // Composed and decomposed spellings are one word.
        assert_eq!(lists.find("cafe\u{0301} owners", &en).len(), 1);
        assert_eq!(lists.find("CAFÉ", &en).len(), 1);
    }

    #[test]
    fn terms_in_other_scripts_match_whole_words() {
        let lists =
            WordLists::new(vec![WordEntry { term: "غدار".into(), action: WordAction::Reject, language: None }])
                .unwrap();
        let ur = LanguageTag::parse("ur").unwrap();
        assert_eq!(lists.find("وہ غدار ہے", &ur).len(), 1);
        assert_eq!(lists.find("وہ غ\u{200C}دار ہے", &ur).len(), 1, "a zero-width non-joiner inside");
        assert!(lists.find("وہ غداری ہے", &ur).is_empty(), "a longer word");
        // Vowel marks, shadda and the kashida do not hide it.
        for marked in ["وہ غدِار ہے", "وہ غدّار ہے", "وہ غــدار ہے", "وہ غَدَّار ہے"]
        {
            assert_eq!(lists.find(marked, &ur).len(), 1, "{marked}");
        }
    }

    #[test]
    fn language_bound_entries_apply_to_their_language_only() {
        let en = LanguageTag::parse("en-GB").unwrap();
        let de = LanguageTag::parse("de").unwrap();
        assert_eq!(lists().find("what an idiot", &en).len(), 1);
        assert!(lists().find("what an idiot", &de).is_empty());
    }

    #[test]
    fn word_list_files_read_line_by_line() {
        let text = "# newsroom list\nreject: vermin\n\nhold ur: غدار\nhold:  go back home \n";
        let entries = parse_word_list(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].language.as_deref(), Some("ur"));
        assert_eq!(parse_word_list("hold en-GB: x").unwrap()[0].language.as_deref(), Some("en"));
        assert_eq!(entries[2].term, "go back home");
        assert_eq!(parse_word_list("reject vermin").unwrap_err().line, 1);
        assert_eq!(parse_word_list("ok\nban: x").unwrap_err().line, 1);
        assert_eq!(parse_word_list("hold: x\nhold xx-!!: y").unwrap_err().line, 2);
        assert_eq!(parse_word_list("hold: ...").unwrap_err().message, "the term has no letters or digits");
    }

    #[test]
    fn ascii_skeletons_from_the_table_are_the_standard_ones() {
        let ascii: Vec<char> = (0..128u8).map(char::from).collect();
        let mut words: Vec<String> = ascii.iter().flat_map(|a| ascii.iter().map(move |b| format!("{a}{b}"))).collect();
        words.extend(
            ["rn", "m", "l1I|", "0O", "vv", "w", "cl", "d", "kill", "K1LL", "paypa1", "mi11ion"].map(String::from),
        );
        for word in words {
            let standard: String = unicode_security::skeleton(&word).collect();
            assert_eq!(skeleton(&word).collect::<String>(), standard, "{word:?}");
        }
    }

    #[test]
    fn thousands_of_terms_compile_and_match_once_each() {
        let mut entries: Vec<WordEntry> = (0..5_000)
            .map(|n| WordEntry { term: format!("term{n}x"), action: WordAction::Hold, language: None })
            .collect();
        entries.push(WordEntry { term: "kill".into(), action: WordAction::Reject, language: None });
        let lists = WordLists::new(entries).unwrap();
        assert_eq!(lists.len(), 5_001);
        let en = LanguageTag::parse("en").unwrap();
        let found = lists.find("kill term42x and term42x again, KILL", &en);
        assert_eq!(found.len(), 2);
        assert!(found.iter().any(|m| m.term == "kill" && m.action == WordAction::Reject));
    }
}
