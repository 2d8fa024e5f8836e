//! `byline article publish`: Markdown files in, articles out.

use std::path::PathBuf;

use anyhow::Context;
use byline_core::Timestamp;
use byline_core::article_file::parse_article_file;
use byline_store::Upserted;

use crate::config::Settings;

/// Checks every file first and writes only if all are valid, so a mistake
/// in the third file leaves the first two unwritten too.
pub async fn publish_files(settings: &Settings, files: &[PathBuf]) -> anyhow::Result<()> {
    let mut articles = Vec::with_capacity(files.len());
    for path in files {
        let text = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
        let Ok(text) = String::from_utf8(text) else {
            anyhow::bail!("{}: the file is not valid UTF-8 text", path.display());
        };
        let article = parse_article_file(&text)
            .map_err(|err| anyhow::anyhow!("{}:{}: {}", path.display(), err.line, err_without_line(&err)))?;
        articles.push((path, article));
    }
    let store = crate::serve::open_store(settings).await?;
    let now = Timestamp::now();
    for (path, article) in &articles {
        let outcome = store.upsert_article(article, now).await.with_context(|| format!("{}: storing", path.display()));
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(err) => {
                store.close().await;
                return Err(err);
            }
        };
        let verb = match outcome {
            Upserted::Created(_) => "created",
            Upserted::Updated(_) => "updated",
        };
        println!("{verb} /articles/{} ({}) from {}", article.slug, article.status, path.display());
    }
    store.close().await;
    Ok(())
}

/// The error's text after its `line N: ` prefix, which the caller writes as
/// `FILE:N:` instead.
fn err_without_line(err: &byline_core::article_file::ArticleFileError) -> String {
    let text = err.to_string();
    text.split_once(": ").map_or(text.clone(), |(_, rest)| rest.to_owned())
}
