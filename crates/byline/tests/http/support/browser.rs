//! A browser: keeps its cookies, reads each form's CSRF token before it
//! posts, and does not follow redirects.

use reqwest::StatusCode;
use scraper::Html;

use super::app::TestApp;
use super::html::attr;

/// Plain http, so cookies are not `Secure` and the test client sends them.
pub const BASE: &str = "http://news.example/";
pub const PASSWORD: &str = "lantern orchard copper 47";

/// A browser: keeps cookies, does not follow redirects.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

/// A client that keeps its cookies and does not follow redirects, its
/// connections coming from `ip`, sending `headers` with every request.
fn client(ip: [u8; 4], headers: reqwest::header::HeaderMap) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .default_headers(headers)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("TestBrowser/1.0")
        .build()
        .unwrap()
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self::asking(&app.running.url(""))
    }

    /// A browser on this machine asking the server at `base` (a node, or a
    /// balancer in front of several).
    pub fn asking(base: &str) -> Self {
        Self { client: client([127, 0, 0, 1], reqwest::header::HeaderMap::new()), base: base.to_owned() }
    }

    /// A browser on another machine: its connections come from `ip`, a
    /// loopback address of its own.
    pub fn from_address(app: &TestApp, ip: [u8; 4]) -> Self {
        Self { client: client(ip, reqwest::header::HeaderMap::new()), base: app.running.url("") }
    }

    /// A browser behind a load balancer on this machine (127.0.0.1): every
    /// request says it is forwarded for `client`, as the balancer would.
    pub fn forwarded_for(app: &TestApp, client: &str) -> Self {
        Self::with_header(app, "x-forwarded-for", client)
    }

    /// A browser on this machine that sends header `name: value` with
    /// every request.
    pub fn with_header(app: &TestApp, name: &'static str, value: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        Self { client: client([127, 0, 0, 1], headers), base: app.running.url("") }
    }

    /// The same browser, cookies and all, asking another node, `app`.
    pub fn on(&self, app: &TestApp) -> Self {
        self.at(&app.running.url(""))
    }

    /// The same browser, cookies and all, asking the server at `base`.
    pub fn at(&self, base: &str) -> Self {
        Self { client: self.client.clone(), base: base.to_owned() }
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

    /// Fetches `form_page` for its token, then posts `fields` and the file
    /// (`name`, `bytes`) as a browser posts a form with a file input.
    pub async fn upload(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> reqwest::Response {
        let csrf = self.csrf(form_page).await;
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
        for (name, value) in fields {
            form = form.text((*name).to_owned(), (*value).to_owned());
        }
        let (name, bytes) = file.unwrap_or(("photo", Vec::new()));
        // A file input left empty still sends its part, named "".
        let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").unwrap();
        form = form.part(name.to_owned(), part);
        self.client.post(format!("{}{action}", self.base)).multipart(form).send().await.unwrap()
    }

    /// Sends only the head of a POST whose body would be `length` bytes of
    /// `content_type`, and reads the answer: what a server that refuses a
    /// body by its declared size says before any of it is sent.
    pub async fn post_head_only(&self, path: &str, content_type: &str, length: usize) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = self.base.trim_start_matches("http://").trim_end_matches('/').to_owned();
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\n\
             Content-Length: {length}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit("/signin", "/signin", &[("email", email), ("password", password)]).await
    }
}
