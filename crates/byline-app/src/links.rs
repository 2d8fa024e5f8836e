//! What an e-mailed link does: confirm an address (a new account's, or a
//! changed one), sign in once, reset a password; and the one-time link that
//! makes the first admin. Each link is a random token the store keeps only
//! hashed, works once, and expires.
//!
//! Asking for a link never tells whether an account has the address: the
//! use case refuses only for the asker's own mistakes and limits, and the
//! work that depends on the account is a separate step the adapter runs
//! after it has answered.

use byline_core::accounts::{Email, Password, Role};
use byline_store::{Actor, Confirmation, CreatedUser, NewUser, RedeemedToken, TokenPurpose, User};

use crate::accounts::{SignUp, SignUpMistakes, hash_off_thread};
use crate::sessions::{hash_token, new_token};
use crate::{App, Error, Refusal};

/// How long a link confirming an address works.
pub const VERIFY_HOURS: i64 = 48;
/// How long a sign-in link works.
pub const SIGN_IN_MINUTES: i64 = 30;
/// How long a password reset link works.
pub const RESET_MINUTES: i64 = 60;
pub use crate::sessions::FRESH_SIGN_IN_MINUTES;

/// The links a person may ask to have e-mailed to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskedLink {
    SignIn,
    Reset,
}

/// A link made for an account, to be e-mailed to `email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub email: String,
    pub token: String,
}

/// A confirming link that still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingConfirmation {
    /// Whether confirming asks for the account's password: its address was
    /// never confirmed and a password is set, perhaps by someone else.
    pub asks_password: bool,
}

/// An address confirmed by its link; its holder is to be signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmed {
    pub user_id: i64,
    /// The account's first confirmed address: every session has ended.
    pub first: bool,
    /// A password set before the confirmation was cleared, as whoever
    /// confirmed did not know it.
    pub password_cleared: bool,
}

/// An address change asked for: the link goes to the new address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressChange {
    pub link: Link,
    /// Whether the address differs from the account's (rather than the
    /// account's own unconfirmed address sent its link again).
    pub is_change: bool,
}

/// How long a first admin's link made by one node stands against the
/// others: nodes started together show one link between them.
pub const SETUP_QUIET_MINUTES: i64 = 1;

impl App {
    /// Makes a link for `purpose` for account `user_id`, sent to `email`.
    pub async fn issue_link(&self, purpose: TokenPurpose, user_id: i64, email: &str) -> Result<String, Error> {
        let minutes = match purpose {
            TokenPurpose::VerifyEmail => VERIFY_HOURS * 60,
            TokenPurpose::SignIn => SIGN_IN_MINUTES,
            TokenPurpose::ResetPassword => RESET_MINUTES,
        };
        self.issue_link_for(purpose, user_id, email, minutes).await
    }

    async fn issue_link_for(
        &self,
        purpose: TokenPurpose,
        user_id: i64,
        email: &str,
        minutes: i64,
    ) -> Result<String, Error> {
        let token = new_token();
        let now = self.now();
        self.store.create_token(purpose, &hash_token(&token), user_id, email, now, now.plus_minutes(minutes)).await?;
        Ok(token)
    }

    /// Whether a confirming link still works, and what confirming asks.
    pub async fn pending_confirmation(&self, token: &str) -> Result<Option<PendingConfirmation>, Error> {
        let Some(holder) = self.store.token_holder(TokenPurpose::VerifyEmail, &hash_token(token), self.now()).await?
        else {
            return Ok(None);
        };
        Ok(Some(PendingConfirmation { asks_password: self.asks_password(holder.user_id).await? }))
    }

    async fn asks_password(&self, user_id: i64) -> Result<bool, Error> {
        Ok(self.store.user(user_id).await?.is_some_and(|u| !u.email_verified && u.has_password))
    }

    /// Confirms the address a link was sent to. An account confirming its
    /// first address may have been made by someone else with the owner's
    /// address: whoever confirms keeps its password only by typing it
    /// (`password`, empty if they do not know it); otherwise it is cleared
    /// and every session ends. A wrong password leaves the link working,
    /// so the mistake can be corrected.
    pub async fn confirm_address(&self, token: &str, password: &str) -> Result<Confirmed, Error> {
        let hash = hash_token(token);
        let holder =
            self.store.token_holder(TokenPurpose::VerifyEmail, &hash, self.now()).await?.ok_or(Refusal::LinkNoGood)?;
        let mut keep_password = false;
        if self.asks_password(holder.user_id).await? && !password.is_empty() {
            keep_password = self.password_matches(holder.user_id, password).await? == Some(true);
            if !keep_password {
                return Err(Refusal::NotTheAccountsPassword.into());
            }
        }
        let redeemed =
            self.store.redeem_token(TokenPurpose::VerifyEmail, &hash, self.now()).await?.ok_or(Refusal::LinkNoGood)?;
        self.confirm(&redeemed, keep_password).await
    }

    /// Uses a sign-in link. The link reached the inbox, which proves the
    /// address; a password set before it was confirmed is not proven to be
    /// the owner's, so a first confirmation clears it.
    pub async fn sign_in_by_link(&self, token: &str) -> Result<Confirmed, Error> {
        let redeemed = self
            .store
            .redeem_token(TokenPurpose::SignIn, &hash_token(token), self.now())
            .await?
            .ok_or(Refusal::LinkNoGood)?;
        self.confirm(&redeemed, false).await
    }

    async fn confirm(&self, redeemed: &RedeemedToken, keep_password: bool) -> Result<Confirmed, Error> {
        let email = Email::parse(&redeemed.email).map_err(|_| Error::Internal("a stored address no longer parses"))?;
        let had_password = self.store.password_hash(redeemed.user_id).await?.is_some();
        match self.store.confirm_email(redeemed.user_id, &email, keep_password, self.now()).await? {
            Confirmation::AddressTaken => Err(Refusal::AddressInUse.into()),
            Confirmation::NoSuchUser => Err(Refusal::LinkNoGood.into()),
            Confirmation::Confirmed { first } => {
                if first {
                    tracing::info!(
                        user_id = redeemed.user_id,
                        kept_password = keep_password,
                        "first address confirmation ended every session"
                    );
                }
                let password_cleared = first && had_password && !keep_password;
                Ok(Confirmed { user_id: redeemed.user_id, first, password_cleared })
            }
        }
    }

    /// Checks a request for a link from `client` (a network address):
    /// the address must be one, and neither the client nor the inbox may
    /// have asked too often. Limits count for addresses with and without
    /// an account alike, so a refusal tells nothing about who has one.
    pub async fn ask_for_link(&self, raw_email: &str, client: &str) -> Result<Email, Error> {
        let email = Email::parse(raw_email).map_err(|_| Refusal::NotAnAddress)?;
        let (by_client, by_recipient) = (&self.throttles.mail_links, &self.throttles.mail_links_recipient);
        let recipient = email.key();
        if let Some(wait) = self.held_back(by_client, client).await? {
            return Err(Refusal::TooManyLinks(wait).into());
        }
        if let Some(wait) = self.held_back(by_recipient, &recipient).await? {
            return Err(Refusal::TooManyLinks(wait).into());
        }
        self.count_event(by_client, client).await?;
        self.count_event(by_recipient, &recipient).await?;
        Ok(email)
    }

    /// The link asked for, if `email` has an account; `None` otherwise.
    /// Run it after answering the asker: its time depends on the answer.
    pub async fn link_for(&self, email: &Email, asked: AskedLink) -> Result<Option<Link>, Error> {
        let Some((user, _)) = self.store.user_with_password(email).await? else { return Ok(None) };
        let purpose = match asked {
            AskedLink::SignIn => TokenPurpose::SignIn,
            AskedLink::Reset => TokenPurpose::ResetPassword,
        };
        let token = self.issue_link(purpose, user.id, &user.email).await?;
        Ok(Some(Link { email: user.email, token }))
    }

    /// Sets a new password by a reset link. The password is checked before
    /// the link is used up, so a weak choice can be corrected with the same
    /// link. The link proves the address, so an account not yet confirmed
    /// is now; whoever knew the old password is signed out everywhere.
    /// Answers the account's id, to be signed in.
    pub async fn reset_password(&self, token: &str, password: &str) -> Result<i64, Error> {
        let password = Password::parse(password, &[]).map_err(Refusal::Password)?;
        let now = self.now();
        let redeemed = self
            .store
            .redeem_token(TokenPurpose::ResetPassword, &hash_token(token), now)
            .await?
            .ok_or(Refusal::LinkNoGood)?;
        let hash = hash_off_thread(password).await?;
        self.store.set_password_hash(redeemed.user_id, &hash, now).await?;
        if let Ok(email) = Email::parse(&redeemed.email) {
            self.store.confirm_email(redeemed.user_id, &email, true, now).await?;
        }
        self.store.delete_sessions_of(redeemed.user_id, None).await?;
        Ok(redeemed.user_id)
    }

    /// Asks to change `user`'s address to `wanted` (or, given nothing
    /// while theirs is unconfirmed, to send its link again), from session
    /// `session_id`. A change needs proof that the asker owns the account:
    /// the current password, or for an account without one, a sign-in by
    /// e-mailed link in the last minutes. Attempts are limited per account.
    pub async fn change_email(
        &self,
        user: &User,
        session_id: i64,
        wanted: &str,
        password: &str,
    ) -> Result<AddressChange, Error> {
        let throttle = &self.throttles.email_changes;
        let key = user.id.to_string();
        if let Some(wait) = self.held_back(throttle, &key).await? {
            return Err(Refusal::TooManyLinks(wait).into());
        }
        let wanted = if wanted.trim().is_empty() && !user.email_verified { user.email.as_str() } else { wanted };
        let email = Email::parse(wanted).map_err(Refusal::Email)?;
        let is_change = email.key() != user.email.to_lowercase();
        if is_change {
            let proven = match self.password_matches(user.id, password).await? {
                Some(matches) => matches.then_some(()).ok_or(Refusal::WrongPassword),
                None => self
                    .signed_in_lately(user, session_id, FRESH_SIGN_IN_MINUTES)
                    .await?
                    .then_some(())
                    .ok_or(Refusal::SignInAgain { minutes: FRESH_SIGN_IN_MINUTES }),
            };
            if let Err(refusal) = proven {
                self.count_event(throttle, &key).await?;
                return Err(refusal.into());
            }
        }
        self.count_event(throttle, &key).await?;
        let token = self.issue_link(TokenPurpose::VerifyEmail, user.id, email.as_str()).await?;
        Ok(AddressChange { link: Link { email: email.as_str().to_owned(), token }, is_change })
    }

    /// Makes the account of someone added by the command line, with no
    /// password and a confirmed address, and a sign-in link that works for
    /// `link_hours`.
    pub async fn add_account(&self, form: &SignUp<'_>, role: Role, link_hours: i64) -> Result<(i64, String), Error> {
        let (handle, name, email) = form.check_without_password().map_err(Refusal::SignUp)?;
        let new = NewUser {
            handle: &handle,
            display_name: &name,
            email: &email,
            password_hash: None,
            role,
            email_verified: true,
            granted_by: Some(Actor::COMMAND_LINE),
        };
        let id = match self.store.create_user(&new, self.now()).await? {
            CreatedUser::Created(id) => id,
            CreatedUser::HandleTaken => return Err(Refusal::HandleTaken.into()),
            CreatedUser::EmailTaken => return Err(Refusal::EmailTaken.into()),
        };
        self.announce_account(id).await;
        let token = self.issue_link_for(TokenPurpose::SignIn, id, email.as_str(), link_hours * 60).await?;
        Ok((id, token))
    }

    /// Makes the one-time link that creates the first admin, and answers
    /// its token; any earlier one stops working. The link is kept in the
    /// database, so it works on every node; of several nodes started
    /// together, the first makes it and the others answer `None` (one
    /// made within [`SETUP_QUIET_MINUTES`] stands).
    pub async fn open_setup(&self) -> Result<Option<String>, Error> {
        let token = new_token();
        let now = self.now();
        let kept = self.store.open_setup_link(&hash_token(&token), now, now.plus_minutes(-SETUP_QUIET_MINUTES)).await?;
        Ok(kept.then_some(token))
    }

    /// Whether `token` is the first admin's link and there is still no
    /// admin.
    pub async fn setup_open(&self, token: &str) -> Result<bool, Error> {
        Ok(self.store.is_setup_link(&hash_token(token)).await? && self.store.count_admins().await? == 0)
    }

    /// Creates the first admin by the setup link; the link then stops
    /// working.
    pub async fn create_first_admin(&self, token: &str, form: &SignUp<'_>) -> Result<i64, Error> {
        if !self.setup_open(token).await? {
            return Err(Refusal::SetupUsed.into());
        }
        let (handle, name, email, password) = form.check().map_err(Refusal::SignUp)?;
        let hash = hash_off_thread(password).await?;
        let new = NewUser {
            handle: &handle,
            display_name: &name,
            email: &email,
            password_hash: Some(&hash),
            role: Role::Admin,
            email_verified: true,
            granted_by: Some(Actor::SETUP_LINK),
        };
        // Taken before the account is made: of two clicks at once, one
        // makes the admin.
        let hash_of_link = hash_token(token);
        if !self.store.take_setup_link(&hash_of_link).await? {
            return Err(Refusal::SetupUsed.into());
        }
        let CreatedUser::Created(id) = self.store.create_user(&new, self.now()).await? else {
            // The link stays usable for another try.
            self.store.open_setup_link(&hash_of_link, self.now(), self.now()).await?;
            return Err(Refusal::SignUp(SignUpMistakes {
                email: Some(crate::accounts::Mistake::HandleOrAddressTaken),
                ..SignUpMistakes::default()
            })
            .into());
        };
        self.announce_account(id).await;
        tracing::info!(user_id = id, "first admin created");
        Ok(id)
    }
}
