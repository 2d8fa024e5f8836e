//! Demo content written for Byline: fourteen articles across three
//! sections, two in Urdu and one in Arabic, embedded in the binary.

use anyhow::Context;
use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::Store;
use include_dir::{Dir, include_dir};

static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/demo");

/// How far back each demo article is dated, newest first, so the front
/// page, the news sitemap (48 hours) and older pages all have something.
const HOURS_AGO: &[i64] = &[1, 3, 6, 10, 20, 30, 44, 60, 80, 110, 150, 200, 260, 330];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub created: usize,
    pub present: usize,
}

/// The embedded demo files, in order: `(name, text)`.
pub fn files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = DEMO
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "md"))
        .filter_map(|f| Some((f.path().to_str()?, f.contents_utf8()?)))
        .collect();
    files.sort_unstable();
    files
}

/// Creates every demo article that is not there yet; leaves the others
/// untouched, so running it twice changes nothing.
pub async fn load(store: &Store) -> anyhow::Result<Loaded> {
    let now = Timestamp::now();
    let mut loaded = Loaded::default();
    for (index, (name, text)) in files().into_iter().enumerate() {
        let mut article = parse_article_file(text).map_err(|err| anyhow::anyhow!("demo/{name}:{err}"))?;
        if store.article_exists(&article.slug).await? {
            loaded.present += 1;
            continue;
        }
        let hours = HOURS_AGO.get(index).copied().unwrap_or(24 * 30);
        let published_at = now.plus_hours(-hours);
        article.published_at = Some(published_at);
        // Written when published, so the demo shows no "Updated" line.
        store.upsert_article(&article, published_at).await.with_context(|| format!("storing demo/{name}"))?;
        loaded.created += 1;
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use byline_core::{ArticleStatus, Direction};

    use super::*;

    #[test]
    fn demo_content_meets_its_brief() {
        let articles: Vec<_> = files()
            .into_iter()
            .map(|(name, text)| parse_article_file(text).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        assert!(articles.len() >= 12);
        let sections: HashSet<_> = articles.iter().map(|a| a.section.slug.clone()).collect();
        assert!(sections.len() >= 3);
        let rtl = articles.iter().filter(|a| a.language.direction() == Direction::Rtl).count();
        assert!(rtl >= 2);
        for article in &articles {
            let html = article.body_html.as_str();
            assert_eq!(article.status, ArticleStatus::Published, "{}", article.slug);
            assert!(html.contains("<h2>"), "{} has no subheads", article.slug);
            assert!(html.contains("<aside class=\"pull-quote\">"), "{} has no pull quote", article.slug);
            assert!(html.contains("<figure class=\"quote\">"), "{} has no attributed quote", article.slug);
        }
        assert!(articles.iter().any(|a| a.featured_rank.is_some()));
    }
}
