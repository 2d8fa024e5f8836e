//! The accounts contract: users, sessions, tokens and the outbox, on both
//! backends.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use byline_core::Timestamp;
use byline_core::accounts::{DeletedComments, DisplayName, Email, Handle, Role, Theme};
use byline_store::testing::TestDatabase;
use byline_store::{
    Confirmation, CreatedUser, Identity, LinkRequest, Linked, NewProviderSignIn, NewSession, NewUser, ProviderSignIn,
    Store, TokenPurpose,
};

const NOW: Timestamp = Timestamp::from_millis(1_795_771_800_000);

async fn add(store: &Store, handle: &str, email: &str) -> CreatedUser {
    let handle = Handle::parse(handle).unwrap();
    let email = Email::parse(email).unwrap();
    let name = DisplayName::parse("Someone").unwrap();
    let new = NewUser {
        handle: &handle,
        display_name: &name,
        email: &email,
        password_hash: Some("hash"),
        role: Role::Commenter,
        email_verified: false,
        granted_by: None,
    };
    store.create_user(&new, NOW).await.unwrap()
}

async fn user_id(store: &Store, handle: &str, email: &str) -> i64 {
    match add(store, handle, email).await {
        CreatedUser::Created(id) => id,
        other => panic!("{other:?}"),
    }
}

async fn handles_and_emails_are_unique_by_key(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "Amira", "amira@example.org").await;
    assert_eq!(add(&store, "amira", "other@example.org").await, CreatedUser::HandleTaken);
    // A whole-script look-alike: Cyrillic "сосо" against Latin "coco".
    user_id(&store, "coco", "coco@example.org").await;
    assert_eq!(add(&store, "\u{441}\u{43e}\u{441}\u{43e}", "other@example.org").await, CreatedUser::HandleTaken);
    assert_eq!(add(&store, "farid", "AMIRA@Example.org").await, CreatedUser::EmailTaken);
    let user = store.user(id).await.unwrap().unwrap();
    assert_eq!((user.handle.as_str(), user.role, user.email_verified), ("Amira", Role::Commenter, false));
    assert_eq!(store.user_by_handle("AMIRA").await.unwrap().unwrap().id, id);
    let (found, hash) = store.user_with_password(&Email::parse("Amira@EXAMPLE.org").unwrap()).await.unwrap().unwrap();
    assert_eq!((found.id, hash.as_deref()), (id, Some("hash")));
    assert_eq!(store.users().await.unwrap().len(), 2);
}

async fn roles_names_and_emails_change(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "farid", "farid@example.org").await;
    let other = user_id(&store, "nadia", "nadia@example.org").await;
    assert_eq!(store.count_admins().await.unwrap(), 0);
    assert!(store.set_role(id, Role::Admin, NOW).await.unwrap());
    assert!(!store.set_role(9999, Role::Admin, NOW).await.unwrap());
    assert_eq!(store.count_admins().await.unwrap(), 1);
    store.set_display_name(id, &DisplayName::parse("Farid O.").unwrap(), NOW).await.unwrap();
    store.set_notify_replies(id, false, NOW).await.unwrap();
    let confirmed = store.confirm_email(id, &Email::parse("new@example.org").unwrap(), true, NOW).await.unwrap();
    assert_eq!(confirmed, Confirmation::Confirmed { first: true });
    // Another account's address cannot be taken over by verification.
    let taken = store.confirm_email(other, &Email::parse("NEW@example.org").unwrap(), true, NOW).await.unwrap();
    assert_eq!(taken, Confirmation::AddressTaken);
    let user = store.user(id).await.unwrap().unwrap();
    assert_eq!((user.display_name.as_str(), user.email.as_str()), ("Farid O.", "new@example.org"));
    assert!(user.email_verified && !user.notify_replies && user.role == Role::Admin);
}

async fn a_reader_keeps_their_choice_of_language_and_colours(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "qari", "qari@example.org").await;
    assert_eq!(store.user(id).await.unwrap().unwrap().interface_language, None, "none until chosen");
    let urdu = byline_core::LanguageTag::parse("ur").unwrap();
    assert!(store.set_interface_language(id, Some(&urdu), NOW).await.unwrap());
    assert_eq!(store.user(id).await.unwrap().unwrap().interface_language, Some(urdu.clone()));
    // Read with the session as well as by id.
    assert_eq!(store.user_by_handle("qari").await.unwrap().unwrap().interface_language, Some(urdu));
    assert!(store.set_interface_language(id, None, NOW).await.unwrap());
    assert_eq!(store.user(id).await.unwrap().unwrap().interface_language, None);
    assert!(!store.set_interface_language(9999, None, NOW).await.unwrap(), "no such account");
    // And their colours.
    assert!(store.set_theme(id, Some(Theme::Dark), NOW).await.unwrap());
    assert_eq!(store.user_by_handle("qari").await.unwrap().unwrap().theme, Some(Theme::Dark));
    assert!(store.set_theme(id, None, NOW).await.unwrap());
    assert_eq!(store.user(id).await.unwrap().unwrap().theme, None);
}

async fn sessions_expire_by_idleness_and_age(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "nadia", "nadia@example.org").await;
    let new = |hash: &'static str| NewSession {
        token_hash: hash,
        user_id: id,
        csrf_token: "csrf",
        user_agent: "Firefox",
        expires_at: NOW.plus_hours(24),
    };
    let first = store.create_session(&new("one"), NOW).await.unwrap();
    let second = store.create_session(&new("two"), NOW).await.unwrap();
    let idle = NOW.plus_minutes(-30);
    let found = store.session("one", NOW, idle).await.unwrap().unwrap();
    assert_eq!((found.id, found.user.id, found.csrf_token.as_str()), (first, id, "csrf"));
    assert!(store.session("nope", NOW, idle).await.unwrap().is_none());
    // Idle too long: last seen before the idle cut-off.
    assert!(store.session("one", NOW.plus_hours(2), NOW.plus_minutes(90)).await.unwrap().is_none());
    store.touch_session(first, NOW.plus_hours(2)).await.unwrap();
    assert!(store.session("one", NOW.plus_hours(2), NOW.plus_minutes(90)).await.unwrap().is_some());
    // Past the absolute end, however active.
    assert!(store.session("one", NOW.plus_hours(25), NOW.plus_hours(24)).await.unwrap().is_none());

    assert_eq!(store.sessions_of(id, NOW).await.unwrap().len(), 2);
    assert_eq!(store.delete_sessions_of(id, Some(second)).await.unwrap(), 1);
    assert!(store.session("one", NOW, idle).await.unwrap().is_none());
    assert!(store.session("two", NOW, idle).await.unwrap().is_some());
    store.delete_session(second).await.unwrap();
    assert!(store.sessions_of(id, NOW).await.unwrap().is_empty());
}

async fn a_first_confirmation_ends_sessions_and_clears_an_unproven_password(db: &TestDatabase) {
    let store = db.store().await;
    let squatted = user_id(&store, "squatter", "owner@example.org").await;
    let kept = user_id(&store, "signed_up", "self@example.org").await;
    for (id, hash) in [(squatted, "s1"), (kept, "k1")] {
        let session = NewSession {
            token_hash: hash,
            user_id: id,
            csrf_token: "c",
            user_agent: "UA",
            expires_at: NOW.plus_hours(1),
        };
        store.create_session(&session, NOW).await.unwrap();
    }
    let owner = Email::parse("owner@example.org").unwrap();
    assert_eq!(
        store.confirm_email(squatted, &owner, false, NOW).await.unwrap(),
        Confirmation::Confirmed { first: true }
    );
    assert!(store.sessions_of(squatted, NOW).await.unwrap().is_empty());
    assert!(store.password_hash(squatted).await.unwrap().is_none());
    // Proven by the password: it stays; the sessions still end.
    let own = Email::parse("self@example.org").unwrap();
    assert_eq!(store.confirm_email(kept, &own, true, NOW).await.unwrap(), Confirmation::Confirmed { first: true });
    assert_eq!(store.password_hash(kept).await.unwrap().as_deref(), Some("hash"));
    assert!(store.sessions_of(kept, NOW).await.unwrap().is_empty());
    // A later confirmation (a change of address) touches neither.
    store.set_password_hash(kept, "new-hash", NOW).await.unwrap();
    let session = NewSession {
        token_hash: "k2",
        user_id: kept,
        csrf_token: "c",
        user_agent: "UA",
        expires_at: NOW.plus_hours(1),
    };
    store.create_session(&session, NOW).await.unwrap();
    let changed = Email::parse("moved@example.org").unwrap();
    assert_eq!(
        store.confirm_email(kept, &changed, false, NOW).await.unwrap(),
        Confirmation::Confirmed { first: false }
    );
    assert_eq!(store.password_hash(kept).await.unwrap().as_deref(), Some("new-hash"));
    assert_eq!(store.sessions_of(kept, NOW).await.unwrap().len(), 1);
    let nobody = Email::parse("nobody@example.org").unwrap();
    assert_eq!(store.confirm_email(9999, &nobody, false, NOW).await.unwrap(), Confirmation::NoSuchUser);
    store.close().await;
}

async fn tokens_are_single_use_purpose_bound_and_expiring(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "samira", "samira@example.org").await;
    let later = NOW.plus_hours(1);
    store.create_token(TokenPurpose::ResetPassword, "t1", id, "samira@example.org", NOW, later).await.unwrap();
    store.create_token(TokenPurpose::VerifyEmail, "t2", id, "new@example.org", NOW, later).await.unwrap();
    assert!(store.redeem_token(TokenPurpose::SignIn, "t1", NOW).await.unwrap().is_none(), "wrong purpose");
    // Looking does not use it up.
    let holder = store.token_holder(TokenPurpose::ResetPassword, "t1", NOW).await.unwrap().unwrap();
    assert_eq!(holder.user_id, id);
    assert!(store.token_holder(TokenPurpose::SignIn, "t1", NOW).await.unwrap().is_none());
    let redeemed = store.redeem_token(TokenPurpose::ResetPassword, "t1", NOW).await.unwrap().unwrap();
    assert_eq!((redeemed.user_id, redeemed.email.as_str()), (id, "samira@example.org"));
    assert!(store.redeem_token(TokenPurpose::ResetPassword, "t1", NOW).await.unwrap().is_none(), "used twice");
    assert!(store.redeem_token(TokenPurpose::VerifyEmail, "t2", later).await.unwrap().is_none(), "expired");
}

async fn the_outbox_retries_until_sent(db: &TestDatabase) {
    let store = db.store().await;
    let id = store.enqueue_mail("a@example.org", "Hello", "Body", NOW).await.unwrap();
    let due = store.due_mail(NOW, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].id, due[0].recipient.as_str(), due[0].attempts), (id, "a@example.org", 0));
    store.mark_mail_failed(id, "connection refused", NOW.plus_minutes(1)).await.unwrap();
    assert!(store.due_mail(NOW, 10).await.unwrap().is_empty());
    let retry = store.due_mail(NOW.plus_minutes(1), 10).await.unwrap();
    assert_eq!(retry[0].attempts, 1);
    store.mark_mail_sent(id, NOW.plus_minutes(1)).await.unwrap();
    assert!(store.due_mail(NOW.plus_hours(1), 10).await.unwrap().is_empty());
}

/// Several nodes taking the outbox at once take each message once, and a
/// message held by a node that stopped is due again when its hold ends.
async fn outbox_claims_take_each_message_once(db: &TestDatabase) {
    let store = db.store().await;
    let other = Store::connect(&db.url).await.unwrap();
    for n in 0..60 {
        store.enqueue_mail(&format!("r{n}@example.org"), "Hello", "Body", NOW).await.unwrap();
    }
    let hold = NOW.plus_minutes(10);
    let mut taken = Vec::new();
    loop {
        let (a, b) = tokio::join!(store.claim_due_mail(NOW, hold, 7), other.claim_due_mail(NOW, hold, 7));
        let (a, b) = (a.unwrap(), b.unwrap());
        if a.is_empty() && b.is_empty() {
            break;
        }
        taken.extend(a.into_iter().chain(b).map(|mail| mail.id));
    }
    let count = taken.len();
    taken.sort_unstable();
    taken.dedup();
    assert_eq!((count, taken.len()), (60, 60));
    // Taken and never answered for: due again once the hold is over.
    assert!(store.claim_due_mail(NOW.plus_minutes(9), hold, 100).await.unwrap().is_empty());
    let again = store.claim_due_mail(hold, hold.plus_minutes(10), 100).await.unwrap();
    assert_eq!(again.len(), 60);
    store.mark_mail_sent(again[0].id, hold).await.unwrap();
    assert_eq!(store.claim_due_mail(NOW.plus_hours(1), NOW.plus_hours(2), 100).await.unwrap().len(), 59);
    other.close().await;
    store.close().await;
}

/// The handles a people search finds, in order.
async fn search(store: &Store, text: &str, by_email: bool) -> Vec<String> {
    store.search_people(text, by_email, 50).await.unwrap().into_iter().map(|p| p.handle).collect()
}

async fn people_are_found_alike_on_both_backends(db: &TestDatabase) {
    let store = db.store().await;
    let named = |handle: &'static str, name: &'static str| {
        let store = &store;
        async move {
            let id = user_id(store, handle, &format!("{handle}@example.org")).await;
            assert!(store.set_display_name(id, &DisplayName::parse(name).unwrap(), NOW).await.unwrap());
        }
    };
    named("mona_desk", "Desk Editor").await;
    named("elodie", "ÉLODIE Brun").await;
    // Cyrillic Е and о, passing for the Latin letters.
    named("brun_e", "Еlоdie Brun").await;
    named("dimitri", "ДМИТРИЙ Орлов").await;

    // Handles by their key: any case, look-alikes alike.
    assert_eq!(search(&store, "MONA", false).await, ["mona_desk"]);
    assert_eq!(search(&store, "mon", false).await, ["mona_desk"]);
    // Names by theirs, beyond ASCII as well (SQLite's LOWER folds ASCII only).
    assert_eq!(search(&store, "élodie", false).await, ["elodie"]);
    assert_eq!(search(&store, "дмитрий", false).await, ["dimitri"]);
    // The impostor's name reads as plain Latin letters, so a search finds
    // them beside the handle they imitate, and a digit for a letter finds both.
    assert_eq!(search(&store, "elodie", false).await, ["brun_e", "elodie"]);
    assert_eq!(search(&store, "e1odie", false).await, ["brun_e", "elodie"]);
    // E-mail addresses only when asked, by their lower case.
    assert!(search(&store, "MONA_DESK@EXAMPLE", false).await.is_empty());
    assert_eq!(search(&store, "MONA_DESK@EXAMPLE", true).await, ["mona_desk"]);
    // A name changed is found by its new key only.
    let mona = store.user_by_handle("mona_desk").await.unwrap().unwrap().id;
    assert!(store.set_display_name(mona, &DisplayName::parse("Night Desk").unwrap(), NOW).await.unwrap());
    assert!(search(&store, "editor", false).await.is_empty());
    assert_eq!(search(&store, "NIGHT", false).await, ["mona_desk"]);
    store.close().await;
}

async fn names_stored_before_their_key_get_one_at_migration(db: &TestDatabase) {
    let store = db.store().await;
    let id = user_id(&store, "zofia", "zofia@example.org").await;
    assert!(store.set_display_name(id, &DisplayName::parse("ŻOFIA Nowak").unwrap(), NOW).await.unwrap());
    // As a row written before migration 16 has it.
    byline_store::testing::execute_raw(&store, "UPDATE users SET name_key = ''").await.unwrap();
    assert!(search(&store, "żofia", false).await.is_empty());
    store.migrate().await.unwrap();
    assert_eq!(search(&store, "żofia", false).await, ["zofia"]);
    store.close().await;
}

async fn identities_link_to_one_account_and_go_with_it(db: &TestDatabase) {
    let store = db.store().await;
    let amira = user_id(&store, "amira", "amira@example.org").await;
    let farid = user_id(&store, "farid", "farid@example.org").await;
    let google = ("google", "10769150350006150715113082367");
    assert_eq!(store.identity(google.0, google.1).await.unwrap(), None);
    assert_eq!(store.link_identity(google, amira, Some("amira@example.org"), NOW).await.unwrap(), Linked::Linked);
    assert_eq!(store.link_identity(google, amira, None, NOW).await.unwrap(), Linked::AlreadyLinked);
    // One identity, one account: another cannot take it.
    assert_eq!(store.link_identity(google, farid, None, NOW).await.unwrap(), Linked::OtherAccount(amira));
    // The same subject at another provider is another identity.
    assert_eq!(store.link_identity(("sso", google.1), farid, None, NOW).await.unwrap(), Linked::Linked);
    let found = store.identity(google.0, google.1).await.unwrap().unwrap();
    assert_eq!(
        found,
        Identity {
            provider: "google".into(),
            subject: google.1.into(),
            account_id: amira,
            email: Some("amira@example.org".into()),
            created_at: NOW,
        }
    );
    store.link_identity(("github", "583231"), amira, None, NOW).await.unwrap();
    let linked: Vec<String> = store.identities_of(amira).await.unwrap().into_iter().map(|i| i.provider).collect();
    assert_eq!(linked, ["github", "google"]);
    // Only the account's own identity can be unlinked from it.
    assert!(!store.unlink_identity(farid, google.0, google.1).await.unwrap());
    assert!(store.unlink_identity(amira, "github", "583231").await.unwrap());
    assert!(!store.unlink_identity(amira, "github", "583231").await.unwrap());
    assert_eq!(store.identities_of(amira).await.unwrap().len(), 1);
    // Deleting the account deletes its identities.
    assert!(store.delete_user(amira, DeletedComments::Keep).await.unwrap());
    assert_eq!(store.identity(google.0, google.1).await.unwrap(), None);
    store.close().await;
}

async fn provider_sign_ins_are_taken_once_and_expire(db: &TestDatabase) {
    let store = db.store().await;
    let later = Timestamp::from_millis(NOW.millis() + 600_000);
    let sign_in = |token_hash| NewProviderSignIn {
        token_hash,
        provider: "google",
        state: "state-1",
        nonce: "nonce-1",
        pkce_verifier: "verifier-1",
        expires_at: later,
    };
    store.begin_provider_sign_in(&sign_in("hash-1"), NOW).await.unwrap();
    store.begin_provider_sign_in(&sign_in("hash-2"), NOW).await.unwrap();
    assert_eq!(store.take_provider_sign_in("unknown", NOW).await.unwrap(), None);
    let taken = store.take_provider_sign_in("hash-1", NOW).await.unwrap().unwrap();
    assert_eq!(
        taken,
        ProviderSignIn {
            provider: "google".into(),
            state: "state-1".into(),
            nonce: "nonce-1".into(),
            pkce_verifier: "verifier-1".into(),
        }
    );
    assert_eq!(store.take_provider_sign_in("hash-1", NOW).await.unwrap(), None);
    // Expired: gone, and not given.
    assert_eq!(store.take_provider_sign_in("hash-2", later).await.unwrap(), None);
    assert_eq!(store.take_provider_sign_in("hash-2", NOW).await.unwrap(), None);
    store.close().await;
}

async fn link_requests_wait_for_their_link_once(db: &TestDatabase) {
    let store = db.store().await;
    let amira = user_id(&store, "amira", "amira@example.org").await;
    let later = Timestamp::from_millis(NOW.millis() + 1_800_000);
    let request = LinkRequest {
        provider: "google".into(),
        subject: "1234".into(),
        account_id: amira,
        email: "amira@example.org".into(),
    };
    store.request_identity_link("hash-1", &request, NOW, later).await.unwrap();
    store.request_identity_link("hash-2", &request, NOW, later).await.unwrap();
    // Looked at without being used up.
    assert_eq!(store.identity_link_request("hash-1", NOW).await.unwrap(), Some(request.clone()));
    assert_eq!(store.identity_link_request("hash-1", later).await.unwrap(), None);
    assert_eq!(store.take_identity_link_request("hash-1", NOW).await.unwrap(), Some(request));
    assert_eq!(store.take_identity_link_request("hash-1", NOW).await.unwrap(), None);
    assert_eq!(store.take_identity_link_request("hash-2", later).await.unwrap(), None);
    store.close().await;
}

byline_store::test_on_both_backends!(
    identities_link_to_one_account_and_go_with_it,
    provider_sign_ins_are_taken_once_and_expire,
    link_requests_wait_for_their_link_once,
    people_are_found_alike_on_both_backends,
    names_stored_before_their_key_get_one_at_migration,
    handles_and_emails_are_unique_by_key,
    roles_names_and_emails_change,
    a_reader_keeps_their_choice_of_language_and_colours,
    sessions_expire_by_idleness_and_age,
    tokens_are_single_use_purpose_bound_and_expiring,
    a_first_confirmation_ends_sessions_and_clears_an_unproven_password,
    the_outbox_retries_until_sent,
    outbox_claims_take_each_message_once,
);
