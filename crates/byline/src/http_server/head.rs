//! What the first bytes of a connection say: a `GET` of an event stream,
//! which the connection loop serves itself, or anything else, which
//! hyper serves.
//!
//! Only the request line is needed to tell most requests apart, so a page
//! request is handed to hyper after its first read; an event stream's
//! whole head is read here. Whatever this cannot take whole (a body, an
//! upgrade, a head too large or malformed) goes to hyper, which answers it
//! as it answers any request.

use axum::http::{HeaderName, HeaderValue, Method, Request, Uri, Version, header};

/// The largest event-stream head read here; a larger one goes to hyper,
/// whose own limit answers 431.
pub const MAX_HEAD: usize = 16 * 1024;

/// Headers an event-stream request may carry here; more go to hyper.
const MAX_HEADERS: usize = 64;

/// The request line every event stream starts with.
const METHOD: &[u8] = b"GET ";
const VERSION: &[u8] = b"HTTP/1.1";

/// What the bytes read so far say.
#[derive(Debug)]
pub enum Head {
    /// Too few to tell: read more.
    Partial,
    /// Not an event stream this loop takes whole: hyper's.
    Other,
    /// A whole `GET` of an event-stream route, with no body.
    EventStream(Box<Request<()>>),
}

/// Sorts the first bytes read on a connection.
pub fn classify(read: &[u8]) -> Head {
    let line_end = read.iter().position(|&b| b == b'\n');
    let line = match line_end {
        Some(end) => read[..end].strip_suffix(b"\r").unwrap_or(&read[..end]),
        None => read.strip_suffix(b"\r").unwrap_or(read),
    };
    if !may_be_event_stream(line, line_end.is_some()) {
        return Head::Other;
    }
    let partial = || if read.len() >= MAX_HEAD { Head::Other } else { Head::Partial };
    if line_end.is_none() {
        return partial();
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(read) {
        Ok(httparse::Status::Partial) => partial(),
        Ok(httparse::Status::Complete(_)) => {
            event_stream_request(&parsed).map_or(Head::Other, |request| Head::EventStream(Box::new(request)))
        }
        Err(_) => Head::Other,
    }
}

/// Whether the request line `line` (all of it if `whole`, else its start)
/// is, or may yet become, `GET <event stream> HTTP/1.1`.
fn may_be_event_stream(line: &[u8], whole: bool) -> bool {
    let Some(rest) = line.strip_prefix(METHOD) else {
        return !whole && METHOD.starts_with(line);
    };
    match rest.iter().position(|&b| b == b' ') {
        Some(space) => {
            let version = &rest[space + 1..];
            let version_fits = if whole { version == VERSION } else { VERSION.starts_with(version) };
            version_fits && is_event_stream_path(path_of(&rest[..space]))
        }
        None => !whole && target_may_become_event_stream(rest),
    }
}

/// The path of a request target, less its query.
fn path_of(target: &[u8]) -> &[u8] {
    target.iter().position(|&b| b == b'?').map_or(target, |query| &target[..query])
}

/// `/articles/{slug}/live` or `/moderation/live`: the routes that answer
/// with an event stream.
fn is_event_stream_path(path: &[u8]) -> bool {
    if path == b"/moderation/live" {
        return true;
    }
    path.strip_prefix(b"/articles/")
        .and_then(|rest| rest.strip_suffix(b"/live"))
        .is_some_and(|slug| !slug.is_empty() && !slug.contains(&b'/'))
}

/// Whether the start of a request target may still become an event
/// stream's.
fn target_may_become_event_stream(start: &[u8]) -> bool {
    if start.contains(&b'?') {
        return is_event_stream_path(path_of(start));
    }
    if b"/moderation/live".starts_with(start) || b"/articles/".starts_with(start) {
        return true;
    }
    let Some(rest) = start.strip_prefix(b"/articles/") else { return false };
    match rest.iter().position(|&b| b == b'/') {
        None => true,
        Some(slash) => slash > 0 && b"/live".starts_with(&rest[slash..]),
    }
}

/// The request as the router takes it, if it is one this loop can serve
/// whole: a `GET` with no body that asks for no upgrade.
fn event_stream_request(parsed: &httparse::Request<'_, '_>) -> Option<Request<()>> {
    if parsed.method != Some(Method::GET.as_str()) || parsed.version != Some(1) {
        return None;
    }
    let uri = Uri::try_from(parsed.path?).ok()?;
    let mut request = Request::builder().method(Method::GET).uri(uri).version(Version::HTTP_11).body(()).ok()?;
    let headers = request.headers_mut();
    for found in parsed.headers.iter() {
        let name = HeaderName::from_bytes(found.name.as_bytes()).ok()?;
        let value = HeaderValue::from_bytes(found.value).ok()?;
        let takes_a_body = (name == header::CONTENT_LENGTH && value != "0") || name == header::TRANSFER_ENCODING;
        if takes_a_body || name == header::UPGRADE || name == header::EXPECT {
            return None;
        }
        headers.append(name, value);
    }
    Some(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &[u8] =
        b"GET /articles/river/live?since=3 HTTP/1.1\r\nHost: news.example\r\nAccept: text/event-stream\r\n\
          Last-Event-ID: 41\r\n\r\n";

    fn is_partial(read: &[u8]) -> bool {
        matches!(classify(read), Head::Partial)
    }

    fn is_other(read: &[u8]) -> bool {
        matches!(classify(read), Head::Other)
    }

    #[test]
    fn an_event_stream_head_becomes_the_request_the_router_takes() {
        let Head::EventStream(request) = classify(STREAM) else { panic!("not taken as an event stream") };
        assert_eq!(request.method(), Method::GET);
        assert_eq!(request.uri(), "/articles/river/live?since=3");
        assert_eq!(request.version(), Version::HTTP_11);
        assert_eq!(request.headers()["host"], "news.example");
        assert_eq!(request.headers()["last-event-id"], "41");
        let Head::EventStream(moderation) = classify(b"GET /moderation/live HTTP/1.1\nHost: a\n\n") else {
            panic!("bare line feeds end lines too")
        };
        assert_eq!(moderation.uri(), "/moderation/live");
    }

    #[test]
    fn every_start_of_an_event_stream_head_waits_for_more() {
        for end in 0..STREAM.len() {
            assert!(is_partial(&STREAM[..end]), "{:?}", String::from_utf8_lossy(&STREAM[..end]));
        }
    }

    #[test]
    fn other_requests_go_to_hyper_as_soon_as_the_request_line_tells() {
        for start in [
            &b"POST /articles/river/live HTTP/1.1\r\n"[..],
            b"HEAD /articles/river/live HTTP/1.1\r\n\r\n",
            b"P",
            b"GET / ",
            b"GET /articles/river HTTP/1.1\r\n",
            b"GET /articles/river/comments",
            b"GET /articles//live HTTP/1.1\r\n\r\n",
            b"GET /articles/a/b/live HTTP/1.1\r\n\r\n",
            b"GET /articles/river/live/ HTTP/1.1\r\n\r\n",
            b"GET /moderation/queue",
            b"GET /assets/app.css HTTP/1.1\r\nHost: a\r\n",
            // HTTP/1.0 cannot take a chunked stream: hyper frames it.
            b"GET /articles/river/live HTTP/1.0\r\n\r\n",
            b"GET /articles/river/live HTTP/2",
            b"\r\nGET /articles/river/live HTTP/1.1\r\n\r\n",
        ] {
            assert!(is_other(start), "{:?}", String::from_utf8_lossy(start));
        }
    }

    #[test]
    fn a_stream_request_with_a_body_or_an_upgrade_goes_to_hyper() {
        for header in ["Content-Length: 5", "Transfer-Encoding: chunked", "Upgrade: websocket", "Expect: 100-continue"]
        {
            let head = format!("GET /articles/river/live HTTP/1.1\r\nHost: a\r\n{header}\r\n\r\n");
            assert!(is_other(head.as_bytes()), "{header}");
        }
        let empty_body = b"GET /articles/river/live HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        assert!(matches!(classify(empty_body), Head::EventStream(_)));
    }

    #[test]
    fn an_oversized_or_malformed_stream_head_goes_to_hyper_which_refuses_it() {
        let mut huge = b"GET /articles/river/live HTTP/1.1\r\nCookie: ".to_vec();
        huge.resize(MAX_HEAD - 1, b'a');
        assert!(is_partial(&huge), "just under the limit, more is read");
        huge.push(b'a');
        assert!(is_other(&huge), "at the limit, hyper takes it");
        let many: String = (0..=MAX_HEADERS).map(|n| format!("X-{n}: 1\r\n")).collect();
        assert!(is_other(format!("GET /moderation/live HTTP/1.1\r\n{many}\r\n").as_bytes()), "too many headers");
        assert!(is_other(b"GET /moderation/live HTTP/1.1\r\nNo colon here\r\n\r\n"), "a malformed header");
        let long_line = format!("GET /articles/{}", "a".repeat(MAX_HEAD));
        assert!(is_other(long_line.as_bytes()), "a request line that never ends");
    }
}
