//! The comments bar on other sites: which sites may carry it, the
//! discussion record a host page gets on first use, comment counts for a
//! host site's index pages, and the one-time code that hands a reader's
//! sign-in on this site to the bar on another.

use byline_core::{LanguageTag, NamedSlug, Slug};
use byline_store::{ExternalArticle, NewExternalArticle};
use url::{Origin, Url};

use crate::sessions::{hash_token, new_token};
use crate::{App, Error, Refusal};

/// What the embedded bar may do, and for whom.
#[derive(Debug, Clone, Default)]
pub struct EmbedSettings {
    /// The sites (scheme, host and port) whose pages may carry the bar.
    pub sites: Vec<Origin>,
    /// The secret host sites sign their readers' sign-in tokens with;
    /// `None` takes no such sign-ins.
    pub host_secret: Option<String>,
    /// The language of a host story that does not say its own: the site's.
    pub language: Option<LanguageTag>,
}

/// The section discussions of stories elsewhere are kept in: never listed,
/// but every record needs one.
const SECTION_SLUG: &str = "elsewhere";
const SECTION_NAME: &str = "Discussions elsewhere";
/// Longest title kept from a host page.
const MAX_TITLE_CHARS: usize = 300;
/// Longest identifier a host page may give its story.
const MAX_ID_CHARS: usize = 200;
/// Longest page address taken.
const MAX_URL_BYTES: usize = 2000;
/// How long a sign-in handed to the bar waits to be used.
const HANDOFF_MINUTES: i64 = 2;
/// Most pages one request for counts may ask about.
pub const MAX_COUNTED_PAGES: usize = 200;

/// A host page asking for its discussion.
#[derive(Debug, Clone, Copy, Default)]
pub struct HostPage<'a> {
    /// The page's canonical address.
    pub url: &'a str,
    /// The identifier the host site gives the story, if it gives one: it
    /// finds the discussion even when the page's address changes.
    pub id: Option<&'a str>,
    /// The story's title, for the record's headline.
    pub title: Option<&'a str>,
    /// The story's language (a BCP 47 tag), if the page says it.
    pub lang: Option<&'a str>,
    /// Whether a discussion not yet made may be made now (the request
    /// comes from the story's own site); otherwise only one that exists
    /// is found.
    pub may_create: bool,
}

/// Comment counts asked for by a host site's index page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Page address → published comments.
    pub urls: Vec<(String, i64)>,
    /// Story identifier → published comments.
    pub ids: Vec<(String, i64)>,
}

impl App {
    /// The sites whose pages may carry the bar.
    pub fn embed_sites(&self) -> &[Origin] {
        &self.embed.sites
    }

    /// Whether pages of `origin` may carry the bar.
    pub fn embed_allows(&self, origin: &Origin) -> bool {
        origin.is_tuple() && self.embed.sites.contains(origin)
    }

    /// The site `raw` (an `Origin` header's value) if it may carry the bar.
    pub fn allowed_site(&self, raw: &str) -> Option<Origin> {
        let origin = Url::parse(raw).ok()?.origin();
        self.embed_allows(&origin).then_some(origin)
    }

    /// The page at `raw` if it is a web page of an allowed site, without
    /// its fragment.
    pub fn host_page_url(&self, raw: &str) -> Result<Url, Error> {
        let raw = raw.trim();
        if raw.len() > MAX_URL_BYTES {
            return Err(Refusal::PageAddress.into());
        }
        let mut url = Url::parse(raw).map_err(|_| Refusal::PageAddress)?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(Refusal::PageAddress.into());
        }
        if !self.embed_allows(&url.origin()) {
            return Err(Refusal::SiteNotAllowed.into());
        }
        url.set_fragment(None);
        Ok(url)
    }

    /// The discussion of a host page, made on its first visit: found by
    /// the story's identifier when the page gives one, by its address
    /// otherwise.
    pub async fn host_discussion(&self, page: HostPage<'_>) -> Result<ExternalArticle, Error> {
        let url = self.host_page_url(page.url)?;
        let key = match page.id.map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => id_key(&url.origin(), id)?,
            None => url_key(&url),
        };
        if let Some(found) = self.store.external_article(&key).await? {
            return Ok(found);
        }
        if !page.may_create {
            return Err(Refusal::NotFound.into());
        }
        let title = page.title.map(byline_core::text::normalise_line).unwrap_or_default();
        let title: String =
            title.chars().filter(|c| !byline_core::text::is_invisible_control(*c)).take(MAX_TITLE_CHARS).collect();
        let host = url.host_str().unwrap_or_default().to_owned();
        let headline = if title.is_empty() { format!("{host}{}", url.path()) } else { title };
        let slug = discussion_slug(&headline, &key)?;
        let section = NamedSlug {
            slug: Slug::parse(SECTION_SLUG).map_err(|_| Error::Internal("the discussions' section slug is not one"))?,
            name: SECTION_NAME.into(),
        };
        let language = page
            .lang
            .and_then(|raw| LanguageTag::parse(raw.trim()).ok())
            .or_else(|| self.embed.language.clone())
            .or_else(|| LanguageTag::parse("en").ok())
            .ok_or(Error::Internal("no language for a discussion"))?;
        let new = NewExternalArticle {
            key: &key,
            url: url.as_str(),
            slug: &slug,
            headline: &headline,
            language: &language,
            author_name: &host,
            section: &section,
        };
        self.store.add_external_article(&new, self.now()).await?.ok_or(Error::Internal("a discussion's slug is taken"))
    }

    /// Published comments on each page (by address) and story (by
    /// identifier) of `site` asked about; those never discussed count 0.
    pub async fn host_counts(&self, site: &Origin, urls: &[String], ids: &[String]) -> Result<Counts, Error> {
        // Each page asked about, as asked and as kept.
        let pages: Vec<(String, String)> = urls
            .iter()
            .take(MAX_COUNTED_PAGES)
            .filter_map(|raw| {
                let url = self.host_page_url(raw).ok().filter(|url| url.origin() == *site)?;
                Some((raw.clone(), url.to_string()))
            })
            .collect();
        let stories: Vec<(String, String)> = ids
            .iter()
            .take(MAX_COUNTED_PAGES)
            .filter_map(|id| Some((id.clone(), id_key(site, id.trim()).ok()?)))
            .collect();
        let mut keys: Vec<String> = pages.iter().map(|(_, url)| format!("url {url}")).collect();
        keys.extend(stories.iter().map(|(_, key)| key.clone()));
        let kept_urls: Vec<String> = pages.iter().map(|(_, url)| url.clone()).collect();
        let found = self.store.external_articles(&keys, &kept_urls).await?;
        // A page is found by its address, or by the story (with its own
        // identifier) it shows.
        let page_count = |url: &str| {
            let key = format!("url {url}");
            found
                .iter()
                .find(|(k, _)| *k == key)
                .or_else(|| found.iter().find(|(_, a)| a.url == url))
                .map_or(0, |(_, a)| a.comment_count)
        };
        let story_count = |key: &str| found.iter().find(|(k, _)| k == key).map_or(0, |(_, a)| a.comment_count);
        Ok(Counts {
            urls: pages.iter().map(|(raw, url)| (raw.clone(), page_count(url))).collect(),
            ids: stories.iter().map(|(id, key)| (id.clone(), story_count(key))).collect(),
        })
    }

    /// A one-time code that signs `user_id` in to the embedded bar, to be
    /// used within minutes.
    pub async fn hand_off_sign_in(&self, user_id: i64) -> Result<String, Error> {
        let code = new_token();
        self.store.add_frame_handoff(&hash_token(&code), user_id, self.now().plus_minutes(HANDOFF_MINUTES)).await?;
        Ok(code)
    }

    /// The account a handed-off code signs in; it works once.
    pub async fn take_hand_off(&self, code: &str) -> Result<i64, Error> {
        self.store.take_frame_handoff(&hash_token(code), self.now()).await?.ok_or_else(|| Refusal::LinkNoGood.into())
    }
}

/// The key of a discussion found by its page's address.
fn url_key(url: &Url) -> String {
    format!("url {url}")
}

/// The key of a discussion found by the identifier its site gave it.
fn id_key(site: &Origin, id: &str) -> Result<String, Error> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS || id.chars().any(char::is_control) {
        return Err(Refusal::PageAddress.into());
    }
    Ok(format!("id {} {id}", site.ascii_serialization()))
}

/// A slug from the title, made unique by its key: two host stories with
/// one title get two addresses.
fn discussion_slug(headline: &str, key: &str) -> Result<Slug, Error> {
    use sha2::{Digest, Sha256};
    let tag: String = hex::encode(Sha256::digest(key.as_bytes())).chars().take(10).collect();
    let stem: String = Slug::from_title(headline).map(|s| s.as_str().chars().take(80).collect()).unwrap_or_default();
    let stem = stem.trim_end_matches('-');
    let raw = if stem.is_empty() { format!("discussion-{tag}") } else { format!("{stem}-{tag}") };
    Slug::from_title(&raw).map_err(|_| Error::Internal("a discussion's slug is not one"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_differ_by_key_and_read_like_the_title() {
        let slug =
            |title: &str, key: &str| discussion_slug(title, key).map(|s| s.as_str().to_owned()).unwrap_or_default();
        let a = slug("Who is X? | The people behind Y", "url https://news.example/a");
        let b = slug("Who is X? | The people behind Y", "url https://news.example/b");
        assert_ne!(a, b);
        assert!(a.starts_with("who-is-x-the-people-behind-y-"), "{a}");
        let urdu = slug("کراچی میں بارش", "id https://news.example 7");
        assert!(urdu.starts_with("کراچی-میں-بارش-"), "{urdu}");
        let blank = slug("?!", "id https://news.example 7");
        assert!(blank.starts_with("discussion-"), "{blank}");
    }

    #[test]
    fn identifiers_are_kept_apart_by_site() {
        let one = Url::parse("https://one.example").map(|u| u.origin()).ok();
        let two = Url::parse("https://two.example").map(|u| u.origin()).ok();
        let (Some(one), Some(two)) = (one, two) else { panic!("origins parse") };
        assert_ne!(id_key(&one, "42").ok(), id_key(&two, "42").ok());
        assert!(id_key(&one, "").is_err());
        assert!(id_key(&one, "a\nb").is_err());
    }
}
