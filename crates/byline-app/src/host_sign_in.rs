//! Single sign-on for host sites: a site that carries the comments bar
//! vouches for its signed-in reader with a token (an HS256 JSON Web Token
//! signed with the secret it shares with us), and the reader is signed in
//! here as the account linked to them, made on their first visit.
//!
//! A token names the host site (`aud`: its origin, one of the sites
//! allowed to carry the bar), the reader (`sub` or `id`, unique on that
//! site), their `name`, and its expiry (`exp`, at most a day ahead). Each
//! token works once. An address in a token is not taken: nothing proves
//! it is the reader's, and an account must never be reached by a host's
//! word for an address.

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
    /// The host site: a string, or a list holding one.
    aud: Option<serde_json::Value>,
    #[serde(alias = "id")]
    sub: Option<serde_json::Value>,
    name: Option<String>,
    /// Seconds since 1970, as JSON Web Tokens count.
    exp: Option<i64>,
}

fn refused(problem: HostTokenProblem) -> Error {
    Refusal::HostToken(problem).into()
}

impl App {
    /// Signs in the reader a host site's `token` vouches for: the account
    /// linked to them, made now on their first sign-in, renamed when their
    /// name changed since.
    pub async fn sign_in_from_host(&self, token: &str) -> Result<i64, Error> {
        let secret = self.embed.host_secret.as_deref().ok_or_else(|| refused(HostTokenProblem::NotTaken))?;
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against our own clock, the audience
        // against the allowed sites.
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        // A header that is not one (an algorithm unknown, `none`) is no
        // signature of ours, whatever the claims say.
        jsonwebtoken::decode_header(token.trim()).map_err(|_| refused(HostTokenProblem::BadSignature))?;
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
        let site = match &claims.aud {
            Some(serde_json::Value::String(one)) => self.allowed_site(one),
            Some(serde_json::Value::Array(list)) if list.len() == 1 => {
                list[0].as_str().and_then(|one| self.allowed_site(one))
            }
            _ => None,
        }
        .ok_or_else(|| refused(HostTokenProblem::Site))?;
        // Readers of two sites may share an id: they are two people.
        let subject = format!("{} {subject}", site.ascii_serialization());
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
        let user_id = self.host_reader_account(&subject, &name).await?;
        if !self.store.link_host_account(&subject, user_id, now).await? {
            // Another sign-in of the same reader linked them first.
            return self.store.host_account(&subject).await?.ok_or(Error::Internal("a host reader's link vanished"));
        }
        Ok(user_id)
    }

    /// A new commenter account for a host site's reader, with an address
    /// of its own that no mail is sent to. Made already (by a sign-in at
    /// the same moment, or one cut short before its link): that one.
    async fn host_reader_account(&self, subject: &str, name: &DisplayName) -> Result<i64, Error> {
        let tag: String = hex::encode(Sha256::digest(subject.as_bytes())).chars().take(16).collect();
        let address = Email::parse(&format!("reader-{tag}@host-sign-in.invalid"))
            .map_err(|_| Error::Internal("a placeholder address"))?;
        let base: String =
            name.as_str().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).take(Handle::MAX - 4).collect();
        let base = base.trim_matches('_').to_owned();
        for attempt in 0..20 {
            let wanted = match attempt {
                0 => base.clone(),
                1..=9 => format!("{base}_{attempt}"),
                _ => format!("reader_{}_{attempt}", &tag[..8]),
            };
            let Ok(handle) = Handle::parse(&wanted) else { continue };
            let new = NewUser {
                handle: &handle,
                display_name: name,
                email: &address,
                password_hash: None,
                role: Role::Commenter,
                // Vouched for by the host site; the address is never mailed.
                email_verified: true,
                granted_by: None,
            };
            match self.store.create_user(&new, self.now()).await? {
                CreatedUser::Created(id) => return Ok(id),
                CreatedUser::HandleTaken => {}
                CreatedUser::EmailTaken => {
                    return self
                        .store
                        .user_with_password(&address)
                        .await?
                        .map(|(user, _)| user.id)
                        .ok_or(Error::Internal("a host reader's account vanished"));
                }
            }
        }
        Err(Error::Internal("no free handle for a host site's reader"))
    }
}
