//! A site in one file and back: `byline export`, `byline import byline`,
//! backups and restores all write and read the same archive.
//!
//! An archive is a tar file (format documented in `docs/archive.md`):
//!
//! - `manifest.json` first: the format's name and version, the schema
//!   version of the database it came from, when it was made, whether it
//!   is private, the next comment id, and every table with its columns,
//!   file and row count (the archive's schema);
//! - `tables/NN-NAME.jsonl`: one row per line, a JSON object keyed by
//!   column, in the order a restore writes them;
//! - `media/NAME`: every file the media library's rows name.
//!
//! An export reads the database in one snapshot while the site serves,
//! so an archive is consistent: every comment acknowledged before it
//! began is in it. A restore writes into an empty database in one
//! transaction: a broken or truncated archive leaves nothing written
//! (photo files it brought stay in the media folder, named by their
//! content, where nothing points at them).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use byline_core::Timestamp;
use byline_store::{ArchivePart, RestoreError, StoreError};
use serde::{Deserialize, Serialize};

use crate::App;

/// What an archive's manifest calls its format.
pub const ARCHIVE_FORMAT: &str = "byline-archive";
/// The version of the archive format this build writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
/// Rows written to the database in one statement during a restore.
const RESTORE_BATCH: usize = 500;

/// The first entry of every archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The newest database migration of the site it came from.
    pub schema_version: i64,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// `sqlite` or `postgres`: where it came from (it restores into either).
    pub backend: String,
    /// True when e-mail addresses, password hashes and unsubscribe links
    /// are in it; false for an export made with `--no-private`.
    pub private: bool,
    pub next_comment_id: i64,
    pub tables: Vec<ManifestTable>,
    /// Photo files in `media/`.
    pub media_files: u64,
    /// Files the library names that were not in the media folder.
    #[serde(default)]
    pub media_missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestTable {
    pub name: String,
    /// Its entry in the archive.
    pub file: String,
    pub columns: Vec<String>,
    pub rows: u64,
}

/// What to leave out of an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Leave out e-mail addresses (each account's becomes
    /// `account-ID@removed.invalid`), password hashes, guests' contact
    /// details and unsubscribe links.
    pub no_private: bool,
}

/// Why an export or a restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {source}")]
    File { path: PathBuf, source: std::io::Error },
    #[error("{entry}: {message}")]
    Format { entry: String, message: String },
    #[error(transparent)]
    Restore(#[from] RestoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a restore brought in, for its summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Option<Manifest>,
    pub rows: u64,
    pub media_files: u64,
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::File { path: path.to_owned(), source }
}

fn format_error(entry: &str, message: impl Into<String>) -> ArchiveError {
    ArchiveError::Format { entry: entry.to_owned(), message: message.into() }
}

/// The columns `--no-private` blanks, by table, and what each becomes.
fn make_public(table: &str, row: &mut serde_json::Map<String, serde_json::Value>) {
    use serde_json::Value;
    match table {
        "users" => {
            let id = row.get("id").and_then(Value::as_i64).unwrap_or_default();
            let placeholder = format!("account-{id}@removed.invalid");
            row.insert("email".into(), Value::String(placeholder.clone()));
            row.insert("email_key".into(), Value::String(placeholder));
            row.insert("password_hash".into(), Value::Null);
        }
        "comments" => {
            for column in ["guest_email", "guest_url"] {
                if row.contains_key(column) {
                    row.insert(column.into(), Value::Null);
                }
            }
        }
        _ => {}
    }
}

/// Makes a story's or a comment's HTML again from its text, through the
/// same renderer and sanitiser as when it was written: an archive is a file
/// from outside, and its HTML is never taken on trust.
fn render_again(table: &str, row: &mut serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    use byline_core::comments::{CommentBody, CommentLimits, render_comment};
    let body = row.get("body_source").and_then(serde_json::Value::as_str).ok_or("no body_source")?;
    let html = match table {
        "articles" => byline_core::render::render_article(body).map_err(|err| err.to_string())?.as_str().to_owned(),
        _ => {
            // Stored comments may be longer than today's limit allows.
            let limits = CommentLimits { max_chars: usize::MAX, ..CommentLimits::default() };
            match CommentBody::parse(body, &limits) {
                Ok(body) => render_comment(&body).as_str().to_owned(),
                // A deleted comment keeps no words.
                Err(_) => String::new(),
            }
        }
    };
    row.insert("body_html".into(), serde_json::Value::String(html));
    Ok(())
}

/// Tables `--no-private` leaves empty: which account elsewhere (and
/// which address there) signs in to whose account is theirs alone.
const PRIVATE_TABLES: &[&str] = &["unsubscribe_links", "account_identities"];

/// The table files of an export being written, in a folder of their own
/// until the archive is put together.
struct TableFiles {
    folder: PathBuf,
    no_private: bool,
    current: Option<(&'static str, BufWriter<File>, u64)>,
    written: Vec<ManifestTable>,
    media: BTreeSet<String>,
}

impl TableFiles {
    fn take(&mut self, part: ArchivePart<'_>) -> Result<(), ArchiveError> {
        match part {
            ArchivePart::Table { name, columns } => {
                self.close()?;
                let file = format!("tables/{:02}-{name}.jsonl", self.written.len() + 1);
                let path = self.folder.join(file.replace('/', "-"));
                let out = File::create(&path).map_err(file_error(&path))?;
                self.written.push(ManifestTable { name: name.to_owned(), file, columns: columns.to_vec(), rows: 0 });
                self.current = Some((name, BufWriter::with_capacity(256 * 1024, out), 0));
            }
            ArchivePart::Row(row) => {
                let Some((table, out, rows)) = self.current.as_mut() else {
                    return Err(format_error("tables", "a row came before its table"));
                };
                if *table == "media_files"
                    && let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(row)
                    && let Some(serde_json::Value::String(name)) = fields.get("name")
                {
                    self.media.insert(name.clone());
                }
                let path = &self.folder;
                if self.no_private {
                    if PRIVATE_TABLES.contains(table) {
                        return Ok(());
                    }
                    if matches!(*table, "users" | "comments") {
                        let mut fields: serde_json::Map<String, serde_json::Value> =
                            serde_json::from_str(row).map_err(|err| format_error(table, err.to_string()))?;
                        make_public(table, &mut fields);
                        serde_json::to_writer(&mut *out, &fields)
                            .map_err(|err| format_error(table, err.to_string()))?;
                        out.write_all(b"\n").map_err(file_error(path))?;
                        *rows += 1;
                        return Ok(());
                    }
                }
                out.write_all(row.as_bytes()).map_err(file_error(path))?;
                out.write_all(b"\n").map_err(file_error(path))?;
                *rows += 1;
            }
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), ArchiveError> {
        if let Some((_, mut out, rows)) = self.current.take() {
            out.flush().map_err(file_error(&self.folder))?;
            if let Some(last) = self.written.last_mut() {
                last.rows = rows;
            }
        }
        Ok(())
    }
}

fn tar_header(size: u64, at: Timestamp) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.set_size(size);
    header.set_mode(0o644);
    header.set_mtime(u64::try_from(at.millis() / 1000).unwrap_or_default());
    header.set_entry_type(tar::EntryType::Regular);
    header
}

/// Writes the archive `out` from the table files in `scratch` and the
/// photos in `present`: made beside them, synced, then renamed into place.
fn assemble(
    scratch: &tempfile::TempDir,
    out: &Path,
    manifest: &Manifest,
    present: &[(String, PathBuf)],
    at: Timestamp,
) -> Result<(), ArchiveError> {
    let partial = scratch.path().join("archive.tar");
    let written = File::create(&partial).map_err(file_error(&partial))?;
    let mut tar = tar::Builder::new(BufWriter::with_capacity(256 * 1024, written));
    let manifest_json = serde_json::to_vec_pretty(manifest).map_err(|err| format_error(MANIFEST, err.to_string()))?;
    let mut header = tar_header(manifest_json.len() as u64, at);
    tar.append_data(&mut header, MANIFEST, manifest_json.as_slice()).map_err(file_error(out))?;
    for table in &manifest.tables {
        let path = scratch.path().join(table.file.replace('/', "-"));
        let opened = File::open(&path).map_err(file_error(&path))?;
        let size = opened.metadata().map_err(file_error(&path))?.len();
        let mut header = tar_header(size, at);
        tar.append_data(&mut header, &table.file, BufReader::new(opened)).map_err(file_error(out))?;
    }
    for (name, path) in present {
        let opened = File::open(path).map_err(file_error(path))?;
        let size = opened.metadata().map_err(file_error(path))?.len();
        let mut header = tar_header(size, at);
        tar.append_data(&mut header, format!("media/{name}"), opened).map_err(file_error(out))?;
    }
    let written = tar.into_inner().map_err(file_error(out))?;
    let file = written.into_inner().map_err(|err| file_error(out)(err.into_error()))?;
    file.sync_all().map_err(file_error(out))?;
    std::fs::rename(&partial, out).map_err(file_error(out))?;
    Ok(())
}

impl App {
    /// Writes the whole site to `out` (made beside it and renamed into
    /// place when complete, so a half-written archive never bears its
    /// name). Answers the manifest written.
    pub async fn export_site(&self, out: &Path, options: ExportOptions) -> Result<Manifest, ArchiveError> {
        let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(file_error(folder))?;
        let scratch =
            tempfile::Builder::new().prefix(".byline-export-").tempdir_in(folder).map_err(file_error(folder))?;
        let at = self.now();
        let mut files = TableFiles {
            folder: scratch.path().to_owned(),
            no_private: options.no_private,
            current: None,
            written: Vec::new(),
            media: BTreeSet::new(),
        };
        let facts = self.store.read_archive(|part| files.take(part)).await??;
        files.close()?;

        let mut manifest = Manifest {
            format: ARCHIVE_FORMAT.to_owned(),
            version: ARCHIVE_VERSION,
            schema_version: facts.schema_version,
            created_at: at.rfc3339(),
            backend: self.store.backend().name().to_owned(),
            private: !options.no_private,
            next_comment_id: facts.next_comment_id,
            tables: files.written,
            media_files: 0,
            media_missing: Vec::new(),
        };
        let present: Vec<(String, PathBuf)> = files
            .media
            .into_iter()
            .filter_map(|name| {
                let path = self.media_folder().path_of(&name)?;
                if path.is_file() {
                    Some((name, path))
                } else {
                    manifest.media_missing.push(name);
                    None
                }
            })
            .collect();
        manifest.media_files = present.len() as u64;

        // Putting the archive together copies every photo: blocking work,
        // kept off the threads that serve requests.
        let out = out.to_owned();
        tokio::task::spawn_blocking(move || assemble(&scratch, &out, &manifest, &present, at).map(|()| manifest))
            .await
            .map_err(|_| format_error("archive", "the task writing it stopped"))?
    }

    /// Restores an archive into this site's database, which must be empty
    /// and at the archive's schema version, and its photos into the media
    /// folder. All rows or none.
    pub async fn restore_site(&self, archive: &Path) -> Result<Restored, ArchiveError> {
        let opened = File::open(archive).map_err(file_error(archive))?;
        let mut tar = tar::Archive::new(BufReader::with_capacity(256 * 1024, opened));
        let mut entries = tar.entries().map_err(file_error(archive))?;
        let not_archive =
            || format_error(MANIFEST, "this is not a Byline archive: it does not begin with manifest.json");

        let manifest: Manifest = {
            let Some(first) = entries.next() else { return Err(not_archive()) };
            let mut first = first.map_err(|_| not_archive())?;
            if first.path_bytes().as_ref() != MANIFEST.as_bytes() {
                return Err(not_archive());
            }
            let mut text = Vec::new();
            first.read_to_end(&mut text).map_err(file_error(archive))?;
            serde_json::from_slice(&text).map_err(|err| format_error(MANIFEST, err.to_string()))?
        };
        if manifest.format != ARCHIVE_FORMAT {
            return Err(not_archive());
        }
        if manifest.version != ARCHIVE_VERSION {
            return Err(format_error(
                MANIFEST,
                format!("archive format version {} is not one this Byline reads ({ARCHIVE_VERSION})", manifest.version),
            ));
        }

        // Every table of this schema, or the site would come back in part.
        if let Some(absent) =
            byline_store::ARCHIVE_TABLES.iter().find(|t| !manifest.tables.iter().any(|m| m.name == t.name))
        {
            return Err(format_error(MANIFEST, format!("it does not list table {}", absent.name)));
        }
        let mut restore = self.store.begin_restore(manifest.schema_version).await??;
        let mut restored = Restored::default();
        let mut seen = BTreeSet::new();
        for entry in entries {
            let entry = entry.map_err(|err| format_error("archive", err.to_string()))?;
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            if let Some(photo) = name.strip_prefix("media/") {
                self.restore_photo(photo, entry).await?;
                restored.media_files += 1;
                continue;
            }
            let Some(table) = manifest.tables.iter().find(|t| t.file == name) else {
                return Err(format_error(&name, "an entry the manifest does not list"));
            };
            let known = restore.table(&table.name)?;
            restore.check_columns(known, &table.columns)?;
            let mut batch = String::from("[");
            let mut in_batch = 0;
            let mut rows = 0_u64;
            for (index, line) in BufReader::new(entry).lines().enumerate() {
                let line = line.map_err(|err| format_error(&name, format!("line {}: {err}", index + 1)))?;
                let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&line)
                    .map_err(|err| format_error(&name, format!("line {}: {err}", index + 1)))?;
                if let Some(column) = fields.keys().find(|k| !table.columns.contains(k)) {
                    return Err(format_error(&name, format!("line {}: no column {column}", index + 1)));
                }
                let line = match known {
                    "articles" | "comments" => {
                        let mut fields = fields;
                        render_again(known, &mut fields)
                            .map_err(|message| format_error(&name, format!("line {}: {message}", index + 1)))?;
                        serde_json::to_string(&fields).map_err(|err| format_error(&name, err.to_string()))?
                    }
                    _ => line,
                };
                if in_batch > 0 {
                    batch.push(',');
                }
                batch.push_str(&line);
                in_batch += 1;
                rows += 1;
                if in_batch == RESTORE_BATCH {
                    batch.push(']');
                    restore.insert_rows(known, &batch).await?;
                    batch = String::from("[");
                    in_batch = 0;
                }
            }
            if in_batch > 0 {
                batch.push(']');
                restore.insert_rows(known, &batch).await?;
            }
            if rows != table.rows {
                return Err(format_error(&name, format!("{rows} rows where the manifest says {}", table.rows)));
            }
            restored.rows += rows;
            seen.insert(table.name.clone());
        }
        if let Some(missing) = manifest.tables.iter().find(|t| !seen.contains(&t.name)) {
            return Err(format_error(&missing.file, "missing: the archive ends before it"));
        }
        if restored.media_files != manifest.media_files {
            return Err(format_error(
                "media",
                format!(
                    "{} photo files where the manifest says {}: the archive ends early",
                    restored.media_files, manifest.media_files
                ),
            ));
        }
        restore.finish(manifest.next_comment_id).await?;
        restored.manifest = Some(manifest);
        Ok(restored)
    }

    /// Writes one photo file of an archive into the media folder, unless
    /// it is there already. Files are named by their content's hash, which
    /// is checked: a file whose bytes do not give its name is refused.
    async fn restore_photo(&self, name: &str, mut entry: impl Read) -> Result<(), ArchiveError> {
        let entry_name = format!("media/{name}");
        let (Some(_), Some((_, extension))) = (self.media_folder().path_of(name), name.rsplit_once('.')) else {
            return Err(format_error(&entry_name, "not a photo file's name"));
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|err| format_error(&entry_name, err.to_string()))?;
        let written = self
            .media_folder()
            .write(&bytes, extension)
            .await
            .map_err(|_| format_error(&entry_name, "cannot be written into the media folder"))?;
        if written != name {
            return Err(format_error(&entry_name, "its bytes do not match its name: the archive is damaged"));
        }
        Ok(())
    }
}
