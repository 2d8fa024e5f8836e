//! How long `WordLists::find` takes per comment with two terms and with a
//! list of 5,000 made up as `bench/word-list.sh` makes them, on the
//! comments `bench/post-comments.lua` posts. A timing, not a test: run it
//! with `cargo test --release -p byline-core --test word_speed -- --ignored
//! --nocapture`; `bench/README.md` records its figures.
#![expect(clippy::expect_used, reason = "a timing should fail loudly on any unexpected error")]

use std::time::Instant;

use byline_core::LanguageTag;
use byline_core::moderation::{WordLists, parse_word_list};

const COMMENTS: [&str; 4] = [
    "The minimum flow figures look reasonable on paper, but the real test comes in the first dry August. \
     My family has farmed below Varn Crossing for three generations, and we have heard promises like this \
     before. Still, reopening the bridge matters more to the market towns than anything in the annexes.",
    "یہ معاہدہ کاغذ پر اچھا لگتا ہے، لیکن اصل امتحان گرمیوں میں ہوگا جب دریا میں پانی کم ہو جائے گا۔ \
     کسانوں سے کسی نے مشورہ نہیں کیا، حالانکہ سب سے زیادہ نقصان انہی کا ہوا تھا۔ \
     حکومت کو چاہیے کہ پانی کی پیمائش کے اعداد و شمار ہر مہینے عوام کے سامنے رکھے۔",
    "Who actually reads the gauge, and what happens when the two readings disagree? The review mechanism \
     sounds thin, because a monthly reading is a long time in a heatwave. I would like to see the full text \
     of the six annexes published, not just a summary for the press.",
    "پل دوبارہ کھلنے سے بازاروں میں رونق واپس آئے گی اور دونوں کناروں کے لوگ پھر سے مل سکیں گے۔ \
     ہمارے گاؤں میں پچھلے سال آدھے کنویں سوکھ گئے تھے، اس لیے ہر قطرہ قیمتی ہے۔ \
     Thank you for a report that mentions the people downstream and not only the ministers.",
];

/// 5,000 made-up terms as the benchmark writes them: syllables, a tenth
/// Urdu, a tenth Arabic, a tenth two-word phrases, 30 % refused.
fn long_list() -> String {
    let latin = ["ka", "zu", "mo", "ri", "te", "vo", "lu", "xi", "pa", "ne", "qo", "fy", "bu", "dro", "gli", "sha"];
    let arabic = ["ز", "ق", "ط", "ظ", "غ", "ض", "ث", "خ", "ذ", "ص"];
    let vowels = ["ا", "و", "ی"];
    let mut state: u64 = 20_261_127;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0) % n
    };
    let latin_word =
        |next: &mut dyn FnMut(usize) -> usize| (0..3 + next(3)).map(|_| latin[next(latin.len())]).collect::<String>();
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    while seen.len() < 5_000 {
        let kind = seen.len() % 10;
        let (language, term) = match kind {
            0 | 1 => {
                let word: String =
                    (0..3 + next(2)).map(|_| format!("{}{}", arabic[next(arabic.len())], vowels[next(3)])).collect();
                (if kind == 0 { " ur" } else { " ar" }, word)
            }
            2 => ("", format!("{} {}", latin_word(&mut next), latin_word(&mut next))),
            _ => ("", latin_word(&mut next)),
        };
        if seen.insert(term.clone()) {
            let action = if next(10) < 3 { "reject" } else { "hold" };
            out.push_str(&format!("{action}{language}: {term}\n"));
        }
    }
    out
}

fn per_comment(lists: &WordLists, rounds: usize) -> f64 {
    let languages = [LanguageTag::parse("en").expect("en"), LanguageTag::parse("ur").expect("ur")];
    let started = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for (index, comment) in COMMENTS.iter().enumerate() {
            found += lists.find(comment, &languages[index % 2]).len();
        }
    }
    assert_eq!(found, 0, "the comments hold none of the terms");
    started.elapsed().as_secs_f64() * 1e6 / (rounds * COMMENTS.len()) as f64
}

#[test]
#[ignore = "a timing; run it in release"]
fn time_the_word_lists_per_comment() {
    let two = WordLists::new(parse_word_list("reject: vermin\nhold: traitor\n").expect("two")).expect("two");
    let long = WordLists::new(parse_word_list(&long_list()).expect("long")).expect("long");
    assert_eq!(long.len(), 5_000);
    per_comment(&long, 200);
    // The fastest of several short rounds, taken in turn: on a busy
    // machine the least disturbed round is the truest.
    let (mut two_best, mut long_best) = (f64::MAX, f64::MAX);
    for _ in 0..15 {
        two_best = two_best.min(per_comment(&two, 500));
        long_best = long_best.min(per_comment(&long, 500));
    }
    println!("2 terms: {two_best:.1} µs a comment; 5,000 terms: {long_best:.1} µs a comment");
}
