//! Configuration: defaults, then a TOML file, then `BYLINE_*` environment
//! variables, then command-line flags. Loaded once, passed down.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use byline_core::LanguageTag;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use url::Url;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "byline.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub site: SiteSection,
    pub log: LogConfig,
    pub mail: MailConfig,
    pub comments: CommentsConfig,
    pub accounts: AccountsConfig,
    pub moderation: ModerationConfig,
    pub metrics: MetricsConfig,
    pub live: LiveConfig,
    pub media: MediaConfig,
    pub backup: BackupConfig,
    pub embed: EmbedConfig,
    pub sign_in: SignInConfig,
    pub webhooks: WebhooksConfig,
    pub cache: CacheConfig,
}

/// The comments bar on other sites.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmbedConfig {
    /// The sites whose pages may carry the bar, as `https://news.example`
    /// (scheme, host and port, no path).
    pub sites: Vec<String>,
    /// The secret host sites sign their readers' sign-in tokens with
    /// (HS256); unset takes no such sign-ins. At least 32 characters.
    pub sso_secret: Option<String>,
}

/// Other sites readers may sign in with: `[[sign_in.providers]]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignInConfig {
    pub providers: Vec<ProviderConfig>,
}

/// One provider. `google`, `microsoft` and `github` need only a client id
/// and secret; any other OpenID provider needs its `issuer` too.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProviderConfig {
    /// Its name in addresses and in linked accounts: lowercase letters,
    /// digits and hyphens. Never change it once readers have signed in.
    pub id: String,
    /// What its button says; the preset's, or the id, by default.
    pub label: Option<String>,
    /// `openid` or `github`; by default `github` for the id `github`.
    pub kind: Option<String>,
    /// The OpenID issuer (discovery at `ISSUER/.well-known/openid-configuration`).
    pub issuer: Option<String>,
    pub client_id: String,
    /// A secret, so it never prints.
    pub client_secret: String,
    /// Take the provider's `email` as verified though it sends no
    /// `email_verified` claim. Only for a provider that checks addresses.
    pub trust_email: bool,
    /// GitHub's web and API addresses (GitHub Enterprise Server has its own).
    pub github_url: Option<String>,
    pub github_api_url: Option<String>,
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("trust_email", &self.trust_email)
            .field("github_url", &self.github_url)
            .field("github_api_url", &self.github_api_url)
            .finish()
    }
}

/// Google's OpenID issuer.
pub const GOOGLE_ISSUER: &str = "https://accounts.google.com";
/// Microsoft's issuer for personal accounts (Outlook.com, Xbox, Skype). A
/// work or school tenant has its own:
/// `https://login.microsoftonline.com/TENANT-ID/v2.0`.
pub const MICROSOFT_ISSUER: &str = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";

impl ProviderConfig {
    /// The provider as the application uses it, or what is wrong with it.
    fn resolve(&self) -> Result<byline_app::sign_in_providers::ProviderSettings, String> {
        use byline_app::sign_in_providers::{Protocol, ProviderSettings, Secret};
        let id = self.id.trim();
        let named = format!("sign_in.providers `{id}`");
        let id_ok = (1..=32).contains(&id.len())
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(format!("sign_in.providers: id `{id}` must be 1 to 32 lowercase letters, digits or hyphens"));
        }
        if self.client_id.trim().is_empty() || self.client_secret.trim().is_empty() {
            return Err(format!("{named}: client_id and client_secret are needed"));
        }
        let kind = self.kind.as_deref().unwrap_or(if id == "github" { "github" } else { "openid" });
        let (protocol, preset_label) = match kind {
            "openid" => {
                let preset = match id {
                    "google" => Some((GOOGLE_ISSUER, "Google")),
                    "microsoft" => Some((MICROSOFT_ISSUER, "Microsoft")),
                    _ => None,
                };
                let issuer = match (self.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()), preset) {
                    (Some(issuer), _) => issuer.to_owned(),
                    (None, Some((issuer, _))) => issuer.to_owned(),
                    (None, None) => return Err(format!("{named}: give its issuer (an https URL)")),
                };
                provider_url(&issuer).map_err(|()| format!("{named}: issuer `{issuer}` is not an https URL"))?;
                (Protocol::OpenId { issuer }, preset.map(|(_, label)| label))
            }
            "github" => {
                let web = self.github_url.clone().unwrap_or_else(|| "https://github.com/".to_owned());
                let api = self.github_api_url.clone().unwrap_or_else(|| "https://api.github.com/".to_owned());
                for url in [&web, &api] {
                    provider_url(url).map_err(|()| format!("{named}: `{url}` is not an https URL"))?;
                }
                (Protocol::GitHub { web: with_slash(web), api: with_slash(api) }, Some("GitHub"))
            }
            other => return Err(format!("{named}: kind `{other}` is not openid or github")),
        };
        let label = match self.label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(label) => label.to_owned(),
            None => preset_label.map_or_else(|| id.to_owned(), str::to_owned),
        };
        Ok(ProviderSettings {
            id: id.to_owned(),
            label,
            protocol,
            client_id: self.client_id.trim().to_owned(),
            client_secret: Secret(self.client_secret.trim().to_owned()),
            trust_email: self.trust_email,
        })
    }
}

/// A provider's address must be https; plain http only on this machine
/// (a provider for tests).
fn provider_url(text: &str) -> Result<Url, ()> {
    let url = Url::parse(text).map_err(|_| ())?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(()),
    }
}

fn with_slash(url: String) -> String {
    if url.ends_with('/') { url } else { format!("{url}/") }
}

/// How webhook deliveries are sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhooksConfig {
    /// How long one delivery may take, answer included, before it counts
    /// as failed.
    pub timeout_secs: u64,
    /// How many deliveries are sent at once.
    pub concurrency: usize,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self { timeout_secs: 10, concurrency: 8 }
    }
}

/// An HTTP cache or CDN in front of the nodes: how long it may keep
/// anonymous pages, and where purges go when a page changes.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheConfig {
    /// How long a shared cache may keep an anonymous article page
    /// (`s-maxage`); 0, no cache in front.
    pub s_maxage_secs: u32,
    /// Caches sent `PURGE /path` for a changed page (Varnish, nginx,
    /// Squid), as `http://cache.internal:6081`.
    pub purge_urls: Vec<String>,
    /// Fastly: purge by surrogate key through its API.
    pub fastly_service_id: Option<String>,
    pub fastly_token: Option<String>,
    pub fastly_api: String,
    /// Cloudflare: purge by cache tag through its API.
    pub cloudflare_zone_id: Option<String>,
    pub cloudflare_token: Option<String>,
    pub cloudflare_api: String,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            s_maxage_secs: 0,
            purge_urls: Vec::new(),
            fastly_service_id: None,
            fastly_token: None,
            fastly_api: "https://api.fastly.com".to_owned(),
            cloudflare_zone_id: None,
            cloudflare_token: None,
            cloudflare_api: "https://api.cloudflare.com/client/v4".to_owned(),
        }
    }
}

impl fmt::Debug for CacheConfig {
    /// The tokens never print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CacheConfig")
            .field("s_maxage_secs", &self.s_maxage_secs)
            .field("purge_urls", &self.purge_urls)
            .field("fastly_service_id", &self.fastly_service_id)
            .field("cloudflare_zone_id", &self.cloudflare_zone_id)
            .finish_non_exhaustive()
    }
}

/// Photographs uploaded at the desk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    /// Where the files made from uploads are kept.
    pub dir: String,
    /// The largest photograph taken, in megabytes.
    pub max_upload_mb: u64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self { dir: "byline-data/media".to_owned(), max_upload_mb: 20 }
    }
}

/// Backups `serve` takes on its own (and `byline backup` writes).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// Where backups are written, each `byline-backup-TIME.tar`.
    pub dir: String,
    /// How often `serve` takes one: a number with `s`, `m`, `h` or `d`
    /// (`30m`, `6h`, `1d`), or `off`.
    pub every: String,
    /// How many to keep; the oldest beyond it are removed.
    pub keep: usize,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self { dir: "byline-data/backups".to_owned(), every: "1d".to_owned(), keep: 7 }
    }
}

impl BackupConfig {
    /// The time between two backups, or `None` when they are off; `Err`
    /// when `every` cannot be read.
    pub fn interval(&self) -> Result<Option<std::time::Duration>, String> {
        let every = self.every.trim();
        if every.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let bad = || format!("backup.every must be a number with s, m, h or d (such as 6h), or off; not `{every}`");
        let split = every.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (number, unit) = every.split_at(split);
        let number: u64 = number.parse().map_err(|_| bad())?;
        let seconds = match unit.trim() {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(bad()),
        };
        match number.checked_mul(seconds) {
            Some(0) | None => Err(bad()),
            Some(total) => Ok(Some(std::time::Duration::from_secs(total))),
        }
    }
}

/// Live streams (`/articles/{slug}/live`, `/moderation/live`): each holds a
/// connection open, so they are bounded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LiveConfig {
    /// Streams one client address (an IPv6 client's /64) may hold open.
    pub streams_per_client: usize,
    /// Streams open in all; lowered at start to leave a quarter of the
    /// process's file descriptors (at least 256) for ordinary requests.
    pub streams: usize,
    /// A stream ends after this many seconds, and the browser reconnects.
    pub max_age_secs: u64,
    /// Seconds a refused client (429, `Retry-After`), or a browser whose
    /// stream ended for its age (`retry:`), waits before trying again.
    pub retry_secs: u64,
}

impl Default for LiveConfig {
    fn default() -> Self {
        let limits = byline_web::LiveLimits::default();
        Self {
            streams_per_client: limits.per_client,
            streams: limits.total,
            max_age_secs: limits.max_age.as_secs(),
            retry_secs: limits.retry.as_secs(),
        }
    }
}

/// Who may read `/metrics` (request counts per route, admin routes
/// included): clients from `allow`, and any client sending
/// `Authorization: Bearer TOKEN`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Networks (CIDR, such as `10.0.0.0/8`) or single addresses.
    pub allow: Vec<String>,
    /// A bearer token of at least 16 characters; empty for none. A secret,
    /// so it never prints.
    pub token: String,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self { allow: byline_web::METRICS_LOOPBACK.iter().map(|&n| n.to_owned()).collect(), token: String::new() }
    }
}

impl fmt::Debug for MetricsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = if self.token.is_empty() { "" } else { "<redacted>" };
        f.debug_struct("MetricsConfig").field("allow", &self.allow).field("token", &token).finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModerationConfig {
    /// Trust (approved comments, less three for each rejected one) an
    /// account needs before its comments appear without review. 0 trusts
    /// every confirmed account from its first comment.
    pub trusted_after: i64,
    /// Comments with more links than this wait for review.
    pub max_links: usize,
    /// A published comment flagged by this many readers goes back for
    /// review (0: never).
    pub hold_after_flags: i64,
    /// A word list file: one `hold: term` or `reject: term` a line, or
    /// `hold LANGUAGE: term` for one language. Empty for none.
    pub word_list: String,
    /// E-mail a reader (at a confirmed address) when a moderator rejects
    /// their comment, with the reason in general words and how to appeal.
    pub email_refusals: bool,
    /// The comment mode of articles that name none, by section slug:
    /// `open`, `pre-moderated` or `closed` (others are open).
    pub sections: std::collections::BTreeMap<String, String>,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        let policy = byline_core::moderation::PolicySettings::default();
        Self {
            trusted_after: policy.trusted_after,
            max_links: policy.max_links,
            hold_after_flags: policy.hold_after_flags,
            word_list: String::new(),
            email_refusals: false,
            sections: std::collections::BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommentsConfig {
    /// Longest comment, in characters.
    pub max_chars: usize,
    /// Minutes after posting during which its author may edit a comment.
    pub edit_minutes: i64,
    /// Seconds one person must wait between two comments (0: no wait).
    pub min_interval_secs: u64,
    /// Most comments one person may post in a minute.
    pub per_minute: u32,
    /// Whether readers without an account may comment, giving a name; every
    /// such comment waits for a moderator.
    pub guests: bool,
}

impl Default for CommentsConfig {
    fn default() -> Self {
        let limits = byline_core::comments::CommentLimits::default();
        Self {
            max_chars: limits.max_chars,
            edit_minutes: limits.edit_minutes,
            min_interval_secs: 10,
            per_minute: 5,
            guests: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsConfig {
    /// Most accounts that may be created from one network address in an
    /// hour.
    pub sign_ups_per_hour: u32,
    /// What becomes of a deleted account's comments: `remove` (their text
    /// goes, tombstones keep the threads' shape) or `keep` (signed
    /// "Deleted user").
    pub deleted_comments: String,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        Self {
            sign_ups_per_hour: byline_app::RateLimits::default().sign_ups_per_hour,
            deleted_comments: byline_core::accounts::DeletedComments::default().as_str().to_owned(),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// Sender of every message.
    pub from: String,
    /// An SMTP relay as `smtp://[user:password@]host[:port]` (plain SMTP,
    /// for a relay on the same machine or network). Unset: messages go to
    /// `outbox_dir` as `.eml` files (the log notes only id, domain, subject).
    pub smtp_url: Option<String>,
    /// Where undelivered-by-SMTP messages are written.
    pub outbox_dir: String,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("from", &self.from)
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "<redacted>"))
            .field("outbox_dir", &self.outbox_dir)
            .finish()
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Byline <noreply@localhost>".to_owned(),
            smtp_url: None,
            outbox_dir: "byline-data/outbox".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Longest a request may take before it is answered 408; a client that
    /// has not sent its headers by then has its connection closed, and so
    /// does a keep-alive connection left idle that long.
    pub request_timeout_secs: u64,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// On SIGTERM, how long to go on serving while `/readyz` fails, so a
    /// load balancer stops sending here before the node stops (SIGINT, or
    /// a second signal, stops at once).
    pub drain_secs: u64,
    /// Networks (CIDRs such as `10.0.0.0/8`, or single addresses) of the
    /// load balancers and caches in front: from a peer in them,
    /// `X-Forwarded-For` (or, without it, `Forwarded`) names the client
    /// that rate limits count against. Empty: the peer is the client.
    pub trusted_proxies: Vec<String>,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// A SQLite file path (`sqlite:` prefix optional) or a `postgres://` URL.
    /// May hold a password, so it never prints.
    pub url: String,
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig").field("url", &"<redacted>").finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteSection {
    pub title: String,
    pub description: String,
    /// Public address of the site; defaults to `http://` + the listen address.
    pub base_url: Option<String>,
    /// Language of the site's own words.
    pub language: String,
    /// Sections published in another language than the site's, by slug:
    /// an edition's own language (`urdu = "ur"`), which its pages speak.
    pub section_languages: std::collections::BTreeMap<String, String>,
    /// The newspaper's logo (PNG or JPEG, for search engines and feed
    /// readers): an http(s) URL or a path on the site; unset, the one built in.
    pub logo_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `byline=debug,tower_http=info`.
    pub filter: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            server: ServerConfig {
                listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
                request_timeout_secs: 30,
                max_body_bytes: 1024 * 1024,
                drain_secs: 5,
                trusted_proxies: Vec::new(),
            },
            database: DatabaseConfig::default(),
            site: SiteSection::default(),
            log: LogConfig { format: LogFormat::Text, filter: "info".to_owned() },
            mail: MailConfig::default(),
            comments: CommentsConfig::default(),
            moderation: ModerationConfig::default(),
            accounts: AccountsConfig::default(),
            metrics: MetricsConfig::default(),
            live: LiveConfig::default(),
            media: MediaConfig::default(),
            backup: BackupConfig::default(),
            embed: EmbedConfig::default(),
            sign_in: SignInConfig::default(),
            webhooks: WebhooksConfig::default(),
            cache: CacheConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Config::default().server
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self { url: "byline-data/byline.db".to_owned() }
    }
}

impl Default for SiteSection {
    fn default() -> Self {
        Self {
            title: "The Byline Herald".to_owned(),
            description: "Independent news and the discussion under it.".to_owned(),
            base_url: None,
            language: "en".to_owned(),
            section_languages: std::collections::BTreeMap::new(),
            logo_url: None,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Config::default().log
    }
}

/// Configuration that cannot be used; the message is one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// Values from the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub database_url: Option<String>,
    pub listen: Option<SocketAddr>,
}

/// Everything checked: what the rest of the program runs on.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub site: byline_web::SiteConfig,
    /// `moderation.word_list`, compiled.
    pub word_lists: byline_core::moderation::WordLists,
    /// `moderation.sections`, read.
    pub comment_defaults: byline_core::CommentDefaults,
    /// `accounts.deleted_comments`, read.
    pub deleted_comments: byline_core::accounts::DeletedComments,
    /// `metrics`, read.
    pub metrics_access: byline_web::MetricsAccess,
    /// `server.trusted_proxies`, read.
    pub trusted_proxies: byline_web::TrustedProxies,
    /// `sign_in`, read, with the site's address for providers' answers.
    pub sign_in: byline_app::sign_in_providers::SignInSettings,
    /// How long an anonymous page may show the rest of the site as it was.
    /// Not configurable: tests lengthen it, to tell a page that changed
    /// from one rendered again for its age.
    pub page_fresh_for: Duration,
    /// `embed.sites`, read.
    pub embed_sites: Vec<url::Origin>,
    /// The clock the use cases and `serve`'s jobs read: the system's,
    /// or a hand-set one in tests.
    pub clock: AppClock,
}

/// The application's clock, in a type settings can print.
#[derive(Clone)]
pub struct AppClock(pub std::sync::Arc<dyn byline_app::Clock>);

impl Default for AppClock {
    fn default() -> Self {
        Self(std::sync::Arc::new(byline_app::SystemClock))
    }
}

impl std::fmt::Debug for AppClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AppClock({})", self.0.now())
    }
}

impl Settings {
    /// Which sites may carry the comments bar, and the host sites' secret.
    pub fn embed_settings(&self) -> byline_app::embed::EmbedSettings {
        byline_app::embed::EmbedSettings {
            sites: self.embed_sites.clone(),
            host_secret: self.config.embed.sso_secret.clone().filter(|s| !s.is_empty()),
            language: Some(self.site.language.clone()),
        }
    }

    /// The live streams' limits, with the total lowered to fit `descriptors`
    /// (the process's open-file limit, when known) less the headroom kept
    /// for ordinary requests, the database and the log.
    pub fn live_limits(&self, descriptors: Option<u64>) -> byline_web::LiveLimits {
        let live = &self.config.live;
        let total = match descriptors.and_then(|n| usize::try_from(n).ok()) {
            Some(descriptors) => live.streams.min(descriptors.saturating_sub(descriptor_headroom(descriptors)).max(1)),
            None => live.streams,
        };
        byline_web::LiveLimits {
            per_client: live.streams_per_client,
            total,
            max_age: Duration::from_secs(live.max_age_secs),
            retry: Duration::from_secs(live.retry_secs),
        }
    }

    /// The application a command run beside (or instead of) the server
    /// works through: the store, the photos' folder, the site's address
    /// (for the links webhooks carry), the clock.
    pub fn command_app(&self, store: byline_store::Store) -> byline_app::App {
        let settings = byline_app::Settings {
            media: self.media_settings(),
            site_url: self.site.base_url.to_string(),
            ..byline_app::Settings::default()
        };
        byline_app::App::new(store, settings, self.clock.0.clone())
    }

    /// Where photographs go, and how large one may be.
    pub fn media_settings(&self) -> byline_app::media::MediaSettings {
        let media = &self.config.media;
        byline_app::media::MediaSettings {
            dir: media.dir.clone().into(),
            limits: byline_media::Limits {
                max_bytes: media.max_upload_mb.saturating_mul(1024 * 1024),
                ..byline_media::Limits::default()
            },
        }
    }

    pub fn http_limits(&self) -> byline_web::HttpLimits {
        byline_web::HttpLimits {
            max_body_bytes: self.config.server.max_body_bytes,
            max_upload_bytes: usize::try_from(self.media_settings().limits.max_bytes)
                .unwrap_or(usize::MAX)
                .saturating_add(byline_web::UPLOAD_SLACK),
            request_timeout: Duration::from_secs(self.config.server.request_timeout_secs),
        }
    }
}

impl Config {
    /// Reads defaults, the TOML file and `BYLINE_*` variables (nested keys
    /// joined by `__`, e.g. `BYLINE_SERVER__LISTEN`), then applies flags.
    pub fn load(overrides: &Overrides) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match &overrides.config_file {
            Some(path) if !path.exists() => {
                return Err(ConfigError(format!("configuration file {} does not exist", path.display())));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE));
            }
            None => {}
        }
        figment = figment.merge(Env::prefixed("BYLINE_").filter(|key| key.as_str().contains("__")).split("__"));
        let mut config: Config = figment.extract().map_err(|err| ConfigError(one_line(&err.to_string())))?;
        if let Some(url) = &overrides.database_url {
            config.database.url.clone_from(url);
        }
        if let Some(listen) = overrides.listen {
            config.server.listen = listen;
        }
        config.check()
    }

    /// Validates what serde alone cannot.
    pub fn check(self) -> Result<Settings, ConfigError> {
        let bad = |msg: String| Err(ConfigError(msg));
        if self.server.request_timeout_secs == 0 {
            return bad("server.request_timeout_secs must be at least 1".into());
        }
        if self.server.max_body_bytes < 1024 {
            return bad("server.max_body_bytes must be at least 1024".into());
        }
        if !(1..=200).contains(&self.media.max_upload_mb) {
            return bad("media.max_upload_mb must be between 1 and 200".into());
        }
        if let Err(message) = self.backup.interval() {
            return bad(message);
        }
        if !(1..=10_000).contains(&self.backup.keep) {
            return bad("backup.keep must be between 1 and 10000".into());
        }
        if !(1..=300).contains(&self.webhooks.timeout_secs) || !(1..=256).contains(&self.webhooks.concurrency) {
            return bad(
                "webhooks.timeout_secs must be between 1 and 300, webhooks.concurrency between 1 and 256".into()
            );
        }
        for url in self.cache.purge_urls.iter().chain([&self.cache.fastly_api, &self.cache.cloudflare_api]) {
            if !url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host()) {
                return bad(format!("cache: `{url}` is not an http(s) address"));
            }
        }
        if self.cache.fastly_service_id.is_some() != self.cache.fastly_token.is_some()
            || self.cache.cloudflare_zone_id.is_some() != self.cache.cloudflare_token.is_some()
        {
            return bad("cache: a Fastly service id needs its token, a Cloudflare zone id its token".into());
        }
        if self.backup.dir.trim().is_empty() {
            return bad("backup.dir must name a folder".into());
        }
        if self.media.dir.trim().is_empty() {
            return bad("media.dir must name a folder".into());
        }
        if !(1..=100_000).contains(&self.comments.max_chars) {
            return bad("comments.max_chars must be between 1 and 100000".into());
        }
        if self.comments.per_minute == 0 || self.comments.min_interval_secs > 3600 {
            return bad("comments.per_minute must be at least 1 and comments.min_interval_secs at most 3600".into());
        }
        if self.moderation.trusted_after < 0 || self.moderation.hold_after_flags < 0 {
            return bad("moderation.trusted_after and moderation.hold_after_flags must be 0 or more".into());
        }
        let word_list = if self.moderation.word_list.trim().is_empty() {
            Vec::new()
        } else {
            let path = &self.moderation.word_list;
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(err) => return bad(format!("moderation.word_list: cannot read {path}: {err}")),
            };
            match byline_core::moderation::parse_word_list(&text) {
                Ok(entries) => entries,
                Err(err) => return bad(format!("moderation.word_list: {path}: {err}")),
            }
        };
        let word_lists = match byline_core::moderation::WordLists::new(word_list) {
            Ok(lists) => lists,
            Err(err) => return bad(format!("moderation.word_list: {err}")),
        };
        let mut section_modes = Vec::new();
        for (section, mode) in &self.moderation.sections {
            let Ok(slug) = byline_core::Slug::parse(section) else {
                return bad(format!("moderation.sections: `{section}` is not a section slug such as `world-news`"));
            };
            let Ok(mode) = mode.parse::<byline_core::CommentMode>() else {
                return bad(format!("moderation.sections.{section}: `{mode}` is not open, pre-moderated or closed"));
            };
            section_modes.push((slug, mode));
        }
        let comment_defaults = byline_core::CommentDefaults::new(section_modes);
        let metrics_access = match byline_web::MetricsAccess::new(&self.metrics.allow, &self.metrics.token) {
            Ok(access) => access,
            Err(err) => return bad(format!("metrics: {err}")),
        };
        let trusted_proxies = match byline_web::TrustedProxies::new(&self.server.trusted_proxies) {
            Ok(proxies) => proxies,
            Err(err) => return bad(format!("server.trusted_proxies: {err}")),
        };
        if self.accounts.sign_ups_per_hour == 0 {
            return bad("accounts.sign_ups_per_hour must be at least 1".into());
        }
        let deleted_comments = match self.accounts.deleted_comments.parse() {
            Ok(choice) => choice,
            Err(_) => {
                return bad(format!(
                    "accounts.deleted_comments: `{}` is not remove or keep",
                    self.accounts.deleted_comments
                ));
            }
        };
        if !(0..=7 * 24 * 60).contains(&self.comments.edit_minutes) {
            return bad("comments.edit_minutes must be between 0 and 10080".into());
        }
        if self.live.streams_per_client == 0 || self.live.streams == 0 {
            return bad("live.streams_per_client and live.streams must be at least 1".into());
        }
        if !(1..=7 * 24 * 3600).contains(&self.live.max_age_secs) || !(1..=3600).contains(&self.live.retry_secs) {
            return bad("live.max_age_secs must be between 1 and 604800, live.retry_secs between 1 and 3600".into());
        }
        if self.database.url.trim().is_empty() {
            return bad("database.url must not be empty".into());
        }
        if self.site.title.trim().is_empty() {
            return bad("site.title must not be empty".into());
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return bad(format!("mail.from `{}` is not an address such as `Name <name@example.org>`", self.mail.from));
        }
        if let Some(url) = &self.mail.smtp_url
            && !url.starts_with("smtp://")
        {
            return bad("mail.smtp_url must start with smtp://".into());
        }
        let language = match LanguageTag::parse(&self.site.language) {
            Ok(tag) => tag,
            Err(err) => return bad(format!("site.language: {err}")),
        };
        let base = self.site.base_url.clone().unwrap_or_else(|| format!("http://{}/", self.server.listen));
        let mut base_url = match Url::parse(&base) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
            _ => return bad(format!("site.base_url `{base}` is not an http(s) URL")),
        };
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        let logo_url = match self.site.logo_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(logo) => match base_url.join(logo) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
                _ => return bad(format!("site.logo_url `{logo}` is not an http(s) URL or a path on the site")),
            },
        };
        let mut section_languages = std::collections::HashMap::new();
        for (section, lang) in &self.site.section_languages {
            if byline_core::Slug::parse(section).is_err() {
                return bad(format!("site.section_languages: `{section}` is not a section slug such as `world-news`"));
            }
            match LanguageTag::parse(lang) {
                Ok(tag) => section_languages.insert(section.clone(), tag),
                Err(err) => return bad(format!("site.section_languages.{section}: {err}")),
            };
        }
        let site = byline_web::SiteConfig {
            title: self.site.title.trim().to_owned(),
            description: self.site.description.trim().to_owned(),
            base_url,
            language,
            section_languages,
            logo_url,
        };
        let mut embed_sites = Vec::new();
        for raw in &self.embed.sites {
            match Url::parse(raw.trim()) {
                Ok(url)
                    if matches!(url.scheme(), "http" | "https")
                        && url.has_host()
                        && url.path() == "/"
                        && url.query().is_none() =>
                {
                    embed_sites.push(url.origin());
                }
                _ => return bad(format!("embed.sites: `{raw}` is not a site such as `https://news.example`")),
            }
        }
        if self.embed.sso_secret.as_deref().is_some_and(|s| !s.is_empty() && s.chars().count() < 32) {
            return bad("embed.sso_secret must be at least 32 characters".into());
        }
        let mut providers = Vec::new();
        for provider in &self.sign_in.providers {
            let provider = match provider.resolve() {
                Ok(provider) => provider,
                Err(message) => return bad(message),
            };
            if providers.iter().any(|p: &byline_app::sign_in_providers::ProviderSettings| p.id == provider.id) {
                return bad(format!("sign_in.providers: id `{}` is given twice", provider.id));
            }
            providers.push(provider);
        }
        let sign_in =
            byline_app::sign_in_providers::SignInSettings { providers, base_url: Some(site.base_url.clone()) };
        let page_fresh_for = byline_web::PAGE_FRESH_FOR;
        Ok(Settings {
            sign_in,
            config: self,
            site,
            word_lists,
            comment_defaults,
            deleted_comments,
            metrics_access,
            trusted_proxies,
            page_fresh_for,
            embed_sites,
            clock: AppClock::default(),
        })
    }
}

/// File descriptors kept from live streams: a quarter, and at least 256.
fn descriptor_headroom(descriptors: usize) -> usize {
    (descriptors / 4).max(256)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_just_work() {
        let settings = Config::default().check().unwrap();
        assert_eq!(settings.config.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.config.database.url, "byline-data/byline.db");
        assert_eq!(settings.site.base_url.as_str(), "http://127.0.0.1:8080/");
        // A new account's first three comments wait for a moderator, and
        // three readers' flags send a comment back for review.
        let moderation = &settings.config.moderation;
        assert_eq!((moderation.trusted_after, moderation.hold_after_flags), (3, 3));
        assert!(!moderation.email_refusals);
        // A deleted account's words go unless the site keeps them.
        assert_eq!(settings.deleted_comments, byline_core::accounts::DeletedComments::Remove);
    }

    #[test]
    fn the_logo_is_a_url_or_a_path_on_the_site() {
        let mut config = Config::default();
        config.site.base_url = Some("https://news.example/edition/".into());
        assert_eq!(config.clone().check().unwrap().site.logo_url, None, "unset: the built-in logo");
        config.site.logo_url = Some("/media/logo.png".into());
        let logo = config.clone().check().unwrap().site.logo_url.unwrap();
        assert_eq!(logo.as_str(), "https://news.example/media/logo.png");
        config.site.logo_url = Some("https://cdn.example/l.png".into());
        assert_eq!(config.clone().check().unwrap().site.logo_url.unwrap().as_str(), "https://cdn.example/l.png");
        config.site.logo_url = Some("javascript:alert(1)".into());
        assert!(config.check().unwrap_err().to_string().starts_with("site.logo_url"));
    }

    #[test]
    fn base_url_gains_a_trailing_slash() {
        let mut config = Config::default();
        config.site.base_url = Some("https://news.example/edition".into());
        assert_eq!(config.check().unwrap().site.base_url.as_str(), "https://news.example/edition/");
    }

    #[test]
    fn section_defaults_are_read_and_checked() {
        let mut config = Config::default();
        config.moderation.sections.insert("security".into(), "pre-moderated".into());
        let settings = config.clone().check().unwrap();
        let security = byline_core::Slug::parse("security").unwrap();
        assert_eq!(settings.comment_defaults.mode_of(None, &security), byline_core::CommentMode::PreModerated);
        config.moderation.sections.insert("sport".into(), "sometimes".into());
        assert!(config.clone().check().unwrap_err().to_string().contains("moderation.sections.sport"));
        config.moderation.sections.clear();
        config.moderation.sections.insert("Not A Slug".into(), "open".into());
        assert!(config.check().unwrap_err().to_string().contains("`Not A Slug` is not a section slug"));
    }

    #[test]
    fn invalid_values_are_named() {
        let mut config = Config::default();
        config.site.language = "klingon!".into();
        assert!(config.clone().check().unwrap_err().to_string().starts_with("site.language"));
        config.site.language = "en".into();
        config.site.section_languages.insert("urdu".into(), "not a language".into());
        assert!(config.clone().check().unwrap_err().to_string().starts_with("site.section_languages.urdu"));
        config.site.section_languages.clear();
        config.site.section_languages.insert("Urdu Edition".into(), "ur".into());
        assert!(config.clone().check().unwrap_err().to_string().contains("`Urdu Edition` is not a section slug"));
        config.site.section_languages.clear();
        config.site.section_languages.insert("urdu".into(), "ur".into());
        let checked = config.check().unwrap();
        assert_eq!(checked.site.edition_language(Some("urdu")).as_str(), "ur");
        assert_eq!(checked.site.edition_language(Some("world")).as_str(), "en");
        let mut config = Config::default();
        config.site.base_url = Some("ftp://x".into());
        assert!(config.check().unwrap_err().to_string().contains("site.base_url"));
        let mut config = Config::default();
        config.accounts.sign_ups_per_hour = 0;
        assert!(config.check().unwrap_err().to_string().starts_with("accounts.sign_ups_per_hour"));
        let mut config = Config::default();
        config.accounts.deleted_comments = "shred".into();
        assert!(config.check().unwrap_err().to_string().starts_with("accounts.deleted_comments"));
    }

    #[test]
    fn sign_in_providers_have_presets_and_are_checked() {
        use byline_app::sign_in_providers::Protocol;
        let provider = |id: &str| ProviderConfig {
            id: id.into(),
            client_id: "client".into(),
            client_secret: "very-secret-value".into(),
            ..ProviderConfig::default()
        };
        let mut config = Config::default();
        config.site.base_url = Some("https://news.example/".into());
        config.sign_in.providers = vec![provider("google"), provider("microsoft"), provider("github")];
        assert!(!format!("{config:?}").contains("very-secret-value"));
        let settings = config.check().unwrap();
        let providers = &settings.sign_in.providers;
        assert_eq!(providers[0].protocol, Protocol::OpenId { issuer: GOOGLE_ISSUER.into() });
        assert_eq!(providers[0].label, "Google");
        assert_eq!(providers[1].protocol, Protocol::OpenId { issuer: MICROSOFT_ISSUER.into() });
        assert!(matches!(providers[2].protocol, Protocol::GitHub { .. }));
        assert_eq!(providers[2].label, "GitHub");
        assert!(!format!("{providers:?}").contains("very-secret-value"));
        assert_eq!(settings.sign_in.base_url.unwrap().as_str(), "https://news.example/");

        let refused = |change: &dyn Fn(&mut ProviderConfig)| {
            let mut config = Config::default();
            let mut one = provider("newsroom");
            one.issuer = Some("https://id.newsroom.example".into());
            change(&mut one);
            config.sign_in.providers = vec![one];
            config.check().err().map(|e| e.to_string())
        };
        assert_eq!(refused(&|_| {}), None);
        assert!(refused(&|p| p.issuer = None).unwrap().contains("give its issuer"));
        assert!(refused(&|p| p.issuer = Some("http://id.example".into())).unwrap().contains("not an https URL"));
        assert_eq!(refused(&|p| p.issuer = Some("http://127.0.0.1:4000".into())), None);
        assert!(refused(&|p| p.id = "News Room".into()).unwrap().contains("lowercase letters"));
        assert!(refused(&|p| p.client_secret = String::new()).unwrap().contains("client_secret"));
        assert!(refused(&|p| p.kind = Some("saml".into())).unwrap().contains("kind `saml`"));
        let mut config = Config::default();
        config.sign_in.providers = vec![provider("google"), provider("google")];
        assert!(config.check().unwrap_err().to_string().contains("given twice"));
    }

    #[test]
    fn metrics_access_is_checked_and_its_token_never_prints() {
        let mut config = Config::default();
        config.metrics.token = "scrape-me-if-you-know-me".into();
        assert!(!format!("{config:?}").contains("scrape-me"));
        config.metrics.allow = vec!["10.0.0.0/8".into(), "nonsense".into()];
        assert!(config.check().unwrap_err().to_string().starts_with("metrics: `nonsense`"));
        let mut config = Config::default();
        config.metrics.token = "short".into();
        assert!(config.check().unwrap_err().to_string().starts_with("metrics: the token"));
    }

    #[test]
    fn trusted_proxies_are_networks_checked_at_start() {
        let mut config = Config::default();
        assert!(config.server.trusted_proxies.is_empty(), "nobody's word is taken unless configured");
        config.server.trusted_proxies = vec!["10.0.0.0/8".into(), "127.0.0.1/32".into(), "::1/128".into()];
        assert!(config.clone().check().is_ok());
        config.server.trusted_proxies.push("10.0.0.0/40".into());
        let err = config.check().unwrap_err().to_string();
        assert!(err.starts_with("server.trusted_proxies: `10.0.0.0/40` is not a network"), "{err}");
    }

    #[test]
    fn live_streams_leave_descriptors_for_ordinary_requests() {
        let settings = Config::default().check().unwrap();
        assert_eq!(settings.live_limits(None).total, 10_000);
        // The 1,024 descriptors of a default process: 256 kept back.
        assert_eq!(settings.live_limits(Some(1024)).total, 768);
        assert_eq!(settings.live_limits(Some(1 << 20)).total, 10_000, "the configured cap when there is room");
        assert_eq!(settings.live_limits(Some(100)).total, 1, "never none at all");
        let mut config = Config::default();
        config.live.streams_per_client = 0;
        assert!(config.check().unwrap_err().to_string().starts_with("live.streams_per_client"));
    }

    #[test]
    fn database_urls_never_print() {
        let config = DatabaseConfig { url: "postgres://me:secret@db/news".into() };
        assert!(!format!("{config:?}").contains("secret"));
    }
}
