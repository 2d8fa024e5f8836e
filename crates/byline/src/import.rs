//! `byline import wordpress`: a WordPress export read twice as a stream,
//! first to check it whole (nothing is written from a broken file), then
//! to import it (posts, then each post's comments), with progress on
//! stderr and a summary at the end.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use byline_app::imports::ItemImport;
use byline_app::{App, SystemClock};
use byline_import::wordpress::{WxrEntry, WxrReader};

use crate::config::Settings;

/// Items between two progress lines when stderr is not a terminal.
const PROGRESS_EVERY: u64 = 500;

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
    attachments: Vec<String>,
}

/// Progress on stderr: one line redrawn on a terminal, plain lines now
/// and then otherwise.
struct Progress {
    total: u64,
    done: u64,
    started: Instant,
    terminal: bool,
}

impl Progress {
    fn step(&mut self) {
        self.done += 1;
        let rate = self.done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        let mut err = std::io::stderr();
        if self.terminal {
            let _ = write!(err, "\r{} of {} items ({rate:.0}/s)", self.done, self.total);
            if self.done == self.total {
                let _ = writeln!(err);
            }
        } else if self.done.is_multiple_of(PROGRESS_EVERY) || self.done == self.total {
            let _ = writeln!(err, "imported {} of {} items ({rate:.0}/s)", self.done, self.total);
        }
    }
}

pub async fn import_wordpress(settings: &Settings, file: &Path, dry_run: bool) -> anyhow::Result<()> {
    // First pass: the whole file must read; nothing is written otherwise.
    let mut check = reader(file)?;
    let mut items = 0_u64;
    while let Some(entry) = check.next_item().map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))? {
        if matches!(entry, WxrEntry::Item(_)) {
            items += 1;
        }
    }

    let store = crate::serve::open_store(settings).await?;
    let app_settings = byline_app::Settings { media: settings.media_settings(), ..byline_app::Settings::default() };
    let app = App::new(store.clone(), app_settings, Arc::new(SystemClock));
    let outcome = import_items(&app, file, dry_run, items).await;
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
    writeln!(out, "  attachments: {} (their files are not imported yet)", tally.attachments.len())?;
    for url in &tally.attachments {
        writeln!(out, "    {url}")?;
    }
    Ok(())
}

async fn import_items(app: &App, file: &Path, dry_run: bool, total: u64) -> anyhow::Result<Tally> {
    let mut entries = reader(file)?;
    let mut authors: HashMap<String, String> = HashMap::new();
    let mut tally = Tally::default();
    let mut progress = Progress { total, done: 0, started: Instant::now(), terminal: std::io::stderr().is_terminal() };
    while let Some(entry) = entries.next_item().map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))? {
        let item = match entry {
            WxrEntry::Author(author) => {
                let name = if author.display_name.trim().is_empty() { &author.login } else { &author.display_name };
                authors.insert(author.login.clone(), name.clone());
                continue;
            }
            WxrEntry::Category(_) | WxrEntry::Tag(_) => continue,
            WxrEntry::Item(item) => item,
        };
        if let Some(url) = item.attachment_url.as_ref().filter(|_| item.post_type == "attachment") {
            tally.attachments.push(url.clone());
        }
        let done = app
            .import_wordpress_item(&item, &authors, dry_run)
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
    Ok(tally)
}
