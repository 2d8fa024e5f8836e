//! People and their sessions, single-use e-mailed tokens, and the mail
//! outbox.

use byline_core::accounts::{DeletedComments, DisplayName, Email, Handle, Role, Theme};
use byline_core::moderation::Standing;
use byline_core::{LanguageTag, Timestamp};
use sqlx::FromRow;

use crate::audit::{Actor, Target, log_action};
use crate::backend::{Backend, on_pool};
use crate::comments::states::{status, statuses};
use crate::{Store, StoreError};

/// A person with an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub email: String,
    pub email_verified: bool,
    pub role: Role,
    pub notify_replies: bool,
    pub has_password: bool,
    pub created_at: Timestamp,
    /// Whether they may comment: suspended or banned readers may not.
    pub standing: Standing,
    /// The language they chose for the site's own words, if any.
    pub interface_language: Option<LanguageTag>,
    /// The colours they chose, if any (else their system's).
    pub theme: Option<Theme>,
}

/// What a new account starts with.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub handle: &'a Handle,
    pub display_name: &'a DisplayName,
    pub email: &'a Email,
    pub password_hash: Option<&'a str>,
    pub role: Role,
    pub email_verified: bool,
    /// Who gives a staff role with the account, for the moderation log
    /// (which then has a `role` line for it); not needed for readers.
    pub granted_by: Option<Actor<'a>>,
}

/// The outcome of [`Store::create_user`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatedUser {
    Created(i64),
    HandleTaken,
    EmailTaken,
}

/// A signed-in browser, found by the hash of its cookie's token.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: i64,
    pub user: User,
    pub csrf_token: String,
    pub last_seen_at: Timestamp,
}

/// A session as the account page lists it.
#[derive(Debug, Clone)]
pub struct SessionSummary {
    pub id: i64,
    pub user_agent: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[derive(Debug)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub user_agent: &'a str,
    /// The absolute end of the session, however active it stays.
    pub expires_at: Timestamp,
}

/// What an e-mailed single-use token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    SignIn,
    ResetPassword,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify-email",
            Self::SignIn => "sign-in",
            Self::ResetPassword => "reset-password",
        }
    }
}

/// What [`Store::confirm_email`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// The address is confirmed; `first` if the account had never had a
    /// confirmed address (its sessions were ended, and its password
    /// cleared unless kept).
    Confirmed {
        first: bool,
    },
    /// Another account confirmed this address first.
    AddressTaken,
    NoSuchUser,
}

/// A token that was valid, and is now used up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedeemedToken {
    pub user_id: i64,
    /// The address the link was sent to (for e-mail changes, the new one).
    pub email: String,
}

/// A message waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A standing from the `status` and `suspended_until` columns of `users`.
pub(crate) fn standing_of(status: &str, until: Option<i64>) -> Standing {
    match (status, until) {
        ("banned", _) => Standing::Banned,
        ("suspended", Some(until)) => Standing::Suspended { until: Timestamp::from_millis(until) },
        // Suspended with no end: until someone lifts it.
        ("suspended", None) => Standing::Suspended { until: Timestamp::from_millis(i64::MAX) },
        _ => Standing::Active,
    }
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    handle: String,
    display_name: String,
    email: String,
    email_verified_at: Option<i64>,
    role: String,
    notify_replies: i64,
    password_hash: Option<String>,
    created_at: i64,
    status: String,
    suspended_until: Option<i64>,
    interface_language: Option<String>,
    theme: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: row.id,
            role: row.role.parse().map_err(|_| StoreError::Corrupt { what: "role", value: row.role })?,
            handle: row.handle,
            display_name: row.display_name,
            email: row.email,
            email_verified: row.email_verified_at.is_some(),
            notify_replies: row.notify_replies != 0,
            has_password: row.password_hash.is_some(),
            created_at: Timestamp::from_millis(row.created_at),
            standing: standing_of(&row.status, row.suspended_until),
            // Written only as a parsed tag; anything else reads as no choice.
            interface_language: row.interface_language.and_then(|tag| LanguageTag::parse(&tag).ok()),
            theme: row.theme.as_deref().and_then(Theme::parse),
        })
    }
}

macro_rules! user_columns {
    () => {
        "u.id, u.handle, u.display_name, u.email, u.email_verified_at, u.role, u.notify_replies, \
         u.password_hash, u.created_at, u.status, u.suspended_until, u.interface_language, u.theme"
    };
}

#[derive(FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    session_id: i64,
    csrf_token: String,
    last_seen_at: i64,
}

#[derive(FromRow)]
struct SessionSummaryRow {
    id: i64,
    user_agent: String,
    created_at: i64,
    last_seen_at: i64,
}

impl From<MailRow> for Mail {
    fn from(r: MailRow) -> Self {
        Mail { id: r.id, recipient: r.recipient, subject: r.subject, body: r.body, attempts: r.attempts }
    }
}

#[derive(FromRow)]
struct MailRow {
    id: i64,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl Store {
    /// Creates an account unless its handle or e-mail is taken (compared by
    /// their keys, so confusable handles count as taken).
    pub async fn create_user(&self, new: &NewUser<'_>, now: Timestamp) -> Result<CreatedUser, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let handle_taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE handle_key = $1")
                .bind(new.handle.key())
                .fetch_optional(&mut *tx)
                .await?;
            if handle_taken.is_some() {
                return Ok(CreatedUser::HandleTaken);
            }
            let email_taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1")
                .bind(new.email.key())
                .fetch_optional(&mut *tx)
                .await?;
            if email_taken.is_some() {
                return Ok(CreatedUser::EmailTaken);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (handle, handle_key, display_name, email, email_key, email_verified_at, \
                   password_hash, role, created_at, updated_at, name_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
            )
            .bind(new.handle.as_str())
            .bind(new.handle.key())
            .bind(new.display_name.as_str())
            .bind(new.email.as_str())
            .bind(new.email.key())
            .bind(new.email_verified.then_some(now.millis()))
            .bind(new.password_hash)
            .bind(new.role.as_str())
            .bind(now.millis())
            .bind(Handle::key_of(new.display_name.as_str()))
            .fetch_one(&mut *tx)
            .await?;
            if let Some(actor) = new.granted_by.filter(|_| new.role != Role::Commenter) {
                log_action(&mut tx, actor, now, Target::User(id), "role", new.role.as_str()).await?;
            }
            tx.commit().await?;
            Ok(CreatedUser::Created(id))
        })
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = $1");
        on_pool!(self, read, |pool| {
            let row: Option<UserRow> = sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?;
            row.map(User::try_from).transpose()
        })
    }

    pub async fn user_by_handle(&self, handle: &str) -> Result<Option<User>, StoreError> {
        const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.handle_key = $1");
        on_pool!(self, read, |pool| {
            let row: Option<UserRow> = sqlx::query_as(SQL).bind(Handle::key_of(handle)).fetch_optional(pool).await?;
            row.map(User::try_from).transpose()
        })
    }

    /// The account with this e-mail address and its password hash, for
    /// signing in.
    pub async fn user_with_password(&self, email: &Email) -> Result<Option<(User, Option<String>)>, StoreError> {
        const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u WHERE u.email_key = $1");
        on_pool!(self, read, |pool| {
            let row: Option<UserRow> = sqlx::query_as(SQL).bind(email.key()).fetch_optional(pool).await?;
            row.map(|row| {
                let hash = row.password_hash.clone();
                User::try_from(row).map(|user| (user, hash))
            })
            .transpose()
        })
    }

    pub async fn password_hash(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        on_pool!(self, read, |pool| {
            let hash: Option<Option<String>> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?;
            Ok(hash.flatten())
        })
    }

    /// Every account, oldest first.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        const SQL: &str = concat!("SELECT ", user_columns!(), " FROM users u ORDER BY u.id");
        on_pool!(self, read, |pool| {
            let rows: Vec<UserRow> = sqlx::query_as(SQL).fetch_all(pool).await?;
            rows.into_iter().map(User::try_from).collect()
        })
    }

    pub async fn count_admins(&self) -> Result<i64, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetch_one(pool).await?)
        })
    }

    /// Changes a role; `false` if there is no such user.
    pub async fn set_role(&self, user_id: i64, role: Role, now: Timestamp) -> Result<bool, StoreError> {
        self.update_user(user_id, "role", Some(role.as_str()), now).await
    }

    /// Renames someone, and their name's search key with it.
    pub async fn set_display_name(&self, user_id: i64, name: &DisplayName, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE users SET display_name = $1, name_key = $2, updated_at = $3 WHERE id = $4")
                .bind(name.as_str())
                .bind(Handle::key_of(name.as_str()))
                .bind(now.millis())
                .bind(user_id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Fills in the search key of names stored before there was one
    /// (migration 16 leaves it empty: working it out takes Rust). Once
    /// done, this finds nothing to do.
    pub(crate) async fn key_stored_names(&self) -> Result<(), StoreError> {
        let unkeyed: Vec<(i64, String)> = on_pool!(self, write, |pool| {
            sqlx::query_as("SELECT id, display_name FROM users WHERE name_key = ''").fetch_all(pool).await?
        });
        for (id, name) in unkeyed {
            on_pool!(self, write, |pool| {
                sqlx::query("UPDATE users SET name_key = $1 WHERE id = $2 AND display_name = $3")
                    .bind(Handle::key_of(&name))
                    .bind(id)
                    .bind(&name)
                    .execute(pool)
                    .await?;
            });
        }
        Ok(())
    }

    pub async fn set_password_hash(&self, user_id: i64, hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        self.update_user(user_id, "password_hash", Some(hash), now).await
    }

    /// Sets the language `user_id` reads the site's own words in (`None`:
    /// the page's).
    pub async fn set_interface_language(
        &self,
        user_id: i64,
        language: Option<&LanguageTag>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.update_user(user_id, "interface_language", language.map(LanguageTag::as_str), now).await
    }

    /// Sets the colours `user_id` reads the site in (`None`: their system's).
    pub async fn set_theme(&self, user_id: i64, theme: Option<Theme>, now: Timestamp) -> Result<bool, StoreError> {
        self.update_user(user_id, "theme", theme.map(Theme::as_str), now).await
    }

    pub async fn set_notify_replies(&self, user_id: i64, notify: bool, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("UPDATE users SET notify_replies = $1, updated_at = $2 WHERE id = $3")
                .bind(i64::from(notify))
                .bind(now.millis())
                .bind(user_id)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// One text column of `users` (`None` writes NULL); `column` is always
    /// one of our own literals, never input.
    async fn update_user(
        &self,
        user_id: i64,
        column: &'static str,
        value: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = format!("UPDATE users SET {column} = $1, updated_at = $2 WHERE id = $3");
        on_pool!(self, write, |pool| {
            let done = sqlx::query(&sql).bind(value).bind(now.millis()).bind(user_id).execute(pool).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Confirms `email` for the user, making it their address if it was a
    /// change. An account whose address was never confirmed may have been
    /// made by someone else with the owner's address: so the first
    /// confirmation ends every session of the account and, unless
    /// `keep_password` (the confirmer proved they set it), clears its
    /// password, in the same transaction.
    pub async fn confirm_email(
        &self,
        user_id: i64,
        email: &Email,
        keep_password: bool,
        now: Timestamp,
    ) -> Result<Confirmation, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let other: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1 AND id <> $2")
                .bind(email.key())
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            if other.is_some() {
                return Ok(Confirmation::AddressTaken);
            }
            let before: Option<Option<i64>> = sqlx::query_scalar("SELECT email_verified_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(before) = before else {
                return Ok(Confirmation::NoSuchUser);
            };
            let first = before.is_none();
            sqlx::query(
                "UPDATE users SET email = $1, email_key = $2, email_verified_at = $3, updated_at = $3 WHERE id = $4",
            )
            .bind(email.as_str())
            .bind(email.key())
            .bind(now.millis())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if first {
                if !keep_password {
                    sqlx::query("UPDATE users SET password_hash = NULL WHERE id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(Confirmation::Confirmed { first })
        })
    }

    /// Removes the account with its sessions, tokens, votes and flags; its
    /// comments stay signed by no one or, with [`DeletedComments::Remove`],
    /// lose their text and leave tombstones. One transaction; the pages of
    /// every article they touched change version.
    pub async fn delete_user(&self, user_id: i64, comments: DeletedComments) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE articles SET version = version + 1 WHERE id IN (SELECT article_id FROM comments WHERE author_id = $1 \
                   UNION SELECT c.article_id FROM comment_votes v JOIN comments c ON c.id = v.comment_id WHERE v.user_id = $1)",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            // Their votes go with them, and with them the scores they made.
            sqlx::query(
                "UPDATE comments SET score = score - 1 WHERE id IN (SELECT comment_id FROM comment_votes WHERE user_id = $1)",
            )
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            if comments == DeletedComments::Remove {
                sqlx::query(concat!(
                    "UPDATE articles SET comment_count = comment_count - \
                       (SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.author_id = $1 \
                          AND c.status = ",
                    status!(Published),
                    ") \
                     WHERE id IN (SELECT article_id FROM comments WHERE author_id = $1 AND status = ",
                    status!(Published),
                    ")"
                ))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(concat!(
                    "UPDATE comments SET status = CASE WHEN status IN ",
                    statuses!(Published, Pending),
                    " THEN ",
                    status!(Deleted),
                    " ELSE status END, \
                       body_source = '', body_html = '', appeal = NULL, body_hash = NULL, featured = 0 \
                     WHERE author_id = $1"
                ))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            let done = sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(done.rows_affected() == 1)
        })
    }

    pub async fn create_session(&self, new: &NewSession<'_>, now: Timestamp) -> Result<i64, StoreError> {
        on_pool!(self, write, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, user_agent, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
            )
            .bind(new.token_hash)
            .bind(new.user_id)
            .bind(new.csrf_token)
            .bind(new.user_agent)
            .bind(now.millis())
            .bind(new.expires_at.millis())
            .fetch_one(pool)
            .await?;
            Ok(id)
        })
    }

    /// The live session with this token hash: not past its absolute end,
    /// and seen since `idle_since`.
    pub async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_since: Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            user_columns!(),
            ", s.id AS session_id, s.csrf_token, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3"
        );
        on_pool!(self, read, |pool| {
            let row: Option<SessionRow> = sqlx::query_as(SQL)
                .bind(token_hash)
                .bind(now.millis())
                .bind(idle_since.millis())
                .fetch_optional(pool)
                .await?;
            row.map(|row| {
                Ok(SessionRecord {
                    id: row.session_id,
                    csrf_token: row.csrf_token,
                    last_seen_at: Timestamp::from_millis(row.last_seen_at),
                    user: row.user.try_into()?,
                })
            })
            .transpose()
        })
    }

    pub async fn touch_session(&self, session_id: i64, now: Timestamp) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
                .bind(now.millis())
                .bind(session_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The user's sessions, most recently active first.
    pub async fn sessions_of(&self, user_id: i64, now: Timestamp) -> Result<Vec<SessionSummary>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<SessionSummaryRow> = sqlx::query_as(
                "SELECT id, user_agent, created_at, last_seen_at FROM sessions \
                 WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC",
            )
            .bind(user_id)
            .bind(now.millis())
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|r| SessionSummary {
                    id: r.id,
                    user_agent: r.user_agent,
                    created_at: Timestamp::from_millis(r.created_at),
                    last_seen_at: Timestamp::from_millis(r.last_seen_at),
                })
                .collect())
        })
    }

    pub async fn delete_session(&self, session_id: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id).execute(pool).await?;
            Ok(())
        })
    }

    /// Ends every session of the user but `keep` (if given).
    pub async fn delete_sessions_of(&self, user_id: i64, keep: Option<i64>) -> Result<u64, StoreError> {
        on_pool!(self, write, |pool| {
            let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
                .bind(user_id)
                .bind(keep.unwrap_or(0))
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        })
    }

    pub async fn create_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        user_id: i64,
        email: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO account_tokens (token_hash, purpose, user_id, email, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(user_id)
            .bind(email)
            .bind(now.millis())
            .bind(expires_at.millis())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Uses up the token if it exists, is for `purpose`, is unused and has
    /// not expired; one statement, so two clicks cannot both succeed.
    pub async fn redeem_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<RedeemedToken>, StoreError> {
        on_pool!(self, write, |pool| {
            let row: Option<(i64, String)> = sqlx::query_as(
                "UPDATE account_tokens SET used_at = $1 \
                 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
                 RETURNING user_id, email",
            )
            .bind(now.millis())
            .bind(token_hash)
            .bind(purpose.as_str())
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(user_id, email)| RedeemedToken { user_id, email }))
        })
    }

    /// Whom a token is for, if it is for `purpose`, unused and unexpired,
    /// without using it up: a form that may come back with a mistake
    /// checks first and redeems only when it succeeds.
    pub async fn token_holder(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<RedeemedToken>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT user_id, email FROM account_tokens \
                 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now.millis())
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(user_id, email)| RedeemedToken { user_id, email }))
        })
    }

    pub async fn enqueue_mail(
        &self,
        recipient: &str,
        subject: &str,
        body: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        on_pool!(self, write, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO outbox (recipient, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(recipient)
            .bind(subject)
            .bind(body)
            .bind(now.millis())
            .fetch_one(pool)
            .await?;
            Ok(id)
        })
    }

    /// Unsent mail whose next attempt is due, oldest first.
    pub async fn due_mail(&self, now: Timestamp, limit: u32) -> Result<Vec<Mail>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<MailRow> = sqlx::query_as(
                "SELECT id, recipient, subject, body, attempts FROM outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2",
            )
            .bind(now.millis())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Mail::from).collect())
        })
    }

    /// Takes up to `limit` messages due at `now`, oldest first, and holds
    /// them until `hold_until` (their next attempt moves there): however
    /// many nodes look at once, each message is taken by one. One whose
    /// sender stops before it is marked sent or failed is due again then.
    /// PostgreSQL skips rows another node is taking at the same moment;
    /// SQLite has one writer, so the statement is atomic already.
    pub async fn claim_due_mail(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Mail>, StoreError> {
        // Most passes find nothing: asking the readers first keeps them
        // off SQLite's one writer.
        let any_due: Option<i64> = on_pool!(self, read, |pool| {
            sqlx::query_scalar("SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 LIMIT 1")
                .bind(now.millis())
                .fetch_optional(pool)
                .await?
        });
        if any_due.is_none() {
            return Ok(Vec::new());
        }
        let claim = match self.backend() {
            Backend::Sqlite => concat!(
                "UPDATE outbox SET next_attempt_at = $2 WHERE id IN (SELECT id FROM outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3) ",
                "RETURNING id, recipient, subject, body, attempts"
            ),
            Backend::Postgres => concat!(
                "UPDATE outbox SET next_attempt_at = $2 WHERE id IN (SELECT id FROM outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3 \
                 FOR UPDATE SKIP LOCKED) AND sent_at IS NULL AND next_attempt_at <= $1 ",
                "RETURNING id, recipient, subject, body, attempts"
            ),
        };
        on_pool!(self, write, |pool| {
            let mut rows: Vec<MailRow> = sqlx::query_as(claim)
                .bind(now.millis())
                .bind(hold_until.millis())
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            rows.sort_by_key(|row| row.id);
            Ok(rows.into_iter().map(Mail::from).collect())
        })
    }

    /// Every message to `recipient`, sent or not, newest first.
    pub async fn mail_to(&self, recipient: &str) -> Result<Vec<Mail>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<MailRow> = sqlx::query_as(
                "SELECT id, recipient, subject, body, attempts FROM outbox WHERE recipient = $1 ORDER BY id DESC",
            )
            .bind(recipient)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Mail::from).collect())
        })
    }

    pub async fn mark_mail_sent(&self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
                .bind(now.millis())
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn mark_mail_failed(&self, id: i64, error: &str, retry_at: Timestamp) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
            )
            .bind(error)
            .bind(retry_at.millis())
            .bind(id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
