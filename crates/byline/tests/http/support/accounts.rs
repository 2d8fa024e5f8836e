//! Accounts made through the site as a reader makes one: signed up,
//! confirmed by the e-mailed link, signed in; staff given their role.

use std::time::Duration;

use byline_core::Timestamp;
use byline_core::accounts::Role;

use super::app::TestApp;
use super::browser::{BASE, Browser, PASSWORD};

impl TestApp {
    /// The path of the newest link to `prefix` e-mailed to `email`, waiting
    /// a little for the outbox.
    pub async fn mailed_link(&self, email: &str, prefix: &str) -> String {
        for _ in 0..2400 {
            for mail in self.running.store.mail_to(email).await.unwrap() {
                if let Some(start) = mail.body.find(&format!("{}{}", BASE.trim_end_matches('/'), prefix)) {
                    let link = mail.body[start..].split_whitespace().next().unwrap();
                    return link.trim_start_matches(BASE.trim_end_matches('/')).to_owned();
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {email} with a {prefix} link");
    }

    /// Signs up in `browser` and confirms the address; the browser ends
    /// signed in.
    pub async fn verified_account(&self, browser: &Browser, handle: &str, email: &str) {
        assert_eq!(browser.sign_up(handle, email).await.status(), 200);
        let link = self.mailed_link(email, "/verify/").await;
        // The person who signed up keeps their password by typing it.
        let confirmed = browser.submit(&link, &link, &[("password", PASSWORD)]).await;
        assert_eq!(confirmed.status(), 303);
    }

    /// A signed-in, confirmed commenter, at `{handle}@example.org`.
    pub async fn commenter(&self, handle: &str) -> Browser {
        let browser = Browser::new(self);
        self.verified_account(&browser, handle, &format!("{handle}@example.org")).await;
        browser
    }

    /// A signed-in member of staff with the given role.
    pub async fn staff(&self, handle: &str, role: Role) -> Browser {
        let browser = self.commenter(handle).await;
        let id = self.user_id(handle).await;
        assert!(self.running.store.set_role(id, role, Timestamp::now()).await.unwrap());
        browser
    }

    /// A signed-in moderator.
    pub async fn moderator(&self, handle: &str) -> Browser {
        self.staff(handle, Role::Moderator).await
    }
}
