//! Group commit for new comments.
//!
//! A comment is acknowledged only once it is committed, and a commit waits
//! for the disk (SQLite in full sync, PostgreSQL's WAL flush). Written one
//! transaction each, comments posted at the same moment queue behind each
//! other's commits and the thread hops of every statement, and the writer
//! waits far more than it works.
//!
//! So every new comment joins a queue, and whoever finds the writer free
//! takes everything queued (up to [`MOST_PER_BATCH`]) and writes it in one
//! transaction; the others wait for their answers. Nothing is answered
//! before the commit that holds it, so each acknowledged comment is as
//! durable as before; an idle site writes each comment at once, alone.
//!
//! The batch runs in a task of its own, so it finishes, and answers all its
//! comments, even if the request that started it goes away. A comment whose
//! request went away before its batch began is not written, as it would not
//! have been without batching. If a batch fails, its comments are written
//! again one by one, so one comment's failure is its own.

use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use crate::StoreError;
use crate::new_comments::{CommentAdded, PendingComment};

/// What writes a batch: the store, which knows how (this module does not
/// know the store).
pub(crate) trait WritesComments: Clone + Send + Sync + 'static {
    /// Writes `comments` in one transaction, answering each in order.
    fn write_comments(
        &self,
        comments: &[PendingComment],
    ) -> impl Future<Output = Result<Vec<CommentAdded>, StoreError>> + Send;
}

/// Most comments written in one transaction.
const MOST_PER_BATCH: usize = 64;

type Answer = oneshot::Sender<Result<CommentAdded, StoreError>>;

/// The queue of comments waiting to be written, and the writer's turn.
#[derive(Default)]
pub(crate) struct CommentBatch {
    waiting: Mutex<Vec<(PendingComment, Answer)>>,
    /// Held by the task writing a batch.
    writing: Arc<tokio::sync::Mutex<()>>,
}

impl std::fmt::Debug for CommentBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let waiting = self.waiting.lock().map_or(0, |w| w.len());
        f.debug_struct("CommentBatch").field("waiting", &waiting).finish_non_exhaustive()
    }
}

/// Queues `comment` and answers once it is written, writing the queue
/// itself when the writer is free.
pub(crate) async fn add<W: WritesComments>(
    batch: &CommentBatch,
    store: &W,
    comment: PendingComment,
) -> Result<CommentAdded, StoreError> {
    let (answer, mut answered) = oneshot::channel();
    batch.waiting.lock().map_err(|_| lost())?.push((comment, answer));
    loop {
        tokio::select! {
            biased;
            result = &mut answered => return result.unwrap_or_else(|_| Err(lost())),
            turn = batch.writing.clone().lock_owned() => {
                let taken: Vec<_> = {
                    let mut waiting = batch.waiting.lock().map_err(|_| lost())?;
                    let n = waiting.len().min(MOST_PER_BATCH);
                    waiting.drain(..n).collect()
                };
                if taken.is_empty() {
                    // A batch that has ended took this comment: its answer is in.
                    drop(turn);
                    return answered.await.unwrap_or_else(|_| Err(lost()));
                }
                let store = store.clone();
                tokio::spawn(async move {
                    write(&store, taken).await;
                    drop(turn);
                });
            }
        }
    }
}

/// Writes one batch and answers each of its comments.
async fn write<W: WritesComments>(store: &W, taken: Vec<(PendingComment, Answer)>) {
    // Nobody waits for these any more: leave them unwritten.
    let (comments, answers): (Vec<_>, Vec<_>) = taken.into_iter().filter(|(_, a)| !a.is_closed()).unzip();
    if comments.is_empty() {
        return;
    }
    match store.write_comments(&comments).await {
        Ok(results) => {
            for (answer, result) in answers.into_iter().zip(results) {
                let _ = answer.send(Ok(result));
            }
        }
        Err(err) if comments.len() == 1 => {
            let _ = answers.into_iter().next().map(|answer| answer.send(Err(err)));
        }
        Err(err) => {
            tracing::warn!(error = %err, comments = comments.len(), "a batch of comments failed; writing each alone");
            for (comment, answer) in comments.iter().zip(answers) {
                let result = store.write_comments(std::slice::from_ref(comment)).await;
                let _ = answer.send(result.and_then(|added| added.into_iter().next().ok_or_else(lost)));
            }
        }
    }
}

/// The answer never came: the writing task was stopped (the runtime shut
/// down) before it could give one.
fn lost() -> StoreError {
    StoreError::Database(sqlx::Error::WorkerCrashed)
}
