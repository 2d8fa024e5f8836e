//! Identities at other sites that sign a person in here (an OpenID
//! provider's subject, a host site's reader), each linked to one account;
//! sign-ins sent to a provider and not yet back; and identities waiting for
//! the owner of an account to confirm a link by e-mail.
//!
//! A provider is named as the configuration names it (`google`, `sso`);
//! the store gives the name no meaning.

use byline_core::Timestamp;
use sqlx::FromRow;

use crate::backend::on_pool;
use crate::{Store, StoreError};

/// An identity at a provider, linked to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub provider: String,
    pub subject: String,
    pub account_id: i64,
    /// The address the provider gave when the identity was linked.
    pub email: Option<String>,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct IdentityRow {
    provider: String,
    subject: String,
    account_id: i64,
    email: Option<String>,
    created_at: i64,
}

impl From<IdentityRow> for Identity {
    fn from(row: IdentityRow) -> Self {
        Identity {
            provider: row.provider,
            subject: row.subject,
            account_id: row.account_id,
            email: row.email,
            created_at: Timestamp::from_millis(row.created_at),
        }
    }
}

/// What [`Store::link_identity`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    /// The identity now belongs to the account.
    Linked,
    /// It belonged to the account already.
    AlreadyLinked,
    /// It belongs to another account, which keeps it.
    OtherAccount(i64),
}

/// A sign-in sent to a provider: what its answer must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProviderSignIn<'a> {
    /// The hash of the token the browser keeps in a cookie.
    pub token_hash: &'a str,
    pub provider: &'a str,
    pub state: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub expires_at: Timestamp,
}

/// A sign-in come back from a provider, taken (and so used up).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ProviderSignIn {
    pub provider: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// An identity waiting for the owner of `account_id` to confirm the link.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LinkRequest {
    pub provider: String,
    pub subject: String,
    pub account_id: i64,
    pub email: String,
}

impl Store {
    /// The identity `subject` of `provider`, if linked.
    pub async fn identity(&self, provider: &str, subject: &str) -> Result<Option<Identity>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<IdentityRow> = sqlx::query_as(
                "SELECT provider, subject, account_id, email, created_at FROM account_identities \
                 WHERE provider = $1 AND subject = $2",
            )
            .bind(provider)
            .bind(subject)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Identity::from))
        })
    }

    /// Every identity linked to `account_id`, by provider and subject.
    pub async fn identities_of(&self, account_id: i64) -> Result<Vec<Identity>, StoreError> {
        on_pool!(self, read, |pool| {
            let rows: Vec<IdentityRow> = sqlx::query_as(
                "SELECT provider, subject, account_id, email, created_at FROM account_identities \
                 WHERE account_id = $1 ORDER BY provider, subject",
            )
            .bind(account_id)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Identity::from).collect())
        })
    }

    /// Links `subject` of `provider` to `account_id`, unless another
    /// account has it. One statement decides, so two sign-ins at once
    /// cannot give it to two accounts.
    pub async fn link_identity(
        &self,
        identity: (&str, &str),
        account_id: i64,
        email: Option<&str>,
        now: Timestamp,
    ) -> Result<Linked, StoreError> {
        let (provider, subject) = identity;
        let inserted: u64 = on_pool!(self, write, |pool| {
            let done = sqlx::query(
                "INSERT INTO account_identities (provider, subject, account_id, email, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, subject) DO NOTHING",
            )
            .bind(provider)
            .bind(subject)
            .bind(account_id)
            .bind(email)
            .bind(now.millis())
            .execute(pool)
            .await?;
            done.rows_affected()
        });
        if inserted == 1 {
            return Ok(Linked::Linked);
        }
        match self.identity(provider, subject).await? {
            Some(found) if found.account_id == account_id => Ok(Linked::AlreadyLinked),
            Some(found) => Ok(Linked::OtherAccount(found.account_id)),
            // Unlinked between the two statements: try once more.
            None => Box::pin(self.link_identity(identity, account_id, email, now)).await,
        }
    }

    /// Unlinks `subject` of `provider` from `account_id`; false when that
    /// account had no such identity.
    pub async fn unlink_identity(&self, account_id: i64, provider: &str, subject: &str) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let done =
                sqlx::query("DELETE FROM account_identities WHERE account_id = $1 AND provider = $2 AND subject = $3")
                    .bind(account_id)
                    .bind(provider)
                    .bind(subject)
                    .execute(pool)
                    .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    /// Records a sign-in sent to a provider; sign-ins long expired are
    /// cleared on the way.
    pub async fn begin_provider_sign_in(&self, new: &NewProviderSignIn<'_>, now: Timestamp) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM provider_sign_ins WHERE expires_at <= $1")
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO provider_sign_ins (token_hash, provider, state, nonce, pkce_verifier, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(new.token_hash)
            .bind(new.provider)
            .bind(new.state)
            .bind(new.nonce)
            .bind(new.pkce_verifier)
            .bind(now.millis())
            .bind(new.expires_at.millis())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Takes the unexpired sign-in whose cookie token hashes to
    /// `token_hash`: it is gone after, whatever the answer holds, so an
    /// answer is taken at most once.
    pub async fn take_provider_sign_in(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<ProviderSignIn>, StoreError> {
        on_pool!(self, write, |pool| {
            let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
                "DELETE FROM provider_sign_ins WHERE token_hash = $1 \
                 RETURNING provider, state, nonce, pkce_verifier, expires_at",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.filter(|row| row.4 > now.millis()).map(|(provider, state, nonce, pkce_verifier, _)| {
                ProviderSignIn { provider, state, nonce, pkce_verifier }
            }))
        })
    }

    /// Keeps an identity waiting for the owner of `request.account_id` to
    /// confirm the link that carries the token hashing to `token_hash`.
    pub async fn request_identity_link(
        &self,
        token_hash: &str,
        request: &LinkRequest,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM identity_link_requests WHERE expires_at <= $1")
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO identity_link_requests (token_hash, provider, subject, account_id, email, created_at, \
                   expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(token_hash)
            .bind(&request.provider)
            .bind(&request.subject)
            .bind(request.account_id)
            .bind(&request.email)
            .bind(now.millis())
            .bind(expires_at.millis())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The unexpired link request of `token_hash`, left in place.
    pub async fn identity_link_request(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<LinkRequest>, StoreError> {
        on_pool!(self, read, |pool| {
            let row = sqlx::query_as(
                "SELECT provider, subject, account_id, email FROM identity_link_requests \
                 WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now.millis())
            .fetch_optional(pool)
            .await?;
            Ok(row)
        })
    }

    /// Takes the unexpired link request of `token_hash` (used once).
    pub async fn take_identity_link_request(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<LinkRequest>, StoreError> {
        on_pool!(self, write, |pool| {
            let row: Option<(String, String, i64, String, i64)> = sqlx::query_as(
                "DELETE FROM identity_link_requests WHERE token_hash = $1 \
                 RETURNING provider, subject, account_id, email, expires_at",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.filter(|row| row.4 > now.millis()).map(|(provider, subject, account_id, email, _)| LinkRequest {
                provider,
                subject,
                account_id,
                email,
            }))
        })
    }
}
