//! The desk: writing a story, revising it, sending it to an editor,
//! scheduling, publishing, taking it down and bringing back an old
//! revision. Every save is a new revision made from the version the
//! person started from; a save on top of a change they have not seen is
//! refused, never merged silently.
//!
//! Who may do what: a writer writes stories and changes their own until
//! they are scheduled or published; an editor changes any story and moves
//! it through every state.

use byline_core::accounts::Permission;
use byline_core::articles::limits;
use byline_core::story_form::{FieldError, StoryForm};
use byline_core::text::normalise;
use byline_core::{ArticleInput, ArticleStatus, NoteKind, StoryFields, Timestamp};
use byline_store::{Base, Editor, Saved, Story, User};

use crate::{App, Error, Refusal, require};

/// Where a story is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// From the writer to the editors.
    Submit,
    /// Back to its writer, or off the schedule.
    ToDraft,
    /// On the site at a time still to come.
    Schedule(Timestamp),
    /// On the site now.
    Publish,
    /// Off the site.
    Unpublish,
}

impl Move {
    /// The revision list's words for it.
    fn note(self) -> &'static str {
        match self {
            Self::Submit => "Submitted",
            Self::ToDraft => "Returned to draft",
            Self::Schedule(_) => "Scheduled",
            Self::Publish => "Published",
            Self::Unpublish => "Unpublished",
        }
    }
}

/// A story the desk saved: its id and the version now current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavedStory {
    pub id: i64,
    pub version: i64,
}

/// Rebuilds a stored story as an input, field for field (tags as stored,
/// not as a form would split them), its body rendered again from its
/// Markdown.
fn input_of(fields: &StoryFields) -> Result<ArticleInput, Error> {
    let body_html = byline_core::render::render_article(&fields.body_source)
        .map_err(|_| Error::Internal("a stored story's body no longer renders"))?;
    Ok(ArticleInput {
        slug: fields.slug.clone(),
        kicker: fields.kicker.clone(),
        headline: fields.headline.clone(),
        standfirst: fields.standfirst.clone(),
        author_name: fields.author_name.clone(),
        section: fields.section.clone(),
        tags: fields.tags.clone(),
        language: fields.language.clone(),
        status: fields.status,
        published_at: fields.published_at,
        featured_rank: fields.featured_rank,
        comment_mode: fields.comment_mode,
        lead_image: fields.lead_image,
        call_to_comment: fields.call_to_comment.clone(),
        body_source: fields.body_source.clone(),
        body_html,
    })
}

impl App {
    pub(crate) fn editor<'a>(user: &'a User) -> Editor<'a> {
        Editor { id: Some(user.id), name: &user.display_name }
    }

    /// Whether `user` may change `story` as it stands.
    pub fn may_change_story(&self, user: &User, story: &Story) -> bool {
        user.role.can(Permission::EditArticles)
            || (user.role.can(Permission::WriteStories)
                && story.created_by == Some(user.id)
                && matches!(story.fields.status, ArticleStatus::Draft | ArticleStatus::Submitted))
    }

    /// Story `id` for someone who may open it on the desk.
    pub async fn open_story(&self, user: &User, id: i64) -> Result<Story, Error> {
        require(user, Permission::WriteStories)?;
        self.store.story(id).await?.ok_or(Error::Refused(Refusal::NoSuchStory))
    }

    /// The form as a story in state `status`, or every mistake in it: its
    /// fields', and a lead photograph that is not in the library.
    async fn checked(&self, form: &StoryForm, status: ArticleStatus) -> Result<ArticleInput, Error> {
        let input = form.check(status).map_err(Refusal::StoryFields)?;
        if let Some(id) = input.lead_image
            && self.store.media(id).await?.is_none()
        {
            let message = "is not a photograph in the media library".to_owned();
            return Err(Refusal::StoryFields(vec![FieldError { field: "lead_image", message }]).into());
        }
        Ok(input)
    }

    /// A new story, as a draft of `user`'s.
    pub async fn write_story(&self, user: &User, form: &StoryForm) -> Result<SavedStory, Error> {
        require(user, Permission::WriteStories)?;
        let input = self.checked(form, ArticleStatus::Draft).await?;
        let saved = self.store.save_story(Base::New, &input, Self::editor(user), "Created", self.now()).await?;
        settled(saved)
    }

    /// Saves `form` over story `id` as it stood at `version`, keeping its
    /// state and time.
    pub async fn revise_story(
        &self,
        user: &User,
        id: i64,
        version: i64,
        form: &StoryForm,
    ) -> Result<SavedStory, Error> {
        let story = self.changeable(user, id, version).await?;
        let mut input = self.checked(form, story.fields.status).await?;
        input.published_at = story.fields.published_at;
        let saved =
            self.store.save_story(Base::Version { id, version }, &input, Self::editor(user), "", self.now()).await?;
        let saved = settled(saved)?;
        if story.fields.status == ArticleStatus::Published {
            self.announce_story("article.updated", id).await;
        }
        Ok(saved)
    }

    /// Moves story `id`, as it stood at `version`, to another state.
    pub async fn move_story(&self, user: &User, id: i64, version: i64, to: Move) -> Result<SavedStory, Error> {
        let story = self.changeable(user, id, version).await?;
        let from = story.fields.status;
        let now = self.now();
        let (status, at) = match to {
            Move::Submit if from == ArticleStatus::Draft => (ArticleStatus::Submitted, story.fields.published_at),
            Move::ToDraft if matches!(from, ArticleStatus::Submitted | ArticleStatus::Scheduled) => {
                require(user, Permission::EditArticles)?;
                (ArticleStatus::Draft, None)
            }
            Move::Schedule(at) => {
                require(user, Permission::EditArticles)?;
                if at <= now {
                    return Err(Refusal::ScheduleInPast.into());
                }
                (ArticleStatus::Scheduled, Some(at))
            }
            Move::Publish if from != ArticleStatus::Published => {
                require(user, Permission::EditArticles)?;
                (ArticleStatus::Published, Some(now))
            }
            Move::Unpublish if from.is_public() => {
                require(user, Permission::EditArticles)?;
                (ArticleStatus::Unpublished, story.fields.published_at)
            }
            _ => return Err(Refusal::StoryState { status: from }.into()),
        };
        let mut input = input_of(&story.fields)?;
        input.status = status;
        input.published_at = at;
        let editor = Self::editor(user);
        let saved = self.store.save_story(Base::Version { id, version }, &input, editor, to.note(), now).await?;
        let saved = settled(saved)?;
        match to {
            Move::Publish => self.announce_story("article.published", id).await,
            Move::Unpublish => self.announce_story("article.unpublished", id).await,
            _ => {}
        }
        Ok(saved)
    }

    /// Makes revision `old` of story `id` the newest, as a new revision;
    /// the story keeps its state and time.
    pub async fn restore_revision(&self, user: &User, id: i64, version: i64, old: i64) -> Result<SavedStory, Error> {
        let story = self.changeable(user, id, version).await?;
        let revision = self.store.revision(id, old).await?.ok_or(Error::Refused(Refusal::NoSuchStory))?;
        let mut input = input_of(&revision.fields)?;
        input.status = story.fields.status;
        input.published_at = story.fields.published_at;
        let note = format!("Restored revision {old}");
        let saved =
            self.store.save_story(Base::Version { id, version }, &input, Self::editor(user), &note, self.now()).await?;
        let saved = settled(saved)?;
        if story.fields.status == ArticleStatus::Published {
            self.announce_story("article.updated", id).await;
        }
        Ok(saved)
    }

    /// Appends a correction or an update to a story readers can see (or
    /// will, once scheduled), as it stood at `version`. Editors only; the
    /// note is plain text, shown under the story with its time for good.
    pub async fn append_note(
        &self,
        user: &User,
        id: i64,
        version: i64,
        kind: NoteKind,
        text: &str,
    ) -> Result<SavedStory, Error> {
        require(user, Permission::EditArticles)?;
        let story = self.open_story(user, id).await?;
        if !story.fields.status.is_public() {
            return Err(Refusal::StoryState { status: story.fields.status }.into());
        }
        let text = normalise(text);
        let text = text.trim();
        let length = text.chars().count();
        if length == 0 || length > limits::NOTE {
            let message = format!("must be 1 to {} characters", limits::NOTE);
            return Err(Refusal::StoryFields(vec![FieldError { field: "note", message }]).into());
        }
        let revision_note = match kind {
            NoteKind::Correction => "Correction appended",
            NoteKind::Update => "Update appended",
        };
        let note = byline_store::NewNote { kind, body: text, revision_note };
        let saved = self.store.append_note(id, version, note, Self::editor(user), self.now()).await?;
        settled(saved)
    }

    /// Whether `user` may change what author `author`'s page says: an
    /// editor, or the writer the page belongs to (the account that claimed
    /// it, or before anyone has, the one whose display name is the byline's
    /// name).
    pub fn may_edit_author(&self, user: &User, author: &byline_store::Author) -> bool {
        if user.role.can(Permission::EditArticles) {
            return true;
        }
        user.role.can(Permission::WriteStories)
            && match author.user_id {
                Some(owner) => owner == user.id,
                None => byline_core::Slug::from_title(&user.display_name).is_ok_and(|s| s == author.slug),
            }
    }

    /// Sets the job and the few lines an author's page shows (plain text).
    /// A writer editing their own page for the first time claims it.
    pub async fn edit_author(
        &self,
        user: &User,
        slug: &byline_core::Slug,
        title: &str,
        bio: &str,
        photo: &str,
    ) -> Result<byline_store::Author, Error> {
        require(user, Permission::WriteStories)?;
        let author = self.store.author(slug).await?.ok_or(Error::Refused(Refusal::NoSuchStory))?;
        if !self.may_edit_author(user, &author) {
            return Err(Refusal::NotAllowed.into());
        }
        let title = byline_core::text::normalise_line(title);
        let bio = normalise(bio).trim().to_owned();
        let mut errors = Vec::new();
        if title.chars().count() > limits::AUTHOR_TITLE || title.chars().any(char::is_control) {
            errors.push(FieldError {
                field: "title",
                message: format!("must be one line of at most {} characters", limits::AUTHOR_TITLE),
            });
        }
        if bio.chars().count() > limits::AUTHOR_BIO {
            errors.push(FieldError {
                field: "bio",
                message: format!("must be at most {} characters", limits::AUTHOR_BIO),
            });
        }
        let photo_id = match photo.trim() {
            "" => None,
            number => match number.parse::<i64>() {
                Ok(id) if self.store.media(id).await?.is_some() => Some(id),
                _ => {
                    let message = "must be the number of a photograph in the media library".to_owned();
                    errors.push(FieldError { field: "photo", message });
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(Refusal::StoryFields(errors).into());
        }
        let claims = (!user.role.can(Permission::EditArticles) && author.user_id.is_none()).then_some(user.id);
        self.store.set_author_profile(slug, &title, &bio, photo_id, claims).await?;
        self.store.author(slug).await?.ok_or(Error::Refused(Refusal::NoSuchStory))
    }

    /// Story `id` as `user` may change it, read at `version`: the rules
    /// are judged on the version the change is made from, never an older
    /// or newer one.
    async fn changeable(&self, user: &User, id: i64, version: i64) -> Result<Story, Error> {
        let story = self.open_story(user, id).await?;
        if story.version != version {
            return Err(Refusal::StoryChanged { current: story.version }.into());
        }
        if !self.may_change_story(user, &story) {
            return Err(Refusal::NotAllowed.into());
        }
        Ok(story)
    }
}

fn settled(saved: Saved) -> Result<SavedStory, Error> {
    match saved {
        Saved::Saved { id, version } => Ok(SavedStory { id, version }),
        Saved::Conflict { current } => Err(Refusal::StoryChanged { current }.into()),
        Saved::SlugTaken => Err(Refusal::SlugTaken.into()),
        Saved::Gone => Err(Refusal::NoSuchStory.into()),
    }
}
