//! Sends webhook deliveries, and has scheduled stories announced as
//! their time comes: takes due ones from the store's queue (held
//! so no other node sends them meanwhile), posts each, signed, to its
//! endpoint, and hands the answer to the application, which decides
//! whether it is delivered, tried again later or given up. Deliveries
//! stay in the database until settled, so a restart loses none.

use std::time::{Duration, Instant};

use anyhow::Context;
use byline_app::webhooks::{
    ANSWER_CHARS, Answer, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature,
};
use byline_store::DueDelivery;
use byline_web::AppState;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::WebhooksConfig;

/// How often the queue is checked for due deliveries.
const POLL: Duration = Duration::from_millis(250);
/// How often deliveries long settled are forgotten.
const TIDY_EVERY: Duration = Duration::from_secs(3600);
/// Most of an answer's body read, in bytes.
const ANSWER_BYTES: usize = ANSWER_CHARS * 4;

/// The webhook sender of one node.
#[derive(Clone)]
pub struct Sender {
    state: AppState,
    client: reqwest::Client,
    concurrency: u32,
}

impl Sender {
    pub fn new(state: AppState, config: &WebhooksConfig) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.timeout_secs))
            .connect_timeout(Duration::from_secs(config.timeout_secs))
            // An endpoint answers where it is; a redirect is a failure to
            // mend, not a hop to follow with the signature.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Byline-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("making the webhook client")?;
        let concurrency = u32::try_from(config.concurrency).unwrap_or(8);
        Ok(Self { state, client, concurrency })
    }

    /// Sends due deliveries until `stop` changes; those under way finish.
    /// Now and then, forgets deliveries long settled.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut last_tidied: Option<Instant> = None;
        loop {
            if last_tidied.is_none_or(|at| at.elapsed() >= TIDY_EVERY) {
                last_tidied = Some(Instant::now());
                match self.state.app.forget_old_webhook_deliveries().await {
                    Ok(0) => {}
                    Ok(forgotten) => tracing::info!(forgotten, "old webhook deliveries forgotten"),
                    Err(err) => tracing::warn!(error = %err, "old webhook deliveries not forgotten"),
                }
            }
            match self.state.app.announce_stories_come_due().await {
                Ok(0) => {}
                Ok(announced) => tracing::info!(announced, "scheduled stories come out announced"),
                Err(err) => tracing::warn!(error = %err, "scheduled stories come out not announced"),
            }
            let busy = match self.send_due().await {
                Ok(sent) => sent >= self.concurrency as usize,
                Err(err) => {
                    tracing::warn!(error = format!("{err:#}"), "webhook pass failed");
                    false
                }
            };
            if *stop.borrow() {
                return;
            }
            if busy {
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// Takes a batch of due deliveries and sends them at once; answers how
    /// many were taken.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        let due = self.state.app.take_webhook_deliveries(self.concurrency).await?;
        let taken = due.len();
        let mut sending = JoinSet::new();
        for delivery in due {
            let sender = self.clone();
            sending.spawn(async move {
                let answer = sender.post(&delivery).await;
                if let Err(err) = sender.state.app.settle_webhook_delivery(&delivery, &answer).await {
                    tracing::warn!(delivery_id = delivery.id, error = %err, "webhook attempt not recorded");
                }
            });
        }
        while sending.join_next().await.is_some() {}
        Ok(taken)
    }

    async fn post(&self, delivery: &DueDelivery) -> Answer {
        let timestamp = self.state.app.now().millis().div_euclid(1000);
        let request = self
            .client
            .post(&delivery.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(DELIVERY_HEADER, delivery.id.to_string())
            .header(EVENT_HEADER, &delivery.event)
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature(&delivery.secret, timestamp, &delivery.body))
            .body(delivery.body.clone());
        let answer = match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                Answer { status: Some(status), text: start_of_body(response).await }
            }
            Err(err) => Answer { status: None, text: error_chain(&err) },
        };
        tracing::debug!(delivery_id = delivery.id, status = ?answer.status, "webhook delivery attempted");
        answer
    }
}

/// The first bytes of an answer's body, as text; never the whole of a
/// large one.
async fn start_of_body(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    bytes.truncate(ANSWER_BYTES);
    String::from_utf8_lossy(&bytes).chars().map(|c| if c.is_control() { ' ' } else { c }).take(ANSWER_CHARS).collect()
}

/// An error with its causes, on one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
