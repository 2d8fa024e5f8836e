//! The HTTP/1.1 connection loop: hyper's server, set up as `axum::serve`
//! does not allow, and a loop of our own for event streams.
//!
//! A client must send a request's headers within the request timeout, or
//! its connection is closed: a client that trickles its headers a byte at
//! a time (the "slowloris" attack) cannot hold connections open for ever.
//! Bodies are bounded by the same timeout in the router's middleware.
//!
//! The first bytes of each connection are read here (see [`head`]). A
//! `GET` of an event stream is passed through the router like any request,
//! so every middleware applies, and its answer is written here (see
//! [`event_streams`]): an open stream then costs its socket, its task and
//! the stream's own state, not hyper's buffers (16 kB a connection). Any
//! other connection is hyper's, with the bytes read so far read again
//! first.
//!
//! On shutdown it stops accepting, lets every connection finish the
//! request in flight, closes idle keep-alive connections and connections
//! that have sent nothing, and returns once all are closed (the live
//! streams are ended by the caller, each with its `retry:`).

mod event_streams;
mod head;
mod rewind;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use head::Head;
use rewind::Rewind;

/// How much more room a read of a request head is given at a time.
const HEAD_READ: usize = 1024;

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
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    let http = Arc::new(http);
    // Flips to `true` at shutdown; every connection holds a receiver, so
    // the loop knows when the last has closed.
    let (closing, _) = watch::channel(false);
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
        let connection = Connection {
            app: app.clone(),
            http: http.clone(),
            remote,
            timeout: header_timeout,
            closing: closing.subscribe(),
        };
        tokio::spawn(connection.run(stream));
    }
    drop(listener);
    closing.send_replace(true);
    closing.closed().await;
}

/// One accepted connection, and what serving it needs.
struct Connection {
    app: Router,
    http: Arc<http1::Builder>,
    remote: SocketAddr,
    /// For the request head, and for a stream's reader to take each write.
    timeout: Duration,
    /// Held for as long as the connection is open.
    closing: watch::Receiver<bool>,
}

/// What reading the start of a connection gave.
enum Start {
    /// Closed, timed out, or shut down before it sent anything.
    Closed,
    /// Hyper's, with the bytes read so far.
    Other(Vec<u8>),
    EventStream(Box<axum::http::Request<()>>),
}

impl Connection {
    /// Serves the connection until it closes. Everything up to an event
    /// stream's first byte is boxed, so an open stream's task holds only
    /// what streaming needs: the socket, the body, and this connection's
    /// place in the shutdown count.
    async fn run(self, stream: TcpStream) {
        let timeout = self.timeout;
        let Some((stream, body, closing)) = Box::pin(self.start(stream)).await else { return };
        event_streams::copy_frames(stream, body, timeout).await;
        drop(closing);
    }

    /// Reads the first request and serves all but an event stream whole;
    /// an event stream is returned once its head is written.
    async fn start(mut self, mut stream: TcpStream) -> Option<(TcpStream, Body, watch::Receiver<bool>)> {
        let request = match read_start(&mut stream, self.timeout, &mut self.closing).await {
            Start::Closed => return None,
            Start::Other(read) => {
                self.serve_http(Rewind::new(read, stream)).await;
                return None;
            }
            Start::EventStream(request) => request,
        };
        let mut request = request.map(|()| Body::empty());
        request.extensions_mut().insert(ConnectInfo(self.remote));
        let Ok(response) = self.app.oneshot(request).await;
        let body = event_streams::answer(&mut stream, response, self.timeout).await?;
        Some((stream, body, self.closing))
    }

    /// Hands the connection to hyper, shutting it down gracefully when the
    /// server stops.
    async fn serve_http(mut self, io: Rewind<TcpStream>) {
        let (app, remote) = (self.app, self.remote);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(remote));
            app.clone().oneshot(request)
        });
        let connection = self.http.serve_connection(TokioIo::new(io), service);
        let mut connection = std::pin::pin!(connection);
        let served = tokio::select! {
            served = connection.as_mut() => served,
            () = closed(&mut self.closing) => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        };
        // A client that goes away mid-request is not the server's error.
        if let Err(err) = served {
            tracing::debug!(error = %err, "connection ended with an error");
        }
    }
}

/// Reads until the first bytes tell whose the connection is, within
/// `timeout`. At shutdown a connection that has sent nothing is closed.
async fn read_start(stream: &mut TcpStream, timeout: Duration, closing: &mut watch::Receiver<bool>) -> Start {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut read = Vec::new();
    loop {
        read.reserve_exact(HEAD_READ.min(head::MAX_HEAD - read.len()));
        let got = tokio::select! {
            got = tokio::time::timeout_at(deadline, stream.read_buf(&mut read)) => got,
            () = closed(closing), if read.is_empty() => return Start::Closed,
        };
        if !matches!(got, Ok(Ok(1..))) {
            return Start::Closed;
        }
        match head::classify(&read) {
            Head::Partial => {}
            Head::Other => return Start::Other(read),
            Head::EventStream(request) => return Start::EventStream(request),
        }
    }
}

/// Resolves once the server is shutting down.
async fn closed(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
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
