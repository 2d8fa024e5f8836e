//! Webhooks: admins add endpoints that hear of events (comments posted,
//! held, flagged, approved, rejected; articles published, updated,
//! unpublished; accounts created). Each event becomes a delivery per
//! endpoint that wants it, queued in the store at the moment of the use
//! case that makes it; a sender (the binary's) posts it, signed, and
//! reports the answer here, where the rules live: retry with growing
//! pauses for a day, and switch off (telling the admins) an endpoint that
//! has failed for a day.

use byline_core::Timestamp;
use byline_core::accounts::{Permission, Role};
use byline_core::story_form::FieldError;
use byline_store::{AttemptOutcome, AttemptResult, DueDelivery, User, WebhookAttempt, WebhookEndpoint};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::{App, Error, Refusal, require};

/// Every event an endpoint may want: its name in deliveries, and how the
/// admin page offers it.
pub const EVENTS: [(&str, &str); 9] = [
    ("comment.posted", "A comment is posted (whether published at once or held)"),
    ("comment.held", "A comment is held for review (at posting, or after readers' flags)"),
    ("comment.flagged", "A reader flags a comment"),
    ("comment.approved", "A moderator approves a comment"),
    ("comment.rejected", "A comment is rejected (by a moderator or the word lists) or marked spam"),
    ("article.published", "An article is published"),
    ("article.updated", "A published article is changed"),
    ("article.unpublished", "An article is taken off the site"),
    ("account.created", "An account is created"),
];

/// The event of a test ping, sent to one endpoint whatever it wants.
pub const PING: &str = "ping";

/// How long a delivery is tried, and how long an endpoint may fail
/// without a success before it is switched off.
pub const RETRY_HOURS: i64 = 24;
/// The longest pause between two attempts at one delivery.
pub const LONGEST_PAUSE_MINUTES: i64 = 60;
/// How long a sender holds deliveries it took before another may take
/// them (it stopped, or its node did).
const HOLD_MINUTES: i64 = 5;
/// How long settled deliveries stay in the log.
pub const LOG_DAYS: i64 = 30;
/// How much of an answer's body the log keeps.
pub const ANSWER_CHARS: usize = 200;
/// Longest endpoint address taken.
const URL_LENGTH: usize = 2000;

/// The headers of a delivery.
pub const DELIVERY_HEADER: &str = "byline-delivery";
pub const EVENT_HEADER: &str = "byline-event";
pub const TIMESTAMP_HEADER: &str = "byline-timestamp";
pub const SIGNATURE_HEADER: &str = "byline-signature";

/// `sha256=` and the hex HMAC-SHA256, keyed with `secret`, of the
/// timestamp (Unix seconds, in decimal), a full stop and the body.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// What an endpoint answered to one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `None` when no answer came (refused, timed out, not HTTP).
    pub status: Option<u16>,
    /// The start of the answer's body, or what went wrong.
    pub text: String,
}

impl Answer {
    pub fn delivered(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The endpoint's form as the admin sent it.
#[derive(Debug, Clone, Default)]
pub struct WebhookForm {
    pub url: String,
    pub events: Vec<String>,
}

impl WebhookForm {
    /// The address and the events (in [`EVENTS`] order), or every mistake.
    fn check(&self) -> Result<(String, Vec<&'static str>), Vec<FieldError>> {
        let mut mistakes = Vec::new();
        let url = self.url.trim();
        match url::Url::parse(url) {
            _ if url.is_empty() => mistakes.push(mistake("url", "is needed: where the deliveries are posted")),
            _ if url.len() > URL_LENGTH => mistakes.push(mistake("url", "is too long")),
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some() => {
                if !parsed.username().is_empty() || parsed.password().is_some() {
                    mistakes.push(mistake("url", "must not hold a user name or password"));
                }
            }
            _ => mistakes.push(mistake("url", "must be an http:// or https:// address")),
        }
        let events: Vec<&'static str> =
            EVENTS.iter().map(|(name, _)| *name).filter(|name| self.events.iter().any(|e| e == name)).collect();
        if events.is_empty() {
            mistakes.push(mistake("events", "need at least one chosen"));
        }
        if self.events.iter().any(|e| !EVENTS.iter().any(|(name, _)| name == e)) {
            mistakes.push(mistake("events", "hold one that is not offered"));
        }
        if mistakes.is_empty() { Ok((url.to_owned(), events)) } else { Err(mistakes) }
    }
}

fn mistake(field: &'static str, message: &str) -> FieldError {
    FieldError { field, message: message.to_owned() }
}

/// A new endpoint's secret: 32 random bytes in hex.
fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("whsec_{}", hex::encode(bytes))
}

/// The pause after the `attempts`-th failed attempt: a minute, doubling,
/// at most an hour.
pub fn pause_minutes(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).max(0)).unwrap_or(u32::MAX).min(6);
    2_i64.pow(doublings).min(LONGEST_PAUSE_MINUTES)
}

/// An endpoint's page: the endpoint and its newest attempts.
#[derive(Debug, Clone)]
pub struct WebhookPage {
    pub endpoint: WebhookEndpoint,
    pub attempts: Vec<WebhookAttempt>,
}

impl App {
    /// Adds an endpoint with a new secret; answers its id.
    pub async fn add_webhook(&self, admin: &User, form: &WebhookForm) -> Result<i64, Error> {
        require(admin, Permission::ManageSite)?;
        let (url, events) = form.check().map_err(Refusal::WebhookFields)?;
        let id = self.store.add_webhook_endpoint(&url, &events, &new_secret(), self.now()).await?;
        tracing::info!(actor = admin.id, webhook_id = id, "webhook added");
        Ok(id)
    }

    /// Changes the events an endpoint wants.
    pub async fn change_webhook_events(&self, admin: &User, id: i64, events: &[String]) -> Result<(), Error> {
        require(admin, Permission::ManageSite)?;
        let endpoint = self.store.webhook_endpoint(id).await?.ok_or(Refusal::NoSuchWebhook)?;
        let form = WebhookForm { url: endpoint.url, events: events.to_vec() };
        let (_, events) = form.check().map_err(Refusal::WebhookFields)?;
        if !self.store.set_webhook_events(id, &events).await? {
            return Err(Refusal::NoSuchWebhook.into());
        }
        Ok(())
    }

    pub async fn webhooks(&self, admin: &User) -> Result<Vec<WebhookEndpoint>, Error> {
        require(admin, Permission::ManageSite)?;
        Ok(self.store.webhook_endpoints().await?)
    }

    /// An endpoint with its newest `attempts` attempts.
    pub async fn webhook(&self, admin: &User, id: i64, attempts: u32) -> Result<WebhookPage, Error> {
        require(admin, Permission::ManageSite)?;
        let endpoint = self.store.webhook_endpoint(id).await?.ok_or(Refusal::NoSuchWebhook)?;
        let attempts = self.store.webhook_attempts(id, attempts).await?;
        Ok(WebhookPage { endpoint, attempts })
    }

    /// Switches an endpoint on (as if new: its day of failures starts
    /// again) or off.
    pub async fn switch_webhook(&self, admin: &User, id: i64, on: bool) -> Result<(), Error> {
        require(admin, Permission::ManageSite)?;
        if !self.store.set_webhook_enabled(id, on).await? {
            return Err(Refusal::NoSuchWebhook.into());
        }
        tracing::info!(actor = admin.id, webhook_id = id, on, "webhook switched");
        Ok(())
    }

    pub async fn delete_webhook(&self, admin: &User, id: i64) -> Result<(), Error> {
        require(admin, Permission::ManageSite)?;
        if !self.store.delete_webhook_endpoint(id).await? {
            return Err(Refusal::NoSuchWebhook.into());
        }
        tracing::info!(actor = admin.id, webhook_id = id, "webhook deleted");
        Ok(())
    }

    /// Queues a test ping to an endpoint that is switched on.
    pub async fn ping_webhook(&self, admin: &User, id: i64) -> Result<(), Error> {
        require(admin, Permission::ManageSite)?;
        let endpoint = self.store.webhook_endpoint(id).await?.ok_or(Refusal::NoSuchWebhook)?;
        if !endpoint.enabled {
            return Err(Refusal::WebhookOff.into());
        }
        let body = self.event_body(PING, json!({ "webhook_id": id, "site": self.site_url }));
        self.store.queue_webhook_delivery(id, PING, &body, self.now()).await?;
        Ok(())
    }

    /// The JSON every delivery of one event carries.
    fn event_body(&self, event: &str, data: Value) -> String {
        let id: [u8; 16] = rand::random();
        json!({
            "id": hex::encode(id),
            "event": event,
            "created_at": self.now().rfc3339(),
            "data": data,
        })
        .to_string()
    }

    /// Queues `event` for every endpoint that wants it. The use case that
    /// made it has done its work: a failure here is logged, not answered.
    pub(crate) async fn announce(&self, event: &'static str, data: Value) {
        let body = self.event_body(event, data);
        match self.store.queue_webhook_event(event, &body, self.now()).await {
            Ok(0) => {}
            Ok(queued) => tracing::debug!(event, queued, "webhook deliveries queued"),
            Err(err) => tracing::error!(event, error = %err, "webhook deliveries could not be queued"),
        }
    }

    /// Whether any endpoint wants `event`, so that nothing is read or
    /// written for events no one hears. On a failure, as if one did.
    async fn wanted(&self, event: &str) -> bool {
        self.store.webhook_event_wanted(event).await.unwrap_or(true)
    }

    /// A site-absolute address of `path`.
    pub(crate) fn site_link(&self, path: &str) -> String {
        format!("{}{path}", self.site_url.trim_end_matches('/'))
    }

    /// Announces `event` about comment `id` with its public data, and
    /// `extra` fields beside it.
    pub(crate) async fn announce_comment(&self, event: &'static str, id: i64, extra: Value) {
        if !self.wanted(event).await {
            return;
        }
        let comment = match self.store.comment_notice(id).await {
            Ok(Some(comment)) => comment,
            Ok(None) => return,
            Err(err) => {
                tracing::error!(event, comment_id = id, error = %err, "comment for a webhook unreadable");
                return;
            }
        };
        let mut data = json!({
            "comment": {
                "id": comment.id,
                "parent_id": comment.parent_id,
                "status": comment.status.as_str(),
                "language": comment.language,
                "body": comment.body_source,
                "body_html": comment.body_html,
                "created_at": comment.created_at.rfc3339(),
                "url": self.site_link(&format!("/comments/{}", comment.id)),
                "author": {
                    "handle": comment.author_handle,
                    "name": comment.author_name,
                    "guest": comment.author_handle.is_none(),
                },
            },
            "article": {
                "id": comment.article_id,
                "slug": comment.article_slug,
                "headline": comment.article_headline,
                "url": self.site_link(&format!("/articles/{}", comment.article_slug)),
            },
        });
        if let (Some(data), Value::Object(extra)) = (data.as_object_mut(), extra) {
            data.extend(extra);
        }
        self.announce(event, data).await;
    }

    /// Announces `event` about story `id` with its public data.
    pub(crate) async fn announce_story(&self, event: &'static str, id: i64) {
        if let Some(notices) = self.notices() {
            notices.story_changed(id).await;
        }
        if !self.wanted(event).await {
            return;
        }
        let story = match self.store.story(id).await {
            Ok(Some(story)) => story,
            Ok(None) => return,
            Err(err) => {
                tracing::error!(event, story_id = id, error = %err, "story for a webhook unreadable");
                return;
            }
        };
        let f = &story.fields;
        let data = json!({
            "article": {
                "id": story.id,
                "slug": f.slug.as_str(),
                "url": self.site_link(&format!("/articles/{}", f.slug.as_str())),
                "kicker": f.kicker,
                "headline": f.headline,
                "standfirst": f.standfirst,
                "author": f.author_name,
                "section": f.section.slug.as_str(),
                "tags": f.tags.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>(),
                "language": f.language.as_str(),
                "status": f.status.as_str(),
                "published_at": f.published_at.map(Timestamp::rfc3339),
                "updated_at": story.updated_at.rfc3339(),
            },
        });
        self.announce(event, data).await;
    }

    /// Announces a new account: its public face, never its address.
    pub(crate) async fn announce_account(&self, id: i64) {
        if !self.wanted("account.created").await {
            return;
        }
        let user = match self.store.user(id).await {
            Ok(Some(user)) => user,
            Ok(None) => return,
            Err(err) => {
                tracing::error!(user_id = id, error = %err, "account for a webhook unreadable");
                return;
            }
        };
        let data = json!({
            "account": {
                "id": user.id,
                "handle": user.handle,
                "name": user.display_name,
                "role": user.role.as_str(),
                "created_at": user.created_at.rfc3339(),
            },
        });
        self.announce("account.created", data).await;
    }

    /// Forgets deliveries settled more than [`LOG_DAYS`] ago, and their
    /// attempts; answers how many.
    pub async fn forget_old_webhook_deliveries(&self) -> Result<u64, Error> {
        Ok(self.store.forget_webhook_deliveries(self.now().plus_hours(-24 * LOG_DAYS)).await?)
    }

    /// Announces scheduled stories whose time has come (they turn public
    /// by themselves, with no one's save to announce them): each once,
    /// however many nodes look, and only within a day of its time, so a
    /// site started after a long stop sends no old news. Answers how many
    /// this call announced.
    pub async fn announce_stories_come_due(&self) -> Result<usize, Error> {
        let now = self.now();
        let due = self.store.scheduled_stories_come_due(now.plus_hours(-24), now, 100).await?;
        let mut announced = 0;
        for story in due {
            // Claimed even when no endpoint wants it, so that one added
            // later is not sent what came out before it.
            if self.store.claim_scheduled_announcement(story, now).await? {
                self.announce_story("article.published", story.id).await;
                announced += 1;
            }
        }
        Ok(announced)
    }

    /// Takes up to `limit` due deliveries for this sender, held for a few
    /// minutes.
    pub async fn take_webhook_deliveries(&self, limit: u32) -> Result<Vec<DueDelivery>, Error> {
        let now = self.now();
        Ok(self.store.claim_webhook_deliveries(now, now.plus_minutes(HOLD_MINUTES), limit).await?)
    }

    /// Records `answer` to `delivery`: delivered, tried again after a
    /// pause, or given up after a day. An endpoint that has failed for a
    /// day is switched off and the admins are e-mailed.
    pub async fn settle_webhook_delivery(&self, delivery: &DueDelivery, answer: &Answer) -> Result<(), Error> {
        let now = self.now();
        let attempts = delivery.attempts + 1;
        let created = Timestamp::from_millis(delivery.created_at);
        let outcome = if answer.delivered() {
            AttemptOutcome::Delivered
        } else {
            let next = now.plus_minutes(pause_minutes(attempts));
            if next > created.plus_hours(RETRY_HOURS) { AttemptOutcome::GiveUp } else { AttemptOutcome::RetryAt(next) }
        };
        let text: String = answer.text.chars().take(ANSWER_CHARS).collect();
        let result = AttemptResult {
            delivery_id: delivery.id,
            endpoint_id: delivery.endpoint_id,
            at: now,
            status: answer.status,
            answer: &text,
            outcome,
        };
        let failing_since = self.store.record_webhook_attempt(&result).await?;
        if let Some(since) = failing_since
            && since.plus_hours(RETRY_HOURS) <= now
            && self.store.switch_off_webhook_endpoint(delivery.endpoint_id, now).await?
        {
            tracing::warn!(webhook_id = delivery.endpoint_id, "webhook switched off after failing for a day");
            self.tell_admins_switched_off(delivery, since).await?;
        }
        Ok(())
    }

    async fn tell_admins_switched_off(&self, delivery: &DueDelivery, since: Timestamp) -> Result<(), Error> {
        let page = self.site_link(&format!("/admin/webhooks/{}", delivery.endpoint_id));
        let subject = "A webhook was switched off";
        let body = format!(
            "The webhook posting to\n\n  {url}\n\nhas failed every delivery since {since}, so it was switched off. \
             Nothing more is sent to it, and the deliveries waiting for it were given up.\n\n\
             Its delivery log shows what it answered; once it is mended, switch it on and send a test ping:\n\n  \
             {page}\n",
            url = delivery.url,
            since = since.human(),
        );
        for admin in self.store.users().await? {
            if admin.role == Role::Admin && admin.email_verified {
                self.store.enqueue_mail(&admin.email, subject, &body, self.now()).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_the_timestamp_a_dot_and_the_body() {
        // The worked example of docs/webhooks.md.
        let body = r#"{"id":"0f3c","event":"ping","created_at":"2026-12-07T10:00:00Z","data":{}}"#;
        assert_eq!(
            signature("whsec_example", 1_796_637_600, body),
            "sha256=a341ea0b0d47c8cb641d03a6f890347e019b826ac3d17a3de711da82cb3bd605"
        );
    }

    #[test]
    fn pauses_double_from_a_minute_to_an_hour() {
        let pauses: Vec<i64> = (1..=9).map(pause_minutes).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_form_without_a_good_address_or_events_is_refused_with_each_mistake() {
        let form = WebhookForm { url: "ftp://x".into(), events: vec![] };
        let mistakes = form.check().unwrap_err();
        assert_eq!(mistakes.iter().map(|m| m.field).collect::<Vec<_>>(), ["url", "events"]);
        let form = WebhookForm { url: " https://hooks.example/in ".into(), events: vec!["comment.held".into()] };
        assert_eq!(form.check().unwrap(), ("https://hooks.example/in".to_owned(), vec!["comment.held"]));
    }
}
