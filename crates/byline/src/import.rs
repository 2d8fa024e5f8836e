//! `byline import wordpress`: a WordPress export read twice as a stream,
//! first to check it whole (nothing is written from a broken file) and
//! note its attachments, then to import it (its authors, then each post
//! and its comments; with `--uploads`, the attachments' photographs
//! before the posts), with progress on stderr and a summary at the end.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use anyhow::Context;
use byline_app::App;
use byline_app::imports::{
    AttachmentImport, AuthorImport, ItemImport, WordPressAttachment, WordPressAuthors, WordPressMedia,
};
use byline_import::wordpress::{WxrEntry, WxrReader};

use crate::config::Settings;
use crate::progress::Progress;

fn reader(file: &Path) -> anyhow::Result<WxrReader<BufReader<File>>> {
    let opened = File::open(file).with_context(|| format!("{}: cannot read the file", file.display()))?;
    Ok(WxrReader::new(BufReader::with_capacity(64 * 1024, opened)))
}

/// What a run did, for its summary.
#[derive(Default)]
struct Tally {
    created: u64,
    would_create: u64,
    present: u64,
    /// Why items were skipped, with how many each.
    skipped: BTreeMap<String, u64>,
    comments_created: u64,
    comments_present: u64,
    /// Why comments were skipped, with how many each.
    comments_skipped: BTreeMap<String, u64>,
    attachments_created: u64,
    attachments_present: u64,
    /// Why attachments were not imported, with their addresses.
    attachments_skipped: BTreeMap<String, Vec<String>>,
    accounts_created: u64,
    accounts_present: u64,
    accounts_linked: u64,
    /// Why authors got no account, with how many each.
    accounts_skipped: BTreeMap<String, u64>,
    bylines_linked: u64,
}

pub async fn import_wordpress(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
    uploads: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(dir) = uploads
        && !dir.is_dir()
    {
        anyhow::bail!("--uploads: {} is not a folder", dir.display());
    }
    // First pass: the whole file must read; nothing is written otherwise.
    // It notes the attachments, which may come before or after the posts
    // that show them.
    let mut check = reader(file)?;
    let mut items = 0_u64;
    let mut attachments = Vec::new();
    while let Some(entry) = check.next_item().map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))? {
        if let WxrEntry::Item(item) = entry {
            items += 1;
            attachments.extend(WordPressAttachment::of(&item));
        }
    }

    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    let outcome = import_items(&app, file, dry_run, items, uploads, &attachments).await;
    store.close().await;
    let tally = outcome?;

    let mut out = std::io::stdout().lock();
    let what = if dry_run { "would be created" } else { "created" };
    writeln!(
        out,
        "WordPress import of {}{}",
        file.display(),
        if dry_run { " (dry run: nothing written)" } else { "" }
    )?;
    writeln!(
        out,
        "  author accounts: {} {what}, {} already present, {} linked to an account with their address",
        tally.accounts_created, tally.accounts_present, tally.accounts_linked
    )?;
    for (why, count) in &tally.accounts_skipped {
        writeln!(out, "    {count} × {why}")?;
    }
    if tally.bylines_linked > 0 {
        writeln!(out, "  author pages linked to their accounts: {}", tally.bylines_linked)?;
    }
    writeln!(out, "  posts: {} {what}, {} already present", tally.created + tally.would_create, tally.present)?;
    let skipped: u64 = tally.skipped.values().sum();
    writeln!(out, "  skipped: {skipped}")?;
    for (why, count) in &tally.skipped {
        writeln!(out, "    {count} × {why}")?;
    }
    writeln!(out, "  comments: {} {what}, {} already present", tally.comments_created, tally.comments_present)?;
    let skipped: u64 = tally.comments_skipped.values().sum();
    writeln!(out, "  comments skipped: {skipped}")?;
    for (why, count) in &tally.comments_skipped {
        writeln!(out, "    {count} × {why}")?;
    }
    if uploads.is_some() {
        writeln!(
            out,
            "  attachments: {} {what}, {} already present",
            tally.attachments_created, tally.attachments_present
        )?;
        let skipped: usize = tally.attachments_skipped.values().map(Vec::len).sum();
        writeln!(out, "  attachments skipped: {skipped}")?;
        for (why, urls) in &tally.attachments_skipped {
            writeln!(out, "    {} × {why}", urls.len())?;
            for url in urls {
                writeln!(out, "      {url}")?;
            }
        }
    } else {
        writeln!(
            out,
            "  attachments: {} (not imported: give --uploads with a copy of wp-content/uploads)",
            attachments.len()
        )?;
        for attachment in &attachments {
            writeln!(out, "    {}", attachment.url)?;
        }
    }
    Ok(())
}

async fn import_items(
    app: &App,
    file: &Path,
    dry_run: bool,
    total: u64,
    uploads: Option<&Path>,
    attachments: &[WordPressAttachment],
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    // The photographs first, so that every post finds those it shows.
    let mut media = WordPressMedia::default();
    if let Some(dir) = uploads {
        for attachment in attachments {
            let read = async || {
                let path = dir.join(attachment.upload_path.as_deref()?);
                tokio::fs::read(path).await.ok()
            };
            let done = app
                .import_wordpress_attachment(attachment, read, &mut media, dry_run)
                .await
                .with_context(|| format!("importing attachment {}", attachment.url))?;
            match done {
                AttachmentImport::Created(_) | AttachmentImport::WouldCreate => tally.attachments_created += 1,
                AttachmentImport::Present(_) => tally.attachments_present += 1,
                AttachmentImport::Skipped(why) => {
                    tally.attachments_skipped.entry(why).or_default().push(attachment.url.clone());
                }
            }
        }
    }
    let mut entries = reader(file)?;
    let mut authors = WordPressAuthors::default();
    let mut progress = Progress::new(total, "items", "imported");
    while let Some(entry) = entries.next_item().map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))? {
        let item = match entry {
            WxrEntry::Author(author) => {
                let done = app
                    .import_wordpress_author(&author, &mut authors, dry_run)
                    .await
                    .with_context(|| format!("importing author {}", author.login))?;
                match done {
                    AuthorImport::Created(_) | AuthorImport::WouldCreate => tally.accounts_created += 1,
                    AuthorImport::Present(_) => tally.accounts_present += 1,
                    AuthorImport::Linked(_) => tally.accounts_linked += 1,
                    AuthorImport::Skipped(why) => *tally.accounts_skipped.entry(why).or_default() += 1,
                }
                continue;
            }
            WxrEntry::Category(_) | WxrEntry::Tag(_) => continue,
            WxrEntry::Item(item) => item,
        };
        let done = app
            .import_wordpress_item(&item, &authors, &media, dry_run)
            .await
            .with_context(|| format!("importing post {} ({})", item.post_id, item.title))?;
        match done.post {
            ItemImport::Created(_) => tally.created += 1,
            ItemImport::WouldCreate => tally.would_create += 1,
            ItemImport::Present => tally.present += 1,
            ItemImport::Skipped(why) => *tally.skipped.entry(why).or_default() += 1,
        }
        tally.comments_created += done.comments.created;
        tally.comments_present += done.comments.present;
        for why in done.comments.skipped {
            *tally.comments_skipped.entry(why).or_default() += 1;
        }
        progress.step();
    }
    if !dry_run {
        tally.bylines_linked = app.link_wordpress_bylines(&authors).await.context("linking bylines to accounts")?;
    }
    Ok(tally)
}
