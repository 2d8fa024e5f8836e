//! Threads as a page draws them: nested lists built from comments in path
//! order, with replies deeper than the page indents shown flat.

use askama::Template;
use byline_core::comments::CommentStatus;
use byline_core::{LanguageTag, SanitizedHtml, Timestamp};
use byline_store::ThreadComment;

use byline_core::moderation::{Reason, Verdict};

use crate::comments::refusals::{FLAG_REASONS, Posted};
use crate::i18n::Locale;
use crate::layout::{LangAttr, article_path};

/// Indented levels; deeper replies line up with the deepest and say whom
/// they answer.
pub const SHOWN_LEVELS: i64 = 5;

/// One comment in a thread, with the list markup to open or close before
/// it (threads are `ol` > `li`, so assistive technology conveys nesting).
pub struct CommentView {
    pub id: i64,
    pub author_name: String,
    pub author_handle: Option<String>,
    /// Written without an account.
    pub guest: bool,
    pub created_at: Timestamp,
    pub edited: bool,
    /// Whether and to whom it is shown, and as what.
    pub shown: Shown,
    /// The message telling its author why it waits or was refused.
    pub note: Option<String>,
    pub body_html: SanitizedHtml,
    /// The comment's language when the detector is sure and it differs
    /// from the page's.
    pub lang: Option<String>,
    /// For replies shown flat beyond [`SHOWN_LEVELS`].
    pub reply_to_handle: Option<String>,
    pub can_reply: bool,
    pub score: i64,
    pub featured: bool,
    /// Whose it is to the viewer, and so what they may do with it.
    pub relation: Relation,
    pub can_feature: bool,
    /// Open a nested list before this item.
    pub opens_list: bool,
    /// Close this many nested lists (after closing the previous item).
    pub closes: usize,
    pub first: bool,
    /// For the first comment of a thread's continuation: levels of
    /// ancestors shown on an earlier page, opened as empty items so the
    /// nesting stays true.
    pub implied_ancestors: usize,
}

/// Whose a comment is to the person viewing it, and so what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Nothing to do but read: not signed in, or not published, or the
    /// viewer's refused comment already appealed.
    Onlooker,
    /// Someone else's published comment: the viewer may vote and flag.
    Reader { voted: bool },
    /// The viewer's own comment, published or held: theirs to delete, and
    /// to edit while `editable`.
    Author { editable: bool },
    /// The viewer's refused comment, not yet appealed: they may appeal once.
    Appellant,
}

/// What a comment in a thread is, as its reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Published: everyone sees it.
    Published,
    /// Waiting for a moderator: only its author sees it.
    Pending,
    /// Refused by the policy or a moderator: only its author sees it.
    Refused,
    /// Deleted, removed or hidden: its place in the thread, with the
    /// catalogue's message saying so instead of the text.
    Tombstone(&'static str),
}

impl Shown {
    fn of(status: CommentStatus) -> Self {
        match status {
            CommentStatus::Published => Self::Published,
            CommentStatus::Pending => Self::Pending,
            CommentStatus::Rejected | CommentStatus::Spam => Self::Refused,
            CommentStatus::Deleted => Self::Tombstone("comment-deleted"),
            CommentStatus::Removed => Self::Tombstone("comment-removed"),
        }
    }
}

impl CommentView {
    /// Shown only to its author (held or refused).
    pub fn only_for_author(&self) -> bool {
        matches!(self.shown, Shown::Pending | Shown::Refused)
    }

    pub fn is_tombstone(&self) -> bool {
        matches!(self.shown, Shown::Tombstone(_))
    }

    /// The viewer may vote for it and flag it.
    pub fn can_react(&self) -> bool {
        matches!(self.relation, Relation::Reader { .. })
    }

    /// The viewer has voted for it.
    pub fn voted(&self) -> bool {
        self.relation == Relation::Reader { voted: true }
    }

    /// The viewer wrote it and may still delete it.
    pub fn own(&self) -> bool {
        matches!(self.relation, Relation::Author { .. })
    }

    /// The viewer wrote it and may still edit it.
    pub fn can_edit(&self) -> bool {
        self.relation == Relation::Author { editable: true }
    }

    pub fn can_appeal(&self) -> bool {
        self.relation == Relation::Appellant
    }

    /// A comment just posted by `author`, as live updates show it to
    /// everyone (no per-reader buttons).
    pub fn fresh(posted: &Posted, author: &byline_store::User, page_lang: &LanguageTag) -> Self {
        let language = &posted.language;
        Self {
            id: posted.id,
            author_name: author.display_name.clone(),
            author_handle: Some(author.handle.clone()),
            guest: false,
            created_at: posted.created_at,
            edited: false,
            shown: Shown::of(posted.status),
            note: author_note(posted.status, &posted.reasons),
            body_html: posted.html.clone(),
            lang: (language.as_str() != "und" && language != page_lang).then(|| language.to_string()),
            reply_to_handle: None,
            can_reply: false,
            score: 0,
            featured: false,
            relation: Relation::Onlooker,
            can_feature: false,
            opens_list: false,
            closes: 0,
            first: false,
            implied_ancestors: 0,
        }
    }

    /// The same comment as its author sees it: theirs to edit and delete.
    pub fn for_author(mut self, can_reply: bool) -> Self {
        // A refused comment is only shown; nothing more can be done to it.
        if self.shown != Shown::Refused {
            self.relation = Relation::Author { editable: true };
        }
        self.can_reply = can_reply && self.shown == Shown::Published;
        self
    }
}

/// Why a comment waits or was refused, for its author: the words of the
/// reason that decided it.
fn author_note(status: CommentStatus, reasons: &[Reason]) -> Option<String> {
    let verdict = match status {
        CommentStatus::Pending => Verdict::Hold,
        CommentStatus::Rejected | CommentStatus::Spam => Verdict::Reject,
        _ => return None,
    };
    byline_core::moderation::explaining(reasons, verdict).map(author_note_id)
}

/// The message telling a comment's author why `reason` held or refused it.
pub(crate) fn author_note_id(reason: &Reason) -> String {
    match reason.moderator_refusal() {
        Some(refusal) => moderator_note_id(Some(refusal)),
        None => format!("author-note-{}", reason.for_author_key()),
    }
}

/// The message telling an author a moderator refused their comment for
/// `refusal` (none: a reason no longer offered).
pub(crate) fn moderator_note_id(refusal: Option<byline_core::moderation::Refusal>) -> String {
    refusal.map_or_else(|| "author-note-moderator".to_owned(), |r| format!("author-note-moderator-{}", r.key))
}

/// What the item template needs of the page around it.
pub struct ItemChrome {
    pub csrf: String,
    pub i18n: &'static Locale,
    pub ui: Option<LangAttr>,
}

/// One comment as a list item, for a script to insert into a page.
#[derive(Template)]
#[template(path = "comments/item.html")]
pub struct CommentItem<'a> {
    pub c: &'a CommentView,
    pub chrome: ItemChrome,
    pub compose: Compose,
    pub flag_reasons: [(&'static str, &'static str); 5],
    pub comment_action: String,
}

impl<'a> CommentItem<'a> {
    /// The item for a page in `page_lang`, its own words in `i18n`'s.
    pub fn new(
        c: &'a CommentView,
        csrf: String,
        i18n: &'static Locale,
        page_lang: &LanguageTag,
        article_slug: &str,
    ) -> Self {
        Self {
            c,
            chrome: ItemChrome { csrf, i18n, ui: LangAttr::if_differs(i18n.lang(), page_lang) },
            compose: Compose::default(),
            flag_reasons: FLAG_REASONS,
            comment_action: format!("{}/comments", article_path(article_slug)),
        }
    }
}

/// What the viewer may do, for the buttons each comment shows.
pub struct ThreadContext<'a> {
    /// The page's own words, for what the view says itself.
    pub i18n: &'static Locale,
    pub viewer: Option<i64>,
    pub can_reply: bool,
    pub can_feature: bool,
    /// Comments written after this may still be edited by their authors.
    pub edit_until: Timestamp,
    /// Comments the viewer has voted for.
    pub votes: &'a [i64],
}

/// Builds the views, and how many lists stay open after the last one.
pub fn thread_views(
    comments: &[ThreadComment],
    page_lang: &LanguageTag,
    context: &ThreadContext<'_>,
) -> (Vec<CommentView>, usize) {
    let handles: std::collections::HashMap<i64, Option<&str>> =
        comments.iter().map(|c| (c.id, c.author_handle.as_deref())).collect();
    let mut views = Vec::with_capacity(comments.len());
    let mut previous: Option<usize> = None;
    for comment in comments {
        let level = usize::try_from(comment.depth.min(SHOWN_LEVELS - 1)).unwrap_or(0);
        let (opens_list, closes, implied_ancestors) = match previous {
            None => (false, 0, level),
            Some(prev) if level > prev => (true, 0, 0),
            Some(prev) => (false, prev - level, 0),
        };
        let shown = match Shown::of(comment.status) {
            _ if comment.concealed => Shown::Tombstone("comment-concealed"),
            shown => shown,
        };
        let reply_to_handle = (comment.depth >= SHOWN_LEVELS)
            .then(|| comment.parent_id.and_then(|p| handles.get(&p).copied().flatten().map(str::to_owned)))
            .flatten();
        let lang =
            (comment.language != "und" && comment.language != page_lang.as_str()).then(|| comment.language.clone());
        let live = matches!(comment.status, CommentStatus::Published | CommentStatus::Pending);
        let mine = context.viewer.is_some() && comment.author_id == context.viewer;
        let refused = matches!(comment.status, CommentStatus::Rejected | CommentStatus::Spam);
        let published = comment.status == CommentStatus::Published;
        let relation = match () {
            () if mine && live => Relation::Author { editable: comment.created_at > context.edit_until },
            () if mine && refused && !comment.appealed => Relation::Appellant,
            () if context.viewer.is_some() && !mine && published => {
                Relation::Reader { voted: context.votes.contains(&comment.id) }
            }
            () => Relation::Onlooker,
        };
        views.push(CommentView {
            id: comment.id,
            author_name: comment.author_name.clone().unwrap_or_else(|| context.i18n.t("deleted-user")),
            author_handle: comment.author_handle.clone(),
            guest: comment.guest,
            created_at: comment.created_at,
            edited: comment.edited_at.is_some(),
            shown,
            note: author_note(comment.status, &comment.reasons),
            body_html: comment.body_html.clone(),
            lang,
            reply_to_handle,
            can_reply: context.can_reply && published,
            score: comment.score,
            featured: comment.featured,
            relation,
            can_feature: context.can_feature && published,
            opens_list,
            closes,
            first: previous.is_none(),
            implied_ancestors,
        });
        previous = Some(level);
    }
    (views, previous.unwrap_or(0))
}

/// The comment form's state on an article page.
#[derive(Default)]
pub struct Compose {
    pub state: ComposeState,
    /// Why the last submission was refused.
    pub error: Option<byline_app::Refusal>,
    /// What the reader typed, kept when it was refused.
    pub text: String,
    /// The comment a refused reply answered.
    pub parent_id: Option<i64>,
    /// The text as it will look, when the reader asked for a preview.
    pub preview: Option<SanitizedHtml>,
}

impl Compose {
    /// Whether a refused or previewed reply to comment `id` is being shown again.
    pub fn replying_to(&self, id: &i64) -> bool {
        self.parent_id == Some(*id)
    }
}

/// What the comment form offers: decided by the comment use cases.
pub use byline_app::comments::Access as ComposeState;

/// The words the comments script says, each a key the script asks for and
/// the message that says it: the page hands them over as JSON in the
/// bar's `data-words`, so the script writes no language of its own.
const SCRIPT_WORDS: &[(&str, &str)] = &[
    ("failed", "js-failed"),
    ("failedAgain", "js-failed-again"),
    ("preview", "preview"),
    ("previewShown", "js-preview-shown"),
    ("posted", "js-posted"),
    ("pending", "js-pending"),
    ("notPublished", "js-not-published"),
    ("vote", "vote"),
    ("voted", "voted"),
    ("voteGiven", "js-vote-given"),
    ("voteTakenBack", "js-vote-taken-back"),
    ("flagSent", "js-flag-sent"),
    ("commentDeleted", "comment-deleted"),
    ("yoursDeleted", "js-yours-deleted"),
    ("editLabel", "js-edit-label"),
    ("saveChanges", "js-save-changes"),
    ("cancel", "js-cancel"),
    ("changesSaved", "js-changes-saved"),
    ("changesSavedHeld", "js-changes-saved-held"),
    ("new", "js-new"),
    ("newComment", "js-new-comment"),
];

impl Locale {
    /// [`SCRIPT_WORDS`] in this language, as a JSON object; `newCommentFrom`
    /// holds `{name}` for the script to fill in, `votes` a vote count's
    /// words by sample number. Made once per locale.
    pub fn comments_script_words(&self) -> &str {
        self.comments_script.get_or_init(|| self.script_words_json())
    }

    fn script_words_json(&self) -> String {
        let mut words: serde_json::Map<String, serde_json::Value> =
            SCRIPT_WORDS.iter().map(|(key, id)| ((*key).to_owned(), self.t(id).into())).collect();
        words.insert("newCommentFrom".into(), self.with("js-new-comment-from", &[("name", "{name}")]).into());
        // A vote count's words for a number of each plural form: the script
        // picks the one whose form (by the browser's CLDR rules) is the
        // count's, and writes the count in place of `{n}`.
        let votes: serde_json::Map<String, serde_json::Value> = [0_i64, 1, 2, 3, 11, 100]
            .into_iter()
            .map(|n| (n.to_string(), self.count("votes", n).replacen(&self.number(n), "{n}", 1).into()))
            .collect();
        words.insert("votes".into(), votes.into());
        serde_json::Value::Object(words).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: i64, parent: Option<i64>, depth: i64) -> ThreadComment {
        ThreadComment {
            id,
            parent_id: parent,
            depth,
            path: String::new(),
            status: CommentStatus::Published,
            body_html: SanitizedHtml::default(),
            language: "en".into(),
            created_at: Timestamp::from_millis(0),
            edited_at: None,
            author_id: Some(1),
            author_handle: Some(format!("user{id}")),
            author_name: Some("Name".into()),
            guest: false,
            reply_count: 0,
            score: 0,
            featured: false,
            reasons: Vec::new(),
            concealed: false,
            appealed: false,
        }
    }

    fn context() -> ThreadContext<'static> {
        ThreadContext {
            i18n: Locale::choose([&LanguageTag::parse("en").unwrap()]),
            viewer: None,
            can_reply: true,
            can_feature: false,
            edit_until: Timestamp::from_millis(0),
            votes: &[],
        }
    }

    /// Renders the list markup alone, as the template does.
    fn markup(views: &[CommentView], trailing: usize) -> String {
        let mut out = String::from("<ol>");
        for v in views {
            for _ in 0..v.implied_ancestors {
                out.push_str("<li><ol>");
            }
            if v.opens_list {
                out.push_str("<ol>");
            } else if !v.first {
                out.push_str("</li>");
            }
            for _ in 0..v.closes {
                out.push_str("</ol></li>");
            }
            out.push_str(&format!("<li>{}", v.id));
        }
        if !views.is_empty() {
            out.push_str("</li>");
        }
        for _ in 0..trailing {
            out.push_str("</ol></li>");
        }
        out.push_str("</ol>");
        out
    }

    #[test]
    fn nesting_opens_and_closes_lists_in_balance() {
        let en = LanguageTag::parse("en").unwrap();
        let thread = vec![
            comment(1, None, 0),
            comment(2, Some(1), 1),
            comment(3, Some(2), 2),
            comment(4, Some(1), 1),
            comment(5, None, 0),
        ];
        let (views, trailing) = thread_views(&thread, &en, &context());
        assert_eq!(
            markup(&views, trailing),
            "<ol><li>1<ol><li>2<ol><li>3</li></ol></li><li>4</li></ol></li><li>5</li></ol>"
        );
        let (views, trailing) = thread_views(&[comment(1, None, 0), comment(2, Some(1), 1)], &en, &context());
        assert_eq!(markup(&views, trailing), "<ol><li>1<ol><li>2</li></ol></li></ol>");
    }

    #[test]
    fn a_continued_thread_opens_its_earlier_levels_and_stays_balanced() {
        let en = LanguageTag::parse("en").unwrap();
        // The rest of a thread: a reply at depth 2, then back up to depth 1.
        let rest = vec![comment(7, Some(6), 2), comment(8, Some(7), 3), comment(9, Some(1), 1)];
        let (views, trailing) = thread_views(&rest, &en, &context());
        assert_eq!(views[0].implied_ancestors, 2);
        assert_eq!(
            markup(&views, trailing),
            "<ol><li><ol><li><ol><li>7<ol><li>8</li></ol></li></ol></li><li>9</li></ol></li></ol>"
        );
    }

    #[test]
    fn deep_replies_are_shown_flat_and_say_whom_they_answer() {
        let en = LanguageTag::parse("en").unwrap();
        let thread: Vec<_> = (0..8).map(|d| comment(d + 1, (d > 0).then_some(d), d)).collect();
        let (views, trailing) = thread_views(&thread, &en, &context());
        let html = markup(&views, trailing);
        assert_eq!(html.matches("<ol>").count(), html.matches("</ol>").count());
        assert_eq!(html.matches("<ol>").count(), SHOWN_LEVELS as usize);
        assert_eq!(views[5].reply_to_handle.as_deref(), Some("user5"));
        assert!(views[4].reply_to_handle.is_none());
    }
}
