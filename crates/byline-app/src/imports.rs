//! Moving in from WordPress: each post of an export becomes a story, in
//! the state it had (a draft stays a draft, a private post stays out of
//! sight, nothing is published that was not), through the same checks and
//! sanitiser as the desk's. Importing the same export again changes
//! nothing: a post whose address is taken is left as it is.

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

impl App {
    /// Makes a story of one item of a WordPress export: posts only (pages,
    /// attachments and menu items are reported as skipped). `authors` maps
    /// the export's logins to the names bylines show. Nothing is written
    /// on a dry run. The command line's to call: its operator may do
    /// anything.
    pub async fn import_wordpress_item(
        &self,
        item: &WxrItem,
        authors: &HashMap<String, String>,
        dry_run: bool,
    ) -> Result<ItemOutcome, Error> {
        let post = self.import_wordpress_post(item, authors, dry_run).await?;
        let article = match &post {
            ItemImport::Created(id) => Some(*id),
            ItemImport::Present => match slug_of(item) {
                Some(slug) => self.store.article_id(&slug).await?,
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
            (_, Some(article)) if !dry_run => self.import_wordpress_comments(item, article).await?,
            // A dry run, or a story still to be made: what would be added.
            _ => self.count_wordpress_comments(item).await?,
        };
        Ok(ItemOutcome { post, comments })
    }

    /// What a dry run says of an item's comments.
    async fn count_wordpress_comments(&self, item: &WxrItem) -> Result<CommentsImport, Error> {
        let mut tally = CommentsImport::default();
        for comment in &item.comments {
            let key = format!("{} {}", site_of(item), comment.id);
            if self.store.imported_target(COMMENT_KIND, &key).await?.is_some() {
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

    /// Adds an item's comments under story `article`, each at its own time
    /// and in the state it had (approved: published; waiting: held; spam;
    /// in the trash: removed), replies under what they answer, by the name
    /// their authors gave. Comments imported before are left as they are.
    async fn import_wordpress_comments(&self, item: &WxrItem, article: i64) -> Result<CommentsImport, Error> {
        use byline_core::comments::{detect_language, render_comment};
        let mut tally = CommentsImport::default();
        let site = site_of(item);
        let mut comments: Vec<_> = item.comments.iter().collect();
        // Parents before their replies.
        comments.sort_by_key(|c| c.id);
        let language = byline_core::LanguageTag::parse("en").map_err(|_| Error::Internal("no English tag"))?;
        for comment in comments {
            let key = format!("{site} {}", comment.id);
            if self.store.imported_target(COMMENT_KIND, &key).await?.is_some() {
                tally.present += 1;
                continue;
            }
            let (status, body) = match self.comment_of(comment) {
                Ok(prepared) => prepared,
                Err(why) => {
                    tally.skipped.push(why);
                    continue;
                }
            };
            let parent = match comment.parent {
                0 => None,
                parent => self.store.imported_target(COMMENT_KIND, &format!("{site} {parent}")).await?,
            };
            // One line of at most 80 characters, as a guest's name is.
            let name: String = byline_core::text::normalise_line(&comment.author).chars().take(80).collect();
            let name = if name.is_empty() { "A reader" } else { name.as_str() };
            let html = render_comment(&body);
            let language = detect_language(&body, &language);
            let new = byline_store::NewComment {
                article_id: article,
                parent_id: parent,
                author: byline_store::CommentAuthor::Guest(name),
                body: &body,
                body_html: &html,
                language: &language,
                status,
                reasons: &[],
            };
            let at = comment.date_gmt.as_deref().and_then(wordpress_time).unwrap_or_else(|| self.now());
            match self.store.import_comment(&new, at, COMMENT_KIND, &key).await? {
                byline_store::CommentAdded::Added { .. } => tally.created += 1,
                _ => tally.skipped.push("a reply to a comment of another story".to_owned()),
            }
        }
        Ok(tally)
    }

    async fn import_wordpress_post(
        &self,
        item: &WxrItem,
        authors: &HashMap<String, String>,
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
        let body = convert(&item.content_html);
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
            author: authors.get(&item.creator).cloned().unwrap_or_else(|| item.creator.clone()),
            section: item.categories.first().map_or_else(|| DEFAULT_SECTION.to_owned(), |c| plain_text(&c.name)),
            tags: item.tags.iter().map(|t| plain_text(&t.name).replace(',', " ")).collect::<Vec<_>>().join(", "),
            body,
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
    fn a_standfirst_is_the_first_sentence() {
        assert_eq!(first_sentence("The boats sailed at dusk. Then they returned."), "The boats sailed at dusk.");
        assert_eq!(first_sentence("Short"), "Short");
    }
}
