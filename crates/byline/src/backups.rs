//! The backups `serve` takes on its own every `backup.every`, and the
//! one `byline backup` takes: an archive named by the time, the oldest
//! beyond `backup.keep` removed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use byline_app::App;
use byline_app::archive::{ExportOptions, Manifest};
use byline_core::Timestamp;
use byline_store::Store;
use tokio::sync::watch;

use crate::config::Settings;

/// What a backup's file name begins with; the rest is its UTC time.
const BACKUP_PREFIX: &str = "byline-backup-";
const BACKUP_SUFFIX: &str = ".tar";

/// The file a backup taken at `at` is written to in `dir`.
fn backup_path(dir: &Path, at: Timestamp) -> PathBuf {
    let stamp: String = at.rfc3339().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    dir.join(format!("{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"))
}

/// Backups in `dir`, oldest first (their names sort by time).
fn backups_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(BACKUP_PREFIX) && n.ends_with(BACKUP_SUFFIX))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Removes all but the newest `keep` backups in `dir`; answers those removed.
fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let found = backups_in(dir)?;
    let surplus = found.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for old in found.into_iter().take(surplus) {
        std::fs::remove_file(&old)?;
        removed.push(old);
    }
    Ok(removed)
}

/// Takes one backup into `dir` and prunes the oldest beyond `keep`.
pub(crate) async fn take_backup(app: &App, dir: &Path, keep: usize) -> anyhow::Result<(PathBuf, Manifest)> {
    let path = backup_path(dir, app.now());
    let manifest = app
        .export_site(&path, ExportOptions::default())
        .await
        .with_context(|| format!("backing up to {}", path.display()))?;
    prune(dir, keep).with_context(|| format!("removing old backups in {}", dir.display()))?;
    Ok((path, manifest))
}

/// What the backups' runs are claimed as.
const BACKUP_JOB: &str = "backup";

/// How long from `now` until the next multiple of `every` since the epoch:
/// every node of a site wakes at the same moments.
fn until_next_slot(now: Timestamp, every: Duration) -> Duration {
    let every_ms = i64::try_from(every.as_millis()).unwrap_or(i64::MAX).max(1);
    let left = every_ms - now.millis().rem_euclid(every_ms);
    Duration::from_millis(u64::try_from(left).unwrap_or(0).max(1))
}

/// The slot a wake-up at `now` begins: the nearest multiple of `every`,
/// so a timer a little early or late still names the same one.
fn slot_at(now: Timestamp, every: Duration) -> i64 {
    let every_ms = i64::try_from(every.as_millis()).unwrap_or(i64::MAX).max(1);
    (now.millis() + every_ms / 2).div_euclid(every_ms)
}

/// Takes a backup every `every` until `stopped` turns true, keeping the
/// newest `keep`. A failed backup is logged and tried again next time.
/// The backups fall on multiples of `every`, and each is taken by one
/// node of those sharing the database: the one whose claim lands.
pub async fn run_backups(settings: Settings, store: Store, every: Duration, mut stopped: watch::Receiver<bool>) {
    let app = settings.command_app(store);
    let dir = PathBuf::from(&settings.config.backup.dir);
    let keep = settings.config.backup.keep;
    loop {
        tokio::select! {
            () = tokio::time::sleep(until_next_slot(app.now(), every)) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        let now = app.now();
        match app.store.claim_scheduled_run(BACKUP_JOB, slot_at(now, every), now).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!("another node takes this backup");
                continue;
            }
            Err(err) => {
                tracing::error!(error = %err, "backup not taken: cannot claim it");
                continue;
            }
        }
        let started = Instant::now();
        match take_backup(&app, &dir, keep).await {
            Ok((path, manifest)) => tracing::info!(
                file = %path.display(),
                comments = manifest.tables.iter().find(|t| t.name == "comments").map_or(0, |t| t.rows),
                seconds = started.elapsed().as_secs_f64(),
                "backup taken"
            ),
            Err(err) => tracing::error!(error = format!("{err:#}"), "backup failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_wakes_for_the_same_backup_slots() {
        let every = Duration::from_secs(3600);
        let at = |minute: &str| Timestamp::parse_minute(&format!("2026-12-07T{minute}")).unwrap();
        assert_eq!(until_next_slot(at("01:15"), every), Duration::from_secs(45 * 60));
        assert_eq!(until_next_slot(at("02:00"), every), every);
        // Woken a little early or late, a node names the slot begun at 02:00.
        let two = slot_at(at("02:00"), every);
        assert_eq!(slot_at(Timestamp::from_millis(at("02:00").millis() - 40), every), two);
        assert_eq!(slot_at(Timestamp::from_millis(at("02:00").millis() + 900), every), two);
        assert_eq!(slot_at(at("03:00"), every), two + 1);
    }

    #[test]
    fn backups_are_named_by_their_time_and_the_oldest_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let at = Timestamp::parse_minute("2026-12-07T01:15").unwrap();
        let path = backup_path(dir.path(), at);
        assert_eq!(path.file_name().unwrap(), "byline-backup-20261207T011500Z.tar");
        for minute in ["01:15", "02:15", "03:15", "04:15"] {
            let at = Timestamp::parse_minute(&format!("2026-12-07T{minute}")).unwrap();
            std::fs::write(backup_path(dir.path(), at), b"x").unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), b"kept").unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        let names = |paths: Vec<PathBuf>| -> Vec<String> {
            paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
        };
        assert_eq!(names(removed), ["byline-backup-20261207T011500Z.tar", "byline-backup-20261207T021500Z.tar"]);
        assert_eq!(
            names(backups_in(dir.path()).unwrap()),
            ["byline-backup-20261207T031500Z.tar", "byline-backup-20261207T041500Z.tar"]
        );
        assert!(dir.path().join("notes.txt").exists());
    }
}
