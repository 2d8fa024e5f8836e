//! Several nodes as one site. Each comment published on this node is
//! signalled to the other nodes on the same PostgreSQL; each signal heard
//! from another node is sent to this node's open pages of the article, as
//! if the comment had been published here, and this node's cached pages
//! are checked again before they are served.
//!
//! Signals are lost while a node cannot hear the others. When it hears
//! again, it reads the comments first published since a little before it
//! last heard anything, for every article a reader here has open, and
//! sends them: readers who stayed connected miss none (pages skip a
//! comment they already show).

use std::time::Duration;

use byline_store::Heard;
use tokio::sync::watch;

use crate::AppState;
use crate::comments::published::{Published, announce_heard};

/// How long before the last signal heard a catch-up reads from: a
/// comment's publication time is taken a moment before its signal is sent.
const CATCH_UP_MARGIN_MINUTES: i64 = 1;
/// Most comments of one article sent by a catch-up.
const CATCH_UP_LIMIT: u32 = 500;
/// The wait before listening is tried again after it failed.
const RETRY: Duration = Duration::from_secs(1);

/// Listens to the other nodes until `stop` changes. Nothing to do on
/// SQLite.
pub async fn follow(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut listener = loop {
        match state.app.store.listen().await {
            Ok(Some(listener)) => break listener,
            Ok(None) => return,
            Err(err) => tracing::warn!(error = %err, "cannot listen to the other nodes yet"),
        }
        tokio::select! {
            () = tokio::time::sleep(RETRY) => {}
            _ = stop.changed() => return,
        }
    };
    let mut heard_at = state.app.now();
    loop {
        let heard = tokio::select! {
            heard = listener.next() => heard,
            _ = stop.changed() => return,
        };
        match heard {
            Ok(Heard::Signal(payload)) => {
                heard_at = state.app.now();
                if let Ok(published) = serde_json::from_str::<Published>(&payload)
                    && published.node != state.node
                {
                    state.page_cache.note_write();
                    for comment in published.followed(|article| state.live.is_followed(article)) {
                        announce_heard(&state, comment).await;
                    }
                }
            }
            Ok(Heard::Gap) => {
                tracing::info!("listening to the other nodes again; catching up");
                let since = heard_at.plus_minutes(-CATCH_UP_MARGIN_MINUTES);
                heard_at = state.app.now();
                catch_up(&state, since).await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "lost the other nodes; trying again");
                tokio::select! {
                    () = tokio::time::sleep(RETRY) => {}
                    _ = stop.changed() => return,
                }
            }
        }
    }
}

/// Sends the open pages here what was published since `since`.
async fn catch_up(state: &AppState, since: byline_core::Timestamp) {
    state.page_cache.note_write();
    for article in state.live.followed_articles() {
        match state.app.store.comments_first_published_since(article, since, CATCH_UP_LIMIT).await {
            Ok(ids) => {
                for id in ids {
                    announce_heard(state, id).await;
                }
            }
            Err(err) => tracing::warn!(article_id = article, error = %err, "could not catch up"),
        }
    }
}
