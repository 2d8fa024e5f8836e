//! What a person does to their own account: their name and reply e-mails,
//! their password, their other sessions, and deleting it all.

use std::time::Duration;

use byline_core::accounts::{DisplayName, Email, Password, Role};
use byline_core::passwords::{hash_password, verify_nothing, verify_password};
use byline_store::User;

use crate::throttle::Throttles;
use crate::{App, Error, Refusal};

impl App {
    /// Who signs in with this address and password from `client` (a
    /// network address): their account's id. Unknown addresses take as
    /// long as known ones, so timing tells nothing. Failures count per
    /// client, per account and per pair; a client that has not failed for
    /// an address may always try it, so no one can lock its owner out
    /// from elsewhere.
    pub async fn sign_in_with_password(&self, email: &str, password: &str, client: &str) -> Result<i64, Error> {
        let account = email.trim().to_lowercase();
        let pair = format!("{account}\n{client}");
        let throttles = &self.throttles;
        sign_in_allowed(throttles, client, &account, &pair).map_err(Refusal::SignInLocked)?;
        let found = match Email::parse(email) {
            Ok(email) => self.store.user_with_password(&email).await?,
            Err(_) => None,
        };
        let attempt = password.to_owned();
        let user_id = tokio::task::spawn_blocking(move || match found {
            Some((user, Some(hash))) if verify_password(&attempt, &hash) => Some(user.id),
            Some((_, Some(_))) => None,
            _ => {
                verify_nothing(&attempt);
                None
            }
        })
        .await
        .map_err(|_| Error::Internal("password check task failed"))?;
        let Some(user_id) = user_id else {
            throttles.sign_in_address.record(client);
            throttles.sign_in_account.record(&account);
            throttles.sign_in_pair.record(&pair);
            return Err(Refusal::NoSuchAccount.into());
        };
        throttles.sign_in_pair.clear(&pair);
        Ok(user_id)
    }

    /// Sets the name shown with `user`'s comments, and whether replies to
    /// them are e-mailed.
    pub async fn update_profile(&self, user: &User, display_name: &str, notify_replies: bool) -> Result<(), Error> {
        let name = DisplayName::parse(display_name).map_err(Refusal::DisplayName)?;
        let now = self.now();
        self.store.set_display_name(user.id, &name, now).await?;
        self.store.set_notify_replies(user.id, notify_replies, now).await?;
        Ok(())
    }

    /// Whether `attempt` is `user`'s password; `None` for an account
    /// without one. Hashing is slow on purpose, so it runs off the async
    /// workers.
    pub async fn password_matches(&self, user: &User, attempt: &str) -> Result<Option<bool>, Error> {
        let Some(stored) = self.store.password_hash(user.id).await? else { return Ok(None) };
        let attempt = attempt.to_owned();
        let matches = tokio::task::spawn_blocking(move || verify_password(&attempt, &stored))
            .await
            .map_err(|_| Error::Internal("password check task failed"))?;
        Ok(Some(matches))
    }

    /// Replaces `user`'s password (the current one first, if they have
    /// one) and ends every session but `keep` (the one asking).
    pub async fn change_password(&self, user: &User, keep: i64, current: &str, new: &str) -> Result<(), Error> {
        if self.password_matches(user, current).await? == Some(false) {
            return Err(Refusal::WrongPassword.into());
        }
        let related = [user.handle.as_str(), user.display_name.as_str()];
        let password = Password::parse(new, &related).map_err(Refusal::NewPassword)?;
        let hash = hash_off_thread(password).await?;
        self.store.set_password_hash(user.id, &hash, self.now()).await?;
        self.store.delete_sessions_of(user.id, Some(keep)).await?;
        Ok(())
    }

    /// Ends every session of `user` but `keep`.
    pub async fn end_other_sessions(&self, user: &User, keep: i64) -> Result<(), Error> {
        self.store.delete_sessions_of(user.id, Some(keep)).await?;
        Ok(())
    }

    /// Deletes `user`'s account once they have typed their handle (with or
    /// without its `@`); their comments go or stay as the site's setting
    /// says. The last admin cannot go.
    pub async fn delete_account(&self, user: &User, typed_handle: &str) -> Result<(), Error> {
        if typed_handle.trim().trim_start_matches('@') != user.handle {
            return Err(Refusal::HandleNotTyped.into());
        }
        if user.role == Role::Admin && self.store.count_admins().await? <= 1 {
            return Err(Refusal::LastAdmin.into());
        }
        self.store.delete_user(user.id, self.deleted_comments).await?;
        tracing::info!(user_id = user.id, comments = self.deleted_comments.as_str(), "account deleted by its owner");
        Ok(())
    }
}

/// `Err(wait)` if this client may not try this address now: it failed
/// too often for it, or too often overall, or the address is under attack
/// from many clients and this one is among them.
fn sign_in_allowed(throttles: &Throttles, client: &str, account: &str, pair: &str) -> Result<(), Duration> {
    throttles.sign_in_address.check(client)?;
    throttles.sign_in_pair.check(pair)?;
    if throttles.sign_in_pair.has_record(pair) {
        throttles.sign_in_account.check(account)?;
    }
    Ok(())
}

/// Hashes a new password off the async workers.
pub async fn hash_off_thread(password: Password) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| Error::Internal("password hashing task failed"))?
        .map_err(|_| Error::Internal("password hashing failed"))
}
