//! `byline import disqus`: a Disqus export read as a stream, first to
//! check it whole (nothing is written from a broken file) and to note its
//! threads, then to import its posts, with progress on stderr and a
//! summary on stdout.
//!
//! A reply may come before the comment it answers: it waits, and the file
//! is read again for the waiting replies until none can be placed; those
//! left (their parent is not in the file, or was skipped) become comments
//! on the story itself, and the summary counts them. Only the ids of the
//! waiting replies are held, never their text.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use anyhow::Context;
use byline_app::App;
use byline_app::disqus_import::{OrphanReply, PostImport, PostSkip};
use byline_import::disqus::{DisqusEntry, DisqusPost, DisqusReader};

use crate::config::Settings;
use crate::progress::Progress;

fn reader(file: &Path) -> anyhow::Result<DisqusReader<BufReader<File>>> {
    let opened = File::open(file).with_context(|| format!("{}: cannot read the file", file.display()))?;
    Ok(DisqusReader::new(BufReader::with_capacity(64 * 1024, opened)))
}

/// The next entry of `entries`, a reading error naming the file.
fn next(entries: &mut DisqusReader<BufReader<File>>, file: &Path) -> anyhow::Result<Option<DisqusEntry>> {
    entries.next_entry().map_err(|err| anyhow::anyhow!("{}: {err}", file.display()))
}

/// A thread as the first pass notes it: what finds its story, and how
/// many posts it has.
struct ThreadNote {
    identifier: String,
    link: String,
    deleted: bool,
    posts: u64,
}

/// Where a thread's posts go.
#[derive(Clone, Copy)]
enum Home {
    Article(i64),
    NoArticle,
    Deleted,
}

/// What a run did, for its summary.
#[derive(Default)]
struct Tally {
    created: u64,
    would_create: u64,
    present: u64,
    /// Replies added on the story because what they answer is not here.
    top_level: u64,
    /// Why posts were skipped, with how many each.
    skipped: BTreeMap<String, u64>,
}

impl Tally {
    fn count(&mut self, done: PostImport) {
        match done {
            PostImport::Created { top_level, .. } => {
                self.created += 1;
                self.top_level += u64::from(top_level);
            }
            PostImport::WouldCreate => self.would_create += 1,
            PostImport::Present => self.present += 1,
            PostImport::Skipped(why) => self.skip(&skip_reason(why)),
            // Counted when it is placed.
            PostImport::WaitsForParent => {}
        }
    }

    fn skip(&mut self, why: &str) {
        *self.skipped.entry(why.to_owned()).or_default() += 1;
    }
}

fn skip_reason(why: PostSkip) -> String {
    match why {
        PostSkip::Empty => "an empty comment".to_owned(),
        PostSkip::TooLong { max } => format!("a comment longer than the site's {max} characters"),
        PostSkip::ParentElsewhere => "a reply to a comment of another story".to_owned(),
    }
}

pub async fn import_disqus(settings: &Settings, file: &Path, dry_run: bool) -> anyhow::Result<()> {
    // First pass: the whole file must read; nothing is written otherwise.
    let mut check = reader(file)?;
    let mut threads: HashMap<u64, ThreadNote> = HashMap::new();
    // Posts by thread, wherever the thread is in the file.
    let mut posts_of: HashMap<u64, u64> = HashMap::new();
    let mut posts = 0_u64;
    while let Some(entry) = next(&mut check, file)? {
        match entry {
            DisqusEntry::Thread(thread) => {
                let note = ThreadNote {
                    identifier: thread.identifier,
                    link: thread.link,
                    deleted: thread.is_deleted,
                    posts: 0,
                };
                threads.insert(thread.dsq_id, note);
            }
            DisqusEntry::Post(post) => {
                posts += 1;
                *posts_of.entry(post.thread).or_default() += 1;
            }
            DisqusEntry::Category(_) => {}
        }
    }
    for (id, note) in &mut threads {
        note.posts = posts_of.get(id).copied().unwrap_or_default();
    }

    let store = crate::serve::open_store(settings).await?;
    let app = settings.command_app(store.clone());
    let outcome = import_posts(&app, file, dry_run, &threads, posts).await;
    store.close().await;
    let (tally, homes) = outcome?;

    let mut out = std::io::stdout().lock();
    let what = if dry_run { "would be created" } else { "created" };
    writeln!(out, "Disqus import of {}{}", file.display(), if dry_run { " (dry run: nothing written)" } else { "" })?;
    let matched = homes.values().filter(|home| matches!(home, Home::Article(_))).count();
    writeln!(out, "  threads: {}, {matched} matched to a story", threads.len())?;
    writeln!(out, "  comments: {} {what}, {} already present", tally.created + tally.would_create, tally.present)?;
    if tally.top_level > 0 {
        writeln!(
            out,
            "  replies added as comments on the story (what they answered is not in the file or was skipped): {}",
            tally.top_level
        )?;
    }
    let skipped: u64 = tally.skipped.values().sum();
    writeln!(out, "  comments skipped: {skipped}")?;
    for (why, count) in &tally.skipped {
        writeln!(out, "    {count} × {why}")?;
    }
    let mut lost: Vec<&ThreadNote> = threads
        .iter()
        .filter(|(id, note)| note.posts > 0 && matches!(homes.get(id), Some(Home::NoArticle)))
        .map(|(_, note)| note)
        .collect();
    lost.sort_by(|a, b| a.link.cmp(&b.link));
    let lost_posts: u64 = lost.iter().map(|note| note.posts).sum();
    writeln!(out, "  threads without a story: {} (with {lost_posts} comments)", lost.len())?;
    for note in lost {
        let link = if note.link.is_empty() { "(no link)" } else { note.link.as_str() };
        if note.identifier.is_empty() {
            writeln!(out, "    {link}")?;
        } else {
            writeln!(out, "    {link} (identifier {})", note.identifier)?;
        }
    }
    Ok(())
}

/// Every post, in the file's order; then, on a real run, the replies that
/// came before their parent, as often as that places some; then those
/// left, on their story. Answers the tally and where each thread went.
async fn import_posts(
    app: &App,
    file: &Path,
    dry_run: bool,
    threads: &HashMap<u64, ThreadNote>,
    total: u64,
) -> anyhow::Result<(Tally, HashMap<u64, Home>)> {
    let mut homes = HashMap::with_capacity(threads.len());
    for (&id, note) in threads {
        let home = if note.deleted {
            Home::Deleted
        } else {
            match app
                .disqus_thread_article(&note.identifier, &note.link)
                .await
                .with_context(|| format!("finding the story of thread {id} ({})", note.link))?
            {
                Some(article) => Home::Article(article),
                None => Home::NoArticle,
            }
        };
        homes.insert(id, home);
    }

    let mut tally = Tally::default();
    let mut progress = Progress::new(total, "comments", "read");
    let mut waiting: HashSet<u64> = HashSet::new();
    let mut entries = reader(file)?;
    while let Some(entry) = next(&mut entries, file)? {
        let DisqusEntry::Post(post) = entry else { continue };
        let article = match homes.get(&post.thread) {
            Some(Home::Article(article)) => *article,
            Some(Home::NoArticle) => {
                tally.skip("its thread's page has no story here");
                progress.step();
                continue;
            }
            Some(Home::Deleted) => {
                tally.skip("its thread was deleted on Disqus");
                progress.step();
                continue;
            }
            None => {
                tally.skip("its thread is not in the file");
                progress.step();
                continue;
            }
        };
        let done = import_post(app, &post, article, OrphanReply::Wait, dry_run).await?;
        if done == PostImport::WaitsForParent {
            waiting.insert(post.dsq_id);
        }
        tally.count(done);
        progress.step();
    }

    // Replies read before their parent, placed level by level. When a
    // round places none, those whose parent is not waiting too go on the
    // story; when that places none either (replies answering each other
    // in a circle), all of them do.
    let mut rounds_without_progress = 0;
    while !waiting.is_empty() {
        let before = waiting.len();
        let mut entries = reader(file)?;
        while let Some(entry) = next(&mut entries, file)? {
            let DisqusEntry::Post(post) = entry else { continue };
            if !waiting.contains(&post.dsq_id) {
                continue;
            }
            let Some(Home::Article(article)) = homes.get(&post.thread).copied() else { continue };
            let parent_waits = post.parent.is_some_and(|parent| waiting.contains(&parent));
            let orphan = match rounds_without_progress {
                0 => OrphanReply::Wait,
                1 if parent_waits => OrphanReply::Wait,
                _ => OrphanReply::TopLevel,
            };
            let done = import_post(app, &post, article, orphan, dry_run).await?;
            if done != PostImport::WaitsForParent {
                waiting.remove(&post.dsq_id);
                tally.count(done);
            }
        }
        rounds_without_progress = if waiting.len() == before { rounds_without_progress + 1 } else { 0 };
    }
    Ok((tally, homes))
}

async fn import_post(
    app: &App,
    post: &DisqusPost,
    article: i64,
    orphan: OrphanReply,
    dry_run: bool,
) -> anyhow::Result<PostImport> {
    app.import_disqus_post(post, article, orphan, dry_run)
        .await
        .with_context(|| format!("importing Disqus post {}", post.dsq_id))
}
