//! The HTTP/1.1 connection loop: hyper's server, set up as `axum::serve`
//! does not allow.
//!
//! A client must send a request's headers within the request timeout, or
//! its connection is closed: a client that trickles its headers a byte at
//! a time (the "slowloris" attack) cannot hold connections open for ever.
//! Bodies are bounded by the same timeout in the router's middleware.
//!
//! On shutdown it stops accepting, lets every connection finish the
//! request in flight, closes idle keep-alive connections, and returns once
//! all are closed (the live streams are ended by the caller).

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long to wait before accepting again after an error such as running
/// out of file descriptors, so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// A failure to accept is logged at most this often: out of file
/// descriptors, every attempt fails, and one line each 50 ms would fill
/// the log.
const ACCEPT_LOG_EVERY: Duration = Duration::from_secs(10);

/// When to log failures to accept: the first, then at most one each
/// [`ACCEPT_LOG_EVERY`], saying how many went unlogged between.
#[derive(Debug, Default)]
struct AcceptFailures {
    logged_at: Option<Instant>,
    unlogged: u64,
}

impl AcceptFailures {
    /// Notes a failure at `now`; `Some(n)` when it should be logged, `n`
    /// failures having gone unlogged since the last line.
    fn note(&mut self, now: Instant) -> Option<u64> {
        if self.logged_at.is_some_and(|at| now.duration_since(at) < ACCEPT_LOG_EVERY) {
            self.unlogged += 1;
            return None;
        }
        self.logged_at = Some(now);
        Some(std::mem::take(&mut self.unlogged))
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then waits for the
/// open connections to finish.
pub async fn serve(listener: TcpListener, app: Router, header_timeout: Duration, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut failures = AcceptFailures::default();
    loop {
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    if let Some(unlogged) = failures.note(Instant::now()) {
                        tracing::warn!(error = %err, since_last_line = unlogged, "cannot accept a connection");
                    }
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(remote));
            app.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away mid-request is not the server's error.
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_failures_are_logged_once_an_interval_with_the_count_between() {
        let start = Instant::now();
        let mut failures = AcceptFailures::default();
        assert_eq!(failures.note(start), Some(0), "the first is logged");
        for n in 1..200 {
            assert_eq!(failures.note(start + ACCEPT_BACKOFF * n), None, "every 50 ms, not logged");
        }
        assert_eq!(failures.note(start + ACCEPT_LOG_EVERY), Some(199), "then one line, counting the others");
        assert_eq!(failures.note(start + ACCEPT_LOG_EVERY + ACCEPT_BACKOFF), None);
    }
}
