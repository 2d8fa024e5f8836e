//! Writing the moderation log: who acted, on what, and why, in the
//! transaction that made the change. Reading it is [`crate::moderation`]'s.

use byline_core::Timestamp;
use sqlx::{Database, Encode, Executor, IntoArguments, Transaction, Type};

use crate::StoreError;

/// Who acts: kept in the log by id and by handle.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The staff member's account; `None` for the command line.
    pub id: Option<i64>,
    pub handle: &'a str,
}

impl Actor<'static> {
    /// Whoever runs `byline` on the server. Not a handle anyone can take:
    /// handles have no hyphens.
    pub const COMMAND_LINE: Self = Actor { id: None, handle: "command-line" };
    /// Whoever opened the one-time link that makes the first admin.
    pub const SETUP_LINK: Self = Actor { id: None, handle: "setup-link" };
}

/// A line of the moderation log as the application words it: who acted,
/// the action's key (one of [`crate::LOG_ACTIONS`]) and why. The store adds
/// the time and what it is about.
#[derive(Debug, Clone)]
pub struct LogLine<'a> {
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub reason: String,
}

/// What a log line is about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    User(i64),
    Comment(i64),
}

impl Target {
    fn kind_and_id(self) -> (&'static str, i64) {
        match self {
            Self::User(id) => ("user", id),
            Self::Comment(id) => ("comment", id),
        }
    }
}

/// Appends one line to the moderation log, inside the action's
/// transaction (on either backend).
pub(crate) async fn log_action<DB>(
    tx: &mut Transaction<'_, DB>,
    actor: Actor<'_>,
    now: Timestamp,
    target: Target,
    action: &str,
    reason: &str,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    let (kind, target_id) = target.kind_and_id();
    sqlx::query(
        "INSERT INTO moderation_log (actor_id, actor_handle, at, target_kind, target_id, action, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(actor.id)
    .bind(actor.handle)
    .bind(now.millis())
    .bind(kind)
    .bind(target_id)
    .bind(action)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
