//! Work that must happen once, however many nodes share the database: the
//! first admin's link, made by one node and honoured by all, and runs of
//! scheduled work, each slot taken by one node. Each is a row whose insert
//! is the claim, so it holds on SQLite and PostgreSQL alike.

use byline_core::Timestamp;

use crate::backend::on_pool;
use crate::{Store, StoreError};

impl Store {
    /// Keeps `token_hash` as the first admin's link unless another was
    /// made after `unless_since` (by a node started at the same time):
    /// true if this one is kept, replacing any older one.
    pub async fn open_setup_link(
        &self,
        token_hash: &str,
        now: Timestamp,
        unless_since: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO setup_link (id, token_hash, opened_at) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, opened_at = excluded.opened_at \
                 WHERE setup_link.opened_at <= $3",
            )
            .bind(token_hash)
            .bind(now.millis())
            .bind(unless_since.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Whether `token_hash` is the first admin's link now.
    pub async fn is_setup_link(&self, token_hash: &str) -> Result<bool, StoreError> {
        on_pool!(self, read, |pool| {
            let found: Option<i64> = sqlx::query_scalar("SELECT opened_at FROM setup_link WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?;
            Ok(found.is_some())
        })
    }

    /// Uses the first admin's link up: true for the one caller that held
    /// it, false for anyone else (a second click, another node).
    pub async fn take_setup_link(&self, token_hash: &str) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done =
                sqlx::query("DELETE FROM setup_link WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Claims slot `slot` of scheduled job `job`: true for the one caller
    /// whose claim lands.
    pub async fn claim_scheduled_run(&self, job: &str, slot: i64, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO scheduled_runs (job, slot, taken_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(job)
            .bind(slot)
            .bind(now.millis())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
