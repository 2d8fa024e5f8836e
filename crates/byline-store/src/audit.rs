//! Writing the moderation log: who acted, on what, and why, in the
//! transaction that made the change. Reading it is [`crate::moderation`]'s.

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

/// Appends one line to the moderation log, inside the action's transaction.
macro_rules! log_action {
    ($tx:expr, $actor:expr, $now:expr, $kind:expr, $target:expr, $action:expr, $reason:expr) => {
        sqlx::query(
            "INSERT INTO moderation_log (actor_id, actor_handle, at, target_kind, target_id, action, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($actor.id)
        .bind($actor.handle)
        .bind($now.millis())
        .bind($kind)
        .bind($target)
        .bind($action)
        .bind($reason)
        .execute(&mut *$tx)
        .await?
    };
}
pub(crate) use log_action;
