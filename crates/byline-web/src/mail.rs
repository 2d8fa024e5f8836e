//! The e-mails Byline sends about accounts. Each is queued in the outbox
//! (one table, delivered by the binary's worker with retries), so a crash
//! between "queued" and "sent" loses nothing.

use byline_app::links::{RESET_MINUTES, SIGN_IN_MINUTES, VERIFY_HOURS};
use byline_app::sign_in_providers::LINK_IDENTITY_MINUTES;

use crate::AppState;
use crate::error::AppError;

/// What a reply notification says.
pub struct ReplyNotice<'a> {
    pub replier: &'a str,
    pub headline: &'a str,
    /// The start of the reply, plain text.
    pub excerpt: String,
    /// Path of the reply on its page.
    pub link: String,
    /// Path of the one-click unsubscribe for the thread.
    pub unsubscribe: String,
}

impl AppState {
    pub(crate) async fn send_mail(&self, to: &str, subject: &str, body: String) -> Result<(), AppError> {
        let signed = format!("{body}\n\n-- \n{}\n{}\n", self.site.title, self.site.base_url);
        self.app.store.enqueue_mail(to, subject, &signed, self.app.now()).await?;
        Ok(())
    }

    pub(crate) async fn mail_verification(&self, to: &str, handle: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/verify/{token}"));
        let body = format!(
            "Hello {handle},\n\nPlease confirm that this is your e-mail address by opening this link:\n\n{link}\n\n\
             The link works once and expires in {VERIFY_HOURS} hours. If you did not ask for this, ignore this message."
        );
        self.send_mail(to, &format!("Confirm your e-mail address for {}", self.site.title), body).await
    }

    pub(crate) async fn mail_sign_in_link(&self, to: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/signin/link/{token}"));
        let body = format!(
            "Here is your link to sign in:\n\n{link}\n\nIt works once and expires in {SIGN_IN_MINUTES} minutes. \
             If you did not ask for it, ignore this message; nobody can sign in without it."
        );
        self.send_mail(to, &format!("Sign in to {}", self.site.title), body).await
    }

    /// The link that links an account elsewhere to the account with this
    /// address: opening it proves the reader has the inbox.
    pub(crate) async fn mail_identity_link(&self, to: &str, provider: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/signin/link-account/{token}"));
        let body = format!(
            "Someone signed in with {provider} using this address, which your account here already has.\n\n\
             To sign in to your account with {provider} from now on, open this link and confirm:\n\n{link}\n\n\
             It works once and expires in {LINK_IDENTITY_MINUTES} minutes. If it was not you, ignore this message: \
             nothing changes without the link."
        );
        self.send_mail(to, &format!("Link {provider} to your account on {}", self.site.title), body).await
    }

    pub(crate) async fn mail_reset_link(&self, to: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/reset/{token}"));
        let body = format!(
            "Someone asked to reset the password of the account that uses this address.\n\n\
             To choose a new password, open this link:\n\n{link}\n\nIt works once and expires in {RESET_MINUTES} \
             minutes. If it was not you, ignore this message: your password stays as it is."
        );
        self.send_mail(to, &format!("Reset your password on {}", self.site.title), body).await
    }

    /// Sent instead of a second account when someone signs up with an
    /// address that already has one: the page they see is the same.
    pub(crate) async fn mail_already_registered(&self, to: &str) -> Result<(), AppError> {
        let sign_in = self.absolute("/signin");
        let reset = self.absolute("/reset");
        let body = format!(
            "Someone tried to create an account with this address, which already has one.\n\n\
             If it was you, sign in at {sign_in}\nor, if you forgot your password, reset it at {reset}\n\n\
             If it was not you, you need do nothing."
        );
        self.send_mail(to, &format!("Your account on {}", self.site.title), body).await
    }

    pub(crate) async fn mail_reply_notice(&self, to: &str, reply: &ReplyNotice<'_>) -> Result<(), AppError> {
        let body = format!(
            "{} replied to your comment on \"{}\":\n\n{}\n\nRead it and answer: {}\n\n\
             Stop e-mails about replies in this thread: {}\n\
             Stop all reply e-mails under Your account: {}",
            reply.replier,
            reply.headline,
            reply.excerpt,
            self.absolute(&reply.link),
            self.absolute(&reply.unsubscribe),
            self.absolute("/account")
        );
        self.send_mail(to, &format!("{} replied to you on {}", reply.replier, self.site.title), body).await
    }

    /// Tells an author a moderator rejected their comment, why in general
    /// words, and that they may appeal once.
    pub(crate) async fn mail_refusal(&self, to: &str, headline: &str, why: &str, link: &str) -> Result<(), AppError> {
        let body = format!(
            "Your comment on \"{headline}\" was not published. {why}\n\n\
             If you think this is a mistake, you may appeal once, with a short note, from the comment itself \
             (signed in):\n\n{}",
            self.absolute(link)
        );
        self.send_mail(to, &format!("Your comment on {} was not published", self.site.title), body).await
    }

    pub(crate) async fn mail_email_change_notice(&self, old: &str, new: &str) -> Result<(), AppError> {
        let body = format!(
            "Someone signed in to your account asked to change its e-mail address to {new}.\n\n\
             The change happens only when the new address is confirmed. If this was not you, \
             reset your password at {}",
            self.absolute("/reset")
        );
        self.send_mail(old, &format!("E-mail change requested on {}", self.site.title), body).await
    }
}
