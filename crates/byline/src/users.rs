//! `byline user …`: accounts from the command line, for the first admin
//! and for staff.

use std::sync::Arc;

use anyhow::anyhow;
use byline_app::accounts::SignUp;
use byline_app::{App, Error, Refusal, SystemClock};
use byline_core::accounts::Role;
use byline_store::Store;

use crate::config::Settings;

/// How long the sign-in link printed for a new account stays valid.
const NEW_ACCOUNT_LINK_HOURS: i64 = 24;

async fn app(settings: &Settings) -> anyhow::Result<App> {
    let store = crate::serve::open_store(settings).await?;
    Ok(App::new(store, byline_app::Settings::default(), Arc::new(SystemClock)))
}

/// Runs `work` on the application, closing its store after, whatever
/// `work` answers.
async fn with_app<T>(app: App, work: impl AsyncFnOnce(&App) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let result = work(&app).await;
    let store: Store = app.store.clone();
    store.close().await;
    result
}

pub async fn add_user(
    settings: &Settings,
    handle: &str,
    name: Option<&str>,
    email: &str,
    role: Role,
) -> anyhow::Result<()> {
    let form = SignUp { handle, display_name: name.unwrap_or(handle), email, password: "" };
    // The command line's own words for its flags, before the database opens.
    if let Err(mistakes) = form.check_without_password() {
        let flagged = [("--handle", mistakes.handle), ("--name", mistakes.display_name), ("--email", mistakes.email)];
        let said: Vec<String> = flagged.into_iter().filter_map(|(flag, m)| m.map(|m| format!("{flag}: {m}"))).collect();
        return Err(anyhow!(said.join("\n")));
    }
    let (id, token) = with_app(app(settings).await?, async |app| {
        app.add_account(&form, role, NEW_ACCOUNT_LINK_HOURS).await.map_err(|err| match err {
            Error::Refused(Refusal::HandleTaken) => {
                anyhow!("--handle: `{handle}` is taken (or looks too much like a handle that is)")
            }
            Error::Refused(Refusal::EmailTaken) => anyhow!("--email: an account already uses {email}"),
            other => anyhow::Error::new(other).context("creating the account"),
        })
    })
    .await?;
    let link = settings.site.base_url.join(&format!("signin/link/{token}")).map(String::from).unwrap_or_default();
    tracing::debug!(user_id = id, "account added by the command line");
    println!("created @{} ({role}) <{}>", handle.trim(), email.trim());
    println!("sign-in link (works once, for {NEW_ACCOUNT_LINK_HOURS} hours; set a password under Account):\n  {link}");
    Ok(())
}

pub async fn set_role(settings: &Settings, handle: &str, role: Role) -> anyhow::Result<()> {
    with_app(app(settings).await?, async |app| {
        let before = app.set_role_by_command(handle, role).await.map_err(|err| match err {
            Error::Refused(Refusal::NoSuchHandle) => anyhow!("no user with the handle `{handle}`"),
            Error::Refused(Refusal::LastAdmin) => {
                anyhow!("@{} is the only admin; make someone else an admin first", handle.trim_start_matches('@'))
            }
            other => anyhow::Error::new(other),
        })?;
        println!("@{} is now {role} (was {})", before.handle, before.role);
        Ok(())
    })
    .await
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
