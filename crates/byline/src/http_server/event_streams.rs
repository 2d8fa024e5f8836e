//! Writing the router's answer to an event-stream request straight to the
//! socket, without hyper's per-connection buffers (8 kB to read and 8 kB
//! to write, kept for as long as the connection is open: most of what an
//! open stream cost).
//!
//! A stream's head is written once, then each frame of its body as one
//! chunk, straight from the bytes the body gives; nothing is kept between
//! events. While it waits for the next event the socket is watched, so a
//! reader that goes away frees its place at once. The stream ends with its
//! body (at shutdown the live module ends every stream with a `retry:`),
//! and the connection is closed then: it served one request. Any other
//! answer (404, 429, a redirect) is written whole, with
//! `Connection: close`.

use std::io::{self, IoSlice, Write as _};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::http::response::Parts;
use axum::http::{StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The largest answer other than a stream written here (an error page).
const MAX_WHOLE: usize = 1024 * 1024;

/// How a body's end is told.
#[derive(Debug, Clone, Copy)]
enum Framing {
    Chunked,
    Length(usize),
}

/// Writes `response` to `stream`: a stream's head, returning its body for
/// [`copy_frames`]; any other answer whole. A write that makes no progress
/// for `stall` ends the connection: a reader that takes nothing for that
/// long is gone, and must not hold its place (nor hold up shutdown) for
/// ever.
pub async fn answer(stream: &mut TcpStream, response: Response, stall: Duration) -> Option<Body> {
    let (parts, body) = response.into_parts();
    if !is_event_stream(&parts) {
        write_whole(stream, &parts, body, stall).await;
        return None;
    }
    let head = response_head(&parts, Framing::Chunked);
    write_all(stream, &mut [IoSlice::new(&head)], stall).await.ok()?;
    Some(body)
}

/// A `200` whose body is `text/event-stream`.
fn is_event_stream(parts: &Parts) -> bool {
    parts.status == StatusCode::OK
        && parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().starts_with("text/event-stream"))
}

/// Sends each frame of `body` as a chunk as soon as the body yields it,
/// until it ends or the reader goes away.
pub async fn copy_frames(mut stream: TcpStream, mut body: Body, stall: Duration) {
    loop {
        let frame = tokio::select! {
            frame = body.frame() => frame,
            () = client_gone(&stream) => {
                // The place it held is given back before the socket closes.
                drop(body);
                return;
            }
        };
        let data = match frame {
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) if !data.is_empty() => data,
                _ => continue,
            },
            Some(Err(err)) => {
                tracing::debug!(error = %err, "event stream ended with an error");
                return;
            }
            None => {
                if write_all(&mut stream, &mut [IoSlice::new(b"0\r\n\r\n")], stall).await.is_ok() {
                    let _ = stream.shutdown().await;
                }
                return;
            }
        };
        let mut size = [0_u8; 20];
        let size = chunk_size_line(data.len(), &mut size);
        let mut chunk = [IoSlice::new(size), IoSlice::new(&data), IoSlice::new(b"\r\n")];
        if write_all(&mut stream, &mut chunk, stall).await.is_err() {
            return;
        }
    }
}

/// `len` in hexadecimal and a line end, as a chunk starts, in `buffer`.
fn chunk_size_line(len: usize, buffer: &mut [u8; 20]) -> &[u8] {
    let mut cursor = io::Cursor::new(&mut buffer[..]);
    // 16 hexadecimal digits and a line end always fit in 20 bytes.
    let _ = write!(cursor, "{len:x}\r\n");
    let end = usize::try_from(cursor.position()).unwrap_or(0);
    &buffer[..end]
}

/// Resolves once the reader has closed its side or the connection failed.
/// Anything it sends meanwhile is read and dropped: the connection serves
/// no other request.
async fn client_gone(stream: &TcpStream) {
    loop {
        if stream.readable().await.is_err() {
            return;
        }
        let mut scrap = [0_u8; 64];
        match stream.try_read(&mut scrap) {
            Ok(0) => return,
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

/// Writes an answer that is not a stream whole, then closes.
async fn write_whole(stream: &mut TcpStream, parts: &Parts, body: Body, stall: Duration) {
    let body = match axum::body::to_bytes(body, MAX_WHOLE).await {
        Ok(body) => body,
        Err(err) => {
            tracing::warn!(error = %err, status = %parts.status, "cannot read an answer to an event-stream request");
            return;
        }
    };
    let head = response_head(parts, Framing::Length(body.len()));
    let mut whole = [IoSlice::new(&head), IoSlice::new(&body)];
    if write_all(stream, &mut whole, stall).await.is_ok() {
        let _ = stream.shutdown().await;
    }
}

/// The status line and headers, framed by `framing`, saying the
/// connection closes after this answer.
fn response_head(parts: &Parts, framing: Framing) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    let status = parts.status;
    let _ = write!(head, "HTTP/1.1 {} {}\r\n", status.as_str(), status.canonical_reason().unwrap_or(""));
    for (name, value) in &parts.headers {
        if [header::CONTENT_LENGTH, header::TRANSFER_ENCODING, header::CONNECTION].contains(name) {
            continue;
        }
        push_header(&mut head, name.as_str(), value.as_bytes());
    }
    if !parts.headers.contains_key(header::DATE) {
        push_header(&mut head, "date", httpdate::fmt_http_date(SystemTime::now()).as_bytes());
    }
    match framing {
        Framing::Chunked => push_header(&mut head, "transfer-encoding", b"chunked"),
        Framing::Length(_) if status.is_informational() || status == StatusCode::NO_CONTENT => {}
        Framing::Length(_) if status == StatusCode::NOT_MODIFIED => {}
        Framing::Length(len) => push_header(&mut head, "content-length", len.to_string().as_bytes()),
    }
    push_header(&mut head, "connection", b"close");
    head.extend_from_slice(b"\r\n");
    head
}

fn push_header(head: &mut Vec<u8>, name: &str, value: &[u8]) {
    head.extend_from_slice(name.as_bytes());
    head.extend_from_slice(b": ");
    head.extend_from_slice(value);
    head.extend_from_slice(b"\r\n");
}

/// Writes every byte of `bufs`, waiting at most `stall` each time the
/// socket takes nothing. Most writes fit the socket's buffer at once and
/// start no timer.
async fn write_all(stream: &mut TcpStream, mut bufs: &mut [IoSlice<'_>], stall: Duration) -> io::Result<()> {
    while !bufs.is_empty() {
        match stream.try_write_vectored(bufs) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut bufs, written),
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => {
                // Boxed: a timer is large, and only a slow reader needs one.
                Box::pin(tokio::time::timeout(stall, stream.writable()))
                    .await
                    .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
            }
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(response: Response<()>, framing: Framing) -> String {
        let (parts, ()) = response.into_parts();
        String::from_utf8(response_head(&parts, framing)).unwrap()
    }

    #[test]
    fn a_stream_head_is_chunked_and_closes_and_keeps_the_routers_headers() {
        let response = Response::builder()
            .header("content-type", "text/event-stream")
            .header("cache-control", "no-cache")
            .header("connection", "keep-alive")
            .body(())
            .unwrap();
        let head = head_of(response, Framing::Chunked);
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.ends_with("transfer-encoding: chunked\r\nconnection: close\r\n\r\n"), "{head}");
        assert!(head.contains("\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ndate: "), "{head}");
        assert_eq!(head.matches("connection:").count(), 1, "{head}");
    }

    #[test]
    fn a_whole_answer_says_its_length_unless_its_status_has_no_body() {
        let refused = Response::builder().status(429).header("retry-after", "10").body(()).unwrap();
        let head = head_of(refused, Framing::Length(42));
        assert!(head.starts_with("HTTP/1.1 429 Too Many Requests\r\nretry-after: 10\r\n"), "{head}");
        assert!(head.ends_with("content-length: 42\r\nconnection: close\r\n\r\n"), "{head}");
        let unchanged = Response::builder().status(304).body(()).unwrap();
        assert!(!head_of(unchanged, Framing::Length(0)).contains("content-length"));
    }

    #[test]
    fn chunk_sizes_are_hexadecimal_lines() {
        let mut buffer = [0_u8; 20];
        assert_eq!(chunk_size_line(0x1a2, &mut buffer), b"1a2\r\n");
        assert_eq!(chunk_size_line(usize::MAX, &mut buffer), b"ffffffffffffffff\r\n");
    }
}
