//! What a person does to their own account: their name and reply e-mails,
//! their password, their other sessions, and deleting it all.

use std::time::Duration;

use byline_core::LanguageTag;
use byline_core::accounts::{
    DisplayName, DisplayNameError, Email, EmailError, Handle, HandleError, Password, PasswordError, Role, Theme,
};
use byline_core::passwords::{hash_password, verify_nothing, verify_password};
use byline_store::{Actor, CreatedUser, NewUser, User};

use crate::{App, Error, Refusal};

/// What a person gives to make an account.
#[derive(Debug, Clone, Copy)]
pub struct SignUp<'a> {
    pub handle: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

/// What is wrong with a sign-up, field by field, so the form comes back
/// with all its problems named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignUpMistakes {
    pub handle: Option<Mistake>,
    pub display_name: Option<Mistake>,
    pub email: Option<Mistake>,
    pub password: Option<Mistake>,
}

/// One field's mistake, as its parts, so each interface says it in its own
/// words; [`std::fmt::Display`] says it in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    Handle(HandleError),
    DisplayName(DisplayNameError),
    Email(EmailError),
    Password(PasswordError),
    /// The handle is taken (or looks too much like one that is).
    HandleTaken,
    /// An account already has the handle or the address.
    HandleOrAddressTaken,
}

impl std::fmt::Display for Mistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Handle(e) => write!(f, "The handle {e}."),
            Self::DisplayName(e) => write!(f, "The display name {e}."),
            Self::Email(e) => write!(f, "That {e}."),
            Self::Password(e) => write!(f, "The password {e}."),
            Self::HandleTaken => f.write_str(Refusal::HandleTaken.fixed_message()),
            Self::HandleOrAddressTaken => f.write_str("An account already uses this handle or address."),
        }
    }
}

/// A sign-up's fields, each checked.
pub type CheckedSignUp = (Handle, DisplayName, Email, Password);

impl SignUp<'_> {
    /// Checks every field at once.
    pub fn check(&self) -> Result<CheckedSignUp, SignUpMistakes> {
        let handle = Handle::parse(self.handle);
        let name = DisplayName::parse(self.display_name);
        let email = Email::parse(self.email);
        let local = self.email.split('@').next().unwrap_or("");
        let password = Password::parse(self.password, &[self.handle, self.display_name, local]);
        match (handle, name, email, password) {
            (Ok(h), Ok(n), Ok(e), Ok(p)) => Ok((h, n, e, p)),
            (h, n, e, p) => Err(SignUpMistakes {
                handle: h.err().map(Mistake::Handle),
                display_name: n.err().map(Mistake::DisplayName),
                email: e.err().map(Mistake::Email),
                password: p.err().map(Mistake::Password),
            }),
        }
    }
}

impl SignUp<'_> {
    /// Checks every field but the password, for an account made without
    /// one.
    pub fn check_without_password(&self) -> Result<(Handle, DisplayName, Email), SignUpMistakes> {
        match (Handle::parse(self.handle), DisplayName::parse(self.display_name), Email::parse(self.email)) {
            (Ok(h), Ok(n), Ok(e)) => Ok((h, n, e)),
            (h, n, e) => Err(SignUpMistakes {
                handle: h.err().map(Mistake::Handle),
                display_name: n.err().map(Mistake::DisplayName),
                email: e.err().map(Mistake::Email),
                password: None,
            }),
        }
    }
}

/// What a sign-up made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedUp {
    /// A new reader's account, its address not yet confirmed.
    Created { id: i64, handle: Handle, email: Email },
    /// The address has an account already. The page must not say so (it
    /// would tell anyone who has an account); its owner may be told by
    /// mail, unless their inbox had enough such mail lately.
    AddressTaken { email: Email, tell_owner: bool },
}

impl App {
    /// Makes a reader's account from `client` (a network address, which
    /// may make only so many an hour), its address to be confirmed.
    pub async fn sign_up(&self, form: &SignUp<'_>, client: &str) -> Result<SignedUp, Error> {
        let throttle = &self.throttles.sign_up_address;
        if let Some(wait) = self.held_back(throttle, client).await? {
            return Err(Refusal::SignUpsFromHere(wait).into());
        }
        let (handle, name, email, password) = form.check().map_err(Refusal::SignUp)?;
        self.count_event(throttle, client).await?;
        let hash = hash_off_thread(password).await?;
        let new = NewUser {
            handle: &handle,
            display_name: &name,
            email: &email,
            password_hash: Some(&hash),
            role: Role::Commenter,
            email_verified: false,
            granted_by: None,
        };
        match self.store.create_user(&new, self.now()).await? {
            CreatedUser::HandleTaken => {
                Err(Refusal::SignUp(SignUpMistakes { handle: Some(Mistake::HandleTaken), ..SignUpMistakes::default() })
                    .into())
            }
            CreatedUser::EmailTaken => {
                // One inbox is not flooded from many clients either.
                let recipients = &self.throttles.mail_links_recipient;
                let tell_owner = self.held_back(recipients, &email.key()).await?.is_none();
                if tell_owner {
                    self.count_event(recipients, &email.key()).await?;
                }
                Ok(SignedUp::AddressTaken { email, tell_owner })
            }
            CreatedUser::Created(id) => {
                self.announce_account(id).await;
                Ok(SignedUp::Created { id, handle, email })
            }
        }
    }

    /// Who signs in with this address and password from `client` (a
    /// network address): their account's id. Unknown addresses take as
    /// long as known ones, so timing tells nothing. Failures count per
    /// client, per account and per pair; a client that has not failed for
    /// an address may always try it, so no one can lock its owner out
    /// from elsewhere.
    pub async fn sign_in_with_password(&self, email: &str, password: &str, client: &str) -> Result<i64, Error> {
        let account = email.trim().to_lowercase();
        let pair = format!("{account}\n{client}");
        if let Some(wait) = self.sign_in_wait(client, &account, &pair).await? {
            return Err(Refusal::SignInLocked(wait).into());
        }
        let throttles = &self.throttles;
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
            self.count_event(&throttles.sign_in_address, client).await?;
            self.count_event(&throttles.sign_in_account, &account).await?;
            self.count_event(&throttles.sign_in_pair, &pair).await?;
            return Err(Refusal::NoSuchAccount.into());
        };
        self.forget_events(&throttles.sign_in_pair, &pair).await?;
        Ok(user_id)
    }

    /// Gives the account `user_id` a role, as an admin asks; logged. The
    /// last admin keeps theirs.
    pub async fn set_role(&self, admin: &User, user_id: i64, role: Role) -> Result<(), Error> {
        crate::require(admin, byline_core::accounts::Permission::ManageUsers)?;
        let target = self.store.user(user_id).await?.ok_or(Refusal::NotFound)?;
        self.change_role(&target, role, crate::actor(admin)).await?;
        tracing::info!(actor = admin.id, target = user_id, role = %role, "role changed");
        Ok(())
    }

    /// Gives the account with `handle` a role, as the site's operator asks
    /// on the command line; logged. The last admin keeps theirs. Answers
    /// the account as it was.
    pub async fn set_role_by_command(&self, handle: &str, role: Role) -> Result<User, Error> {
        let target = self.store.user_by_handle(handle).await?.ok_or(Refusal::NoSuchHandle)?;
        self.change_role(&target, role, Actor::COMMAND_LINE).await?;
        Ok(target)
    }

    async fn change_role(&self, target: &User, role: Role, actor: Actor<'_>) -> Result<(), Error> {
        if target.role == Role::Admin && role != Role::Admin && self.store.count_admins().await? <= 1 {
            return Err(Refusal::LastAdmin.into());
        }
        self.store.change_role(target.id, role, actor, self.now()).await?;
        Ok(())
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

    /// Sets the language `user` reads the site's own words in; `None`
    /// follows each page. Which languages are offered is the web layer's
    /// to say (it has the catalogues).
    pub async fn set_interface_language(&self, user: &User, language: Option<&LanguageTag>) -> Result<(), Error> {
        self.store.set_interface_language(user.id, language, self.now()).await?;
        Ok(())
    }

    /// Sets the colours `user` reads the site in; `None` follows their
    /// system.
    pub async fn set_theme(&self, user: &User, theme: Option<Theme>) -> Result<(), Error> {
        self.store.set_theme(user.id, theme, self.now()).await?;
        Ok(())
    }

    /// Whether `attempt` is the password of account `user_id`; `None` for
    /// an account without one. Hashing is slow on purpose, so it runs off
    /// the async workers.
    pub async fn password_matches(&self, user_id: i64, attempt: &str) -> Result<Option<bool>, Error> {
        let Some(stored) = self.store.password_hash(user_id).await? else { return Ok(None) };
        let attempt = attempt.to_owned();
        let matches = tokio::task::spawn_blocking(move || verify_password(&attempt, &stored))
            .await
            .map_err(|_| Error::Internal("password check task failed"))?;
        Ok(Some(matches))
    }

    /// Replaces `user`'s password (the current one first, if they have
    /// one) and ends every session but `keep` (the one asking).
    pub async fn change_password(&self, user: &User, keep: i64, current: &str, new: &str) -> Result<(), Error> {
        if self.password_matches(user.id, current).await? == Some(false) {
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

impl App {
    /// How long this client must wait before trying this address: it
    /// failed too often for it, or too often overall, or the address is
    /// under attack from many clients and this one is among them.
    async fn sign_in_wait(&self, client: &str, account: &str, pair: &str) -> Result<Option<Duration>, Error> {
        let throttles = &self.throttles;
        if let Some(wait) = self.held_back(&throttles.sign_in_address, client).await? {
            return Ok(Some(wait));
        }
        if let Some(wait) = self.held_back(&throttles.sign_in_pair, pair).await? {
            return Ok(Some(wait));
        }
        if self.has_record(&throttles.sign_in_pair, pair).await? {
            return self.held_back(&throttles.sign_in_account, account).await;
        }
        Ok(None)
    }
}

/// Hashes a new password off the async workers.
pub async fn hash_off_thread(password: Password) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| Error::Internal("password hashing task failed"))?
        .map_err(|_| Error::Internal("password hashing failed"))
}
