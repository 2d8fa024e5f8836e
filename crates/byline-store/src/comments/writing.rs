//! Writing comments: adding them (in batches), editing, holding,
//! approving and deleting them, and what the moderation policy reads
//! about their author.

use super::states::{status, statuses};
use super::*;
use crate::ArticleSummary;
use crate::articles::{SummaryRow, summary_columns, visible};
use byline_core::Slug;

impl Store {
    /// Adds a comment (a reply if `parent_id` is set) with the counts it
    /// changes, in one transaction shared with the comments posted at the
    /// same moment (see [`crate::comment_batch`]). Answers once it is
    /// committed.
    pub async fn add_comment(&self, new: &NewComment<'_>, now: Timestamp) -> Result<CommentAdded, StoreError> {
        crate::comment_batch::add(&self.comment_batch, self, PendingComment::of(new, now)).await
    }

    /// Adds a comment brought in by an import, at its own time `at`, with
    /// what it was in the export (`kind`, `source_id`) recorded beside it
    /// in the same transaction; a reply may answer a comment in any state.
    pub async fn import_comment(
        &self,
        new: &NewComment<'_>,
        at: Timestamp,
        kind: &str,
        source_id: &str,
    ) -> Result<CommentAdded, StoreError> {
        let mut pending = PendingComment::of(new, at);
        pending.imported_as = Some((kind.to_owned(), source_id.to_owned()));
        let mut added = self.write_comments_now(std::slice::from_ref(&pending)).await?;
        added.pop().ok_or(StoreError::Corrupt { what: "an imported comment", value: source_id.to_owned() })
    }

    /// What an import made of record `source_id` of kind `kind`, if it did.
    pub async fn imported_target(&self, kind: &str, source_id: &str) -> Result<Option<i64>, StoreError> {
        on_pool!(self, read, |pool| {
            Ok(sqlx::query_scalar("SELECT target_id FROM imported_records WHERE kind = $1 AND source_id = $2")
                .bind(kind)
                .bind(source_id)
                .fetch_optional(pool)
                .await?)
        })
    }

    /// Adds the comments of an import (one article's, say) in one
    /// transaction, in order, each at its own time and in its own state,
    /// with what it was in the export recorded beside it under `kind`.
    /// A comment imported before is left as it is; a reply finds the
    /// comment it answers among those imported before or earlier in
    /// `comments` (so parents must come before their replies), and one
    /// whose parent was never imported, or is gone, is added as a comment
    /// on the article. A reply may answer a comment in any state: an
    /// imported thread keeps its shape. Answers what became of each.
    pub async fn import_comments(
        &self,
        kind: &str,
        comments: &[ImportedComment<'_>],
    ) -> Result<Vec<CommentImported>, StoreError> {
        // As in `write_comments_now`: the id is known in the insert that
        // writes the path ending with it.
        let insert = match self.backend() {
            Backend::Sqlite => concat!(
                "INSERT INTO comments (id, path, article_id, parent_id, depth, author_id, guest_name, body_source, \
                   body_html, language, status, created_at, reasons, held_at, body_hash, first_published_at, \
                   guest_email, guest_url) ",
                "VALUES ($18, $14 || printf('%012d', $18), ",
                insert_values!(),
                ", $16, $17) RETURNING id"
            ),
            Backend::Postgres => concat!(
                "INSERT INTO comments (id, path, article_id, parent_id, depth, author_id, guest_name, body_source, \
                   body_html, language, status, created_at, reasons, held_at, body_hash, first_published_at, \
                   guest_email, guest_url) ",
                "SELECT n.id, $14 || lpad(n.id::text, 12, '0'), ",
                insert_values!(),
                ", $16, $17 FROM (SELECT nextval(pg_get_serial_sequence('comments', 'id')) AS id) n RETURNING id"
            ),
        };
        let parent_of_record = "SELECT c.id, c.article_id, c.path, c.depth FROM imported_records r \
             JOIN comments c ON c.id = r.target_id WHERE r.kind = $1 AND r.source_id = $2";
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let mut next_id: Option<i64> = match self.backend() {
                Backend::Sqlite => Some(
                    sqlx::query_scalar("UPDATE comment_ids SET next_id = next_id + $1 RETURNING next_id - $1")
                        .bind(i64::try_from(comments.len()).unwrap_or(i64::MAX))
                        .fetch_one(&mut *tx)
                        .await?,
                ),
                Backend::Postgres => None,
            };
            let mut results = Vec::with_capacity(comments.len());
            // Those added here, by their export id: (id, article, path, depth).
            let mut added: std::collections::HashMap<&str, (i64, i64, String, i64)> =
                std::collections::HashMap::with_capacity(comments.len());
            // Published comments by article, and published replies by parent,
            // for the counts, which move once for the batch.
            let mut published: Vec<(i64, i64)> = Vec::new();
            let mut replies: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
            // What was imported before, in a query or a few.
            let mut present = std::collections::HashMap::<String, i64>::new();
            let sources: Vec<&str> = comments.iter().map(|c| c.source_id).collect();
            for chunk in sources.chunks(IN_CHUNK) {
                let sql = imported_in(chunk.len());
                let mut query = sqlx::query_as::<_, (String, i64)>(&sql).bind(kind);
                for id in chunk {
                    query = query.bind(*id);
                }
                present.extend(query.fetch_all(&mut *tx).await?);
            }
            // The records of those added, written together at the end.
            let mut records: Vec<(&str, i64)> = Vec::with_capacity(comments.len());
            for comment in comments {
                // Imported before, or earlier in this batch.
                if let Some(id) = present.get(comment.source_id).copied().or(added.get(comment.source_id).map(|a| a.0))
                {
                    results.push(CommentImported::Present(id));
                    continue;
                }
                let parent = match comment.parent_source_id {
                    None => None,
                    Some(source) => match added.get(source) {
                        Some(parent) => Some(parent.clone()),
                        None => {
                            sqlx::query_as::<_, (i64, i64, String, i64)>(parent_of_record)
                                .bind(kind)
                                .bind(source)
                                .fetch_optional(&mut *tx)
                                .await?
                        }
                    },
                };
                if parent.as_ref().is_some_and(|(_, article, _, _)| *article != comment.article_id) {
                    results.push(CommentImported::ParentElsewhere);
                    continue;
                }
                let (parent_id, parent_path, depth) = match parent {
                    Some((id, _, path, depth)) => (Some(id), path, (depth + 1).min(MAX_DEPTH)),
                    None => (None, String::new(), 0),
                };
                let own_id = next_id;
                next_id = next_id.map(|id| id + 1);
                let at = comment.at.millis();
                let query = sqlx::query_scalar(insert)
                    .bind(comment.article_id)
                    .bind(parent_id)
                    .bind(depth)
                    .bind(match comment.author {
                        CommentAuthor::Member(id) => Some(id),
                        CommentAuthor::Guest(_) => None,
                    })
                    .bind(match comment.author {
                        CommentAuthor::Member(_) => None,
                        CommentAuthor::Guest(name) => Some(name),
                    })
                    .bind(comment.body.as_str())
                    .bind(comment.body_html.as_str())
                    .bind(comment.language.as_str())
                    .bind(comment.status.as_str())
                    .bind(at)
                    .bind("[]")
                    .bind((comment.status == CommentStatus::Pending).then_some(at))
                    .bind(body_hash(comment.body))
                    .bind(&parent_path)
                    .bind((comment.status == CommentStatus::Published).then_some(at))
                    .bind(comment.guest_email.filter(|_| matches!(comment.author, CommentAuthor::Guest(_))))
                    .bind(comment.guest_url.filter(|_| matches!(comment.author, CommentAuthor::Guest(_))));
                let id: i64 = match own_id {
                    Some(own_id) => query.bind(own_id),
                    None => query,
                }
                .fetch_one(&mut *tx)
                .await?;
                records.push((comment.source_id, id));
                if comment.status == CommentStatus::Published {
                    if let Some(parent_id) = parent_id {
                        *replies.entry(parent_id).or_default() += 1;
                    }
                    add_one(&mut published, comment.article_id);
                }
                let path = format!("{parent_path}{}", segment(id));
                added.insert(comment.source_id, (id, comment.article_id, path, depth));
                results.push(CommentImported::Added(id));
            }
            for chunk in records.chunks(RECORD_CHUNK) {
                let values: Vec<String> =
                    (0..chunk.len()).map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3)).collect();
                let sql =
                    format!("INSERT INTO imported_records (kind, source_id, target_id) VALUES {}", values.join(", "));
                let mut query = sqlx::query(&sql).bind(kind);
                for (source, id) in chunk {
                    query = query.bind(*source).bind(*id);
                }
                query.execute(&mut *tx).await?;
            }
            for (parent_id, count) in &replies {
                sqlx::query("UPDATE comments SET reply_count = reply_count + $2 WHERE id = $1")
                    .bind(parent_id)
                    .bind(count)
                    .execute(&mut *tx)
                    .await?;
            }
            for (article_id, count) in &published {
                sqlx::query(
                    "UPDATE articles SET comment_count = comment_count + $2, version = version + 1 WHERE id = $1",
                )
                .bind(article_id)
                .bind(count)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    /// What an import made of each of `source_ids` of kind `kind` that it
    /// imported, in one query (a few for thousands of ids).
    pub async fn imported_targets(
        &self,
        kind: &str,
        source_ids: &[&str],
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let mut found = std::collections::HashMap::new();
        for chunk in source_ids.chunks(IN_CHUNK) {
            let sql = imported_in(chunk.len());
            let rows: Vec<(String, i64)> = on_pool!(self, read, |pool| {
                let mut query = sqlx::query_as(&sql).bind(kind);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }

    /// Records that an import made `target_id` of record `source_id` of
    /// kind `kind` (an account of a WordPress author, say), in place of
    /// any record made before.
    pub async fn record_imported(&self, kind: &str, source_id: &str, target_id: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO imported_records (kind, source_id, target_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (kind, source_id) DO UPDATE SET target_id = excluded.target_id",
            )
            .bind(kind)
            .bind(source_id)
            .bind(target_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Writes `comments` in one transaction, in order: a refused one
    /// (missing or closed parent) writes nothing and the rest go on.
    ///
    /// The statements are as few as the batch allows, whatever its size:
    /// one read of the parents answered, one to take the ids, one insert
    /// of every row, one count a parent or an article. Each statement is a
    /// round trip and work for the database, and a batch holds the
    /// writer's turn while it runs.
    async fn write_comments_now(&self, comments: &[PendingComment]) -> Result<Vec<CommentAdded>, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let news: Vec<NewComment<'_>> = comments.iter().map(PendingComment::as_new).collect();
            let mut parent_ids: Vec<i64> = news.iter().filter_map(|new| new.parent_id).collect();
            parent_ids.sort_unstable();
            parent_ids.dedup();
            let mut parents: HashMap<i64, ParentRow> = HashMap::with_capacity(parent_ids.len());
            if !parent_ids.is_empty() {
                let sql = format!(
                    "SELECT id, article_id, path, depth, status FROM comments WHERE id IN ({})",
                    placeholders(1, parent_ids.len())
                );
                let mut query = sqlx::query_as::<_, ParentRow>(&sql);
                for id in &parent_ids {
                    query = query.bind(*id);
                }
                parents.extend(query.fetch_all(&mut *tx).await?.into_iter().map(|row| (row.id, row)));
            }
            // Where each goes in its thread (its parent's path and its
            // depth), or why it cannot.
            let places: Vec<Result<(&str, i64), CommentAdded>> = news
                .iter()
                .zip(comments)
                .map(|(new, pending)| {
                    let Some(parent_id) = new.parent_id else { return Ok(("", 0)) };
                    let parent = parents.get(&parent_id).ok_or(CommentAdded::ParentMissing)?;
                    if parent.article_id != new.article_id {
                        return Err(CommentAdded::ParentElsewhere);
                    }
                    // An imported thread keeps its shape whatever became
                    // of the comments it answers.
                    if pending.imported_as.is_none()
                        && !CommentStatus::parse(&parent.status).is_some_and(CommentStatus::takes_replies)
                    {
                        return Err(CommentAdded::ParentUnavailable);
                    }
                    Ok((parent.path.as_str(), (parent.depth + 1).min(MAX_DEPTH)))
                })
                .collect();
            let written = places.iter().filter(|place| place.is_ok()).count();
            // Each parent's replies, and each article's count and version,
            // move once for the batch: a busy article's row is not
            // rewritten for every comment. They move before the ids are
            // taken, parents then articles, each in the order of their
            // ids. So batches written at once (by several nodes on one
            // PostgreSQL) wait for each other's rows in one order, never in
            // a circle; and on one article, ids are taken in the order
            // their batches commit, so a reader who asks for what came
            // after a comment misses none.
            let mut replies: Vec<(i64, i64)> = Vec::new();
            let mut published: Vec<(i64, i64)> = Vec::new();
            for (new, place) in news.iter().zip(&places) {
                if place.is_err() || new.status != CommentStatus::Published {
                    continue;
                }
                if let Some(parent_id) = new.parent_id {
                    add_one(&mut replies, parent_id);
                }
                add_one(&mut published, new.article_id);
            }
            replies.sort_unstable();
            published.sort_unstable();
            for (parent_id, added) in &replies {
                sqlx::query("UPDATE comments SET reply_count = reply_count + $2 WHERE id = $1")
                    .bind(parent_id)
                    .bind(added)
                    .execute(&mut *tx)
                    .await?;
            }
            // The count each article had before the batch.
            let mut counted: Vec<(i64, i64)> = Vec::with_capacity(published.len());
            for (article_id, added) in &published {
                let total: Option<i64> = sqlx::query_scalar(
                    "UPDATE articles SET comment_count = comment_count + $2, version = version + 1 WHERE id = $1 \
                     RETURNING comment_count",
                )
                .bind(article_id)
                .bind(added)
                .fetch_optional(&mut *tx)
                .await?;
                counted.extend(total.map(|total| (*article_id, total - added)));
            }
            let mut ids = new_comment_ids(&mut tx, self.backend(), written).await?.into_iter();
            let mut results = Vec::with_capacity(comments.len());
            let mut rows = Vec::with_capacity(written);
            for ((new, pending), place) in news.iter().zip(comments).zip(places) {
                let (parent_path, depth) = match place {
                    Ok(place) => place,
                    Err(refused) => {
                        results.push(refused);
                        continue;
                    }
                };
                let id = ids.next().ok_or_else(lost_id)?;
                rows.push((id, format!("{parent_path}{}", segment(id)), depth, new, pending));
                // The count as each comment made it, in the order written.
                let comment_count = (new.status == CommentStatus::Published)
                    .then(|| counted.iter_mut().find(|(article_id, _)| *article_id == new.article_id))
                    .flatten()
                    .map(|(_, count)| {
                        *count += 1;
                        *count
                    });
                results.push(CommentAdded::Added { id, status: new.status, depth, comment_count });
            }
            if !rows.is_empty() {
                let values: Vec<String> =
                    (0..rows.len()).map(|row| format!("({})", placeholders(row * 16 + 1, 16))).collect();
                let sql = format!("{}VALUES {}", insert_comment!(), values.join(", "));
                let mut insert = sqlx::query(&sql);
                for (id, path, depth, new, pending) in &rows {
                    let now = pending.now;
                    insert = insert
                        .bind(*id)
                        .bind(path.as_str())
                        .bind(new.article_id)
                        .bind(new.parent_id)
                        .bind(*depth)
                        .bind(match new.author {
                            CommentAuthor::Member(id) => Some(id),
                            CommentAuthor::Guest(_) => None,
                        })
                        .bind(match new.author {
                            CommentAuthor::Member(_) => None,
                            CommentAuthor::Guest(name) => Some(name),
                        })
                        .bind(new.body.as_str())
                        .bind(new.body_html.as_str())
                        .bind(new.language.as_str())
                        .bind(new.status.as_str())
                        .bind(now.millis())
                        .bind(reasons_json(new.reasons))
                        .bind((new.status == CommentStatus::Pending).then_some(now.millis()))
                        .bind(body_hash(new.body))
                        .bind((new.status == CommentStatus::Published).then_some(now.millis()));
                }
                insert.execute(&mut *tx).await?;
            }
            // Imported comments keep what they were in the export.
            for (id, _, _, _, pending) in &rows {
                if let Some((kind, source_id)) = &pending.imported_as {
                    sqlx::query("INSERT INTO imported_records (kind, source_id, target_id) VALUES ($1, $2, $3)")
                        .bind(kind)
                        .bind(source_id)
                        .bind(*id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(results)
        })
    }

    /// Replaces a comment's text (the caller has checked who and when), with
    /// the state the policy gave it and its reasons added to the earlier
    /// ones; the counts follow. `false` if it is no longer editable.
    pub async fn edit_comment(&self, edit: &CommentEdit<'_>, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let row: Option<(String, String)> = sqlx::query_as(concat!(
                "SELECT status, reasons FROM comments WHERE id = $1 AND status IN ",
                statuses!(Published, Pending)
            ))
            .bind(edit.id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((was, reasons)) = row else { return Ok(false) };
            let mut list: Vec<Reason> = serde_json::from_str(&reasons).unwrap_or_default();
            list.extend(edit.reasons.iter().cloned());
            // Only if nothing changed it meanwhile (PostgreSQL runs requests
            // side by side).
            let done = sqlx::query(
                "UPDATE comments SET body_source = $1, body_html = $2, language = $3, edited_at = $4, status = $5, \
                   reasons = $6, held_at = COALESCE($9, held_at), body_hash = $10 WHERE id = $7 AND status = $8",
            )
            .bind(edit.body.as_str())
            .bind(edit.body_html.as_str())
            .bind(edit.language.as_str())
            .bind(now.millis())
            .bind(edit.status.as_str())
            .bind(reasons_json(&list))
            .bind(edit.id)
            .bind(&was)
            // Back in the queue from now, if the edit sent it there.
            .bind(
                (edit.status == CommentStatus::Pending && was != CommentStatus::Pending.as_str())
                    .then_some(now.millis()),
            )
            .bind(body_hash(edit.body))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            let change = match (was == CommentStatus::Published.as_str(), edit.status == CommentStatus::Published) {
                (true, false) => -1,
                (false, true) => 1,
                _ => 0,
            };
            count_published(&mut tx, edit.id, change).await?;
            bump_article_of(&mut tx, edit.id).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Publishes a comment that was waiting for review; its counts follow,
    /// and earlier flags are settled.
    pub async fn approve_comment(&self, id: i64) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(concat!(
                "UPDATE comments SET status = ",
                status!(Published),
                " WHERE id = $1 AND status = ",
                status!(Pending)
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query("DELETE FROM comment_flags WHERE comment_id = $1").bind(id).execute(&mut *tx).await?;
            count_published(&mut tx, id, 1).await?;
            bump_article_of(&mut tx, id).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Sends a published comment back to the queue (flagged by enough
    /// readers), with the reason added to its list.
    pub async fn hold_comment(&self, id: i64, reason: &Reason, now: Timestamp) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let row: Option<(String,)> =
                sqlx::query_as(concat!("SELECT reasons FROM comments WHERE id = $1 AND status = ", status!(Published)))
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((reasons,)) = row else { return Ok(false) };
            let mut list: Vec<Reason> = serde_json::from_str(&reasons).unwrap_or_default();
            list.push(reason.clone());
            let done = sqlx::query(concat!(
                "UPDATE comments SET status = ",
                status!(Pending),
                ", featured = 0, reasons = $1, held_at = $3 \
                 WHERE id = $2 AND status = ",
                status!(Published)
            ))
            .bind(reasons_json(&list))
            .bind(id)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            count_published(&mut tx, id, -1).await?;
            bump_article_of(&mut tx, id).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// What the moderation policy knows of an author: standing, and how
    /// many of their comments are published or were refused since their
    /// trust was last reset. (Comments the author withdrew count neither
    /// way, so deleting held comments earns no trust.)
    pub async fn author_record(&self, user_id: i64) -> Result<Option<AuthorRecord>, StoreError> {
        on_pool!(self, read, |pool| {
            let row: Option<(String, Option<i64>, i64, i64)> =
                sqlx::query_as(concat!(author_columns!(), "FROM users u WHERE u.id = $1"))
                    .bind(user_id)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(status, until, approved, rejected)| author_record(&status, until, approved, rejected)))
        })
    }

    /// What a new comment's checks need of the store, in one read: whether
    /// the site has webhooks to announce it to, and of its author: their
    /// record (with approvals counted only as far as
    /// `ask.trust_needed` makes them matter), whether they posted exactly
    /// this text lately (the text's hash finds the candidates, the text
    /// itself decides), and their pace. `None` for no such user.
    ///
    /// Every part is bounded, however many comments the author has: a
    /// prolific reader's post costs what a newcomer's does.
    pub async fn posting_record(&self, ask: &PostingAsk<'_>) -> Result<Option<PostingRecord>, StoreError> {
        const SQL: &str = concat!(posting_author!(), "SELECT ", posting_columns!(), "FROM author au");
        on_pool!(self, read, |pool| {
            let row: Option<PostingRow> = bind_ask(sqlx::query_as(SQL), ask).fetch_optional(pool).await?;
            Ok(row.and_then(PostingRow::record))
        })
    }

    /// The article at `slug` if a reader may see it at `now`, with what
    /// [`Store::posting_record`] finds for `ask` (`None` for no such
    /// user), in one read: all a post asks of the store before it is
    /// written.
    pub async fn article_for_posting(
        &self,
        slug: &Slug,
        now: Timestamp,
        ask: &PostingAsk<'_>,
    ) -> Result<Option<(ArticleSummary, Option<PostingRecord>)>, StoreError> {
        const SQL: &str = concat!(
            posting_author!(),
            "SELECT ",
            summary_columns!(),
            ", ",
            posting_columns!(),
            "FROM articles a JOIN sections s ON s.id = a.section_id LEFT JOIN author au ON 1 = 1 WHERE ",
            visible!("$8"),
            "AND a.slug = $9"
        );
        on_pool!(self, read, |pool| {
            let row: Option<ArticlePostingRow> =
                bind_ask(sqlx::query_as(SQL), ask).bind(now.millis()).bind(slug.as_str()).fetch_optional(pool).await?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some((ArticleSummary::try_from(row.article)?, row.posting.record())))
        })
    }

    /// Withdraws a comment: a tombstone keeps the thread's shape.
    pub async fn delete_comment(&self, id: i64) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let was: Option<String> = sqlx::query_scalar("SELECT status FROM comments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(was) =
                was.filter(|s| s == CommentStatus::Published.as_str() || s == CommentStatus::Pending.as_str())
            else {
                return Ok(false);
            };
            sqlx::query(concat!("UPDATE comments SET status = ", status!(Deleted), ", featured = 0 WHERE id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if was == CommentStatus::Published.as_str() {
                sqlx::query(
                    "UPDATE articles SET comment_count = comment_count - 1 \
                     WHERE id = (SELECT article_id FROM comments WHERE id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            bump_article_of(&mut tx, id).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// When the author last commented, for flood control across restarts.
    pub async fn last_comment_at(&self, author_id: i64) -> Result<Option<Timestamp>, StoreError> {
        on_pool!(self, read, |pool| {
            let at: Option<i64> = sqlx::query_scalar("SELECT MAX(created_at) FROM comments WHERE author_id = $1")
                .bind(author_id)
                .fetch_one(pool)
                .await?;
            Ok(at.map(Timestamp::from_millis))
        })
    }
}

/// The author `$1` of a post, and how many of their comments were refused
/// since their trust was last reset, as the common table expressions
/// `author` and `refused`; [`posting_columns`] reads them.
macro_rules! posting_author {
    () => {
        concat!(
            "WITH author AS (SELECT status, suspended_until, COALESCE(trust_since, 0) AS since \
               FROM users WHERE id = $1), \
             refused AS (SELECT COUNT(*) AS n FROM comments \
               WHERE author_id = $1 AND status IN ",
            statuses!(Rejected, Spam, Removed),
            " AND created_at >= (SELECT since FROM author)) "
        )
    };
}
use posting_author;

/// The columns of a [`PostingRow`], from [`posting_author`]'s tables and
/// its author as `au`, for the placeholders [`bind_ask`] binds.
macro_rules! posting_columns {
    () => {
        concat!(
            "au.status AS author_status, au.suspended_until AS author_suspended_until, \
               (SELECT COUNT(*) FROM (SELECT 1 FROM comments \
                 WHERE author_id = $1 AND status = ",
            status!(Published),
            " AND created_at >= (SELECT since FROM author) \
                 LIMIT $5 + 3 * (SELECT n FROM refused)) approved) AS approved, \
               (SELECT n FROM refused) AS refused, \
               EXISTS (SELECT 1 FROM comments c WHERE c.author_id = $1 AND c.body_hash = $2 \
                 AND c.created_at >= $3 AND c.body_source = $4) AS repeated, \
               (SELECT MAX(created_at) FROM comments WHERE author_id = $1) AS last_at, \
               (SELECT created_at FROM comments WHERE author_id = $1 AND created_at > $6 \
                 ORDER BY created_at DESC LIMIT 1 OFFSET $7) AS filled_at, \
               EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled = 1) AS webhooks "
        )
    };
}
use posting_columns;

/// Binds `$1` to `$7` of [`posting_author`] and [`posting_columns`].
fn bind_ask<'q, DB, O>(
    query: sqlx::query::QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>,
    ask: &PostingAsk<'q>,
) -> sqlx::query::QueryAs<'q, DB, O, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    i64: Encode<'q, DB> + Type<DB>,
    &'q str: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(ask.author_id)
        .bind(body_hash(ask.body))
        .bind(ask.repeats_since.millis())
        .bind(ask.body.as_str())
        .bind(ask.trust_needed.max(0))
        .bind(ask.recent.millis())
        .bind(ask.most_recent.max(1) - 1)
}

/// What [`posting_columns`] reads: no author status for no such user.
#[derive(FromRow)]
struct PostingRow {
    author_status: Option<String>,
    author_suspended_until: Option<i64>,
    approved: i64,
    refused: i64,
    repeated: bool,
    last_at: Option<i64>,
    filled_at: Option<i64>,
    webhooks: bool,
}

impl PostingRow {
    fn record(self) -> Option<PostingRecord> {
        Some(PostingRecord {
            author: author_record(&self.author_status?, self.author_suspended_until, self.approved, self.refused),
            repeated: self.repeated,
            last: self.last_at.map(Timestamp::from_millis),
            recent_filled_at: self.filled_at.map(Timestamp::from_millis),
            webhooks: self.webhooks,
        })
    }
}

#[derive(FromRow)]
struct ArticlePostingRow {
    #[sqlx(flatten)]
    article: SummaryRow,
    #[sqlx(flatten)]
    posting: PostingRow,
}

/// What [`Store::posting_record`] asks about an author.
#[derive(Debug, Clone, Copy)]
pub struct PostingAsk<'a> {
    pub author_id: i64,
    pub body: &'a CommentBody,
    /// Their comments with the same text since then are repeats.
    pub repeats_since: Timestamp,
    /// The trust the moderation policy asks for: approvals beyond it (and
    /// beyond what the author's refusals take away) are not counted.
    pub trust_needed: i64,
    /// The start of the stretch a pace limit counts (a minute ago)…
    pub recent: Timestamp,
    /// …and how many comments fill it.
    pub most_recent: i64,
}

/// What [`Store::posting_record`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostingRecord {
    pub author: AuthorRecord,
    /// They posted the same text since `repeats_since`.
    pub repeated: bool,
    /// When they last commented.
    pub last: Option<Timestamp>,
    /// When the earliest of their latest `most_recent` comments was made,
    /// if all those came after `recent`: the stretch is full until a
    /// minute after it.
    pub recent_filled_at: Option<Timestamp>,
    /// Some webhook endpoint is switched on: without one, nothing about
    /// the comment need be announced.
    pub webhooks: bool,
}

/// Ids a lookup of imported records asks for at once.
const IN_CHUNK: usize = 500;
/// Imported records written by one statement.
const RECORD_CHUNK: usize = 300;

/// The lookup of `count` imported records of one kind (`$1`) by their ids
/// (`$2`…): placeholders only, the values bound.
fn imported_in(count: usize) -> String {
    format!(
        "SELECT source_id, target_id FROM imported_records WHERE kind = $1 AND source_id IN ({})",
        placeholders(2, count)
    )
}

/// The first eight bytes of the text's SHA-256, as the index of an
/// author's texts keeps it (see migration 14).
fn body_hash(body: &CommentBody) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_str().as_bytes());
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// An author's record from the columns of `author_columns!`.
fn author_record(status: &str, until: Option<i64>, approved: i64, rejected: i64) -> AuthorRecord {
    AuthorRecord {
        standing: crate::accounts::standing_of(status, until),
        guest: false,
        approved,
        rejected,
        staff: false,
    }
}

/// `count` placeholders from `$first` on, separated by commas.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// Counts one more for `key` in `counts`.
fn add_one(counts: &mut Vec<(i64, i64)>, key: i64) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => counts.push((key, 1)),
    }
}

/// Takes `count` new comment ids, in order. PostgreSQL's come from the
/// id's sequence; SQLite's from the `comment_ids` counter, moved once for
/// the batch, so that no id is ever given twice, even after the newest
/// comment's row is gone.
async fn new_comment_ids<DB>(
    tx: &mut sqlx::Transaction<'_, DB>,
    backend: Backend,
    count: usize,
) -> Result<Vec<i64>, StoreError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Decode<'q, DB> + sqlx::Type<DB>,
    (i64,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    if count == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    match backend {
        Backend::Sqlite => {
            let first: i64 = sqlx::query_scalar("UPDATE comment_ids SET next_id = next_id + $1 RETURNING next_id - $1")
                .bind(count)
                .fetch_one(&mut **tx)
                .await?;
            Ok((first..first + count).collect())
        }
        Backend::Postgres => {
            let mut ids: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('comments', 'id')) FROM generate_series(1, $1)",
            )
            .bind(count)
            .fetch_all(&mut **tx)
            .await?;
            ids.sort_unstable();
            Ok(ids)
        }
    }
}

/// A batch took fewer ids than it writes comments: never, by
/// construction.
fn lost_id() -> StoreError {
    StoreError::Database(sqlx::Error::RowNotFound)
}

impl WritesComments for Store {
    fn write_comments(
        &self,
        comments: &[PendingComment],
    ) -> impl Future<Output = Result<Vec<CommentAdded>, StoreError>> + Send {
        self.write_comments_now(comments)
    }
}
