//! Accounts: every flow as a browser drives it, and every attack refused.

use std::time::Duration;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_core::article_file::parse_article_file;
use byline_core::comments::{CommentBody, CommentLimits, CommentStatus, render_comment};
use byline_core::moderation::{Reason, Verdict};
use byline_store::testing::TestDatabase;
use byline_store::{Actor, CommentAdded, CommentAuthor, ModerationDecision as Decision, NewComment, TokenPurpose};
use byline_web::Access;
use reqwest::StatusCode;
use scraper::Html;

use crate::support::{BASE, Browser, PASSWORD, TestApp, attr, header, location, select, text_of};

async fn sign_up_verify_sign_out_and_in(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    let response = browser.sign_up("amira_h", "amira@example.org").await;
    assert_eq!(response.status(), 200);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "Check your inbox");
    // Not signed in until the address is confirmed.
    assert_eq!(location(&browser.get("/account").await), "/signin");

    let link = app.mailed_link("amira@example.org", "/verify/").await;
    let (status, confirm) = browser.page(&link).await;
    assert_eq!(status, 200);
    assert_eq!(attr(&confirm, "main form", "action"), link);
    // A wrong password is refused without using up the link.
    let mistyped = browser.submit(&link, &link, &[("password", "not the one I chose")]).await;
    assert_eq!(mistyped.status(), 422);
    let confirmed = browser.submit(&link, &link, &[("password", PASSWORD)]).await;
    assert_eq!((confirmed.status(), location(&confirmed)), (StatusCode::SEE_OTHER, "/account".to_owned()));
    let cookie = header(&confirmed, "set-cookie");
    assert!(cookie.starts_with("byline_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http base URL: {cookie}");
    assert!(confirmed.headers().get("strict-transport-security").is_none());

    let (status, account) = browser.page("/account").await;
    assert_eq!(status, 200);
    assert!(select(&account, ".account-page > p")[0].text().collect::<String>().contains("@amira_h"));
    assert!(text_of(&account, ".account-nav a").contains("amira_h"));
    // The same link does not work twice.
    assert_eq!(browser.get(&link).await.status(), 400, "a used link says so at once");
    let again = browser.submit("/account", &link, &[("password", PASSWORD)]).await;
    assert_eq!(again.status(), 400);

    let csrf = attr(&account, ".account-nav input[name=csrf]", "value");
    let out = browser.post("/signout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status(), 303);
    assert!(header(&out, "set-cookie").contains("Max-Age=0"));
    assert_eq!(location(&browser.get("/account").await), "/signin");

    let signed_in = browser.sign_in("Amira@Example.org", PASSWORD).await;
    assert_eq!((signed_in.status(), location(&signed_in)), (StatusCode::SEE_OTHER, "/".to_owned()));
    assert_eq!(browser.get("/account").await.status(), 200);
    app.stop().await;
}

async fn a_form_with_mistakes_comes_back_with_messages_and_input(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    let fields = [("handle", "a b"), ("display_name", "Amira"), ("email", "amira@"), ("password", "password123")];
    let response = browser.submit("/signup", "/signup", &fields).await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "#handle-error").contains("letters, digits and underscores"));
    assert!(text_of(&page, "#email-error").contains("e-mail address"));
    assert!(text_of(&page, "#password-error").contains("too easy to guess"));
    assert!(select(&page, "#display_name-error").is_empty());
    assert_eq!(attr(&page, "#handle", "value"), "a b");
    assert_eq!(attr(&page, "#email", "value"), "amira@");
    assert_eq!(attr(&page, "#password", "value"), "", "passwords are never sent back");
    assert_eq!(attr(&page, "#handle", "aria-invalid"), "true");
    assert!(app.running.store.users().await.unwrap().is_empty(), "nothing half-written");

    // A handle that looks like a taken one is refused, with the rest kept.
    app.verified_account(&Browser::new(&app), "coco", "coco@example.org").await;
    let response = browser.sign_up("\u{441}\u{43e}\u{441}\u{43e}", "other@example.org").await;
    assert_eq!(response.status(), 422);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert!(text_of(&page, "#handle-error").contains("taken"));
    assert_eq!(attr(&page, "#email", "value"), "other@example.org");
    app.stop().await;
}

/// The words a visitor sees, without the per-request token.
fn visible_text(page: &Html) -> String {
    page.root_element().select(&scraper::Selector::parse("main").unwrap()).flat_map(|m| m.text()).collect::<String>()
}

async fn answers_do_not_reveal_who_has_an_account(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "farid", "farid@example.org").await;
    let browser = Browser::new(&app);

    // Sign-up with a known and an unknown address: the same page.
    let known = browser.sign_up("farid_two", "farid@example.org").await;
    let unknown = browser.sign_up("nadia", "nadia@example.org").await;
    assert_eq!(known.status(), unknown.status());
    let known = visible_text(&Html::parse_document(&known.text().await.unwrap()));
    let unknown = visible_text(&Html::parse_document(&unknown.text().await.unwrap()));
    assert_eq!(known.replace("farid@", "X@"), unknown.replace("nadia@", "X@"));
    // The owner of the known address is told instead.
    let mails = app.running.store.mail_to("farid@example.org").await.unwrap();
    assert!(mails[0].body.contains("already has one"));

    // Sign-in: wrong password and unknown account look the same.
    let wrong = browser.sign_in("farid@example.org", "not the password at all").await;
    let nobody = browser.sign_in("nobody@example.org", "not the password at all").await;
    assert_eq!((wrong.status(), nobody.status()), (StatusCode::UNPROCESSABLE_ENTITY, StatusCode::UNPROCESSABLE_ENTITY));
    let wrong = Html::parse_document(&wrong.text().await.unwrap());
    let nobody = Html::parse_document(&nobody.text().await.unwrap());
    assert_eq!(text_of(&wrong, ".form-error"), text_of(&nobody, ".form-error"));

    // Link sign-in and reset: the same page for both.
    for (form, action) in [("/signin", "/signin/link"), ("/reset", "/reset")] {
        let a = browser.submit(form, action, &[("email", "farid@example.org")]).await;
        let b = browser.submit(form, action, &[("email", "ghost@example.org")]).await;
        assert_eq!(a.status(), b.status());
        let a = visible_text(&Html::parse_document(&a.text().await.unwrap()));
        let b = visible_text(&Html::parse_document(&b.text().await.unwrap()));
        assert_eq!(a.replace("farid@", "X@"), b.replace("ghost@", "X@"), "{action}");
    }
    assert!(app.running.store.mail_to("ghost@example.org").await.unwrap().is_empty());
    app.stop().await;
}

/// The answer to a link or reset request is given without looking the
/// address up (that happens after, in the background), so it cannot take
/// longer for addresses with an account: with the accounts table out of
/// reach, both answers still come, the same.
async fn link_requests_are_answered_before_the_address_is_looked_up(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "farid", "farid@example.org").await;
    let store = &app.running.store;
    byline_store::testing::execute_raw(store, "ALTER TABLE users RENAME TO users_out_of_reach").await.unwrap();
    for (n, (form, action)) in [("/signin", "/signin/link"), ("/reset", "/reset")].into_iter().enumerate() {
        let csrf = Browser::new(&app).csrf(form).await;
        let ask = |ip: [u8; 4], email: &'static str| {
            let browser = Browser::from_address(&app, ip);
            let csrf = csrf.clone();
            async move {
                // The anonymous form's token is bound to its cookie.
                let response = browser
                    .client
                    .post(format!("{}{action}", browser.base))
                    .header("cookie", format!("byline_csrf={csrf}"))
                    .form(&[("email", email), ("csrf", csrf.as_str())])
                    .send()
                    .await
                    .unwrap();
                (response.status(), visible_text(&Html::parse_document(&response.text().await.unwrap())))
            }
        };
        let n = u8::try_from(n).unwrap();
        let (known_status, known) = ask([127, 0, 4, n], "farid@example.org").await;
        let (unknown_status, unknown) = ask([127, 0, 5, n], "ghost@example.org").await;
        assert_eq!((known_status, unknown_status), (StatusCode::OK, StatusCode::OK), "{action}");
        assert_eq!(known.replace("farid@", "X@"), unknown.replace("ghost@", "X@"), "{action}");
    }
    byline_store::testing::execute_raw(store, "ALTER TABLE users_out_of_reach RENAME TO users").await.unwrap();
    // And the work is done: the link reaches the account's owner.
    Browser::from_address(&app, [127, 0, 6, 1])
        .submit("/signin", "/signin/link", &[("email", "farid@example.org")])
        .await;
    app.mailed_link("farid@example.org", "/signin/link/").await;
    app.stop().await;
}

async fn sign_in_by_emailed_link(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "samira", "samira@example.org").await;
    let browser = Browser::new(&app);
    browser.submit("/signin", "/signin/link", &[("email", "samira@example.org")]).await;
    let link = app.mailed_link("samira@example.org", "/signin/link/").await;
    // Opening the link does nothing by itself (mail scanners open links).
    assert_eq!(location(&browser.get("/account").await), "/signin");
    let (status, _) = browser.page(&link).await;
    assert_eq!(status, 200);
    let signed_in = browser.submit(&link, &link, &[]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(browser.get("/account").await.status(), 200);
    assert_eq!(browser.submit(&link, &link, &[]).await.status(), 400, "single use");
    app.stop().await;
}

const SQUATTER_PASSWORD: &str = "squatter picked this one";

/// Someone signs up with another person's address and a password of their
/// own, and signs in: unconfirmed accounts may.
async fn squat(app: &TestApp, email: &str) -> Browser {
    let squatter = Browser::new(app);
    let fields =
        [("handle", "squatter"), ("display_name", "Squatter"), ("email", email), ("password", SQUATTER_PASSWORD)];
    assert_eq!(squatter.submit("/signup", "/signup", &fields).await.status(), 200);
    assert_eq!(squatter.sign_in(email, SQUATTER_PASSWORD).await.status(), 303);
    assert_eq!(squatter.get("/account").await.status(), 200);
    squatter
}

/// After the owner confirmed the address: the squatter is out and their
/// password is void; the owner sets their own.
async fn the_owner_holds_the_account_alone(app: &TestApp, owner: &Browser, squatter: &Browser, email: &str) {
    assert_eq!(location(&squatter.get("/account").await), "/signin", "the squatter's session ended");
    assert_eq!(Browser::new(app).sign_in(email, SQUATTER_PASSWORD).await.status(), 422, "their password is void");
    let (status, page) = owner.page("/account?done=confirmed").await;
    assert_eq!(status, 200);
    assert!(text_of(&page, ".notice").contains("choose your own password"));
    assert!(select(&page, "#current_password").is_empty(), "no password to give");
    let own = "owner's own pass phrase";
    let set = owner.submit("/account", "/account/password", &[("new_password", own)]).await;
    assert_eq!(location(&set), "/account?done=password");
    assert_eq!(Browser::new(app).sign_in(email, own).await.status(), 303);
    assert_eq!(Browser::new(app).sign_in(email, SQUATTER_PASSWORD).await.status(), 422);
}

async fn an_owner_signing_in_by_link_ends_a_squatters_hold(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let squatter = squat(&app, "owner@example.org").await;
    let owner = Browser::new(&app);
    owner.submit("/signin", "/signin/link", &[("email", "owner@example.org")]).await;
    let link = app.mailed_link("owner@example.org", "/signin/link/").await;
    let signed_in = owner.submit(&link, &link, &[]).await;
    assert_eq!(
        (signed_in.status(), location(&signed_in)),
        (StatusCode::SEE_OTHER, "/account?done=confirmed".to_owned())
    );
    assert!(app.running.store.user_by_handle("squatter").await.unwrap().unwrap().email_verified);
    the_owner_holds_the_account_alone(&app, &owner, &squatter, "owner@example.org").await;
    app.stop().await;
}

async fn an_owner_confirming_by_the_verification_link_ends_a_squatters_hold(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let squatter = squat(&app, "owner@example.org").await;
    // The confirmation mail of the squatter's sign-up reaches the owner,
    // who did not create the account and knows no password.
    let link = app.mailed_link("owner@example.org", "/verify/").await;
    let owner = Browser::new(&app);
    let (_, page) = owner.page(&link).await;
    assert!(text_of(&page, "#password-hint").contains("did not create this account"));
    let confirmed = owner.submit(&link, &link, &[("password", "")]).await;
    assert_eq!(
        (confirmed.status(), location(&confirmed)),
        (StatusCode::SEE_OTHER, "/account?done=confirmed".to_owned())
    );
    the_owner_holds_the_account_alone(&app, &owner, &squatter, "owner@example.org").await;
    app.stop().await;
}

async fn an_owner_resetting_the_password_ends_a_squatters_hold(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let squatter = squat(&app, "owner@example.org").await;
    let owner = Browser::new(&app);
    owner.submit("/reset", "/reset", &[("email", "owner@example.org")]).await;
    let link = app.mailed_link("owner@example.org", "/reset/").await;
    let own = "owner's own pass phrase";
    assert_eq!(owner.submit(&link, &link, &[("password", own)]).await.status(), 303);
    assert_eq!(location(&squatter.get("/account").await), "/signin");
    assert_eq!(Browser::new(&app).sign_in("owner@example.org", SQUATTER_PASSWORD).await.status(), 422);
    assert_eq!(Browser::new(&app).sign_in("owner@example.org", own).await.status(), 303);
    // The reset proved the address.
    assert!(app.running.store.user_by_handle("squatter").await.unwrap().unwrap().email_verified);
    app.stop().await;
}

async fn password_reset_is_single_use_expiring_and_signs_out_elsewhere(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let other_browser = Browser::new(&app);
    app.verified_account(&other_browser, "nadia", "nadia@example.org").await;
    let browser = Browser::new(&app);
    browser.submit("/reset", "/reset", &[("email", "nadia@example.org")]).await;
    let link = app.mailed_link("nadia@example.org", "/reset/").await;
    // A weak password is refused without using up the link.
    let weak = browser.submit(&link, &link, &[("password", "123456789012")]).await;
    assert_eq!(weak.status(), 422);
    let new_password = "violet harbour tram 1999";
    let done = browser.submit(&link, &link, &[("password", new_password)]).await;
    assert_eq!((done.status(), location(&done)), (StatusCode::SEE_OTHER, "/account".to_owned()));
    assert_eq!(browser.submit(&link, &link, &[("password", "another fine passphrase")]).await.status(), 400);
    // The other browser's session ended; the old password no longer works.
    assert_eq!(location(&other_browser.get("/account").await), "/signin");
    assert_eq!(Browser::new(&app).sign_in("nadia@example.org", PASSWORD).await.status(), 422);
    assert_eq!(Browser::new(&app).sign_in("nadia@example.org", new_password).await.status(), 303);

    // An expired link does nothing.
    let user = app.running.store.user_by_handle("nadia").await.unwrap().unwrap();
    let token = "expired-token-for-the-test-0000000000000000";
    let past = Timestamp::now().plus_minutes(-120);
    let store = &app.running.store;
    store
        .create_token(
            TokenPurpose::ResetPassword,
            &byline_web::hash_token(token),
            user.id,
            &user.email,
            past,
            past.plus_minutes(60),
        )
        .await
        .unwrap();
    let path = format!("/reset/{token}");
    assert_eq!(browser.submit(&path, &path, &[("password", "yet another passphrase")]).await.status(), 400);
    app.stop().await;
}

async fn sessions_cannot_be_fixed_in_advance(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "omar", "omar@example.org").await;
    // An attacker plants a session cookie of their choosing, then the
    // victim signs in in that browser.
    let planted = "attacker-chosen-token-value-aaaaaaaaaaaaaaa";
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let url = |p: &str| app.running.url(p);
    let form = client.get(url("/signin")).header("cookie", format!("byline_session={planted}")).send().await.unwrap();
    let csrf_cookie = header(&form, "set-cookie");
    let csrf_cookie = csrf_cookie.split(';').next().unwrap().to_owned();
    let csrf = attr(&Html::parse_document(&form.text().await.unwrap()), "input[name=csrf]", "value");
    let signed_in = client
        .post(url("/signin"))
        .header("cookie", format!("byline_session={planted}; {csrf_cookie}"))
        .form(&[("email", "omar@example.org"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let issued = header(&signed_in, "set-cookie");
    assert!(issued.starts_with("byline_session=") && !issued.contains(planted), "{issued}");
    // The planted value opens nothing.
    let with_planted =
        client.get(url("/account")).header("cookie", format!("byline_session={planted}")).send().await.unwrap();
    assert_eq!(location(&with_planted), "/signin");
    // Two sign-ins give two different tokens.
    let second = Browser::new(&app).sign_in("omar@example.org", PASSWORD).await;
    assert_ne!(header(&second, "set-cookie"), issued);
    app.stop().await;
}

async fn cross_site_and_tokenless_posts_are_refused(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "leila", "leila@example.org").await;
    let csrf = browser.csrf("/account").await;
    let rename = |name: &'static str| [("display_name", name)];

    assert_eq!(browser.post("/account/profile", &rename("No token")).await.status(), 403);
    let wrong = [("display_name", "Wrong token"), ("csrf", "0000000000000000000000000000000000000000000")];
    assert_eq!(browser.post("/account/profile", &wrong).await.status(), 403);
    let fields = [("display_name", "Cross site"), ("csrf", csrf.as_str())];
    let from_elsewhere = |header_name: &'static str, value: &'static str| {
        browser.client.post(format!("{}/account/profile", browser.base)).header(header_name, value).form(&fields).send()
    };
    assert_eq!(from_elsewhere("origin", "https://evil.example").await.unwrap().status(), 403);
    assert_eq!(from_elsewhere("sec-fetch-site", "cross-site").await.unwrap().status(), 403);
    // Anonymous forms are protected too: sign-in from another site fails.
    let login_csrf = browser.csrf("/signin").await;
    let cross = browser
        .client
        .post(format!("{}/signin", browser.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "leila@example.org"), ("password", PASSWORD), ("csrf", &login_csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    assert_eq!(app.running.store.user_by_handle("leila").await.unwrap().unwrap().display_name, "leila");

    // The same change, same-origin and with the token, works.
    let ok = browser
        .client
        .post(format!("{}/account/profile", browser.base))
        .header("origin", "http://news.example")
        .form(&[("display_name", "Leila K."), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(app.running.store.user_by_handle("leila").await.unwrap().unwrap().display_name, "Leila K.");
    app.stop().await;
}

async fn brute_force_is_throttled_per_account_and_per_address(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "yusuf", "yusuf@example.org").await;
    let browser = Browser::new(&app);
    for _ in 0..5 {
        assert_eq!(browser.sign_in("yusuf@example.org", "wrong guess number").await.status(), 422);
    }
    // The fifth failure started a block; the next attempt, even with the
    // right password, is answered 429 with Retry-After.
    let blocked = browser.sign_in("yusuf@example.org", PASSWORD).await;
    assert_eq!(blocked.status(), 429);
    assert!(header(&blocked, "retry-after").parse::<u64>().unwrap() >= 1);
    // The page says so and offers the e-mailed link instead.
    let page = Html::parse_document(&blocked.text().await.unwrap());
    assert!(text_of(&page, ".form-error").contains("sign-in link by e-mail"));
    assert_eq!(select(&page, "form[action='/signin/link']").len(), 1);
    // The owner, elsewhere, is not held back by someone else's guesses.
    let owner = Browser::from_address(&app, [127, 0, 0, 2]);
    assert_eq!(owner.sign_in("yusuf@example.org", PASSWORD).await.status(), 303);

    // Per address: many accounts guessed from one address.
    for i in 0..20 {
        browser.sign_in(&format!("someone{i}@example.org"), "wrong guess number").await;
    }
    assert_eq!(browser.sign_in("fresh@example.org", "wrong guess number").await.status(), 429);
    app.stop().await;
}

async fn guesses_from_many_clients_do_not_lock_the_owner_out(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "idris", "idris@example.org").await;
    // Five clients guess four times each, and one once: twenty-one failures
    // for the address, none of them enough to hold back its client alone.
    for n in 10..15 {
        let guesser = Browser::from_address(&app, [127, 0, 0, n]);
        for _ in 0..4 {
            assert_eq!(guesser.sign_in("idris@example.org", "wrong guess number").await.status(), 422);
        }
    }
    let once = Browser::from_address(&app, [127, 0, 0, 20]);
    assert_eq!(once.sign_in("idris@example.org", "wrong guess number").await.status(), 422);
    // The address is under attack: a client that failed for it waits, even
    // with the right password…
    let guesser = Browser::from_address(&app, [127, 0, 0, 10]);
    assert_eq!(guesser.sign_in("idris@example.org", PASSWORD).await.status(), 429);
    // …while a client that has not failed gets in with it.
    let owner = Browser::from_address(&app, [127, 0, 0, 30]);
    assert_eq!(owner.sign_in("idris@example.org", PASSWORD).await.status(), 303);
    app.stop().await;
}

async fn emailed_links_are_limited_per_recipient_as_well_as_per_client(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    app.verified_account(&Browser::new(&app), "rania", "rania@example.org").await;
    let before = app.running.store.mail_to("rania@example.org").await.unwrap().len();
    // Eight clients ask for eight links to one person, by both forms.
    let mut refused = 0;
    for n in 0..8 {
        let asker = Browser::from_address(&app, [127, 0, 1, n]);
        let (form, action) = if n % 2 == 0 { ("/signin", "/signin/link") } else { ("/reset", "/reset") };
        let answer = asker.submit(form, action, &[("email", "Rania@example.org")]).await;
        if answer.status() == 429 {
            assert!(!header(&answer, "retry-after").is_empty());
            refused += 1;
        } else {
            assert_eq!(answer.status(), 200);
        }
    }
    assert_eq!(refused, 5, "three links an hour to one inbox");
    // An address without an account is limited alike, so a refusal tells nothing.
    for n in 0..3 {
        let asker = Browser::from_address(&app, [127, 0, 2, n]);
        assert_eq!(asker.submit("/reset", "/reset", &[("email", "nobody@example.org")]).await.status(), 200);
    }
    let asker = Browser::from_address(&app, [127, 0, 2, 9]);
    assert_eq!(asker.submit("/reset", "/reset", &[("email", "nobody@example.org")]).await.status(), 429);
    // Another recipient is not held back by them.
    let asker = Browser::from_address(&app, [127, 0, 3, 1]);
    assert_eq!(asker.submit("/reset", "/reset", &[("email", "other@example.org")]).await.status(), 200);
    // Three links were mailed, wherever the others were asked from.
    let mut sent = 0;
    for _ in 0..50 {
        sent = app.running.store.mail_to("rania@example.org").await.unwrap().len() - before;
        if sent >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 3);
    // Signing up with the address from elsewhere mails its owner, but not
    // past the same limit, and the page does not tell.
    for n in 0..3 {
        let fields =
            [("handle", "another"), ("display_name", "A"), ("email", "rania@example.org"), ("password", PASSWORD)];
        let answer = Browser::from_address(&app, [127, 0, 7, n]).submit("/signup", "/signup", &fields).await;
        assert_eq!(answer.status(), 200);
    }
    assert_eq!(app.running.store.mail_to("rania@example.org").await.unwrap().len() - before, 3);
    app.stop().await;
}

async fn sign_up_is_throttled_per_address(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    for i in 0..5 {
        assert_eq!(browser.sign_up(&format!("user_{i}"), &format!("u{i}@example.org")).await.status(), 200);
    }
    let blocked = browser.sign_up("user_6", "u6@example.org").await;
    assert_eq!(blocked.status(), 429);
    assert!(!header(&blocked, "retry-after").is_empty());
    app.stop().await;
}

/// Fills a route pattern's parameters with something plausible.
fn concrete(pattern: &str) -> String {
    pattern
        .replace("{id}", "1")
        .replace("{slug}", "x")
        .replace("{token}", "t")
        .replace("{name}", "n")
        .replace("{version}", "1")
}

/// Every staff route, enumerated from the router, for every role and for
/// someone signed out: those whose role has the route's permission get
/// past the guard, everyone else is refused (signed out: sent to sign in).
async fn only_those_with_the_permission_reach_staff_routes(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let store = &app.running.store;
    let mut people = Vec::new();
    for role in Role::ALL {
        let browser = Browser::new(&app);
        let handle = format!("a_{role}");
        app.verified_account(&browser, &handle, &format!("{handle}@example.org")).await;
        let id = app.user_id(&handle).await;
        assert!(store.set_role(id, role, Timestamp::now()).await.unwrap() || role == Role::Commenter);
        let csrf = browser.csrf("/account").await;
        people.push((Some(role), browser, csrf));
    }
    let anonymous = Browser::new(&app);
    let csrf = anonymous.csrf("/signin").await;
    people.push((None, anonymous, csrf));

    let staff_routes: Vec<_> = byline_web::route_access()
        .into_iter()
        .filter_map(|(pattern, access)| match access {
            Access::Needs(p) if !Role::Commenter.can(p) => Some((pattern, p)),
            _ => None,
        })
        .collect();
    assert!(staff_routes.len() >= 10, "{staff_routes:?}");
    // The desks are for their staff alone: moderation for moderators (and
    // admins), administration for admins.
    for (pattern, permission) in &staff_routes {
        let allowed: Vec<_> = Role::ALL.into_iter().filter(|r| r.can(*permission)).collect();
        if pattern.starts_with("/moderation") {
            assert_eq!(allowed, [Role::Moderator, Role::Admin], "{pattern}");
        } else if pattern.starts_with("/admin") {
            assert_eq!(allowed, [Role::Admin], "{pattern}");
        } else if pattern.starts_with("/desk") {
            // Writers write; what only editors do (notes to published
            // stories) is theirs and the admins'.
            let desk = [Role::Writer, Role::Editor, Role::Admin];
            assert!(allowed == desk || allowed == desk[1..], "{pattern}: {allowed:?}");
        }
    }
    for (pattern, permission) in staff_routes {
        let path = concrete(pattern);
        for (role, browser, csrf) in &people {
            let get = browser.get(&path).await;
            // A harmless form: no route acts on it.
            let post = browser.post(&path, &[("csrf", csrf), ("decision", "none"), ("standing", "none")]).await;
            let who = role.map_or("signed out".to_owned(), |r| r.to_string());
            match role {
                Some(role) if role.can(permission) => {
                    assert_ne!(get.status(), 403, "{who} GET {path}");
                    assert_ne!(post.status(), 403, "{who} POST {path}");
                }
                Some(_) => {
                    assert_eq!(get.status(), 403, "{who} GET {path}");
                    assert_eq!(post.status(), 403, "{who} POST {path}");
                }
                None => {
                    assert_eq!(location(&get), "/signin", "{who} GET {path}");
                    assert_eq!(location(&post), "/signin", "{who} POST {path}");
                }
            }
        }
    }
    // Nothing any of them sent changed a role or wrote to the log.
    let roles: Vec<_> = Role::ALL.iter().map(|r| format!("a_{r}")).collect();
    for (handle, role) in roles.iter().zip(Role::ALL) {
        assert_eq!(store.user_by_handle(handle).await.unwrap().unwrap().role, role);
    }
    assert!(store.moderation_log(10).await.unwrap().is_empty());
    app.stop().await;
}

async fn the_first_admin_comes_from_a_one_time_link(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let setup = app.running.setup_path.clone().expect("no admin yet, so a setup link");
    // A second node started with it shows no link of its own, and takes
    // the first node's.
    let other = TestApp::with_base_url(db, BASE).await;
    assert_eq!(other.running.setup_path, None);
    let browser = Browser::new(&other);
    assert_eq!(browser.get("/setup/wrong-token").await.status(), 404);
    let fields = [
        ("handle", "editor_in_chief"),
        ("display_name", "Chief"),
        ("email", "chief@example.org"),
        ("password", PASSWORD),
    ];
    let created = browser.submit(&setup, &setup, &fields).await;
    assert_eq!((created.status(), location(&created)), (StatusCode::SEE_OTHER, "/admin/users".to_owned()));
    let (status, users) = browser.page("/admin/users").await;
    assert_eq!(status, 200);
    assert_eq!(select(&users, "table.users tbody tr").len(), 1);
    // The link is spent.
    assert_eq!(Browser::new(&app).get(&setup).await.status(), 404);

    // The admin makes a reader a moderator.
    app.verified_account(&Browser::new(&app), "mod_to_be", "mod@example.org").await;
    let target = app.running.store.user_by_handle("mod_to_be").await.unwrap().unwrap();
    let path = format!("/admin/users/{}/role", target.id);
    let changed = browser.submit("/admin/users", &path, &[("role", "moderator")]).await;
    assert_eq!(changed.status(), 303);
    assert_eq!(app.running.store.user(target.id).await.unwrap().unwrap().role.as_str(), "moderator");
    // The only admin cannot demote themself.
    let me = app.running.store.user_by_handle("editor_in_chief").await.unwrap().unwrap();
    browser.submit("/admin/users", &format!("/admin/users/{}/role", me.id), &[("role", "commenter")]).await;
    assert_eq!(app.running.store.user(me.id).await.unwrap().unwrap().role.as_str(), "admin");
    // The log has both: the first admin by the setup link, then the new moderator.
    let log = app.running.store.moderation_log(10).await.unwrap();
    let lines: Vec<_> =
        log.iter().map(|l| (l.actor_handle.as_str(), l.target_id, l.action.as_str(), l.reason.as_str())).collect();
    assert_eq!(lines, [("editor_in_chief", target.id, "role", "moderator"), ("setup-link", me.id, "role", "admin")]);
    let (_, page) = browser.page("/admin/log").await;
    assert!(text_of(&page, "tbody").contains("the setup link"));
    other.stop().await;
    app.stop().await;
}

async fn settings_change_name_password_and_sessions(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "hana", "hana@example.org").await;
    let elsewhere = Browser::new(&app);
    assert_eq!(elsewhere.sign_in("hana@example.org", PASSWORD).await.status(), 303);

    let renamed = browser.submit("/account", "/account/profile", &[("display_name", "  Hana   M. ")]).await;
    assert_eq!(location(&renamed), "/account?done=profile");
    let (_, page) = browser.page("/account?done=profile").await;
    assert_eq!(text_of(&page, ".notice"), "Your profile is saved.");
    assert_eq!(attr(&page, "#display_name", "value"), "Hana M.");
    assert_eq!(select(&page, ".sessions li").len(), 2);

    let bad = browser.submit("/account", "/account/profile", &[("display_name", "evil\u{202e}name")]).await;
    assert_eq!(bad.status(), 422);
    let bad = Html::parse_document(&bad.text().await.unwrap());
    assert_eq!(attr(&bad, "#display_name", "value"), "evil\u{202e}name");

    let wrong_current = [("current_password", "not it at all"), ("new_password", "granite meadow swallow 8")];
    assert_eq!(browser.submit("/account", "/account/password", &wrong_current).await.status(), 422);
    let change = [("current_password", PASSWORD), ("new_password", "granite meadow swallow 8")];
    assert_eq!(location(&browser.submit("/account", "/account/password", &change).await), "/account?done=password");
    // Other browsers are signed out by a password change; this one stays.
    assert_eq!(location(&elsewhere.get("/account").await), "/signin");
    assert_eq!(browser.get("/account").await.status(), 200);
    app.stop().await;
}

async fn changing_the_address_takes_the_password_and_is_limited(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "malik", "malik@example.org").await;
    let store = &app.running.store;
    let (_, page) = browser.page("/account").await;
    assert_eq!(attr(&page, "form[action='/account/email'] #email_password", "type"), "password");

    // A browser left signed in is not enough to move the account away.
    let without = browser.submit("/account", "/account/email", &[("email", "thief@example.org")]).await;
    assert_eq!(without.status(), 422);
    let page = Html::parse_document(&without.text().await.unwrap());
    assert!(text_of(&page, "#email_password-error").contains("not right"));
    assert_eq!(attr(&page, "#email", "value"), "thief@example.org");
    let wrong = [("email", "thief@example.org"), ("email_password", "not the password")];
    assert_eq!(browser.submit("/account", "/account/email", &wrong).await.status(), 422);
    assert!(store.mail_to("thief@example.org").await.unwrap().is_empty());

    let right = [("email", "malik.new@example.org"), ("email_password", PASSWORD)];
    assert_eq!(browser.submit("/account", "/account/email", &right).await.status(), 200);
    assert_eq!(store.mail_to("malik.new@example.org").await.unwrap().len(), 1);
    assert!(store.mail_to("malik@example.org").await.unwrap()[0].body.contains("malik.new@example.org"));
    // Three requests an hour, failed ones included: the fourth waits.
    let again = [("email", "malik.other@example.org"), ("email_password", PASSWORD)];
    let blocked = browser.submit("/account", "/account/email", &again).await;
    assert_eq!(blocked.status(), 429);
    assert!(!header(&blocked, "retry-after").is_empty());
    assert!(store.mail_to("malik.other@example.org").await.unwrap().is_empty());
    app.stop().await;
}

async fn an_account_without_a_password_changes_its_address_after_a_fresh_link(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let squatter = squat(&app, "owner@example.org").await;
    drop(squatter);
    // The owner takes the account by link: no password, a fresh sign-in.
    let owner = Browser::new(&app);
    owner.submit("/signin", "/signin/link", &[("email", "owner@example.org")]).await;
    let link = app.mailed_link("owner@example.org", "/signin/link/").await;
    assert_eq!(owner.submit(&link, &link, &[]).await.status(), 303);
    let (_, page) = owner.page("/account").await;
    assert!(select(&page, "#email_password").is_empty(), "no password to ask for");
    // A sign-in an hour old is not fresh: the address stays.
    let store = &app.running.store;
    byline_store::testing::execute_raw(store, "UPDATE sessions SET created_at = created_at - 3600000").await.unwrap();
    let stale = owner.submit("/account", "/account/email", &[("email", "owner.new@example.org")]).await;
    assert_eq!(stale.status(), 422);
    let page = Html::parse_document(&stale.text().await.unwrap());
    assert!(text_of(&page, "#email-error").contains("sign in again with an e-mailed link"));
    assert!(store.mail_to("owner.new@example.org").await.unwrap().is_empty());
    byline_store::testing::execute_raw(store, "UPDATE sessions SET created_at = created_at + 3600000").await.unwrap();
    let moved = owner.submit("/account", "/account/email", &[("email", "owner.new@example.org")]).await;
    assert_eq!(moved.status(), 200);
    assert_eq!(app.running.store.mail_to("owner.new@example.org").await.unwrap().len(), 1);
    app.stop().await;
}

async fn export_and_delete_my_account(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "zara", "zara@example.org").await;
    let export = browser.get("/account/export").await;
    assert_eq!(header(&export, "content-type"), "application/json");
    assert!(header(&export, "content-disposition").starts_with("attachment"));
    let json: serde_json::Value = serde_json::from_str(&export.text().await.unwrap()).unwrap();
    assert_eq!(json["account"]["handle"], "zara");
    assert_eq!(json["account"]["email"], "zara@example.org");
    assert!(json["comments"].is_array());

    let refused = browser.submit("/account", "/account/delete", &[("confirm_handle", "someone_else")]).await;
    assert_eq!(refused.status(), 422);
    let deleted = browser.submit("/account", "/account/delete", &[("confirm_handle", "zara")]).await;
    assert_eq!(deleted.status(), 200);
    assert!(app.running.store.user_by_handle("zara").await.unwrap().is_none());
    assert_eq!(location(&browser.get("/account").await), "/signin");
    app.stop().await;
}

/// Posts `text` by `author` on the article, in `status`.
async fn comment_by(
    store: &byline_store::Store,
    article_id: i64,
    author: i64,
    text: &str,
    status: CommentStatus,
) -> i64 {
    reply_by(store, article_id, None, author, text, status).await
}

async fn reply_by(
    store: &byline_store::Store,
    article_id: i64,
    parent_id: Option<i64>,
    author: i64,
    text: &str,
    status: CommentStatus,
) -> i64 {
    let body = CommentBody::parse(text, &CommentLimits::default()).unwrap();
    let html = render_comment(&body);
    let lang = byline_core::LanguageTag::parse("en").unwrap();
    let reasons = [Reason { rule: "trust".into(), verdict: Verdict::Hold, detail: "new account".into() }];
    let new = NewComment {
        article_id,
        parent_id,
        author: CommentAuthor::Member(author),
        body: &body,
        body_html: &html,
        language: &lang,
        status,
        reasons: if status == CommentStatus::Pending { &reasons } else { &[] },
    };
    match store.add_comment(&new, Timestamp::now()).await.unwrap() {
        CommentAdded::Added { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

/// A published story, `/articles/harbour`; its id.
async fn harbour(store: &byline_store::Store) -> i64 {
    let text = format!(
        "+++\nslug = \"harbour\"\nheadline = \"The harbour\"\nstandfirst = \"S.\"\nauthor = \"A\"\nsection = \"World\"\n\
         status = \"published\"\npublished_at = \"{}\"\n+++\nBody.\n",
        Timestamp::now().plus_hours(-1).rfc3339()
    );
    store.upsert_article(&parse_article_file(&text).unwrap(), Timestamp::now()).await.unwrap().id()
}

/// A reader with a comment that has a reply deletes their account, on a
/// site set to `deleted_comments`; the article page as a visitor sees it.
async fn delete_a_commenter(db: &TestDatabase, deleted_comments: &str, form_says: &str) -> (TestApp, i64, i64, String) {
    let app = TestApp::with_config(db, BASE, |config| config.accounts.deleted_comments = deleted_comments.into()).await;
    let store = &app.running.store;
    let article = harbour(store).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "leaving", "leaving@example.org").await;
    let me = app.user_id("leaving").await;
    let other = byline_store::testing::reader(store, "staying", Timestamp::now()).await;
    let mine = comment_by(store, article, me, "Words of the one leaving", CommentStatus::Published).await;
    let reply = reply_by(store, article, Some(mine), other, "A reply that stays", CommentStatus::Published).await;
    store.set_vote(reply, me, true, Timestamp::now()).await.unwrap();
    // The form says what will happen.
    let (_, page) = browser.page("/account").await;
    assert!(text_of(&page, "#confirm_handle-hint").contains(form_says), "{deleted_comments}");
    let deleted = browser.submit("/account", "/account/delete", &[("confirm_handle", "leaving")]).await;
    assert_eq!(deleted.status(), 200);
    assert!(store.user_by_handle("leaving").await.unwrap().is_none());
    let page = app.get("/articles/harbour").await.text().await.unwrap();
    (app, mine, reply, page)
}

async fn a_deleted_accounts_comments_lose_their_text_by_default(db: &TestDatabase) {
    let (app, mine, reply, page) = delete_a_commenter(db, "remove", "removes the text of every comment").await;
    let store = &app.running.store;
    let gone = store.comment(mine).await.unwrap().unwrap();
    assert_eq!((gone.status, gone.body_source.as_str(), gone.author_id), (CommentStatus::Deleted, "", None));
    assert!(!page.contains("Words of the one leaving"));
    assert!(page.contains("This comment was deleted."));
    // The thread keeps its shape: the reply stays, under the tombstone.
    assert!(page.contains("A reply that stays"));
    assert_eq!(store.comment(reply).await.unwrap().unwrap().status, CommentStatus::Published);
    assert_eq!(store.comment_count(gone.article_id).await.unwrap(), 1);
    app.stop().await;
}

async fn a_site_may_keep_a_deleted_accounts_comments(db: &TestDatabase) {
    let (app, mine, _, page) = delete_a_commenter(db, "keep", "Your comments stay").await;
    let kept = app.running.store.comment(mine).await.unwrap().unwrap();
    assert_eq!((kept.status, kept.author_id), (CommentStatus::Published, None));
    assert!(page.contains("Words of the one leaving") && page.contains("Deleted user"));
    app.stop().await;
}

async fn the_export_holds_everything_kept_about_the_reader(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let store = &app.running.store;
    let article = harbour(store).await;
    let browser = Browser::new(&app);
    app.verified_account(&browser, "zainab", "zainab@example.org").await;
    let me = app.user_id("zainab").await;
    let other = byline_store::testing::reader(store, "someone_else", Timestamp::now()).await;
    let theirs = comment_by(store, article, other, "Their comment", CommentStatus::Published).await;

    let published = comment_by(store, article, me, "My published words", CommentStatus::Published).await;
    let held = comment_by(store, article, me, "My held words", CommentStatus::Pending).await;
    let refused = comment_by(store, article, me, "My refused words", CommentStatus::Published).await;
    let moderator = Actor { id: None, handle: "cli" };
    assert!(
        store
            .moderate_comment(refused, Decision::Reject, moderator, "off_topic", Timestamp::now())
            .await
            .unwrap()
            .done()
    );
    assert!(store.appeal_comment(refused, me, "It was on topic", Timestamp::now()).await.unwrap());
    let rejected = comment_by(store, article, me, "My rejected words", CommentStatus::Published).await;
    assert!(
        store.moderate_comment(rejected, Decision::Reject, moderator, "abuse", Timestamp::now()).await.unwrap().done()
    );
    store.set_vote(theirs, me, true, Timestamp::now()).await.unwrap();
    store.flag_comment(theirs, me, "spam", Timestamp::now()).await.unwrap();
    store.create_unsubscribe_link("mute-token", me, published, Timestamp::now()).await.unwrap();
    assert!(store.mute_by_link("mute-token", Timestamp::now()).await.unwrap());
    store.set_notify_replies(me, false, Timestamp::now()).await.unwrap();

    let export = browser.get("/account/export").await;
    assert_eq!(header(&export, "cache-control"), "private, no-store");
    let json: serde_json::Value = serde_json::from_str(&export.text().await.unwrap()).unwrap();
    // Profile and sessions.
    assert_eq!(
        (json["account"]["handle"].as_str(), json["account"]["standing"].as_str()),
        (Some("zainab"), Some("active"))
    );
    assert_eq!(json["account"]["sessions"].as_array().unwrap().len(), 1);
    // Every comment, held and refused included, with its state and text.
    let comments: Vec<_> = json["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["state"].as_str().unwrap(), c["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        comments,
        [
            (published, "published", "My published words"),
            (held, "pending", "My held words"),
            // Appealed: back in the queue.
            (refused, "pending", "My refused words"),
            (rejected, "rejected", "My rejected words"),
        ]
    );
    assert_eq!(json["comments"][1]["held_or_refused_for"][0]["rule"], "trust");
    assert_eq!(json["comments"][0]["article"], "harbour");
    assert_eq!(json["votes"][0]["comment"], theirs);
    assert_eq!(
        (json["flags"][0]["comment"].as_i64(), json["flags"][0]["reason"].as_str()),
        (Some(theirs), Some("spam"))
    );
    assert_eq!(json["appeals"][0]["text"], "It was on topic");
    assert_eq!(json["appeals"][0]["comment"], refused);
    assert_eq!(json["notifications"]["reply_emails"], false);
    assert_eq!(json["notifications"]["muted_threads"][0]["thread"], published);
    let decisions: Vec<_> =
        json["decisions"].as_array().unwrap().iter().map(|d| d["action"].as_str().unwrap()).collect();
    assert!(decisions.contains(&"reject"), "{decisions:?}");
    // Nothing of anyone else's.
    assert!(!json.to_string().contains("Their comment"));
    app.stop().await;
}

async fn without_smtp_mail_lands_in_the_outbox_folder(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    browser.sign_up("tariq", "tariq@example.org").await;
    let link = app.mailed_link("tariq@example.org", "/verify/").await;
    let mut found = None;
    for _ in 0..2400 {
        // Only whole messages: a message being written has a hidden name.
        let files: Vec<_> = std::fs::read_dir(app.outbox.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        if let Some(file) = files.first() {
            found = Some(std::fs::read_to_string(file).unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let eml = found.expect("a .eml file in the outbox folder");
    assert!(eml.contains("To: tariq@example.org"), "{eml}");
    assert!(eml.contains("Subject: Confirm your e-mail address"), "{eml}");
    assert!(eml.contains(&format!("http://news.example{link}")), "the link is whole: {eml}");
    app.stop().await;
}

async fn undeliverable_mail_stays_queued_for_another_try(db: &TestDatabase) {
    let app = TestApp::with_settings(db, BASE, |settings| {
        // A relay that is not there: port 9 on loopback refuses connections.
        settings.config.mail.smtp_url = Some("smtp://127.0.0.1:9".into());
    })
    .await;
    Browser::new(&app).sign_up("gustav", "gustav@example.org").await;
    let mut attempts = 0;
    for _ in 0..2400 {
        attempts = app.running.store.mail_to("gustav@example.org").await.unwrap()[0].attempts;
        if attempts > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(attempts, 1, "one failed attempt recorded");
    // Not due again yet: it waits before the next try, and is not lost.
    assert!(app.running.store.due_mail(Timestamp::now(), 10).await.unwrap().is_empty());
    let later = app.running.store.due_mail(Timestamp::now().plus_minutes(2), 10).await.unwrap();
    assert_eq!(later.len(), 1);
    assert!(std::fs::read_dir(app.outbox.path()).unwrap().next().is_none(), "no file when SMTP is configured");
    app.stop().await;
}

async fn unreadable_forms_get_a_clear_page_not_a_crash(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    let csrf = browser.csrf("/signup").await;
    let url = format!("{}/signup", browser.base);
    let post = |content_type: &'static str, body: Vec<u8>| {
        browser.client.post(&url).header("x-csrf-token", &csrf).header("content-type", content_type).body(body).send()
    };
    let wrong_type = post("text/plain", b"handle=x".to_vec()).await.unwrap();
    assert_eq!(wrong_type.status(), 400);
    let page = Html::parse_document(&wrong_type.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "That request was not understood");
    // Text that is not UTF-8 is refused whole, never read half-way.
    let not_utf8 = post("application/x-www-form-urlencoded", b"handle=%FF%FE&email=\xff".to_vec()).await.unwrap();
    assert_eq!(not_utf8.status(), 400);
    let page = Html::parse_document(&not_utf8.text().await.unwrap());
    assert!(text_of(&page, "main").contains("not valid UTF-8"));
    assert!(app.running.store.users().await.unwrap().is_empty());
    app.stop().await;
}

async fn https_sites_mark_cookies_secure(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, "https://news.example/").await;
    let form = app.client.get(app.running.url("/signin")).send().await.unwrap();
    let cookie = header(&form, "set-cookie");
    assert!(cookie.starts_with("byline_csrf=") && cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(header(&form, "strict-transport-security"), "max-age=31536000; includeSubDomains");
    // Pages without forms set no cookie, so shared caches may keep them.
    assert!(app.client.get(app.running.url("/")).send().await.unwrap().headers().get("set-cookie").is_none());
    app.stop().await;
}

byline_store::test_on_both_backends!(
    sign_up_verify_sign_out_and_in,
    a_form_with_mistakes_comes_back_with_messages_and_input,
    answers_do_not_reveal_who_has_an_account,
    sign_in_by_emailed_link,
    link_requests_are_answered_before_the_address_is_looked_up,
    an_owner_signing_in_by_link_ends_a_squatters_hold,
    an_owner_confirming_by_the_verification_link_ends_a_squatters_hold,
    an_owner_resetting_the_password_ends_a_squatters_hold,
    password_reset_is_single_use_expiring_and_signs_out_elsewhere,
    sessions_cannot_be_fixed_in_advance,
    cross_site_and_tokenless_posts_are_refused,
    brute_force_is_throttled_per_account_and_per_address,
    sign_up_is_throttled_per_address,
    guesses_from_many_clients_do_not_lock_the_owner_out,
    emailed_links_are_limited_per_recipient_as_well_as_per_client,
    only_those_with_the_permission_reach_staff_routes,
    the_first_admin_comes_from_a_one_time_link,
    settings_change_name_password_and_sessions,
    changing_the_address_takes_the_password_and_is_limited,
    an_account_without_a_password_changes_its_address_after_a_fresh_link,
    export_and_delete_my_account,
    the_export_holds_everything_kept_about_the_reader,
    a_deleted_accounts_comments_lose_their_text_by_default,
    a_site_may_keep_a_deleted_accounts_comments,
    https_sites_mark_cookies_secure,
    without_smtp_mail_lands_in_the_outbox_folder,
    undeliverable_mail_stays_queued_for_another_try,
    unreadable_forms_get_a_clear_page_not_a_crash,
);
