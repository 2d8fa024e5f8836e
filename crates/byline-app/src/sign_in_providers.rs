//! Signing in with an account elsewhere: any OpenID provider by its
//! issuer (Google and Microsoft among them), and GitHub's OAuth.
//!
//! A sign-in goes out with a fresh state, nonce and PKCE verifier kept
//! server-side under the hash of a token the browser holds in a cookie;
//! the answer is taken once, only by that browser, and only if its state
//! matches. The ID token is checked by the `openidconnect` crate: its
//! signature against the provider's keys, issuer, audience (and `azp`),
//! expiry and nonce. Nothing the provider sends is believed without that.
//!
//! Who comes back is an identity (provider, subject). A known one signs
//! its account in. An unknown one with an address the provider vouches for
//! makes an account, unless an account has that address: its owner must
//! then prove the inbox by an e-mailed link before the two are linked.
//! An address the provider does not vouch for never links and never
//! makes an account.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use byline_core::Timestamp;
use byline_core::accounts::{DisplayName, Email, Handle, Role};
use byline_store::{CreatedUser, LinkRequest, Linked, NewProviderSignIn, NewUser, User};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::url::Url;
use openidconnect::{
    AccessToken, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, SignatureVerificationError,
    TokenResponse,
};

use crate::sessions::{hash_token, new_token};
use crate::{App, Error, Refusal};

/// How long a sign-in may stay at the provider.
pub const PROVIDER_SIGN_IN_MINUTES: i64 = 10;
/// How long the e-mailed link that confirms linking an identity works.
pub const LINK_IDENTITY_MINUTES: i64 = 30;
/// How long a provider's discovery document and keys are kept.
const METADATA_FOR: Duration = Duration::from_secs(3600);
/// How long a call to a provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(15);

/// How a provider signs people in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// OpenID Connect, found by discovery at the issuer.
    OpenId { issuer: String },
    /// GitHub's OAuth 2 (not OpenID): the user and verified-address APIs.
    GitHub { web: String, api: String },
}

/// A client secret, which never prints.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One provider as the site is configured with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettings {
    /// Its name in addresses and in linked identities (`google`).
    pub id: String,
    /// What its button says (`Google`).
    pub label: String,
    pub protocol: Protocol,
    pub client_id: String,
    pub client_secret: Secret,
    /// Take its `email` as verified though it sends no `email_verified`
    /// (a provider known to give only addresses it checked).
    pub trust_email: bool,
}

/// The providers readers may sign in with, and where they come back to.
#[derive(Debug, Clone, Default)]
pub struct SignInSettings {
    pub providers: Vec<ProviderSettings>,
    /// The site's public address; each provider answers at
    /// `{base}signin/provider/{id}/callback`.
    pub base_url: Option<Url>,
}

/// A provider's button on the sign-in page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderButton {
    pub id: String,
    pub label: String,
}

/// A sign-in on its way: send the browser to `url`, with `cookie_token`
/// in a cookie for at most [`PROVIDER_SIGN_IN_MINUTES`].
#[derive(Debug, Clone)]
pub struct ProviderRedirect {
    pub url: String,
    pub cookie_token: String,
}

/// What a provider sent back to its callback, as it came.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderAnswer<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The issuer that answered (RFC 9207), when the provider says.
    pub issuer: Option<&'a str>,
}

/// Where a sign-in with a provider ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderSignedIn {
    /// Sign `user_id` in; `created` when the account was made just now.
    Account { user_id: i64, created: bool },
    /// An account already has the address: e-mail it `token`, which
    /// confirms linking the provider's identity to it.
    ConfirmLink { email: String, token: String, provider_label: String },
}

/// An identity waiting for its link to be confirmed, as the link's page
/// shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingIdentityLink {
    pub provider_label: String,
    pub email: String,
    pub handle: String,
}

/// A provider linked to an account, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedProvider {
    pub provider: String,
    /// The provider's label, or its id if the site no longer offers it.
    pub label: String,
    pub subject: String,
    pub email: Option<String>,
    pub linked_at: Timestamp,
}

/// Why a sign-in with a provider did not happen. Details of the cause are
/// logged, never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderProblem {
    /// No provider of that name is configured.
    NoSuchProvider,
    /// No sign-in started from this browser is waiting (expired, used, or
    /// begun elsewhere), or its state does not match.
    NotStartedHere,
    /// The provider said no (the reader cancelled, or it refused).
    Declined,
    /// The provider could not be reached or answered nonsense.
    Unreachable,
    /// The provider's answer failed its checks (signature, issuer,
    /// audience, expiry, nonce): refused.
    Untrusted,
    /// The provider vouches for no address of the person's.
    NoVerifiedEmail,
    /// The identity is linked to another account.
    LinkedElsewhere,
}

impl ProviderProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoSuchProvider => "not_found",
            Self::NotStartedHere => "sign_in_expired",
            Self::Declined => "sign_in_declined",
            Self::Unreachable => "provider_unreachable",
            Self::Untrusted => "sign_in_refused",
            Self::NoVerifiedEmail => "email_unverified",
            Self::LinkedElsewhere => "identity_taken",
        }
    }

    pub fn kind(self) -> crate::Kind {
        match self {
            Self::NoSuchProvider => crate::Kind::NotFound,
            Self::Untrusted | Self::NotStartedHere => crate::Kind::Forbidden,
            Self::Declined | Self::Unreachable | Self::NoVerifiedEmail => crate::Kind::Invalid,
            Self::LinkedElsewhere => crate::Kind::Conflict,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::NoSuchProvider => "This site offers no sign-in with that provider.",
            Self::NotStartedHere => {
                "This sign-in was not started in this browser, or took too long. Start again from the sign-in page."
            }
            Self::Declined => "The provider did not sign you in. Start again from the sign-in page if you wish.",
            Self::Unreachable => "The provider could not be reached. Please try again in a little while.",
            Self::Untrusted => {
                "The provider's answer did not pass our checks, so you are not signed in. Start again from the \
                 sign-in page."
            }
            Self::NoVerifiedEmail => {
                "The provider did not confirm an e-mail address of yours, and an account here needs one. Confirm \
                 your address with the provider, or create an account with a password."
            }
            Self::LinkedElsewhere => "That account at the provider already signs in to another account here.",
        }
    }
}

/// What a provider says of who signed in, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Claimed {
    subject: String,
    /// An address the provider vouches for; an unverified one is dropped.
    verified_email: Option<String>,
    name: Option<String>,
    username: Option<String>,
}

/// The configured providers, their discovery documents (kept a while),
/// and the HTTP client that calls them (no redirects followed).
#[derive(Default)]
pub(crate) struct Providers {
    settings: SignInSettings,
    http: OnceLock<openidconnect::reqwest::Client>,
    metadata: Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>,
}

impl Providers {
    pub(crate) fn new(settings: SignInSettings) -> Self {
        Self { settings, ..Self::default() }
    }

    fn find(&self, id: &str) -> Result<&ProviderSettings, Error> {
        self.settings
            .providers
            .iter()
            .find(|p| p.id == id)
            .ok_or(Refusal::ProviderSignIn(ProviderProblem::NoSuchProvider).into())
    }

    fn label_of(&self, id: &str) -> String {
        self.settings.providers.iter().find(|p| p.id == id).map_or_else(|| id.to_owned(), |p| p.label.clone())
    }

    fn http(&self) -> Result<&openidconnect::reqwest::Client, Error> {
        if let Some(client) = self.http.get() {
            return Ok(client);
        }
        let client = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .user_agent("Byline")
            .build()
            .map_err(|err| {
                tracing::error!(error = %err, "no HTTP client for sign-in providers");
                Error::Internal("no HTTP client for sign-in providers")
            })?;
        Ok(self.http.get_or_init(|| client))
    }

    fn callback(&self, provider: &ProviderSettings) -> Result<Url, Error> {
        let base = self.settings.base_url.as_ref().ok_or(Error::Internal("no base URL for provider callbacks"))?;
        base.join(&format!("signin/provider/{}/callback", provider.id))
            .map_err(|_| Error::Internal("a provider callback address cannot be made"))
    }

    /// The provider's discovery document and keys: kept ones unless
    /// `fresh`, or older than [`METADATA_FOR`].
    async fn metadata(
        &self,
        provider: &ProviderSettings,
        issuer: &str,
        fresh: bool,
    ) -> Result<CoreProviderMetadata, Error> {
        if !fresh
            && let Ok(kept) = self.metadata.lock()
            && let Some((at, metadata)) = kept.get(&provider.id)
            && at.elapsed() < METADATA_FOR
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(issuer.to_owned()).map_err(|_| unreachable_provider(provider, "issuer URL"))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, self.http()?).await.map_err(|err| {
            tracing::warn!(provider = %provider.id, error = %err, "provider discovery failed");
            Refusal::ProviderSignIn(ProviderProblem::Unreachable)
        })?;
        if let Ok(mut kept) = self.metadata.lock() {
            kept.insert(provider.id.clone(), (Instant::now(), metadata.clone()));
        }
        Ok(metadata)
    }
}

fn unreachable_provider(provider: &ProviderSettings, what: &'static str) -> Error {
    tracing::warn!(provider = %provider.id, what, "provider misconfigured");
    Refusal::ProviderSignIn(ProviderProblem::Unreachable).into()
}

fn problem(problem: ProviderProblem) -> Error {
    Refusal::ProviderSignIn(problem).into()
}

impl App {
    /// The providers offered on the sign-in page, in configured order.
    pub fn sign_in_providers(&self) -> Vec<ProviderButton> {
        self.providers
            .settings
            .providers
            .iter()
            .map(|p| ProviderButton { id: p.id.clone(), label: p.label.clone() })
            .collect()
    }

    /// Starts a sign-in with `provider_id`: where to send the browser, and
    /// the token its cookie keeps until the answer.
    pub async fn begin_provider_sign_in(&self, provider_id: &str) -> Result<ProviderRedirect, Error> {
        let providers = &self.providers;
        let provider = providers.find(provider_id)?;
        let redirect = providers.callback(provider)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = match &provider.protocol {
            Protocol::OpenId { issuer } => {
                let metadata = providers.metadata(provider, issuer, false).await?;
                let client = CoreClient::from_provider_metadata(
                    metadata,
                    ClientId::new(provider.client_id.clone()),
                    Some(ClientSecret::new(provider.client_secret.0.clone())),
                )
                .set_redirect_uri(RedirectUrl::from_url(redirect));
                let (url, state, nonce) = client
                    .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
                    .add_scope(Scope::new("email".to_owned()))
                    .add_scope(Scope::new("profile".to_owned()))
                    .set_pkce_challenge(challenge)
                    .url();
                (url, state.secret().clone(), nonce.secret().clone())
            }
            Protocol::GitHub { web, .. } => {
                let state = new_token();
                let mut url = Url::parse(web)
                    .and_then(|web| web.join("login/oauth/authorize"))
                    .map_err(|_| unreachable_provider(provider, "GitHub URL"))?;
                url.query_pairs_mut()
                    .append_pair("client_id", &provider.client_id)
                    .append_pair("redirect_uri", redirect.as_str())
                    .append_pair("scope", "read:user user:email")
                    .append_pair("state", &state)
                    .append_pair("code_challenge", challenge.as_str())
                    .append_pair("code_challenge_method", "S256")
                    .append_pair("allow_signup", "true");
                // GitHub sends no ID token, so there is no nonce to check.
                (url, state, String::new())
            }
        };
        let cookie_token = new_token();
        let now = self.now();
        let attempt = NewProviderSignIn {
            token_hash: &hash_token(&cookie_token),
            provider: &provider.id,
            state: &state,
            nonce: &nonce,
            pkce_verifier: verifier.secret(),
            expires_at: now.plus_minutes(PROVIDER_SIGN_IN_MINUTES),
        };
        self.store.begin_provider_sign_in(&attempt, now).await?;
        Ok(ProviderRedirect { url: url.to_string(), cookie_token })
    }

    /// Finishes a sign-in with `provider_id` from the browser holding
    /// `cookie_token`, given what the provider sent back: the account to
    /// sign in, or a link to e-mail to the owner of an account.
    pub async fn finish_provider_sign_in(
        &self,
        provider_id: &str,
        cookie_token: Option<&str>,
        answer: ProviderAnswer<'_>,
    ) -> Result<ProviderSignedIn, Error> {
        let provider = self.providers.find(provider_id)?;
        let now = self.now();
        // Taken first, whatever the answer: it can be answered only once.
        let attempt = match cookie_token {
            Some(token) => self.store.take_provider_sign_in(&hash_token(token), now).await?,
            None => None,
        };
        let Some(attempt) = attempt.filter(|a| a.provider == provider.id) else {
            return Err(problem(ProviderProblem::NotStartedHere));
        };
        if let Some(error) = answer.error {
            tracing::info!(provider = %provider.id, error = %error.chars().take(100).collect::<String>(), "provider declined a sign-in");
            return Err(problem(ProviderProblem::Declined));
        }
        if answer.state != Some(attempt.state.as_str()) {
            tracing::warn!(provider = %provider.id, "a provider's answer came back with another state");
            return Err(problem(ProviderProblem::NotStartedHere));
        }
        // An answer from another issuer than this provider's (a mix-up):
        // refused before its code goes anywhere.
        if let (Protocol::OpenId { issuer }, Some(answered)) = (&provider.protocol, answer.issuer)
            && answered.trim_end_matches('/') != issuer.trim_end_matches('/')
        {
            tracing::warn!(provider = %provider.id, "a provider's answer names another issuer");
            return Err(problem(ProviderProblem::Untrusted));
        }
        let Some(code) = answer.code.filter(|c| !c.is_empty()) else {
            return Err(problem(ProviderProblem::Untrusted));
        };
        let verifier = PkceCodeVerifier::new(attempt.pkce_verifier);
        let claimed = match &provider.protocol {
            Protocol::OpenId { issuer } => self.openid_claims(provider, issuer, code, verifier, &attempt.nonce).await?,
            Protocol::GitHub { web, api } => self.github_claims(provider, web, api, code, verifier).await?,
        };
        self.settle_identity(provider, claimed).await
    }

    /// Exchanges `code` for tokens and checks the ID token; the claims it
    /// and (if it lacks them) the user-info endpoint give.
    async fn openid_claims(
        &self,
        provider: &ProviderSettings,
        issuer: &str,
        code: &str,
        verifier: PkceCodeVerifier,
        nonce: &str,
    ) -> Result<Claimed, Error> {
        let providers = &self.providers;
        let http = providers.http()?;
        let client_for = |metadata: CoreProviderMetadata| -> Result<_, Error> {
            Ok(CoreClient::from_provider_metadata(
                metadata,
                ClientId::new(provider.client_id.clone()),
                Some(ClientSecret::new(provider.client_secret.0.clone())),
            )
            .set_redirect_uri(RedirectUrl::from_url(providers.callback(provider)?)))
        };
        let client = client_for(providers.metadata(provider, issuer, false).await?)?;
        let request = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| unreachable_provider(provider, "token endpoint"))?
            .set_pkce_verifier(verifier);
        let tokens = request.request_async(http).await.map_err(|err| {
            tracing::warn!(provider = %provider.id, error = %err, "a provider's token endpoint refused the code");
            problem(ProviderProblem::Untrusted)
        })?;
        let Some(id_token) = tokens.id_token() else {
            tracing::warn!(provider = %provider.id, "a provider sent no ID token");
            return Err(problem(ProviderProblem::Untrusted));
        };
        let nonce = Nonce::new(nonce.to_owned());
        let checked = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => Ok(claims.clone()),
            // Signed by a key we do not have: perhaps the provider rotated
            // its keys since they were kept, so check once more against
            // fresh ones. Other failures are final.
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
                let fresh = client_for(providers.metadata(provider, issuer, true).await?)?;
                id_token.claims(&fresh.id_token_verifier(), &nonce).cloned()
            }
            Err(err) => Err(err),
        }
        .map_err(|err| {
            tracing::warn!(provider = %provider.id, error = %err, "an ID token failed its checks");
            problem(ProviderProblem::Untrusted)
        })?;
        let subject = checked.subject().as_str().to_owned();
        let mut email = checked.email().map(|e| e.as_str().to_owned());
        let mut verified = checked.email_verified();
        let mut name = checked.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned());
        let mut username = checked.preferred_username().map(|u| u.as_str().to_owned());
        if email.is_none()
            && let Ok(request) = client.user_info(tokens.access_token().clone(), Some(checked.subject().clone()))
        {
            let info: CoreUserInfoClaims = request.request_async(http).await.map_err(|err| {
                tracing::warn!(provider = %provider.id, error = %err, "a provider's user info could not be read");
                problem(ProviderProblem::Unreachable)
            })?;
            email = info.email().map(|e| e.as_str().to_owned());
            verified = info.email_verified();
            name = name.or_else(|| info.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned()));
            username = username.or_else(|| info.preferred_username().map(|u| u.as_str().to_owned()));
        }
        let vouched = verified.unwrap_or(provider.trust_email);
        Ok(Claimed { subject, verified_email: email.filter(|_| vouched), name, username })
    }

    /// Exchanges `code` at GitHub and asks who it is for: the user, and
    /// their primary address if GitHub verified it.
    async fn github_claims(
        &self,
        provider: &ProviderSettings,
        web: &str,
        api: &str,
        code: &str,
        verifier: PkceCodeVerifier,
    ) -> Result<Claimed, Error> {
        let http = self.providers.http()?;
        let redirect = self.providers.callback(provider)?;
        let join = |base: &str, path: &str| {
            Url::parse(base).and_then(|b| b.join(path)).map_err(|_| unreachable_provider(provider, "GitHub URL"))
        };
        let form = [
            ("client_id", provider.client_id.as_str()),
            ("client_secret", provider.client_secret.0.as_str()),
            ("code", code),
            ("redirect_uri", redirect.as_str()),
            ("code_verifier", verifier.secret().as_str()),
        ];
        let body = form_body(&form);
        let token: GitHubToken = github_json(
            provider,
            http.post(join(web, "login/oauth/access_token")?)
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body),
        )
        .await?;
        let Some(access) = token.access_token else {
            tracing::warn!(provider = %provider.id, error = ?token.error, "GitHub refused the code");
            return Err(problem(ProviderProblem::Untrusted));
        };
        let access = AccessToken::new(access);
        let get = |url: Url| {
            http.get(url)
                .bearer_auth(access.secret())
                .header("accept", "application/vnd.github+json")
                .header("x-github-api-version", "2022-11-28")
        };
        let user: GitHubUser = github_json(provider, get(join(api, "user")?)).await?;
        let emails: Vec<GitHubEmail> = github_json(provider, get(join(api, "user/emails")?)).await?;
        let verified_email = emails.into_iter().find(|e| e.primary && e.verified).map(|e| e.email);
        Ok(Claimed { subject: user.id.to_string(), verified_email, name: user.name, username: Some(user.login) })
    }

    /// Signs in, makes an account for, or asks to link the identity that
    /// came back.
    async fn settle_identity(&self, provider: &ProviderSettings, claimed: Claimed) -> Result<ProviderSignedIn, Error> {
        let now = self.now();
        if let Some(known) = self.store.identity(&provider.id, &claimed.subject).await? {
            tracing::info!(provider = %provider.id, user_id = known.account_id, "signed in with a provider");
            return Ok(ProviderSignedIn::Account { user_id: known.account_id, created: false });
        }
        let Some(email) = claimed.verified_email.as_deref().and_then(|e| Email::parse(e).ok()) else {
            return Err(problem(ProviderProblem::NoVerifiedEmail));
        };
        if let Some((owner, _)) = self.store.user_with_password(&email).await? {
            return self.ask_to_link(provider, &claimed, &owner).await;
        }
        let name = display_name(&claimed, &email).ok_or(Error::Internal("no display name for a provider's account"))?;
        for handle in handle_candidates(&claimed, &email) {
            let new = NewUser {
                handle: &handle,
                display_name: &name,
                email: &email,
                password_hash: None,
                role: Role::Commenter,
                email_verified: true,
                granted_by: None,
            };
            match self.store.create_user(&new, now).await? {
                CreatedUser::HandleTaken => continue,
                CreatedUser::EmailTaken => {
                    // Someone took the address a moment ago: theirs to link.
                    let Some((owner, _)) = self.store.user_with_password(&email).await? else { break };
                    return self.ask_to_link(provider, &claimed, &owner).await;
                }
                CreatedUser::Created(user_id) => {
                    let identity = (provider.id.as_str(), claimed.subject.as_str());
                    return match self.store.link_identity(identity, user_id, Some(email.as_str()), now).await? {
                        Linked::Linked | Linked::AlreadyLinked => {
                            tracing::info!(provider = %provider.id, user_id, "an account was made at a provider sign-in");
                            Ok(ProviderSignedIn::Account { user_id, created: true })
                        }
                        // The same person signed in twice at once: the
                        // first account stands, the second goes.
                        Linked::OtherAccount(first) => {
                            self.store.delete_user(user_id, self.deleted_comments).await?;
                            Ok(ProviderSignedIn::Account { user_id: first, created: false })
                        }
                    };
                }
            }
        }
        Err(Error::Internal("no free handle could be made for a provider's account"))
    }

    async fn ask_to_link(
        &self,
        provider: &ProviderSettings,
        claimed: &Claimed,
        owner: &User,
    ) -> Result<ProviderSignedIn, Error> {
        // One inbox is not flooded with these either.
        let recipients = &self.throttles.mail_links_recipient;
        let key = owner.email.to_lowercase();
        if let Some(wait) = self.held_back(recipients, &key).await? {
            return Err(Refusal::TooManyLinks(wait).into());
        }
        self.count_event(recipients, &key).await?;
        let token = new_token();
        let now = self.now();
        let request = LinkRequest {
            provider: provider.id.clone(),
            subject: claimed.subject.clone(),
            account_id: owner.id,
            email: owner.email.clone(),
        };
        self.store
            .request_identity_link(&hash_token(&token), &request, now, now.plus_minutes(LINK_IDENTITY_MINUTES))
            .await?;
        Ok(ProviderSignedIn::ConfirmLink { email: owner.email.clone(), token, provider_label: provider.label.clone() })
    }

    /// The identity the e-mailed link `token` would link, if it still works.
    pub async fn pending_identity_link(&self, token: &str) -> Result<Option<PendingIdentityLink>, Error> {
        let Some(request) = self.store.identity_link_request(&hash_token(token), self.now()).await? else {
            return Ok(None);
        };
        let Some(owner) = self.store.user(request.account_id).await? else { return Ok(None) };
        Ok(Some(PendingIdentityLink {
            provider_label: self.providers.label_of(&request.provider),
            email: request.email,
            handle: owner.handle,
        }))
    }

    /// Links the identity the e-mailed link `token` was made for: the
    /// link proves its holder has the account's inbox. An address never
    /// confirmed before is confirmed now, as a confirmation link would
    /// (the account's sessions end and a password someone else may have
    /// set is cleared). Answers the account, to be signed in.
    pub async fn confirm_identity_link(&self, token: &str) -> Result<i64, Error> {
        let now = self.now();
        let request =
            self.store.take_identity_link_request(&hash_token(token), now).await?.ok_or(Refusal::LinkNoGood)?;
        let email = Email::parse(&request.email).map_err(|_| Refusal::LinkNoGood)?;
        match self.store.confirm_email(request.account_id, &email, false, now).await? {
            byline_store::Confirmation::Confirmed { .. } => {}
            byline_store::Confirmation::AddressTaken => return Err(Refusal::AddressInUse.into()),
            byline_store::Confirmation::NoSuchUser => return Err(Refusal::LinkNoGood.into()),
        }
        let identity = (request.provider.as_str(), request.subject.as_str());
        match self.store.link_identity(identity, request.account_id, Some(email.as_str()), now).await? {
            Linked::Linked | Linked::AlreadyLinked => {
                tracing::info!(provider = %request.provider, user_id = request.account_id, "a provider was linked");
                Ok(request.account_id)
            }
            Linked::OtherAccount(_) => Err(problem(ProviderProblem::LinkedElsewhere)),
        }
    }

    /// The providers `user` signs in with.
    pub async fn linked_providers(&self, user: &User) -> Result<Vec<LinkedProvider>, Error> {
        Ok(self
            .store
            .identities_of(user.id)
            .await?
            .into_iter()
            .map(|identity| LinkedProvider {
                label: self.providers.label_of(&identity.provider),
                provider: identity.provider,
                subject: identity.subject,
                email: identity.email,
                linked_at: identity.created_at,
            })
            .collect())
    }

    /// Unlinks a provider from `user`'s own account. They can still sign
    /// in by an e-mailed link, so none is the last way in.
    pub async fn unlink_provider(&self, user: &User, provider: &str, subject: &str) -> Result<(), Error> {
        if self.store.unlink_identity(user.id, provider, subject).await? {
            tracing::info!(provider = %provider, user_id = user.id, "a provider was unlinked");
            Ok(())
        } else {
            Err(Refusal::NotFound.into())
        }
    }
}

/// The display name a new account takes: the provider's name for the
/// person, else their user name, else their address's local part.
fn display_name(claimed: &Claimed, email: &Email) -> Option<DisplayName> {
    let local = email.as_str().split('@').next().unwrap_or_default();
    [claimed.name.as_deref(), claimed.username.as_deref(), Some(local), Some("Reader")]
        .into_iter()
        .flatten()
        .find_map(|name| DisplayName::parse(name).ok())
}

/// Handles to try for a new account, in order: made of the provider's
/// user name, the person's name or the address's local part, then the
/// same with `_2` … `_20`, then a random one.
fn handle_candidates(claimed: &Claimed, email: &Email) -> Vec<Handle> {
    let local = email.as_str().split('@').next().unwrap_or_default();
    let base = [claimed.username.as_deref(), claimed.name.as_deref(), Some(local)]
        .into_iter()
        .flatten()
        .map(handle_base)
        .find(|base| Handle::parse(base).is_ok())
        .unwrap_or_else(|| "reader".to_owned());
    let mut handles: Vec<Handle> = (1..=20)
        .filter_map(|n| Handle::parse(&if n == 1 { base.clone() } else { format!("{base}_{n}") }).ok())
        .collect();
    let random: u32 = rand::random();
    handles.extend(Handle::parse(&format!("reader_{random}")).ok());
    handles
}

/// A name as a handle: anything but letters, digits and underscores
/// becomes `_`, cut short enough to take a `_20`.
fn handle_base(name: &str) -> String {
    let mapped: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' })
        .take(Handle::MAX - 3)
        .collect();
    let mut squeezed = String::with_capacity(mapped.len());
    for c in mapped.chars() {
        if !(c == '_' && squeezed.ends_with('_')) {
            squeezed.push(c);
        }
    }
    squeezed.trim_matches('_').to_owned()
}

#[derive(serde::Deserialize)]
struct GitHubToken {
    access_token: Option<String>,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct GitHubUser {
    id: i64,
    login: String,
    name: Option<String>,
}

#[derive(serde::Deserialize)]
struct GitHubEmail {
    email: String,
    primary: bool,
    verified: bool,
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    let mut serializer = openidconnect::url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

/// Sends a request to GitHub and reads its JSON answer.
async fn github_json<T: serde::de::DeserializeOwned>(
    provider: &ProviderSettings,
    request: openidconnect::reqwest::RequestBuilder,
) -> Result<T, Error> {
    let failed = |what: &dyn fmt::Display| {
        tracing::warn!(provider = %provider.id, error = %what, "a GitHub call failed");
        problem(ProviderProblem::Unreachable)
    };
    let response = request.send().await.map_err(|err| failed(&err))?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|err| failed(&err))?;
    if !status.is_success() {
        return Err(failed(&status));
    }
    serde_json::from_slice(&bytes).map_err(|err| failed(&err))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(name: Option<&str>, username: Option<&str>) -> Claimed {
        Claimed {
            subject: "1".into(),
            verified_email: None,
            name: name.map(Into::into),
            username: username.map(Into::into),
        }
    }

    #[test]
    fn names_become_handles() {
        assert_eq!(handle_base("Amina Diallo"), "Amina_Diallo");
        assert_eq!(handle_base("  a.b--c "), "a_b_c");
        let email = Email::parse("x.y@example.org").unwrap();
        let handles = handle_candidates(&claimed(Some("Amina Diallo"), None), &email);
        assert_eq!(handles[0].as_str(), "Amina_Diallo");
        assert_eq!(handles[1].as_str(), "Amina_Diallo_2");
        assert_eq!(handles.len(), 21);
        let handles = handle_candidates(&claimed(Some("!!"), None), &email);
        assert_eq!(handles[0].as_str(), "x_y");
    }

    #[test]
    fn a_display_name_is_always_found() {
        let email = Email::parse("farid@example.org").unwrap();
        assert_eq!(display_name(&claimed(None, None), &email).unwrap().as_str(), "farid");
        assert_eq!(display_name(&claimed(Some("Farid O."), Some("f")), &email).unwrap().as_str(), "Farid O.");
        assert!(
            display_name(&claimed(Some(""), None), &Email::parse("\u{200b}@example.org").unwrap_or(email)).is_some()
        );
    }
}
