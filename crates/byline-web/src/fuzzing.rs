//! What the fuzz targets in `fuzz/` need to reach: the parser of request
//! form bodies, and the form types the handlers read them into. Not an API
//! for anything else; hidden from the documentation.

pub use crate::pages::accounts::{EmailForm, NewPasswordForm, SignInForm, SignUpForm};
pub use crate::pages::admin::RoleForm;
pub use crate::pages::articles::CommentForm;
pub use crate::pages::comments::{AppealForm, EditForm, FeatureForm, FlagForm, VoteForm};
pub use crate::pages::guest_comments::GuestForm;
pub use crate::pages::moderation::DecisionForm;
pub use crate::pages::people::StandingForm;
pub use crate::pages::settings::{ChangeEmailForm, ChangePasswordForm, DeleteForm, ProfileForm};

/// Reads a form body into `T` exactly as a handler's extractor does;
/// `None` when the site would answer 400.
pub fn parse_form<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    crate::forms::parse_form(bytes).ok()
}
