//! Single sign-on for host sites: a site that carries the comments bar
//! vouches for its signed-in reader with a token (an HS256 JSON Web Token
//! signed with the secret it shares with us), and the reader is signed in
//! here as the account linked to them, made on their first visit.
//!
//! A token names the reader (`sub` or `id`), their `name`, perhaps their
//! `email`, and its expiry (`exp`, at most a day ahead). Each token works
//! once.

use byline_core::accounts::{DisplayName, Email, Handle, Role};
use byline_store::{CreatedUser, NewUser};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::HostTokenProblem;
use crate::sessions::hash_token;
use crate::{App, Error, Refusal};

/// The longest a token may last: a host makes one for each page it shows.
const MOST_HOURS: i64 = 24;
/// Longest reader id taken.
const MAX_SUBJECT_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
struct HostClaims {
    #[serde(alias = "id")]
    sub: Option<serde_json::Value>,
    name: Option<String>,
    email: Option<String>,
    /// Seconds since 1970, as JSON Web Tokens count.
    exp: Option<i64>,
}

fn refused(problem: HostTokenProblem) -> Error {
    Refusal::HostToken(problem).into()
}

impl App {
    /// Signs in the reader a host site's `token` vouches for: the account
    /// linked to them, made now on their first sign-in (with their name,
    /// and their address when no other account has it), renamed when
    /// their name changed since.
    pub async fn sign_in_from_host(&self, token: &str) -> Result<i64, Error> {
        let secret = self.embed.host_secret.as_deref().ok_or_else(|| refused(HostTokenProblem::NotTaken))?;
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against our own clock.
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let key =
            DecodingKey::from_secret(secret.as_bytes()).map_err(|_| Error::Internal("the host sign-in secret"))?;
        let claims = jsonwebtoken::decode::<HostClaims>(token.trim(), &key, &validation)
            .map_err(|err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::Json(_) | jsonwebtoken::errors::ErrorKind::MissingRequiredClaim(_) => {
                    refused(HostTokenProblem::Claims)
                }
                _ => refused(HostTokenProblem::BadSignature),
            })?
            .claims;
        let subject = match &claims.sub {
            Some(serde_json::Value::String(s)) => s.trim().to_owned(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if subject.is_empty() || subject.chars().count() > MAX_SUBJECT_CHARS || subject.chars().any(char::is_control) {
            return Err(refused(HostTokenProblem::Claims));
        }
        let name = claims
            .name
            .as_deref()
            .and_then(|n| DisplayName::parse(n).ok())
            .ok_or_else(|| refused(HostTokenProblem::Claims))?;
        let exp = claims.exp.ok_or_else(|| refused(HostTokenProblem::Claims))?;
        let now = self.now();
        let now_secs = now.millis().div_euclid(1000);
        if exp <= now_secs {
            return Err(refused(HostTokenProblem::Expired));
        }
        if exp - now_secs > MOST_HOURS * 3600 {
            return Err(refused(HostTokenProblem::TooLong));
        }
        let expires_at = byline_core::Timestamp::from_millis(exp.saturating_mul(1000));
        if !self.store.use_host_token(&hash_token(token.trim()), expires_at, now).await? {
            return Err(refused(HostTokenProblem::Replayed));
        }
        if let Some(user_id) = self.store.host_account(&subject).await? {
            if let Some(user) = self.store.user(user_id).await?
                && user.display_name != name.as_str()
            {
                self.store.set_display_name(user_id, &name, now).await?;
            }
            return Ok(user_id);
        }
        let user_id = self.host_reader_account(&subject, &name, claims.email.as_deref()).await?;
        if !self.store.link_host_account(&subject, user_id, now).await? {
            // Another sign-in of the same reader linked them first.
            return self.store.host_account(&subject).await?.ok_or(Error::Internal("a host reader's link vanished"));
        }
        Ok(user_id)
    }

    /// A new commenter account for a host site's reader.
    async fn host_reader_account(&self, subject: &str, name: &DisplayName, email: Option<&str>) -> Result<i64, Error> {
        let tag: String = hex::encode(Sha256::digest(subject.as_bytes())).chars().take(12).collect();
        // Their own address if no account has it (an account that has it
        // is never taken over: its owner links nothing by a host's word).
        let own = match email.and_then(|raw| Email::parse(raw).ok()) {
            Some(email) if self.store.user_with_password(&email).await?.is_none() => Some(email),
            _ => None,
        };
        let placeholder = Email::parse(&format!("reader-{tag}@host-sign-in.invalid"))
            .map_err(|_| Error::Internal("a placeholder address"))?;
        let base: String =
            name.as_str().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).take(Handle::MAX - 4).collect();
        let base = base.trim_matches('_').to_owned();
        for attempt in 0..20 {
            let wanted = match attempt {
                0 => base.clone(),
                1..=9 => format!("{base}_{attempt}"),
                _ => format!("reader_{tag}_{attempt}"),
            };
            let Ok(handle) = Handle::parse(&wanted) else { continue };
            for email in own.iter().chain(std::iter::once(&placeholder)) {
                let new = NewUser {
                    handle: &handle,
                    display_name: name,
                    email,
                    password_hash: None,
                    role: Role::Commenter,
                    // The host site vouches for its reader.
                    email_verified: true,
                    granted_by: None,
                };
                match self.store.create_user(&new, self.now()).await? {
                    CreatedUser::Created(id) => return Ok(id),
                    CreatedUser::HandleTaken => break,
                    CreatedUser::EmailTaken => {}
                }
            }
        }
        Err(Error::Internal("no free handle for a host site's reader"))
    }
}
