//! `byline article publish`: Markdown files in, articles out.

use std::path::{Path, PathBuf};

use anyhow::Context;
use byline_core::article_file::{ArticleFileError, parse_named_article_file};
use byline_core::resemblance::ArticleLikeness;
use byline_core::{ArticleInput, ArticleStatus, Timestamp};
use byline_store::{Store, Upserted};

use crate::config::Settings;

/// How many of the newest live articles a new one is compared with.
const COMPARED_WITH: u32 = 2_000;

/// Checks every file first and writes only if all are valid, so a mistake
/// in the third file leaves the first two unwritten too. A file that would
/// put a near-duplicate of a live story live under a new address is a
/// mistake too, unless `allow_duplicates`.
pub async fn publish_files(settings: &Settings, files: &[PathBuf], allow_duplicates: bool) -> anyhow::Result<()> {
    let mut articles: Vec<(&Path, ArticleInput)> = Vec::with_capacity(files.len());
    for path in files {
        let text = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
        let Ok(text) = String::from_utf8(text) else {
            anyhow::bail!("{}: the file is not valid UTF-8 text", path.display());
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let article = parse_named_article_file(&text, &name)
            .map_err(|err| anyhow::anyhow!("{}:{}: {}", path.display(), err.line, err_without_line(&err)))?;
        if let Some((other, _)) = articles.iter().find(|(_, a)| a.slug == article.slug) {
            anyhow::bail!(
                "{}: the slug `{}` is also {}'s: one article, one file",
                path.display(),
                article.slug,
                other.display()
            );
        }
        articles.push((path, article));
    }
    let store = crate::serve::open_store(settings).await?;
    let outcome = async {
        if !allow_duplicates {
            refuse_near_duplicates(&store, &articles).await?;
        }
        write(&store, &articles).await
    }
    .await;
    store.close().await;
    outcome
}

async fn write(store: &Store, articles: &[(&Path, ArticleInput)]) -> anyhow::Result<()> {
    let now = Timestamp::now();
    for (path, article) in articles {
        let outcome =
            store.upsert_article(article, now).await.with_context(|| format!("{}: storing", path.display()))?;
        let verb = match outcome {
            Upserted::Created(_) => "created",
            Upserted::Updated(_) => "updated",
        };
        println!("{verb} /articles/{} ({}) from {}", article.slug, article.status, path.display());
    }
    Ok(())
}

/// Refuses, before anything is written, a new live article (a slug not yet
/// stored, status published or scheduled) whose text repeats a live story,
/// stored or earlier in the same run, saying which and how to go on.
async fn refuse_near_duplicates(store: &Store, articles: &[(&Path, ArticleInput)]) -> anyhow::Result<()> {
    let mut live: Vec<(String, String, ArticleLikeness)> = Vec::new();
    let mut stored_read = false;
    for (path, article) in articles {
        if article.status == ArticleStatus::Draft || store.article_exists(&article.slug).await? {
            continue;
        }
        if !stored_read {
            stored_read = true;
            for text in store.live_article_texts(COMPARED_WITH).await? {
                let likeness = ArticleLikeness::of(&text.headline, &text.body_source);
                live.push((text.slug.to_string(), text.headline, likeness));
            }
        }
        let likeness = ArticleLikeness::of(&article.headline, &article.body_source);
        let repeated = live.iter().find_map(|(slug, headline, other)| {
            likeness.repeats(other).filter(|_| slug != article.slug.as_str()).map(|share| (slug, headline, share))
        });
        if let Some((slug, headline, share)) = repeated {
            anyhow::bail!(
                "{}: refused: its text is {:.0}% the same as /articles/{slug} (\"{headline}\"), which is live. \
                 To update that article, set `slug = \"{slug}\"` in the file; to publish both, \
                 pass --allow-duplicate",
                path.display(),
                (share * 100.0).floor(),
            );
        }
        live.push((article.slug.to_string(), article.headline.clone(), likeness));
    }
    Ok(())
}

/// The error's text after its `line N: ` prefix, which the caller writes as
/// `FILE:N:` instead.
fn err_without_line(err: &ArticleFileError) -> String {
    let text = err.to_string();
    text.split_once(": ").map_or(text.clone(), |(_, rest)| rest.to_owned())
}
