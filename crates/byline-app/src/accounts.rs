//! What a person does to their own account: their name and reply e-mails,
//! their password, their other sessions, and deleting it all.

use byline_core::accounts::{DisplayName, Password, Role};
use byline_core::passwords::{hash_password, verify_password};
use byline_store::User;

use crate::{App, Error, Refusal};

impl App {
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

/// Hashes a new password off the async workers.
pub async fn hash_off_thread(password: Password) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| Error::Internal("password hashing task failed"))?
        .map_err(|_| Error::Internal("password hashing failed"))
}
