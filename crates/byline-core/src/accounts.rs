//! People: handles, e-mail addresses, passwords, display names, and the
//! roles that decide what each may do.

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;
use unicode_security::{MixedScript, skeleton};

use crate::articles::UnknownValue;
pub use crate::text::is_invisible_control;
use crate::text::{cap_combining_marks, normalise_line};

/// What becomes of a deleted account's comments: a site setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeletedComments {
    /// Their text goes; each leaves a tombstone, so threads keep their
    /// shape and replies their place.
    #[default]
    Remove,
    /// They stay, signed "Deleted user".
    Keep,
}

impl DeletedComments {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Remove => "remove",
            Self::Keep => "keep",
        }
    }
}

impl FromStr for DeletedComments {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "remove" => Ok(Self::Remove),
            "keep" => Ok(Self::Keep),
            _ => Err(UnknownValue { expected: "remove or keep", found: s.to_owned() }),
        }
    }
}

/// A public name such as `amira_h` or `نسیم`: what others see and mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    shown: String,
    key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandleError {
    #[error("must be between {min} and {max} characters", min = Handle::MIN, max = Handle::MAX)]
    Length,
    #[error("may hold only letters, digits and underscores")]
    Characters,
    #[error("must not contain invisible or direction-changing characters")]
    Invisible,
    #[error("must be written in one script (not, say, Latin and Cyrillic letters mixed)")]
    MixedScript,
}

impl Handle {
    pub const MIN: usize = 3;
    pub const MAX: usize = 30;

    pub fn parse(raw: &str) -> Result<Self, HandleError> {
        let raw = raw.trim();
        if raw.chars().any(is_invisible_control) {
            return Err(HandleError::Invisible);
        }
        let shown = cap_combining_marks(&raw.nfc().collect::<String>());
        let length = shown.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&length) {
            return Err(HandleError::Length);
        }
        if !shown.chars().all(|c| c.is_alphanumeric() || c == '_' || is_combining_mark(c)) {
            return Err(HandleError::Characters);
        }
        if !shown.as_str().is_single_script() {
            return Err(HandleError::MixedScript);
        }
        let key = Self::key_of(&shown);
        Ok(Self { shown, key })
    }

    /// The form two handles share when a reader could mistake one for the
    /// other: case-folded, compatibility-normalised, and reduced to the
    /// Unicode confusable skeleton ("Amira", "amira" and "аmira" with a
    /// Cyrillic а have one key).
    pub fn key_of(text: &str) -> String {
        let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
        skeleton(&folded).collect::<String>().nfc().flat_map(char::to_lowercase).collect()
    }

    pub fn as_str(&self) -> &str {
        &self.shown
    }

    /// The uniqueness key; see [`Handle::key_of`].
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

fn is_combining_mark(c: char) -> bool {
    // Scripts such as Devanagari and Arabic need their vowel signs in names.
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0962}' | '\u{0963}'
        | '\u{0981}'..='\u{0983}' | '\u{09BC}'..='\u{09CD}' | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// An e-mail address, kept as typed; its key is the lowercased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not an e-mail address such as name@example.org")]
pub struct EmailError;

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let text: String = raw.trim().nfc().collect();
        if text.len() > Self::MAX || text.chars().any(|c| c.is_whitespace() || is_invisible_control(c)) {
            return Err(EmailError);
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(EmailError);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty()
            || local.len() > 64
            || local.contains(['<', '>', '"', '(', ')', ',', ';', '@'])
            || !domain_ok
        {
            return Err(EmailError);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form compared for uniqueness and sign-in.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown beside a person's comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters", max = DisplayName::MAX)]
    TooLong,
    #[error("must not contain invisible or direction-changing characters")]
    Invisible,
}

impl DisplayName {
    pub const MAX: usize = 60;

    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        if raw.chars().any(|c| is_invisible_control(c) && !c.is_whitespace()) {
            return Err(DisplayNameError::Invisible);
        }
        let text = cap_combining_marks(&normalise_line(raw));
        if text.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if text.chars().count() > Self::MAX {
            return Err(DisplayNameError::TooLong);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the rules; it exists only long enough to be hashed.
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<hidden>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("must be at least {min} characters", min = Password::MIN)]
    TooShort,
    #[error("must be at most {max} characters", max = Password::MAX)]
    TooLong,
    #[error("is too easy to guess{hint}; try a few unrelated words")]
    Common { hint: String },
}

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 128;

    /// Checks length and guessability. `related` holds words of the account
    /// (handle, name, e-mail) that must not make up the password.
    ///
    /// Guessability comes from zxcvbn, whose shipped lists hold the most
    /// common passwords, words and names; anything it scores below 2 of 4
    /// (guessable within about a million tries) is refused.
    pub fn parse(raw: &str, related: &[&str]) -> Result<Self, PasswordError> {
        let length = raw.chars().count();
        if length < Self::MIN {
            return Err(PasswordError::TooShort);
        }
        if length > Self::MAX {
            return Err(PasswordError::TooLong);
        }
        let estimate = zxcvbn::zxcvbn(raw, related);
        if u8::from(estimate.score()) < 2 {
            let hint = estimate
                .feedback()
                .and_then(|f| f.warning())
                .map(|w| format!(" ({})", w.to_string().trim_end_matches('.').to_lowercase()))
                .unwrap_or_default();
            return Err(PasswordError::Common { hint });
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The colours a reader chose for the site, over what their system asks
/// for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }
}

/// What a person may do on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Commenter,
    /// Writes stories and sends them to an editor; publishes nothing.
    Writer,
    Moderator,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Commenter, Role::Writer, Role::Moderator, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Commenter => "commenter",
            Self::Writer => "writer",
            Self::Moderator => "moderator",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    /// The permission matrix: the one place that says who may do what.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Self::Admin => true,
            Self::Editor => {
                matches!(permission, Comment | TrustedComments | WriteStories | EditArticles | FeatureContent)
            }
            Self::Writer => matches!(permission, Comment | TrustedComments | WriteStories),
            Self::Moderator => matches!(permission, Comment | TrustedComments | Moderate | FeatureContent),
            Self::Commenter => matches!(permission, Comment),
        }
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownValue {
            expected: "commenter, writer, moderator, editor, admin",
            found: s.to_owned(),
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Things a signed-in person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    Comment,
    /// Comments skip the trust rule (never the word lists or the link
    /// limit): staff answer for their words by their role.
    TrustedComments,
    Moderate,
    FeatureContent,
    /// Write stories, and change one's own until an editor has them.
    WriteStories,
    /// Change any story, and schedule, publish, unpublish and correct.
    EditArticles,
    ManageUsers,
    ManageSite,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_in_any_single_script_are_fine() {
        for ok in ["amira_h", "نسیم_اختر", "ثمینہ", "Jörg99", "दीपिका"] {
            assert!(Handle::parse(ok).is_ok(), "{ok} refused");
        }
    }

    #[test]
    fn handles_that_could_deceive_are_refused() {
        assert_eq!(Handle::parse("pаypal"), Err(HandleError::MixedScript)); // Cyrillic а
        assert_eq!(Handle::parse("admin\u{202E}lol"), Err(HandleError::Invisible));
        assert_eq!(Handle::parse("zero\u{200B}width"), Err(HandleError::Invisible));
        assert_eq!(Handle::parse("ab"), Err(HandleError::Length));
        assert_eq!(Handle::parse("a b c"), Err(HandleError::Characters));
        assert_eq!(Handle::parse("x@y.z"), Err(HandleError::Characters));
    }

    #[test]
    fn confusable_and_case_variants_share_a_key() {
        let key = Handle::parse("Amira").unwrap().key().to_owned();
        assert_eq!(Handle::parse("amira").unwrap().key(), key);
        assert_eq!(Handle::key_of("аmira"), key); // whole-script Cyrillic а
        assert_eq!(Handle::parse("AMIRA").unwrap().key(), key);
        assert_ne!(Handle::parse("amirah").unwrap().key(), key);
        assert_eq!(Handle::key_of("ｒｏｏｔ"), Handle::key_of("root"));
    }

    #[test]
    fn emails_are_checked_and_keyed_case_insensitively() {
        let email = Email::parse(" Someone@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "Someone@Example.ORG");
        assert_eq!(email.key(), "someone@example.org");
        for bad in ["", "no-at-sign", "a@b", "a@.com", "a b@c.org", "<a>@b.org", "a@b..org"] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn passwords_need_length_and_must_not_be_common() {
        assert_eq!(Password::parse("short", &[]).unwrap_err(), PasswordError::TooShort);
        assert!(matches!(Password::parse("password123", &[]), Err(PasswordError::Common { .. })));
        assert!(matches!(Password::parse("1234567890", &[]), Err(PasswordError::Common { .. })));
        assert!(matches!(Password::parse("qwertyuiop", &[]), Err(PasswordError::Common { .. })));
        assert!(matches!(Password::parse("amira_h2026", &["amira_h"]), Err(PasswordError::Common { .. })));
        assert!(Password::parse("lantern orchard copper 47", &[]).is_ok());
        assert_eq!(format!("{:?}", Password::parse("lantern orchard copper 47", &[]).unwrap()), "Password(<hidden>)");
    }

    #[test]
    fn display_names_are_tidied_and_checked() {
        assert_eq!(DisplayName::parse("  Amira   Haddad ").unwrap().as_str(), "Amira Haddad");
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(DisplayName::parse("evil\u{202E}txt"), Err(DisplayNameError::Invisible));
    }

    #[test]
    fn names_cannot_stack_marks_over_the_text_around_them() {
        // Dozens of marks on one letter: three are kept, as in comments.
        let stacked = format!("Sa{}ra", "\u{0301}\u{0308}\u{0336}".repeat(12));
        let name = DisplayName::parse(&stacked).unwrap();
        // "S", "á" (composed), three marks, "r", "a".
        assert_eq!(name.as_str().chars().count(), 7, "{:?}", name.as_str());
        let handle = Handle::parse(&format!("ami{}ra", "\u{0301}".repeat(20))).unwrap();
        // "a", "m", "í" (composed), three marks, "r", "a".
        assert_eq!(handle.as_str().chars().count(), 8, "{:?}", handle.as_str());
        // Names that need their marks keep them.
        assert_eq!(DisplayName::parse("مُحَمَّد").unwrap().as_str(), "مُحَمَّد");
        assert!(Handle::parse("दीपिका").is_ok());
    }

    #[test]
    fn the_permission_matrix_holds() {
        assert!(Role::Admin.can(Permission::ManageUsers));
        for role in [Role::Commenter, Role::Moderator, Role::Editor] {
            assert!(!role.can(Permission::ManageUsers), "{role}");
            assert!(!role.can(Permission::ManageSite), "{role}");
            assert!(role.can(Permission::Comment), "{role}");
        }
        assert!(Role::Moderator.can(Permission::Moderate) && !Role::Editor.can(Permission::Moderate));
        assert!(Role::Editor.can(Permission::EditArticles) && !Role::Moderator.can(Permission::EditArticles));
        assert_eq!("editor".parse::<Role>(), Ok(Role::Editor));
        assert!("root".parse::<Role>().is_err());
    }
}
