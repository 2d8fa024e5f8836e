//! The matcher, one evasion family at a time: each test fails if its
//! family's handling is taken out.

use super::reduce::skeleton;
use super::*;

fn entry(term: &str, action: WordAction) -> WordEntry {
    WordEntry::new(term, action)
}

fn lists() -> WordLists {
    WordLists::new(vec![
        entry("kill", WordAction::Reject),
        entry("ass", WordAction::Hold),
        entry("go back home", WordAction::Hold),
        WordEntry { language: Some("en".into()), ..entry("idiot", WordAction::Hold) },
    ])
    .unwrap()
}

fn en() -> LanguageTag {
    LanguageTag::parse("en").unwrap()
}

fn terms(text: &str) -> Vec<String> {
    lists().find(text, &en()).into_iter().map(|m| m.term).collect()
}

fn found(text: &str) -> Vec<(String, WordAction, Vec<Disguise>)> {
    lists().find(text, &en()).into_iter().map(|m| (m.term, m.action, m.how)).collect()
}

/// The list a newsroom would write, read from its own syntax.
fn desk() -> WordLists {
    WordLists::new(
        parse_word_list(
            "hold+: kill\nreject+: terrorist\nhold+: bomb\nreject: vermin\nhold~+: kafir\nreject~: kameena\n\
             hold+: کافر\nhold ur+: غدار\nhold ur+: کتا\nhold ar+: خائن\nhold ar: ذبح\nreject ur: ٹٹو\nhold: infidel | infidels\n\
             reject: go back home\n",
        )
        .unwrap(),
    )
    .unwrap()
}

fn desk_find(text: &str, language: &str) -> Vec<(String, WordAction, Vec<Disguise>)> {
    let language = LanguageTag::parse(language).unwrap();
    desk().find(text, &language).into_iter().map(|m| (m.term, m.action, m.how)).collect()
}

/// The one match of `text`, how it was found.
fn how(text: &str, language: &str) -> Vec<Disguise> {
    let found = desk_find(text, language);
    assert_eq!(found.len(), 1, "{text:?}: {found:?}");
    assert_eq!(found[0].1, WordAction::Hold, "{text:?}: an uncertain match only holds");
    found[0].2.clone()
}

fn nothing(text: &str, language: &str) {
    assert_eq!(desk_find(text, language), vec![], "{text:?}");
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
        "кіʟʟ",
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

#[test]
fn words_cut_into_pieces_are_held() {
    let held = || vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::SplitUp])];
    for text in ["ki ll", "kil-l them", "k ill", "kil l", "KI LL", "k-il-l", "ki\nll"] {
        assert_eq!(found(text), held(), "{text:?}");
    }
    // Pieces must begin and end with the term.
    for text in ["ski ll", "ki lls", "skil l", "kil ln", "a skill", "kiln"] {
        assert_eq!(found(text), vec![], "{text:?}");
    }
    // A whole word is refused as its entry says, and found once.
    assert_eq!(found("kill ki ll"), vec![("kill".to_owned(), WordAction::Reject, vec![])]);
    // Short terms are not looked for in pieces: "as s" is too easily innocent.
    assert_eq!(found("as s"), vec![]);
}

#[test]
fn pieces_are_not_joined_across_a_clause_or_from_real_words() {
    // Each piece an ordinary word, or a name: never joined.
    let lists = WordLists::new(vec![entry("attack", WordAction::Hold), entry("kafir", WordAction::Hold)]).unwrap();
    for text in ["They arrived at tack time", "aur ka fir se", "We met Mr Ka Fir"] {
        assert!(lists.find(text, &en()).is_empty(), "{text:?}");
    }
    // Punctuation and a space end the word: "ki. Ll" is two sentences.
    for text in ["ki. ll", "ki, ll", "kil; l"] {
        assert_eq!(found(text), vec![], "{text:?}");
    }
    // A piece that is no word is joined.
    assert_eq!(lists.find("at tak", &en()).len(), 0, "a different word");
    assert_eq!(lists.find("att ack", &en())[0].how, [Disguise::SplitUp]);
}

#[test]
fn masked_letters_are_held() {
    let held = || vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Masked])];
    for text in ["k*ll", "K*LL!", "ki*l", "k**l", "(k*ll)"] {
        assert_eq!(found(text), held(), "{text:?}");
    }
    // Masks that say too little, or the wrong length.
    for text in ["*ill", "k***", "k*l", "k*lls", "2*3=6", "*kill-joy*"] {
        assert!(found(text).iter().all(|(_, _, how)| !how.contains(&Disguise::Masked)), "{text:?}");
    }
    // Emphasis is not a mask.
    assert_eq!(found("*kill*"), vec![("kill".to_owned(), WordAction::Reject, vec![])]);
    assert_eq!(found("**kill**"), vec![("kill".to_owned(), WordAction::Reject, vec![])]);
}

#[test]
fn any_mark_or_emoji_masks_a_letter() {
    for text in ["k#ll", "k?ll", "k_ll", "k•ll", "k-ll", "k💀ll", "ki#l", "kil#", "kil💀"] {
        assert_eq!(found(text), vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Masked])], "{text:?}");
    }
    assert_eq!(how("t#rrorist", "en"), [Disguise::Masked]);
    assert_eq!(how("کا#ر", "ur"), [Disguise::Masked]);
    // A question mark ends a sentence.
    assert_eq!(found("kil?"), vec![]);
}

#[test]
fn stretched_letters_are_held() {
    for text in ["kiiiill", "KIIIILLLL", "kkkkill", "killllll them"] {
        assert_eq!(found(text), vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Stretched])], "{text:?}");
    }
    assert_eq!(how("terrrrrorist", "en"), [Disguise::Stretched]);
    assert_eq!(how("کاااافر", "ur"), [Disguise::Stretched]);
    assert_eq!(how("غدددار", "ur"), [Disguise::Stretched]);
    // Two of a letter is spelling, not stretching.
    assert_eq!(found("kiill"), vec![]);
}

#[test]
fn inflected_forms_count_for_entries_that_ask() {
    for text in ["he kills", "killed", "killing them", "bombs", "bombed", "terrorists"] {
        assert_eq!(how(text, "en"), [Disguise::Inflected], "{text:?}");
    }
    // Without `+`, forms are other words.
    assert_eq!(found("he kills"), vec![]);
    assert!(desk_find("vermins", "en").is_empty());
    // Urdu endings, a final alef giving way.
    for text in ["کافروں کو", "غداروں نے", "کتے", "کتوں"] {
        assert_eq!(how(text, "ur"), [Disguise::Inflected], "{text:?}");
    }
    // Arabic sound plurals.
    for text in ["الخائنون", "خائنين", "كافرون"] {
        let found = how(text, "ar");
        assert!(found.contains(&Disguise::Inflected), "{text:?}: {found:?}");
    }
    // Roman Urdu plurals.
    assert!(how("kafiron", "en").contains(&Disguise::Inflected));
}

#[test]
fn the_arabic_article_and_clitics_are_read_off() {
    for text in ["الكافر", "والكافر", "بالكافر", "فالكافر", "لكافر", "والذبح"] {
        let found = how(text, "ar");
        assert!(found.contains(&Disguise::Prefixed), "{text:?}: {found:?}");
    }
    // An ordinary word that begins like a clitic and a term is left.
    nothing("بکر اور وقت", "ur");
    // Urdu entries do not take Arabic prefixes.
    nothing("والغدار", "ur");
}

#[test]
fn hashtags_and_run_together_words_are_read_apart() {
    for text in ["#KillThemAll", "#killthemall", "KillThemAll", "killthemall", "#DeathToInfidels", "#deathtoinfidels"] {
        let found = desk_find(text, "en");
        assert!(
            found.iter().any(|(_, action, how)| *action == WordAction::Hold && how.contains(&Disguise::RunTogether)),
            "{text:?}: {found:?}"
        );
    }
    // The rest of the word must be real words: a name or a longer word is left.
    for text in ["skilled workers", "Killarney", "#Killarney", "overkill", "the killjoy", "bombastic", "therapist"] {
        nothing(text, "en");
    }
    assert!(how("کافرکو", "ur").contains(&Disguise::RunTogether));
}

#[test]
fn symbols_read_as_letters_both_ways() {
    for text in ["ki11", "kil|", "ki||", "KI1L", "kiIl", "kilI"] {
        let found = desk_find(text, "en");
        assert!(
            found.iter().any(|(term, _, how)| term == "kill" && how.contains(&Disguise::Symbols)),
            "{text:?}: {found:?}"
        );
    }
    assert_eq!(how("+errorist", "en"), [Disguise::Symbols]);
    assert_eq!(desk_find("|<ill", "en")[0].0, "kill");
    assert_eq!(desk_find("@ttack k i 1 1", "en")[0].0, "kill");
    assert_eq!(desk_find("t e r r o r 1 s +", "en")[0].0, "terrorist");
}

#[test]
fn spaced_letters_after_a_one_letter_word_are_read_apart() {
    for text in ["I k i l l", "a k i l l", "i will k i l l a man"] {
        let found = desk_find(text, "en");
        assert!(found.iter().any(|(term, _, _)| term == "kill"), "{text:?}: {found:?}");
    }
}

#[test]
fn arabic_script_variants_are_one_letter() {
    let lists = WordLists::new(vec![
        entry("غدار", WordAction::Reject),
        entry("ٹٹو", WordAction::Reject),
        entry("سؤال", WordAction::Hold),
        entry("أحمق", WordAction::Hold),
    ])
    .unwrap();
    let ur = LanguageTag::parse("ur").unwrap();
    let one = |text: &str| lists.find(text, &ur).into_iter().map(|m| (m.term, m.how)).collect::<Vec<_>>();
    // Retroflex letters typed as their base and a small tah.
    assert_eq!(one("وہ ت\u{0615}ٹو ہے"), [("ٹٹو".to_owned(), vec![])]);
    // Hamza decomposed, or written on its own.
    assert_eq!(one("سو\u{0654}ال"), [("سؤال".to_owned(), vec![])]);
    // Alef wasla and alef with hamza; Arabic and Urdu yeh, kaf, heh.
    assert_eq!(one("ٱحمق"), [("أحمق".to_owned(), vec![])]);
    assert_eq!(one("احمق"), [("أحمق".to_owned(), vec![])]);
    // The legacy high-hamza yeh is a yeh.
    let lists = WordLists::new(vec![entry("کافری", WordAction::Hold)]).unwrap();
    assert_eq!(lists.find("کافر\u{0678}", &ur).len(), 1);
    assert_eq!(lists.find("كافري", &ur).len(), 1, "Arabic kaf and yeh");
}

#[test]
fn roman_urdu_spellings_of_a_marked_entry_count() {
    for text in ["kaafir", "kafeer", "kaafirr", "KAAFIR"] {
        let found = desk_find(text, "en");
        assert!(
            found.iter().any(|(term, action, _)| term == "kafir" && *action == WordAction::Hold),
            "{text:?}: {found:?}"
        );
    }
    for text in ["kamina", "kameenah", "kaminaa"] {
        let found = desk_find(text, "en");
        assert!(
            found.iter().any(|(term, action, how)| term == "kameena"
                && *action == WordAction::Hold
                && how.contains(&Disguise::Spelling)),
            "{text:?}: {found:?}"
        );
    }
    // Found as written, a `~` entry keeps its verdict.
    assert_eq!(desk_find("kameena", "en")[0].1, WordAction::Reject);
    // Alternatives on one line are entries of their own.
    assert_eq!(desk_find("infidels", "en")[0].0, "infidels");
}

#[test]
fn uncertain_matches_hold_even_when_the_entry_refuses() {
    assert_eq!(desk_find("terrorist", "en")[0].1, WordAction::Reject);
    for text in ["terrorists", "t*rrorist", "terrrrorist", "terror ist", "+errorist"] {
        let found = desk_find(text, "en");
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        assert_eq!(found[0].1, WordAction::Hold, "{text:?}");
        assert!(!found[0].2.is_empty());
    }
}

#[test]
fn accented_terms_and_text_meet() {
    let lists = WordLists::new(vec![entry("café", WordAction::Hold)]).unwrap();
    // Composed and decomposed spellings are one word.
    assert_eq!(lists.find("cafe\u{0301} owners", &en()).len(), 1);
    assert_eq!(lists.find("CAFÉ", &en()).len(), 1);
}

#[test]
fn terms_in_other_scripts_match_whole_words() {
    let lists = WordLists::new(vec![entry("غدار", WordAction::Reject)]).unwrap();
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
    // Urdu and Arabic are told apart unreliably in a short comment.
    assert_eq!(desk_find("خائن", "ur").len(), 1);
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
    // Inflection, Roman Urdu spellings and alternatives.
    let entries = parse_word_list("hold+: kill\nhold en+: bomb\nreject ur~: kutta | kuttay\nhold +~ : x").unwrap();
    assert!(entries[0].inflected && !entries[0].roman && entries[0].language.is_none());
    assert!(entries[1].inflected && entries[1].language.as_deref() == Some("en"));
    assert_eq!((entries[2].term.as_str(), entries[3].term.as_str()), ("kutta", "kuttay"));
    assert!(entries[2].roman && entries[3].roman && !entries[2].inflected);
    assert_eq!(parse_word_list("hold: a | ").unwrap_err().message, "the term has no letters or digits");
}

#[test]
fn ascii_skeletons_from_the_table_are_the_standard_ones() {
    let ascii: Vec<char> = (0..128u8).map(char::from).collect();
    let mut words: Vec<String> = ascii.iter().flat_map(|a| ascii.iter().map(move |b| format!("{a}{b}"))).collect();
    words
        .extend(["rn", "m", "l1I|", "0O", "vv", "w", "cl", "d", "kill", "K1LL", "paypa1", "mi11ion"].map(String::from));
    for word in words {
        let standard: String = unicode_security::skeleton(&word).collect();
        assert_eq!(skeleton(&word).collect::<String>(), standard, "{word:?}");
    }
}

#[test]
fn thousands_of_terms_compile_and_match_once_each() {
    let mut entries: Vec<WordEntry> = (0..5_000).map(|n| entry(&format!("term{n}x"), WordAction::Hold)).collect();
    entries.push(entry("kill", WordAction::Reject));
    let lists = WordLists::new(entries).unwrap();
    assert_eq!(lists.len(), 5_001);
    let found = lists.find("kill term42x and term42x again, KILL", &en());
    assert_eq!(found.len(), 2);
    assert!(found.iter().any(|m| m.term == "kill" && m.action == WordAction::Reject));
}

#[test]
fn one_emoji_masks_one_letter_however_it_is_built() {
    // A family of three joined by zero-width joiners, a flag of two
    // regional indicators, a skin tone: one letter each.
    for text in ["k\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}ll", "k\u{1F1F5}\u{1F1F0}ll", "k\u{1F44D}\u{1F3FD}ll"] {
        assert_eq!(found(text), vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Masked])], "{text:?}");
    }
}

#[test]
fn a_hashtag_that_begins_with_a_term_is_read_as_meant() {
    let found = desk_find("#killkuffar", "en");
    assert!(found.iter().any(|(term, _, how)| term == "kill" && how.contains(&Disguise::RunTogether)), "{found:?}");
    // Not in running text, where the rest must be words.
    nothing("killkuffar", "en");
}

#[test]
fn latin_urdu_entries_are_roman_urdu() {
    let lists = WordLists::new(parse_word_list("hold ur: gaddar").unwrap()).unwrap();
    // Any spelling, in a comment the detector calls English.
    assert_eq!(lists.find("woh ghaddaar hai", &en()).len(), 1);
    assert_eq!(roman_key("ghaddaar"), roman_key("gaddar"));
}

#[test]
fn spaced_letters_next_to_roman_urdu_u_are_read_apart() {
    assert_eq!(desk_find("k i l l u", "en")[0].0, "kill");
}

#[test]
fn a_mark_between_spaced_letters_masks_one() {
    assert_eq!(found("k * l l"), vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Masked])]);
    assert_eq!(found("k 💀 l l"), vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::Masked])]);
}

#[test]
fn arabic_script_entries_apply_in_a_comment_of_any_language() {
    // An English comment quoting an Urdu word.
    assert_eq!(desk_find("He called them غدار on the radio", "en").len(), 1);
}

#[test]
fn cyrillic_letters_without_a_latin_skeleton_still_read_as_latin() {
    let lists = WordLists::new(vec![entry("scum", WordAction::Reject), entry("moron", WordAction::Hold)]).unwrap();
    assert_eq!(lists.find("ѕсυм", &en()).len(), 1);
    assert_eq!(lists.find("мoroи", &en()).len(), 1);
}

#[test]
fn urdu_postpositions_written_joined_and_arabic_words_that_end_like_one() {
    // Urdu often writes a postposition onto the word before it.
    assert!(how("کافرکومارو", "ur").contains(&Disguise::RunTogether));
    // Arabic "wearing" begins like "apostate" and ends like "O": a word.
    let lists = WordLists::new(parse_word_list("hold ar+: مرتد").unwrap()).unwrap();
    let ar = LanguageTag::parse("ar").unwrap();
    assert!(lists.find("مرتديا معطفا أسود", &ar).is_empty());
    assert_eq!(lists.find("المرتدون", &ar).len(), 1);
}

#[test]
fn any_text_is_searched_without_a_panic() {
    // Letters, stand-ins, masks, marks, Arabic script, emoji and spaces in
    // random order: whatever a commenter sends, the matcher answers.
    let alphabet: Vec<char> = "kilKIL1|!+@$*#?_•-.' \n\tکافرغدارالوبفلكيىةہھۓ\u{0615}\u{0654}\u{0678}\u{064B}\u{200D}\u{200B}💀👨🇵🇰\u{1F3FD}миIl0"
        .chars()
        .collect();
    let lists = desk();
    let ur = LanguageTag::parse("ur").unwrap();
    let mut state: u64 = 14;
    for _ in 0..3_000 {
        let mut text = String::new();
        for _ in 0..(state % 24) {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            text.push(alphabet[usize::try_from(state >> 33).unwrap() % alphabet.len()]);
        }
        state = state.wrapping_add(7);
        for found in lists.find(&text, &ur) {
            assert!(found.how.is_empty() || found.action == WordAction::Hold, "{text:?}");
        }
    }
}

#[test]
fn stretched_letters_inside_a_phrase_or_a_cut_word_are_read() {
    assert_eq!(
        found("go back hoooome"),
        vec![("go back home".to_owned(), WordAction::Hold, vec![Disguise::Stretched])]
    );
    assert_eq!(
        found("ki lllll"),
        vec![("kill".to_owned(), WordAction::Hold, vec![Disguise::SplitUp, Disguise::Stretched])]
    );
}
