//! Refusals in the page's language: each refusal a reader, a commenter,
//! an account holder or a moderator meets is a message of the catalogue,
//! its particulars (how long to wait, the limit) its arguments. Refusals
//! only the desk, the photograph library, webhooks and host sites meet
//! keep the application's English words until those pages are translated.

use byline_app::Refusal;
use byline_app::accounts::Mistake;
use byline_core::accounts::{DisplayNameError, HandleError, PasswordError};
use byline_core::comments::CommentBodyError;

use super::Locale;

impl Locale {
    /// What the person is told about `refusal`.
    pub fn refusal(&self, refusal: &Refusal) -> String {
        let id = match refusal {
            Refusal::TooFast(wait) => return self.count("refused-too-fast", seconds(wait.as_secs())),
            Refusal::Body(CommentBodyError::TooLong { length, max }) => {
                return self.numbers("refused-comment-too-long", &[("length", size(*length)), ("most", size(*max))]);
            }
            Refusal::EditWindowOver { minutes } => return self.count("refused-edit-window-over", minutes),
            Refusal::GuestName(err) => return self.display_name("refused-guest-name-", err),
            Refusal::DisplayName(err) => return self.display_name("refused-display-name-", err),
            Refusal::NewPassword(err) => return self.password("refused-new-password-", err),
            Refusal::Password(err) => return self.password("refused-password-", err),
            Refusal::SignInLocked(wait) => {
                return self.count("refused-sign-in-locked", seconds(wait.as_secs().div_ceil(60)));
            }
            Refusal::SignInAgain { minutes } => return self.count("refused-sign-in-again", minutes),
            Refusal::ReasonTooLong { most } => {
                return self.numbers("refused-reason-too-long", &[("most", size(*most))]);
            }
            Refusal::AppealNote { most } => return self.numbers("refused-appeal-note", &[("most", size(*most))]),
            Refusal::NotFound => "refused-not-found",
            Refusal::Closed => "refused-closed",
            Refusal::ConfirmEmail => "refused-confirm-email",
            Refusal::Body(CommentBodyError::Empty) => "refused-comment-empty",
            Refusal::ParentElsewhere => "refused-parent-elsewhere",
            Refusal::ParentRemoved => "refused-parent-removed",
            Refusal::NotYours => "refused-not-yours",
            Refusal::NotPublished => "refused-not-published",
            Refusal::OwnComment => "refused-own-comment",
            Refusal::BadReason => "refused-bad-reason",
            Refusal::RefusalReasonMissing => "refused-refusal-reason-missing",
            Refusal::StandingReasonMissing => "refused-standing-reason-missing",
            Refusal::SuspensionLength => "refused-suspension-length",
            Refusal::TooManyChosen => "refused-too-many-chosen",
            Refusal::NotAllowed => "refused-not-allowed",
            Refusal::FeatureUnpublished => "refused-feature-unpublished",
            Refusal::NotAppealable => "refused-not-appealable",
            Refusal::WrongPassword => "refused-wrong-password",
            Refusal::HandleNotTyped => "refused-handle-not-typed",
            Refusal::LastAdmin => "refused-last-admin",
            Refusal::NoSuchAccount => "refused-no-such-account",
            Refusal::SignUpsFromHere(_) => "refused-sign-ups-from-here",
            Refusal::SignUp(_) => "refused-sign-up",
            Refusal::LinkNoGood => "refused-link-no-good",
            Refusal::NotTheAccountsPassword => "refused-not-the-accounts-password",
            Refusal::AddressInUse => "refused-address-in-use",
            Refusal::NotAnAddress | Refusal::Email(_) => "refused-not-an-address",
            Refusal::TooManyLinks(_) => "refused-too-many-links",
            Refusal::HandleTaken => "refused-handle-taken",
            Refusal::EmailTaken => "refused-email-taken",
            other => return other.message(),
        };
        self.t(id)
    }

    /// A display name's mistake, in a message whose id begins `prefix`.
    pub fn display_name(&self, prefix: &str, err: &DisplayNameError) -> String {
        match err {
            DisplayNameError::Empty => self.t(format!("{prefix}empty")),
            DisplayNameError::TooLong => {
                self.numbers(&format!("{prefix}too-long"), &[("most", size(byline_core::accounts::DisplayName::MAX))])
            }
            DisplayNameError::Invisible => self.t(format!("{prefix}invisible")),
        }
    }

    /// A password's mistake, in a message whose id begins `prefix`. The hint of
    /// a guessable password is English, so only English says it.
    pub fn password(&self, prefix: &str, err: &PasswordError) -> String {
        use byline_core::accounts::Password;
        match err {
            PasswordError::TooShort => self.numbers(&format!("{prefix}too-short"), &[("least", size(Password::MIN))]),
            PasswordError::TooLong => self.numbers(&format!("{prefix}too-long"), &[("most", size(Password::MAX))]),
            PasswordError::Common { hint } => self.with(&format!("{prefix}common"), &[("hint", hint)]),
        }
    }

    /// A sign-up field's mistake.
    pub fn mistake(&self, mistake: &Mistake) -> String {
        match mistake {
            Mistake::Handle(err) => self.handle(err),
            Mistake::DisplayName(err) => self.display_name("refused-display-name-", err),
            Mistake::Email(_) => self.t("refused-not-an-address"),
            Mistake::Password(err) => self.password("refused-password-", err),
            Mistake::HandleTaken => self.t("refused-handle-taken"),
            Mistake::HandleOrAddressTaken => self.t("mistake-handle-or-address-taken"),
        }
    }

    /// A handle's mistake.
    pub fn handle(&self, err: &HandleError) -> String {
        use byline_core::accounts::Handle;
        match err {
            HandleError::Length => {
                self.numbers("mistake-handle-length", &[("least", size(Handle::MIN)), ("most", size(Handle::MAX))])
            }
            HandleError::Characters => self.t("mistake-handle-characters"),
            HandleError::Invisible => self.t("mistake-handle-invisible"),
            HandleError::MixedScript => self.t("mistake-handle-mixed-script"),
        }
    }
}

fn size(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn seconds(n: u64) -> i64 {
    i64::try_from(n.max(1)).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Every refusal this module says in the catalogue's words: in English
    /// the words are the application's own, to the letter.
    fn translated() -> Vec<Refusal> {
        let name = [DisplayNameError::Empty, DisplayNameError::TooLong, DisplayNameError::Invisible];
        let password = [PasswordError::TooShort, PasswordError::TooLong];
        let mut all = vec![
            Refusal::TooFast(Duration::from_secs(9)),
            Refusal::TooFast(Duration::from_secs(1)),
            Refusal::Body(CommentBodyError::TooLong { length: 620, max: 600 }),
            Refusal::Body(CommentBodyError::Empty),
            Refusal::EditWindowOver { minutes: 15 },
            Refusal::SignInLocked(Duration::from_secs(61)),
            Refusal::SignInLocked(Duration::from_secs(60)),
            Refusal::SignInAgain { minutes: 30 },
            Refusal::NotFound,
            Refusal::Closed,
            Refusal::ConfirmEmail,
            Refusal::ParentElsewhere,
            Refusal::ParentRemoved,
            Refusal::NotYours,
            Refusal::NotPublished,
            Refusal::OwnComment,
            Refusal::BadReason,
            Refusal::RefusalReasonMissing,
            Refusal::StandingReasonMissing,
            Refusal::SuspensionLength,
            Refusal::TooManyChosen,
            Refusal::NotAllowed,
            Refusal::FeatureUnpublished,
            Refusal::NotAppealable,
            Refusal::WrongPassword,
            Refusal::HandleNotTyped,
            Refusal::LastAdmin,
            Refusal::NoSuchAccount,
            Refusal::SignUpsFromHere(Duration::from_secs(60)),
            Refusal::LinkNoGood,
            Refusal::NotTheAccountsPassword,
            Refusal::AddressInUse,
            Refusal::NotAnAddress,
            Refusal::Email(byline_core::accounts::EmailError),
            Refusal::TooManyLinks(Duration::from_secs(60)),
            Refusal::HandleTaken,
            Refusal::EmailTaken,
            Refusal::ReasonTooLong { most: 500 },
            Refusal::AppealNote { most: 500 },
        ];
        all.extend(name.iter().map(|e| Refusal::GuestName(e.clone())));
        all.extend(name.iter().map(|e| Refusal::DisplayName(e.clone())));
        all.extend(password.iter().map(|e| Refusal::NewPassword(e.clone())));
        all.extend(password.iter().map(|e| Refusal::Password(e.clone())));
        let common = PasswordError::Common { hint: " (a common word)".into() };
        all.extend([Refusal::NewPassword(common.clone()), Refusal::Password(common)]);
        all
    }

    #[test]
    fn english_says_what_the_application_says() {
        let english = Locale::english();
        for refusal in translated() {
            assert_eq!(english.refusal(&refusal), refusal.message(), "{refusal:?}");
        }
    }

    #[test]
    fn large_numbers_are_grouped_as_the_language_writes_them() {
        let long = Refusal::Body(CommentBodyError::TooLong { length: 5_200, max: 5_000 });
        assert_eq!(Locale::english().refusal(&long), "The comment is 5,200 characters long; the limit is 5,000.");
    }

    #[test]
    fn urdu_and_arabic_say_every_refusal_in_their_own_words() {
        for lang in ["ur", "ar"] {
            let locale = Locale::choose([&byline_core::LanguageTag::parse(lang).unwrap()]);
            for refusal in translated() {
                let said = locale.refusal(&refusal);
                assert!(!said.contains(super::super::MISSING_OPEN), "{lang} {refusal:?}: {said}");
                assert!(!said.chars().any(|c| c.is_ascii_alphabetic()), "{lang} {refusal:?}: {said}");
            }
        }
    }

    #[test]
    fn sign_up_mistakes_read_as_the_application_writes_them() {
        let mistakes = [
            Mistake::Handle(HandleError::Length),
            Mistake::Handle(HandleError::Characters),
            Mistake::Handle(HandleError::Invisible),
            Mistake::Handle(HandleError::MixedScript),
            Mistake::DisplayName(DisplayNameError::TooLong),
            Mistake::Email(byline_core::accounts::EmailError),
            Mistake::Password(PasswordError::TooShort),
            Mistake::HandleTaken,
            Mistake::HandleOrAddressTaken,
        ];
        for mistake in &mistakes {
            assert_eq!(Locale::english().mistake(mistake), mistake.to_string());
        }
        for lang in ["ur", "ar"] {
            let locale = Locale::choose([&byline_core::LanguageTag::parse(lang).unwrap()]);
            for mistake in &mistakes {
                let said = locale.mistake(mistake);
                assert!(!said.chars().any(|c| c.is_ascii_alphabetic() || c == '⟦'), "{lang} {mistake:?}: {said}");
            }
        }
    }

    #[test]
    fn an_authors_note_says_what_the_core_says() {
        use byline_core::moderation::{MODERATOR_RULE, Reason, Verdict};
        let english = Locale::english();
        let mut keys = std::collections::BTreeSet::new();
        let rules = ["comment_mode", "standing", "trust", "word_list", "links", "repeated", "spam", "flags"];
        let details = ["abuse", "off-topic", "misinformation", "personal", "other", "", "gone"];
        for verdict in [Verdict::Hold, Verdict::Reject] {
            let reasons = rules.iter().map(|rule| (*rule, "")).chain(details.iter().map(|d| (MODERATOR_RULE, *d)));
            for (rule, detail) in reasons {
                let reason: Reason =
                    serde_json::from_value(serde_json::json!({"rule": rule, "verdict": verdict, "detail": detail}))
                        .unwrap();
                let id = crate::comments::view::author_note_id(&reason);
                assert_eq!(english.t(&id), reason.for_author(), "{rule} {detail}");
                keys.insert(id);
            }
        }
        assert_eq!(keys.len(), 13, "every note is reached: {keys:?}");
    }
}
