//! The comments JSON API as the page's own script calls it.

use reqwest::StatusCode;
use serde_json::Value;

use super::browser::Browser;
use super::response::content_type;

/// A JSON client on a signed-in (or not) browser.
pub struct Api<'a> {
    browser: &'a Browser,
    pub csrf: String,
}

impl<'a> Api<'a> {
    /// Reads the CSRF token from a page the browser can see, as the page's
    /// own script does.
    pub async fn new(browser: &'a Browser, page: &str) -> Self {
        Self { csrf: browser.csrf(page).await, browser }
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .browser
            .client
            .request(method, format!("{}{path}", self.browser.base))
            .header("x-csrf-token", &self.csrf);
        if let Some(body) = body {
            request = with_json(request, &body);
        }
        read(request.send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }
}

/// `request` with `body` as its JSON.
pub fn with_json(request: reqwest::RequestBuilder, body: &Value) -> reqwest::RequestBuilder {
    request.header("content-type", "application/json").body(serde_json::to_vec(body).unwrap())
}

/// An answer that must be JSON: its status and body.
pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let kind = content_type(&response);
    let text = response.text().await.unwrap();
    assert!(kind.starts_with("application/json"), "{status} answered {kind}: {text}");
    (status, serde_json::from_str(&text).unwrap())
}

/// The stable code of a JSON error.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body}"))
}
