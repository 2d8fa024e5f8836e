//! Any bytes as a form body read into each form the handlers take, and any
//! text as a moderator's word list matched against a comment: neither
//! panics (a refusal is fine).
//!
//! The first byte, modulo the number of parsers, picks the parser (see
//! `PARSERS`); the rest is its input. For the word lists, the input is the
//! list, then a line `--`, then the comment to search; without that line
//! the list is searched for its own terms.

#![no_main]

use byline_core::LanguageTag;
use byline_core::moderation::words::{WordLists, parse_word_list};
use byline_web::fuzzing::*;
use libfuzzer_sys::fuzz_target;

/// Each parser the first byte can pick, in order.
const PARSERS: &[fn(&[u8])] = &[
    form::<DecisionForm>,
    form::<CommentForm>,
    form::<GuestForm>,
    form::<EditForm>,
    form::<VoteForm>,
    form::<FlagForm>,
    form::<AppealForm>,
    form::<FeatureForm>,
    form::<StandingForm>,
    form::<RoleForm>,
    form::<SignUpForm>,
    form::<SignInForm>,
    form::<EmailForm>,
    form::<NewPasswordForm>,
    form::<ProfileForm>,
    form::<ChangeEmailForm>,
    form::<ChangePasswordForm>,
    form::<DeleteForm>,
    |input| word_list(input, "en"),
    |input| word_list(input, "ur-PK"),
];

fn form<T: serde::de::DeserializeOwned>(input: &[u8]) {
    let _ = parse_form::<T>(input);
}

fn word_list(input: &[u8], language: &str) {
    let Ok(text) = std::str::from_utf8(input) else { return };
    let (list, comment) = text.split_once("\n--\n").unwrap_or((text, text));
    let Ok(entries) = parse_word_list(list) else { return };
    let Ok(lists) = WordLists::new(entries) else { return };
    let Ok(language) = LanguageTag::parse(language) else { return };
    let _ = lists.find(comment, &language);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else { return };
    PARSERS[usize::from(selector) % PARSERS.len()](input);
});
