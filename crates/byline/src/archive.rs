//! `byline export`, `byline import byline`, `byline restore` and
//! `byline backup`: one archive format (see `byline_app::archive`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use byline_app::archive::{ExportOptions, Manifest};

use crate::config::Settings;

fn describe(manifest: &Manifest) -> String {
    let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
    let count = |name: &str| manifest.tables.iter().find(|t| t.name == name).map_or(0, |t| t.rows);
    format!(
        "{} articles, {} comments, {} accounts, {rows} rows in all, {} photo files",
        count("articles"),
        count("comments"),
        count("users"),
        manifest.media_files
    )
}

/// `byline export FILE [--no-private]`.
pub async fn export(settings: &Settings, file: &Path, no_private: bool) -> anyhow::Result<()> {
    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    let started = Instant::now();
    let written = app.export_site(file, ExportOptions { no_private }).await;
    store.close().await;
    let manifest = written.with_context(|| format!("exporting to {}", file.display()))?;
    println!(
        "exported to {} in {:.1} s: {}{}",
        file.display(),
        started.elapsed().as_secs_f64(),
        describe(&manifest),
        if no_private { " (without e-mail addresses, password hashes or unsubscribe links)" } else { "" }
    );
    for name in &manifest.media_missing {
        println!("  missing from the media folder: {name}");
    }
    Ok(())
}

/// `byline import byline FILE` and `byline restore FILE`: the archive into
/// this site's database, which must be empty.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    let started = Instant::now();
    let restored = app.restore_site(file).await;
    store.close().await;
    let restored = restored.with_context(|| format!("restoring {} (nothing was written)", file.display()))?;
    let Some(manifest) = restored.manifest else { anyhow::bail!("{}: no manifest", file.display()) };
    println!(
        "restored {} (taken {} from {}) in {:.1} s: {}",
        file.display(),
        manifest.created_at,
        manifest.backend,
        started.elapsed().as_secs_f64(),
        describe(&manifest)
    );
    if !manifest.private {
        println!("  this archive was made without private data: accounts must reset their passwords to sign in");
    }
    Ok(())
}

/// `byline backup [DIR]`: one backup now, while the site may be serving.
pub async fn backup(settings: &Settings, dir: Option<&Path>) -> anyhow::Result<()> {
    let dir = dir.map_or_else(|| PathBuf::from(&settings.config.backup.dir), Path::to_path_buf);
    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    let taken = crate::backups::take_backup(&app, &dir, settings.config.backup.keep).await;
    store.close().await;
    let (path, manifest) = taken?;
    println!("backed up to {}: {}", path.display(), describe(&manifest));
    Ok(())
}
