//! A story as the desk's editor sends it: every field as typed, checked
//! together so that the form comes back naming every mistake at once.
//! The rules are those of article files (the same limits, the same
//! Markdown and sanitiser); where a story stands (draft, scheduled...) is
//! the workflow's to say, not the form's.

use crate::articles::{ArticleInput, ArticleStatus, CommentMode, NamedSlug, StoryFields, limits};
use crate::language::LanguageTag;
use crate::render::render_article;
use crate::slug::Slug;
use crate::text::{normalise, normalise_line};

/// The editor's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryForm {
    /// Empty: made from the headline.
    pub slug: String,
    pub kicker: String,
    pub headline: String,
    pub standfirst: String,
    /// The byline.
    pub author: String,
    pub section: String,
    /// Comma-separated.
    pub tags: String,
    pub language: String,
    /// Empty: the section's mode.
    pub comment_mode: String,
    /// Empty: not in the featured rail.
    pub featured_rank: String,
    pub call_to_comment: String,
    /// The lead photograph's number in the media library; empty: none.
    pub lead_image: String,
    /// Markdown.
    pub body: String,
}

/// One mistake, by the field it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl StoryForm {
    /// The story as a valid input, in state `status`, or every mistake.
    pub fn check(&self, status: ArticleStatus) -> Result<ArticleInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &'static str, message: String| errors.push(FieldError { field, message });

        let headline = required(line(&self.headline, limits::HEADLINE), "headline", "is required", &mut fail);
        let standfirst = required(
            line(&self.standfirst, limits::STANDFIRST),
            "standfirst",
            "is required: one sentence under the headline",
            &mut fail,
        );
        let author_name =
            required(line(&self.author, limits::AUTHOR), "author", "is required: who wrote it", &mut fail);
        let kicker = optional(line(&self.kicker, limits::KICKER), "kicker", &mut fail);
        let call_to_comment =
            optional(line(&self.call_to_comment, limits::CALL_TO_COMMENT), "call_to_comment", &mut fail);

        let section_name = line(&self.section, limits::SECTION).unwrap_or_else(|m| {
            fail("section", m);
            String::new()
        });
        let section_slug = match Slug::from_title(&section_name) {
            Ok(slug) => Some(slug),
            Err(_) => {
                fail("section", "is required: a name with letters or digits".into());
                None
            }
        };

        let slug = if self.slug.trim().is_empty() {
            Slug::from_title(&headline).ok()
        } else {
            match Slug::parse(self.slug.trim()) {
                Ok(slug) => Some(slug),
                Err(err) => {
                    fail("slug", err.to_string());
                    None
                }
            }
        };
        if slug.is_none() && self.slug.trim().is_empty() && !headline.is_empty() {
            fail("slug", "the headline gives no address; type a few words joined by hyphens".into());
        }

        let mut tags: Vec<NamedSlug> = Vec::new();
        for raw in self.tags.split(',') {
            let name = normalise_line(raw);
            if name.is_empty() {
                continue;
            }
            if name.chars().count() > limits::TAG {
                fail("tags", format!("`{name}` is longer than {} characters", limits::TAG));
                continue;
            }
            match Slug::from_title(&name) {
                Ok(slug) if !tags.iter().any(|t| t.slug == slug) => tags.push(NamedSlug { slug, name }),
                Ok(_) => {}
                Err(_) => fail("tags", format!("`{name}` has no letters or digits")),
            }
        }
        if tags.len() > limits::TAGS {
            fail("tags", format!("at most {} tags", limits::TAGS));
        }

        let language = match self.language.trim() {
            "" => LanguageTag::parse("en").ok(),
            raw => match LanguageTag::parse(raw) {
                Ok(tag) => Some(tag),
                Err(err) => {
                    fail("language", err.to_string());
                    None
                }
            },
        };
        let comment_mode = match self.comment_mode.trim() {
            "" => None,
            raw => match raw.parse::<CommentMode>() {
                Ok(mode) => Some(mode),
                Err(err) => {
                    fail("comment_mode", err.to_string());
                    None
                }
            },
        };
        let featured_rank = match self.featured_rank.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(rank) if (1..=limits::FEATURED_RANK).contains(&rank) => Some(rank),
                _ => {
                    fail("featured_rank", format!("must be a whole number from 1 to {}", limits::FEATURED_RANK));
                    None
                }
            },
        };

        let lead_image = match self.lead_image.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    fail("lead_image", "must be a photograph from the media library".into());
                    None
                }
            },
        };

        let body_source = normalise(&self.body);
        if body_source.trim().is_empty() {
            fail("body", "is required".into());
        } else if body_source.chars().count() > limits::BODY {
            fail("body", format!("must be at most {} characters", limits::BODY));
        }
        let body_html = match render_article(&body_source) {
            Ok(html) => Some(html),
            Err(err) => {
                fail("body", err.to_string());
                None
            }
        };

        match (slug, section_slug, language, body_html) {
            (Some(slug), Some(section_slug), Some(language), Some(body_html)) if errors.is_empty() => {
                Ok(ArticleInput {
                    slug,
                    kicker,
                    headline,
                    standfirst,
                    author_name,
                    section: NamedSlug { slug: section_slug, name: section_name },
                    tags,
                    language,
                    status,
                    published_at: None,
                    featured_rank,
                    comment_mode,
                    call_to_comment,
                    lead_image,
                    body_source,
                    body_html,
                })
            }
            _ => Err(errors),
        }
    }

    /// The form filled from a story's fields.
    pub fn of(fields: &StoryFields) -> Self {
        Self {
            slug: fields.slug.to_string(),
            kicker: fields.kicker.clone().unwrap_or_default(),
            headline: fields.headline.clone(),
            standfirst: fields.standfirst.clone(),
            author: fields.author_name.clone(),
            section: fields.section.name.clone(),
            tags: fields.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
            language: fields.language.to_string(),
            comment_mode: fields.comment_mode.map(|m| m.as_str().to_owned()).unwrap_or_default(),
            featured_rank: fields.featured_rank.map(|r| r.to_string()).unwrap_or_default(),
            call_to_comment: fields.call_to_comment.clone().unwrap_or_default(),
            lead_image: fields.lead_image.map(|id| id.to_string()).unwrap_or_default(),
            body: fields.body_source.clone(),
        }
    }
}

/// A one-line field, normalised: empty if blank, or why it is refused.
fn line(raw: &str, max: usize) -> Result<String, String> {
    if raw.chars().any(|c| c.is_control() && c != '\t') {
        return Err("must not contain control characters or line breaks".into());
    }
    let text = normalise_line(raw);
    if text.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    Ok(text)
}

fn required(
    checked: Result<String, String>,
    field: &'static str,
    missing: &str,
    fail: &mut impl FnMut(&'static str, String),
) -> String {
    match checked {
        Ok(text) if text.is_empty() => {
            fail(field, missing.to_owned());
            text
        }
        Ok(text) => text,
        Err(message) => {
            fail(field, message);
            String::new()
        }
    }
}

fn optional(
    checked: Result<String, String>,
    field: &'static str,
    fail: &mut impl FnMut(&'static str, String),
) -> Option<String> {
    match checked {
        Ok(text) if text.is_empty() => None,
        Ok(text) => Some(text),
        Err(message) => {
            fail(field, message);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> StoryForm {
        StoryForm {
            headline: "Talks resume on the river".into(),
            standfirst: "Both sides came back.".into(),
            author: "Samira Okafor".into(),
            section: "World".into(),
            tags: "Rivers, Talks, rivers".into(),
            body: "The talks resumed.\n".into(),
            ..StoryForm::default()
        }
    }

    #[test]
    fn a_complete_form_makes_a_story_with_its_slug_from_the_headline() {
        let input = form().check(ArticleStatus::Draft).unwrap();
        assert_eq!(input.slug.as_str(), "talks-resume-on-the-river");
        assert_eq!(input.section.slug.as_str(), "world");
        assert_eq!(input.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Rivers", "Talks"]);
        assert_eq!(input.language.as_str(), "en");
        assert_eq!(
            StoryForm::of(&StoryFields::of(&input)).check(ArticleStatus::Draft).unwrap(),
            input,
            "the form round-trips"
        );
    }

    #[test]
    fn every_mistake_is_named_at_once() {
        let bad = StoryForm {
            headline: " ".into(),
            standfirst: String::new(),
            slug: "Not A Slug".into(),
            language: "xx-!!".into(),
            comment_mode: "sometimes".into(),
            featured_rank: "0".into(),
            body: String::new(),
            ..form()
        };
        let fields: Vec<&str> = bad.check(ArticleStatus::Draft).unwrap_err().iter().map(|e| e.field).collect();
        for field in ["headline", "standfirst", "slug", "language", "comment_mode", "featured_rank", "body"] {
            assert!(fields.contains(&field), "{field} is named in {fields:?}");
        }
    }

    #[test]
    fn raw_html_in_a_body_is_sanitised_for_staff_too() {
        let input = StoryForm { body: "Hello <script>alert(1)</script> <b onclick=x>there</b>".into(), ..form() }
            .check(ArticleStatus::Draft)
            .unwrap();
        let html = input.body_html.as_str();
        assert!(!html.contains("<script") && !html.contains("<b "), "{html}");
    }

    #[test]
    fn urdu_headlines_make_addresses_and_keep_their_words() {
        let input = StoryForm {
            headline: "دریا پر مذاکرات دوبارہ شروع".into(), language: "ur".into(), ..form()
        }
        .check(ArticleStatus::Draft)
        .unwrap();
        assert_eq!(input.headline, "دریا پر مذاکرات دوبارہ شروع");
        assert_eq!(input.language.as_str(), "ur");
        assert!(!input.slug.as_str().is_empty());
    }
}
