//! Webhooks as rows: the endpoints admins add, a durable queue of
//! deliveries (one per event and endpoint, kept like the mail outbox until
//! sent or given up), and the log of every attempt's answer.
//!
//! Due deliveries are *claimed* for a while before they are sent, in one
//! statement that skips rows another node holds, so that several nodes on
//! one PostgreSQL never send the same delivery at once. What to wait
//! before trying again, and when to stop, is the caller's to decide.

use byline_core::Timestamp;
use sqlx::FromRow;

use crate::backend::{Pools, on_pool};
use crate::{Store, StoreError};

/// An endpoint as its admin page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub url: String,
    /// The event names it receives.
    pub events: Vec<String>,
    /// The key of its signatures.
    pub secret: String,
    pub enabled: bool,
    /// The first failure since its last success, while it fails.
    pub failing_since: Option<Timestamp>,
    /// When it was switched off for failing, unless switched on since.
    pub switched_off_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Deliveries still to be sent.
    pub waiting: i64,
}

#[derive(FromRow)]
struct EndpointRow {
    id: i64,
    url: String,
    events: String,
    secret: String,
    enabled: i64,
    failing_since: Option<i64>,
    switched_off_at: Option<i64>,
    created_at: i64,
    waiting: i64,
}

impl From<EndpointRow> for WebhookEndpoint {
    fn from(row: EndpointRow) -> Self {
        Self {
            id: row.id,
            url: row.url,
            events: row.events.split(',').filter(|e| !e.is_empty()).map(str::to_owned).collect(),
            secret: row.secret,
            enabled: row.enabled != 0,
            failing_since: row.failing_since.map(Timestamp::from_millis),
            switched_off_at: row.switched_off_at.map(Timestamp::from_millis),
            created_at: Timestamp::from_millis(row.created_at),
            waiting: row.waiting,
        }
    }
}

const ENDPOINT_COLUMNS: &str = "SELECT e.id, e.url, e.events, e.secret, e.enabled, e.failing_since, e.switched_off_at, \
     e.created_at, (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id \
     AND d.delivered_at IS NULL AND d.given_up_at IS NULL) AS waiting FROM webhook_endpoints e";

/// A delivery taken to be sent, with what sending it needs.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub url: String,
    pub secret: String,
    pub event: String,
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
    pub created_at: i64,
}

/// How one attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult<'a> {
    pub delivery_id: i64,
    pub endpoint_id: i64,
    pub at: Timestamp,
    /// The answer's HTTP status; `None` when none came.
    pub status: Option<u16>,
    /// The start of the answer's body, or what went wrong.
    pub answer: &'a str,
    pub outcome: AttemptOutcome,
}

/// What becomes of a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(Timestamp),
    GiveUp,
}

/// One line of an endpoint's delivery log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookAttempt {
    pub delivery_id: i64,
    pub event: String,
    pub at: Timestamp,
    pub status: Option<u16>,
    pub answer: String,
    pub next_attempt_at: Option<Timestamp>,
}

#[derive(FromRow)]
struct AttemptRow {
    delivery_id: i64,
    event: String,
    attempted_at: i64,
    status: Option<i64>,
    answer: String,
    next_attempt_at: Option<i64>,
}

impl From<AttemptRow> for WebhookAttempt {
    fn from(row: AttemptRow) -> Self {
        Self {
            delivery_id: row.delivery_id,
            event: row.event,
            at: Timestamp::from_millis(row.attempted_at),
            status: row.status.and_then(|s| u16::try_from(s).ok()),
            answer: row.answer,
            next_attempt_at: row.next_attempt_at.map(Timestamp::from_millis),
        }
    }
}

/// A LIKE pattern finding `name` between commas: `%` and `_` in it
/// stand for themselves.
pub(crate) fn between_commas(name: &str) -> String {
    let escaped = name.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%,{escaped},%")
}

/// `events` as stored: each between commas.
fn events_column(events: &[&str]) -> String {
    format!(",{},", events.join(","))
}

/// Takes due deliveries of enabled endpoints, oldest first, and holds them
/// until `$2`. PostgreSQL skips rows another node is taking at the same
/// moment; SQLite has one writer, so the statement is atomic already.
const CLAIM_SQLITE: &str = "UPDATE webhook_deliveries SET claimed_until = $2 WHERE id IN (\
     SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
     WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= $1 \
     AND (d.claimed_until IS NULL OR d.claimed_until <= $1) AND e.enabled = 1 \
     ORDER BY d.next_attempt_at, d.id LIMIT $3) \
     RETURNING id";
const CLAIM_POSTGRES: &str = "UPDATE webhook_deliveries SET claimed_until = $2 WHERE id IN (\
     SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
     WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= $1 \
     AND (d.claimed_until IS NULL OR d.claimed_until <= $1) AND e.enabled = 1 \
     ORDER BY d.next_attempt_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED) \
     AND (claimed_until IS NULL OR claimed_until <= $1) \
     RETURNING id";

impl Store {
    /// Adds an endpoint receiving `events`, signed with `secret`.
    pub async fn add_webhook_endpoint(
        &self,
        url: &str,
        events: &[&str],
        secret: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        on_pool!(self, write, |pool| {
            Ok(sqlx::query_scalar(
                "INSERT INTO webhook_endpoints (url, events, secret, enabled, created_at) \
                 VALUES ($1, $2, $3, 1, $4) RETURNING id",
            )
            .bind(url)
            .bind(events_column(events))
            .bind(secret)
            .bind(now.millis())
            .fetch_one(pool)
            .await?)
        })
    }

    /// Every endpoint, oldest first.
    pub async fn webhook_endpoints(&self) -> Result<Vec<WebhookEndpoint>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<EndpointRow> =
                sqlx::query_as(&format!("{ENDPOINT_COLUMNS} ORDER BY e.id")).fetch_all(pool).await?;
            Ok(rows.into_iter().map(WebhookEndpoint::from).collect())
        })
    }

    pub async fn webhook_endpoint(&self, id: i64) -> Result<Option<WebhookEndpoint>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<EndpointRow> =
                sqlx::query_as(&format!("{ENDPOINT_COLUMNS} WHERE e.id = $1")).bind(id).fetch_optional(pool).await?;
            Ok(row.map(WebhookEndpoint::from))
        })
    }

    /// Changes which events an endpoint receives; `false` if it is gone.
    pub async fn set_webhook_events(&self, id: i64, events: &[&str]) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE webhook_endpoints SET events = $1 WHERE id = $2")
                .bind(events_column(events))
                .bind(id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Switches an endpoint on (as new: not failing) or off by hand;
    /// `false` if it is gone.
    pub async fn set_webhook_enabled(&self, id: i64, enabled: bool) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "UPDATE webhook_endpoints SET enabled = $1, failing_since = NULL, switched_off_at = NULL WHERE id = $2",
            )
            .bind(i64::from(enabled))
            .bind(id)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Removes an endpoint with its deliveries and their log.
    pub async fn delete_webhook_endpoint(&self, id: i64) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1").bind(id).execute(pool).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Whether any enabled endpoint wants `event`: a read, so that the
    /// writes of a site without webhooks pay nothing for them.
    pub async fn webhook_event_wanted(&self, event: &str) -> Result<bool, StoreError> {
        on_pool!(self, read, |pool| {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM webhook_endpoints WHERE enabled = 1 AND events LIKE $1 ESCAPE '\\' LIMIT 1",
            )
            .bind(between_commas(event))
            .fetch_optional(pool)
            .await?;
            Ok(found.is_some())
        })
    }

    /// Queues `body` for every enabled endpoint that wants `event`;
    /// answers how many deliveries were queued.
    pub async fn queue_webhook_event(&self, event: &str, body: &str, now: Timestamp) -> Result<u64, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO webhook_deliveries (endpoint_id, event, body, created_at, next_attempt_at) \
                 SELECT id, $1, $2, $3, $3 FROM webhook_endpoints \
                 WHERE enabled = 1 AND events LIKE $4 ESCAPE '\\'",
            )
            .bind(event)
            .bind(body)
            .bind(now.millis())
            .bind(between_commas(event))
            .execute(pool)
            .await?;
            Ok(done.rows_affected())
        })
    }

    /// Queues `body` for endpoint `endpoint_id` alone, whatever it
    /// receives (a test ping); `None` if it is gone.
    pub async fn queue_webhook_delivery(
        &self,
        endpoint_id: i64,
        event: &str,
        body: &str,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        on_pool!(self, write, |pool| {
            Ok(sqlx::query_scalar(
                "INSERT INTO webhook_deliveries (endpoint_id, event, body, created_at, next_attempt_at) \
                 SELECT id, $2, $3, $4, $4 FROM webhook_endpoints WHERE id = $1 RETURNING id",
            )
            .bind(endpoint_id)
            .bind(event)
            .bind(body)
            .bind(now.millis())
            .fetch_optional(pool)
            .await?)
        })
    }

    /// Takes up to `limit` due deliveries of enabled endpoints and holds
    /// them until `hold_until`: no one else takes them meanwhile. One not
    /// answered for by then (its sender stopped) is due again.
    pub async fn claim_webhook_deliveries(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        // Most passes find nothing: asking the readers first keeps them
        // off SQLite's one writer.
        let any_due: Option<i64> = on_pool!(self, read, |pool| {
            sqlx::query_scalar(
                "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                 WHERE d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= $1 \
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $1) AND e.enabled = 1 LIMIT 1",
            )
            .bind(now.millis())
            .fetch_optional(pool)
            .await?
        });
        if any_due.is_none() {
            return Ok(Vec::new());
        }
        let claimed: Vec<i64> = match &self.pools {
            Pools::Sqlite { write, .. } => {
                sqlx::query_scalar(CLAIM_SQLITE)
                    .bind(now.millis())
                    .bind(hold_until.millis())
                    .bind(i64::from(limit))
                    .fetch_all(write)
                    .await?
            }
            Pools::Postgres(pool) => {
                sqlx::query_scalar(CLAIM_POSTGRES)
                    .bind(now.millis())
                    .bind(hold_until.millis())
                    .bind(i64::from(limit))
                    .fetch_all(pool)
                    .await?
            }
        };
        let mut due = Vec::with_capacity(claimed.len());
        for id in claimed {
            let row: Option<DueDelivery> = on_pool!(self, write, |pool| {
                sqlx::query_as(
                    "SELECT d.id, d.endpoint_id, e.url, e.secret, d.event, d.body, d.attempts, d.created_at \
                     FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?
            });
            due.extend(row);
        }
        due.sort_by_key(|d| d.id);
        Ok(due)
    }

    /// Logs an attempt and settles its delivery and its endpoint in one
    /// transaction: a success clears the endpoint's failing time, a
    /// failure starts it if it was not failing. Answers the endpoint's
    /// failing time after it.
    pub async fn record_webhook_attempt(&self, result: &AttemptResult<'_>) -> Result<Option<Timestamp>, StoreError> {
        let at = result.at.millis();
        let (delivered_at, next_attempt_at, given_up_at) = match result.outcome {
            AttemptOutcome::Delivered => (Some(at), None, None),
            AttemptOutcome::RetryAt(when) => (None, Some(when.millis()), None),
            AttemptOutcome::GiveUp => (None, None, Some(at)),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempted_at, status, answer, next_attempt_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(result.delivery_id)
            .bind(result.endpoint_id)
            .bind(at)
            .bind(result.status.map(i64::from))
            .bind(result.answer)
            .bind(next_attempt_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, claimed_until = NULL, \
                 delivered_at = COALESCE(delivered_at, $1), given_up_at = COALESCE(given_up_at, $2), next_attempt_at = COALESCE($3, next_attempt_at) WHERE id = $4",
            )
            .bind(delivered_at)
            .bind(given_up_at)
            .bind(next_attempt_at)
            .bind(result.delivery_id)
            .execute(&mut *tx)
            .await?;
            let failing: Option<Option<i64>> = if delivered_at.is_some() {
                sqlx::query_scalar(
                    "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 RETURNING failing_since",
                )
                .bind(result.endpoint_id)
                .fetch_optional(&mut *tx)
                .await?
            } else {
                sqlx::query_scalar(
                    "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) WHERE id = $2 \
                     RETURNING failing_since",
                )
                .bind(at)
                .bind(result.endpoint_id)
                .fetch_optional(&mut *tx)
                .await?
            };
            tx.commit().await?;
            Ok(failing.flatten().map(Timestamp::from_millis))
        })
    }

    /// Switches off an enabled endpoint for failing and gives up its
    /// waiting deliveries; `true` only for the call that switched it off.
    pub async fn switch_off_webhook_endpoint(&self, id: i64, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE webhook_endpoints SET enabled = 0, switched_off_at = $1 WHERE id = $2 AND enabled = 1",
            )
            .bind(now.millis())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                sqlx::query(
                    "UPDATE webhook_deliveries SET given_up_at = $1, claimed_until = NULL \
                     WHERE endpoint_id = $2 AND delivered_at IS NULL AND given_up_at IS NULL",
                )
                .bind(now.millis())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Removes deliveries settled (delivered or given up) before `before`,
    /// with their attempts; answers how many.
    pub async fn forget_webhook_deliveries(&self, before: Timestamp) -> Result<u64, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries \
                 WHERE COALESCE(delivered_at, given_up_at) < $1)",
            )
            .bind(before.millis())
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("DELETE FROM webhook_deliveries WHERE COALESCE(delivered_at, given_up_at) < $1")
                .bind(before.millis())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        })
    }

    /// The newest `limit` attempts at deliveries to endpoint `id`, newest
    /// first.
    pub async fn webhook_attempts(&self, id: i64, limit: u32) -> Result<Vec<WebhookAttempt>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<AttemptRow> = sqlx::query_as(
                "SELECT a.delivery_id, d.event, a.attempted_at, a.status, a.answer, a.next_attempt_at \
                 FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
                 WHERE a.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2",
            )
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(WebhookAttempt::from).collect())
        })
    }
}
