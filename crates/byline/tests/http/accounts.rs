//! Accounts: every flow as a browser drives it, and every attack refused.

use std::time::Duration;

use byline_core::Timestamp;
use byline_core::accounts::Role;
use byline_store::TokenPurpose;
use byline_store::testing::TestDatabase;
use byline_web::Access;
use reqwest::StatusCode;
use scraper::Html;

use crate::{TestApp, attr, header, select, text_of};

/// Plain http, so cookies are not `Secure` and the test client sends them.
pub const BASE: &str = "http://news.example/";
pub const PASSWORD: &str = "lantern orchard copper 47";

/// A browser: keeps cookies, does not follow redirects.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("TestBrowser/1.0")
            .build()
            .unwrap();
        Self { client, base: app.running.url("") }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (StatusCode, Html) {
        let response = self.get(path).await;
        let status = response.status();
        (status, Html::parse_document(&response.text().await.unwrap()))
    }

    /// The CSRF token of the first form on the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let (status, page) = self.page(path).await;
        assert_eq!(status, 200, "GET {path}");
        attr(&page, "input[name=csrf]", "value")
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}{path}", self.base)).form(fields).send().await.unwrap()
    }

    /// Fetches `form_page` for its token, then posts `fields` to `action`.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf(form_page).await;
        let mut all = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(action, &all).await
    }

    pub async fn sign_up(&self, handle: &str, email: &str) -> reqwest::Response {
        let fields = [("handle", handle), ("display_name", handle), ("email", email), ("password", PASSWORD)];
        self.submit("/signup", "/signup", &fields).await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit("/signin", "/signin", &[("email", email), ("password", password)]).await
    }
}

pub fn location(response: &reqwest::Response) -> String {
    header(response, "location")
}

/// The path of the newest link to `prefix` e-mailed to `email`, waiting a
/// little for the outbox.
async fn mailed_link(app: &TestApp, email: &str, prefix: &str) -> String {
    for _ in 0..50 {
        for mail in app.running.store.mail_to(email).await.unwrap() {
            if let Some(start) = mail.body.find(&format!("{}{}", BASE.trim_end_matches('/'), prefix)) {
                let link = mail.body[start..].split_whitespace().next().unwrap();
                return link.trim_start_matches(BASE.trim_end_matches('/')).to_owned();
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail to {email} with a {prefix} link");
}

/// Signs up and confirms the address; the browser ends signed in.
pub async fn verified_account(app: &TestApp, browser: &Browser, handle: &str, email: &str) {
    assert_eq!(browser.sign_up(handle, email).await.status(), 200);
    let link = mailed_link(app, email, "/verify/").await;
    let confirmed = browser.submit(&link, &link, &[]).await;
    assert_eq!(confirmed.status(), 303);
}

async fn sign_up_verify_sign_out_and_in(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    let response = browser.sign_up("amira_h", "amira@example.org").await;
    assert_eq!(response.status(), 200);
    let page = Html::parse_document(&response.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "Check your inbox");
    // Not signed in until the address is confirmed.
    assert_eq!(location(&browser.get("/account").await), "/signin");

    let link = mailed_link(&app, "amira@example.org", "/verify/").await;
    let (status, confirm) = browser.page(&link).await;
    assert_eq!(status, 200);
    assert_eq!(attr(&confirm, "main form", "action"), link);
    let confirmed = browser.submit(&link, &link, &[]).await;
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
    let again = browser.submit(&link, &link, &[]).await;
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
    verified_account(&app, &Browser::new(&app), "coco", "coco@example.org").await;
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
    verified_account(&app, &Browser::new(&app), "farid", "farid@example.org").await;
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

async fn sign_in_by_emailed_link(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    verified_account(&app, &Browser::new(&app), "samira", "samira@example.org").await;
    let browser = Browser::new(&app);
    browser.submit("/signin", "/signin/link", &[("email", "samira@example.org")]).await;
    let link = mailed_link(&app, "samira@example.org", "/signin/link/").await;
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

async fn password_reset_is_single_use_expiring_and_signs_out_elsewhere(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let other_browser = Browser::new(&app);
    verified_account(&app, &other_browser, "nadia", "nadia@example.org").await;
    let browser = Browser::new(&app);
    browser.submit("/reset", "/reset", &[("email", "nadia@example.org")]).await;
    let link = mailed_link(&app, "nadia@example.org", "/reset/").await;
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
    verified_account(&app, &Browser::new(&app), "omar", "omar@example.org").await;
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
    verified_account(&app, &browser, "leila", "leila@example.org").await;
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
    verified_account(&app, &Browser::new(&app), "yusuf", "yusuf@example.org").await;
    let browser = Browser::new(&app);
    for _ in 0..5 {
        assert_eq!(browser.sign_in("yusuf@example.org", "wrong guess number").await.status(), 422);
    }
    // The fifth failure started a block; the next attempt, even with the
    // right password, is answered 429 with Retry-After.
    let blocked = browser.sign_in("yusuf@example.org", PASSWORD).await;
    assert_eq!(blocked.status(), 429);
    assert!(header(&blocked, "retry-after").parse::<u64>().unwrap() >= 1);

    // Per address: many accounts guessed from one address.
    for i in 0..20 {
        browser.sign_in(&format!("someone{i}@example.org"), "wrong guess number").await;
    }
    assert_eq!(browser.sign_in("fresh@example.org", "wrong guess number").await.status(), 429);
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
    pattern.replace("{id}", "1").replace("{slug}", "x").replace("{token}", "t").replace("{name}", "n")
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
        verified_account(&app, &browser, &handle, &format!("{handle}@example.org")).await;
        let id = store.user_by_handle(&handle).await.unwrap().unwrap().id;
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
    let browser = Browser::new(&app);
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
    verified_account(&app, &Browser::new(&app), "mod_to_be", "mod@example.org").await;
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
    app.stop().await;
}

async fn settings_change_name_password_and_sessions(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    verified_account(&app, &browser, "hana", "hana@example.org").await;
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

async fn export_and_delete_my_account(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    verified_account(&app, &browser, "zara", "zara@example.org").await;
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

async fn without_smtp_mail_lands_in_the_outbox_folder(db: &TestDatabase) {
    let app = TestApp::with_base_url(db, BASE).await;
    let browser = Browser::new(&app);
    browser.sign_up("tariq", "tariq@example.org").await;
    let link = mailed_link(&app, "tariq@example.org", "/verify/").await;
    let mut found = None;
    for _ in 0..50 {
        let files: Vec<_> = std::fs::read_dir(app.outbox.path()).unwrap().map(|e| e.unwrap().path()).collect();
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
    let outbox = tempfile::tempdir().unwrap();
    let mut settings = crate::settings_for(db, BASE, outbox.path());
    // A relay that is not there: port 9 on loopback refuses connections.
    settings.config.mail.smtp_url = Some("smtp://127.0.0.1:9".into());
    let running = byline::serve::spawn(settings).await.unwrap();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let app = TestApp { running, client, outbox };
    Browser::new(&app).sign_up("gustav", "gustav@example.org").await;
    let mut attempts = 0;
    for _ in 0..60 {
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
    password_reset_is_single_use_expiring_and_signs_out_elsewhere,
    sessions_cannot_be_fixed_in_advance,
    cross_site_and_tokenless_posts_are_refused,
    brute_force_is_throttled_per_account_and_per_address,
    sign_up_is_throttled_per_address,
    only_those_with_the_permission_reach_staff_routes,
    the_first_admin_comes_from_a_one_time_link,
    settings_change_name_password_and_sessions,
    export_and_delete_my_account,
    https_sites_mark_cookies_secure,
    without_smtp_mail_lands_in_the_outbox_folder,
    undeliverable_mail_stays_queued_for_another_try,
    unreadable_forms_get_a_clear_page_not_a_crash,
);
