//! Being signed in: a session opened for a person, found again by the
//! token their browser holds, and ended.
//!
//! The browser holds a random token; the store holds only its SHA-256. A
//! new token is issued on every sign-in, so a token planted before
//! sign-in is worth nothing after it. The same tokens make the e-mailed
//! links.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_core::Timestamp;
use byline_store::{NewSession, User};
use sha2::{Digest, Sha256};

use crate::{App, Error};

/// A session ends after this long without a visit.
pub const IDLE_TIMEOUT_HOURS: i64 = 14 * 24;
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT_HOURS: i64 = 60 * 24;
/// How recent a sign-in must be for an account without a password to
/// change its address.
pub const FRESH_SIGN_IN_MINUTES: i64 = 15;
/// Activity is recorded at most this often, to keep reads from writing.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// A fresh random token, URL-safe: 256 bits in 43 characters.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A signed-in person, as their session token finds them.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub user: User,
    /// The token their forms must echo back.
    pub csrf_token: String,
}

/// A session just opened: the token for the browser to keep.
#[derive(Debug, Clone)]
pub struct Opened {
    pub token: String,
    /// How long the browser should keep it.
    pub lasts_hours: i64,
}

impl App {
    /// Opens a session for `user_id` from a browser described by
    /// `user_agent` (kept, shortened, for the account page's list).
    pub async fn open_session(&self, user_id: i64, user_agent: Option<&str>) -> Result<Opened, Error> {
        self.open_session_begun(user_id, user_agent, self.now()).await
    }

    /// Opens a session for the comments bar framed by another site, handed
    /// over by a popup's code or vouched for by a host site. It never counts
    /// as a fresh sign-in ([`App::signed_in_lately`]): nothing was proven
    /// when it began, so it cannot, say, change the address of an account
    /// without a password.
    pub async fn open_frame_session(&self, user_id: i64, user_agent: Option<&str>) -> Result<Opened, Error> {
        let begun = self.now().plus_minutes(-(FRESH_SIGN_IN_MINUTES + 1));
        self.open_session_begun(user_id, user_agent, begun).await
    }

    async fn open_session_begun(
        &self,
        user_id: i64,
        user_agent: Option<&str>,
        begun: Timestamp,
    ) -> Result<Opened, Error> {
        let token = new_token();
        let now = self.now();
        let user_agent = user_agent
            .map(|ua| ua.chars().take(200).collect::<String>())
            .unwrap_or_else(|| "unknown browser".to_owned());
        let session = NewSession {
            token_hash: &hash_token(&token),
            user_id,
            csrf_token: &new_token(),
            user_agent: &user_agent,
            expires_at: now.plus_hours(ABSOLUTE_TIMEOUT_HOURS),
        };
        self.store.create_session(&session, begun).await?;
        Ok(Opened { token, lasts_hours: ABSOLUTE_TIMEOUT_HOURS })
    }

    /// The live session `token` opens, if any: not expired, not idle too
    /// long. A visit is recorded now and then.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, Error> {
        let now = self.now();
        let idle_since = now.plus_hours(-IDLE_TIMEOUT_HOURS);
        let Some(record) = self.store.session(&hash_token(token), now, idle_since).await? else {
            return Ok(None);
        };
        if record.last_seen_at < now.plus_minutes(-TOUCH_EVERY_MINUTES)
            && let Err(err) = self.store.touch_session(record.id, now).await
        {
            tracing::warn!(error = %err, "a session's last visit could not be recorded");
        }
        Ok(Some(Session { id: record.id, user: record.user, csrf_token: record.csrf_token }))
    }

    /// Ends session `id` (signing out, or making way for a new one).
    pub async fn end_session(&self, id: i64) -> Result<(), Error> {
        self.store.delete_session(id).await?;
        Ok(())
    }

    /// Whether session `id` of `user` began within the last `minutes`
    /// (a fresh sign-in proves its holder has the inbox).
    pub async fn signed_in_lately(&self, user: &User, id: i64, minutes: i64) -> Result<bool, Error> {
        let now = self.now();
        let since: Timestamp = now.plus_minutes(-minutes);
        Ok(self.store.sessions_of(user.id, now).await?.iter().any(|s| s.id == id && s.created_at > since))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
        assert_eq!(hash_token(&a), hash_token(&a));
    }
}
