//! The comments bar: the thread as the article page shows it, the forms
//! readers post with (signed in or as guests), the live stream of new
//! comments, what the web does once a comment is published (announce it,
//! e-mail replies), and how a refused action is answered. The rules are
//! the application's ([`byline_app::comments`]).

pub mod guests;
pub mod live;
pub mod pages;
pub mod published;
pub mod refusals;
pub mod view;
