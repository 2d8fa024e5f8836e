//! Becoming and being someone: signing up, in and out (the session
//! cookies), the e-mailed links, account settings, and the admins' list of
//! people and roles, and signing in with accounts elsewhere. The rules are the application's
//! ([`byline_app::accounts`], [`byline_app::links`],
//! [`byline_app::sessions`]).

pub mod admin;
pub mod providers;
pub mod sessions;
pub mod settings;
pub mod sign_in;
