//! Signing in with OpenID Connect, against a real OpenID provider started
//! by the test: accounts made and found again, linking an account that has
//! the address only once its owner confirms, and every answer that must
//! not sign anyone in (bad ID tokens, another browser, another state, an
//! address the provider does not vouch for).

use byline_store::testing::TestDatabase;
use reqwest::StatusCode;
use scraper::Html;

use crate::support::{BASE, Browser, OpenIdProvider, TestApp, attr, header, location, select, text_of};

/// The site, with the provider as `test` (and, with `two`, as `other`
/// through its second client).
async fn site_with(db: &TestDatabase, provider: &OpenIdProvider, two: bool) -> TestApp {
    TestApp::with_config(db, BASE, |config| {
        config.sign_in.providers = vec![provider.config("test", "Test ID", "byline")];
        if two {
            config.sign_in.providers.push(provider.config("other", "Other ID", "byline-two"));
        }
    })
    .await
}

/// Whether `browser` is signed in (the account page answers, rather than
/// sending it to sign in).
async fn signed_in(browser: &Browser) -> bool {
    browser.get("/account").await.status() == StatusCode::OK
}

async fn refusal_page(response: reqwest::Response) -> (StatusCode, String, String) {
    let status = response.status();
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert!(!cookies.iter().any(|c| c.starts_with("byline_session=")), "no session on a refusal: {cookies:?}");
    let page = Html::parse_document(&response.text().await.unwrap());
    (status, text_of(&page, "h1"), text_of(&page, ".account-page > p:first-of-type"))
}

/// The site path `path` with its query parameter `name` set to `value`.
fn with_param(path: &str, name: &str, value: &str) -> String {
    let mut url = reqwest::Url::parse(&format!("{BASE}{}", path.trim_start_matches('/'))).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), if k == name { value } else { v.as_str() })));
    format!("{}?{}", url.path(), url.query().unwrap())
}

async fn first_sign_in_makes_an_account_and_the_next_finds_it(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, false).await;
    provider.person("alice-sub-1", "alice@example.org", true, "Alice Example").await;
    let browser = Browser::new(&app);

    // The button asks for a code with PKCE (S256), a state and a nonce.
    let started = browser.submit("/signin", "/signin/provider/test", &[]).await;
    assert_eq!(started.status(), 303);
    let to = reqwest::Url::parse(&location(&started)).unwrap();
    assert!(to.as_str().starts_with(&provider.issuer), "{to}");
    let asked: std::collections::HashMap<String, String> = to.query_pairs().into_owned().collect();
    assert_eq!(asked["response_type"], "code");
    assert_eq!(asked["code_challenge_method"], "S256");
    assert_eq!(asked["redirect_uri"], format!("{BASE}signin/provider/test/callback"));
    assert!(asked["state"].len() >= 16 && asked["nonce"].len() >= 16 && asked["code_challenge"].len() >= 43);
    assert!(asked["scope"].split(' ').any(|s| s == "openid"));
    let cookie = header(&started, "set-cookie");
    assert!(cookie.starts_with("byline_provider=") && cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/signin/provider/"), "{cookie}");

    let back = browser.sign_in_with("test").await;
    assert_eq!((back.status(), location(&back)), (StatusCode::SEE_OTHER, "/account".to_owned()));
    let cookies: Vec<&str> = back.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("byline_session=")), "{cookies:?}");
    assert!(cookies.iter().any(|c| c.starts_with("byline_provider=") && c.contains("Max-Age=0")), "{cookies:?}");
    let (status, account) = browser.page("/account").await;
    assert_eq!(status, 200);
    assert!(text_of(&account, ".account-page > p:first-of-type").contains("@Alice_Example"));
    assert_eq!(text_of(&account, ".linked-providers .provider-label"), "Test ID");
    let alice = app.user_id("Alice_Example").await;
    let user = app.running.store.user(alice).await.unwrap().unwrap();
    assert_eq!((user.email.as_str(), user.email_verified, user.has_password), ("alice@example.org", true, false));
    let identity = app.running.store.identity("test", "alice-sub-1").await.unwrap().unwrap();
    assert_eq!(identity.account_id, alice);
    // Her data, as she may take it, says so.
    let export = browser.get("/account/export").await.text().await.unwrap();
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    let linked = &export["account"]["linked_accounts"];
    assert_eq!((linked[0]["provider"].as_str(), linked[0]["subject"].as_str()), (Some("test"), Some("alice-sub-1")));

    // Another browser, later: the same account, no new one.
    let again = Browser::new(&app);
    let back = again.sign_in_with("test").await;
    assert_eq!((back.status(), location(&back)), (StatusCode::SEE_OTHER, "/".to_owned()));
    let (_, account) = again.page("/account").await;
    assert!(text_of(&account, ".account-page > p:first-of-type").contains("@Alice_Example"));
    assert_eq!(app.account_count().await, 1);

    // A second person whose name makes the same handle gets another one.
    provider.person("alice-sub-2", "alice.two@example.org", true, "Alice Example").await;
    let other = Browser::new(&app);
    assert_eq!(other.sign_in_with("test").await.status(), 303);
    assert_ne!(app.user_id("Alice_Example_2").await, alice);

    // Begun in the comments bar's popup, it ends with the hand-off to the
    // frame, new account or not.
    let popup = Browser::new(&app);
    let (_, page) = popup.page("/signin?then=embed").await;
    assert_eq!(attr(&page, ".sign-in-providers form", "action"), "/signin/provider/test?then=embed");
    let back = popup.sign_in_with("test?then=embed").await;
    assert_eq!((back.status(), location(&back)), (StatusCode::SEE_OTHER, "/embed/signin".to_owned()));
    assert_eq!(popup.get("/embed/signin").await.status(), 200);
    app.stop().await;
}

async fn a_verified_address_with_an_account_links_only_once_its_owner_confirms(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, false).await;
    let owner = Browser::new(&app);
    app.verified_account(&owner, "farid", "farid@example.org").await;
    let farid = app.user_id("farid").await;
    provider.person("farid-at-provider", "Farid@Example.org", true, "Farid O.").await;

    let visitor = Browser::new(&app);
    let back = visitor.sign_in_with("test").await;
    assert_eq!(back.status(), 200);
    let page = Html::parse_document(&back.text().await.unwrap());
    assert_eq!(text_of(&page, "h1"), "Confirm it is your account");
    // Nothing is linked, nobody is signed in, no account is made.
    assert!(!signed_in(&visitor).await);
    assert_eq!(app.running.store.identity("test", "farid-at-provider").await.unwrap(), None);
    assert_eq!(app.account_count().await, 1);

    // The link goes to the account's address; opening it asks first.
    let link = app.mailed_link("farid@example.org", "/signin/link-account/").await;
    let (status, confirm) = visitor.page(&link).await;
    assert_eq!(status, 200);
    assert_eq!(attr(&confirm, "main form", "action"), link);
    assert!(text_of(&confirm, ".account-page > p:first-of-type").contains("@farid"));
    assert_eq!(app.running.store.identity("test", "farid-at-provider").await.unwrap(), None);
    let linked = visitor.submit(&link, &link, &[]).await;
    assert_eq!((linked.status(), location(&linked)), (StatusCode::SEE_OTHER, "/account?done=linked".to_owned()));
    let identity = app.running.store.identity("test", "farid-at-provider").await.unwrap().unwrap();
    assert_eq!(identity.account_id, farid);
    assert!(signed_in(&visitor).await);
    // Used once.
    assert_eq!(visitor.submit("/account", &link, &[]).await.status(), 400);

    // From now on the provider signs in to farid's account at once.
    let later = Browser::new(&app);
    let back = later.sign_in_with("test").await;
    assert_eq!((back.status(), location(&back)), (StatusCode::SEE_OTHER, "/".to_owned()));
    let (_, account) = later.page("/account").await;
    assert!(text_of(&account, ".account-page > p:first-of-type").contains("@farid"));
    assert_eq!(app.account_count().await, 1);

    // Farid removes it in his settings; then it links no more.
    let remove = select(&account, ".linked-providers form");
    assert_eq!(remove.len(), 1);
    let fields = [
        ("provider", attr(&account, ".linked-providers input[name=provider]", "value")),
        ("subject", attr(&account, ".linked-providers input[name=subject]", "value")),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let removed = later.submit("/account", "/account/providers/remove", &fields).await;
    assert_eq!(location(&removed), "/account?done=unlinked");
    assert_eq!(app.running.store.identity("test", "farid-at-provider").await.unwrap(), None);
    let (_, account) = later.page("/account").await;
    assert!(select(&account, ".linked-providers").is_empty());
    app.stop().await;
}

async fn an_address_the_provider_does_not_vouch_for_never_links(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, false).await;
    let owner = Browser::new(&app);
    app.verified_account(&owner, "farid", "farid@example.org").await;
    provider.person("mallory", "farid@example.org", false, "Farid").await;

    let visitor = Browser::new(&app);
    let (status, heading, message) = refusal_page(visitor.sign_in_with("test").await).await;
    assert_eq!(status, 422);
    assert_eq!(heading, "You are not signed in");
    assert!(message.contains("did not confirm an e-mail address"), "{message}");
    assert!(!signed_in(&visitor).await);
    assert_eq!(app.running.store.identity("test", "mallory").await.unwrap(), None);
    assert_eq!(app.account_count().await, 1);
    let mail = app.running.store.mail_to("farid@example.org").await.unwrap();
    assert!(!mail.iter().any(|m| m.body.contains("/signin/link-account/")), "no link offered");
    app.stop().await;
}

async fn forged_misaddressed_wrong_nonce_and_expired_id_tokens_are_refused(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, false).await;
    provider.person("eve-sub", "eve@example.org", true, "Eve").await;
    for mode in ["forged", "audience", "azp", "nonce", "expired"] {
        provider.tamper(mode).await;
        let browser = Browser::new(&app);
        let (status, heading, message) = refusal_page(browser.sign_in_with("test").await).await;
        assert_eq!(status, 403, "{mode}");
        assert_eq!(heading, "You are not signed in", "{mode}");
        assert!(message.contains("did not pass our checks"), "{mode}: {message}");
        assert!(!signed_in(&browser).await, "{mode}");
        assert_eq!(app.account_count().await, 0, "{mode}");
        assert_eq!(app.running.store.identity("test", "eve-sub").await.unwrap(), None, "{mode}");
    }
    // The same provider, untampered, signs Eve in: the refusals were the tokens'.
    let browser = Browser::new(&app);
    assert_eq!(browser.sign_in_with("test").await.status(), 303);
    assert!(signed_in(&browser).await);
    app.stop().await;
}

async fn an_answer_for_another_browser_or_state_signs_no_one_in(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, false).await;
    provider.person("zara-sub", "zara@example.org", true, "Zara").await;
    let victim = Browser::new(&app);
    let back = victim.go_to_provider("test").await;

    // The victim's answer, opened in another browser (login CSRF, or a
    // stolen redirect): refused, and it costs the victim nothing.
    let attacker = Browser::new(&app);
    let (status, _, message) = refusal_page(attacker.get(&back).await).await;
    assert_eq!(status, 403);
    assert!(message.contains("not started in this browser"), "{message}");
    assert!(!signed_in(&attacker).await);

    // The right browser with another state: refused, and the sign-in is spent.
    let (status, _, _) = refusal_page(victim.get(&with_param(&back, "state", "another-state")).await).await;
    assert_eq!(status, 403);
    let (status, _, _) = refusal_page(victim.get(&back).await).await;
    assert_eq!(status, 403, "a sign-in is answered once");
    assert!(!signed_in(&victim).await);

    // An answer naming another issuer (a mix-up of providers): refused.
    let mixed_up = Browser::new(&app);
    let back = mixed_up.go_to_provider("test").await;
    assert!(back.contains("iss="), "the provider names itself: {back}");
    let (status, _, message) =
        refusal_page(mixed_up.get(&with_param(&back, "iss", "https://evil.example")).await).await;
    assert_eq!(status, 403);
    assert!(message.contains("did not pass our checks"), "{message}");
    assert!(!signed_in(&mixed_up).await);

    // The provider saying no (the reader cancelled) is said plainly.
    let cancelled = Browser::new(&app);
    cancelled.go_to_provider("test").await;
    let (status, heading, _) =
        refusal_page(cancelled.get("/signin/provider/test/callback?error=access_denied&state=x").await).await;
    assert_eq!((status, heading.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "You are not signed in"));
    // A provider the site does not have.
    assert_eq!(cancelled.get("/signin/provider/nowhere/callback?code=x&state=y").await.status(), 404);
    assert_eq!(app.account_count().await, 0);
    app.stop().await;
}

async fn every_configured_provider_has_a_button(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = site_with(db, &provider, true).await;
    let browser = Browser::new(&app);
    let (status, page) = browser.page("/signin").await;
    assert_eq!(status, 200);
    let buttons: Vec<(String, String)> = select(&page, ".sign-in-providers form")
        .iter()
        .map(|form| {
            let action = form.value().attr("action").unwrap().to_owned();
            (action, form.text().collect::<String>().trim().to_owned())
        })
        .collect();
    assert_eq!(
        buttons,
        [
            ("/signin/provider/test".to_owned(), "Sign in with Test ID".to_owned()),
            ("/signin/provider/other".to_owned(), "Sign in with Other ID".to_owned()),
        ]
    );
    // No script needed: each is a plain form with its CSRF token.
    assert_eq!(select(&page, ".sign-in-providers input[name=csrf]").len(), 2);
    assert!(select(&page, "script:not([src])").is_empty());

    // The second signs in through its own client, as its own identity.
    provider.person("nadia-sub", "nadia@example.org", true, "Nadia").await;
    assert_eq!(browser.sign_in_with("other").await.status(), 303);
    let identity = app.running.store.identity("other", "nadia-sub").await.unwrap().unwrap();
    assert_eq!(identity.account_id, app.user_id("Nadia").await);
    assert_eq!(app.running.store.identity("test", "nadia-sub").await.unwrap(), None);
    app.stop().await;
}

async fn github_signs_in_by_its_verified_primary_address(db: &TestDatabase) {
    let Some(provider) = OpenIdProvider::start().await else { return };
    let app = TestApp::with_config(db, BASE, |config| config.sign_in.providers = vec![provider.github_config()]).await;
    let browser = Browser::new(&app);
    let (_, page) = browser.page("/signin").await;
    assert_eq!(text_of(&page, ".sign-in-providers button"), "Sign in with GitHub");

    // The primary address, verified, makes the account; the others count for nothing.
    let emails = [("old@example.org", false, true), ("octo@example.org", true, true)];
    provider.github_person(583_231, "octo-cat", &emails).await;
    let back = browser.sign_in_with("github").await;
    assert_eq!((back.status(), location(&back)), (StatusCode::SEE_OTHER, "/account".to_owned()));
    let octo = app.user_id("octo_cat").await;
    let user = app.running.store.user(octo).await.unwrap().unwrap();
    assert_eq!((user.email.as_str(), user.email_verified), ("octo@example.org", true));
    assert_eq!(app.running.store.identity("github", "583231").await.unwrap().unwrap().account_id, octo);

    // A primary address GitHub has not verified: no account.
    provider.github_person(7, "unverified", &[("new@example.org", true, false), ("x@example.org", false, true)]).await;
    let other = Browser::new(&app);
    let (status, heading, _) = refusal_page(other.sign_in_with("github").await).await;
    assert_eq!((status, heading.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "You are not signed in"));
    assert_eq!(app.account_count().await, 1);
    app.stop().await;
}

byline_store::test_on_both_backends!(
    github_signs_in_by_its_verified_primary_address,
    first_sign_in_makes_an_account_and_the_next_finds_it,
    a_verified_address_with_an_account_links_only_once_its_owner_confirms,
    an_address_the_provider_does_not_vouch_for_never_links,
    forged_misaddressed_wrong_nonce_and_expired_id_tokens_are_refused,
    an_answer_for_another_browser_or_state_signs_no_one_in,
    every_configured_provider_has_a_button,
);
