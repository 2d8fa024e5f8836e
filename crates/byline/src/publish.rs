//! `byline article publish`: Markdown files in, articles out.

use std::path::PathBuf;

use anyhow::Context;
use byline_app::Refusal;
use byline_core::ArticleInput;
use byline_core::article_file::{ArticleFileError, read_article_file};
use byline_store::{Editor, Upserted};

use crate::config::Settings;

/// Checks every file first and writes only if all are valid, so a mistake
/// in the third file leaves the first two unwritten too; the publishing
/// use case refuses a run with one slug twice, or a near-duplicate of a
/// live story under a new address unless `allow_duplicates`. The lead
/// photographs the files name go into the media library first (a file
/// that is not a photograph we take stops the run before any article is
/// written); a run refused after that leaves them there, unused, and the
/// same file sent again is the same photograph.
pub async fn publish_files(settings: &Settings, files: &[PathBuf], allow_duplicates: bool) -> anyhow::Result<()> {
    let mut articles: Vec<ArticleInput> = Vec::with_capacity(files.len());
    // Each article's lead photograph, read with the files: (article, path, words).
    let mut photos = Vec::new();
    for path in files {
        let text = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
        let Ok(text) = String::from_utf8(text) else {
            anyhow::bail!("{}: the file is not valid UTF-8 text", path.display());
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = read_article_file(&text, Some(&name))
            .map_err(|err| anyhow::anyhow!("{}:{}: {}", path.display(), err.line, err_without_line(&err)))?;
        if let Some(lead) = file.lead_image {
            let beside = path.parent().unwrap_or_else(|| std::path::Path::new(".")).join(&lead.file);
            let bytes = std::fs::read(&beside)
                .with_context(|| format!("{}: cannot read its lead image {}", path.display(), beside.display()))?;
            photos.push((articles.len(), beside, bytes, lead.text));
        }
        articles.push(file.input);
    }
    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    // Photographs first, so the articles can name them; one that is not a
    // photograph we take stops the run before any article is written.
    for (index, path, bytes, text) in photos {
        match app.add_photo(bytes, &text, Editor { id: None, name: "" }).await {
            Ok(photo) => {
                // The same photograph sent again: the file's words are the
                // ones it is known by now.
                if photo.existing {
                    store.set_media_text(photo.id, &text).await?;
                }
                articles[index].lead_image = Some(photo.id);
            }
            Err(err) => {
                store.close().await;
                anyhow::bail!("{}: {err}", path.display());
            }
        }
    }
    let outcome = app.publish_articles(&articles, allow_duplicates).await;
    store.close().await;
    let written = outcome.map_err(|err| refused(files, err))?;
    for ((path, article), outcome) in files.iter().zip(&articles).zip(&written) {
        let verb = match outcome {
            Upserted::Created(_) => "created",
            Upserted::Updated(_) => "updated",
        };
        println!("{verb} /articles/{} ({}) from {}", article.slug, article.status, path.display());
    }
    let ids = written.iter().map(|outcome| outcome.id());
    purge_cache_in_front(settings, ids.zip(&articles)).await
}

/// Has the cache in front drop the pages that show the stories written:
/// their own, their sections' and the front page, as the desk does. The
/// nodes that serve the site did not see this run, so it sends the purges
/// itself; a purge that fails is logged, and the page stays until its
/// `s-maxage` runs out.
async fn purge_cache_in_front<'a>(
    settings: &Settings,
    written: impl Iterator<Item = (i64, &'a ArticleInput)>,
) -> anyhow::Result<()> {
    let Some(purger) = crate::cache_purges::Purger::new(&settings.config.cache, &settings.site.base_url)? else {
        return Ok(());
    };
    let (sender, queue) = tokio::sync::mpsc::unbounded_channel();
    let front = byline_web::CacheFront { s_maxage: settings.config.cache.s_maxage_secs, purges: Some(sender) };
    for (id, article) in written {
        front.purge_story(id, article.slug.as_str(), article.section.slug.as_str());
    }
    // The purger ends once it has sent everything asked for.
    drop(front);
    let (_running, stop) = tokio::sync::watch::channel(false);
    purger.run(queue, stop).await;
    Ok(())
}

/// A refused run, in the command line's words: which file, and what to do.
fn refused(files: &[PathBuf], err: byline_app::Error) -> anyhow::Error {
    let name = |index: usize| files.get(index).map_or_else(String::new, |p| p.display().to_string());
    match err {
        byline_app::Error::Refused(Refusal::SlugTwice { index, earlier, slug }) => {
            anyhow::anyhow!("{}: the slug `{slug}` is also {}'s: one article, one file", name(index), name(earlier))
        }
        byline_app::Error::Refused(Refusal::SlugRetired { index, slug, now_at }) => anyhow::anyhow!(
            "{}: the address /articles/{slug} was a story's before it moved to /articles/{now_at}, and leads \
             there for good: to update that story, set `slug = \"{now_at}\"`; for a new one, choose another slug",
            name(index),
        ),
        byline_app::Error::Refused(Refusal::NearDuplicate { index, slug, headline, percent }) => anyhow::anyhow!(
            "{}: refused: its text is {percent}% the same as /articles/{slug} (\"{headline}\"), which is live. \
             To update that article, set `slug = \"{slug}\"` in the file; to publish both, pass --allow-duplicate",
            name(index),
        ),
        other => anyhow::Error::new(other).context("storing the articles"),
    }
}

/// The error's text after its `line N: ` prefix, which the caller writes as
/// `FILE:N:` instead.
fn err_without_line(err: &ArticleFileError) -> String {
    let text = err.to_string();
    text.split_once(": ").map_or(text.clone(), |(_, rest)| rest.to_owned())
}
