//! The comments bar on other sites: discussions made on first use for
//! allowed sites only, framed only by their own site, counted for index
//! pages, never listed; sign-in handed from a popup, and host sites'
//! signed tokens.

use byline_core::Timestamp;
use byline_store::testing::TestDatabase;
use serde_json::{Value, json};

use crate::support::{BASE, Browser, PASSWORD, TestApp, attr, header, location, read};

/// Posts `body` as JSON.
async fn post_json(client: &reqwest::Client, url: String, body: &Value) -> reqwest::Response {
    client.post(url).header("content-type", "application/json").body(body.to_string()).send().await.unwrap()
}

/// A refusal's stable code.
async fn code(response: reqwest::Response) -> String {
    let (_, body) = read(response).await;
    crate::support::code(&body).to_owned()
}

const HOST: &str = "http://host.example";
const SECRET: &str = "a shared secret of at least thirty-two characters";

async fn embedding_app(db: &TestDatabase) -> TestApp {
    TestApp::with_config(db, BASE, |c| {
        c.embed.sites = vec![format!("{HOST}/"), "https://other.example".into()];
        c.embed.sso_secret = Some(SECRET.into());
        c.comments.min_interval_secs = 0;
    })
    .await
}

fn thread_path(url: &str, extra: &str) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new()).append_pair("url", url).finish();
    format!("/embed/thread?{query}{extra}")
}

/// Where the host page's frame is sent for the story at `url`, asked from
/// the story's own page (browsers send its origin as `Referer`).
async fn framed_at(app: &TestApp, url: &str, extra: &str) -> String {
    let origin = url::Url::parse(url).unwrap().origin().ascii_serialization();
    let response = app
        .client
        .get(app.running.url(&thread_path(url, extra)))
        .header("referer", format!("{origin}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{url}");
    location(&response)
}

async fn discussions_belong_to_allowed_sites_alone(db: &TestDatabase) {
    let app = embedding_app(db).await;
    app.add_article("own-story", "open").await;
    let frame = framed_at(&app, &format!("{HOST}/news/who-is-x#comments"), "&title=Who+is+X%3F").await;
    assert!(frame.starts_with("/embed/articles/who-is-x-"), "{frame}");
    // One record, whatever the fragment, however often asked.
    assert_eq!(framed_at(&app, &format!("{HOST}/news/who-is-x"), "&title=Another").await, frame);

    let response = app.get(&frame).await;
    assert_eq!(response.status(), 200);
    let policy = header(&response, "content-security-policy");
    assert!(policy.ends_with(&format!("frame-ancestors {HOST}")), "only its own site may frame it: {policy}");
    // Asked again with the page's tag, the 304 keeps the framing policy.
    let etag = header(&response, "etag");
    let again = app.client.get(app.running.url(&frame)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "content-security-policy"), policy);
    assert!(again.headers().get("x-frame-options").is_none());
    assert!(response.headers().get("x-frame-options").is_none(), "a framed bar must not forbid frames");
    let page = response.text().await.unwrap();
    assert!(page.contains(&format!(r#"data-host="{HOST}""#)), "{page}");
    assert!(page.contains(r#"<base target="_blank">"#), "{page}");
    assert!(page.contains(r#"href="/embed/signin" data-popup"#), "{page}");
    assert!(!page.contains("site-header"), "no masthead in the frame");

    // Not an allowed site: no record, no frame.
    let refused = app.get(&thread_path("http://evil.example/news/who-is-x", "")).await;
    assert_eq!(refused.status(), 403);
    assert!(header(&refused, "content-security-policy").contains("frame-ancestors 'none'"));
    let refused = app.get(&thread_path("https://host.example/news/who-is-x", "")).await;
    assert_eq!(refused.status(), 403, "another scheme is another site");
    assert_eq!(app.get(&thread_path("not an address", "")).await.status(), 400);
    assert_eq!(app.get(&thread_path("javascript:alert(1)", "")).await.status(), 400);
    // The site's own stories are not framed.
    assert_eq!(app.get("/embed/articles/own-story").await.status(), 404);

    // Asked from anywhere but the story's own site (a link elsewhere, a
    // crawler), a discussion is found but never made.
    let stray = app.get(&thread_path(&format!("{HOST}/news/never-embedded"), "&title=Planted")).await;
    assert_eq!(stray.status(), 404);
    let stray = app
        .client
        .get(app.running.url(&thread_path(&format!("{HOST}/news/never-embedded"), "")))
        .header("referer", "https://other.example/")
        .send()
        .await
        .unwrap();
    assert_eq!(stray.status(), 404);
    assert_eq!(app.get(&thread_path(&format!("{HOST}/news/who-is-x"), "")).await.status(), 303, "found, as it exists");

    // Urdu titles make Urdu addresses, percent-encoded where they lead.
    let urdu =
        framed_at(&app, &format!("{HOST}/news/urdu"), "&title=%DA%A9%D8%B1%D8%A7%DA%86%DB%8C+%D9%85%DB%8C%DA%BA").await;
    assert!(urdu.starts_with("/embed/articles/%DA%A9%D8%B1%D8%A7%DA%86%DB%8C-"), "{urdu}");
    let urdu_page = app.get(&urdu).await;
    assert_eq!(urdu_page.status(), 200);
    assert!(urdu_page.text().await.unwrap().contains(r#"<html lang="en""#));

    // A story's identifier finds it wherever its page moves.
    let by_id = framed_at(&app, &format!("{HOST}/a?draft=1"), "&id=story-42&title=Moving").await;
    assert_eq!(framed_at(&app, &format!("{HOST}/2026/moved"), "&id=story-42").await, by_id);
    assert_ne!(by_id, frame);
    // The same identifier on another allowed site is another story,
    // which only that site may frame.
    let other = framed_at(&app, "https://other.example/a", "&id=story-42").await;
    assert_ne!(other, by_id);
    let policy = header(&app.get(&other).await, "content-security-policy");
    assert!(policy.ends_with("frame-ancestors https://other.example"), "{policy}");

    // Discussions are never listed; their page links to the story.
    let headline = "Who is X?";
    for listing in ["/", "/feed.xml", "/atom.xml", "/sitemap.xml", "/news-sitemap.xml", "/sections/elsewhere"] {
        let text = app.get(listing).await.text().await.unwrap();
        assert!(!text.contains(headline), "{listing} lists a discussion");
        assert!(!text.contains("Discussions elsewhere"), "{listing} names the discussions' section");
    }
    let slug = frame.trim_start_matches("/embed/articles/");
    // Readers without scripts follow the host's link to the discussion here.
    let fallback =
        app.get(&thread_path(&format!("{HOST}/news/who-is-x"), "").replace("/thread?", "/discussion?")).await;
    assert_eq!(fallback.status(), 303);
    assert_eq!(location(&fallback), format!("/articles/{slug}"));
    let own_page = app.get(&format!("/articles/{slug}")).await.text().await.unwrap();
    assert!(own_page.contains(&format!(r#"<a href="{HOST}/news/who-is-x">Read the story</a>"#)), "{own_page}");
    assert!(own_page.contains(r#"<meta name="robots" content="noindex">"#), "{own_page}");
    assert!(own_page.contains(&format!(r#"<link rel="canonical" href="{HOST}/news/who-is-x">"#)), "{own_page}");
    app.stop().await;
}

async fn host_pages_get_counts_in_one_request(db: &TestDatabase) {
    let app = embedding_app(db).await;
    let frame = framed_at(&app, &format!("{HOST}/news/counted"), "&title=Counted").await;
    let slug = frame.trim_start_matches("/embed/articles/").to_owned();
    let writer = app.commenter("counter").await;
    writer.post_comment(&slug, "First of two").await;
    writer.post_comment(&slug, "Second of two").await;
    let by_id = framed_at(&app, &format!("{HOST}/news/by-id"), "&id=77").await;
    writer.post_comment(by_id.trim_start_matches("/embed/articles/"), "On the story with an id").await;

    let encoded =
        |path: &str| url::form_urlencoded::byte_serialize(format!("{HOST}{path}").as_bytes()).collect::<String>();
    let asked = format!(
        "/api/v1/embed/counts?url={}&url={}&url={}&id=77&id=78",
        encoded("/news/counted"),
        encoded("/news/never"),
        encoded("/news/by-id"),
    );
    let response = app.client.get(app.running.url(&asked)).header("origin", HOST).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), HOST);
    let counts: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(counts["urls"][format!("{HOST}/news/counted")], 2, "{counts}");
    assert_eq!(counts["urls"][format!("{HOST}/news/never")], 0, "{counts}");
    // A story found by its identifier counts by its page's address too.
    assert_eq!(counts["urls"][format!("{HOST}/news/by-id")], 1, "{counts}");
    assert_eq!(counts["ids"]["77"], 1, "{counts}");
    assert_eq!(counts["ids"]["78"], 0, "{counts}");

    let refused = app.client.get(app.running.url(&asked)).header("origin", "http://evil.example").send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    assert_eq!(code(refused).await, "embed_site_not_allowed");
    app.stop().await;
}

/// The frame's session cookie out of a sign-in's answer: `Secure`, so the
/// test client (on plain http) would not send it by itself.
fn frame_cookie(response: &reqwest::Response) -> String {
    let set = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("byline_frame_session="))
        .expect("a frame session cookie");
    for attribute in ["HttpOnly", "SameSite=None", "Secure", "Partitioned"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    set.split(';').next().unwrap().to_owned()
}

async fn framed_page_as(app: &TestApp, frame: &str, cookie: &str) -> String {
    let response = app.client.get(app.running.url(frame)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn a_popup_hands_its_sign_in_to_the_frame(db: &TestDatabase) {
    let app = embedding_app(db).await;
    let frame = framed_at(&app, &format!("{HOST}/news/popup"), "&title=Popup").await;

    // Not signed in here: the popup signs in first, then comes back.
    let anonymous = Browser::new(&app);
    let response = anonymous.get("/embed/signin").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/signin?then=embed");

    let reader = app.commenter("popper").await;
    let signed_in = reader
        .submit("/signin?then=embed", "/signin?then=embed", &[("email", "popper@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(location(&signed_in), "/embed/signin");
    let (status, page) = reader.page("/embed/signin").await;
    assert_eq!(status, 200);
    let handed = attr(&page, "#handoff", "data-code");
    assert!(handed.len() >= 40, "{handed}");

    let trade = |code: String| {
        let client = app.client.clone();
        let url = app.running.url("/api/v1/embed/session");
        async move { post_json(&client, url, &json!({ "code": code })).await }
    };
    let response = trade(handed.clone()).await;
    assert_eq!(response.status(), 204);
    let cookie = frame_cookie(&response);
    let page = framed_page_as(&app, &frame, &cookie).await;
    assert!(page.contains("Signed in as <bdi>popper</bdi>"), "{page}");
    assert!(page.contains(r#"class="comment-form""#), "{page}");

    // Signing out of the frame comes back to the frame, and nowhere else.
    let (_, framed) = {
        let response = app.client.get(app.running.url(&frame)).header("cookie", &cookie).send().await.unwrap();
        (response.status(), scraper::Html::parse_document(&response.text().await.unwrap()))
    };
    let token = attr(&framed, ".frame-account input[name=csrf]", "value");
    let signed_out = app
        .client
        .post(app.running.url("/embed/signout"))
        .header("cookie", &cookie)
        .form(&[("csrf", token.as_str()), ("back", "//evil.example/x")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 303);
    assert_eq!(location(&signed_out), "/embed/signin");
    let page = framed_page_as(&app, &frame, &cookie).await;
    assert!(!page.contains("Signed in as"), "{page}");

    // A code works once.
    let again = trade(handed).await;
    assert_eq!(again.status(), 422);
    assert_eq!(code(again).await, "link_expired");
    let forged = trade("not-a-code".into()).await;
    assert_eq!(forged.status(), 422);
    // Without a CSRF token, a form from elsewhere cannot sign anyone in.
    let cross_site = app
        .client
        .post(app.running.url("/api/v1/embed/session"))
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/json")
        .body(r#"{"code": "x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    app.stop().await;
}

/// The popup's handed code, traded for the frame's session cookie.
async fn frame_signed_in_from(app: &TestApp, popup: &Browser) -> String {
    let (status, page) = popup.page("/embed/signin").await;
    assert_eq!(status, 200, "{}", page.html());
    let handed = attr(&page, "#handoff", "data-code");
    let url = app.running.url("/api/v1/embed/session");
    let response = post_json(&app.client, url, &json!({ "code": handed })).await;
    assert_eq!(response.status(), 204);
    frame_cookie(&response)
}

/// A reader new here signs up in the popup, or one without a password asks
/// for a link there: the e-mailed link opens in another tab of the same
/// browser, and the popup, told so, goes on to hand the sign-in over.
async fn the_popup_keeps_its_way_through_sign_up_and_emailed_links(db: &TestDatabase) {
    let app = embedding_app(db).await;
    let frame = framed_at(&app, &format!("{HOST}/news/new-reader"), "&title=New+reader").await;
    let popup = Browser::new(&app);
    let (_, page) = popup.page("/signin?then=embed").await;
    assert_eq!(attr(&page, ".account-page a[href^='/signup']", "href"), "/signup?then=embed");
    assert_eq!(attr(&page, "form[action^='/signin/link']", "action"), "/signin/link?then=embed");

    let fields = [
        ("handle", "newcomer"),
        ("display_name", "Newcomer"),
        ("email", "newcomer@example.org"),
        ("password", PASSWORD),
    ];
    let signed_up = popup.submit("/signup?then=embed", "/signup?then=embed", &fields).await;
    assert_eq!(signed_up.status(), 200);
    let told = scraper::Html::parse_document(&signed_up.text().await.unwrap());
    assert_eq!(attr(&told, ".account-page a[href='/embed/signin']", "href"), "/embed/signin");
    // Not confirmed yet: going on signs in first.
    assert_eq!(location(&popup.get("/embed/signin").await), "/signin?then=embed");
    let link = app.mailed_link("newcomer@example.org", "/verify/").await;
    assert_eq!(popup.submit(&link, &link, &[("password", PASSWORD)]).await.status(), 303);
    let cookie = frame_signed_in_from(&app, &popup).await;
    let page = framed_page_as(&app, &frame, &cookie).await;
    assert!(page.contains("Signed in as <bdi>Newcomer</bdi>"), "{page}");

    // An e-mailed sign-in link, asked for in the popup.
    let popup = Browser::new(&app);
    let asked =
        popup.submit("/signin?then=embed", "/signin/link?then=embed", &[("email", "newcomer@example.org")]).await;
    assert_eq!(asked.status(), 200);
    let told = scraper::Html::parse_document(&asked.text().await.unwrap());
    assert_eq!(attr(&told, ".account-page a[href='/embed/signin']", "href"), "/embed/signin");
    let link = app.mailed_link("newcomer@example.org", "/signin/link/").await;
    assert_eq!(popup.submit(&link, &link, &[]).await.status(), 303);
    let cookie = frame_signed_in_from(&app, &popup).await;
    assert!(framed_page_as(&app, &frame, &cookie).await.contains("Signed in as <bdi>Newcomer</bdi>"));

    // Outside the popup, the same pages lead to the front page.
    let (_, page) = Browser::new(&app).page("/signin").await;
    assert_eq!(attr(&page, ".account-page a[href^='/signup']", "href"), "/signup");
    app.stop().await;
}

/// A token that says it is not signed at all (`alg: none`).
fn unsigned(claims: Value) -> String {
    use base64::Engine;
    let part = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.", part(json!({ "alg": "none", "typ": "JWT" })), part(claims))
}

fn host_token(secret: &str, claims: Value) -> String {
    let key = jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()).unwrap();
    jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), &claims, &key).unwrap()
}

async fn host_sites_sign_their_readers_in(db: &TestDatabase) {
    let app = embedding_app(db).await;
    let frame = framed_at(&app, &format!("{HOST}/news/sso"), "&title=SSO").await;
    let now = Timestamp::now().millis() / 1000;
    let sso = |token: String| {
        let client = app.client.clone();
        let url = app.running.url("/api/v1/embed/sso");
        async move { post_json(&client, url, &json!({ "token": token })).await }
    };
    // An address that is another account's: never a way into it.
    let owner = app.commenter("seven").await;
    drop(owner);
    let claims = json!({ "aud": HOST, "sub": "reader-7", "name": "Reader Seven", "email": "seven@example.org", "exp": now + 600 });
    let token = host_token(SECRET, claims.clone());
    let response = sso(token.clone()).await;
    assert_eq!(response.status(), 204);
    let cookie = frame_cookie(&response);
    let page = framed_page_as(&app, &frame, &cookie).await;
    assert!(page.contains("<bdi>Reader Seven</bdi>"), "{page}");
    assert!(page.contains(r#"class="comment-form""#), "a host's reader may comment at once: {page}");
    let account = app.running.store.host_account(&format!("{HOST} reader-7")).await.unwrap().expect("a linked account");
    assert_ne!(account, app.user_id("seven").await, "the address's owner is someone else");

    // Each refusal says why, and signs no one in.
    let refusals = [
        (token, "sso_token_used"),
        (
            host_token(SECRET, json!({ "aud": HOST, "sub": "reader-7", "name": "R", "exp": now - 5 })),
            "sso_token_expired",
        ),
        (host_token("another secret, the wrong one, long enough", claims.clone()), "sso_token_invalid"),
        (
            host_token(SECRET, json!({ "aud": HOST, "sub": "r8", "name": "R", "exp": now + 3 * 86_400 })),
            "sso_token_too_long",
        ),
        (host_token(SECRET, json!({ "aud": HOST, "sub": "r8", "exp": now + 60 })), "sso_token_claims"),
        (host_token(SECRET, json!({ "aud": HOST, "name": "No id", "exp": now + 60 })), "sso_token_claims"),
        (host_token(SECRET, json!({ "sub": "r8", "name": "R", "exp": now + 60 })), "sso_token_site"),
        (
            host_token(SECRET, json!({ "aud": "http://evil.example", "sub": "r8", "name": "R", "exp": now + 60 })),
            "sso_token_site",
        ),
        (unsigned(json!({ "aud": HOST, "sub": "r8", "name": "R", "exp": now + 60 })), "sso_token_invalid"),
        ("not.a.token".to_owned(), "sso_token_invalid"),
    ];
    for (token, expected) in refusals {
        let response = sso(token).await;
        assert_eq!(response.status(), 403, "{expected}");
        assert!(response.headers().get("set-cookie").is_none(), "{expected}");
        assert_eq!(code(response).await, expected);
    }
    assert!(app.running.store.host_account(&format!("{HOST} r8")).await.unwrap().is_none());

    // A later token of the same reader finds their account, renamed.
    let renamed =
        host_token(SECRET, json!({ "aud": [HOST], "id": "reader-7", "name": "Reader 7", "exp": now + 60, "jti": "2" }));
    let response = sso(renamed).await;
    assert_eq!(response.status(), 204);
    let cookie = frame_cookie(&response);
    let page = framed_page_as(&app, &frame, &cookie).await;
    assert!(page.contains("<bdi>Reader 7</bdi>"), "{page}");
    assert_eq!(app.running.store.host_account(&format!("{HOST} reader-7")).await.unwrap(), Some(account));
    // Vouched for by the same site again while signed in: nothing changes.
    let same =
        host_token(SECRET, json!({ "aud": HOST, "sub": "reader-7", "name": "Reader 7", "exp": now + 60, "jti": "3" }));
    let unchanged = app
        .client
        .post(app.running.url("/api/v1/embed/sso"))
        .header("cookie", &cookie)
        .header("content-type", "application/json")
        .body(json!({ "token": same }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 200);
    // The same id on another allowed site is another reader.
    let elsewhere = host_token(
        SECRET,
        json!({ "aud": "https://other.example", "sub": "reader-7", "name": "Other Seven", "exp": now + 60 }),
    );
    assert_eq!(sso(elsewhere).await.status(), 204);
    let theirs = app.running.store.host_account("https://other.example reader-7").await.unwrap();
    assert!(theirs.is_some_and(|id| id != account));
    app.stop().await;

    // A site without a secret takes no host sign-ins.
    let closed = TestApp::with_config(db, BASE, |c| c.embed.sites = vec![HOST.into()]).await;
    let token = host_token(SECRET, json!({ "aud": HOST, "sub": "x", "name": "X", "exp": now + 60 }));
    let response = post_json(&closed.client, closed.running.url("/api/v1/embed/sso"), &json!({ "token": token })).await;
    assert_eq!(code(response).await, "sso_not_configured");
    closed.stop().await;
}

byline_store::test_on_both_backends!(
    discussions_belong_to_allowed_sites_alone,
    host_pages_get_counts_in_one_request,
    a_popup_hands_its_sign_in_to_the_frame,
    the_popup_keeps_its_way_through_sign_up_and_emailed_links,
    host_sites_sign_their_readers_in,
);
