//! Delivers the mail outbox: by SMTP when a relay is configured, otherwise
//! to `.eml` files a local user can open, with one line in the log per
//! message that holds neither its text nor its links (one-time tokens,
//! commenters' words). Messages stay in
//! the database until delivered, so a restart loses none; failures are
//! retried with growing pauses. Each pass takes the due messages it sends
//! (held from every other node on the same database meanwhile), so with
//! several nodes each message is still sent once.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use byline_core::Timestamp;
use byline_store::{Mail, Store};
use lettre::message::Mailbox;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use crate::config::MailConfig;

/// How often the outbox is checked for due mail.
const POLL: Duration = Duration::from_millis(500);
/// Longest pause between two attempts at one message.
const MAX_RETRY_MINUTES: i64 = 60;
/// How long a pass holds the messages it took: longer than sending them
/// takes. A node stopped mid-pass leaves them to the others after this.
const HOLD_MINUTES: i64 = 10;

/// Where messages go.
pub enum Transport {
    Files(PathBuf),
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
}

pub struct Outbox {
    store: Store,
    from: Mailbox,
    transport: Transport,
}

impl Outbox {
    pub fn new(store: Store, config: &MailConfig) -> anyhow::Result<Self> {
        let from: Mailbox = config.from.parse().context("mail.from")?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(Box::new(smtp_transport(url)?)),
            None => {
                std::fs::create_dir_all(&config.outbox_dir)
                    .with_context(|| format!("creating the mail outbox folder {}", config.outbox_dir))?;
                Transport::Files(PathBuf::from(&config.outbox_dir))
            }
        };
        Ok(Self { store, from, transport })
    }

    /// Delivers due mail until `stop` changes.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if let Err(err) = self.deliver_due().await {
                tracing::warn!(error = %err, "outbox pass failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// One pass over the due messages; returns how many were delivered.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let now = Timestamp::now();
        let mut delivered = 0;
        for mail in self.store.claim_due_mail(now, now.plus_minutes(HOLD_MINUTES), 50).await? {
            match self.deliver(&mail).await {
                Ok(()) => {
                    self.store.mark_mail_sent(mail.id, Timestamp::now()).await?;
                    delivered += 1;
                }
                Err(err) => {
                    let pause =
                        2_i64.saturating_pow(u32::try_from(mail.attempts).unwrap_or(6).min(6)).min(MAX_RETRY_MINUTES);
                    tracing::warn!(mail_id = mail.id, attempts = mail.attempts + 1, error = %format!("{err:#}"), "mail delivery failed; will retry");
                    self.store.mark_mail_failed(mail.id, &format!("{err:#}"), now.plus_minutes(pause)).await?;
                }
            }
        }
        Ok(delivered)
    }

    async fn deliver(&self, mail: &Mail) -> anyhow::Result<()> {
        let to: Mailbox = mail.recipient.parse().context("recipient address")?;
        // 8-bit text with CRLF lines: links stay whole and readable in the
        // .eml files. Anything 8-bit cannot carry falls back to lettre's own
        // choice of encoding.
        let text = mail.body.replace("\r\n", "\n").replace('\n', "\r\n");
        let body = Body::new_with_encoding(text, ContentTransferEncoding::EightBit)
            .unwrap_or_else(|text| Body::new(String::from_utf8_lossy(&text).into_owned()));
        let body = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .singlepart(body)
            .context("composing the message")?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP")?;
            }
            Transport::Files(folder) => {
                // Written under a hidden name and renamed into place, so a
                // mail client or a test reading the folder never opens a
                // message half-written.
                let path = folder.join(format!("{:06}.eml", mail.id));
                let partial = folder.join(format!(".{:06}.eml.partial", mail.id));
                tokio::fs::write(&partial, message.formatted())
                    .await
                    .with_context(|| format!("writing {}", partial.display()))?;
                tokio::fs::rename(&partial, &path)
                    .await
                    .with_context(|| format!("moving {} into place", path.display()))?;
                let note = LogNote::of(mail);
                tracing::info!(
                    mail_id = note.id,
                    to_domain = %note.domain,
                    subject = %note.subject,
                    "mail written to the outbox folder (no SMTP relay configured)"
                );
            }
        }
        Ok(())
    }
}

/// What the log keeps of a message written to a file: its id, the domain
/// of its recipient and its subject, control characters escaped so one
/// message is one line. Never its text, which may hold a one-time link or
/// a commenter's words, nor the whole address.
#[derive(Debug, PartialEq, Eq)]
struct LogNote {
    id: i64,
    domain: String,
    subject: String,
}

impl LogNote {
    fn of(mail: &Mail) -> Self {
        let domain = mail.recipient.rsplit_once('@').map_or("", |(_, domain)| domain);
        Self { id: mail.id, domain: escape_controls(domain), subject: escape_controls(&mail.subject) }
    }
}

/// `text` with every control character written as an escape (`\n`,
/// `\u{1b}`), the rest as it is.
fn escape_controls(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn smtp_transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let parsed = url::Url::parse(url).context("mail.smtp_url")?;
    let host = parsed.host_str().context("mail.smtp_url has no host")?;
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(parsed.port().unwrap_or(25));
    if !parsed.username().is_empty() {
        let password = parsed.password().unwrap_or_default();
        builder = builder.credentials(Credentials::new(parsed.username().to_owned(), password.to_owned()));
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_one_line_per_message_without_its_text() {
        let mail = Mail {
            id: 7,
            recipient: "amira@example.org".into(),
            subject: "Sign in to The Herald\r\nBcc: x@evil.example\u{1b}[2J".into(),
            body: "Here is your link:\n\nhttps://news.example/signin/link/SECRET-TOKEN\n\nA commenter's words".into(),
            attempts: 0,
        };
        let note = LogNote::of(&mail);
        assert_eq!(note.id, 7);
        assert_eq!(note.domain, "example.org");
        assert_eq!(note.subject, "Sign in to The Herald\\r\\nBcc: x@evil.example\\u{1b}[2J");
        let line = format!("{note:?}");
        assert!(!line.contains('\n') && !line.contains('\r') && !line.contains('\u{1b}'));
        for secret in ["SECRET-TOKEN", "signin/link", "commenter", "amira"] {
            assert!(!line.contains(secret), "{secret} in {line}");
        }
    }
}
