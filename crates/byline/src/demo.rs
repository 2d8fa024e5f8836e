//! Demo content written for Byline: sixteen articles across three
//! sections, two in Urdu and one in Arabic, two with photographs made for
//! the demo, and discussions under four of them in English, Urdu and
//! Arabic, embedded in the binary.

use anyhow::Context;
use byline_core::Timestamp;
use byline_core::accounts::{DisplayName, Email, Handle, Role};
use std::sync::Arc;

use byline_app::media::MediaSettings;
use byline_app::{App, SystemClock};
use byline_core::article_file::read_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, detect_language, render_comment};
use byline_store::{CommentAdded, CreatedUser, Editor, NewComment, NewUser, Store};
use include_dir::{Dir, include_dir};
use serde::Deserialize;

static DEMO: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/demo");

/// How far back each demo article is dated, newest first, so the front
/// page, the news sitemap (48 hours) and older pages all have something.
const HOURS_AGO: &[i64] = &[1, 3, 6, 10, 20, 30, 44, 60, 80, 110, 150, 200, 260, 330, 2, 8];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub created: usize,
    pub present: usize,
    /// Demo comments written by this run.
    pub comments: usize,
}

#[derive(Deserialize)]
struct Discussions {
    users: Vec<DemoUser>,
    threads: Vec<DemoThread>,
}

#[derive(Deserialize)]
struct DemoUser {
    handle: String,
    name: String,
    email: String,
}

#[derive(Deserialize)]
struct DemoThread {
    article: String,
    comments: Vec<DemoComment>,
}

#[derive(Deserialize)]
struct DemoComment {
    by: String,
    body: String,
    #[serde(default)]
    featured: bool,
    #[serde(default)]
    replies: Vec<DemoComment>,
}

fn discussions() -> anyhow::Result<Discussions> {
    let file = DEMO.get_file("comments.json").context("demo/comments.json is missing")?;
    serde_json::from_slice(file.contents()).context("demo/comments.json")
}

/// The embedded demo files, in order: `(name, text)`.
pub fn files() -> Vec<(&'static str, &'static str)> {
    let mut files: Vec<_> = DEMO
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "md"))
        .filter_map(|f| Some((f.path().to_str()?, f.contents_utf8()?)))
        .collect();
    files.sort_unstable();
    files
}

/// Creates every demo article that is not there yet; leaves the others
/// untouched, so running it twice changes nothing.
pub async fn load(store: &Store, media: &MediaSettings) -> anyhow::Result<Loaded> {
    let now = Timestamp::now();
    let mut loaded = Loaded::default();
    // Photographs go into the library as any file's do.
    let app = App::new(
        store.clone(),
        byline_app::Settings { media: media.clone(), ..byline_app::Settings::default() },
        Arc::new(SystemClock),
    );
    for (index, (name, text)) in files().into_iter().enumerate() {
        let file = read_article_file(text, None).map_err(|err| anyhow::anyhow!("demo/{name}:{err}"))?;
        let mut article = file.input;
        if store.article_exists(&article.slug).await? {
            loaded.present += 1;
            continue;
        }
        if let Some(lead) = file.lead_image {
            let bytes = DEMO.get_file(&lead.file).with_context(|| format!("demo/{name}: no demo/{}", lead.file))?;
            let photo = app
                .add_photo(bytes.contents().to_vec(), &lead.text, Editor { id: None, name: "" })
                .await
                .map_err(|err| anyhow::anyhow!("demo/{}: {err}", lead.file))?;
            article.lead_image = Some(photo.id);
        }
        let hours = HOURS_AGO.get(index).copied().unwrap_or(24 * 30);
        let published_at = now.plus_hours(-hours);
        article.published_at = Some(published_at);
        // Written when published, so the demo shows no "Updated" line.
        store.upsert_article(&article, published_at).await.with_context(|| format!("storing demo/{name}"))?;
        loaded.created += 1;
    }
    loaded.comments = load_discussions(store, now).await?;
    Ok(loaded)
}

/// Creates the demo commenters and their threads under articles that have
/// no comments yet.
async fn load_discussions(store: &Store, now: Timestamp) -> anyhow::Result<usize> {
    let discussions = discussions()?;
    let mut ids = std::collections::HashMap::new();
    for user in &discussions.users {
        let handle = Handle::parse(&user.handle).map_err(|e| anyhow::anyhow!("demo user {}: {e}", user.handle))?;
        if let Some(existing) = store.user_by_handle(handle.as_str()).await? {
            ids.insert(user.handle.clone(), existing.id);
            continue;
        }
        let email = Email::parse(&user.email).map_err(|e| anyhow::anyhow!("demo user {}: {e}", user.handle))?;
        let name = DisplayName::parse(&user.name).map_err(|e| anyhow::anyhow!("demo user {}: {e}", user.handle))?;
        let new = NewUser {
            handle: &handle,
            display_name: &name,
            email: &email,
            password_hash: None,
            role: Role::Commenter,
            email_verified: true,
            granted_by: None,
        };
        match store.create_user(&new, now).await? {
            CreatedUser::Created(id) => {
                ids.insert(user.handle.clone(), id);
            }
            taken => anyhow::bail!("demo user {} could not be created: {taken:?}", user.handle),
        }
    }
    let mut written = 0;
    for thread in &discussions.threads {
        let slug = byline_core::Slug::parse(&thread.article)
            .map_err(|e| anyhow::anyhow!("demo thread {}: {e}", thread.article))?;
        let Some(article) = store.visible_article(&slug, now).await? else { continue };
        if store.comment_count(article.summary.id).await? > 0 {
            continue;
        }
        // Comments arrive a few minutes apart after publication, in reading order.
        let mut clock = article.summary.published_at.plus_minutes(5);
        let mut stack: Vec<(&DemoComment, Option<i64>)> = thread.comments.iter().rev().map(|c| (c, None)).collect();
        while let Some((comment, parent)) = stack.pop() {
            let author = *ids.get(&comment.by).with_context(|| format!("demo comment by unknown {}", comment.by))?;
            let body = CommentBody::parse(&comment.body, &CommentLimits::default())
                .map_err(|e| anyhow::anyhow!("demo comment by {}: {e}", comment.by))?;
            let html = render_comment(&body);
            let language = detect_language(&body, &article.summary.language);
            let at = if clock < now { clock } else { now };
            let new = NewComment {
                article_id: article.summary.id,
                parent_id: parent,
                author: byline_store::CommentAuthor::Member(author),
                body: &body,
                body_html: &html,
                language: &language,
                status: CommentStatus::Published,
                reasons: &[],
            };
            let CommentAdded::Added { id, .. } = store.add_comment(&new, at).await? else {
                anyhow::bail!("demo comment by {} has no parent to attach to", comment.by);
            };
            if comment.featured {
                // Featured by whoever loads the demo, logged like any feature.
                store.feature_comment(id, true, byline_store::Actor::COMMAND_LINE, at).await?;
            }
            written += 1;
            clock = clock.plus_minutes(7);
            stack.extend(comment.replies.iter().rev().map(|reply| (reply, Some(id))));
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use byline_core::{ArticleStatus, Direction};

    use byline_core::article_file::parse_article_file;

    use super::*;

    #[test]
    fn demo_content_meets_its_brief() {
        let articles: Vec<_> = files()
            .into_iter()
            .map(|(name, text)| parse_article_file(text).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        assert!(articles.len() >= 12);
        let sections: HashSet<_> = articles.iter().map(|a| a.section.slug.clone()).collect();
        assert!(sections.len() >= 3);
        let rtl = articles.iter().filter(|a| a.language.direction() == Direction::Rtl).count();
        assert!(rtl >= 2);
        for article in &articles {
            let html = article.body_html.as_str();
            assert_eq!(article.status, ArticleStatus::Published, "{}", article.slug);
            assert!(html.contains("<h2>"), "{} has no subheads", article.slug);
            assert!(html.contains("<aside class=\"pull-quote\">"), "{} has no pull quote", article.slug);
            assert!(html.contains("<figure class=\"quote\">"), "{} has no attributed quote", article.slug);
        }
        assert!(articles.iter().any(|a| a.featured_rank.is_some()));
    }

    fn count(comments: &[DemoComment]) -> usize {
        comments.iter().map(|c| 1 + count(&c.replies)).sum()
    }

    fn depth(comments: &[DemoComment]) -> usize {
        comments.iter().map(|c| 1 + depth(&c.replies)).max().unwrap_or(0)
    }

    #[test]
    fn demo_discussions_meet_their_brief() {
        let discussions = discussions().unwrap();
        let slugs: HashSet<_> =
            files().into_iter().map(|(_, text)| parse_article_file(text).unwrap().slug.to_string()).collect();
        let handles: HashSet<_> = discussions.users.iter().map(|u| u.handle.clone()).collect();
        for user in &discussions.users {
            Handle::parse(&user.handle).unwrap();
        }
        let mut featured = 0;
        let mut bodies = Vec::new();
        fn walk<'a>(comments: &'a [DemoComment], out: &mut Vec<&'a DemoComment>) {
            for c in comments {
                out.push(c);
                walk(&c.replies, out);
            }
        }
        for thread in &discussions.threads {
            assert!(slugs.contains(&thread.article), "{}", thread.article);
            walk(&thread.comments, &mut bodies);
        }
        for c in &bodies {
            assert!(handles.contains(&c.by), "{}", c.by);
            CommentBody::parse(&c.body, &CommentLimits::default()).unwrap();
            featured += usize::from(c.featured);
        }
        assert_eq!(featured, 1);
        let lead = discussions.threads.iter().map(|t| count(&t.comments)).max().unwrap();
        assert!(lead >= 30, "{lead}");
        assert!(discussions.threads.iter().map(|t| depth(&t.comments)).max().unwrap() >= 4);
        let en = byline_core::LanguageTag::parse("en").unwrap();
        let langs: HashSet<_> = bodies
            .iter()
            .map(|c| detect_language(&CommentBody::parse(&c.body, &CommentLimits::default()).unwrap(), &en).to_string())
            .collect();
        assert!(langs.contains("ur") && langs.contains("ar") && langs.contains("en"), "{langs:?}");
    }
}
