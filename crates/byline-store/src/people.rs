//! Readers as moderators see them: finding someone, their whole record,
//! and the changes to whether they may comment, each logged in the same
//! transaction as the change. Who may be changed, and what a change does
//! to their comments, is the application's to decide.

use byline_core::Timestamp;
use byline_core::accounts::{Handle, Role};
use byline_core::comments::CommentStatus;
use byline_core::moderation::Standing;
use sqlx::FromRow;

use crate::audit::{Actor, LogLine, Target, log_action};
use crate::backend::on_pool;
use crate::comments::count_published;
use crate::comments::states::{status, statuses};
use crate::{Store, StoreError};

/// Someone with an account, with their record, as the people pages show
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// `active`, `suspended` or `banned`.
    pub status: String,
    pub suspended_until: Option<Timestamp>,
    pub joined: Timestamp,
    /// When a moderator last reset their trust: the policy counts their
    /// comments from then.
    pub trust_since: Option<Timestamp>,
    pub published: i64,
    pub refused: i64,
    pub waiting: i64,
    /// Comments a ban took down, which lifting it puts back.
    pub removed_by_ban: i64,
}

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    handle: String,
    display_name: String,
    email: String,
    role: String,
    status: String,
    suspended_until: Option<i64>,
    created_at: i64,
    trust_since: Option<i64>,
    published: i64,
    refused: i64,
    waiting: i64,
    removed_by_ban: i64,
}

impl TryFrom<PersonRow> for Person {
    type Error = StoreError;

    fn try_from(row: PersonRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id,
            role: row.role.parse().map_err(|_| StoreError::Corrupt { what: "role", value: row.role.clone() })?,
            handle: row.handle,
            display_name: row.display_name,
            email: row.email,
            status: row.status,
            suspended_until: row.suspended_until.map(Timestamp::from_millis),
            joined: Timestamp::from_millis(row.created_at),
            trust_since: row.trust_since.map(Timestamp::from_millis),
            published: row.published,
            refused: row.refused,
            waiting: row.waiting,
            removed_by_ban: row.removed_by_ban,
        })
    }
}

/// Every person's record is the same query; only what picks them differs.
const SELECT_PERSON: &str = concat!(
    "SELECT u.id, u.handle, u.display_name, u.email, u.role, u.status, u.suspended_until, \
       u.created_at, u.trust_since, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = ",
    status!(Published),
    ") AS published, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status IN ",
    statuses!(Rejected, Spam, Removed),
    " \
         AND c.removed_by_ban = 0) AS refused, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = ",
    status!(Pending),
    ") AS waiting, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.removed_by_ban = 1) AS removed_by_ban \
     FROM users u "
);

/// What a change of standing does to the person's comments, as the
/// application decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeDown {
    /// They stay as they are.
    Nothing,
    /// Their comments in `from` go to `to`, marked as taken down with their
    /// standing, so that [`TakeDown::PutBack`] finds them.
    Remove { from: CommentStatus, to: CommentStatus },
    /// Their comments marked as taken down with their standing, in `from`,
    /// go back to `to`, unmarked.
    PutBack { from: CommentStatus, to: CommentStatus },
}

/// The `status` and `suspended_until` columns of `users` for a standing.
fn standing_columns(standing: Standing) -> (&'static str, Option<i64>) {
    match standing {
        Standing::Active => ("active", None),
        Standing::Suspended { until } => ("suspended", Some(until.millis())),
        Standing::Banned => ("banned", None),
    }
}

/// Escapes the wildcards of a `LIKE` pattern (with `ESCAPE '\'`).
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// People whose handle or name holds `text` (in any case), or, with
    /// `by_email`, whose e-mail address does; by handle.
    pub async fn search_people(&self, text: &str, by_email: bool, limit: u32) -> Result<Vec<Person>, StoreError> {
        // Handles and names are matched by their keys, so the case and
        // look-alike letters from other scripts do not matter, alike on
        // both backends; addresses by their lower case.
        let pattern = like_pattern(&Handle::key_of(text.trim()));
        let email_pattern = like_pattern(&text.trim().to_lowercase());
        let sql = format!(
            "{SELECT_PERSON}WHERE u.handle_key LIKE $1 ESCAPE '\\' OR u.name_key LIKE $1 ESCAPE '\\' \
             OR ($3 = 1 AND u.email_key LIKE $4 ESCAPE '\\') ORDER BY u.handle_key LIMIT $2"
        );
        let rows: Vec<PersonRow> = on_pool!(self, read, |pool| sqlx::query_as(&sql)
            .bind(&pattern)
            .bind(i64::from(limit))
            .bind(i64::from(by_email))
            .bind(&email_pattern)
            .fetch_all(pool)
            .await?);
        rows.into_iter().map(Person::try_from).collect()
    }

    /// One person and their record.
    pub async fn person(&self, id: i64) -> Result<Option<Person>, StoreError> {
        let sql = format!("{SELECT_PERSON}WHERE u.id = $1");
        let row: Option<PersonRow> =
            on_pool!(self, read, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
        row.map(Person::try_from).transpose()
    }

    /// Gives someone a role, and logs it. `false`, and nothing written, if
    /// there is no such person or the role is theirs already.
    pub async fn change_role(
        &self,
        user_id: i64,
        role: Role,
        actor: Actor<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 AND role <> $1")
                .bind(role.as_str())
                .bind(now.millis())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            log_action(&mut tx, actor, now, Target::User(user_id), "role", role.as_str()).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Gives the person `user_id` a standing, does to their comments what
    /// `take_down` says, and logs it with the line `log` makes of how many
    /// comments moved, in one transaction. Only while their role is still
    /// `while_role` (another request may change it meanwhile): `None`, and
    /// nothing written, if it is not or there is no such person; else the
    /// comments that moved.
    pub async fn set_standing<'a>(
        &self,
        user_id: i64,
        while_role: Role,
        standing: Standing,
        take_down: TakeDown,
        log: impl FnOnce(usize) -> LogLine<'a> + Send,
        now: Timestamp,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        let (status, until) = standing_columns(standing);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE users SET status = $1, suspended_until = $2, updated_at = $3 WHERE id = $4 AND role = $5",
            )
            .bind(status)
            .bind(until)
            .bind(now.millis())
            .bind(user_id)
            .bind(while_role.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(None);
            }
            // Marked (1) or unmarked (0) as taken down with their standing.
            let (from, to, marked_before, marked_after) = match take_down {
                TakeDown::Nothing => {
                    let line = log(0);
                    log_action(&mut tx, line.actor, now, Target::User(user_id), line.action, &line.reason).await?;
                    tx.commit().await?;
                    return Ok(Some(Vec::new()));
                }
                TakeDown::Remove { from, to } => (from, to, 0, 1),
                TakeDown::PutBack { from, to } => (from, to, 1, 0),
            };
            let change = i64::from(to == CommentStatus::Published) - i64::from(from == CommentStatus::Published);
            // The counts move one comment at a time.
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM comments WHERE author_id = $1 AND status = $2 AND removed_by_ban = $3",
            )
            .bind(user_id)
            .bind(from.as_str())
            .bind(marked_before)
            .fetch_all(&mut *tx)
            .await?;
            let mut moved = Vec::new();
            for id in ids {
                // Only if nothing changed it meanwhile (PostgreSQL runs
                // requests side by side), so counts move once.
                let done = sqlx::query(
                    "UPDATE comments SET status = $1, removed_by_ban = $2, featured = 0 \
                     WHERE id = $3 AND status = $4 AND removed_by_ban = $5",
                )
                .bind(to.as_str())
                .bind(marked_after)
                .bind(id)
                .bind(from.as_str())
                .bind(marked_before)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 1 {
                    count_published(&mut tx, id, change).await?;
                    moved.push(id);
                }
            }
            sqlx::query(
                "UPDATE articles SET version = version + 1 WHERE id IN \
                 (SELECT article_id FROM comments WHERE author_id = $1)",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            let line = log(moved.len());
            log_action(&mut tx, line.actor, now, Target::User(user_id), line.action, &line.reason).await?;
            tx.commit().await?;
            Ok(Some(moved))
        })
    }

    /// Counts the trust of the person `user_id` afresh from now, and logs
    /// it, while their role is still `while_role`. `false`, and nothing
    /// written, if it is not or there is no such person.
    pub async fn reset_trust(
        &self,
        user_id: i64,
        while_role: Role,
        log: LogLine<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("UPDATE users SET trust_since = $1, updated_at = $1 WHERE id = $2 AND role = $3")
                .bind(now.millis())
                .bind(user_id)
                .bind(while_role.as_str())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            log_action(&mut tx, log.actor, now, Target::User(user_id), log.action, &log.reason).await?;
            tx.commit().await?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn wildcards_in_a_search_are_plain_text() {
        assert_eq!(like_pattern("ada"), "%ada%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
