//! Signals between the nodes that serve one site from one PostgreSQL: a
//! node says what happened (`NOTIFY`) and every node hears it (`LISTEN`),
//! so that readers on any node see a comment taken by any other. What a
//! signal says is the caller's; the store only carries it.
//!
//! A notification is lost while a listener's connection is down. The
//! listener says so ([`Heard::Gap`]) once it is back, so the caller can
//! read what it missed from the tables themselves
//! ([`Store::comments_first_published_since`]).
//!
//! On SQLite one process serves the site: signals go nowhere, and there is
//! nothing to listen to.

use byline_core::Timestamp;
use sqlx::postgres::PgListener;

use crate::backend::{Pools, on_pool};
use crate::{Store, StoreError};

/// The PostgreSQL channel every node of one site listens on, named from the
/// site's schema: notifications go to the whole database, and two sites
/// (or two tests) in one database must not hear each other. An MD5 keeps
/// the name within PostgreSQL's 63 bytes, whatever the schema is called.
const CHANNEL: &str = "'byline_' || md5(current_schema())";

/// What a listener heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A signal, as a node sent it.
    Signal(String),
    /// The connection was lost and is back: anything sent meanwhile was
    /// not heard.
    Gap,
}

/// A node's ear on the other nodes.
pub struct Listener {
    inner: PgListener,
    /// The connection was lost, and listening has not started again.
    lost: bool,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener").field("lost", &self.lost).finish_non_exhaustive()
    }
}

impl Listener {
    /// The next signal, waiting for it. After the connection was lost, the
    /// first call that gets it back listening again answers
    /// [`Heard::Gap`]: from then on nothing is missed, so what was sent
    /// before may be read from the tables. An error (the database still
    /// unreachable) leaves the gap owed to a later call.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        if self.lost {
            // Any statement through the listener connects again and
            // listens on its channel before it runs.
            sqlx::query("SELECT 1").execute(&mut self.inner).await?;
            self.lost = false;
            return Ok(Heard::Gap);
        }
        match self.inner.try_recv().await {
            Ok(Some(notification)) => Ok(Heard::Signal(notification.payload().to_owned())),
            Ok(None) => {
                self.lost = true;
                sqlx::query("SELECT 1").execute(&mut self.inner).await?;
                self.lost = false;
                Ok(Heard::Gap)
            }
            Err(err) => {
                self.lost = true;
                Err(err.into())
            }
        }
    }
}

impl Store {
    /// Tells every listening node `payload` (once the statement commits:
    /// at once, as it runs alone). Nothing on SQLite.
    pub async fn signal(&self, payload: &str) -> Result<(), StoreError> {
        if let Pools::Postgres(pool) = &self.pools {
            sqlx::query(&format!("SELECT pg_notify({CHANNEL}, $1)")).bind(payload).execute(pool).await?;
        }
        Ok(())
    }

    /// Starts listening to the other nodes; `None` on SQLite. The listener
    /// holds one of the pool's connections for as long as it lives.
    pub async fn listen(&self) -> Result<Option<Listener>, StoreError> {
        let Pools::Postgres(pool) = &self.pools else { return Ok(None) };
        let channel: String = sqlx::query_scalar(&format!("SELECT {CHANNEL}")).fetch_one(pool).await?;
        let mut inner = PgListener::connect_with(pool).await?;
        inner.listen(&channel).await?;
        Ok(Some(Listener { inner, lost: false }))
    }

    /// The comments of article `article_id` first published at `since` or
    /// later, oldest first, at most `limit`: what a node missed while it
    /// could not hear the others.
    pub async fn comments_first_published_since(
        &self,
        article_id: i64,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar(concat!(
                "SELECT id FROM comments WHERE article_id = $1 AND status = ",
                crate::comments::states::status!(Published),
                " AND first_published_at >= $2 ORDER BY first_published_at, id LIMIT $3"
            ))
            .bind(article_id)
            .bind(since.millis())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?)
        })
    }

    /// The comments of article `article_id` published since comment
    /// `last_id` was (first published at its time or later, itself left
    /// out), oldest first, at most `limit`: what a reader whose stream
    /// broke after `last_id` has not been sent. Nothing if `last_id` is
    /// not a comment of the article.
    pub async fn comments_published_after(
        &self,
        article_id: i64,
        last_id: i64,
        limit: u32,
    ) -> Result<Vec<i64>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar(concat!(
                "SELECT c.id FROM comments c JOIN comments l ON l.id = $2 AND l.article_id = c.article_id \
                 WHERE c.article_id = $1 AND c.status = ",
                crate::comments::states::status!(Published),
                " AND c.first_published_at >= l.first_published_at AND c.id <> l.id \
                 ORDER BY c.first_published_at, c.id LIMIT $3"
            ))
            .bind(article_id)
            .bind(last_id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?)
        })
    }
}
