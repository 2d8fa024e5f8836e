//! Live comments: one broadcast channel per article, fed when a comment is
//! published and read by Server-Sent Events streams, so every open page
//! sees new comments without reloading.
//!
//! Every stream holds a connection (and a file descriptor) for as long as
//! it is open, so streams are bounded: per client address, in all, and in
//! age. A client over its share is answered 429 with `Retry-After`; a
//! stream past its age ends with an `end` event whose `retry:` tells the
//! browser when to reconnect.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use byline_core::Slug;
use byline_store::{ArticleSummary, ThreadComment};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

use crate::AppState;
use crate::clients::ClientAddr;
use crate::comments::view::{CommentItem, CommentView, ThreadContext, thread_views};
use crate::error::AppError;

/// Events kept for a slow reader before it skips ahead.
const BACKLOG: usize = 64;

/// How often an idle stream sends a comment line, so proxies keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// How many live streams may be open, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveLimits {
    /// Streams one client may hold open (an IPv6 client by its /64, which
    /// one machine is commonly given whole).
    pub per_client: usize,
    /// Streams open in all.
    pub total: usize,
    /// A stream ends after this long; the browser reconnects.
    pub max_age: Duration,
    /// How long a client over its share, or a stream that ended for its
    /// age, should wait before trying again.
    pub retry: Duration,
}

impl Default for LiveLimits {
    fn default() -> Self {
        Self { per_client: 32, total: 10_000, max_age: Duration::from_secs(3600), retry: Duration::from_secs(10) }
    }
}

/// Streams open now, by client and in all.
#[derive(Debug, Default)]
struct OpenStreams {
    by_client: HashMap<IpAddr, usize>,
    total: usize,
}

/// A place taken by one open stream, given back when the stream is dropped
/// (ended, or its client gone).
#[derive(Debug)]
pub struct StreamPermit {
    open: Arc<Mutex<OpenStreams>>,
    client: IpAddr,
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        let Ok(mut open) = self.open.lock() else { return };
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_client.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.by_client.remove(&self.client);
            }
        }
    }
}

/// A client past its share of streams, or the site past its total.
#[derive(Debug, Clone, Copy)]
pub struct TooManyStreams {
    retry: Duration,
}

impl IntoResponse for TooManyStreams {
    /// 429, plain: no page is drawn (nor the database asked) for a client
    /// that is already holding too much.
    fn into_response(self) -> Response {
        let retry = self.retry.as_secs().max(1).to_string();
        let mut response =
            (StatusCode::TOO_MANY_REQUESTS, "Too many live streams open; try again later.\n").into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Ok(value) = HeaderValue::from_str(&retry) {
            headers.insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(crate::error::AsItIs);
        response
    }
}

/// Whom a stream counts against: the address, or an IPv6 address's /64.
fn client_key(addr: IpAddr) -> IpAddr {
    match addr.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

/// A new comment, as a page inserts it.
#[derive(Debug, Clone, Serialize)]
pub struct NewCommentEvent {
    pub id: i64,
    pub parent: Option<i64>,
    /// Published comments under the article now.
    pub count: i64,
    /// The comment as a list item, rendered once for every reader.
    pub html: String,
}

/// An event as every stream sends it: serialised once, however many
/// readers the article has.
#[derive(Debug)]
struct Sent {
    id: String,
    json: String,
}

/// The channels, by article id. Channels nobody listens to are dropped on
/// the next publish.
pub struct Live {
    channels: Mutex<HashMap<i64, broadcast::Sender<Arc<Sent>>>>,
    /// Flips to `true` at shutdown, ending every stream so the server can
    /// finish.
    closing: watch::Sender<bool>,
    limits: LiveLimits,
    open: Arc<Mutex<OpenStreams>>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new(LiveLimits::default())
    }
}

impl Live {
    pub fn new(limits: LiveLimits) -> Self {
        Self { channels: Mutex::default(), closing: watch::channel(false).0, limits, open: Arc::default() }
    }

    /// A place for one more stream from `client`, or the answer that says
    /// to come back later.
    pub fn admit(&self, client: IpAddr) -> Result<StreamPermit, TooManyStreams> {
        let client = client_key(client);
        let too_many = TooManyStreams { retry: self.limits.retry };
        let Ok(mut open) = self.open.lock() else { return Err(too_many) };
        let theirs = open.by_client.get(&client).copied().unwrap_or(0);
        if theirs >= self.limits.per_client || open.total >= self.limits.total {
            drop(open);
            // Debug only: a client flooding the site would flood the log.
            tracing::debug!(%client, streams = theirs, "live stream refused: too many open");
            return Err(too_many);
        }
        open.total += 1;
        open.by_client.insert(client, theirs + 1);
        Ok(StreamPermit { open: self.open.clone(), client })
    }

    /// The events as a bounded Server-Sent Events stream: it holds `permit`
    /// while open, and ends at shutdown or after the maximum age, then with
    /// an `end` event whose `retry:` says when to reconnect.
    pub fn bounded<S>(
        &self,
        events: S,
        permit: StreamPermit,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<S>>
    where
        S: Stream<Item = Event> + Send + 'static,
    {
        let closed = self.closed();
        let max_age = self.limits.max_age;
        let ending = async move {
            tokio::select! {
                () = closed => {},
                () = tokio::time::sleep(max_age) => {},
            }
        };
        let end = Event::default().event("end").retry(self.limits.retry).data("reconnect");
        let events =
            events.take_until(ending).chain(futures_util::stream::once(async move { end })).map(move |event| {
                // Held by the stream, so dropped with it.
                let _ = &permit;
                Ok(event)
            });
        Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
    }

    /// Ends every open stream (at shutdown).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves at shutdown; every long-lived stream ends on it.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    fn subscribe(&self, article_id: i64) -> broadcast::Receiver<Arc<Sent>> {
        let Ok(mut channels) = self.channels.lock() else {
            return broadcast::channel(1).1;
        };
        channels.entry(article_id).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// The articles some page open here follows now.
    pub fn followed_articles(&self) -> Vec<i64> {
        let Ok(channels) = self.channels.lock() else { return Vec::new() };
        channels.iter().filter(|(_, sender)| sender.receiver_count() > 0).map(|(id, _)| *id).collect()
    }

    /// Whether some page open here follows the article now: if none does,
    /// its events need not be made.
    pub fn is_followed(&self, article_id: i64) -> bool {
        let Ok(channels) = self.channels.lock() else { return false };
        channels.get(&article_id).is_some_and(|sender| sender.receiver_count() > 0)
    }

    /// Sends the event to every open page of the article.
    pub fn publish(&self, article_id: i64, event: NewCommentEvent) {
        let Ok(mut channels) = self.channels.lock() else { return };
        channels.retain(|_, sender| sender.receiver_count() > 0);
        if let Some(sender) = channels.get(&article_id) {
            let Ok(json) = serde_json::to_string(&event) else { return };
            let _ = sender.send(Arc::new(Sent { id: event.id.to_string(), json }));
        }
    }
}

/// A published comment as a live event shows it to every reader: no
/// per-reader buttons, and no list markup around it.
pub(crate) fn live_view(state: &AppState, comment: &ThreadComment, article: &ArticleSummary) -> CommentView {
    let context = ThreadContext {
        i18n: state.locale_for(&article.language),
        viewer: None,
        can_reply: false,
        can_feature: false,
        edit_until: state.app.now(),
        votes: &[],
    };
    let (mut views, _) = thread_views(std::slice::from_ref(comment), &article.language, &context);
    let mut view = views.remove(0);
    view.implied_ancestors = 0;
    view.opens_list = false;
    view.closes = 0;
    view
}

/// The live event of a published comment as it stands now, for a reader
/// who missed it; `None` if it is no longer published.
pub async fn event_again(state: &AppState, id: i64) -> Result<Option<NewCommentEvent>, AppError> {
    let Some(published) = state.app.published_comment(id).await? else { return Ok(None) };
    let (comment, article) = (&published.comment, &published.article);
    let view = live_view(state, comment, article);
    let html = live_html(&view, state, article)?;
    Ok(Some(NewCommentEvent { id: view.id, parent: comment.parent_id, count: published.count, html }))
}

/// Renders the list item a live event carries: the same for every reader,
/// so without per-reader buttons.
pub fn live_html(view: &CommentView, state: &AppState, article: &ArticleSummary) -> Result<String, askama::Error> {
    let i18n = state.locale_for(&article.language);
    CommentItem::new(view, String::new(), i18n, &article.language, article.slug.as_str()).render()
}

/// `GET /articles/{slug}/live`: a Server-Sent Events stream of new comments.
pub async fn stream_comments(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let permit = match state.live.admit(client) {
        Ok(permit) => permit,
        Err(refused) => return Ok(refused.into_response()),
    };
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let article = state.app.store.visible_article_summary(&slug, state.app.now()).await?.ok_or(AppError::NotFound)?;
    // Listening before the missed ones are read: a comment published in
    // between is sent twice, which a page ignores, rather than never.
    let receiver = state.live.subscribe(article.id);
    let mut missed = Vec::new();
    if let Some(last) = last_event_id(&headers) {
        for id in state.app.store.comments_published_after(article.id, last, MISSED_LIMIT).await? {
            if let Some(event) = event_again(&state, id).await?
                && let Ok(json) = serde_json::to_string(&event)
            {
                missed.push(Event::default().event("comment").id(event.id.to_string()).data(json));
            }
        }
    }
    let live = BroadcastStream::new(receiver).filter_map(|item| async move {
        // A reader too slow to keep up skips what it missed.
        let sent = item.ok()?;
        Some(Event::default().event("comment").id(&sent.id).data(&sent.json))
    });
    let events = futures_util::stream::iter(missed).chain(live);
    Ok(state.live.bounded(events, permit).into_response())
}

/// Most comments sent again to a reader coming back.
const MISSED_LIMIT: u32 = 200;

/// The last event a reader coming back was sent (browsers send it when
/// they reconnect), if it names a comment.
fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers.get("last-event-id")?.to_str().ok()?.trim().parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(addr: &str) -> IpAddr {
        addr.parse().unwrap()
    }

    #[test]
    fn streams_are_limited_per_client_and_in_all_and_given_back() {
        let live = Live::new(LiveLimits { per_client: 2, total: 3, ..LiveLimits::default() });
        let first = live.admit(from("192.0.2.1")).unwrap();
        let second = live.admit(from("192.0.2.1")).unwrap();
        let refused = live.admit(from("192.0.2.1")).unwrap_err().into_response();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "10");
        // Another client still has room, up to the total.
        let other = live.admit(from("192.0.2.2")).unwrap();
        assert!(live.admit(from("192.0.2.3")).is_err(), "the total is reached");
        drop(first);
        let again = live.admit(from("192.0.2.1")).unwrap();
        drop((second, other, again));
        assert_eq!(live.open.lock().unwrap().total, 0);
        assert!(live.open.lock().unwrap().by_client.is_empty());
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64() {
        let live = Live::new(LiveLimits { per_client: 1, ..LiveLimits::default() });
        let _held = live.admit(from("2001:db8:1:2::1")).unwrap();
        assert!(live.admit(from("2001:db8:1:2:ffff::9")).is_err(), "the same /64");
        assert!(live.admit(from("2001:db8:1:3::1")).is_ok(), "another /64");
        let _v4 = live.admit(from("::ffff:192.0.2.1")).unwrap();
        assert!(live.admit(from("192.0.2.1")).is_err(), "an IPv4 address mapped to IPv6 is that address");
    }
}
