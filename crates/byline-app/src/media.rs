//! Photographs: uploading one to the media library (checked, stripped of
//! every metadata block, made into its widths and formats, each file
//! stored under its content's hash), changing what is said of one, and
//! the folder that keeps the files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, mpsc};

use byline_core::accounts::Permission;
use byline_core::media::{MediaText, MediaTextForm};
use byline_media::{Limits, MediaError, Processed};
use byline_store::{AddedMedia, Editor, MediaFile, MediaItem, NewMedia, User, Withdrawn};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;

use crate::{App, Error, Refusal, require};

/// Where photographs' files are kept, and how large an upload may be.
#[derive(Debug, Clone)]
pub struct MediaSettings {
    pub dir: PathBuf,
    pub limits: Limits,
}

impl Default for MediaSettings {
    fn default() -> Self {
        Self { dir: PathBuf::from("byline-data/media"), limits: Limits::default() }
    }
}

/// The data folder's files made from uploads, each named by its content's
/// hash and kept under a folder of its name's first two characters. A
/// name is written once and never changes, so it may be cached for good.
#[derive(Debug, Clone)]
pub struct MediaFolder {
    dir: PathBuf,
    /// The one thread that resizes, started on the first upload.
    resizer: Arc<OnceLock<Option<Resizer>>>,
}

/// An upload to resize, its limits, and where the result goes.
type Job = (Vec<u8>, Limits, oneshot::Sender<Result<Processed, MediaError>>);

/// One thread of its own that resizes every upload in turn: decoding a
/// photograph takes tens of megabytes, so uploads wait for each other
/// rather than add up, and one thread's memory is reused by the next
/// (threads of a pool each keep what they freed, so the process's peak
/// grew with every thread a resize happened to land on). A request given
/// up meanwhile does not stop its job, nor let another start beside it.
#[derive(Debug)]
struct Resizer {
    jobs: mpsc::Sender<Job>,
}

impl Resizer {
    fn start() -> Option<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let worker = std::thread::Builder::new().name("byline-resize".to_owned()).spawn(move || {
            for (bytes, limits, reply) in queue {
                // The waiting request may be gone; its answer then is too.
                let _ = reply.send(byline_media::process(&bytes, &limits));
            }
        });
        match worker {
            Ok(_) => Some(Self { jobs }),
            Err(err) => {
                tracing::error!(error = %err, "the resizing thread cannot start");
                None
            }
        }
    }
}

/// A file's name: 64 hexadecimal digits and an extension we make.
fn valid_name(name: &str) -> bool {
    let Some((hash, extension)) = name.split_once('.') else { return false };
    hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(extension, "jpg" | "png" | "webp")
}

impl MediaFolder {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into(), resizer: Arc::new(OnceLock::new()) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn path_of(&self, name: &str) -> Option<PathBuf> {
        valid_name(name).then(|| self.dir.join(&name[..2]).join(name))
    }

    /// The file called `name`, if there is one.
    pub async fn read(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(path) = self.path_of(name) else { return Ok(None) };
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => {
                tracing::error!(error = %err, file = %path.display(), "a media file cannot be read");
                Err(Error::Internal("a media file cannot be read"))
            }
        }
    }

    /// Writes `bytes` under their hash, unless a file of that name is
    /// there already (it holds the same bytes); answers the name. Written
    /// to a temporary name first, so a reader never sees half a file.
    pub(crate) async fn write(&self, bytes: &[u8], extension: &str) -> Result<String, Error> {
        let name = format!("{}.{extension}", hex::encode(Sha256::digest(bytes)));
        let path = self.path_of(&name).ok_or(Error::Internal("a media file's name is not valid"))?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(name);
        }
        let failed = |err: std::io::Error| {
            tracing::error!(error = %err, file = %path.display(), "a media file cannot be written");
            Error::Internal("a media file cannot be written")
        };
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(failed)?;
        }
        let temporary = path.with_extension(format!("{extension}.{}.part", rand::random::<u64>()));
        tokio::fs::write(&temporary, bytes).await.map_err(failed)?;
        if let Err(err) = tokio::fs::rename(&temporary, &path).await {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(failed(err));
        }
        Ok(name)
    }

    /// Removes the file called `name`, if it is there.
    async fn remove(&self, name: &str) {
        let Some(path) = self.path_of(name) else { return };
        if let Err(err) = tokio::fs::remove_file(&path).await
            && err.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %err, file = %path.display(), "a withdrawn photograph's file cannot be removed");
        }
    }

    /// Decodes, checks and resizes an upload on the resizing thread, one
    /// at a time, away from the async threads.
    async fn process(&self, bytes: Vec<u8>, limits: Limits) -> Result<Processed, Error> {
        let stopped = || Error::Internal("the resizing thread is not running");
        let resizer = self.resizer.get_or_init(Resizer::start).as_ref().ok_or_else(stopped)?;
        let (reply, answer) = oneshot::channel();
        resizer.jobs.send((bytes, limits, reply)).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?.map_err(|err| Refusal::Photo(PhotoProblem::of(&err)).into())
    }
}

/// Why an upload is not a photograph we take, in the person's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoProblem {
    pub code: &'static str,
    pub message: String,
}

impl PhotoProblem {
    fn of(err: &MediaError) -> Self {
        Self { code: err.code(), message: err.to_string() }
    }
}

/// A photograph added to the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uploaded {
    pub id: i64,
    /// The same file was in the library already: that one is answered.
    pub existing: bool,
}

impl App {
    pub fn media_folder(&self) -> &MediaFolder {
        &self.media_folder
    }

    /// The largest upload taken, in bytes.
    pub fn max_upload_bytes(&self) -> u64 {
        self.media_limits.max_bytes
    }

    /// Adds a photograph to the library for `user`: its words checked
    /// first, then the file, as [`App::add_photo`] does.
    pub async fn upload_photo(&self, user: &User, bytes: Vec<u8>, words: &MediaTextForm) -> Result<Uploaded, Error> {
        require(user, Permission::WriteStories)?;
        let text = words.check().map_err(Refusal::MediaFields)?;
        self.add_photo(bytes, &text, Self::editor(user)).await
    }

    /// Adds a photograph to the library: the file (a JPEG, PNG or WebP
    /// within the limits, whatever its name says) made into its widths and
    /// formats from its pixels alone, so no camera metadata or GPS
    /// position survives; nothing is stored unless all of it is good. For
    /// the command line and the demo, whose operator may do anything; the
    /// desk's uploads go through [`App::upload_photo`].
    pub async fn add_photo(&self, bytes: Vec<u8>, text: &MediaText, by: Editor<'_>) -> Result<Uploaded, Error> {
        if bytes.is_empty() {
            return Err(Refusal::Photo(PhotoProblem {
                code: "no_photo",
                message: "Choose a photograph to upload (JPEG, PNG or WebP).".to_owned(),
            })
            .into());
        }
        let source_hash = hex::encode(Sha256::digest(&bytes));
        let processed = self.media_folder.process(bytes, self.media_limits).await?;
        let mut files = Vec::with_capacity(processed.variants.len());
        for variant in &processed.variants {
            let name = self.media_folder.write(&variant.bytes, variant.format.extension()).await?;
            files.push(MediaFile {
                format: variant.format.as_str().to_owned(),
                width: variant.width,
                height: variant.height,
                name,
                bytes: variant.bytes.len() as u64,
            });
        }
        let new = NewMedia {
            source_hash: &source_hash,
            format: processed.format.as_str(),
            width: processed.width,
            height: processed.height,
            text,
            uploader: by,
            files: &files,
        };
        let added = self.store.add_media(&new, self.now()).await?;
        Ok(Uploaded { id: added.id(), existing: matches!(added, AddedMedia::Existing(_)) })
    }

    /// Whether `user` may change what is said of `photo`: an editor may,
    /// and so may whoever uploaded it while it leads no story readers see
    /// or will see (the words under a published photograph are an
    /// editor's, as the story around it is).
    pub async fn may_describe_photo(&self, user: &User, photo: &MediaItem) -> Result<bool, Error> {
        if user.role.can(Permission::EditArticles) {
            return Ok(true);
        }
        Ok(user.role.can(Permission::WriteStories)
            && photo.uploaded_by == Some(user.id)
            && !self.store.media_leads_public_story(photo.id).await?)
    }

    /// Takes photograph `id` out of the library and its files out of the
    /// folder (for a legal reason, say): an editor's decision, refused
    /// while a story leads with it or an author page shows it. Copies
    /// already in readers' caches are beyond reach.
    pub async fn withdraw_photo(&self, user: &User, id: i64) -> Result<(), Error> {
        require(user, Permission::EditArticles)?;
        match self.store.withdraw_media(id).await? {
            Withdrawn::Withdrawn { unused_files } => {
                for name in &unused_files {
                    self.media_folder.remove(name).await;
                }
                tracing::info!(photo = id, by = user.id, files = unused_files.len(), "photograph withdrawn");
                Ok(())
            }
            Withdrawn::InUse { stories, authors } => Err(Refusal::PhotoInUse { stories, authors }.into()),
            Withdrawn::Gone => Err(Refusal::NoSuchPhoto.into()),
        }
    }

    /// Changes what is said of photograph `id`.
    pub async fn describe_photo(&self, user: &User, id: i64, words: &MediaTextForm) -> Result<(), Error> {
        require(user, Permission::WriteStories)?;
        let photo = self.store.media(id).await?.ok_or(Refusal::NoSuchPhoto)?;
        if !self.may_describe_photo(user, &photo).await? {
            return Err(Refusal::NotAllowed.into());
        }
        let text = words.check().map_err(Refusal::MediaFields)?;
        if self.store.set_media_text(id, &text).await? { Ok(()) } else { Err(Refusal::NoSuchPhoto.into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn only_names_we_make_reach_the_folder() {
        let hash = "ab".repeat(32);
        assert!(valid_name(&format!("{hash}.jpg")));
        assert!(valid_name(&format!("{hash}.webp")));
        for bad in [
            format!("{hash}.svg"),
            format!("{}.jpg", "AB".repeat(32)),
            format!("../{}.jpg", &hash[3..]),
            format!("{hash}.jpg/.."),
            hash.clone(),
            format!("{hash}.jpg.png"),
            "..".to_owned(),
        ] {
            assert!(!valid_name(&bad), "{bad}");
        }
    }
}
