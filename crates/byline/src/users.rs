//! `byline user …`: accounts from the command line, for the first admin
//! and for staff.

use anyhow::{Context, bail};
use byline_core::Timestamp;
use byline_core::accounts::{DisplayName, Email, Handle, Role};
use byline_store::{Actor, CreatedUser, NewUser, TokenPurpose};

use crate::config::Settings;

/// How long the sign-in link printed for a new account stays valid.
const NEW_ACCOUNT_LINK_HOURS: i64 = 24;

pub async fn add_user(
    settings: &Settings,
    handle: &str,
    name: Option<&str>,
    email: &str,
    role: Role,
) -> anyhow::Result<()> {
    let handle = Handle::parse(handle).map_err(|e| anyhow::anyhow!("--handle: the handle {e}"))?;
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: that {e}"))?;
    let name =
        DisplayName::parse(name.unwrap_or(handle.as_str())).map_err(|e| anyhow::anyhow!("--name: the name {e}"))?;
    let store = crate::serve::open_store(settings).await?;
    let now = Timestamp::now();
    let new = NewUser {
        handle: &handle,
        display_name: &name,
        email: &email,
        password_hash: None,
        role,
        email_verified: true,
        granted_by: Some(Actor::COMMAND_LINE),
    };
    let outcome = store.create_user(&new, now).await;
    let id = match outcome {
        Ok(CreatedUser::Created(id)) => id,
        Ok(CreatedUser::HandleTaken) => {
            store.close().await;
            bail!("--handle: `{handle}` is taken (or looks too much like a handle that is)");
        }
        Ok(CreatedUser::EmailTaken) => {
            store.close().await;
            bail!("--email: an account already uses {email}");
        }
        Err(err) => {
            store.close().await;
            return Err(err).context("creating the account");
        }
    };
    let token = byline_web::new_link_token();
    let expires = now.plus_hours(NEW_ACCOUNT_LINK_HOURS);
    let stored = store
        .create_token(TokenPurpose::SignIn, &byline_web::hash_token(&token), id, email.as_str(), now, expires)
        .await;
    store.close().await;
    stored.context("creating the sign-in link")?;
    let link = settings.site.base_url.join(&format!("signin/link/{token}")).map(String::from).unwrap_or_default();
    println!("created @{handle} ({role}) <{email}>");
    println!("sign-in link (works once, for {NEW_ACCOUNT_LINK_HOURS} hours; set a password under Account):\n  {link}");
    Ok(())
}

pub async fn set_role(settings: &Settings, handle: &str, role: Role) -> anyhow::Result<()> {
    let store = crate::serve::open_store(settings).await?;
    let result = async {
        let user =
            store.user_by_handle(handle).await?.with_context(|| format!("no user with the handle `{handle}`"))?;
        if user.role == Role::Admin && role != Role::Admin && store.count_admins().await? <= 1 {
            bail!("@{} is the only admin; make someone else an admin first", user.handle);
        }
        store.change_role(user.id, role, Actor::COMMAND_LINE, Timestamp::now()).await?;
        println!("@{} is now {role} (was {})", user.handle, user.role);
        Ok(())
    }
    .await;
    store.close().await;
    result
}

pub async fn list_users(settings: &Settings) -> anyhow::Result<()> {
    let store = crate::serve::open_store(settings).await?;
    let users = store.users().await;
    store.close().await;
    let users = users?;
    println!("{:<24} {:<10} {:<11} {:<32} name", "handle", "role", "joined", "e-mail");
    for user in users {
        let email = if user.email_verified { user.email } else { format!("{} (unconfirmed)", user.email) };
        println!(
            "{:<24} {:<10} {:<11} {:<32} {}",
            format!("@{}", user.handle),
            user.role.as_str(),
            user.created_at.date(),
            email,
            user.display_name
        );
    }
    Ok(())
}
