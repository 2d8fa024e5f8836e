//! What the fuzz targets in `fuzz/` need to reach: the parser of request
//! form bodies, and the form types the handlers read them into. Not an API
//! for anything else; hidden from the documentation.

pub use crate::accounts::admin::RoleForm;
pub use crate::accounts::settings::{ChangeEmailForm, ChangePasswordForm, DeleteForm, ProfileForm};
pub use crate::accounts::sign_in::{EmailForm, NewPasswordForm, SignInForm, SignUpForm};
pub use crate::comments::guests::GuestForm;
pub use crate::comments::pages::{AppealForm, EditForm, FeatureForm, FlagForm, VoteForm};
pub use crate::moderation::people::StandingForm;
pub use crate::moderation::queue::DecisionForm;
pub use crate::pages::articles::CommentForm;

/// Reads a form body into `T` exactly as a handler's extractor does;
/// `None` when the site would answer 400.
pub fn parse_form<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    crate::forms::parse_form(bytes).ok()
}
