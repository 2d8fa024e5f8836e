//! Start-up, serving, and graceful shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use byline_store::Store;
use byline_web::{AppState, SharedState};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::config::Settings;
use crate::outbox::Outbox;

/// Opens the configured database and brings its schema up to date.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.config.database.url).await.context("opening the database")?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// Everything `serve` runs, ready to accept connections.
struct Started {
    listener: TcpListener,
    app: axum::Router,
    state: AppState,
    /// `/setup/TOKEN` while the site has no admin.
    setup_path: Option<String>,
    background: Background,
}

/// The work a node does beside answering requests.
struct Background {
    /// Flips to `true` when the server has stopped answering.
    stop: watch::Sender<bool>,
    outbox: JoinHandle<()>,
    /// Webhook deliveries' sender.
    webhooks: JoinHandle<()>,
    /// Moderators' alerts and digests.
    alerts: JoinHandle<()>,
    /// Hears what the other nodes on the same PostgreSQL publish.
    other_nodes: JoinHandle<()>,
    /// Sends purges to the cache in front, if there is one.
    purges: Option<JoinHandle<()>>,
    /// Scheduled backups, unless they are off.
    backups: Option<JoinHandle<()>>,
    metrics_upkeep: JoinHandle<()>,
}

impl Background {
    /// Stops it once the server has stopped answering: the senders finish
    /// what they are sending, a backup under way is dropped with its
    /// scratch folder (the last complete one stays).
    async fn finish(self) {
        let _ = self.stop.send(true);
        let _ = self.outbox.await;
        let _ = self.webhooks.await;
        let _ = self.alerts.await;
        let _ = self.other_nodes.await;
        if let Some(purges) = self.purges {
            let _ = purges.await;
        }
        if let Some(backups) = self.backups {
            backups.abort();
        }
        self.metrics_upkeep.abort();
    }
}

async fn start(settings: &Settings, store: Store) -> anyhow::Result<Started> {
    let listener = TcpListener::bind(settings.config.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.config.server.listen))?;
    let moderation = &settings.config.moderation;
    let comments = &settings.config.comments;
    let app = byline_app::App::new(
        store.clone(),
        byline_app::Settings {
            comment_limits: byline_core::comments::CommentLimits {
                max_chars: comments.max_chars,
                edit_minutes: comments.edit_minutes,
            },
            guest_comments: comments.guests,
            policy: std::sync::Arc::new(byline_core::moderation::Policy {
                settings: byline_core::moderation::PolicySettings {
                    trusted_after: moderation.trusted_after,
                    max_links: moderation.max_links,
                    hold_after_flags: moderation.hold_after_flags,
                    ..Default::default()
                },
                words: settings.word_lists.clone(),
                ..Default::default()
            }),
            comment_defaults: std::sync::Arc::new(settings.comment_defaults.clone()),
            email_refusals: moderation.email_refusals,
            deleted_comments: settings.deleted_comments,
            media: settings.media_settings(),
            embed: settings.embed_settings(),
            site_url: settings.site.base_url.to_string(),
            rate_limits: byline_app::RateLimits {
                comment_interval: std::time::Duration::from_secs(comments.min_interval_secs),
                comments_per_minute: comments.per_minute,
                sign_ups_per_hour: settings.config.accounts.sign_ups_per_hour,
            },
            sign_in: settings.sign_in.clone(),
        },
        settings.clock.0.clone(),
    );
    let mut state = SharedState::new(app, settings.site.clone(), settings.http_limits());
    state.metrics_access = settings.metrics_access.clone();
    state.trusted_proxies = settings.trusted_proxies.clone();
    state.set_page_fresh_for(settings.page_fresh_for);
    let live = settings.live_limits(raise_descriptor_limit());
    if live.total < settings.config.live.streams {
        tracing::info!(
            streams = live.total,
            configured = settings.config.live.streams,
            "live streams capped lower than configured, to leave file descriptors for ordinary requests"
        );
    }
    state.set_live_limits(live);
    let (purges, purging) = match crate::cache_purges::Purger::new(&settings.config.cache, &settings.site.base_url)? {
        Some(purger) => {
            let (purges, queue) = tokio::sync::mpsc::unbounded_channel();
            (Some(purges), Some((purger, queue)))
        }
        None => (None, None),
    };
    state.cache_front = byline_web::CacheFront { s_maxage: settings.config.cache.s_maxage_secs, purges };
    let state = AppState::from(state);
    let setup_path = if store.count_admins().await? == 0 {
        let path = state.open_setup().await?;
        if path.is_none() {
            tracing::warn!(
                "this site has no admin yet; another node started a moment ago has shown the link that creates \
                 the first admin, and it works on this node too"
            );
        }
        path
    } else {
        None
    };
    let app = byline_web::router(state.clone());
    let (stop, stopped) = watch::channel(false);
    let backups = settings.config.backup.interval().map_err(anyhow::Error::msg)?.map(|every| {
        tokio::spawn(crate::backups::run_backups(settings.clone(), store.clone(), every, stopped.clone()))
    });
    let webhooks =
        tokio::spawn(crate::webhooks::Sender::new(state.clone(), &settings.config.webhooks)?.run(stopped.clone()));
    let alerts = tokio::spawn(crate::moderator_alerts::run(state.clone(), stopped.clone()));
    let other_nodes = tokio::spawn(byline_web::follow_other_nodes(state.clone(), stopped.clone()));
    let purges = purging.map(|(purger, queue)| tokio::spawn(purger.run(queue, stopped.clone())));
    let outbox = tokio::spawn(Outbox::new(store, &settings.config.mail)?.run(stopped));
    let metrics_upkeep = tokio::spawn(state.metrics_upkeep());
    let background = Background { stop, outbox, webhooks, alerts, other_nodes, purges, backups, metrics_upkeep };
    Ok(Started { listener, app, state, setup_path, background })
}

/// Raises the open-file soft limit to the hard limit, as every connection
/// (each live stream included) takes a descriptor and the usual soft limit
/// of 1,024 is soon reached; returns the limit now in force, if finite.
#[cfg(unix)]
fn raise_descriptor_limit() -> Option<u64> {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let current = limit.current?;
    // An unlimited hard limit cannot be the soft one on Linux: keep what
    // is in force.
    let Some(maximum) = limit.maximum else { return Some(current) };
    if maximum <= current {
        return Some(current);
    }
    match setrlimit(Resource::Nofile, Rlimit { current: Some(maximum), maximum: Some(maximum) }) {
        Ok(()) => {
            tracing::debug!(from = current, to = maximum, "open-file limit raised");
            Some(maximum)
        }
        Err(err) => {
            tracing::warn!(error = %err, limit = current, "cannot raise the open-file limit");
            Some(current)
        }
    }
}

#[cfg(not(unix))]
fn raise_descriptor_limit() -> Option<u64> {
    None
}

/// Runs the server until SIGINT or SIGTERM, then finishes the requests in
/// flight and closes the database.
pub async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    // Listen for the signals before the port opens: a supervisor may stop
    // the server the moment it answers, and an unhandled SIGTERM would kill
    // it mid-write instead of letting it finish.
    let signals = Signals::install();
    let store = open_store(&settings).await?;
    if demo {
        let loaded = crate::demo::load(&store, &settings.media_settings()).await?;
        tracing::info!(created = loaded.created, present = loaded.present, "demo content loaded");
    }
    let started = start(&settings, store.clone()).await?;
    let addr = started.listener.local_addr()?;
    tracing::info!(%addr, backend = store.backend().name(), "byline is listening on http://{addr}/");
    if let Some(path) = &started.setup_path {
        let link = started.state.site.base_url.join(path.trim_start_matches('/')).map(String::from).unwrap_or_default();
        tracing::warn!("this site has no admin yet");
        println!(
            "No admin yet. Create the first admin (this link works once, on any node, until a restart makes another):\n  {link}"
        );
    }
    let header_timeout = settings.http_limits().request_timeout;
    let drain = Duration::from_secs(settings.config.server.drain_secs);
    let stop = stopping(signals, started.state.clone(), drain);
    crate::http_server::serve(started.listener, started.app, header_timeout, stop).await;
    tracing::info!("shutting down");
    started.background.finish().await;
    store.close().await;
    Ok(())
}

/// Why the server is asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// SIGTERM, as a supervisor or an orchestrator sends: drain first.
    Terminate,
    /// SIGINT (Ctrl-C at a terminal): stop at once.
    Interrupt,
}

/// The signals that stop the server. The handlers are installed when this
/// is made, not when it is first awaited.
struct Signals {
    #[cfg(unix)]
    handlers: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
                (Ok(interrupt), Ok(terminate)) => Self { handlers: Some((interrupt, terminate)) },
                _ => {
                    tracing::warn!("cannot listen for SIGINT and SIGTERM; stop the server by killing it");
                    Self { handlers: None }
                }
            }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// The next signal, waiting for it.
    async fn next(&mut self) -> Stop {
        #[cfg(unix)]
        {
            let Some((interrupt, terminate)) = &mut self.handlers else {
                return std::future::pending().await;
            };
            tokio::select! {
                _ = interrupt.recv() => Stop::Interrupt,
                _ = terminate.recv() => Stop::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                return std::future::pending().await;
            }
            Stop::Interrupt
        }
    }
}

/// Resolves when the server should stop taking connections: at once on
/// SIGINT; on SIGTERM after `drain` of serving with `/readyz` failing (a
/// second signal cuts it short), so a load balancer has moved its readers
/// elsewhere. The live streams are ended then, each with its `retry:`, and
/// their readers come back on another node where they left off.
async fn stopping(mut signals: Signals, state: AppState, drain: Duration) {
    if signals.next().await == Stop::Terminate && !drain.is_zero() {
        state.start_draining();
        tracing::info!(seconds = drain.as_secs(), "draining: /readyz fails from now on");
        tokio::select! {
            () = tokio::time::sleep(drain) => {}
            _ = signals.next() => tracing::info!("a second signal: stopping now"),
        }
    }
    state.close_live_streams();
}

/// A server running in the background of the current runtime, for tests.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
    /// `/setup/TOKEN` while the site has no admin.
    pub setup_path: Option<String>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
        self.store.close().await;
    }
}

/// Starts the real application, outbox included, on the configured address
/// (use port 0 for a free one) and returns once it is accepting
/// connections.
pub async fn spawn(settings: Settings) -> anyhow::Result<Running> {
    let store = open_store(&settings).await?;
    let started = start(&settings, store.clone()).await?;
    let addr = started.listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let Started { listener, app, state, setup_path, background } = started;
    let header_timeout = settings.http_limits().request_timeout;
    let task = tokio::spawn(async move {
        crate::http_server::serve(listener, app, header_timeout, async move {
            let _ = stopped.await;
            state.close_live_streams();
        })
        .await;
        background.finish().await;
    });
    Ok(Running { addr, store, setup_path, stop, task })
}
