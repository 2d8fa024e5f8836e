//! A connection whose first bytes were already read: they are read again
//! before the socket's, so hyper sees the request whole.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// `inner`, with `read` put back in front of it. The bytes are freed once
/// they have been read again.
#[derive(Debug)]
pub struct Rewind<T> {
    read: Option<Box<[u8]>>,
    /// How much of `read` has been read again.
    at: usize,
    inner: T,
}

impl<T> Rewind<T> {
    pub fn new(read: Vec<u8>, inner: T) -> Self {
        let read = (!read.is_empty()).then(|| read.into_boxed_slice());
        Self { read, at: 0, inner }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Rewind<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Some(read) = &this.read {
            let rest = &read[this.at..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.at += n;
            if this.at == read.len() {
                this.read = None;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Rewind<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    #[tokio::test]
    async fn the_bytes_read_come_first_then_the_rest_and_writes_go_through() {
        let (mut near, far) = tokio::io::duplex(64);
        let mut rewound = Rewind::new(b"GET / HT".to_vec(), far);
        near.write_all(b"TP/1.1\r\n\r\n").await.unwrap();
        // A small buffer takes the bytes read before in pieces.
        let mut piece = [0_u8; 3];
        rewound.read_exact(&mut piece).await.unwrap();
        assert_eq!(&piece, b"GET");
        let mut rest = [0_u8; 15];
        rewound.read_exact(&mut rest).await.unwrap();
        assert_eq!(&rest, b" / HTTP/1.1\r\n\r\n");
        assert!(rewound.read.is_none(), "the bytes read before are freed once read again");
        rewound.write_all(b"HTTP/1.1 200 OK\r\n").await.unwrap();
        let mut answer = [0_u8; 17];
        near.read_exact(&mut answer).await.unwrap();
        assert_eq!(&answer, b"HTTP/1.1 200 OK\r\n");
    }
}
