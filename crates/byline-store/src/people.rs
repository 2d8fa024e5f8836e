//! Readers as moderators see them: finding someone, their whole record,
//! and the changes to whether they may comment, each logged in the same
//! transaction as the change.

use byline_core::Timestamp;
use byline_core::accounts::{Handle, Role};
use sqlx::FromRow;

use crate::audit::{Actor, Target, log_action};
use crate::backend::on_pool;
use crate::comments::count_published;
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
const SELECT_PERSON: &str = "SELECT u.id, u.handle, u.display_name, u.email, u.role, u.status, u.suspended_until, \
       u.created_at, u.trust_since, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = 'published') AS published, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status IN ('rejected', 'spam', 'removed') \
         AND c.removed_by_ban = 0) AS refused, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.status = 'pending') AS waiting, \
       (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id AND c.removed_by_ban = 1) AS removed_by_ban \
     FROM users u ";

/// A change to whether a reader may comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingChange {
    Suspend {
        until: Timestamp,
    },
    /// With `remove_comments`, their published comments come down too,
    /// until the ban is lifted.
    Ban {
        remove_comments: bool,
    },
    /// Lifts a suspension or a ban, and puts back what a ban took down.
    Restore,
    /// Counts their trust afresh from now: their next comments are held as
    /// a new account's are, and earlier refusals no longer count.
    ResetTrust,
}

impl StandingChange {
    pub fn action(self) -> &'static str {
        match self {
            Self::Suspend { .. } => "suspend",
            Self::Ban { .. } => "ban",
            Self::Restore => "restore",
            Self::ResetTrust => "reset-trust",
        }
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

    /// Suspends, bans, restores or resets the trust of a reader, and logs
    /// it, in one transaction. Only readers (commenters): staff are
    /// changed by role. `None`, and nothing written, for anyone else; else
    /// the comments the change published again (those a ban had taken
    /// down, when it is lifted).
    pub async fn set_standing(
        &self,
        user_id: i64,
        change: StandingChange,
        actor: Actor<'_>,
        reason: &str,
        now: Timestamp,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = match change {
                StandingChange::ResetTrust => sqlx::query(
                    "UPDATE users SET trust_since = $1, updated_at = $1 WHERE id = $2 AND role = 'commenter'",
                )
                .bind(now.millis())
                .bind(user_id),
                _ => {
                    let (status, until) = match change {
                        StandingChange::Suspend { until } => ("suspended", Some(until.millis())),
                        StandingChange::Ban { .. } => ("banned", None),
                        _ => ("active", None),
                    };
                    sqlx::query(
                        "UPDATE users SET status = $1, suspended_until = $2, updated_at = $3 \
                         WHERE id = $4 AND role = 'commenter'",
                    )
                    .bind(status)
                    .bind(until)
                    .bind(now.millis())
                    .bind(user_id)
                }
            }
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(None);
            }
            // What a ban takes down, and what lifting it puts back, moves
            // the counts one comment at a time.
            let (from, to, flag, change_count) = match change {
                StandingChange::Ban { remove_comments: true } => ("published", "removed", 1, -1),
                StandingChange::Restore => ("removed", "published", 0, 1),
                _ => ("", "", 0, 0),
            };
            let mut moved = Vec::new();
            if change_count != 0 {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT id FROM comments WHERE author_id = $1 AND status = $2 AND removed_by_ban = $3",
                )
                .bind(user_id)
                .bind(from)
                .bind(1 - flag)
                .fetch_all(&mut *tx)
                .await?;
                for id in &ids {
                    // Only if nothing changed it meanwhile (PostgreSQL runs
                    // requests side by side), so counts move once.
                    let done = sqlx::query(
                        "UPDATE comments SET status = $1, removed_by_ban = $2, featured = 0 \
                         WHERE id = $3 AND status = $4 AND removed_by_ban = $5",
                    )
                    .bind(to)
                    .bind(flag)
                    .bind(id)
                    .bind(from)
                    .bind(1 - flag)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        count_published(&mut tx, *id, change_count).await?;
                        moved.push(*id);
                    }
                }
                sqlx::query(
                    "UPDATE articles SET version = version + 1 WHERE id IN \
                     (SELECT article_id FROM comments WHERE author_id = $1)",
                )
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            let mut detail: Vec<String> = Vec::new();
            if !reason.is_empty() {
                detail.push(reason.to_owned());
            }
            if let StandingChange::Suspend { until } = change {
                detail.push(format!("until {}", until.rfc3339()));
            }
            match change {
                StandingChange::Ban { remove_comments: true } => {
                    detail.push(format!("{} comments taken down", moved.len()));
                }
                StandingChange::Restore if !moved.is_empty() => {
                    detail.push(format!("{} comments put back", moved.len()));
                }
                _ => {}
            }
            log_action(&mut tx, actor, now, Target::User(user_id), change.action(), &detail.join("; ")).await?;
            tx.commit().await?;
            let republished = if change == StandingChange::Restore { moved } else { Vec::new() };
            Ok(Some(republished))
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
