//! Other forms of a listed word: its inflections in the language of its
//! entry, the prefixes Arabic writes onto a word, and one key for the many
//! Roman Urdu spellings of a word. All work on reduced text (see
//! `reduce.rs`: Arabic yeh, kaf and heh folded, noon ghunna as noon).

/// The inflection rules an entry asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rules {
    English,
    RomanUrdu,
    Urdu,
    Arabic,
}

/// The inflected forms of a one-word term under `rules`, without the term
/// itself.
pub(super) fn inflections(term: &str, rules: Rules) -> Vec<String> {
    let mut out: Vec<String> = match rules {
        Rules::English => english(term),
        Rules::RomanUrdu => roman_urdu(term),
        Rules::Urdu => urdu(term),
        Rules::Arabic => arabic(term),
    };
    out.retain(|form| form != term);
    out.sort();
    out.dedup();
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// -s, -es, -ed, -ing, with a final e dropped ("hating"), a final y after
/// a consonant turned to i ("bullies"), and a final consonant doubled
/// ("stabbed").
fn english(term: &str) -> Vec<String> {
    let mut out = vec![format!("{term}s"), format!("{term}es"), format!("{term}ed"), format!("{term}ing")];
    let chars: Vec<char> = term.chars().collect();
    let Some(&last) = chars.last() else { return out };
    let stem: String = chars[..chars.len() - 1].iter().collect();
    let before = chars.len().checked_sub(2).map(|i| chars[i]);
    if last == 'e' {
        out.push(format!("{term}d"));
        out.push(format!("{stem}ing"));
    }
    if last == 'y' && before.is_some_and(|c| !is_vowel(c)) {
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
    }
    if last.is_ascii_alphabetic() && !is_vowel(last) && !matches!(last, 'w' | 'x' | 'y') {
        out.push(format!("{term}{last}ed"));
        out.push(format!("{term}{last}ing"));
    }
    out
}

/// Roman Urdu plurals and oblique forms: "kafiron", "kutte", "kutton".
fn roman_urdu(term: &str) -> Vec<String> {
    let stem = term.strip_suffix("ah").or_else(|| term.strip_suffix('a'));
    match stem {
        Some(stem) => ["e", "ay", "ey", "on", "o", "i", "iyan", "iyon", "ein"]
            .iter()
            .map(|ending| format!("{stem}{ending}"))
            .collect(),
        None => ["on", "o", "ein", "en", "iyon", "iyan", "e"].iter().map(|ending| format!("{term}{ending}")).collect(),
    }
}

/// Urdu plural, oblique and vocative endings: وں, یں, ے, ی, اں, و; a final alef or heh
/// gives way to them (کتا, کتے, کتوں).
fn urdu(term: &str) -> Vec<String> {
    const ENDINGS: [&str; 8] = ["ون", "ین", "ے", "ی", "ان", "یان", "یون", "و"];
    let mut out: Vec<String> = ENDINGS.iter().map(|ending| format!("{term}{ending}")).collect();
    if let Some(stem) = term.strip_suffix('ا').or_else(|| term.strip_suffix('ہ')) {
        out.extend(ENDINGS.iter().map(|ending| format!("{stem}{ending}")));
    }
    out
}

/// Arabic sound plurals and duals (ون, ين, ات, ان), the feminine ending
/// and the commonest object pronouns (not ي, which mostly says "my"); a
/// final teh marbuta gives way to ات. Broken plurals are listed as their
/// own terms.
fn arabic(term: &str) -> Vec<String> {
    const ENDINGS: [&str; 8] = ["ون", "ین", "ات", "ان", "ہ", "ہم", "ہا", "یین"];
    let mut out: Vec<String> = ENDINGS.iter().map(|ending| format!("{term}{ending}")).collect();
    if let Some(stem) = term.strip_suffix('ہ') {
        out.push(format!("{stem}ات"));
        out.push(format!("{stem}تان"));
    }
    out
}

/// The article and the clitics Arabic writes onto the front of a word (و
/// and, ف so, ب with, ل for, ک like), longest first.
const ARABIC_PREFIXES: [&str; 18] =
    ["وبال", "وال", "فال", "بال", "کال", "ولل", "فلل", "لل", "ال", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ک"];

/// The word without an Arabic prefix, each way it can be read: "والکافر"
/// is "کافر"; what is left has at least three letters.
pub(super) fn without_arabic_prefix(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for prefix in ARABIC_PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 3
            && !out.contains(&rest)
        {
            out.push(rest);
        }
    }
    out
}

/// One key for the Roman Urdu spellings of a word: long vowels written
/// double or single ("kaafir", "kafir"), `ee` and `i`, `oo` and `u`, `ay`,
/// `ey` and `e` at the end, `gh`/`g`, `kh`/`k`, `q`/`k`, `w`/`v`, `ph`/`f`,
/// `th`/`t`, `dh`/`d`, a silent final `h`, and doubled letters.
pub fn roman_key(word: &str) -> String {
    const PAIRS: [(&[u8; 2], u8); 17] = [
        (b"ph", b'f'),
        (b"gh", b'g'),
        (b"kh", b'k'),
        (b"th", b't'),
        (b"dh", b'd'),
        (b"ck", b'k'),
        (b"ee", b'i'),
        (b"ii", b'i'),
        (b"ie", b'i'),
        (b"oo", b'u'),
        (b"uu", b'u'),
        (b"ou", b'u'),
        (b"aa", b'a'),
        (b"ai", b'e'),
        (b"ei", b'e'),
        (b"ay", b'e'),
        (b"ey", b'e'),
    ];
    let mut letters: Vec<u8> = word.bytes().filter(u8::is_ascii_alphabetic).collect();
    // Stretched letters count twice at most: "soooar" is "sooar".
    let mut run = 0;
    letters.retain({
        let mut last = 0;
        move |c| {
            run = if *c == last { run + 1 } else { 1 };
            last = *c;
            run <= 2
        }
    });
    let mut key: Vec<u8> = Vec::with_capacity(letters.len());
    let mut at = 0;
    while at < letters.len() {
        let pair = letters.get(at..at + 2);
        if let Some((_, one)) = PAIRS.iter().find(|(two, _)| pair == Some(&two[..])) {
            key.push(*one);
            at += 2;
            continue;
        }
        let letter = match letters[at] {
            b'q' => b'k',
            b'w' => b'v',
            // A silent h at the end: "kameenah".
            b'h' if at + 1 == letters.len() && key.last().is_some_and(|c| b"aeiou".contains(c)) => {
                at += 1;
                continue;
            }
            other => other,
        };
        key.push(letter);
        at += 1;
    }
    key.dedup();
    String::from_utf8(key).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_forms_follow_the_spelling_rules() {
        let forms = inflections("kill", Rules::English);
        for form in ["kills", "killed", "killing"] {
            assert!(forms.contains(&form.to_owned()), "{form}: {forms:?}");
        }
        assert!(inflections("hate", Rules::English).contains(&"hating".to_owned()));
        assert!(inflections("hate", Rules::English).contains(&"hated".to_owned()));
        assert!(inflections("bully", Rules::English).contains(&"bullies".to_owned()));
        assert!(inflections("stab", Rules::English).contains(&"stabbed".to_owned()));
        assert!(inflections("bomb", Rules::English).contains(&"bombs".to_owned()));
    }

    #[test]
    fn urdu_and_arabic_endings_replace_a_final_vowel() {
        let urdu = inflections("کتا", Rules::Urdu);
        for form in ["کتے", "کتون", "کتی"] {
            assert!(urdu.contains(&form.to_owned()), "{form}: {urdu:?}");
        }
        assert!(inflections("غدار", Rules::Urdu).contains(&"غدارون".to_owned()));
        let arabic = inflections("کافر", Rules::Arabic);
        for form in ["کافرون", "کافرین", "کافرات"] {
            assert!(arabic.contains(&form.to_owned()), "{form}");
        }
        assert_eq!(without_arabic_prefix("والکافر"), ["کافر", "الکافر"]);
        assert!(without_arabic_prefix("بکر").is_empty(), "too little is left");
    }

    #[test]
    fn roman_urdu_spellings_share_a_key() {
        for (a, b) in [
            ("kaafir", "kafir"),
            ("kameena", "kamina"),
            ("kameenah", "kamina"),
            ("kuttay", "kutte"),
            ("kuttey", "kutte"),
            ("ghaddar", "gadar"),
            ("haraamzada", "haramzadah"),
            ("qatl", "katl"),
            ("goonda", "gunda"),
            ("soooar", "suar"),
        ] {
            assert_eq!(roman_key(a), roman_key(b), "{a} {b}");
        }
        assert_ne!(roman_key("kafir"), roman_key("kapur"));
        assert!(inflections("kafir", Rules::RomanUrdu).contains(&"kafiron".to_owned()));
        assert!(inflections("kutta", Rules::RomanUrdu).contains(&"kutton".to_owned()));
    }
}
