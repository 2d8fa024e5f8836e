//! Data for the load benchmark (`bench/load.sh`): two long discussions
//! under copies of the demo's lead article, and signed-in readers whose
//! session cookies and CSRF tokens a load generator can send.
//!
//! It writes through `byline-store` into a fresh database, as the site
//! would, and adds nothing to the server.

mod text;

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use byline_core::accounts::{DisplayName, Email, Handle, Role};
use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, detect_language, render_comment};
use byline_core::{LanguageTag, Slug, Timestamp};
use byline_store::{CommentAdded, CreatedUser, NewComment, NewSession, NewUser, Store, Upserted};
use clap::Parser;

use crate::text::Rng;

/// The demo's lead story: the discussions sit under the same body as the
/// benchmark's `article` scenario, so only the comments differ.
const ARTICLE: &str = include_str!("../../../crates/byline/demo/01-seyra-river-accord-signed.md");

/// The discussions: slug and number of comments.
const DISCUSSIONS: [(&str, usize); 2] = [("bench-200-comments", 200), ("bench-10000-comments", 10_000)];

/// Percent of comments that open a reply to one of the last 30 comments…
const REPLY_PERCENT: usize = 17;
/// …and of the comments after a reply that answer it in turn.
const BACK_AND_FORTH_PERCENT: usize = 45;

/// Fills a fresh Byline database with benchmark discussions and readers.
#[derive(Debug, Parser)]
struct Args {
    /// A SQLite file path or a postgres:// URL; migrated first.
    #[arg(long, value_name = "URL")]
    database_url: String,
    /// Readers to create, each signed in once.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..))]
    users: u16,
    /// Where to write each reader's session token and CSRF token, one
    /// reader a line, separated by a space.
    #[arg(long, value_name = "FILE")]
    sessions: PathBuf,
    /// More comments besides, on older copies of the article
    /// (`bench-archive-1` …, 10,000 each), for a database of a site that
    /// has been running a while (start-up is measured on one).
    #[arg(long, default_value_t = 0, value_name = "N")]
    archive_comments: usize,
    /// Stories besides, for the search benchmark (`bench-story-1` …):
    /// a headline and five paragraphs of readers' sentences each, in
    /// English, Urdu or Arabic.
    #[arg(long, default_value_t = 0, value_name = "N")]
    search_stories: usize,
}

/// Comments on each archive article (the last takes what is left).
const ARCHIVE_PER_ARTICLE: usize = 10_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = Store::connect(&args.database_url).await?;
    let result = seed(&store, &args).await;
    store.close().await;
    result
}

async fn seed(store: &Store, args: &Args) -> anyhow::Result<()> {
    store.migrate().await?;
    let now = Timestamp::now();
    let readers = create_readers(store, args.users, now).await?;
    let mut lines = String::new();
    for &reader in &readers {
        let token = byline_web::new_link_token();
        let csrf = byline_web::new_link_token();
        let session = NewSession {
            token_hash: &byline_web::hash_token(&token),
            user_id: reader,
            csrf_token: &csrf,
            user_agent: "Byline load benchmark",
            expires_at: now.plus_hours(24),
        };
        store.create_session(&session, now).await?;
        writeln!(lines, "{token} {csrf}")?;
    }
    std::fs::write(&args.sessions, lines).with_context(|| format!("writing {}", args.sessions.display()))?;
    println!("{} readers signed in; sessions in {}", readers.len(), args.sessions.display());

    let mut rng = Rng::new(0x00B1_1E5E);
    for (slug, comments) in DISCUSSIONS {
        let (article_id, language) = create_article(store, slug, comments, now).await?;
        let shape = discuss(store, &mut rng, article_id, &language, &readers, comments, now).await?;
        println!(
            "/articles/{slug}: {comments} comments, {} replies, {} threads, deepest reply at depth {}",
            shape.replies,
            comments - shape.replies,
            shape.deepest
        );
    }
    let mut left = args.archive_comments;
    for n in 1.. {
        if left == 0 {
            break;
        }
        let comments = left.min(ARCHIVE_PER_ARTICLE);
        let slug = format!("bench-archive-{n}");
        let (article_id, language) = create_article(store, &slug, comments, now).await?;
        discuss(store, &mut rng, article_id, &language, &readers, comments, now).await?;
        left -= comments;
    }
    if args.archive_comments > 0 {
        println!("{} more comments on archive articles", args.archive_comments);
    }
    for n in 1..=args.search_stories {
        let mut article = parse_article_file(ARTICLE).map_err(|e| anyhow!("the demo's lead article: {e}"))?;
        article.slug = Slug::parse(&format!("bench-story-{n}"))?;
        let (headline, body, language) = text::story(&mut rng);
        article.headline = headline;
        article.body_source = body;
        article.language = LanguageTag::parse(language)?;
        article.body_html = byline_core::render::render_article(&article.body_source)?;
        article.featured_rank = None;
        let published_at = now.plus_minutes(-i64::try_from(n).unwrap_or(0) * 7 - 24 * 60 * 90);
        article.published_at = Some(published_at);
        store.upsert_article(&article, published_at).await?;
    }
    if args.search_stories > 0 {
        println!("{} more stories to search", args.search_stories);
    }
    Ok(())
}

const FIRST_NAMES: &[&str] = &["Amina", "Tomas", "Farah", "Jonah", "Saima", "Elif", "Bilal", "Maren", "Zainab", "Owen"];
const LAST_NAMES: &[&str] = &["Qureshi", "Lind", "Osei", "Baig", "Hartmann", "Rauf", "Novak", "Siddiqui"];
const URDU_NAMES: &[&str] = &["نسرین اختر", "عمران خالد", "ثنا بتول", "فیصل رضا", "رابعہ نور", "طارق محمود"];

async fn create_readers(store: &Store, count: u16, now: Timestamp) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(usize::from(count));
    for n in 1..=usize::from(count) {
        let name = if n % 4 == 0 {
            URDU_NAMES[n / 4 % URDU_NAMES.len()].to_owned()
        } else {
            format!("{} {}", FIRST_NAMES[n % FIRST_NAMES.len()], LAST_NAMES[n % LAST_NAMES.len()])
        };
        let handle = Handle::parse(&format!("reader_{n:04}")).map_err(|e| anyhow!("handle: {e}"))?;
        let email = Email::parse(&format!("reader.{n}@bench.example")).map_err(|e| anyhow!("e-mail: {e}"))?;
        let display_name = DisplayName::parse(&name).map_err(|e| anyhow!("name {name}: {e}"))?;
        let new = NewUser {
            handle: &handle,
            display_name: &display_name,
            email: &email,
            password_hash: None,
            role: Role::Commenter,
            email_verified: true,
            granted_by: None,
        };
        match store.create_user(&new, now).await? {
            CreatedUser::Created(id) => ids.push(id),
            taken => bail!("@{handle} could not be created ({taken:?}); seed a fresh database"),
        }
    }
    Ok(ids)
}

/// A copy of the lead article under `slug`, published long before the
/// demo's articles so the front page stays as the demo makes it.
async fn create_article(
    store: &Store,
    slug: &str,
    comments: usize,
    now: Timestamp,
) -> anyhow::Result<(i64, LanguageTag)> {
    let mut article = parse_article_file(ARTICLE).map_err(|e| anyhow!("the demo's lead article: {e}"))?;
    article.slug = Slug::parse(slug)?;
    if store.article_exists(&article.slug).await? {
        bail!("/articles/{slug} exists already; seed a fresh database");
    }
    article.headline = format!("{} ({comments} comments)", article.headline);
    article.featured_rank = None;
    let published_at = now.plus_hours(-24 * 60);
    article.published_at = Some(published_at);
    match store.upsert_article(&article, published_at).await? {
        Upserted::Created(id) => Ok((id, article.language)),
        Upserted::Updated(_) => bail!("/articles/{slug} exists already; seed a fresh database"),
    }
}

#[derive(Debug, Default)]
struct Shape {
    replies: usize,
    deepest: i64,
}

/// Writes `count` comments, oldest first and spread over thirty days.
/// Most start a thread; some reply to a recent comment, and a reply is
/// often answered in turn, so some threads run several levels deep.
async fn discuss(
    store: &Store,
    rng: &mut Rng,
    article_id: i64,
    language: &LanguageTag,
    readers: &[i64],
    count: usize,
    now: Timestamp,
) -> anyhow::Result<Shape> {
    let start = now.plus_hours(-24 * 60 + 1);
    let step_minutes = i64::try_from(30 * 24 * 60 / count.max(1)).unwrap_or(1).max(1);
    let mut written: Vec<(i64, i64)> = Vec::with_capacity(count);
    let mut shape = Shape::default();
    let mut in_exchange = false;
    for n in 0..count {
        let parent = match written.last() {
            Some(&last) if in_exchange && rng.chance(BACK_AND_FORTH_PERCENT) => Some(last),
            Some(_) if rng.chance(REPLY_PERCENT) => {
                let recent = &written[written.len().saturating_sub(30)..];
                Some(recent[rng.below(recent.len())])
            }
            _ => None,
        };
        in_exchange = parent.is_some();
        let body = CommentBody::parse(&text::comment(rng), &CommentLimits::default())
            .map_err(|e| anyhow!("generated comment: {e}"))?;
        let new = NewComment {
            article_id,
            parent_id: parent.map(|(id, _)| id),
            author: byline_store::CommentAuthor::Member(readers[rng.below(readers.len())]),
            body: &body,
            body_html: &render_comment(&body),
            language: &detect_language(&body, language),
            status: CommentStatus::Published,
            reasons: &[],
        };
        let at = start.plus_minutes(i64::try_from(n).unwrap_or(0) * step_minutes);
        let CommentAdded::Added { id, .. } = store.add_comment(&new, at).await? else {
            bail!("comment {n} found no parent to attach to");
        };
        let depth = parent.map_or(0, |(_, depth)| depth + 1);
        written.push((id, depth));
        shape.replies += usize::from(parent.is_some());
        shape.deepest = shape.deepest.max(depth);
    }
    Ok(shape)
}
