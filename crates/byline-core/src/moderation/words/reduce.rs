//! Reducing a text to the form terms are matched in: a stream of tokens of
//! letters, each with what stood between it and the one before, plus the
//! other readings a few words allow (a masked letter, a symbol that reads
//! two ways, stretched letters).

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Disguise;

/// The character a masked letter becomes in a reading.
pub(super) const MASK: char = '*';

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    /// White space.
    Space,
    /// A mark inside one run of characters, without a space: "kil-l".
    Tight,
    /// A capital letter inside a word: "KillThem".
    Camel,
    /// Punctuation followed by a space: "the end. Then".
    Hard,
}

/// A word of the reduced text.
#[derive(Debug, Clone)]
pub(super) struct Token {
    /// Letters and digits only, in their reduced form.
    pub text: String,
    /// What stands before it.
    pub gap: Gap,
    /// Written with a capital and then small letters: perhaps a name.
    pub name: bool,
    /// Rebuilt from single letters: "k i l l".
    pub spaced: bool,
    /// Part of a hashtag.
    pub hashtag: bool,
}

/// Another way to read one word of the text.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    /// Letters, with [`MASK`] for a masked one.
    pub text: String,
    pub how: Disguise,
    pub name: bool,
    pub hashtag: bool,
}

/// A text as the matcher sees it.
#[derive(Debug, Default)]
pub(super) struct Reduced {
    pub tokens: Vec<Token>,
    pub readings: Vec<Reading>,
}

/// Readings of one word with symbols that read two ways, at most this many.
const MAX_READINGS: usize = 8;

/// Characters people put between letters to dodge filters, or that draw
/// nothing at all.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}')
        || ('\u{180B}'..='\u{180F}').contains(&c)
        || ('\u{200B}'..='\u{200F}').contains(&c)
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2060}'..='\u{206F}').contains(&c)
        || c == '\u{3164}'
        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
        || c == '\u{FEFF}'
        || c == '\u{FFA0}'
        // Skin tones ride on the emoji before them.
        || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
        // The kashida stretches a letter; the high hamza of legacy letters
        // such as U+0678 sits on the letter it follows.
        || c == '\u{0640}'
        || c == '\u{0674}'
        || c == '\u{0621}'
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

/// Stand-ins that also read as `l`: `1` and `|`.
fn reads_as_l(c: char) -> bool {
    matches!(c, '1' | '|')
}

/// Symbols that may stand for letters (`a$$`, `k!ll`).
fn is_letter_symbol(c: char) -> bool {
    !c.is_alphanumeric() && as_letter(c).is_some()
}

/// Symbols that are emphasis or sentence marks at the end of a word but
/// letters inside it.
fn is_edge_symbol(c: char) -> bool {
    matches!(c, '!' | '|' | '+')
}

/// Marks that end a sentence or clause: followed by a space, words on
/// either side are never joined.
fn is_clause_mark(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '»' | '”' | '…' | '،' | '؛' | '؟' | '۔')
}

/// Pictographs: an emoji inside a word stands for a letter.
fn is_pictograph(c: char) -> bool {
    ('\u{1F000}'..='\u{1FAFF}').contains(&c)
        || ('\u{2600}'..='\u{27BF}').contains(&c)
        || ('\u{2B00}'..='\u{2BFF}').contains(&c)
        || ('\u{25A0}'..='\u{25FF}').contains(&c)
}

/// Characters that may mask one letter inside a word: `#`, `?`, `_`, `•`,
/// `-`, an emoji…; never brackets, quotes or commas, which only separate.
fn is_mask(c: char) -> bool {
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !is_letter_symbol(c)
        && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '«' | '»' | '“' | '”' | '"' | ',' | ';' | ':')
}

/// Masks that also mask the last letter ("kil#"); a `?` or `.` there ends
/// a sentence instead.
fn is_end_mask(c: char) -> bool {
    matches!(c, '*' | '#' | '_' | '•') || is_pictograph(c)
}

/// Whether a character is a letter of the Arabic script.
pub(super) fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
        || ('\u{0750}'..='\u{077F}').contains(&c)
        || ('\u{08A0}'..='\u{08FF}').contains(&c)
        || ('\u{FB50}'..='\u{FDFF}').contains(&c)
        || ('\u{FE70}'..='\u{FEFF}').contains(&c)
}

/// One letter of the Arabic script in the form terms are matched in: the
/// Arabic and Urdu shapes of yeh, kaf and heh are one letter each, alef
/// wasla is alef, noon ghunna is noon.
pub(crate) fn fold_arabic(c: char) -> char {
    match c {
        'ي' | 'ى' | 'ې' | 'ۍ' | 'ێ' => 'ی',
        'ك' | 'ڪ' => 'ک',
        'ه' | 'ھ' | 'ة' | 'ۃ' | 'ە' | 'ۀ' | 'ۂ' => 'ہ',
        'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => 'ا',
        'ٶ' | 'ۇ' => 'و',
        'ٸ' => 'ی',
        'ں' => 'ن',
        other => other,
    }
}

/// Urdu retroflex letters typed as their Arabic base letter and a small
/// tah above.
fn retroflex(base: char, mark: char) -> Option<char> {
    if !matches!(mark, '\u{0615}' | '\u{08E0}') {
        return None;
    }
    match base {
        'ت' => Some('ٹ'),
        'د' => Some('ڈ'),
        'ر' => Some('ڑ'),
        _ => None,
    }
}

/// The text decomposed (accents, vowel marks and shadda come apart from
/// their letters and fall away), invisible characters dropped, case kept.
fn fold(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let push = |c: char, out: &mut Vec<char>| {
        if c == '<' && out.last() == Some(&'|') {
            // `|<` is a k.
            out.pop();
            out.push('k');
        } else {
            out.push(c);
        }
    };
    if text.is_ascii() {
        for c in text.chars() {
            push(c, &mut out);
        }
        return out;
    }
    // One emoji is one character however it is built: pictographs joined
    // by a zero-width joiner, or a flag's two regional indicators.
    let mut joining = false;
    let mut half_flag = false;
    for c in text.nfkd() {
        if let Some(last) = out.last_mut()
            && let Some(letter) = retroflex(*last, c)
        {
            *last = letter;
            continue;
        }
        if c == '\u{200D}' {
            joining = out.last().is_some_and(|last| is_pictograph(*last));
            continue;
        }
        if std::mem::take(&mut joining) && is_pictograph(c) {
            continue;
        }
        if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c) {
            half_flag = !half_flag;
            if !half_flag {
                continue;
            }
        } else {
            half_flag = false;
        }
        if is_invisible(c) || is_combining_mark(c) {
            continue;
        }
        push(c, &mut out);
    }
    out
}

/// Cyrillic and Greek letters that look like Latin ones but whose skeleton
/// is a small capital (Cyrillic "к" is "ĸ") or another sign, read as the
/// Latin letter.
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
        // Cyrillic and Greek letters whose skeleton is no Latin letter but
        // that stand for one: м, ь, п, и, з, я, β, ε, χ, ω, ς.
        'ʍ' => 'm',
        'ƅ' | 'ß' => 'b',
        'π' | 'ᴎ' => 'n',
        'ɜ' | 'ꞓ' => 'e',
        'ᴙ' => 'r',
        'χ' => 'x',
        'ω' => 'w',
        'ς' => 'c',
        other => other,
    }
}

/// Each ASCII character's skeleton, worked out once.
static ASCII_SKELETONS: LazyLock<Vec<String>> =
    LazyLock::new(|| (0..128u8).map(|b| unicode_security::skeleton(&char::from(b).to_string()).collect()).collect());

/// A word's skeleton (UTS #39: look-alikes as their prototypes). An ASCII
/// word's is its characters' skeletons in turn, since decomposing leaves
/// ASCII as it is, so it is read from a table.
pub(super) fn skeleton(word: &str) -> Box<dyn Iterator<Item = char> + '_> {
    if word.is_ascii() {
        Box::new(word.bytes().flat_map(|b| ASCII_SKELETONS[usize::from(b)].chars()))
    } else {
        Box::new(unicode_security::skeleton(word))
    }
}

/// Letters (already read from stand-ins) in their reduced form: Arabic
/// script folded letter by letter, any other script by its skeleton,
/// lower case, letters and digits only.
fn letters(word: &str) -> String {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    if lower.chars().any(is_arabic) {
        return lower.chars().map(fold_arabic).filter(|c| c.is_alphanumeric()).collect();
    }
    let letters: String = skeleton(&lower)
        .flat_map(char::to_lowercase)
        .map(small_capital_as_letter)
        .filter(|c| c.is_alphanumeric())
        .collect();
    // The skeleton writes "m" as "rn"; one letter for one keeps stretched
    // and masked letters countable ("bommmb", "bo#b").
    if letters.contains("rn") { letters.replace("rn", "m") } else { letters }
}

/// One word as written (stand-ins and all) in its reduced form:
/// stand-ins read as letters when the word has letters (numbers stay
/// numbers), emphasis at its ends dropped.
pub(super) fn reduce_word(raw: &str) -> String {
    let word = raw.trim_matches(is_edge_symbol);
    if !word.chars().any(char::is_alphabetic) {
        return word.chars().filter(|c| c.is_alphanumeric()).collect();
    }
    letters(&word.chars().map(|c| as_letter(c).unwrap_or(c)).collect::<String>())
}

/// The other ways a word with stand-ins reads: `1` and `|` (and a capital
/// I among small letters) as `l` as well as `i`, and the symbols at its
/// ends as letters ("!diot", "+hreat").
fn symbol_readings(raw: &str) -> Vec<String> {
    let chars: Vec<char> = raw.chars().collect();
    // A capital I after a small letter may be an l: "kiIl".
    let capital_i = |at: usize| chars[at] == 'I' && at > 0 && chars[at - 1].is_lowercase();
    let two_ways = |at: usize| reads_as_l(chars[at]) || is_edge_symbol(chars[at]) || capital_i(at);
    if !chars.iter().any(|c| c.is_alphabetic()) || !(0..chars.len()).any(two_ways) {
        return Vec::new();
    }
    let mut readings: Vec<Vec<char>> = vec![Vec::new()];
    for (at, &c) in chars.iter().enumerate() {
        let choices: &[char] = match c {
            '1' | '|' => &['i', 'l'],
            'I' if capital_i(at) => &['i', 'l'],
            '!' => &['i'],
            '+' => &['t'],
            _ => &[],
        };
        if choices.is_empty() {
            readings.iter_mut().for_each(|r| r.push(c));
            continue;
        }
        let mut next = Vec::new();
        for reading in &readings {
            for choice in choices {
                if next.len() < MAX_READINGS {
                    let mut r = reading.clone();
                    r.push(*choice);
                    next.push(r);
                }
            }
        }
        readings = next;
    }
    let default = reduce_word(raw);
    let mut out: Vec<String> = Vec::new();
    for reading in readings {
        let text = letters(&reading.into_iter().collect::<String>());
        if text != default && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// Readings of a word with letters stretched (three or more in a row):
/// each such run as one letter or two.
pub(super) fn stretched_readings(word: &str) -> Vec<String> {
    if !has_stretch(word) {
        return Vec::new();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut runs: Vec<(char, usize)> = Vec::new();
    for c in chars {
        match runs.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => runs.push((c, 1)),
        }
    }
    let long = runs.iter().filter(|(_, n)| *n >= 3).count();
    if long == 0 {
        return Vec::new();
    }
    // Every choice of one or two for up to three runs; beyond that, all
    // runs alike.
    let choices: Vec<u32> = if long <= 3 { (0..1u32 << long).collect() } else { vec![0, (1u32 << long) - 1] };
    let mut out = Vec::new();
    for choice in choices {
        let mut text = String::new();
        let mut index = 0;
        for (c, n) in &runs {
            let count = if *n >= 3 {
                let two = choice & (1 << index) != 0;
                index += 1;
                if two { 2 } else { 1 }
            } else {
                *n
            };
            (0..count).for_each(|_| text.push(*c));
        }
        out.push(text);
    }
    out
}

/// Whether a word has three of a letter in a row.
fn has_stretch(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(mut last) = chars.next() else { return false };
    let mut run = 1;
    for c in chars {
        run = if c == last { run + 1 } else { 1 };
        if run == 3 {
            return true;
        }
        last = c;
    }
    false
}

/// A word written with a capital and then small letters only.
fn is_title_case(raw: &str) -> bool {
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    letters.next().is_some_and(char::is_uppercase)
        && raw.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && letters.all(char::is_lowercase)
}

/// A word cut at its inner capitals ("KillThemAll"); a word in capitals
/// only, or with one capital, stays whole.
fn camel_pieces(raw: &str) -> Vec<&str> {
    if !raw.chars().skip(1).any(char::is_uppercase) {
        return vec![raw];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (at, c) in raw.char_indices() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            pieces.push(&raw[start..at]);
            start = at;
        }
        previous = Some(c);
    }
    pieces.push(&raw[start..]);
    pieces
}

/// Builds the token stream.
struct Builder {
    out: Reduced,
    /// Single letters waiting to be read as one spaced-out word.
    run: Vec<char>,
    run_gap: Gap,
    gap: Gap,
}

impl Builder {
    fn push_token(&mut self, text: String, name: bool, spaced: bool, hashtag: bool) {
        if text.is_empty() {
            return;
        }
        for stretched in stretched_readings(&text) {
            self.out.readings.push(Reading { text: stretched, how: Disguise::Stretched, name, hashtag });
        }
        let gap = std::mem::replace(&mut self.gap, Gap::Space);
        self.out.tokens.push(Token { text, gap, name, spaced, hashtag });
    }

    /// A single character: a letter of a spaced-out word.
    fn push_single(&mut self, c: char) {
        if self.run.is_empty() {
            self.run_gap = self.gap;
        }
        self.run.push(c);
    }

    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let mut raw: String = std::mem::take(&mut self.run).into_iter().collect();
        let gap = std::mem::replace(&mut self.gap, self.run_gap);
        if raw.contains(MASK) {
            let text: String = raw.split(MASK).map(reduce_word).collect::<Vec<_>>().join(&MASK.to_string());
            self.out.readings.push(Reading { text, how: Disguise::Masked, name: false, hashtag: false });
            raw.retain(|c| c != MASK);
        }
        let text = if raw.chars().any(char::is_alphabetic) {
            letters(&raw.chars().map(|c| as_letter(c).unwrap_or(c)).collect::<String>())
        } else {
            raw.chars().filter(|c| c.is_alphanumeric()).collect()
        };
        if raw.chars().count() > 1 {
            for reading in symbol_readings(&raw) {
                self.out.readings.push(Reading { text: reading, how: Disguise::Symbols, name: false, hashtag: false });
            }
        }
        self.push_token(text, false, raw.chars().count() > 1, false);
        self.gap = gap;
    }

    /// One run of characters between spaces.
    fn chunk(&mut self, chunk: &[char]) {
        let mut chunk = chunk;
        let hashtag = chunk.len() > 1 && chunk[0] == '#' && chunk[1].is_alphanumeric();
        if hashtag {
            chunk = &chunk[1..];
        }
        // Pieces of letters (and stand-ins), and the marks before each.
        let mut pieces: Vec<(String, String)> = Vec::new();
        let mut marks = String::new();
        let mut piece = String::new();
        for &c in chunk {
            if c.is_alphanumeric() || is_letter_symbol(c) {
                piece.push(c);
            } else {
                if !piece.is_empty() {
                    pieces.push((std::mem::take(&mut marks), std::mem::take(&mut piece)));
                }
                marks.push(c);
            }
        }
        if !piece.is_empty() {
            pieces.push((std::mem::take(&mut marks), piece));
        }
        // An English possessive belongs to its word: "Fidel's".
        if pieces.len() > 1
            && pieces.last().is_some_and(|(marks, piece)| is_apostrophe(marks) && matches!(piece.as_str(), "s" | "S"))
        {
            pieces.pop();
        }
        let trailing = marks;
        // A mark standing alone between spaced-out letters masks one: "k * l l".
        if pieces.is_empty() && !self.run.is_empty() && chunk.len() == 1 && is_end_mask(chunk[0]) {
            self.run.push(MASK);
            return;
        }
        self.masked_reading(&pieces, &trailing, hashtag);
        let single = |p: &str| p.chars().count() == 1;
        let spaced = pieces.iter().all(|(_, p)| single(p));
        for (index, (_, piece)) in pieces.iter().enumerate() {
            if index > 0 {
                self.gap = Gap::Tight;
            }
            // Dropped stand-ins at the ends of a letter ("k i l !") are
            // letters of a spaced-out word.
            if spaced && (piece.chars().any(char::is_alphanumeric) || pieces.len() > 1 || !self.run.is_empty()) {
                piece.chars().for_each(|c| self.push_single(c));
                continue;
            }
            if single(piece) && !piece.chars().any(char::is_alphanumeric) {
                continue;
            }
            self.flush_run();
            self.word(piece, hashtag);
        }
        if let Some(last) = chunk.last()
            && is_clause_mark(*last)
        {
            self.gap = Gap::Hard;
        }
    }

    /// A word of two or more characters, cut at inner capitals.
    fn word(&mut self, raw: &str, hashtag: bool) {
        for reading in symbol_readings(raw) {
            self.out.readings.push(Reading {
                text: reading,
                how: Disguise::Symbols,
                name: is_title_case(raw),
                hashtag,
            });
        }
        let pieces = camel_pieces(raw);
        if pieces.len() > 1 {
            let whole = reduce_word(raw);
            for stretched in stretched_readings(&whole) {
                self.out.readings.push(Reading { text: stretched, how: Disguise::Stretched, name: false, hashtag });
            }
        }
        for (index, piece) in pieces.iter().enumerate() {
            if index > 0 {
                self.gap = Gap::Camel;
            }
            let name = pieces.len() == 1 && is_title_case(piece);
            self.push_token(reduce_word(piece), name, false, hashtag);
        }
    }

    /// A word with a letter or two masked ("k#ll", "f**k", "kil💀").
    fn masked_reading(&mut self, pieces: &[(String, String)], trailing: &str, hashtag: bool) {
        let inner_masks = pieces.iter().skip(1).all(|(marks, _)| marks.chars().all(is_mask) && mask_count(marks) <= 3);
        // A mark on both ends is emphasis ("*kill*"), not a masked letter.
        let emphasis = pieces.first().is_some_and(|(marks, _)| !marks.is_empty());
        let end_masks =
            !emphasis && !trailing.is_empty() && trailing.chars().all(is_end_mask) && mask_count(trailing) <= 2;
        if pieces.is_empty() || !inner_masks || (pieces.len() < 2 && !end_masks) {
            return;
        }
        let mut text = String::new();
        for (index, (marks, piece)) in pieces.iter().enumerate() {
            if index > 0 {
                (0..mask_count(marks)).for_each(|_| text.push(MASK));
            }
            text.push_str(&reduce_word(piece));
        }
        if end_masks {
            (0..mask_count(trailing)).for_each(|_| text.push(MASK));
        }
        self.out.readings.push(Reading { text, how: Disguise::Masked, name: false, hashtag });
    }
}

fn is_apostrophe(marks: &str) -> bool {
    matches!(marks, "'" | "’" | "‘" | "`")
}

/// How many letters a run of masks stands for: one per mark.
fn mask_count(marks: &str) -> usize {
    marks.chars().count()
}

/// The text as tokens and readings.
pub(super) fn tokens(text: &str) -> Reduced {
    let folded = fold(text);
    let mut builder = Builder { out: Reduced::default(), run: Vec::new(), run_gap: Gap::Space, gap: Gap::Space };
    for chunk in folded.split(|c| c.is_whitespace()).filter(|c| !c.is_empty()) {
        if builder.gap != Gap::Hard {
            builder.gap = Gap::Space;
        }
        builder.chunk(chunk);
    }
    builder.flush_run();
    builder.out
}

/// The form both text and terms are matched in, as one string: words of
/// letters separated by single spaces.
pub fn reduce(text: &str) -> String {
    let reduced = tokens(text);
    let words: Vec<&str> = reduced.tokens.iter().map(|t| t.text.as_str()).collect();
    words.join(" ")
}
