//! Search over published stories: the database's own full-text index on
//! both backends (SQLite's FTS5 table, PostgreSQL's table of `tsvector`s
//! with a GIN index, each kept by triggers), over words kept in
//! [`search_form`], ranked with the headline's words above the body's.
//!
//! The index lives in the database, so every node sharing it finds the
//! same stories the moment one saves them; and a search only ever returns
//! stories readers may see at that moment (the visibility every list
//! uses), so a scheduled, withdrawn or draft story is never found, whatever
//! the index holds.

use byline_core::text::{html_text, search_form};
use byline_core::{ArticleInput, Timestamp};
use sqlx::FromRow;

use crate::articles::{SummaryRow, listed, summary_columns};
use crate::backend::{Backend, on_pool};
use crate::{ArticleSummary, Store, StoreError};

/// Most words of a search taken into account.
pub const MOST_SEARCH_WORDS: usize = 12;

/// What a reader searches for, and where.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery<'a> {
    /// The words as typed.
    pub words: &'a str,
    /// Only stories in this section (its slug).
    pub section: Option<&'a str>,
    /// Only stories published at or after this moment.
    pub from: Option<Timestamp>,
    /// Only stories published before this moment.
    pub until: Option<Timestamp>,
    pub limit: u32,
    pub offset: u32,
}

/// One story found, with its rendered body for the snippet.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub summary: ArticleSummary,
    pub body_html: String,
}

/// A page of stories found, best first.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// Whether more stories match past this page.
    pub more: bool,
}

/// The words of a search in the index's form, at most
/// [`MOST_SEARCH_WORDS`], each once.
pub fn search_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in search_form(text).split(' ').filter(|w| !w.is_empty()) {
        if !words.iter().any(|w| w == word) && words.len() < MOST_SEARCH_WORDS {
            words.push(word.to_owned());
        }
    }
    words
}

/// The words a story is found by: its kicker, headline and standfirst, and
/// its body as readers read it (the rendered text, not the Markdown's
/// link addresses).
pub(crate) fn story_words(input: &ArticleInput) -> (String, String) {
    words_of(input.kicker.as_deref(), &input.headline, &input.standfirst, input.body_html.as_str())
}

fn words_of(kicker: Option<&str>, headline: &str, standfirst: &str, body_html: &str) -> (String, String) {
    let title = format!("{} {headline} {standfirst}", kicker.unwrap_or_default());
    (search_form(&title), search_form(&html_text(body_html)))
}

#[derive(FromRow)]
struct HitRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body_html: String,
}

/// The filters both backends share: visible and listed at `$1`, in section
/// `$3` (or any, for `''`), published in [`$4`, `$5`).
macro_rules! filters {
    () => {
        concat!(listed!(), "AND ($3 = '' OR s.slug = $3) AND a.published_at >= $4 AND a.published_at < $5 ")
    };
}

/// Most matching stories ranked for one search: a word in thousands of
/// stories ranks the newest this many (each of them, on PostgreSQL, a
/// stored document read), so a search costs the same however common its
/// words. Rarer words rank every match.
pub const MOST_RANKED: i64 = 1_000;

/// The ids of a page of matches, best first, carrying nothing else through
/// the sort: the newest [`MOST_RANKED`] matches, ranked.
const SQLITE_RANKED: &str = concat!(
    "SELECT c.id FROM (SELECT a.id, a.published_at, f.score FROM \
       (SELECT rowid AS id, bm25(article_search, 4.0, 1.0) AS score FROM article_search \
        WHERE article_search MATCH $2) f \
     JOIN articles a ON a.id = f.id JOIN sections s ON s.id = a.section_id WHERE ",
    filters!(),
    "ORDER BY a.published_at DESC, a.id DESC LIMIT $8) c \
     ORDER BY c.score, c.published_at DESC, c.id DESC LIMIT $6 OFFSET $7"
);

const PG_RANKED: &str = concat!(
    "SELECT c.id FROM (SELECT a.id, a.published_at, f.document FROM article_search f \
       JOIN articles a ON a.id = f.article_id JOIN sections s ON s.id = a.section_id \
       WHERE f.document @@ plainto_tsquery('simple', $2) AND ",
    filters!(),
    "ORDER BY a.published_at DESC, a.id DESC LIMIT $8) c \
     ORDER BY ts_rank_cd('{0.1, 0.1, 0.1, 1.0}', c.document, plainto_tsquery('simple', $2)) DESC, \
       c.published_at DESC, c.id DESC LIMIT $6 OFFSET $7"
);

/// The stories of a page of matches, by id (a JSON list), in any order.
const SQLITE_HITS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    ", a.body_html FROM articles a JOIN sections s ON s.id = a.section_id \
     WHERE a.id IN (SELECT value FROM json_each($1))"
);

const PG_HITS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    ", a.body_html FROM articles a JOIN sections s ON s.id = a.section_id \
     WHERE a.id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))"
);

impl Store {
    /// The visible stories at `now` that hold every word of `query`, best
    /// first; nothing for a search without words. Weights: a headline's
    /// word counts four of the body's on SQLite (bm25, which also discounts
    /// repeats), ten on PostgreSQL (`ts_rank_cd`'s weights D, C, B, A).
    pub async fn search_articles(&self, query: &SearchQuery<'_>, now: Timestamp) -> Result<SearchResults, StoreError> {
        let words = search_words(query.words);
        if words.is_empty() || query.limit == 0 {
            return Ok(SearchResults::default());
        }
        let section = query.section.unwrap_or_default();
        let from = query.from.map_or(i64::MIN, Timestamp::millis);
        let until = query.until.map_or(i64::MAX, Timestamp::millis);
        let limit = i64::from(query.limit) + 1;
        let offset = i64::from(query.offset);
        // Every word must be there. SQLite's words go quoted, so none is
        // read as an operator; PostgreSQL's plainto_tsquery reads plain text.
        let (ranked, hits, expression) = match self.backend() {
            Backend::Sqlite => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
                (SQLITE_RANKED, SQLITE_HITS, quoted.join(" "))
            }
            Backend::Postgres => (PG_RANKED, PG_HITS, words.join(" ")),
        };
        // First the ids, best first; then only their stories, bodies and all.
        let ids: Vec<i64> = on_pool!(self, read, |pool| {
            sqlx::query_scalar(ranked)
                .bind(now.millis())
                .bind(&expression)
                .bind(section)
                .bind(from)
                .bind(until)
                .bind(limit)
                .bind(offset)
                .bind(MOST_RANKED)
                .fetch_all(pool)
                .await?
        });
        let more = ids.len() > query.limit as usize;
        let ids: Vec<i64> = ids.into_iter().take(query.limit as usize).collect();
        if ids.is_empty() {
            return Ok(SearchResults { hits: Vec::new(), more });
        }
        let list = serde_json::Value::from(ids.clone()).to_string();
        let mut rows: Vec<HitRow> =
            on_pool!(self, read, |pool| sqlx::query_as(hits).bind(&list).fetch_all(pool).await?);
        // Back in the order of rank; a story gone between the two reads is
        // left out.
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.summary.id));
        let hits = rows
            .into_iter()
            .map(|row| Ok(SearchHit { summary: row.summary.try_into()?, body_html: row.body_html }))
            .collect::<Result<_, StoreError>>()?;
        Ok(SearchResults { hits, more })
    }

    /// Gives stories saved before search their words; safe to run on
    /// every start.
    pub(crate) async fn index_stories(&self) -> Result<(), StoreError> {
        type Unindexed = (i64, Option<String>, String, String, String);
        let unindexed: Vec<Unindexed> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "SELECT id, kicker, headline, standfirst, body_html FROM articles \
                 WHERE external_key IS NULL AND search_title = ''",
            )
            .fetch_all(pool)
            .await?
        });
        for (id, kicker, headline, standfirst, body_html) in unindexed {
            let (title, body) = words_of(kicker.as_deref(), &headline, &standfirst, &body_html);
            // Only if no save gave it its words meanwhile (another node's).
            on_pool!(self, write, |pool| {
                sqlx::query(
                    "UPDATE articles SET search_title = $2, search_body = $3 WHERE id = $1 AND search_title = ''",
                )
                .bind(id)
                .bind(&title)
                .bind(&body)
                .execute(pool)
                .await?;
            });
        }
        Ok(())
    }
}
