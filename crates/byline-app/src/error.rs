//! What a use case answers when it does not do what was asked: a
//! [`Refusal`] by one of the product's rules (nothing was written), or a
//! failure of the store. Each refusal has a stable code, a message for the
//! person and a [`Kind`] that adapters turn into their own terms (an HTTP
//! status, an exit code); none of that is decided here twice.

use std::time::Duration;

use byline_core::ArticleStatus;
use byline_core::accounts::{DisplayNameError, EmailError, PasswordError};
use byline_core::comments::CommentBodyError;
use byline_core::story_form::FieldError;
use byline_store::StoreError;

/// The family a refusal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// There is no such thing (or the person may not know there is).
    NotFound,
    /// It exists, but this person may not do this to it.
    Forbidden,
    /// The thing's state does not allow it now (closed, removed, over).
    Conflict,
    /// What was sent is not acceptable as it is.
    Invalid,
    /// Too many attempts: try again after the wait.
    TooMany(Duration),
}

/// Why an action was not done. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    Closed,
    ConfirmEmail,
    TooFast(Duration),
    Body(CommentBodyError),
    ParentElsewhere,
    ParentRemoved,
    EditWindowOver {
        minutes: i64,
    },
    NotYours,
    NotPublished,
    OwnComment,
    BadReason,
    GuestName(DisplayNameError),
    /// A moderator rejected a comment without saying why.
    RefusalReasonMissing,
    /// A moderator kept someone from commenting without saying why.
    StandingReasonMissing,
    /// A moderator's reason is longer than the log keeps.
    ReasonTooLong {
        most: usize,
    },
    /// A suspension's length is outside what the site allows.
    SuspensionLength,
    /// More comments chosen for one decision than a page of the queue.
    TooManyChosen,
    /// The person's role does not allow it.
    NotAllowed,
    /// Only published comments can be featured.
    FeatureUnpublished,
    /// An appeal's note is empty or too long.
    AppealNote {
        most: usize,
    },
    /// Only a refused comment can be appealed, and only once.
    NotAppealable,
    /// Two articles of one run, `index` and `earlier`, have one slug.
    SlugTwice {
        index: usize,
        earlier: usize,
        slug: String,
    },
    /// Article `index` of a run would put live, under a new address, a
    /// story whose text is `percent` % the same as the live one at `slug`.
    NearDuplicate {
        index: usize,
        slug: String,
        headline: String,
        percent: u32,
    },
    /// A display name that cannot be shown.
    DisplayName(DisplayNameError),
    /// The current password given is not the account's.
    WrongPassword,
    /// A new password that is too weak or otherwise unfit.
    NewPassword(PasswordError),
    /// Deleting an account needs its handle typed out.
    HandleNotTyped,
    /// The last admin cannot leave the site without one.
    LastAdmin,
    /// No account has that address and password (or no such address).
    NoSuchAccount,
    /// Too many failed sign-ins from here: try again after the wait.
    SignInLocked(Duration),
    /// Too many accounts made from here lately.
    SignUpsFromHere(Duration),
    /// A sign-up form's mistakes, every field's at once.
    SignUp(crate::accounts::SignUpMistakes),
    /// An e-mailed link that has expired, was used, or never was.
    LinkNoGood,
    /// The password typed to keep an account's password on confirming its
    /// address is not the account's.
    NotTheAccountsPassword,
    /// Another account confirmed the address first.
    AddressInUse,
    /// A link asked for an address that is not one.
    NotAnAddress,
    /// An address that is not one, with why.
    Email(EmailError),
    /// Too many links asked for, from here or for one inbox.
    TooManyLinks(Duration),
    /// A chosen password that is too weak or otherwise unfit.
    Password(PasswordError),
    /// An account without a password changes its address only soon after
    /// signing in by an e-mailed link.
    SignInAgain {
        minutes: i64,
    },
    /// The handle is taken (or looks too much like one that is).
    HandleTaken,
    /// An account already has the address.
    EmailTaken,
    /// The first admin's link was used, replaced, or never made.
    SetupUsed,
    /// No account has the handle given.
    NoSuchHandle,
    /// There is no such story (or the person may not open the desk).
    NoSuchStory,
    /// A story form's mistakes, every field's at once.
    StoryFields(Vec<FieldError>),
    /// Someone saved the story after the version this change started from.
    StoryChanged {
        current: i64,
    },
    /// Another story has the slug, or had it once.
    SlugTaken,
    /// A schedule's time has already come.
    ScheduleInPast,
    /// A run's article `index` names a slug a story left behind (its old
    /// address now leads to `now_at`).
    SlugRetired {
        index: usize,
        slug: String,
        now_at: String,
    },
    /// The story's state does not allow that move.
    StoryState {
        status: ArticleStatus,
    },
    /// A photograph's words' mistakes, every field's at once.
    MediaFields(Vec<FieldError>),
    /// An upload that is not a photograph we take, and why.
    Photo(crate::media::PhotoProblem),
    /// There is no such photograph in the library.
    NoSuchPhoto,
    /// Stories (id, headline) lead with the photograph, or author pages
    /// (by name) show it.
    PhotoInUse {
        stories: Vec<(i64, String)>,
        authors: Vec<String>,
    },
    /// A page of a site the admin has not allowed to carry the comments.
    SiteNotAllowed,
    /// The embedded bar named a page address that is not one.
    PageAddress,
    /// A host site's sign-in token that is refused, and why.
    HostToken(HostTokenProblem),
    /// A sign-in with another site's account did not happen, and why.
    ProviderSignIn(crate::sign_in_providers::ProviderProblem),
    /// A webhook endpoint's form, every field's mistake at once.
    WebhookFields(Vec<FieldError>),
    NoSuchWebhook,
    /// A test ping needs the endpoint switched on.
    WebhookOff,
}

/// Why a host site's sign-in token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostTokenProblem {
    /// The site takes no host sign-ins (no shared secret is set).
    NotTaken,
    /// Not a token, or not signed with the shared secret.
    BadSignature,
    /// Signed, but without the reader's id, name or expiry, or with a
    /// name or address that cannot be used.
    Claims,
    /// Its time is over.
    Expired,
    /// It lasts longer than a sign-in token may.
    TooLong,
    /// Its audience (`aud`) is not a site allowed to carry the bar.
    Site,
    /// It was used already.
    Replayed,
}

impl Refusal {
    /// The stable code the JSON API answers with.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Closed => "comments_closed",
            Self::ConfirmEmail => "email_unconfirmed",
            Self::TooFast(_) => "too_fast",
            Self::Body(CommentBodyError::Empty) => "empty",
            Self::Body(CommentBodyError::TooLong { .. }) => "too_long",
            Self::ParentElsewhere => "parent_elsewhere",
            Self::ParentRemoved => "parent_removed",
            Self::EditWindowOver { .. } => "edit_window_over",
            Self::NotYours => "not_yours",
            Self::NotPublished => "not_published",
            Self::OwnComment => "own_comment",
            Self::BadReason => "bad_reason",
            Self::GuestName(_) => "bad_name",
            Self::RefusalReasonMissing | Self::StandingReasonMissing => "reason_required",
            Self::ReasonTooLong { .. } => "reason_too_long",
            Self::SuspensionLength => "bad_suspension",
            Self::TooManyChosen => "too_many_chosen",
            Self::NotAllowed => "forbidden",
            Self::FeatureUnpublished => "not_published",
            Self::AppealNote { .. } => "bad_note",
            Self::NotAppealable => "not_appealable",
            Self::SlugTwice { .. } => "slug_twice",
            Self::NearDuplicate { .. } => "near_duplicate",
            Self::DisplayName(_) => "bad_name",
            Self::WrongPassword => "wrong_password",
            Self::NewPassword(_) => "weak_password",
            Self::HandleNotTyped => "confirm_handle",
            Self::LastAdmin => "last_admin",
            Self::NoSuchAccount => "no_such_account",
            Self::SignInLocked(_) | Self::SignUpsFromHere(_) => "too_many_attempts",
            Self::SignUp(_) => "bad_sign_up",
            Self::LinkNoGood => "link_expired",
            Self::NotTheAccountsPassword => "wrong_password",
            Self::AddressInUse | Self::EmailTaken => "email_taken",
            Self::NotAnAddress | Self::Email(_) => "bad_email",
            Self::TooManyLinks(_) => "too_fast",
            Self::Password(_) => "weak_password",
            Self::SignInAgain { .. } => "sign_in_again",
            Self::HandleTaken => "handle_taken",
            Self::SetupUsed | Self::NoSuchHandle | Self::NoSuchStory => "not_found",
            Self::StoryFields(_) => "bad_story",
            Self::StoryChanged { .. } => "edit_conflict",
            Self::SlugTaken | Self::SlugRetired { .. } => "slug_taken",
            Self::ScheduleInPast => "schedule_in_past",
            Self::StoryState { .. } => "wrong_state",
            Self::MediaFields(_) => "bad_media",
            Self::Photo(problem) => problem.code,
            Self::NoSuchPhoto => "not_found",
            Self::PhotoInUse { .. } => "photo_in_use",
            Self::SiteNotAllowed => "embed_site_not_allowed",
            Self::PageAddress => "embed_page_address",
            Self::HostToken(HostTokenProblem::NotTaken) => "sso_not_configured",
            Self::HostToken(HostTokenProblem::BadSignature) => "sso_token_invalid",
            Self::HostToken(HostTokenProblem::Claims) => "sso_token_claims",
            Self::HostToken(HostTokenProblem::Expired) => "sso_token_expired",
            Self::HostToken(HostTokenProblem::TooLong) => "sso_token_too_long",
            Self::HostToken(HostTokenProblem::Site) => "sso_token_site",
            Self::HostToken(HostTokenProblem::Replayed) => "sso_token_used",
            Self::ProviderSignIn(problem) => problem.code(),
            Self::WebhookFields(_) => "bad_webhook",
            Self::NoSuchWebhook => "not_found",
            Self::WebhookOff => "webhook_off",
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Self::NotFound
            | Self::SetupUsed
            | Self::NoSuchHandle
            | Self::NoSuchStory
            | Self::NoSuchPhoto
            | Self::NoSuchWebhook => Kind::NotFound,
            Self::NotYours | Self::ConfirmEmail | Self::NotAllowed | Self::SiteNotAllowed | Self::HostToken(_) => {
                Kind::Forbidden
            }
            Self::ProviderSignIn(problem) => problem.kind(),
            Self::TooFast(wait) | Self::SignInLocked(wait) | Self::SignUpsFromHere(wait) | Self::TooManyLinks(wait) => {
                Kind::TooMany(*wait)
            }
            Self::Closed
            | Self::ParentRemoved
            | Self::NotPublished
            | Self::EditWindowOver { .. }
            | Self::FeatureUnpublished
            | Self::NotAppealable
            | Self::NearDuplicate { .. }
            | Self::LastAdmin
            | Self::AddressInUse
            | Self::HandleTaken
            | Self::EmailTaken
            | Self::StoryChanged { .. }
            | Self::SlugTaken
            | Self::SlugRetired { .. }
            | Self::StoryState { .. }
            | Self::PhotoInUse { .. }
            | Self::WebhookOff => Kind::Conflict,
            Self::Body(_)
            | Self::ParentElsewhere
            | Self::OwnComment
            | Self::BadReason
            | Self::GuestName(_)
            | Self::RefusalReasonMissing
            | Self::StandingReasonMissing
            | Self::ReasonTooLong { .. }
            | Self::SuspensionLength
            | Self::TooManyChosen
            | Self::AppealNote { .. }
            | Self::SlugTwice { .. }
            | Self::DisplayName(_)
            | Self::WrongPassword
            | Self::NewPassword(_)
            | Self::HandleNotTyped
            | Self::NoSuchAccount
            | Self::SignUp(_)
            | Self::LinkNoGood
            | Self::NotTheAccountsPassword
            | Self::NotAnAddress
            | Self::Email(_)
            | Self::Password(_)
            | Self::SignInAgain { .. }
            | Self::StoryFields(_)
            | Self::ScheduleInPast
            | Self::MediaFields(_)
            | Self::Photo(_)
            | Self::PageAddress
            | Self::WebhookFields(_) => Kind::Invalid,
        }
    }

    /// What the person is told, with the particulars of their case.
    pub fn message(&self) -> String {
        match self {
            Self::TooFast(wait) => {
                let seconds = wait.as_secs().max(1);
                let unit = if seconds == 1 { "second" } else { "seconds" };
                format!("You are commenting very fast. Please wait {seconds} {unit} and send it again.")
            }
            Self::Body(err) => err.to_string(),
            Self::GuestName(err) => format!("Your name {err}."),
            Self::DisplayName(err) => format!("The display name {err}."),
            Self::NewPassword(err) => format!("The new password {err}."),
            Self::Password(err) => format!("The password {err}."),
            Self::Email(err) => format!("That {err}."),
            Self::SignInAgain { minutes } => format!(
                "Your account has no password: sign out, sign in again with an e-mailed link, and change the address \
                 within {minutes} minutes (or set a password first)."
            ),
            Self::SignInLocked(wait) => {
                let minutes = wait.as_secs().div_ceil(60).max(1);
                format!(
                    "Too many failed attempts from here. Try your password again in {minutes} minute{}, or get a \
                     sign-in link by e-mail below.",
                    if minutes == 1 { "" } else { "s" }
                )
            }
            Self::EditWindowOver { minutes } => {
                format!("Comments can be edited for {minutes} minutes after posting; that time is over.")
            }
            Self::SlugTwice { slug, .. } => {
                format!("The slug `{slug}` is given to two articles: one article, one address.")
            }
            Self::NearDuplicate { slug, headline, percent, .. } => {
                format!("Its text is {percent}% the same as /articles/{slug} (\"{headline}\"), which is live.")
            }
            Self::StoryState { status } => format!("A {status} story cannot be moved that way."),
            Self::SlugRetired { slug, now_at, .. } => {
                format!("The address /articles/{slug} is an old one of /articles/{now_at}, which it leads to.")
            }
            Self::Photo(problem) => problem.message.clone(),
            Self::PhotoInUse { stories, authors } => {
                let mut uses: Vec<String> = stories.iter().map(|(_, headline)| format!("“{headline}”")).collect();
                uses.extend(authors.iter().map(|name| format!("{name}'s author page")));
                format!("The photograph is still shown by {}: choose another there first.", uses.join(", "))
            }
            Self::MediaFields(errors) => {
                let named: Vec<String> = errors.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
                format!("The photograph's words need another look: {}.", named.join("; "))
            }
            Self::StoryFields(errors) => {
                let named: Vec<String> = errors.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
                format!("Some fields need another look: {}.", named.join("; "))
            }
            Self::WebhookFields(errors) => {
                let named: Vec<String> = errors.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
                format!("The webhook needs another look: {}.", named.join("; "))
            }
            other => other.fixed_message().to_owned(),
        }
    }

    /// What the person is told, in words that do not change.
    pub fn fixed_message(&self) -> &'static str {
        match self {
            Self::NotFound => "There is no such comment.",
            Self::Closed => "Comments are closed on this article.",
            Self::ConfirmEmail => {
                "Confirm your e-mail address (see Your account) before commenting, voting or flagging."
            }
            Self::TooFast(_) => "You are commenting very fast. Please wait a little and send it again.",
            Self::Body(CommentBodyError::Empty) => "The comment is empty.",
            Self::Body(CommentBodyError::TooLong { .. }) => "The comment is too long.",
            Self::ParentElsewhere => "The comment you replied to is not part of this article.",
            Self::ParentRemoved => "The comment you replied to has been removed, so it takes no replies.",
            Self::EditWindowOver { .. } => "The time for editing this comment is over.",
            Self::NotYours => "Only its author can change a comment.",
            Self::NotPublished => "Only published comments take votes and flags.",
            Self::OwnComment => "You cannot vote for or flag your own comment.",
            Self::BadReason => "Choose a reason for the flag.",
            Self::GuestName(_) => "Give the name to show with your comment.",
            Self::RefusalReasonMissing => "Choose why the comment is rejected.",
            Self::StandingReasonMissing => "Say why the author is suspended or banned: the log keeps it.",
            Self::ReasonTooLong { .. } => "Give the reason in at most 500 characters.",
            Self::SuspensionLength => "Suspend for 1 to 365 days.",
            Self::TooManyChosen => "Choose at most one page of comments at a time.",
            Self::NotAllowed => "Your role does not allow that.",
            Self::FeatureUnpublished => "Only published comments can be featured.",
            Self::AppealNote { .. } => "An appeal needs a short note (at most 500 characters).",
            Self::NotAppealable => "Only a refused comment can be appealed, and only once.",
            Self::SlugTwice { .. } => "Two articles have one slug: one article, one address.",
            Self::NearDuplicate { .. } => "Its text repeats a live story.",
            Self::DisplayName(_) => "The display name cannot be shown.",
            Self::WrongPassword => "The current password is not right.",
            Self::NewPassword(_) => "The new password is not strong enough.",
            Self::HandleNotTyped => "Type your handle exactly as shown to delete the account.",
            Self::LastAdmin => "You are the only admin. Make someone else an admin first.",
            Self::NoSuchAccount => "That e-mail address and password do not match an account.",
            Self::SignInLocked(_) => {
                "Too many failed attempts from here. Try again later, or get a sign-in link by e-mail."
            }
            Self::SignUpsFromHere(_) => "Too many accounts were made from here lately. Please try again later.",
            Self::SignUp(_) => "Some of the fields need another look.",
            Self::LinkNoGood => "This link has expired or has already been used. Ask for a new one and use it soon.",
            Self::NotTheAccountsPassword => {
                "That is not the password of this account. Leave the field empty if you did not create it."
            }
            Self::AddressInUse => "Another account confirmed this address first, so it cannot be used for this one.",
            Self::NotAnAddress | Self::Email(_) => "That is not an e-mail address such as name@example.org.",
            Self::TooManyLinks(_) => "There have been too many attempts. Please wait a little and try again.",
            Self::Password(_) => "The password is not strong enough.",
            Self::SignInAgain { .. } => {
                "Your account has no password: sign out, sign in again with an e-mailed link, and change the address."
            }
            Self::HandleTaken => "That handle is taken (or looks too much like one that is). Try another.",
            Self::EmailTaken => "An account already uses this address.",
            Self::SetupUsed => "This setup link has been used, or a newer one replaced it.",
            Self::NoSuchHandle => "No account has that handle.",
            Self::NoSuchStory => "There is no such story.",
            Self::StoryFields(_) => "Some of the story's fields need another look.",
            Self::StoryChanged { .. } => {
                "Someone saved this story after you opened it. Compare the two versions and save again."
            }
            Self::SlugTaken => "Another story has this address, or had it once. Choose another slug.",
            Self::SlugRetired { .. } => "That address once belonged to a story that has moved; it leads there.",
            Self::ScheduleInPast => "Choose a time still to come to schedule the story.",
            Self::StoryState { .. } => "The story's state does not allow that now.",
            Self::MediaFields(_) => "Some of the photograph's words need another look.",
            Self::Photo(_) => "That file is not a photograph we can take.",
            Self::NoSuchPhoto => "There is no such photograph in the library.",
            Self::PhotoInUse { .. } => "The photograph is still shown: choose another where it is first.",
            Self::SiteNotAllowed => "This site is not one the discussion may be shown on.",
            Self::PageAddress => "The page's address is not a web address.",
            Self::HostToken(HostTokenProblem::NotTaken) => "This site does not take sign-ins from other sites.",
            Self::HostToken(HostTokenProblem::BadSignature) => {
                "The sign-in token is not signed with the site's shared secret."
            }
            Self::HostToken(HostTokenProblem::Claims) => {
                "The sign-in token must name the reader (id and name) and its expiry; its name cannot be used."
            }
            Self::HostToken(HostTokenProblem::Expired) => "The sign-in token has expired. Sign in again on your site.",
            Self::HostToken(HostTokenProblem::TooLong) => "The sign-in token lasts too long: at most a day.",
            Self::HostToken(HostTokenProblem::Site) => {
                "The sign-in token must name its site (aud), one allowed to carry the discussion."
            }
            Self::HostToken(HostTokenProblem::Replayed) => "The sign-in token was used already. Each works once.",
            Self::ProviderSignIn(problem) => problem.message(),
            Self::WebhookFields(_) => "The webhook's fields need another look.",
            Self::NoSuchWebhook => "There is no such webhook.",
            Self::WebhookOff => "The webhook is switched off: switch it on first.",
        }
    }
}

/// A use case's failure: refused by a rule, or a fault of the store.
#[derive(Debug)]
pub enum Error {
    Refused(Refusal),
    Store(StoreError),
    /// A fault of ours outside the store (a worker task lost, hashing
    /// failed): logged, never shown as it is.
    Internal(&'static str),
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        Self::Store(err)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(refusal) => f.write_str(&refusal.message()),
            Self::Store(err) => write!(f, "{err}"),
            Self::Internal(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Error {}
