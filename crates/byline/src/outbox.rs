//! Delivers the mail outbox: by SMTP when a relay is configured, otherwise
//! to the log and to `.eml` files a local user can open. Messages stay in
//! the database until delivered, so a restart loses none; failures are
//! retried with growing pauses.

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
        for mail in self.store.due_mail(now, 50).await? {
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
                let path = folder.join(format!("{:06}.eml", mail.id));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .with_context(|| format!("writing {}", path.display()))?;
                tracing::info!(
                    mail_id = mail.id,
                    to = %mail.recipient,
                    subject = %mail.subject,
                    file = %path.display(),
                    body = %mail.body,
                    "mail written to the outbox (no SMTP relay configured)"
                );
            }
        }
        Ok(())
    }
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
