//! The e-mails Byline sends about accounts. Each is queued in the outbox
//! (one table, delivered by the binary's worker with retries), so a crash
//! between "queued" and "sent" loses nothing.

use byline_app::links::{RESET_MINUTES, SIGN_IN_MINUTES, VERIFY_HOURS};
use byline_app::sign_in_providers::LINK_IDENTITY_MINUTES;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Locale;

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
    /// The words of the site's e-mails: its language's.
    fn mail_words(&self) -> &'static Locale {
        self.locale_for(&self.site.language)
    }

    /// Queues the mail whose subject and body are the messages `id-subject`
    /// and `id-body`, with `args` (and `$site`, the site's title).
    async fn send_message(&self, to: &str, id: &str, args: &[(&str, &str)]) -> Result<(), AppError> {
        let words = self.mail_words();
        let mut all = args.to_vec();
        all.push(("site", &self.site.title));
        let subject = words.with(&format!("{id}-subject"), &all);
        let body = words.with(&format!("{id}-body"), &all);
        self.send_mail(to, &subject, body).await
    }

    pub(crate) async fn send_mail(&self, to: &str, subject: &str, body: String) -> Result<(), AppError> {
        let signed = format!("{body}\n\n-- \n{}\n{}\n", self.site.title, self.site.base_url);
        self.app.store.enqueue_mail(to, subject, &signed, self.app.now()).await?;
        Ok(())
    }

    pub(crate) async fn mail_verification(&self, to: &str, handle: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/verify/{token}"));
        let hours = self.mail_words().number(VERIFY_HOURS);
        self.send_message(to, "mail-verify", &[("handle", handle), ("link", &link), ("hours", &hours)]).await
    }

    pub(crate) async fn mail_sign_in_link(&self, to: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/signin/link/{token}"));
        let minutes = self.mail_words().number(SIGN_IN_MINUTES);
        self.send_message(to, "mail-sign-in", &[("link", &link), ("minutes", &minutes)]).await
    }

    /// The link that links an account elsewhere to the account with this
    /// address: opening it proves the reader has the inbox.
    pub(crate) async fn mail_identity_link(&self, to: &str, provider: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/signin/link-account/{token}"));
        let minutes = self.mail_words().number(LINK_IDENTITY_MINUTES);
        let args = [("provider", provider), ("link", &link), ("minutes", &minutes)];
        self.send_message(to, "mail-identity", &args).await
    }

    pub(crate) async fn mail_reset_link(&self, to: &str, token: &str) -> Result<(), AppError> {
        let link = self.absolute(&format!("/reset/{token}"));
        let minutes = self.mail_words().number(RESET_MINUTES);
        self.send_message(to, "mail-reset", &[("link", &link), ("minutes", &minutes)]).await
    }

    /// Sent instead of a second account when someone signs up with an
    /// address that already has one: the page they see is the same.
    pub(crate) async fn mail_already_registered(&self, to: &str) -> Result<(), AppError> {
        let (sign_in, reset) = (self.absolute("/signin"), self.absolute("/reset"));
        self.send_message(to, "mail-already-registered", &[("signin", &sign_in), ("reset", &reset)]).await
    }

    pub(crate) async fn mail_reply_notice(&self, to: &str, reply: &ReplyNotice<'_>) -> Result<(), AppError> {
        let (link, unsubscribe) = (self.absolute(&reply.link), self.absolute(&reply.unsubscribe));
        let account = self.absolute("/account");
        let args = [
            ("name", reply.replier),
            ("headline", reply.headline),
            ("excerpt", reply.excerpt.as_str()),
            ("link", &link),
            ("unsubscribe", &unsubscribe),
            ("account", &account),
        ];
        self.send_message(to, "mail-reply", &args).await
    }

    /// Tells an author a moderator rejected their comment, why in general
    /// words (for the reason keyed `why`), and that they may appeal once.
    pub(crate) async fn mail_refusal(&self, to: &str, headline: &str, why: &str, link: &str) -> Result<(), AppError> {
        let refusal = byline_core::moderation::Refusal::from_key(why);
        let why = self.mail_words().t(crate::comments::view::moderator_note_id(refusal));
        let link = self.absolute(link);
        self.send_message(to, "mail-refusal", &[("headline", headline), ("why", &why), ("link", &link)]).await
    }

    pub(crate) async fn mail_email_change_notice(&self, old: &str, new: &str) -> Result<(), AppError> {
        let reset = self.absolute("/reset");
        self.send_message(old, "mail-email-change", &[("email", new), ("reset", &reset)]).await
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{CATALOGUES, Locale};

    /// Every e-mail `send_message` is asked for.
    const MAILS: &[&str] = &[
        "mail-verify",
        "mail-sign-in",
        "mail-identity",
        "mail-reset",
        "mail-already-registered",
        "mail-reply",
        "mail-refusal",
        "mail-email-change",
    ];

    #[test]
    fn every_mail_has_a_subject_and_a_body_in_every_language() {
        for (lang, _) in CATALOGUES {
            let locale = Locale::choose([&byline_core::LanguageTag::parse(lang).unwrap()]);
            for mail in MAILS {
                assert!(locale.has(&format!("{mail}-subject")) && locale.has(&format!("{mail}-body")), "{lang} {mail}");
            }
        }
        let source = include_str!("mail.rs");
        let asked = source.matches("self.send_message(").count() - 1;
        assert_eq!(asked, MAILS.len(), "each mail sent is listed here");
    }

    #[test]
    fn a_body_keeps_its_paragraphs() {
        let body = Locale::english()
            .with("mail-sign-in-body", &[("link", "https://news.example/signin/link/abc"), ("minutes", "30")]);
        assert_eq!(
            body,
            "Here is your link to sign in:\n\nhttps://news.example/signin/link/abc\n\nIt works once and expires in 30 \
             minutes. If you did not ask for it, ignore this message; nobody can sign in without it."
        );
    }
}
