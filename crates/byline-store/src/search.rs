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

const SQLITE_SEARCH: &str = concat!(
    "SELECT ",
    summary_columns!(),
    ", a.body_html FROM article_search f JOIN articles a ON a.id = f.rowid \
     JOIN sections s ON s.id = a.section_id \
     WHERE article_search MATCH $2 AND ",
    filters!(),
    "ORDER BY bm25(article_search, 4.0, 1.0), a.published_at DESC, a.id DESC LIMIT $6 OFFSET $7"
);

const PG_SEARCH: &str = concat!(
    "SELECT ",
    summary_columns!(),
    ", a.body_html FROM article_search f JOIN articles a ON a.id = f.article_id \
     JOIN sections s ON s.id = a.section_id, plainto_tsquery('simple', $2) q \
     WHERE f.document @@ q AND ",
    filters!(),
    // Weights D, C, B, A: a headline's word counts ten of the body's, as
    // SQLite's bm25 weights above count it four (bm25 also discounts repeats).
    "ORDER BY ts_rank_cd('{0.1, 0.1, 0.1, 1.0}', f.document, q) DESC, a.published_at DESC, a.id DESC \
     LIMIT $6 OFFSET $7"
);

impl Store {
    /// The visible stories at `now` that hold every word of `query`, best
    /// first; nothing for a search without words.
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
        let (sql, expression) = match self.backend() {
            Backend::Sqlite => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
                (SQLITE_SEARCH, quoted.join(" "))
            }
            Backend::Postgres => (PG_SEARCH, words.join(" ")),
        };
        let rows: Vec<HitRow> = on_pool!(self, read, |pool| {
            sqlx::query_as(sql)
                .bind(now.millis())
                .bind(&expression)
                .bind(section)
                .bind(from)
                .bind(until)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?
        });
        let more = rows.len() > query.limit as usize;
        let hits = rows
            .into_iter()
            .take(query.limit as usize)
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
