//! Start-up, serving, and graceful shutdown.

use std::net::SocketAddr;

use anyhow::Context;
use byline_store::Store;
use byline_web::AppState;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::Settings;

/// Opens the configured database and brings its schema up to date.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let store = Store::connect(&settings.config.database.url)
        .await
        .context("opening the database")?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// Runs the server until SIGINT or SIGTERM, then finishes the requests in
/// flight and closes the database.
pub async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let store = open_store(&settings).await?;
    if demo {
        let loaded = crate::demo::load(&store).await?;
        tracing::info!(
            created = loaded.created,
            present = loaded.present,
            "demo content loaded"
        );
    }
    let listener = TcpListener::bind(settings.config.server.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.config.server.listen))?;
    let addr = listener.local_addr()?;
    let app = app(&settings, store.clone());
    tracing::info!(%addr, backend = store.backend().name(), "byline is listening on http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("serving")?;
    tracing::info!("shutting down");
    store.close().await;
    Ok(())
}

fn app(settings: &Settings, store: Store) -> axum::Router {
    byline_web::router(AppState::new(
        store,
        settings.site.clone(),
        settings.http_limits(),
    ))
}

async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// A server running in the background of the current runtime, for tests.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
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

/// Starts the real application on the configured address (use port 0 for
/// a free one) and returns once it is accepting connections.
pub async fn spawn(settings: Settings) -> anyhow::Result<Running> {
    let store = open_store(&settings).await?;
    let listener = TcpListener::bind(settings.config.server.listen).await?;
    let addr = listener.local_addr()?;
    let app = app(&settings, store.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(Running {
        addr,
        store,
        stop,
        task,
    })
}
