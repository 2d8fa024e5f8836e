//! What the HTTP tests share: the application under test and the actions
//! taken on it, a browser and a JSON client, and reading what comes back.
//! Test modules import from here and from nowhere else in the binary.

mod accounts;
mod api;
mod app;
mod browser;
mod comments;
mod html;
pub mod images;
mod moderation;
mod openid;
mod response;
mod webhooks;

pub use api::{Api, code, read, with_json};
pub use app::{DEMO_ARTICLES, LEAD, TestApp, URDU};
pub use browser::{BASE, Browser, PASSWORD};
pub use comments::comment_id;
pub use html::{attr, select, text_of};
pub use openid::OpenIdProvider;
pub use response::{content_type, header, location};
pub use webhooks::{Receiver, clock_now, published_file, scheduled_file, until};
