//! Byline's use cases, one home for each: what a reader, a moderator or an
//! editor can do, the rules that decide whether it is done, and what
//! follows. Each takes the person acting, its input as domain values and
//! the [`App`]'s clock, and answers with a domain result or an [`Error`];
//! none knows about HTTP. The store below keeps only storage; the web
//! above keeps only adapters (forms, JSON, live streams, templates).

pub mod accounts;
pub mod alerts;
pub mod archive;
pub mod articles;
pub mod clock;
pub mod comments;
pub mod disqus_import;
pub mod embed;
mod error;
pub mod host_sign_in;
pub mod imports;
pub mod links;
pub mod media;
pub mod moderation;
pub mod personal_data;
pub mod replies;
pub mod sessions;
pub mod sign_in_providers;
pub mod stories;
pub mod throttle;
pub mod webhooks;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use byline_core::comments::CommentLimits;
use byline_core::moderation::Policy;
use byline_core::{CommentDefaults, CommentMode, Timestamp};
use byline_store::{ArticleSummary, Store};

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, HostTokenProblem, Kind, Refusal};
pub use throttle::{RateLimits, Throttles};

/// The work a use case leaves to whoever shows the site (live pages,
/// e-mail), boxed so that adapters can do it asynchronously.
pub type Pending<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// What follows a use case outside the store: the web layer tells open
/// pages and e-mails people. Failures there are the adapter's to log; the
/// use case's decision stands whatever happens.
pub trait Notices: Send + Sync {
    /// A comment was published as it was posted: announce it, and tell the
    /// author of the comment it answers.
    fn comment_posted<'a>(&'a self, posted: &'a comments::PostedNotice<'a>) -> Pending<'a>;

    /// A comment was published by someone other than its author (a
    /// moderator, a lifted ban): announce it, and when `first_time`, tell
    /// the author of the comment it answers.
    fn comment_published(&self, id: i64, first_time: bool) -> Pending<'_>;

    /// A moderator rejected a comment for the reason keyed `why` (a
    /// [`byline_core::moderation::Refusal`]'s key, whose sentence its
    /// author is shown): tell its author, where the site e-mails refusals.
    fn comment_refused(&self, id: i64, why: &'static str) -> Pending<'_>;

    /// Story `id` was published, changed or taken down: pages that show it
    /// are out of date (a cache in front is told to drop them).
    fn story_changed(&self, _id: i64) -> Pending<'_> {
        Box::pin(async {})
    }

    /// Comment `id` was edited, withdrawn, voted on, featured, held or
    /// taken down: the page that shows it is out of date (a cache in front
    /// is told to drop it). Publication has its own notices.
    fn comment_changed(&self, _id: i64) -> Pending<'_> {
        Box::pin(async {})
    }
}

/// Settings the use cases follow, fixed when the site starts.
#[derive(Clone, Default)]
pub struct Settings {
    pub comment_limits: CommentLimits,
    /// Whether readers without an account may comment (always held).
    pub guest_comments: bool,
    pub policy: Arc<Policy>,
    pub comment_defaults: Arc<CommentDefaults>,
    pub rate_limits: RateLimits,
    /// Whether authors are e-mailed when a moderator rejects their comment.
    pub email_refusals: bool,
    /// What becomes of a deleted account's comments.
    pub deleted_comments: byline_core::accounts::DeletedComments,
    /// Where photographs are kept, and the limits of an upload.
    pub media: media::MediaSettings,
    pub embed: embed::EmbedSettings,
    /// The other sites readers may sign in with.
    pub sign_in: sign_in_providers::SignInSettings,
    /// The site's address (`https://news.example/`), for the links
    /// webhooks and alerts carry; empty: paths alone.
    pub site_url: String,
}

/// `Ok` when `user`'s role allows `permission`. The router checks it
/// first; the use cases check it again, so none relies on its caller.
pub(crate) fn require(user: &byline_store::User, permission: byline_core::accounts::Permission) -> Result<(), Error> {
    if user.role.can(permission) { Ok(()) } else { Err(Refusal::NotAllowed.into()) }
}

/// A member of staff as the moderation log names whoever acts.
pub(crate) fn actor(user: &byline_store::User) -> byline_store::Actor<'_> {
    byline_store::Actor { id: Some(user.id), handle: &user.handle }
}

/// The application: the store, the settings, the clock and the rate
/// limits every use case shares.
pub struct App {
    pub store: Store,
    pub comment_limits: CommentLimits,
    pub guest_comments: bool,
    pub policy: Arc<Policy>,
    pub comment_defaults: Arc<CommentDefaults>,
    pub throttles: Throttles,
    pub email_refusals: bool,
    pub deleted_comments: byline_core::accounts::DeletedComments,
    embed: embed::EmbedSettings,
    site_url: String,
    media_folder: media::MediaFolder,
    media_limits: byline_media::Limits,
    clock: Arc<dyn Clock>,
    notices: OnceLock<Arc<dyn Notices>>,
    providers: sign_in_providers::Providers,
}

impl App {
    pub fn new(store: Store, settings: Settings, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            comment_limits: settings.comment_limits,
            guest_comments: settings.guest_comments,
            policy: settings.policy,
            comment_defaults: settings.comment_defaults,
            throttles: Throttles::with_limits(settings.rate_limits),
            email_refusals: settings.email_refusals,
            deleted_comments: settings.deleted_comments,
            embed: settings.embed,
            site_url: settings.site_url,
            media_folder: media::MediaFolder::new(settings.media.dir),
            media_limits: settings.media.limits,
            clock,
            notices: OnceLock::new(),
            providers: sign_in_providers::Providers::new(settings.sign_in),
        }
    }

    /// Who hears of what the use cases do; set once, by the adapter that
    /// shows the site. Without one, nothing is announced.
    pub fn set_notices(&self, notices: Arc<dyn Notices>) {
        if self.notices.set(notices).is_err() {
            tracing::warn!("notices were already set; the first stay");
        }
    }

    pub(crate) fn notices(&self) -> Option<&dyn Notices> {
        self.notices.get().map(|n| &**n)
    }

    /// Tells whoever hears notices that comment `id` changed on its page.
    pub(crate) async fn comment_changed(&self, id: i64) {
        if let Some(notices) = self.notices() {
            notices.comment_changed(id).await;
        }
    }

    /// The time now, by the application's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// How comments work on the article: its own setting, else its
    /// section's, else the site's.
    pub fn comment_mode(&self, article: &ArticleSummary) -> CommentMode {
        self.comment_defaults.mode_of(article.comment_mode, &article.section.slug)
    }
}
