//! The use cases at chosen times, on both backends: no HTTP, a real
//! database, a clock set by hand.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use byline_app::comments::{Access, PostedNotice};
use byline_app::{App, Error, ManualClock, Notices, Pending, RateLimits, Refusal, Settings};
use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBodyError, CommentStatus};
use byline_core::moderation::Standing;
use byline_core::story_form::StoryForm;
use byline_core::{CommentDefaults, CommentMode, Slug, Timestamp};
use byline_store::testing::{TestDatabase, reader};
use byline_store::{ArticleSummary, Store, User};

const NOON: Timestamp = Timestamp::from_millis(1_795_780_800_000);

/// What the use cases told the site: the comments announced as posted
/// (id, count), published by staff (id, first time) and refused (id, the
/// reason's key).
#[derive(Default)]
struct Heard(Mutex<Vec<(i64, i64)>>, Mutex<Vec<(i64, bool)>>, Mutex<Vec<(i64, &'static str)>>);

impl Notices for Heard {
    fn comment_posted<'a>(&'a self, notice: &'a PostedNotice<'a>) -> Pending<'a> {
        Box::pin(async move {
            self.0.lock().unwrap().push((notice.posted.id, notice.count));
        })
    }

    fn comment_published(&self, id: i64, first_time: bool) -> Pending<'_> {
        Box::pin(async move { self.1.lock().unwrap().push((id, first_time)) })
    }

    fn comment_refused(&self, id: i64, why: &'static str) -> Pending<'_> {
        Box::pin(async move { self.2.lock().unwrap().push((id, why)) })
    }
}

struct World {
    app: App,
    clock: Arc<ManualClock>,
    heard: Arc<Heard>,
    article: ArticleSummary,
    amina: User,
    bilal: User,
}

async fn world(db: &TestDatabase, section: &str, settings: Settings) -> World {
    let store: Store = db.store().await;
    let text = format!(
        "+++\nslug = \"river\"\nheadline = \"The river\"\nstandfirst = \"A story.\"\nauthor = \"Reporter\"\n\
         section = \"{section}\"\nstatus = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        NOON.plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), NOON).await.unwrap();
    let article = store.visible_article_summary(&Slug::parse("river").unwrap(), NOON).await.unwrap().unwrap();
    let amina = reader(&store, "amina", NOON.plus_hours(-48)).await;
    let bilal = reader(&store, "bilal", NOON.plus_hours(-48)).await;
    let (amina, bilal) = (store.user(amina).await.unwrap().unwrap(), store.user(bilal).await.unwrap().unwrap());
    let clock = Arc::new(ManualClock::at(NOON));
    let mut settings = settings;
    // Not the subject here: comments one after another are fine.
    settings.rate_limits.comment_interval = std::time::Duration::ZERO;
    settings.rate_limits.comments_per_minute = 1_000;
    settings.policy = Arc::new(byline_core::moderation::Policy {
        settings: byline_core::moderation::PolicySettings { trusted_after: 0, ..Default::default() },
        ..Default::default()
    });
    let app = App::new(store, settings, clock.clone());
    let heard = Arc::new(Heard::default());
    app.set_notices(heard.clone());
    World { app, clock, heard, article, amina, bilal }
}

fn refusal(result: Result<impl std::fmt::Debug, Error>) -> Refusal {
    match result {
        Err(Error::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn a_comment_can_be_edited_until_its_time_is_over(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let posted = w.app.post_comment(&w.amina, &w.article, None, "First words.").await.unwrap();
    assert_eq!(posted.created_at, NOON, "the comment is stamped by the application's clock");

    w.clock.advance_minutes(9);
    w.app.edit_comment(&w.amina, posted.id, "Second words.").await.unwrap();
    assert!(w.app.comment(posted.id).await.unwrap().body_source.contains("Second"));
    // Only its author may change it.
    assert_eq!(refusal(w.app.edit_comment(&w.bilal, posted.id, "Not mine.").await), Refusal::NotYours);

    w.clock.advance_minutes(2);
    let record = w.app.comment(posted.id).await.unwrap();
    assert!(!w.app.may_edit(&w.amina, &record));
    assert_eq!(
        refusal(w.app.edit_comment(&w.amina, posted.id, "Too late.").await),
        Refusal::EditWindowOver { minutes: 10 }
    );
    assert!(w.app.comment(posted.id).await.unwrap().body_source.contains("Second"));
}

async fn a_suspension_ends_when_its_time_comes(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let until = NOON.plus_hours(2);
    let suspended = User { standing: Standing::Suspended { until }, ..w.amina.clone() };
    assert_eq!(w.app.comment_access(&w.article, Some(&suspended)), Access::KeptOut { until: Some(until) });
    w.clock.set(until.plus_minutes(1));
    assert_eq!(w.app.comment_access(&w.article, Some(&suspended)), Access::Open { premoderated: false });
    let banned = User { standing: Standing::Banned, ..w.amina.clone() };
    assert_eq!(w.app.comment_access(&w.article, Some(&banned)), Access::KeptOut { until: None });
    assert_eq!(w.app.comment_access(&w.article, None), Access::SignInPrompt);
}

async fn only_comments_published_at_once_are_announced(db: &TestDatabase) {
    let security = Slug::parse("security").unwrap();
    let settings = Settings {
        comment_defaults: Arc::new(CommentDefaults::new([(security, CommentMode::PreModerated)])),
        ..Settings::default()
    };
    let w = world(db, "World", settings.clone()).await;
    let first = w.app.post_comment(&w.amina, &w.article, None, "Published at once.").await.unwrap();
    let reply = w.app.post_comment(&w.bilal, &w.article, Some(first.id), "And a reply.").await.unwrap();
    assert_eq!((first.status, reply.status), (CommentStatus::Published, CommentStatus::Published));
    assert_eq!(*w.heard.0.lock().unwrap(), [(first.id, 1), (reply.id, 2)], "each announced once, with the count");

    // A refused reply writes nothing and announces nothing.
    let missing = w.app.post_comment(&w.bilal, &w.article, Some(first.id + 1_000), "To nothing.").await;
    assert_eq!(refusal(missing), Refusal::ParentElsewhere);
    assert_eq!(w.heard.0.lock().unwrap().len(), 2);

    let held_db = TestDatabase::sqlite().await;
    let held = world(&held_db, "Security", settings).await;
    let posted = held.app.post_comment(&held.amina, &held.article, None, "Waits for a moderator.").await.unwrap();
    assert_eq!(posted.status, CommentStatus::Pending);
    assert!(held.heard.0.lock().unwrap().is_empty(), "a held comment is not announced");
}

/// A post to an article named by its address reads the article with its
/// author, and is refused as a post to the article in hand would be: no
/// story, then a closed discussion, then the text.
async fn a_post_by_address_finds_its_article_and_is_refused_alike(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let river = Slug::parse("river").unwrap();
    let (article, posted) = w.app.post_comment_at(&w.amina, &river, None, "By address.").await.unwrap();
    assert_eq!((article.id, posted.status), (w.article.id, CommentStatus::Published));
    let (_, reply) = w.app.post_comment_at(&w.bilal, &river, Some(posted.id), "A reply.").await.unwrap();
    assert_eq!(*w.heard.0.lock().unwrap(), [(posted.id, 1), (reply.id, 2)]);

    let nowhere = Slug::parse("nowhere").unwrap();
    assert_eq!(refusal(w.app.post_comment_at(&w.amina, &nowhere, None, "Words.").await), Refusal::NoSuchStory);
    assert_eq!(refusal(w.app.post_comment_at(&w.amina, &nowhere, None, " ").await), Refusal::NoSuchStory);
    assert_eq!(
        refusal(w.app.post_comment_at(&w.amina, &river, None, " ").await),
        Refusal::Body(CommentBodyError::Empty)
    );
    let unconfirmed = User { email_verified: false, ..w.amina.clone() };
    assert_eq!(refusal(w.app.post_comment_at(&unconfirmed, &river, None, "Words.").await), Refusal::ConfirmEmail);
    // The author's pace is read in the same statement: too fast is refused.
    let mut settings = Settings::default();
    settings.rate_limits.comments_per_minute = 1;
    let paced = App::new(db.store().await, settings, w.clock.clone());
    assert!(matches!(refusal(paced.post_comment_at(&w.amina, &river, None, "Again.").await), Refusal::TooFast(_)));

    let closed = Slug::parse("closed").unwrap();
    let settings = Settings {
        comment_defaults: Arc::new(CommentDefaults::new([(closed, CommentMode::Closed)])),
        ..Settings::default()
    };
    let shut_db = TestDatabase::sqlite().await;
    let shut = world(&shut_db, "Closed", settings).await;
    for text in ["Words.", " "] {
        assert_eq!(refusal(shut.app.post_comment_at(&shut.amina, &river, None, text).await), Refusal::Closed);
    }
    assert_eq!(shut.app.store.comment_count(shut.article.id).await.unwrap(), 0, "nothing written");
}

async fn votes_and_flags_follow_the_rules(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let posted = w.app.post_comment(&w.amina, &w.article, None, "Vote for me.").await.unwrap();
    assert_eq!(refusal(w.app.vote(&w.amina, posted.id, true).await), Refusal::OwnComment);
    assert_eq!(w.app.vote(&w.bilal, posted.id, true).await.unwrap().1, 1);
    assert_eq!(w.app.vote(&w.bilal, posted.id, false).await.unwrap().1, 0);
    assert_eq!(refusal(w.app.flag(&w.bilal, posted.id, "because").await), Refusal::BadReason);
    let unconfirmed = User { email_verified: false, ..w.bilal.clone() };
    assert_eq!(refusal(w.app.vote(&unconfirmed, posted.id, true).await), Refusal::ConfirmEmail);
    w.app.flag(&w.bilal, posted.id, "spam").await.unwrap();
    w.app.delete_comment(&w.amina, posted.id).await.unwrap();
    assert_eq!(refusal(w.app.vote(&w.bilal, posted.id, true).await), Refusal::NotPublished);
}

async fn moderators_decide_with_reasons_and_each_publication_is_told_once(db: &TestDatabase) {
    let security = Slug::parse("security").unwrap();
    let settings = Settings {
        comment_defaults: Arc::new(CommentDefaults::new([(security, CommentMode::PreModerated)])),
        email_refusals: true,
        ..Settings::default()
    };
    let w = world(db, "Security", settings).await;
    let store = &w.app.store;
    let moderator = byline_store::testing::reader(store, "mona", NOON).await;
    store.set_role(moderator, byline_core::accounts::Role::Moderator, NOON).await.unwrap();
    let mona = store.user(moderator).await.unwrap().unwrap();
    let held = w.app.post_comment(&w.amina, &w.article, None, "Held first.").await.unwrap();
    let other = w.app.post_comment(&w.bilal, &w.article, None, "Held too.").await.unwrap();
    assert_eq!(held.status, CommentStatus::Pending);

    let reject = byline_store::ModerationDecision::Reject;
    let approve = byline_store::ModerationDecision::Approve;
    assert_eq!(refusal(w.app.moderate(&w.bilal, held.id, approve, "").await), Refusal::NotAllowed);
    assert_eq!(refusal(w.app.moderate(&mona, held.id, reject, "").await), Refusal::RefusalReasonMissing);
    assert_eq!(w.app.comment(held.id).await.unwrap().status, CommentStatus::Pending, "nothing was decided");
    assert!(w.app.moderate(&mona, held.id, approve, "").await.unwrap().done());
    assert!(!w.app.moderate(&mona, held.id, approve, "").await.unwrap().done(), "a second approval is stale");
    assert_eq!(*w.heard.1.lock().unwrap(), [(held.id, true)], "announced once, the first time");
    assert!(w.app.moderate(&mona, other.id, reject, "abuse").await.unwrap().done());
    assert_eq!(*w.heard.2.lock().unwrap(), [(other.id, "abuse")]);
    let too_many: Vec<i64> = (1..=101).collect();
    assert_eq!(refusal(w.app.moderate_many(&mona, &too_many, approve, "").await), Refusal::TooManyChosen);

    use byline_app::moderation::StandingRequest;
    let suspend = |days| StandingRequest::Suspend { days };
    assert_eq!(
        refusal(w.app.change_standing(&mona, w.amina.id, suspend(0), "Abuse.").await),
        Refusal::SuspensionLength
    );
    assert_eq!(
        refusal(w.app.change_standing(&mona, w.amina.id, suspend(3), "  ").await),
        Refusal::StandingReasonMissing
    );
    assert!(w.app.change_standing(&mona, w.amina.id, suspend(3), "Abuse.").await.unwrap());
    let amina = store.user(w.amina.id).await.unwrap().unwrap();
    assert_eq!(amina.standing, Standing::Suspended { until: NOON.plus_hours(72) }, "from the application's clock");
    assert!(!w.app.change_standing(&mona, moderator, suspend(3), "Staff.").await.unwrap(), "staff change by role");

    // The refused author appeals once, with a note; featuring is staff's.
    assert_eq!(refusal(w.app.appeal(&w.amina, other.id, "Not mine to appeal").await), Refusal::NotYours);
    assert_eq!(refusal(w.app.appeal(&w.bilal, other.id, "   ").await), Refusal::AppealNote { most: 500 });
    w.app.appeal(&w.bilal, other.id, "It was a quotation.").await.unwrap();
    assert_eq!(refusal(w.app.appeal(&w.bilal, other.id, "Again.").await), Refusal::NotAppealable);
    assert_eq!(refusal(w.app.feature_comment(&w.bilal, held.id, true).await), Refusal::NotAllowed);
    assert_eq!(refusal(w.app.feature_comment(&mona, other.id, true).await), Refusal::FeatureUnpublished);
    assert!(w.app.feature_comment(&mona, held.id, true).await.unwrap().1);
    assert!(!w.app.feature_comment(&mona, held.id, true).await.unwrap().1, "already featured: nothing changes");
}

async fn a_person_manages_their_own_account(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let store = &w.app.store;
    assert!(matches!(refusal(w.app.update_profile(&w.amina, "", true).await), Refusal::DisplayName(_)));
    w.app.update_profile(&w.amina, "Amina K.", false).await.unwrap();
    let amina = store.user(w.amina.id).await.unwrap().unwrap();
    assert_eq!((amina.display_name.as_str(), amina.notify_replies), ("Amina K.", false));

    // No password yet: none is asked for; then the current one is.
    assert_eq!(w.app.password_matches(amina.id, "anything").await.unwrap(), None);
    assert!(matches!(refusal(w.app.change_password(&amina, 0, "", "amina").await), Refusal::NewPassword(_)));
    w.app.change_password(&amina, 0, "", "river ferry lantern 42").await.unwrap();
    assert_eq!(w.app.password_matches(amina.id, "river ferry lantern 42").await.unwrap(), Some(true));
    let wrong = w.app.change_password(&amina, 0, "not it", "another long passphrase 7").await;
    assert_eq!(refusal(wrong), Refusal::WrongPassword);

    // Signing in: a wrong password is refused as an unknown address is;
    // one client failing again and again is held off, not the owner.
    let email = "amina@example.org";
    assert_eq!(w.app.sign_in_with_password(email, "river ferry lantern 42", "10.0.0.9").await.unwrap(), amina.id);
    assert_eq!(
        refusal(w.app.sign_in_with_password("nobody@example.org", "x", "10.0.0.1").await),
        Refusal::NoSuchAccount
    );
    let mut locked = false;
    for _ in 0..20 {
        match refusal(w.app.sign_in_with_password(email, "guess", "10.0.0.1").await) {
            Refusal::NoSuchAccount => {}
            Refusal::SignInLocked(_) => {
                locked = true;
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(locked, "a client that keeps failing is held off");
    assert_eq!(w.app.sign_in_with_password(email, "river ferry lantern 42", "10.0.0.2").await.unwrap(), amina.id);

    assert_eq!(refusal(w.app.delete_account(&amina, "@amin").await), Refusal::HandleNotTyped);
    let admin = byline_store::testing::reader(store, "ada", NOON).await;
    store.set_role(admin, byline_core::accounts::Role::Admin, NOON).await.unwrap();
    let ada = store.user(admin).await.unwrap().unwrap();
    assert_eq!(refusal(w.app.delete_account(&ada, "ada").await), Refusal::LastAdmin);
    w.app.delete_account(&amina, " @amina ").await.unwrap();
    assert!(store.user(amina.id).await.unwrap().is_none());
}

async fn sign_ups_name_every_mistake_and_never_tell_who_has_an_account(db: &TestDatabase) {
    use byline_app::accounts::{SignUp, SignedUp};
    let w = world(db, "World", Settings::default()).await;
    let bad = SignUp { handle: "a b", display_name: "", email: "not an address", password: "short" };
    let Refusal::SignUp(mistakes) = refusal(w.app.sign_up(&bad, "10.0.0.1").await) else { panic!("not the form's") };
    assert!(mistakes.handle.is_some() && mistakes.display_name.is_some());
    assert!(mistakes.email.is_some() && mistakes.password.is_some());
    let good = SignUp {
        handle: "zara",
        display_name: "Zara",
        email: "zara@example.org",
        password: "a long river passphrase 9",
    };
    let SignedUp::Created { id, .. } = w.app.sign_up(&good, "10.0.0.1").await.unwrap() else { panic!("not created") };
    assert!(!w.app.store.user(id).await.unwrap().unwrap().email_verified, "the address is to be confirmed");
    let same_handle = SignUp { email: "other@example.org", ..good };
    let Refusal::SignUp(mistakes) = refusal(w.app.sign_up(&same_handle, "10.0.0.2").await) else { panic!() };
    assert!(mistakes.handle.unwrap().to_string().contains("taken"));
    let same_address = SignUp { handle: "zara2", ..good };
    let taken = w.app.sign_up(&same_address, "10.0.0.3").await.unwrap();
    assert!(matches!(taken, SignedUp::AddressTaken { tell_owner: true, .. }));
}

async fn e_mailed_links_work_once_and_expire(db: &TestDatabase) {
    use byline_app::accounts::{SignUp, SignedUp};
    use byline_app::links::{AskedLink, SIGN_IN_MINUTES};
    let w = world(db, "World", Settings::default()).await;
    let form = SignUp {
        handle: "zara",
        display_name: "Zara",
        email: "zara@example.org",
        password: "a long river passphrase 9",
    };
    let SignedUp::Created { id, email, .. } = w.app.sign_up(&form, "10.0.0.1").await.unwrap() else { panic!() };
    let verify = w.app.issue_link(byline_store::TokenPurpose::VerifyEmail, id, email.as_str()).await.unwrap();
    let pending = w.app.pending_confirmation(&verify).await.unwrap().unwrap();
    assert!(pending.asks_password, "an unconfirmed account with a password asks for it");
    // A wrong password leaves the link working; the right one keeps it.
    assert_eq!(refusal(w.app.confirm_address(&verify, "not it").await), Refusal::NotTheAccountsPassword);
    let confirmed = w.app.confirm_address(&verify, form.password).await.unwrap();
    assert_eq!((confirmed.user_id, confirmed.first, confirmed.password_cleared), (id, true, false));
    assert_eq!(refusal(w.app.confirm_address(&verify, "").await), Refusal::LinkNoGood, "a link works once");
    assert!(w.app.store.user(id).await.unwrap().unwrap().email_verified);

    // Asking for a link: the address is checked, the answer does not
    // depend on an account, and a link expires by the clock.
    assert_eq!(refusal(w.app.ask_for_link("not an address", "10.0.0.5").await), Refusal::NotAnAddress);
    let nobody = w.app.ask_for_link("nobody@example.org", "10.0.0.5").await.unwrap();
    assert_eq!(w.app.link_for(&nobody, AskedLink::SignIn).await.unwrap(), None);
    let zara = w.app.ask_for_link("Zara@Example.org", "10.0.0.5").await.unwrap();
    let link = w.app.link_for(&zara, AskedLink::SignIn).await.unwrap().unwrap();
    assert_eq!(link.email, "zara@example.org");
    w.clock.advance_minutes(SIGN_IN_MINUTES + 1);
    assert_eq!(refusal(w.app.sign_in_by_link(&link.token).await), Refusal::LinkNoGood, "expired");
    let link = w.app.link_for(&zara, AskedLink::SignIn).await.unwrap().unwrap();
    let signed_in = w.app.sign_in_by_link(&link.token).await.unwrap();
    assert_eq!((signed_in.user_id, signed_in.first), (id, false));
    let mut limited = false;
    for _ in 0..50 {
        if let Err(Error::Refused(Refusal::TooManyLinks(_))) = w.app.ask_for_link("zara@example.org", "10.0.0.6").await
        {
            limited = true;
            break;
        }
    }
    assert!(limited, "one inbox gets only so many links");

    // Sessions open, are found by their token, go idle and end.
    let opened = w.app.open_session(id, Some("Test browser")).await.unwrap();
    let session = w.app.session(&opened.token).await.unwrap().unwrap();
    assert_eq!(session.user.id, id);
    assert!(w.app.session("made-up").await.unwrap().is_none());
    w.clock.advance_minutes(15 * 24 * 60);
    assert!(w.app.session(&opened.token).await.unwrap().is_none(), "idle too long");
    let opened = w.app.open_session(id, None).await.unwrap();
    let session = w.app.session(&opened.token).await.unwrap().unwrap();
    w.app.end_session(session.id).await.unwrap();
    assert!(w.app.session(&opened.token).await.unwrap().is_none(), "signed out");

    // A reset link: a weak password leaves it working; a good one signs
    // every session out.
    // (Asked for before; that inbox has had links enough for now.)
    let zara = byline_core::accounts::Email::parse("zara@example.org").unwrap();
    let reset = w.app.link_for(&zara, AskedLink::Reset).await.unwrap().unwrap();
    let kept = w.app.open_session(id, None).await.unwrap();
    assert!(matches!(refusal(w.app.reset_password(&reset.token, "short").await), Refusal::Password(_)));
    assert_eq!(w.app.reset_password(&reset.token, "an entirely new passphrase 3").await.unwrap(), id);
    assert!(w.app.session(&kept.token).await.unwrap().is_none(), "the old sessions end");
    assert_eq!(refusal(w.app.reset_password(&reset.token, "yet another passphrase 4").await), Refusal::LinkNoGood);
    assert_eq!(
        w.app.sign_in_with_password("zara@example.org", "an entirely new passphrase 3", "10.0.0.8").await.unwrap(),
        id
    );
}

async fn an_address_changes_only_for_its_owner_and_the_first_admin_once(db: &TestDatabase) {
    use byline_app::accounts::SignUp;
    let w = world(db, "World", Settings::default()).await;
    // Amina has no password: she changes her address only soon after a
    // sign-in by link.
    let old = w.app.open_session(w.amina.id, None).await.unwrap();
    let old = w.app.session(&old.token).await.unwrap().unwrap();
    w.clock.advance_minutes(60);
    let asked = w.app.change_email(&w.amina, old.id, "amina@new.example", "").await;
    assert!(matches!(refusal(asked), Refusal::SignInAgain { .. }));
    let fresh = w.app.open_session(w.amina.id, None).await.unwrap();
    let fresh = w.app.session(&fresh.token).await.unwrap().unwrap();
    let bad = w.app.change_email(&w.amina, fresh.id, "not an address", "").await;
    assert!(matches!(refusal(bad), Refusal::Email(_)));
    let change = w.app.change_email(&w.amina, fresh.id, "amina@new.example", "").await.unwrap();
    assert!(change.is_change);
    assert_eq!(change.link.email, "amina@new.example");
    // Bilal confirms the same address first: Amina's link then fails.
    let bilals = w
        .app
        .change_email(
            &w.bilal,
            {
                let s = w.app.open_session(w.bilal.id, None).await.unwrap();
                w.app.session(&s.token).await.unwrap().unwrap().id
            },
            "amina@new.example",
            "",
        )
        .await
        .unwrap();
    w.app.confirm_address(&bilals.link.token, "").await.unwrap();
    assert_eq!(refusal(w.app.confirm_address(&change.link.token, "").await), Refusal::AddressInUse);

    // The first admin: only by the link, only once.
    let token = w.app.open_setup().await.unwrap().unwrap();
    // Another node started at the same moment makes none.
    assert_eq!(w.app.open_setup().await.unwrap(), None);
    assert!(!w.app.setup_open("made-up").await.unwrap());
    assert!(w.app.setup_open(&token).await.unwrap());
    let form = SignUp { handle: "chief", display_name: "Chief", email: "chief@example.org", password: "x" };
    assert!(matches!(refusal(w.app.create_first_admin(&token, &form).await), Refusal::SignUp(_)));
    let form = SignUp { password: "the chief's long passphrase", ..form };
    let id = w.app.create_first_admin(&token, &form).await.unwrap();
    assert_eq!(w.app.store.user(id).await.unwrap().unwrap().role, byline_core::accounts::Role::Admin);
    assert!(!w.app.setup_open(&token).await.unwrap());
    let again = SignUp { handle: "chief2", email: "chief2@example.org", ..form };
    assert_eq!(refusal(w.app.create_first_admin(&token, &again).await), Refusal::SetupUsed);
    // The command line gives roles, but never takes the last admin's.
    let taken = w.app.set_role_by_command("chief", byline_core::accounts::Role::Commenter).await;
    assert_eq!(refusal(taken), Refusal::LastAdmin);
    assert_eq!(
        refusal(w.app.set_role_by_command("nobody", byline_core::accounts::Role::Admin).await),
        Refusal::NoSuchHandle
    );
}

async fn replies_reach_the_parent_author_until_they_mute_the_thread(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let first = w.app.post_comment(&w.amina, &w.article, None, "First words.").await.unwrap();
    let reply = w.app.post_comment(&w.bilal, &w.article, Some(first.id), "A reply.").await.unwrap();

    let to = w.app.reply_recipient(first.id, Some(w.bilal.id)).await.unwrap().unwrap();
    assert_eq!(to.email, "amina@example.org");
    assert!(to.unsubscribe_token.len() >= 40, "the link's token is long and random");
    assert_eq!(w.app.reply_recipient(first.id, Some(w.amina.id)).await.unwrap(), None, "not of her own reply");
    assert!(w.app.reply_recipient(first.id, None).await.unwrap().is_some(), "a guest's reply is told too");

    assert_eq!(refusal(w.app.unsubscribe("not-a-link").await), Refusal::NotFound);
    w.app.unsubscribe(&to.unsubscribe_token).await.unwrap();
    assert_eq!(
        w.app.reply_recipient(reply.id, Some(w.amina.id)).await.unwrap().map(|t| t.email),
        Some("bilal@example.org".to_owned()),
        "bilal did not mute it"
    );
    assert_eq!(w.app.reply_recipient(first.id, Some(w.bilal.id)).await.unwrap(), None, "amina muted the thread");

    let told = w.app.refusal_recipient(first.id).await.unwrap().unwrap();
    assert_eq!(
        (told.email.as_str(), told.headline.as_str(), told.article_slug.as_str()),
        ("amina@example.org", "The river", "river")
    );
    let published = w.app.published_comment(reply.id).await.unwrap().unwrap();
    assert_eq!(
        (published.comment.parent_id, published.count, published.body_source.as_str()),
        (Some(first.id), 2, "A reply.")
    );
    assert!(w.app.published_comment(reply.id + 1_000).await.unwrap().is_none());
}

async fn staff(w: &World, handle: &str, role: byline_core::accounts::Role) -> User {
    let id = reader(&w.app.store, handle, NOON.plus_hours(-48)).await;
    let actor = byline_store::Actor { id: None, handle: "test" };
    w.app.store.change_role(id, role, actor, NOON).await.unwrap();
    w.app.store.user(id).await.unwrap().unwrap()
}

fn story_form(headline: &str) -> StoryForm {
    StoryForm {
        headline: headline.into(),
        standfirst: "Both sides came back.".into(),
        author: "Samira Okafor".into(),
        section: "World".into(),
        body: "The talks resumed.".into(),
        ..StoryForm::default()
    }
}

async fn a_story_goes_from_writer_to_editor_to_readers_on_time(db: &TestDatabase) {
    use byline_app::stories::Move;
    use byline_core::accounts::Role;
    let w = world(db, "World", Settings::default()).await;
    let writer = staff(&w, "writer", Role::Writer).await;
    let editor = staff(&w, "editor", Role::Editor).await;
    let other_writer = staff(&w, "another", Role::Writer).await;

    assert_eq!(refusal(w.app.write_story(&w.amina, &story_form("Not staff")).await), Refusal::NotAllowed);
    let bad = StoryForm { headline: String::new(), ..story_form("") };
    assert!(matches!(refusal(w.app.write_story(&writer, &bad).await), Refusal::StoryFields(errors)
        if errors.iter().any(|e| e.field == "headline")));

    let first = w.app.write_story(&writer, &story_form("Talks resume")).await.unwrap();
    assert_eq!(first.version, 1);
    // A blank slug follows the headline.
    let slug = Slug::parse("talks-resume-at-dawn").unwrap();
    // The editor revises it; the writer, still on version 1, is refused.
    let edited = w.app.revise_story(&editor, first.id, 1, &story_form("Talks resume at dawn")).await.unwrap();
    let stale = w.app.revise_story(&writer, first.id, 1, &story_form("Talks resume!")).await;
    assert_eq!(refusal(stale), Refusal::StoryChanged { current: edited.version });
    assert_eq!(
        refusal(w.app.revise_story(&other_writer, first.id, edited.version, &story_form("Mine now")).await),
        Refusal::NotAllowed,
        "a writer changes only their own stories"
    );

    // The writer sends it on, and may not publish it.
    let sent = w.app.move_story(&writer, first.id, edited.version, Move::Submit).await.unwrap();
    assert_eq!(refusal(w.app.move_story(&writer, first.id, sent.version, Move::Publish).await), Refusal::NotAllowed);
    assert_eq!(
        refusal(w.app.move_story(&editor, first.id, sent.version, Move::Schedule(NOON)).await),
        Refusal::ScheduleInPast
    );
    let at = NOON.plus_hours(1);
    let scheduled = w.app.move_story(&editor, first.id, sent.version, Move::Schedule(at)).await.unwrap();
    assert!(w.app.store.visible_article(&slug, NOON.plus_minutes(59)).await.unwrap().is_none(), "not before");
    let shown = w.app.store.visible_article(&slug, at).await.unwrap().unwrap();
    assert_eq!(shown.summary.headline, "Talks resume at dawn");
    // Scheduled, it is the editors' alone.
    let story = w.app.open_story(&writer, first.id).await.unwrap();
    assert!(!w.app.may_change_story(&writer, &story));

    let down = w.app.move_story(&editor, first.id, scheduled.version, Move::Unpublish).await.unwrap();
    assert!(w.app.store.visible_article(&slug, at).await.unwrap().is_none(), "unpublished");
    assert_eq!(
        refusal(w.app.move_story(&editor, first.id, down.version, Move::Unpublish).await),
        Refusal::StoryState { status: byline_core::ArticleStatus::Unpublished }
    );

    // An old revision comes back as a new one; nothing is lost.
    let restored = w.app.restore_revision(&editor, first.id, down.version, 1).await.unwrap();
    let story = w.app.open_story(&editor, first.id).await.unwrap();
    assert_eq!((story.fields.headline.as_str(), story.version), ("Talks resume", restored.version));
    assert_eq!(story.fields.status, byline_core::ArticleStatus::Unpublished, "restoring keeps the state");
    let notes: Vec<String> = w.app.store.revisions(first.id).await.unwrap().into_iter().map(|r| r.note).collect();
    assert_eq!(notes, ["Restored revision 1", "Unpublished", "Scheduled", "Submitted", "", "Created"]);
}

async fn an_author_page_is_its_writers_once_claimed_and_always_the_editors(db: &TestDatabase) {
    use byline_core::accounts::Role;
    let w = world(db, "World", Settings::default()).await;
    let samira = staff(&w, "samira", Role::Writer).await;
    let editor = staff(&w, "editor", Role::Editor).await;
    let form = StoryForm { author: "Samira and Farid".into(), ..story_form("Written together") };
    w.app.write_story(&editor, &form).await.unwrap();
    let page = Slug::parse("samira").unwrap();
    let farid = Slug::parse("farid").unwrap();

    assert_eq!(refusal(w.app.edit_author(&samira, &farid, "Reporter", "", "").await), Refusal::NotAllowed);
    let claimed = w.app.edit_author(&samira, &page, "Reporter", "Covers the river.\n", "").await.unwrap();
    assert_eq!(
        (claimed.title.as_str(), claimed.bio.as_str(), claimed.user_id),
        ("Reporter", "Covers the river.", Some(samira.id))
    );
    // Claimed, it is hers; an editor may still change it, and claims nothing.
    let edited = w.app.edit_author(&editor, &page, "Senior reporter", "", "").await.unwrap();
    assert_eq!(edited.user_id, Some(samira.id));
    // A portrait is a photograph of the library, by its number.
    let no_photo = refusal(w.app.edit_author(&editor, &page, "Senior reporter", "", "4242").await);
    let Refusal::StoryFields(errors) = no_photo else { panic!("refused: {no_photo:?}") };
    assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["photo"]);
    let too_long = "x".repeat(1_001);
    assert!(matches!(refusal(w.app.edit_author(&editor, &farid, "", &too_long, "").await), Refusal::StoryFields(_)));
    assert_eq!(refusal(w.app.edit_author(&w.amina, &page, "Me", "", "").await), Refusal::NotAllowed);
}

/// Two nodes on one database, one clock: a member's flood control reads
/// their comments, so each node holds the line the other drew; a failed
/// sign-in counted on one holds the client back on the other.
async fn limits_hold_across_nodes_by_the_clock(db: &TestDatabase) {
    let w = world(db, "World", Settings::default()).await;
    let second = |n: i64| Timestamp::from_millis(NOON.millis() + n * 1000);
    let rate_limits =
        RateLimits { comment_interval: Duration::from_secs(10), comments_per_minute: 3, sign_ups_per_hour: 5 };
    let node = || App::new(w.app.store.clone(), Settings { rate_limits, ..Settings::default() }, w.clock.clone());
    let (one, two) = (node(), node());
    one.post_comment(&w.amina, &w.article, None, "One.").await.unwrap();
    let too_fast = refusal(two.post_comment(&w.amina, &w.article, None, "Two.").await);
    assert_eq!(too_fast, Refusal::TooFast(Duration::from_secs(10)));
    two.post_comment(&w.bilal, &w.article, None, "Someone else.").await.unwrap();
    w.clock.set(second(10));
    two.post_comment(&w.amina, &w.article, None, "Two.").await.unwrap();
    w.clock.set(second(20));
    one.post_comment(&w.amina, &w.article, None, "Three.").await.unwrap();
    // Three in the last minute: the next waits until the first is a
    // minute old.
    w.clock.set(second(30));
    assert_eq!(
        refusal(two.post_comment(&w.amina, &w.article, None, "Four.").await),
        Refusal::TooFast(Duration::from_secs(30))
    );
    w.clock.set(second(60));
    one.post_comment(&w.amina, &w.article, None, "Four.").await.unwrap();

    // Five failed sign-ins for one address from one client, on either
    // node, start a block both see, growing with each further failure.
    for n in 0..5 {
        let node = if n % 2 == 0 { &one } else { &two };
        assert_eq!(
            refusal(node.sign_in_with_password("nobody@example.org", "wrong", "10.0.0.5").await),
            Refusal::NoSuchAccount
        );
    }
    let locked = refusal(one.sign_in_with_password("nobody@example.org", "wrong", "10.0.0.5").await);
    assert_eq!(locked, Refusal::SignInLocked(Duration::from_secs(2)));
    assert!(matches!(
        refusal(two.sign_in_with_password("nobody@example.org", "x", "10.0.0.5").await),
        Refusal::SignInLocked(_)
    ));
    w.clock.set(second(62));
    refusal(two.sign_in_with_password("nobody@example.org", "wrong", "10.0.0.5").await);
    let longer = refusal(one.sign_in_with_password("nobody@example.org", "wrong", "10.0.0.5").await);
    assert_eq!(longer, Refusal::SignInLocked(Duration::from_secs(4)), "the block doubled");
    // Another client is not held back.
    assert_eq!(refusal(one.sign_in_with_password("nobody@example.org", "x", "10.0.0.6").await), Refusal::NoSuchAccount);
}

byline_store::test_on_both_backends!(
    limits_hold_across_nodes_by_the_clock,
    an_author_page_is_its_writers_once_claimed_and_always_the_editors,
    a_story_goes_from_writer_to_editor_to_readers_on_time,
    replies_reach_the_parent_author_until_they_mute_the_thread,
    e_mailed_links_work_once_and_expire,
    an_address_changes_only_for_its_owner_and_the_first_admin_once,
    sign_ups_name_every_mistake_and_never_tell_who_has_an_account,
    a_person_manages_their_own_account,
    moderators_decide_with_reasons_and_each_publication_is_told_once,
    a_comment_can_be_edited_until_its_time_is_over,
    a_suspension_ends_when_its_time_comes,
    only_comments_published_at_once_are_announced,
    votes_and_flags_follow_the_rules,
    a_post_by_address_finds_its_article_and_is_refused_alike,
);
