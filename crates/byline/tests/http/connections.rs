//! The connection loop, byte by byte: event streams are answered by the
//! server's own loop, everything else by hyper after the first bytes are
//! read again. What a client sees must not tell the two apart, but for
//! `Connection: close` after an event-stream request.

use std::time::Duration;

use byline_store::testing::TestDatabase;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::TestApp;

/// Longer than any test waits on a busy machine: only keeps a broken
/// server from hanging the suite.
const BOUND: Duration = Duration::from_secs(300);

async fn app_with(db: &TestDatabase, change: impl FnOnce(&mut byline::config::Config)) -> TestApp {
    TestApp::with_config(db, "https://news.example/", change).await
}

/// A raw connection, with what it has read but not yet taken.
struct Raw {
    stream: TcpStream,
    read: Vec<u8>,
}

impl Raw {
    async fn open(app: &TestApp) -> Self {
        Self { stream: TcpStream::connect(app.running.addr).await.unwrap(), read: Vec::new() }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// Reads more; false at the end of the connection.
    async fn read_more(&mut self) -> bool {
        let mut buffer = [0_u8; 4096];
        let n =
            tokio::time::timeout(BOUND, self.stream.read(&mut buffer)).await.expect("the server answered").unwrap_or(0);
        self.read.extend_from_slice(&buffer[..n]);
        n > 0
    }

    /// The next answer's head, lower-cased, up to its blank line.
    async fn head(&mut self) -> String {
        loop {
            if let Some(end) = self.read.windows(4).position(|w| w == b"\r\n\r\n") {
                let head: Vec<u8> = self.read.drain(..end + 4).collect();
                return String::from_utf8(head).unwrap().to_ascii_lowercase();
            }
            assert!(self.read_more().await, "closed before a whole head: {:?}", String::from_utf8_lossy(&self.read));
        }
    }

    /// The next answer: its head and a body of the length the head gives.
    async fn answer(&mut self) -> (String, Vec<u8>) {
        let head = self.head().await;
        let length: usize = header_in(&head, "content-length").expect("a length").parse().unwrap();
        while self.read.len() < length {
            assert!(self.read_more().await, "closed mid-body");
        }
        let body = self.read.drain(..length).collect();
        (head, body)
    }

    /// Everything until the server closes the connection.
    async fn rest(&mut self) -> Vec<u8> {
        while self.read_more().await {}
        std::mem::take(&mut self.read)
    }
}

/// The value of `name` in a lower-cased head.
fn header_in<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(':')).map(str::trim)
}

fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: news.example\r\n\r\n")
}

/// The bytes read to tell an event stream from a page are read again by
/// hyper: split heads, pipelined requests and keep-alive behave as ever.
async fn other_requests_are_served_whole_on_kept_alive_connections(db: &TestDatabase) {
    let app = app_with(db, |_| {}).await;
    app.add_article("river", "open").await;
    let mut raw = Raw::open(&app).await;
    // A head that starts like an event stream's and turns out not to be.
    raw.send(b"GET /articles/riv").await;
    raw.send(b"er?x=1 HTTP/1.1\r\nHost: news.example\r\n\r\n").await;
    let (head, body) = raw.answer().await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(String::from_utf8(body).unwrap().contains("Headline river"));
    // Two requests in one write: both answered, in order.
    raw.send(format!("{}{}", get("/healthz"), get("/articles/river/missing")).as_bytes()).await;
    let (health, _) = raw.answer().await;
    assert!(health.starts_with("http/1.1 200"), "{health}");
    let (missing, _) = raw.answer().await;
    assert!(missing.starts_with("http/1.1 404"), "{missing}");
    assert_eq!(header_in(&missing, "connection"), None, "kept alive");
    // And the connection is still open for more.
    raw.send(get("/healthz").as_bytes()).await;
    assert!(raw.answer().await.0.starts_with("http/1.1 200"));
    // A first request sent in one piece with its body goes to hyper too.
    let mut raw = Raw::open(&app).await;
    raw.send(b"POST /api/v1/preview HTTP/1.1\r\nHost: news.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").await;
    let (head, _) = raw.answer().await;
    assert!(head.starts_with("http/1.1 "), "{head}");
    app.stop().await;
}

/// An event-stream request the router refuses is answered whole, and the
/// connection closed after it.
async fn a_refused_event_stream_is_answered_whole_then_closed(db: &TestDatabase) {
    let app = app_with(db, |config| config.live.streams_per_client = 1).await;
    app.add_article("river", "open").await;
    let mut missing = Raw::open(&app).await;
    missing.send(get("/articles/nowhere/live").as_bytes()).await;
    let (head, body) = missing.answer().await;
    assert!(head.starts_with("http/1.1 404 not found\r\n"), "{head}");
    assert_eq!(header_in(&head, "connection"), Some("close"));
    assert!(String::from_utf8(body).unwrap().contains("<html"), "the site's own page");
    assert!(missing.rest().await.is_empty(), "closed after the answer");

    let mut held = Raw::open(&app).await;
    held.send(get("/articles/river/live").as_bytes()).await;
    let head = held.head().await;
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert_eq!(header_in(&head, "content-type"), Some("text/event-stream"));
    assert_eq!(header_in(&head, "transfer-encoding"), Some("chunked"));
    let mut refused = Raw::open(&app).await;
    refused.send(get("/articles/river/live").as_bytes()).await;
    let (head, body) = refused.answer().await;
    assert!(head.starts_with("http/1.1 429 too many requests\r\n"), "{head}");
    assert_eq!(header_in(&head, "retry-after"), Some("10"));
    assert_eq!(body, b"Too many live streams open; try again later.\n");
    assert!(refused.rest().await.is_empty(), "closed after the answer");
    drop(held);
    app.stop().await;
}

/// A reader that hangs up frees its place at once: the server sees the
/// end of its side while waiting for events, and closes the connection
/// after giving the place back.
async fn a_reader_that_hangs_up_gives_its_place_back(db: &TestDatabase) {
    let app = app_with(db, |config| config.live.streams_per_client = 1).await;
    app.add_article("river", "open").await;
    let mut reader = Raw::open(&app).await;
    reader.send(get("/articles/river/live").as_bytes()).await;
    assert!(reader.head().await.starts_with("http/1.1 200"));
    reader.stream.shutdown().await.unwrap();
    // Nothing is sent on a new stream but keep-alive comments, and those
    // only after 20 s: the close comes from seeing the reader go.
    let rest = String::from_utf8(reader.rest().await).unwrap();
    assert!(!rest.contains("event:"), "{rest:?}");
    let mut next = Raw::open(&app).await;
    next.send(get("/articles/river/live").as_bytes()).await;
    let head = next.head().await;
    assert!(head.starts_with("http/1.1 200"), "the place was given back before the close: {head}");
    drop(next);
    app.stop().await;
}

/// A client that starts an event-stream head and never ends it, or sends
/// nothing, is closed without an answer once the request timeout passes.
async fn a_head_that_never_ends_is_closed_after_the_request_timeout(db: &TestDatabase) {
    let app = app_with(db, |config| config.server.request_timeout_secs = 1).await;
    let mut unfinished = Raw::open(&app).await;
    unfinished.send(b"GET /articles/river/live HTTP/1.1\r\nHost: news.example\r\n").await;
    let mut silent = Raw::open(&app).await;
    assert_eq!(unfinished.rest().await, b"", "closed, unanswered");
    assert_eq!(silent.rest().await, b"", "closed, unanswered");
    let mut after = Raw::open(&app).await;
    after.send(get("/healthz").as_bytes()).await;
    assert!(after.answer().await.0.starts_with("http/1.1 200"), "still serving");
    drop(after);
    app.stop().await;
}

/// Stopping the server ends each open stream with an `end` event whose
/// `retry:` tells the browser when to come back, then the chunked body's
/// end, and the stop waits for it.
async fn stopping_ends_open_streams_with_a_retry_hint(db: &TestDatabase) {
    let app = app_with(db, |config| config.live.retry_secs = 7).await;
    app.add_article("river", "open").await;
    let mut reader = Raw::open(&app).await;
    reader.send(get("/articles/river/live").as_bytes()).await;
    assert!(reader.head().await.starts_with("http/1.1 200"));
    let (rest, ()) = tokio::join!(reader.rest(), app.stop());
    let rest = String::from_utf8(rest).unwrap();
    assert!(rest.contains("event: end\n"), "{rest:?}");
    assert!(rest.contains("retry: 7000\n"), "{rest:?}");
    assert!(rest.ends_with("\r\n0\r\n\r\n"), "the body's end, then the close: {rest:?}");
}

byline_store::test_on_both_backends!(
    other_requests_are_served_whole_on_kept_alive_connections,
    a_refused_event_stream_is_answered_whole_then_closed,
    a_reader_that_hangs_up_gives_its_place_back,
    a_head_that_never_ends_is_closed_after_the_request_timeout,
    stopping_ends_open_streams_with_a_retry_hint,
);
