//! Article files: Markdown with TOML front matter between `+++` lines, as
//! `byline article publish` reads them.
//!
//! ```text
//! +++
//! headline = "The negotiator who kept the river talks alive"
//! standfirst = "One sentence under the headline."
//! author = "Samira Okafor"
//! section = "World"
//! +++
//! The body, in Markdown.
//! ```
//!
//! Every problem is reported as one [`ArticleFileError`] naming the line and
//! the field, so an editor can go straight to it.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use toml::Spanned;

use crate::articles::{ArticleInput, ArticleStatus, NamedSlug, limits};
use crate::clock::Timestamp;
use crate::language::LanguageTag;
use crate::media::{MediaText, MediaTextForm};
use crate::render::render_article;
use crate::slug::Slug;
use crate::text::{normalise, normalise_line};

/// What is wrong with an article file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFileError {
    /// 1-based line in the file.
    pub line: usize,
    /// The front-matter field at fault, if the fault is in one.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ArticleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}: field `{}`: {}", self.line, field, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for ArticleFileError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    slug: Option<Spanned<String>>,
    kicker: Option<Spanned<String>>,
    headline: Option<Spanned<String>>,
    standfirst: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    section: Option<Spanned<String>>,
    #[serde(default)]
    tags: Option<Spanned<Vec<String>>>,
    language: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    published_at: Option<Spanned<DateValue>>,
    featured_rank: Option<Spanned<i64>>,
    comments: Option<Spanned<String>>,
    call_to_comment: Option<Spanned<String>>,
    lead_image: Option<Spanned<LeadImageMatter>>,
}

/// `[lead_image]`: a photograph beside the file, and its words.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeadImageMatter {
    file: String,
    alt: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

/// The photograph an article file names as its lead: a path relative to
/// the file (never leaving its folder), and what to say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadImageRef {
    pub file: String,
    pub text: MediaText,
}

/// An article file read whole: the article, and the photograph it names.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleFile {
    pub input: ArticleInput,
    pub lead_image: Option<LeadImageRef>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Datetime(toml::value::Datetime),
    Text(String),
}

/// Where the front matter sits in the file, for turning byte spans into lines.
struct Located<'a> {
    front_matter: &'a str,
    /// Line number of the first front-matter line.
    first_line: usize,
}

impl Located<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        let upto = span.start.min(self.front_matter.len());
        self.first_line + self.front_matter[..upto].matches('\n').count()
    }

    fn error<T>(&self, field: &str, span: &Range<usize>, message: impl Into<String>) -> Result<T, ArticleFileError> {
        Err(ArticleFileError { line: self.line_of(span), field: Some(field.to_owned()), message: message.into() })
    }

    /// The key written on the line holding `span`, for errors that toml
    /// reports without naming it.
    fn key_at(&self, span: &Range<usize>) -> Option<String> {
        let line = self.front_matter.lines().nth(self.line_of(span) - self.first_line)?;
        let (key, _) = line.split_once('=')?;
        let key = key.trim().trim_matches('"');
        (!key.is_empty()).then(|| key.to_owned())
    }
}

/// Parses and validates a whole article file whose front matter sets its
/// `slug`.
pub fn parse_article_file(text: &str) -> Result<ArticleInput, ArticleFileError> {
    parse(text, None).map(|file| file.input)
}

/// Parses an article file with the lead photograph it names, if any;
/// `file_name` as for [`parse_named_article_file`].
pub fn read_article_file(text: &str, file_name: Option<&str>) -> Result<ArticleFile, ArticleFileError> {
    parse(text, file_name)
}

/// Parses and validates an article file read from `file_name`. Without
/// `slug` in the front matter the file's name (less its extension) gives
/// the slug, never the headline: an article keeps its address however
/// often its headline is corrected, and publishing the file again updates
/// it.
pub fn parse_named_article_file(text: &str, file_name: &str) -> Result<ArticleInput, ArticleFileError> {
    parse(text, Some(file_name)).map(|file| file.input)
}

fn parse(text: &str, file_name: Option<&str>) -> Result<ArticleFile, ArticleFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (located, body, body_first_line) = split_front_matter(text)?;
    let fm: FrontMatter = toml::from_str(located.front_matter).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        ArticleFileError {
            line: located.line_of(&span),
            field: located.key_at(&span),
            message: err.message().trim().to_owned(),
        }
    })?;

    let headline = required_line(&located, "headline", fm.headline, limits::HEADLINE)?;
    let standfirst = required_line(&located, "standfirst", fm.standfirst, limits::STANDFIRST)?;
    let author_name = required_line(&located, "author", fm.author, limits::AUTHOR)?;
    let section_name = required_line(&located, "section", fm.section.clone(), limits::SECTION)?;
    let section_slug = match Slug::from_title(&section_name) {
        Ok(slug) => slug,
        Err(err) => {
            let span = fm.section.map(|s| s.span()).unwrap_or(0..0);
            return located.error("section", &span, err.to_string());
        }
    };
    let kicker = optional_line(&located, "kicker", fm.kicker, limits::KICKER)?;
    let call_to_comment = optional_line(&located, "call_to_comment", fm.call_to_comment, limits::CALL_TO_COMMENT)?;

    let slug = match fm.slug {
        Some(raw) => Slug::parse(raw.get_ref()).or_else(|err| located.error("slug", &raw.span(), err.to_string()))?,
        None => match file_name {
            Some(name) => {
                let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
                Slug::from_title(stem).or_else(|_| {
                    located.error(
                        "slug",
                        &(0..0),
                        "the file's name gives no slug; set `slug` to a few words joined by hyphens",
                    )
                })?
            }
            None => {
                return located.error(
                    "slug",
                    &(0..0),
                    "required: a few words joined by hyphens, the article's address",
                );
            }
        },
    };

    let tags = parse_tags(&located, fm.tags)?;

    let language = match fm.language {
        Some(raw) => {
            LanguageTag::parse(raw.get_ref()).or_else(|err| located.error("language", &raw.span(), err.to_string()))?
        }
        None => LanguageTag::parse("en").or_else(|err| located.error("language", &(0..0), err.to_string()))?,
    };

    let status = match &fm.status {
        Some(raw) => raw
            .get_ref()
            .parse()
            .or_else(|err: crate::articles::UnknownValue| located.error("status", &raw.span(), err.to_string()))?,
        None => ArticleStatus::Draft,
    };
    let comment_mode =
        match &fm.comments {
            Some(raw) => Some(raw.get_ref().parse().or_else(|err: crate::articles::UnknownValue| {
                located.error("comments", &raw.span(), err.to_string())
            })?),
            None => None,
        };

    let published_at = match fm.published_at {
        Some(raw) => Some(parse_time(&located, &raw)?),
        None => None,
    };
    if status == ArticleStatus::Scheduled && published_at.is_none() {
        let span = fm.status.map(|s| s.span()).unwrap_or(0..0);
        return located.error(
            "published_at",
            &span,
            "a scheduled article needs `published_at`, such as 2026-12-01T09:00:00Z",
        );
    }

    let featured_rank = match fm.featured_rank {
        Some(raw) if !(1..=limits::FEATURED_RANK).contains(raw.get_ref()) => {
            return located.error(
                "featured_rank",
                &raw.span(),
                format!("must be between 1 and {}", limits::FEATURED_RANK),
            );
        }
        Some(raw) => Some(raw.into_inner()),
        None => None,
    };

    let lead_image = match fm.lead_image {
        None => None,
        Some(matter) => {
            let span = matter.span();
            let matter = matter.into_inner();
            let file = matter.file.trim();
            let path = std::path::Path::new(file);
            let stays_beside =
                !file.is_empty() && path.components().all(|part| matches!(part, std::path::Component::Normal(_)));
            if !stays_beside {
                return located.error(
                    "lead_image",
                    &span,
                    "`file` must be a path beside the article file, such as \"media/harbour.jpg\"",
                );
            }
            let form = MediaTextForm { alt: matter.alt, caption: matter.caption, credit: matter.credit };
            match form.check() {
                Ok(text) => Some(LeadImageRef { file: file.to_owned(), text }),
                Err(errors) => {
                    let what: Vec<String> = errors.iter().map(|e| format!("`{}` {}", e.field, e.message)).collect();
                    return located.error("lead_image", &span, what.join("; "));
                }
            }
        }
    };

    let body_source = normalise(body);
    if body_source.chars().count() > limits::BODY {
        return Err(ArticleFileError {
            line: body_first_line,
            field: None,
            message: format!("the body is longer than {} characters", limits::BODY),
        });
    }
    let body_html = render_article(body).map_err(|err| ArticleFileError {
        line: body_first_line + err.line() - 1,
        field: None,
        message: err.to_string(),
    })?;

    let input = ArticleInput {
        slug,
        kicker,
        headline,
        standfirst,
        author_name,
        section: NamedSlug { slug: section_slug, name: section_name },
        tags,
        language,
        status,
        published_at,
        featured_rank,
        comment_mode,
        call_to_comment,
        // The library's number, once the named photograph is in it.
        lead_image: None,
        body_source,
        body_html,
    };
    Ok(ArticleFile { input, lead_image })
}

/// Splits `+++ front matter +++ body`; returns the front matter located in
/// the file, the body and the body's first line number.
fn split_front_matter(text: &str) -> Result<(Located<'_>, &str, usize), ArticleFileError> {
    let at_line = |line, message: &str| ArticleFileError { line, field: None, message: message.to_owned() };
    let Some(after_open) = text.strip_prefix("+++").map(|rest| rest.trim_start_matches([' ', '\t'])) else {
        return Err(at_line(1, "the file must begin with front matter between two `+++` lines"));
    };
    let Some(after_open) = after_open.strip_prefix("\r\n").or_else(|| after_open.strip_prefix('\n')) else {
        return Err(at_line(1, "the opening `+++` must stand alone on the first line"));
    };
    let mut offset = 0;
    for (index, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            let front_matter = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            let closing_line = index + 2;
            return Ok((Located { front_matter, first_line: 2 }, body, closing_line + 1));
        }
        offset += line.len();
    }
    Err(at_line(1, "the front matter is never closed: add a line with `+++` after it"))
}

fn check_length(
    located: &Located<'_>,
    field: &str,
    value: &Spanned<String>,
    text: &str,
    max: usize,
) -> Result<(), ArticleFileError> {
    if text.chars().count() > max {
        return located.error(field, &value.span(), format!("must be at most {max} characters"));
    }
    if text.chars().any(|c| c.is_control()) {
        return located.error(field, &value.span(), "must not contain control characters");
    }
    Ok(())
}

fn required_line(
    located: &Located<'_>,
    field: &str,
    value: Option<Spanned<String>>,
    max: usize,
) -> Result<String, ArticleFileError> {
    let Some(value) = value else {
        return Err(ArticleFileError { line: 1, field: Some(field.to_owned()), message: "is required".into() });
    };
    let text = normalise_line(value.get_ref());
    if text.is_empty() {
        return located.error(field, &value.span(), "must not be empty");
    }
    check_length(located, field, &value, &text, max)?;
    Ok(text)
}

fn optional_line(
    located: &Located<'_>,
    field: &str,
    value: Option<Spanned<String>>,
    max: usize,
) -> Result<Option<String>, ArticleFileError> {
    let Some(value) = value else { return Ok(None) };
    let text = normalise_line(value.get_ref());
    if text.is_empty() {
        return Ok(None);
    }
    check_length(located, field, &value, &text, max)?;
    Ok(Some(text))
}

fn parse_tags(located: &Located<'_>, tags: Option<Spanned<Vec<String>>>) -> Result<Vec<NamedSlug>, ArticleFileError> {
    let Some(tags) = tags else {
        return Ok(Vec::new());
    };
    let span = tags.span();
    if tags.get_ref().len() > limits::TAGS {
        return located.error("tags", &span, format!("at most {} tags", limits::TAGS));
    }
    let mut named: Vec<NamedSlug> = Vec::new();
    for raw in tags.get_ref() {
        let name = normalise_line(raw);
        if name.chars().count() > limits::TAG {
            return located.error("tags", &span, format!("tag `{name}` is longer than {} characters", limits::TAG));
        }
        let slug = Slug::from_title(&name)
            .or_else(|_| located.error("tags", &span, format!("tag `{raw}` has no letters or digits")))?;
        if !named.iter().any(|t| t.slug == slug) {
            named.push(NamedSlug { slug, name });
        }
    }
    Ok(named)
}

fn parse_time(located: &Located<'_>, raw: &Spanned<DateValue>) -> Result<Timestamp, ArticleFileError> {
    let text = match raw.get_ref() {
        DateValue::Datetime(dt) => dt.to_string(),
        DateValue::Text(text) => text.clone(),
    };
    OffsetDateTime::parse(&text, &Rfc3339).map(Timestamp::from_datetime).or_else(|_| {
        located.error(
            "published_at",
            &raw.span(),
            format!("`{text}` is not a date and time with an offset, such as 2026-12-01T09:00:00Z"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommentMode;

    const GOOD: &str = "+++\nheadline = \"Bridges of Kessa\"\nstandfirst = \"A town rebuilds.\"\nauthor = \"A. Writer\"\nsection = \"World News\"\ntags = [\"Rivers\", \"rivers\", \"Civic life\"]\nlanguage = \"ur\"\nstatus = \"published\"\nfeatured_rank = 2\ncomments = \"pre-moderated\"\n+++\n\nThe body.\n";

    /// The file as `byline article publish` reads it, named after its slug.
    fn parsed(text: &str) -> Result<ArticleInput, ArticleFileError> {
        parse_named_article_file(text, "bridges-of-kessa.md")
    }

    fn error_of(text: &str) -> ArticleFileError {
        parsed(text).unwrap_err()
    }

    /// GOOD with `[lead_image]` set to `table`, after the other keys.
    fn with_lead_image(table: &str) -> String {
        GOOD.replacen(
            "comments = \"pre-moderated\"\n",
            &format!("comments = \"pre-moderated\"\n[lead_image]\n{table}"),
            1,
        )
    }

    #[test]
    fn a_lead_image_is_a_path_beside_the_file_with_its_words() {
        let file = read_article_file(
            &with_lead_image("file = \"media/boats.jpg\"\nalt = \" Boats  at dusk \"\ncredit = \"Staff\"\n"),
            Some("boats.md"),
        )
        .unwrap();
        let lead = file.lead_image.unwrap();
        assert_eq!(lead.file, "media/boats.jpg");
        assert_eq!(
            (lead.text.alt.as_str(), lead.text.caption.as_str(), lead.text.credit.as_str()),
            ("Boats at dusk", "", "Staff")
        );
        assert_eq!(read_article_file(GOOD, Some("boats.md")).unwrap().lead_image, None);

        for bad in ["/etc/passwd", "../secret.jpg", "media/../../x.jpg", ""] {
            let err =
                read_article_file(&with_lead_image(&format!("file = \"{bad}\"\nalt = \"Boats\"\n")), Some("boats.md"))
                    .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("lead_image"), "{bad}");
        }
        let err =
            read_article_file(&with_lead_image("file = \"boats.jpg\"\nalt = \"  \"\n"), Some("boats.md")).unwrap_err();
        assert!(err.message.contains("`alt` is required"), "{err}");
        let err = read_article_file(&with_lead_image("file = \"boats.jpg\"\n"), Some("boats.md")).unwrap_err();
        assert!(err.message.contains("alt"), "{err}");
    }

    #[test]
    fn a_complete_file_parses() {
        let article = parsed(GOOD).unwrap();
        assert_eq!(article.slug.as_str(), "bridges-of-kessa");
        assert_eq!(article.section.slug.as_str(), "world-news");
        assert_eq!(article.section.name, "World News");
        let tag_slugs: Vec<_> = article.tags.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(tag_slugs, ["rivers", "civic-life"]);
        assert_eq!(article.language.as_str(), "ur");
        assert_eq!(article.status, ArticleStatus::Published);
        assert_eq!(article.comment_mode, Some(CommentMode::PreModerated));
        assert_eq!(article.featured_rank, Some(2));
        assert_eq!(article.body_html.as_str(), "<p>The body.</p>\n");
    }

    #[test]
    fn defaults_fill_optional_fields() {
        let text =
            "+++\nslug = \"h\"\nheadline = \"H\"\nstandfirst = \"S\"\nauthor = \"A\"\nsection = \"World\"\n+++\nBody\n";
        let article = parse_article_file(text).unwrap();
        assert_eq!(article.status, ArticleStatus::Draft);
        assert_eq!(article.comment_mode, None, "the section's default");
        assert_eq!(article.language.as_str(), "en");
        assert!(article.published_at.is_none() && article.kicker.is_none());
    }

    #[test]
    fn without_a_slug_the_file_name_gives_it_never_the_headline() {
        let text = |headline: &str| {
            format!(
                "+++\nheadline = \"{headline}\"\nstandfirst = \"S\"\nauthor = \"A\"\nsection = \"World\"\n+++\nBody\n"
            )
        };
        let first = parse_named_article_file(&text("Harbour reopnes"), "2026-12-05 Harbour.md").unwrap();
        let fixed = parse_named_article_file(&text("Harbour reopens"), "2026-12-05 Harbour.md").unwrap();
        assert_eq!(first.slug.as_str(), "2026-12-05-harbour");
        assert_eq!(fixed.slug, first.slug, "a corrected headline keeps the address");
        // A slug in the front matter wins over the name.
        let named =
            parse_named_article_file(&text("H").replace("+++\nheadline", "+++\nslug = \"harbour\"\nheadline"), "x.md");
        assert_eq!(named.unwrap().slug.as_str(), "harbour");
        // A name of no letters gives no slug, and says so.
        let err = parse_named_article_file(&text("H"), "---.md").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("slug"));
        assert!(err.message.contains("file's name"), "{}", err.message);
        // Read without a name, a file must set its slug.
        let err = parse_article_file(&text("Harbour reopens")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("slug"));
    }

    #[test]
    fn wrong_status_names_its_line_and_field() {
        let err = error_of(&GOOD.replace("status = \"published\"", "status = \"publishd\""));
        assert_eq!(err.line, 8);
        assert_eq!(err.field.as_deref(), Some("status"));
        assert_eq!(
            err.to_string(),
            "line 8: field `status`: expected one of draft, submitted, scheduled, published, unpublished; found `publishd`"
        );
    }

    #[test]
    fn wrong_type_names_its_line_and_field() {
        let err = error_of(&GOOD.replace("featured_rank = 2", "featured_rank = \"two\""));
        assert_eq!((err.line, err.field.as_deref()), (9, Some("featured_rank")));
    }

    #[test]
    fn unknown_field_is_rejected_at_its_line() {
        let err = error_of(&GOOD.replace("language = \"ur\"", "langauge = \"ur\""));
        assert_eq!((err.line, err.field.as_deref()), (7, Some("langauge")));
        assert!(err.message.contains("unknown field"), "{}", err.message);
    }

    #[test]
    fn missing_required_field_is_named() {
        let err = error_of(&GOOD.replace("author = \"A. Writer\"\n", ""));
        assert_eq!(err.to_string(), "line 1: field `author`: is required");
    }

    #[test]
    fn scheduled_needs_a_time_and_accepts_one() {
        let scheduled = GOOD.replace("status = \"published\"", "status = \"scheduled\"");
        assert_eq!(error_of(&scheduled).field.as_deref(), Some("published_at"));
        let with_time = scheduled.replace("+++\n\n", "published_at = 2026-12-01T09:00:00Z\n+++\n\n");
        let article = parsed(&with_time).unwrap();
        assert_eq!(article.published_at.map(|t| t.rfc3339()).as_deref(), Some("2026-12-01T09:00:00Z"));
    }

    #[test]
    fn times_without_offset_are_rejected() {
        let text = GOOD.replace("+++\n\n", "published_at = 2026-12-01T09:00:00\n+++\n\n");
        let err = error_of(&text);
        assert_eq!((err.line, err.field.as_deref()), (11, Some("published_at")));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        assert_eq!(error_of("Just text\n").line, 1);
        assert!(error_of("+++\nheadline = \"x\"\n").message.contains("never closed"));
    }

    #[test]
    fn bad_slug_and_rank_and_language_are_caught() {
        let err = error_of(&GOOD.replace("+++\n\n", "slug = \"Not A Slug\"\n+++\n\n"));
        assert_eq!(err.field.as_deref(), Some("slug"));
        assert!(err.message.contains("not-a-slug"), "{}", err.message);
        assert_eq!(
            error_of(&GOOD.replace("featured_rank = 2", "featured_rank = 0")).field.as_deref(),
            Some("featured_rank")
        );
        assert_eq!(error_of(&GOOD.replace("\"ur\"", "\"urdu!\"")).field.as_deref(), Some("language"));
    }

    #[test]
    fn body_errors_point_into_the_body() {
        let err = error_of(&GOOD.replace("The body.\n", "The body.\n\n![](/x.png)\n"));
        assert_eq!(err.line, 15);
        assert!(err.message.contains("alt text"), "{}", err.message);
    }

    #[test]
    fn empty_headline_is_rejected() {
        let err = error_of(&GOOD.replace("\"Bridges of Kessa\"", "\"   \""));
        assert_eq!(err.to_string(), "line 2: field `headline`: must not be empty");
    }
}
