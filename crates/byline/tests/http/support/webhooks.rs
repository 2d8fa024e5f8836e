//! A webhook receiver for the tests: a small HTTP server on a loopback
//! port that hands every delivery to the test as it comes and answers 500
//! as many times as it is told, then 200; a site whose clock the test
//! sets; and waiting for what the site records.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use byline_app::ManualClock;
use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::testing::TestDatabase;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::{Mutex, mpsc};

use super::app::TestApp;
use super::browser::{BASE, Browser};
use super::html::text_of;

/// One delivery as the receiver got it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: String,
    pub event: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
    /// The status the receiver answered.
    pub answered: u16,
}

impl Delivery {
    /// Whether the signature is `sha256=` and the HMAC-SHA256 of the
    /// timestamp, a full stop and the body, keyed with `secret`.
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{}.{}", self.timestamp, self.body).as_bytes());
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        self.signature == expected
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

struct Shared {
    failures_left: AtomicUsize,
    sender: mpsc::UnboundedSender<Delivery>,
}

/// The receiving end of a webhook.
pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
    deliveries: Mutex<mpsc::UnboundedReceiver<Delivery>>,
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> (StatusCode, &'static str) {
    let failing = shared.failures_left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
    let status = if failing { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::OK };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let delivery = Delivery {
        id: header("byline-delivery"),
        event: header("byline-event"),
        timestamp: header("byline-timestamp"),
        signature: header("byline-signature"),
        body: String::from_utf8(body.to_vec()).unwrap(),
        answered: status.as_u16(),
    };
    let _ = shared.sender.send(delivery);
    (status, if failing { "receiver down for maintenance" } else { "thanks" })
}

impl Receiver {
    /// Starts a receiver that answers 500 to its first `failures`
    /// deliveries.
    pub async fn start(failures: usize) -> Self {
        let (sender, deliveries) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared { failures_left: AtomicUsize::new(failures), sender });
        let router = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { url, shared, deliveries: Mutex::new(deliveries) }
    }

    /// From now on, answers 500 to the next `failures` deliveries.
    pub fn fail_next(&self, failures: usize) {
        self.shared.failures_left.store(failures, Ordering::SeqCst);
    }

    /// The next delivery, waiting for it (a minute at most, as a guard).
    pub async fn next(&self) -> Delivery {
        let mut deliveries = self.deliveries.lock().await;
        match tokio::time::timeout(Duration::from_secs(60), deliveries.recv()).await {
            Ok(Some(delivery)) => delivery,
            _ => panic!("no delivery reached {}", self.url),
        }
    }
}

/// Waits until `check` answers `Some`, asking often; a minute at most,
/// as a guard against a test that would otherwise hang.
pub async fn until<T, F: Future<Output = Option<T>>>(what: &str, mut check: impl FnMut() -> F) -> T {
    for _ in 0..3000 {
        if let Some(found) = check().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("waited in vain for {what}");
}

impl TestApp {
    /// The usual test site on `db`, its clock the test's `clock`, its
    /// configuration changed by `change`.
    pub async fn with_clock(
        db: &TestDatabase,
        clock: &Arc<ManualClock>,
        change: impl FnOnce(&mut byline::config::Config),
    ) -> Self {
        let clock: Arc<dyn byline_app::Clock> = clock.clone();
        Self::with_settings(db, BASE, |settings| {
            change(&mut settings.config);
            settings.clock = byline::config::AppClock(clock);
        })
        .await
    }

    /// Adds a webhook to `url` for `events` through the admin page, as
    /// `admin`; its id and secret.
    pub async fn add_webhook(&self, admin: &Browser, url: &str, events: &[&str]) -> (i64, String) {
        let mut fields = vec![("url", url)];
        fields.extend(events.iter().map(|e| ("events", *e)));
        let added = admin.submit("/admin/webhooks", "/admin/webhooks", &fields).await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
        let to = super::response::location(&added);
        let id: i64 = to.trim_start_matches("/admin/webhooks/").split('?').next().unwrap().parse().unwrap();
        let (status, page) = admin.page(&to).await;
        assert_eq!(status, 200);
        (id, text_of(&page, "#secret"))
    }

    /// How many attempts the site has logged for webhook `id`.
    pub async fn attempts_logged(&self, id: i64) -> usize {
        self.running.store.webhook_attempts(id, 1000).await.unwrap().len()
    }

    /// Waits until webhook `id` has `count` attempts logged.
    pub async fn until_attempts(&self, id: i64, count: usize) {
        until(&format!("{count} attempts at webhook {id}"), || async {
            (self.attempts_logged(id).await >= count).then_some(())
        })
        .await;
    }

    /// A signed-in admin.
    pub async fn admin(&self, handle: &str) -> Browser {
        self.staff(handle, Role::Admin).await
    }
}

/// A clock standing at the present moment, for the test to move.
pub fn clock_now() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(Timestamp::now()))
}

/// An article file published an hour ago.
pub fn published_file(slug: &str) -> String {
    format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\n\
         section = \"World\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        Timestamp::now().plus_hours(-1).rfc3339()
    )
}

/// An article file that comes out at `at`.
pub fn scheduled_file(slug: &str, at: Timestamp) -> String {
    format!(
        "+++\nslug = \"{slug}\"\nheadline = \"Headline {slug}\"\nstandfirst = \"S.\"\nauthor = \"A\"\n\
         section = \"World\"\nstatus = \"scheduled\"\npublished_at = \"{}\"\n+++\nBody.\n",
        at.rfc3339()
    )
}
