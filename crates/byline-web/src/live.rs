//! Live comments: one broadcast channel per article, fed when a comment is
//! published and read by Server-Sent Events streams, so every open page
//! sees new comments without reloading.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use byline_core::Slug;
use byline_core::Timestamp;
use byline_store::ArticleSummary;
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

use crate::AppState;
use crate::comments_view::{CommentItem, CommentView};
use crate::error::AppError;
use crate::views::LangAttr;

/// Events kept for a slow reader before it skips ahead.
const BACKLOG: usize = 64;

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
}

impl Default for Live {
    fn default() -> Self {
        Self { channels: Mutex::default(), closing: watch::channel(false).0 }
    }
}

impl Live {
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

/// Renders the list item a live event carries: the same for every reader,
/// so without per-reader buttons.
pub fn live_html(view: &CommentView, state: &AppState, article: &ArticleSummary) -> Result<String, askama::Error> {
    let ui = LangAttr::if_differs(&state.site.language, &article.language);
    CommentItem::new(view, String::new(), ui, article.slug.as_str()).render()
}

/// `GET /articles/{slug}/live`: a Server-Sent Events stream of new comments.
pub async fn stream_comments(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let slug = Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let article = state.store.visible_article_summary(&slug, Timestamp::now()).await?.ok_or(AppError::NotFound)?;
    let receiver = state.live.subscribe(article.id);
    let events = BroadcastStream::new(receiver).take_until(state.live.closed()).filter_map(|item| async move {
        // A reader too slow to keep up skips what it missed.
        let sent = item.ok()?;
        Some(Ok(Event::default().event("comment").id(&sent.id).data(&sent.json)))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
