//! Moving in from WordPress: each post of an export becomes a story, in
//! the state it had (a draft stays a draft, a private post stays out of
//! sight, nothing is published that was not), through the same checks and
//! sanitiser as the desk's, with its comments; its authors become
//! accounts they claim by resetting the password, and its attachments,
//! given their files, photographs in the media library. Importing the same
//! export again changes nothing: a post whose address is taken is left as
//! it is, and each comment, author and attachment is recorded as imported.

use std::collections::HashMap;

use byline_core::story_form::StoryForm;
use byline_core::{ArticleStatus, Slug, Timestamp};
use byline_import::html_to_markdown::{convert, plain_text};
use byline_import::wordpress::WxrItem;
use byline_store::{Base, Editor, Saved};

use crate::{App, Error};

/// What became of one item of an export and its comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemOutcome {
    pub post: ItemImport,
    pub comments: CommentsImport,
}

/// What became of an item's comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentsImport {
    /// Added (or, on a dry run, to be added).
    pub created: u64,
    /// Imported before.
    pub present: u64,
    /// Not imported, each with why.
    pub skipped: Vec<String>,
}

/// What an import records a WordPress comment as.
const COMMENT_KIND: &str = "wordpress-comment";

/// The site an item comes from (its link's scheme and host), so that two
/// sites' comment numbers do not meet.
fn site_of(item: &WxrItem) -> &str {
    let link = if item.link.is_empty() { &item.guid } else { &item.link };
    match link.match_indices('/').nth(2) {
        Some((end, _)) => &link[..end],
        None => link,
    }
}

/// The addresses a WordPress post may have had, whatever the site's
/// permalink setting, each as [`normalise_path`] leaves it: its own link's,
/// `/?p=ID`, `/YYYY/MM/DD/slug/`, `/YYYY/MM/slug/` and `/slug/`.
pub fn old_paths(item: &WxrItem) -> Vec<String> {
    let mut paths = vec![format!("/?p={}", item.post_id)];
    let link = if item.link.is_empty() { &item.guid } else { &item.link };
    if let Some((start, _)) = link.match_indices('/').nth(2) {
        let path = &link[start..];
        if path != "/" && !path.starts_with("/?") {
            paths.push(normalise_path(path));
        }
    }
    let slug = percent_decode(&item.slug);
    if !slug.is_empty() {
        // Permalinks are in the site's own time, as `wp:post_date` is.
        if let Some(date) = item.date.as_deref().or(item.date_gmt.as_deref())
            && let (Some(year), Some(month), Some(day)) = (date.get(..4), date.get(5..7), date.get(8..10))
        {
            paths.push(normalise_path(&format!("/{year}/{month}/{day}/{slug}/")));
            paths.push(normalise_path(&format!("/{year}/{month}/{slug}/")));
        }
        paths.push(normalise_path(&format!("/{slug}/")));
    }
    let mut seen = std::collections::HashSet::new();
    paths.retain(|path| seen.insert(path.clone()));
    paths
}

/// An address as old paths are kept and looked up: percent-decoded, with
/// no trailing slash (but `/` itself), and no query but WordPress's `?p=`.
pub fn normalise_path(raw: &str) -> String {
    let decoded = percent_decode(raw);
    let trimmed = decoded.trim_end_matches('/');
    if trimmed.is_empty() { "/".to_owned() } else { trimmed.to_owned() }
}

/// What an import records a WordPress author as (by login).
const AUTHOR_KIND: &str = "wordpress-author";

/// The export's authors as an import knows them: the name each login's
/// bylines show, and the account each became.
#[derive(Debug, Default)]
pub struct WordPressAuthors {
    /// Login → the name bylines show.
    names: HashMap<String, String>,
    /// WordPress user id → account.
    by_user_id: HashMap<i64, i64>,
    /// E-mail key → account.
    by_email: HashMap<String, i64>,
    /// Byline name → account, to link author pages to.
    accounts: Vec<(String, i64)>,
}

impl WordPressAuthors {
    /// The account a comment by WordPress user `user_id` (0 for a guest)
    /// with address `email` belongs to, if an imported author's: by the
    /// user's id, or by the address when the export does not number its
    /// authors. A guest's comment stays a guest's whatever address it
    /// gives, as WordPress never checked it: anyone could have typed an
    /// editor's.
    fn account_of(&self, user_id: i64, email: Option<&str>) -> Option<i64> {
        if user_id == 0 {
            return None;
        }
        self.by_user_id
            .get(&user_id)
            .or_else(|| email.and_then(|email| self.by_email.get(&email.to_lowercase())))
            .copied()
    }
}

/// What became of one `<wp:author>` of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorImport {
    /// An account was made for them, with this id.
    Created(i64),
    /// A dry run: an account would be made for them.
    WouldCreate,
    /// Imported before, as this account.
    Present(i64),
    /// Their address already had this account, which they keep as it is.
    Linked(i64),
    /// No account made, and why.
    Skipped(String),
}

/// A handle made of a WordPress login (which may hold dots, hyphens, an
/// `@` or spaces): anything else than a letter, digit or underscore
/// becomes `_`, cut to a handle's length.
fn handle_base(login: &str) -> String {
    let mapped: String = login
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' })
        .take(byline_core::accounts::Handle::MAX - 3)
        .collect();
    let trimmed = mapped.trim_matches('_');
    if trimmed.chars().count() < byline_core::accounts::Handle::MIN {
        format!("wp_{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// What an import records a WordPress attachment (an uploaded file) as.
const ATTACHMENT_KIND: &str = "wordpress-attachment";
/// The widest file of a photograph that a post's body links to.
const BODY_PHOTO_WIDTH: u32 = 1280;
/// Where WordPress keeps uploads, in their addresses.
const UPLOADS: &str = "/wp-content/uploads/";

/// An attachment of an export: a file uploaded to the WordPress site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordPressAttachment {
    key: String,
    /// `wp:attachment_url`.
    pub url: String,
    /// Its path under `wp-content/uploads` (`2024/01/photo.jpg`), if its
    /// address has one that stays inside that folder.
    pub upload_path: Option<String>,
    alt: String,
    caption: String,
}

impl WordPressAttachment {
    /// The attachment an item is, if it is one.
    pub fn of(item: &WxrItem) -> Option<Self> {
        let url = item.attachment_url.as_ref().filter(|_| item.post_type == "attachment")?;
        let upload_path = url.find(UPLOADS).map(|at| &url[at + UPLOADS.len()..]).and_then(|path| {
            let path = percent_decode(path.split(['?', '#']).next().unwrap_or_default());
            let inside = !path.is_empty()
                && path.split('/').all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
            inside.then_some(path)
        });
        let file_stem = upload_path
            .as_deref()
            .and_then(|path| path.rsplit('/').next())
            .map(|name| name.rsplit_once('.').map_or(name, |(stem, _)| stem).replace(['-', '_'], " "))
            .unwrap_or_default();
        // The alternative text it was given, or its title, or its file's name:
        // never nothing, as the library requires.
        let alt = [plain_text(&item.image_alt), plain_text(&item.title), file_stem]
            .into_iter()
            .find(|text| text.chars().any(char::is_alphanumeric))
            .unwrap_or_else(|| "A photograph".to_owned());
        Some(Self {
            key: format!("{} {}", site_of(item), item.post_id),
            url: url.clone(),
            upload_path,
            alt: alt.chars().take(byline_core::media::limits::ALT).collect(),
            caption: plain_text(&item.excerpt).chars().take(byline_core::media::limits::CAPTION).collect(),
        })
    }
}

/// What became of an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentImport {
    /// Added to the library as this photograph.
    Created(i64),
    /// A dry run: it would be added.
    WouldCreate,
    /// Imported before (or the same photograph was), as this one.
    Present(i64),
    /// Not imported, and why.
    Skipped(String),
}

/// The attachments an import brought into the media library: the
/// photograph each became, and the address its upload is served at now.
#[derive(Debug, Default)]
pub struct WordPressMedia {
    /// Attachment key (site and post id) → photograph.
    by_attachment: HashMap<String, i64>,
    /// Upload path without WordPress's size suffix (`2024/01/photo.jpg`)
    /// → the photograph's file's address.
    by_path: HashMap<String, String>,
}

/// An upload's path as WordPress's resized copies share it: `photo-300x200.jpg`
/// is `photo.jpg`.
fn unsized_path(path: &str) -> String {
    let (stem, extension) = path.rsplit_once('.').unwrap_or((path, ""));
    let stem = match stem.rsplit_once('-') {
        Some((base, size))
            if size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty() && !h.is_empty() && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit())
            }) =>
        {
            base
        }
        _ => stem,
    };
    if extension.is_empty() { stem.to_owned() } else { format!("{stem}.{extension}") }
}

/// `html` with the addresses of uploads the import brought in (at any of
/// WordPress's sizes, absolute or not) replaced by their photographs'.
fn rewrite_uploads(html: &str, media: &WordPressMedia) -> String {
    if media.by_path.is_empty() || !html.contains(UPLOADS) {
        return html.to_owned();
    }
    let ends = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | '=' | ',');
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(UPLOADS) {
        let start = rest[..at].char_indices().rev().find(|&(_, c)| ends(c)).map_or(0, |(i, c)| i + c.len_utf8());
        let after = &rest[at + UPLOADS.len()..];
        let path_end = after.find(|c: char| ends(c) || c == '?' || c == '#').unwrap_or(after.len());
        let path = percent_decode(&after[..path_end]);
        let end = at + UPLOADS.len() + path_end;
        match media.by_path.get(&unsized_path(&path)) {
            Some(new) => {
                out.push_str(&rest[..start]);
                out.push_str(new);
                // A query on the old address means nothing to the new one.
                let tail = &rest[end..];
                let skip = if tail.starts_with(['?', '#']) {
                    tail.find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ','))
                        .unwrap_or(tail.len())
                } else {
                    0
                };
                rest = &tail[skip..];
            }
            None => {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What became of one item of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemImport {
    /// A story was made of it, with this id.
    Created(i64),
    /// A dry run: a story would be made of it.
    WouldCreate,
    /// A story has its address already (imported before).
    Present,
    /// Not imported, and why.
    Skipped(String),
}

/// The section a post without categories goes to.
const DEFAULT_SECTION: &str = "News";
/// Who the revision list says saved an imported story.
const IMPORTER: Editor<'static> = Editor { id: None, name: "WordPress import" };

/// A WordPress date (`YYYY-MM-DD HH:MM:SS`, UTC for `post_date_gmt`).
fn wordpress_time(raw: &str) -> Option<Timestamp> {
    let (date, time) = raw.trim().split_once(' ')?;
    Timestamp::parse_minute(&format!("{date}T{}", time.get(..5)?))
}

/// A WordPress slug, percent-encoded as WordPress keeps non-ASCII ones.
fn slug_of(item: &WxrItem) -> Option<Slug> {
    let decoded = percent_decode(&item.slug);
    Slug::parse(&decoded)
        .ok()
        .or_else(|| Slug::from_title(&decoded).ok())
        .or_else(|| Slug::from_title(&item.title).ok())
}

fn percent_decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

/// A WordPress comment made ready for the store.
struct PreparedComment {
    key: String,
    parent: Option<String>,
    member: Option<i64>,
    name: String,
    email: Option<String>,
    url: Option<String>,
    body: byline_core::comments::CommentBody,
    html: byline_core::SanitizedHtml,
    language: byline_core::LanguageTag,
    status: byline_core::comments::CommentStatus,
    at: Timestamp,
}

/// A commenter's e-mail address as kept: trimmed, and only if it is one.
fn guest_email(raw: &str) -> Option<String> {
    byline_core::accounts::Email::parse(raw).ok().map(|email| email.as_str().to_owned())
}

/// A commenter's web address as kept: trimmed, and only an `http` or
/// `https` one of reasonable length without spaces or control characters.
fn guest_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    let fits = url.len() <= 2000 && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (fits && matches!(scheme.as_deref(), Some("http" | "https")) && url.len() > "https://".len())
        .then(|| url.to_owned())
}

impl App {
    /// Makes a story of one item of a WordPress export: posts only (pages,
    /// attachments and menu items are reported as skipped). `authors` are
    /// the export's authors as [`App::import_wordpress_author`] left them,
    /// `media` its attachments as [`App::import_wordpress_attachment`] did:
    /// a post's featured image leads its story, and its body's links to
    /// uploads lead to their photographs. Nothing is written
    /// on a dry run. The command line's to call: its operator may do
    /// anything.
    pub async fn import_wordpress_item(
        &self,
        item: &WxrItem,
        authors: &WordPressAuthors,
        media: &WordPressMedia,
        dry_run: bool,
    ) -> Result<ItemOutcome, Error> {
        let post = self.import_wordpress_post(item, authors, media, dry_run).await?;
        let article = match &post {
            ItemImport::Created(id) => Some(*id),
            ItemImport::Present => match slug_of(item) {
                Some(slug) => match self.store.article_id(&slug).await? {
                    Some(id) => Some(id),
                    // The story has moved to another address since.
                    None => match self.store.slug_retired_for(&slug).await? {
                        Some(now) => self.store.article_id(&now).await?,
                        None => None,
                    },
                },
                None => None,
            },
            ItemImport::WouldCreate | ItemImport::Skipped(_) => None,
        };
        if let Some(article) = article
            && !dry_run
        {
            self.store.add_old_paths(article, &old_paths(item)).await?;
        }
        let comments = match (&post, article) {
            (ItemImport::Skipped(_), _) => CommentsImport::default(),
            (_, Some(article)) if !dry_run => self.import_wordpress_comments(item, article, authors).await?,
            // A dry run, or a story still to be made: what would be added.
            _ => self.count_wordpress_comments(item).await?,
        };
        Ok(ItemOutcome { post, comments })
    }

    /// Makes an account of a `<wp:author>`, so that they can claim it and
    /// their bylines: with no password (they set one by "forgot
    /// password", whose link also confirms their address), as a writer.
    /// WordPress's export does not say which role an author had; a writer
    /// is Byline's lowest role that may write stories (and sends them to
    /// an editor), so an import gives nobody the power to publish; an
    /// admin raises whoever should have more. An address that already
    /// has an account is linked to it, which keeps its role. A taken
    /// handle gets a variant (`login_2`…). Importing again finds the same
    /// account. On a dry run nothing is written.
    pub async fn import_wordpress_author(
        &self,
        author: &byline_import::wordpress::WxrAuthor,
        authors: &mut WordPressAuthors,
        dry_run: bool,
    ) -> Result<AuthorImport, Error> {
        use byline_core::accounts::{DisplayName, Email, Handle, Role};
        let name = byline_core::text::normalise_line(&author.display_name);
        let name = if name.is_empty() { author.login.trim().to_owned() } else { name };
        authors.names.insert(author.login.clone(), name.clone());
        let Ok(email) = Email::parse(&author.email) else {
            return Ok(AuthorImport::Skipped("an author without a usable e-mail address".to_owned()));
        };
        let account = match self.store.imported_target(AUTHOR_KIND, &author.login).await? {
            Some(id) if self.store.user(id).await?.is_some() => Some(AuthorImport::Present(id)),
            _ => self.store.user_with_password(&email).await?.map(|(user, _)| AuthorImport::Linked(user.id)),
        };
        let outcome = match account {
            Some(found) => found,
            None if dry_run => return Ok(AuthorImport::WouldCreate),
            None => {
                let display_name = DisplayName::parse(&name)
                    .or_else(|_| DisplayName::parse(&author.login))
                    .map_err(|_| Error::Internal("no display name can be made of an author"))?;
                let base = handle_base(&author.login);
                let mut created = None;
                for attempt in 1..=20 {
                    let wanted = if attempt == 1 { base.clone() } else { format!("{base}_{attempt}") };
                    let handle = match Handle::parse(&wanted) {
                        Ok(handle) => handle,
                        // Letters of several scripts in one login, say.
                        Err(_) => match Handle::parse(&format!("wp_author_{}_{attempt}", author.id.unwrap_or(0))) {
                            Ok(handle) => handle,
                            Err(_) => continue,
                        },
                    };
                    let new = byline_store::NewUser {
                        handle: &handle,
                        display_name: &display_name,
                        email: &email,
                        password_hash: None,
                        role: Role::Writer,
                        // The export says whose address it is; only its
                        // owner's password reset proves it.
                        email_verified: false,
                        granted_by: Some(byline_store::Actor::COMMAND_LINE),
                    };
                    match self.store.create_user(&new, self.now()).await? {
                        byline_store::CreatedUser::Created(id) => {
                            created = Some(AuthorImport::Created(id));
                            break;
                        }
                        byline_store::CreatedUser::HandleTaken => {}
                        byline_store::CreatedUser::EmailTaken => {
                            return Err(Error::Internal("an author's address was taken while importing"));
                        }
                    }
                }
                match created {
                    Some(created) => created,
                    None => return Ok(AuthorImport::Skipped("no free handle could be made of a login".to_owned())),
                }
            }
        };
        let id = match outcome {
            AuthorImport::Created(id) | AuthorImport::Present(id) | AuthorImport::Linked(id) => id,
            AuthorImport::WouldCreate | AuthorImport::Skipped(_) => return Ok(outcome),
        };
        if !dry_run {
            self.store.record_imported(AUTHOR_KIND, &author.login, id).await?;
        }
        if let Some(user_id) = author.id {
            authors.by_user_id.insert(user_id, id);
        }
        authors.by_email.insert(email.key(), id);
        authors.accounts.push((name, id));
        Ok(outcome)
    }

    /// Links the author pages of the imported authors' bylines to their
    /// accounts (so they may change them once claimed), unless a page is
    /// someone's already. Answers how many were linked.
    pub async fn link_wordpress_bylines(&self, authors: &WordPressAuthors) -> Result<u64, Error> {
        let mut linked = 0;
        for (name, account) in &authors.accounts {
            let named = byline_core::articles::bylines(name);
            let [named] = named.as_slice() else { continue };
            let Some(page) = self.store.author(&named.slug).await? else { continue };
            if page.user_id.is_none()
                && self
                    .store
                    .set_author_profile(&page.slug, &page.title, &page.bio, page.photo_id, Some(*account))
                    .await?
            {
                linked += 1;
            }
        }
        Ok(linked)
    }

    /// Brings an attachment's file (`bytes`, read from the uploads folder)
    /// into the media library, through the same checks as an upload from
    /// the desk, with its alternative text (or title) and caption, and
    /// notes it in `media` for the posts that show it. `bytes` is `None`
    /// when the file is not in the folder. Importing again finds the same
    /// photograph without reading the file (`bytes` may then be `None`).
    pub async fn import_wordpress_attachment(
        &self,
        attachment: &WordPressAttachment,
        bytes: impl AsyncFnOnce() -> Option<Vec<u8>>,
        media: &mut WordPressMedia,
        dry_run: bool,
    ) -> Result<AttachmentImport, Error> {
        let outcome = match self.store.imported_target(ATTACHMENT_KIND, &attachment.key).await? {
            Some(id) if self.store.media(id).await?.is_some() => AttachmentImport::Present(id),
            _ => {
                if attachment.upload_path.is_none() {
                    return Ok(AttachmentImport::Skipped("an attachment outside wp-content/uploads".to_owned()));
                }
                let Some(bytes) = bytes().await else {
                    return Ok(AttachmentImport::Skipped("an attachment whose file is not in the folder".to_owned()));
                };
                if dry_run {
                    return Ok(AttachmentImport::WouldCreate);
                }
                let form = byline_core::media::MediaTextForm {
                    alt: attachment.alt.clone(),
                    caption: attachment.caption.clone(),
                    credit: String::new(),
                };
                let text = form.check().map_err(|_| Error::Internal("an attachment's words were refused"))?;
                match self.add_photo(bytes, &text, IMPORTER).await {
                    Ok(added) if added.existing => AttachmentImport::Present(added.id),
                    Ok(added) => AttachmentImport::Created(added.id),
                    Err(Error::Refused(crate::Refusal::Photo(problem))) => {
                        return Ok(AttachmentImport::Skipped(format!(
                            "an attachment the media library refused ({})",
                            problem.message.trim_end_matches('.')
                        )));
                    }
                    Err(other) => return Err(other),
                }
            }
        };
        let (AttachmentImport::Created(id) | AttachmentImport::Present(id)) = outcome else { return Ok(outcome) };
        if !dry_run {
            self.store.record_imported(ATTACHMENT_KIND, &attachment.key, id).await?;
        }
        media.by_attachment.insert(attachment.key.clone(), id);
        if let (Some(path), Some(photo)) = (&attachment.upload_path, self.store.media(id).await?) {
            // The widest file in the upload's own format (a JPEG stays a
            // JPEG for whoever reads no `srcset`), at most the width pages
            // hand out by default.
            let file = photo
                .files
                .iter()
                .filter(|f| f.format == photo.format && f.width <= BODY_PHOTO_WIDTH)
                .max_by_key(|f| f.width)
                .or_else(|| photo.files.iter().filter(|f| f.format == photo.format).min_by_key(|f| f.width))
                .or_else(|| photo.files.first());
            if let Some(file) = file {
                // The address the web layer serves a photograph's files at.
                media.by_path.insert(unsized_path(path), format!("/media/{}", file.name));
            }
        }
        Ok(outcome)
    }

    /// What a dry run says of an item's comments.
    async fn count_wordpress_comments(&self, item: &WxrItem) -> Result<CommentsImport, Error> {
        let mut tally = CommentsImport::default();
        let keys: Vec<String> = item.comments.iter().map(|c| format!("{} {}", site_of(item), c.id)).collect();
        let present =
            self.store.imported_targets(COMMENT_KIND, &keys.iter().map(String::as_str).collect::<Vec<_>>()).await?;
        for (comment, key) in item.comments.iter().zip(&keys) {
            if present.contains_key(key) {
                tally.present += 1;
                continue;
            }
            match self.comment_of(comment) {
                Ok(_) => tally.created += 1,
                Err(why) => tally.skipped.push(why),
            }
        }
        Ok(tally)
    }

    /// A WordPress comment's state and words as Byline keeps them, or why
    /// it is not imported.
    fn comment_of(
        &self,
        comment: &byline_import::wordpress::WxrComment,
    ) -> Result<(byline_core::comments::CommentStatus, byline_core::comments::CommentBody), String> {
        use byline_core::comments::{CommentBody, CommentStatus};
        if matches!(comment.comment_type.as_str(), "pingback" | "trackback") {
            return Err(format!("a {}", comment.comment_type));
        }
        let status = match comment.approved.as_str() {
            "1" => CommentStatus::Published,
            "0" => CommentStatus::Pending,
            "spam" => CommentStatus::Spam,
            "trash" => CommentStatus::Removed,
            other => return Err(format!("a comment in the state `{other}`")),
        };
        let body = CommentBody::parse(&convert(&comment.content), &self.comment_limits).map_err(|err| match err {
            byline_core::comments::CommentBodyError::Empty => "an empty comment".to_owned(),
            byline_core::comments::CommentBodyError::TooLong { max, .. } => {
                format!("a comment longer than the site's {max} characters")
            }
        })?;
        Ok((status, body))
    }

    /// Adds an item's comments under story `article`, in one batch, each
    /// at its own time and in the state it had (approved: published;
    /// waiting: held; spam; in the trash: removed), replies under what they
    /// answer, by the name their authors gave (or as the account of an
    /// imported author, see [`WordPressAuthors`]), with a guest's e-mail
    /// and web address kept for the staff. Comments imported before are
    /// left as they are.
    async fn import_wordpress_comments(
        &self,
        item: &WxrItem,
        article: i64,
        authors: &WordPressAuthors,
    ) -> Result<CommentsImport, Error> {
        use byline_core::comments::{detect_language, render_comment};
        let mut tally = CommentsImport::default();
        let site = site_of(item);
        let mut comments: Vec<_> = item.comments.iter().collect();
        // Parents before their replies.
        comments.sort_by_key(|c| c.id);
        let language = byline_core::LanguageTag::parse("en").map_err(|_| Error::Internal("no English tag"))?;
        // Those imported before need no preparing.
        let keys: Vec<String> = comments.iter().map(|c| format!("{site} {}", c.id)).collect();
        let present =
            self.store.imported_targets(COMMENT_KIND, &keys.iter().map(String::as_str).collect::<Vec<_>>()).await?;
        tally.present = present.len() as u64;
        let mut prepared = Vec::with_capacity(comments.len());
        for (comment, key) in comments.into_iter().zip(keys) {
            if present.contains_key(&key) {
                continue;
            }
            let (status, body) = match self.comment_of(comment) {
                Ok(ready) => ready,
                Err(why) => {
                    tally.skipped.push(why);
                    continue;
                }
            };
            // One line of at most 80 characters, as a guest's name is.
            let name: String = byline_core::text::normalise_line(&comment.author).chars().take(80).collect();
            let email = guest_email(&comment.author_email);
            prepared.push(PreparedComment {
                key,
                parent: (comment.parent != 0).then(|| format!("{site} {}", comment.parent)),
                member: authors.account_of(comment.user_id, email.as_deref()),
                name: if name.is_empty() { "A reader".to_owned() } else { name },
                email,
                url: guest_url(&comment.author_url),
                html: render_comment(&body),
                language: detect_language(&body, &language),
                body,
                status,
                at: comment.date_gmt.as_deref().and_then(wordpress_time).unwrap_or_else(|| self.now()),
            });
        }
        let batch: Vec<byline_store::ImportedComment<'_>> = prepared
            .iter()
            .map(|c| byline_store::ImportedComment {
                source_id: &c.key,
                parent_source_id: c.parent.as_deref(),
                article_id: article,
                author: match c.member {
                    Some(id) => byline_store::CommentAuthor::Member(id),
                    None => byline_store::CommentAuthor::Guest(&c.name),
                },
                guest_email: c.email.as_deref(),
                guest_url: c.url.as_deref(),
                body: &c.body,
                body_html: &c.html,
                language: &c.language,
                status: c.status,
                at: c.at,
            })
            .collect();
        for outcome in self.store.import_comments(COMMENT_KIND, &batch).await? {
            match outcome {
                byline_store::CommentImported::Added(_) => tally.created += 1,
                byline_store::CommentImported::Present(_) => tally.present += 1,
                byline_store::CommentImported::ParentElsewhere => {
                    tally.skipped.push("a reply to a comment of another story".to_owned());
                }
            }
        }
        Ok(tally)
    }

    async fn import_wordpress_post(
        &self,
        item: &WxrItem,
        authors: &WordPressAuthors,
        media: &WordPressMedia,
        dry_run: bool,
    ) -> Result<ItemImport, Error> {
        let skip = |why: &str| Ok(ItemImport::Skipped(why.to_owned()));
        match item.post_type.as_str() {
            "post" => {}
            "page" => return skip("a page: Byline has no pages"),
            "attachment" => return skip("an attachment"),
            other => return skip(&format!("a {other} item")),
        }
        let now = self.now();
        let published_at = item.date_gmt.as_deref().and_then(wordpress_time);
        let status = match item.status.as_str() {
            "publish" => ArticleStatus::Published,
            // Scheduled still to come stays scheduled; a schedule that
            // passed unpublished is not published by the import.
            "future" if published_at.is_some_and(|at| at > now) => ArticleStatus::Scheduled,
            "future" | "draft" | "auto-draft" => ArticleStatus::Draft,
            "pending" => ArticleStatus::Submitted,
            "private" => ArticleStatus::Unpublished,
            "trash" => return skip("in the trash"),
            other => return skip(&format!("in the state `{other}`")),
        };
        let Some(slug) = slug_of(item) else { return skip("no address can be made of its slug or title") };
        let body = convert(&rewrite_uploads(&item.content_html, media));
        if body.trim().is_empty() {
            return skip("it has no text");
        }
        let standfirst = match plain_text(&item.excerpt) {
            excerpt if !excerpt.is_empty() => excerpt,
            _ => first_sentence(&plain_text(&item.content_html)),
        };
        let form = StoryForm {
            slug: slug.to_string(),
            headline: plain_text(&item.title),
            standfirst,
            author: authors.names.get(&item.creator).cloned().unwrap_or_else(|| item.creator.clone()),
            section: item.categories.first().map_or_else(|| DEFAULT_SECTION.to_owned(), |c| plain_text(&c.name)),
            tags: item.tags.iter().map(|t| plain_text(&t.name).replace(',', " ")).collect::<Vec<_>>().join(", "),
            body,
            // Its featured image, if the import brought it in.
            lead_image: item
                .thumbnail_id
                .and_then(|id| media.by_attachment.get(&format!("{} {id}", site_of(item))))
                .map(ToString::to_string)
                .unwrap_or_default(),
            ..StoryForm::default()
        };
        let mut input = match form.check(status) {
            Ok(input) => input,
            Err(errors) => {
                let named: Vec<String> = errors.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
                return skip(&named.join("; "));
            }
        };
        input.published_at = match status {
            ArticleStatus::Published => Some(published_at.unwrap_or(now)),
            ArticleStatus::Scheduled => published_at,
            _ => None,
        };
        if self.store.article_exists(&input.slug).await? || self.store.slug_retired_for(&input.slug).await?.is_some() {
            return Ok(ItemImport::Present);
        }
        if dry_run {
            return Ok(ItemImport::WouldCreate);
        }
        let note = format!("Imported from WordPress (post {})", item.post_id);
        match self.store.save_story(Base::New, &input, IMPORTER, &note, now).await? {
            Saved::Saved { id, .. } => Ok(ItemImport::Created(id)),
            Saved::SlugTaken => Ok(ItemImport::Present),
            Saved::Conflict { .. } | Saved::Gone => Err(Error::Internal("a new story met a conflict")),
        }
    }
}

/// The first sentence of `text`, or its first 300 characters.
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?' | '۔' | '؟') && i > 20)
        .map(|(i, c)| i + c.len_utf8());
    let sentence = end.map_or(text, |end| &text[..end]);
    sentence.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_times_are_read_to_the_minute() {
        assert_eq!(wordpress_time("2026-11-30 09:15:42"), Timestamp::parse_minute("2026-11-30T09:15"));
        assert_eq!(wordpress_time("not a date"), None);
        assert_eq!(wordpress_time(""), None);
    }

    #[test]
    fn percent_encoded_slugs_are_read_as_words() {
        assert_eq!(percent_decode("%d8%a7%d9%84%d8%b3%d9%84%d8%a7%d9%85"), "السلام");
        assert_eq!(percent_decode("plain-slug"), "plain-slug");
        assert_eq!(percent_decode("100%-sure%zz"), "100%-sure%zz");
    }

    #[test]
    fn a_post_keeps_every_address_it_may_have_had() {
        let item = WxrItem {
            post_id: 42,
            link: "https://lamp.example/2024/01/10/%d8%b3%d9%84%d8%a7%d9%85/".into(),
            slug: "%d8%b3%d9%84%d8%a7%d9%85".into(),
            date: Some("2024-01-10 23:30:00".into()),
            date_gmt: Some("2024-01-11 04:30:00".into()),
            ..WxrItem::default()
        };
        assert_eq!(old_paths(&item), ["/?p=42", "/2024/01/10/سلام", "/2024/01/سلام", "/سلام"]);
        assert_eq!(normalise_path("/2024/01/10/%D8%B3%D9%84%D8%A7%D9%85/"), "/2024/01/10/سلام");
        assert_eq!(normalise_path("/"), "/");
    }

    #[test]
    fn only_web_addresses_and_e_mail_addresses_are_kept() {
        assert_eq!(guest_url("  https://reader.example/home "), Some("https://reader.example/home".to_owned()));
        assert_eq!(guest_url("HTTP://reader.example"), Some("HTTP://reader.example".to_owned()));
        for refused in ["javascript:alert(1)", "ftp://x.example", "https://", "http://a b.example", "", "data:x"] {
            assert_eq!(guest_url(refused), None, "{refused}");
        }
        assert_eq!(guest_email(" Reader@Mail.example "), Some("Reader@Mail.example".to_owned()));
        assert_eq!(guest_email("not an address"), None);
    }

    #[test]
    fn wordpress_sizes_share_their_upload() {
        assert_eq!(unsized_path("2024/01/photo-300x200.jpg"), "2024/01/photo.jpg");
        assert_eq!(unsized_path("2024/01/photo.jpg"), "2024/01/photo.jpg");
        assert_eq!(unsized_path("2024/01/my-photo-x.jpg"), "2024/01/my-photo-x.jpg");
        assert_eq!(unsized_path("2024/01/one-2024.png"), "2024/01/one-2024.png");
    }

    #[test]
    fn links_to_imported_uploads_are_rewritten() {
        let mut media = WordPressMedia::default();
        media.by_path.insert("2024/01/photo.jpg".into(), "/media/abc.jpg".into());
        let html = r#"<img src="https://site.example/wp-content/uploads/2024/01/photo-300x200.jpg?w=1" alt="x"> <a href='/wp-content/uploads/2024/01/photo.jpg'>big</a> <img src="https://site.example/wp-content/uploads/2024/01/other.jpg">"#;
        assert_eq!(
            rewrite_uploads(html, &media),
            r#"<img src="/media/abc.jpg" alt="x"> <a href='/media/abc.jpg'>big</a> <img src="https://site.example/wp-content/uploads/2024/01/other.jpg">"#
        );
    }

    #[test]
    fn an_address_after_a_wide_space_is_rewritten_whole() {
        let mut media = WordPressMedia::default();
        media.by_path.insert("2024/01/photo.jpg".into(), "/media/abc.jpg".into());
        for space in ['\u{a0}', '\u{3000}', '\u{2003}'] {
            let html = format!("See{space}https://site.example/wp-content/uploads/2024/01/photo.jpg now");
            assert_eq!(rewrite_uploads(&html, &media), format!("See{space}/media/abc.jpg now"));
        }
    }

    #[test]
    fn an_attachment_outside_the_uploads_folder_has_no_path() {
        let attachment = |url: &str| WxrItem {
            post_id: 7,
            post_type: "attachment".into(),
            title: "harbour-at-dawn".into(),
            attachment_url: Some(url.into()),
            ..WxrItem::default()
        };
        let inside =
            WordPressAttachment::of(&attachment("https://s.example/wp-content/uploads/2024/01/a%20b.jpg")).unwrap();
        assert_eq!(inside.upload_path.as_deref(), Some("2024/01/a b.jpg"));
        assert_eq!(inside.alt, "harbour-at-dawn");
        for outside in ["https://s.example/wp-content/uploads/../../etc/passwd", "https://s.example/files/a.jpg"] {
            assert_eq!(WordPressAttachment::of(&attachment(outside)).unwrap().upload_path, None, "{outside}");
        }
        assert_eq!(WordPressAttachment::of(&WxrItem { post_type: "post".into(), ..attachment("x") }), None);
    }

    #[test]
    fn logins_become_handles() {
        assert_eq!(handle_base("amina"), "amina");
        assert_eq!(handle_base("quiet.one"), "quiet_one");
        assert_eq!(handle_base("a@b"), "a_b");
        assert_eq!(handle_base("jo"), "wp_jo");
    }

    #[test]
    fn a_standfirst_is_the_first_sentence() {
        assert_eq!(first_sentence("The boats sailed at dusk. Then they returned."), "The boats sailed at dusk.");
        assert_eq!(first_sentence("Short"), "Short");
    }
}
