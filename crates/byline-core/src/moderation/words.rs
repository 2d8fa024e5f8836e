//! Banned and suspect word lists, checked in one pass over a comment
//! however many terms a newsroom keeps.
//!
//! Text and terms are reduced to the same form before matching (see
//! `words/reduce.rs`): compatibility-decomposed, case-folded, look-alikes from
//! other scripts read as Latin letters, digits and symbols used as letters
//! read as those letters, invisible characters, accents and Arabic vowel
//! marks dropped, Arabic-script letter variants folded into one, and words
//! rebuilt from runs of single letters ("k i l l", "k.i.l.l"). The reduced
//! words are laid end to end and searched once with one automaton of every
//! term and every inflected form a `+` entry asks for; each hit is then
//! judged by where it starts and ends:
//!
//! - on the edges of the words the term is written as: found as written,
//!   and the entry's verdict applies;
//! - across the edges of other words ("ki ll"): joined letters, unless the
//!   pieces are all ordinary words or names, or a clause ends between them;
//! - inside one word, when the rest of the word is made of ordinary words
//!   or other terms ("#killthemall", "KillThemAll"): a run-together word.
//!
//! A few words allow another reading, looked at on its own: a letter
//! masked ("k#ll", "f**k", "k💀ll"), letters stretched ("kiiiill"), `1`
//! and `|` read as `l`, symbols at the ends of a word ("+hreat"), an
//! Arabic word with the article or a clitic before it ("والکافر"), and a
//! Roman Urdu spelling of a `~` entry ("kaafir" for "kafir"). A stretched
//! word is also read among the few words around it, for a phrase or a
//! word cut up ("go back hoooome", "ki lllll").
//!
//! Every match but one found as written is uncertain: it holds the
//! comment for a moderator, with how it was found, and never refuses it.

mod forms;
mod ordinary;
mod reduce;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

pub use forms::roman_key;
pub use reduce::reduce;
pub(crate) use reduce::{fold_arabic, is_invisible};

use crate::LanguageTag;
use forms::Rules;
use reduce::{Gap, MASK, Reading, Token, is_arabic};

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
    /// Its inflected forms count too (`hold+: term`): plurals and verb
    /// forms by the rules of its language.
    pub inflected: bool,
    /// A Roman Urdu word (`hold~: term`): its other Roman spellings count
    /// too, in comments of any language.
    pub roman: bool,
}

impl WordEntry {
    /// An entry for comments in every language, its forms not counted.
    pub fn new(term: impl Into<String>, action: WordAction) -> Self {
        Self { term: term.into(), action, language: None, inflected: false, roman: false }
    }
}

/// A term found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    pub term: String,
    /// What the entry says, or at most `Hold` for a term not found as
    /// written.
    pub action: WordAction,
    /// What the entry says.
    pub listed: WordAction,
    /// How the term was found; empty when found as written.
    pub how: Vec<Disguise>,
}

impl WordMatch {
    /// How it was found, for a moderator: "stretched letters, masked
    /// letter", or "as written".
    pub fn how_described(&self) -> String {
        Disguise::describe(&self.how)
    }
}

/// One way a term was disguised, or another form of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Disguise {
    /// Pieces or spaced-out letters joined: "ki ll", "I k i l l".
    SplitUp,
    /// Inside a run-together word or a hashtag: "#killthemall".
    RunTogether,
    /// With letters masked: "k*ll", "k#ll".
    Masked,
    /// With letters stretched: "kiiiill".
    Stretched,
    /// With a symbol read as a letter in its second sense: "ki11", "+hreat".
    Symbols,
    /// An inflected form of a `+` entry: "kills", "کافروں".
    Inflected,
    /// With the Arabic article or a clitic before it: "والکافر".
    Prefixed,
    /// Another Roman Urdu spelling of a `~` entry: "kaafir".
    Spelling,
}

impl Disguise {
    /// How far the reading strays from the text: of two ways to find a
    /// term, the one with the least in all is kept.
    fn distance(self) -> usize {
        match self {
            Disguise::Inflected | Disguise::Prefixed => 1,
            Disguise::Stretched | Disguise::Symbols | Disguise::Spelling => 2,
            Disguise::Masked | Disguise::SplitUp | Disguise::RunTogether => 3,
        }
    }

    /// Every disguise, in the order a finding lists them.
    pub const ALL: [Disguise; 8] = [
        Disguise::SplitUp,
        Disguise::RunTogether,
        Disguise::Masked,
        Disguise::Stretched,
        Disguise::Symbols,
        Disguise::Inflected,
        Disguise::Prefixed,
        Disguise::Spelling,
    ];

    /// A stable name, for a page's own words.
    pub fn key(self) -> &'static str {
        match self {
            Disguise::SplitUp => "split-up",
            Disguise::RunTogether => "run-together",
            Disguise::Masked => "masked",
            Disguise::Stretched => "stretched",
            Disguise::Symbols => "symbols",
            Disguise::Inflected => "inflected",
            Disguise::Prefixed => "prefixed",
            Disguise::Spelling => "spelling",
        }
    }

    /// Disguises in a moderator's words: "stretched letters, masked
    /// letter", or "as written" for none.
    pub fn describe(how: &[Disguise]) -> String {
        if how.is_empty() {
            return "as written".to_owned();
        }
        how.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ")
    }

    /// The disguise a reason's detail names in [`Self::label`]'s words.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.label() == label)
    }

    /// What a moderator reads.
    pub fn label(self) -> &'static str {
        match self {
            Disguise::SplitUp => "joined letters",
            Disguise::RunTogether => "run-together word or hashtag",
            Disguise::Masked => "masked letter",
            Disguise::Stretched => "stretched letters",
            Disguise::Symbols => "symbols read as letters",
            Disguise::Inflected => "inflected form",
            Disguise::Prefixed => "Arabic article or prefix",
            Disguise::Spelling => "another Roman Urdu spelling",
        }
    }
}

/// Terms shorter than this (in letters) are not looked for joined,
/// masked or inside other words: short words join into a short term too
/// easily. Arabic script writes fewer letters, so its terms may be a
/// letter shorter.
const MIN_DISGUISED: usize = 4;
const MIN_DISGUISED_ARABIC: usize = 3;

/// Patterns (terms and their forms) up to which the automaton is a DFA.
const MAX_DFA_PATTERNS: usize = 20_000;

/// One string the automaton looks for: a term or a form of one.
#[derive(Debug, Clone)]
struct Pattern {
    /// The entries it stands for, and as what form.
    uses: Vec<(usize, Form)>,
    /// Its length in letters.
    letters: usize,
    /// Where the words of the terms it stands for meet inside it: empty
    /// for a term of one word. A term may be listed as one word and as
    /// two ("towelhead | towel head").
    layouts: Vec<Vec<usize>>,
    arabic: bool,
}

impl Pattern {
    fn one_word(&self) -> bool {
        self.layouts.iter().any(Vec::is_empty)
    }

    fn may_be_disguised(&self) -> bool {
        self.letters >= if self.arabic { MIN_DISGUISED_ARABIC } else { MIN_DISGUISED }
    }
}

/// What a pattern is of an entry's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The term as listed.
    Listed,
    /// An English inflection: counted even where it is an ordinary word
    /// ("bombed"), since the entry asked for it.
    English,
    /// An Urdu, Arabic or Roman Urdu inflection: not where it is an
    /// ordinary word of its own (غداری, treason; گستاخی معاف, pardon me).
    Other,
}

/// The compiled lists.
#[derive(Debug, Clone, Default)]
pub struct WordLists {
    entries: Vec<WordEntry>,
    /// Entries that apply whatever the comment's language (Roman Urdu).
    everywhere: Vec<bool>,
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Each pattern's index.
    index: HashMap<String, usize>,
    /// One-word patterns by length, for masked readings.
    by_length: HashMap<usize, Vec<(usize, Vec<char>)>>,
    /// Roman Urdu keys of `~` entries and their forms.
    roman: HashMap<String, Vec<(usize, bool)>>,
}

/// The inflection rules for an entry's term.
fn rules_for(entry: &WordEntry, arabic: bool) -> &'static [Rules] {
    match (entry.language.as_deref(), arabic) {
        (Some("ar"), true) => &[Rules::Arabic],
        (Some("ur"), true) => &[Rules::Urdu],
        (_, true) => &[Rules::Urdu, Rules::Arabic],
        (Some("ur"), false) => &[Rules::RomanUrdu],
        (_, false) if entry.roman => &[Rules::English, Rules::RomanUrdu],
        (_, false) => &[Rules::English],
    }
}

impl WordLists {
    /// Compiles the entries; terms that reduce to nothing are dropped. An
    /// automaton too large to build is an error, never a silent empty list.
    pub fn new(entries: Vec<WordEntry>) -> Result<Self, String> {
        let entries: Vec<WordEntry> = entries.into_iter().filter(|e| !reduce(&e.term).is_empty()).collect();
        let mut lists = Self { everywhere: vec![false; entries.len()], ..Self::default() };
        let mut texts: Vec<String> = Vec::new();
        for (at, entry) in entries.iter().enumerate() {
            let reduced = reduce(&entry.term);
            let words: Vec<&str> = reduced.split(' ').collect();
            let joined = words.concat();
            let arabic = joined.chars().any(is_arabic);
            let mut word_ends = Vec::new();
            let mut end = 0;
            for word in &words[..words.len() - 1] {
                end += word.len();
                word_ends.push(end);
            }
            // A Latin-script Urdu entry is Roman Urdu, whatever its mark.
            let roman = entry.roman || (!arabic && entry.language.as_deref() == Some("ur"));
            // An Arabic-script word of an Arabic-script language is that
            // word in any comment: an English comment quoting Urdu, or an
            // Urdu one taken for Persian. The language picks its forms.
            let arabic_script = arabic && entry.language.as_deref().is_some_and(|l| ARABIC_SCRIPT.contains(&l));
            lists.everywhere[at] = roman || arabic_script;
            lists.add_pattern(&mut texts, &joined, (at, Form::Listed), word_ends);
            if words.len() > 1 {
                continue;
            }
            if entry.inflected {
                for rules in rules_for(entry, arabic) {
                    let kind = if *rules == Rules::English { Form::English } else { Form::Other };
                    for form in forms::inflections(&joined, *rules) {
                        lists.add_pattern(&mut texts, &form, (at, kind), Vec::new());
                    }
                }
            }
            if roman && !arabic {
                lists.roman.entry(roman_key(&joined)).or_default().push((at, false));
                if entry.inflected {
                    for form in forms::inflections(&joined, Rules::RomanUrdu) {
                        lists.roman.entry(roman_key(&form)).or_default().push((at, true));
                    }
                }
            }
        }
        for (text, at) in &lists.index {
            let pattern = &lists.patterns[*at];
            if pattern.one_word() && pattern.letters >= MIN_DISGUISED {
                lists.by_length.entry(pattern.letters).or_default().push((*at, text.chars().collect()));
            }
        }
        if !texts.is_empty() {
            // A DFA searches fastest (5,000 terms: about 7 MB); a longer
            // list gets the smaller automaton the builder picks.
            let builder = |kind| {
                let mut builder = AhoCorasick::builder();
                builder.match_kind(MatchKind::Standard).kind(kind);
                builder
            };
            let fastest = (texts.len() <= MAX_DFA_PATTERNS).then_some(AhoCorasickKind::DFA);
            let built = builder(fastest)
                .build(&texts)
                .or_else(|_| builder(None).build(&texts))
                .map_err(|err| format!("the word list cannot be compiled: {err}"))?;
            lists.automaton = Some(built);
        }
        lists.entries = entries;
        Ok(lists)
    }

    fn add_pattern(&mut self, texts: &mut Vec<String>, text: &str, used: (usize, Form), word_ends: Vec<usize>) {
        let at = *self.index.entry(text.to_owned()).or_insert_with(|| {
            texts.push(text.to_owned());
            self.patterns.push(Pattern {
                uses: Vec::new(),
                letters: text.chars().count(),
                layouts: Vec::new(),
                arabic: text.chars().any(is_arabic),
            });
            self.patterns.len() - 1
        });
        if !self.patterns[at].layouts.contains(&word_ends) {
            self.patterns[at].layouts.push(word_ends);
        }
        if !self.patterns[at].uses.contains(&used) {
            self.patterns[at].uses.push(used);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every listed term in `text` that applies to a comment in `language`,
    /// each once, found the surest way it can be.
    pub fn find(&self, text: &str, language: &LanguageTag) -> Vec<WordMatch> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let reduced = reduce::tokens(text);
        let mut found = Found::new(self, primary(language));
        self.search_tokens(automaton, &reduced.tokens, None, &mut found);
        self.search_unstretched(automaton, &reduced.tokens, &mut found);
        for reading in &reduced.readings {
            self.search_reading(automaton, reading, &mut found);
        }
        for (at, token) in reduced.tokens.iter().enumerate() {
            let arabic = token.text.chars().any(is_arabic);
            if arabic {
                let rests = forms::without_arabic_prefix(&token.text);
                if !rests.is_empty() && !ordinary::is_ordinary(&token.text) {
                    for rest in rests {
                        self.search_whole(rest, Disguise::Prefixed, &mut found);
                    }
                }
            }
            // A capitalised word inside a sentence is a name, not a spelling.
            let name = token.name && at > 0 && token.gap != Gap::Hard;
            if !arabic && !self.roman.is_empty() && !token.spaced && !name {
                self.search_spelling(&token.text, &mut found);
            }
        }
        found.finish()
    }

    /// A word with stretched letters, read with each stretch as one letter
    /// and as two, among the few words around it: "go back hoooome", "rag
    /// heaaaad". Not another pass over the text: only those words are
    /// searched again.
    fn search_unstretched(&self, automaton: &AhoCorasick, tokens: &[Token], found: &mut Found<'_>) {
        const AROUND: usize = 3;
        for (at, token) in tokens.iter().enumerate() {
            let readings = reduce::stretched_readings(&token.text);
            let (Some(one), Some(two)) = (readings.first(), readings.last()) else { continue };
            let from = at.saturating_sub(AROUND);
            let window = &tokens[from..tokens.len().min(at + AROUND + 1)];
            let changed: Vec<bool> = (from..from + window.len()).map(|i| i == at).collect();
            for reading in [one, two] {
                let mut variant = window.to_vec();
                variant[at - from].text.clone_from(reading);
                self.search_tokens(automaton, &variant, Some(&changed), found);
            }
        }
    }

    /// The one pass: the reduced words laid end to end. With `changed`,
    /// the words are a stretched reading of the text, and only hits
    /// across more than one word that touch a changed word count.
    fn search_tokens(
        &self,
        automaton: &AhoCorasick,
        tokens: &[Token],
        changed: Option<&[bool]>,
        found: &mut Found<'_>,
    ) {
        let mut joined = String::with_capacity(tokens.iter().map(|t| t.text.len()).sum());
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        for token in tokens {
            starts.push(joined.len());
            joined.push_str(&token.text);
            ends.push(joined.len());
        }
        for hit in automaton.find_overlapping_iter(&joined) {
            let pattern = &self.patterns[hit.pattern().as_usize()];
            // The words holding its first and its last letter.
            let first = ends.partition_point(|&end| end <= hit.start());
            let last = starts.partition_point(|&start| start < hit.end()).saturating_sub(1);
            if first >= tokens.len() || last < first {
                continue;
            }
            let on_edges = starts[first] == hit.start() && ends[last] == hit.end();
            if let Some(changed) = changed {
                if on_edges
                    && last > first
                    && changed[first..=last].contains(&true)
                    && let Some(mut how) = self.across(pattern, tokens, first, last, &starts[first..=last])
                {
                    how.push(Disguise::Stretched);
                    found.add_pattern(pattern, how, true);
                }
                continue;
            }
            if on_edges {
                if let Some(how) = self.across(pattern, tokens, first, last, &starts[first..=last]) {
                    // An Urdu, Arabic or Roman Urdu form that is itself an
                    // ordinary word (غداری, treason) is that word.
                    let guarded = pattern.uses.iter().any(|(_, form)| *form == Form::Other);
                    let ordinary = guarded && first == last && ordinary::is_ordinary(&tokens[first].text);
                    found.add_pattern(pattern, how, !ordinary);
                }
            } else if first == last {
                let token = &tokens[first];
                let (start, end) = (hit.start() - starts[first], hit.end() - starts[first]);
                let inside = Inside { word: &token.text, start, end, name: token.name, hashtag: token.hashtag };
                if let Some(how) = self.inside(pattern, &inside, token.spaced) {
                    found.add_pattern(pattern, vec![how], true);
                }
            }
        }
    }

    /// A hit that starts and ends on the edges of words: as written, a
    /// piece of a camel-cased word, or pieces joined. `None` when the
    /// pieces must not be joined.
    fn across(
        &self,
        pattern: &Pattern,
        tokens: &[Token],
        first: usize,
        last: usize,
        starts: &[usize],
    ) -> Option<Vec<Disguise>> {
        let span = &tokens[first..=last];
        let mut how = Vec::new();
        let inner_camel = span[1..].iter().any(|t| t.gap == Gap::Camel);
        if span.len() > 1 {
            let meets: Vec<usize> = starts[1..].iter().map(|s| s - starts[0]).collect();
            let as_written = pattern.layouts.contains(&meets) && span[1..].iter().all(|t| t.gap != Gap::Hard);
            let one_word = span[1..].iter().all(|t| t.gap == Gap::Camel);
            if !as_written && !one_word {
                if !self.may_join(pattern, span) {
                    return None;
                }
                how.push(Disguise::SplitUp);
            }
        } else if !pattern.one_word() {
            // A term of several words written as one.
            how.push(Disguise::RunTogether);
        }
        let after_camel = tokens.get(last + 1).is_some_and(|t| t.gap == Gap::Camel);
        if inner_camel || span[0].gap == Gap::Camel || after_camel {
            how.push(Disguise::RunTogether);
        }
        Some(how)
    }

    /// Whether pieces may be joined into a term: never across the end of
    /// a clause, and never when they stand apart and each is an ordinary
    /// word or a name ("at tack"); pieces held together by a mark without
    /// a space ("be-head") are one word cut up.
    fn may_join(&self, pattern: &Pattern, span: &[Token]) -> bool {
        let apart = span[1..].iter().any(|t| t.gap == Gap::Space);
        pattern.may_be_disguised()
            && span[1..].iter().all(|t| t.gap != Gap::Hard)
            && !(apart && span.iter().all(|t| t.name || ordinary::is_ordinary(&t.text)))
    }

    /// A hit inside one word: a run-together word or hashtag whose other
    /// parts are ordinary words or terms, or spaced-out letters after or
    /// before a one-letter word ("I k i l l").
    fn inside(&self, pattern: &Pattern, inside: &Inside<'_>, spaced: bool) -> Option<Disguise> {
        if !pattern.may_be_disguised() {
            return None;
        }
        let before = &inside.word[..inside.start];
        let after = &inside.word[inside.end..];
        if spaced {
            // "a", "I", and Roman Urdu's "u" (you).
            let one_letter = |w: &str| matches!(w, "" | "a" | "i" | "u");
            return (one_letter(before) && one_letter(after)).then_some(Disguise::SplitUp);
        }
        // A single letter is no word: most hits inside words end here.
        let one_letter = |w: &str| w.chars().nth(1).is_none() && !w.is_empty();
        if (inside.name && !inside.hashtag) || one_letter(before) || one_letter(after) {
            return None;
        }
        if ordinary::is_ordinary(inside.word) {
            return None;
        }
        let listed = |piece: &str| self.index.contains_key(piece);
        // A hashtag that begins with a term is read as meant
        // ("#killkuffar"); elsewhere the rest must be words.
        let after_ok = (inside.hashtag && before.is_empty()) || ordinary::is_made_of_words(after, &listed);
        (after_ok && ordinary::is_made_of_words(before, &listed)).then_some(Disguise::RunTogether)
    }

    /// Another reading of one word: found as a whole, or inside it as in
    /// a run-together word.
    fn search_reading(&self, automaton: &AhoCorasick, reading: &Reading, found: &mut Found<'_>) {
        if reading.text.contains(MASK) {
            self.search_masked(&reading.text, found);
            return;
        }
        for hit in automaton.find_overlapping_iter(&reading.text) {
            let pattern = &self.patterns[hit.pattern().as_usize()];
            if hit.start() == 0 && hit.end() == reading.text.len() {
                let mut how = vec![reading.how];
                if !pattern.one_word() {
                    how.push(Disguise::RunTogether);
                }
                found.add_pattern(pattern, how, true);
            } else {
                let inside = Inside {
                    word: &reading.text,
                    start: hit.start(),
                    end: hit.end(),
                    name: reading.name,
                    hashtag: reading.hashtag,
                };
                if let Some(how) = self.inside(pattern, &inside, false) {
                    found.add_pattern(pattern, vec![reading.how, how], true);
                }
            }
        }
    }

    /// Another reading of one word, found only as a whole: a lookup, not a
    /// search.
    fn search_whole(&self, text: &str, how: Disguise, found: &mut Found<'_>) {
        let Some(at) = self.index.get(text) else { return };
        let pattern = &self.patterns[*at];
        let mut how = vec![how];
        if !pattern.one_word() {
            how.push(Disguise::RunTogether);
        }
        found.add_pattern(pattern, how, true);
    }

    /// A word with letters masked: each masked letter may be any letter,
    /// the first may not be masked, and at most half are.
    fn search_masked(&self, text: &str, found: &mut Found<'_>) {
        let letters: Vec<char> = text.chars().collect();
        let masked = letters.iter().filter(|c| **c == MASK).count();
        if letters.first() == Some(&MASK) || masked * 2 > letters.len() {
            return;
        }
        let Some(terms) = self.by_length.get(&letters.len()) else { return };
        for (at, term) in terms {
            if letters.iter().zip(term).all(|(l, t)| l == t || *l == MASK) {
                found.add_pattern(&self.patterns[*at], vec![Disguise::Masked], true);
            }
        }
    }

    /// A Latin word that spells a `~` entry another way.
    fn search_spelling(&self, word: &str, found: &mut Found<'_>) {
        if word.len() < 3 {
            return;
        }
        let Some(uses) = self.roman.get(&roman_key(word)) else { return };
        if ordinary::is_ordinary(word) {
            return;
        }
        for (entry, inflected) in uses {
            let mut how = vec![Disguise::Spelling];
            if *inflected {
                how.push(Disguise::Inflected);
            }
            found.add(*entry, how);
        }
    }
}

/// A hit inside one word.
struct Inside<'a> {
    word: &'a str,
    start: usize,
    end: usize,
    name: bool,
    hashtag: bool,
}

/// Languages written in the Arabic script: a short comment in one is
/// easily taken for another, so an entry for one applies to all.
const ARABIC_SCRIPT: [&str; 6] = ["ar", "ur", "fa", "ps", "sd", "ckb"];

/// The terms found so far in one text, each kept in the surest way it was
/// found.
struct Found<'a> {
    lists: &'a WordLists,
    primary: &'a str,
    best: Vec<Option<Vec<Disguise>>>,
    order: Vec<usize>,
}

impl<'a> Found<'a> {
    fn new(lists: &'a WordLists, primary: &'a str) -> Self {
        Self { lists, primary, best: vec![None; lists.entries.len()], order: Vec::new() }
    }

    fn applies(&self, index: usize, entry: &WordEntry) -> bool {
        let Some(language) = entry.language.as_deref() else { return true };
        let primary = self.primary;
        self.lists.everywhere[index]
            || primary.eq_ignore_ascii_case("und")
            || language.eq_ignore_ascii_case(primary)
            || (ARABIC_SCRIPT.contains(&language) && ARABIC_SCRIPT.contains(&primary))
    }

    /// Adds the entries a pattern stands for; as Urdu, Arabic or Roman
    /// Urdu inflections only if `other_forms`.
    fn add_pattern(&mut self, pattern: &Pattern, how: Vec<Disguise>, other_forms: bool) {
        for (entry, form) in &pattern.uses {
            if *form == Form::Other && !other_forms {
                continue;
            }
            let mut how = how.clone();
            if *form != Form::Listed {
                how.push(Disguise::Inflected);
            }
            self.add(*entry, how);
        }
    }

    fn add(&mut self, index: usize, mut how: Vec<Disguise>) {
        let Some(entry) = self.lists.entries.get(index) else { return };
        if !self.applies(index, entry) {
            return;
        }
        // Urdu does not write Arabic's clitics onto its words.
        if how.contains(&Disguise::Prefixed) && entry.language.as_deref() == Some("ur") {
            return;
        }
        how.sort();
        how.dedup();
        match &self.best[index] {
            None => {
                self.order.push(index);
                self.best[index] = Some(how);
            }
            Some(best) if distance(&how) < distance(best) => self.best[index] = Some(how),
            Some(_) => {}
        }
    }

    fn finish(self) -> Vec<WordMatch> {
        let mut best = self.best;
        self.order
            .into_iter()
            .filter_map(|index| {
                let entry = self.lists.entries.get(index)?;
                let how = best.get_mut(index)?.take()?;
                let action = if how.is_empty() { entry.action } else { WordAction::Hold };
                Some(WordMatch { term: entry.term.clone(), action, listed: entry.action, how })
            })
            .collect()
    }
}

fn distance(how: &[Disguise]) -> usize {
    how.iter().map(|d| d.distance()).sum()
}

/// A line of a word list that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct WordListError {
    pub line: usize,
    pub message: &'static str,
}

/// Reads a word list: one entry a line, `ACTION[ LANGUAGE][+][~]: term`,
/// where ACTION is `hold` or `reject`, LANGUAGE limits the entry to
/// comments in one language (`hold ur: term`), `+` counts the term's
/// inflected forms (`hold+: kill` holds "kills", "killed", "killing"), and
/// `~` marks a Roman Urdu word whose other spellings count ("kaafir" for
/// `hold~: kafir`). Several spellings may share a line, separated by `|`
/// (`reject: kuttay | kutte`). Blank lines and lines starting with `#` are
/// skipped.
pub fn parse_word_list(text: &str) -> Result<Vec<WordEntry>, WordListError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message| WordListError { line: index + 1, message };
        let (head, terms) = line.split_once(':').ok_or(error("expected `hold: term` or `reject: term`"))?;
        let mut inflected = false;
        let mut roman = false;
        let mut words = Vec::new();
        for word in head.split_whitespace() {
            let bare = word.trim_end_matches(['+', '~']);
            let flags = &word[bare.len()..];
            inflected |= flags.contains('+');
            roman |= flags.contains('~');
            if !bare.is_empty() {
                words.push(bare);
            }
        }
        let mut words = words.into_iter();
        let action = match words.next() {
            Some("hold") => WordAction::Hold,
            Some("reject") => WordAction::Reject,
            _ => return Err(error("an entry starts with `hold` or `reject`")),
        };
        let language = words
            .next()
            .map(|l| LanguageTag::parse(l).map(|t| primary(&t).to_owned()).map_err(|_| error("not a language tag")));
        let language = language.transpose()?;
        if words.next().is_some() {
            return Err(error("expected `hold: term` or `hold LANGUAGE: term`"));
        }
        for term in terms.split('|').map(str::trim) {
            if reduce(term).is_empty() {
                return Err(error("the term has no letters or digits"));
            }
            entries.push(WordEntry { term: term.to_owned(), action, language: language.clone(), inflected, roman });
        }
    }
    Ok(entries)
}

/// A language's primary subtag: `en` for `en-GB`.
fn primary(language: &LanguageTag) -> &str {
    language.as_str().split('-').next().unwrap_or_default()
}

#[cfg(test)]
mod tests;
