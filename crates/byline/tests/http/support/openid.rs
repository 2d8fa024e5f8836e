//! A real OpenID provider for the sign-in tests: panva's `oidc-provider`
//! (OpenID Certified) run by node from `tests/oidc/provider.mjs`, on a
//! port of its own, ready once it prints the line that says so.
//!
//! Without node the tests are skipped, unless `CI=true`, where they must
//! run. The npm packages are installed on first use if missing.

use std::process::Stdio;
use std::sync::Mutex;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::app::TestApp;
use super::browser::{BASE, Browser};
use super::response::location;

/// The provider ids the tests configure, whose callbacks the provider's
/// clients allow.
pub const PROVIDER_IDS: [&str; 2] = ["test", "other"];

/// The provider, stopped when dropped.
pub struct OpenIdProvider {
    pub issuer: String,
    _child: Child,
}

fn provider_folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc")
}

fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Installs the npm packages once, if they are missing.
fn install_packages() {
    static INSTALLED: Mutex<bool> = Mutex::new(false);
    let mut installed = INSTALLED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if *installed || provider_folder().join("node_modules/oidc-provider").exists() {
        *installed = true;
        return;
    }
    let status = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(provider_folder())
        .status()
        .expect("npm runs to install the OpenID provider's packages");
    assert!(status.success(), "npm ci in tests/oidc failed");
    *installed = true;
}

impl OpenIdProvider {
    /// Starts a provider, or `None` (the test skips) when node is missing
    /// outside CI.
    pub async fn start() -> Option<Self> {
        let node = std::process::Command::new("node").arg("--version").output();
        if !node.is_ok_and(|out| out.status.success()) {
            assert!(!required(), "CI=true but node is not installed: the OpenID tests must run");
            eprintln!("skipping OpenID test: node is not installed");
            return None;
        }
        tokio::task::spawn_blocking(install_packages).await.unwrap();
        let callbacks = PROVIDER_IDS.map(|id| format!("{BASE}signin/provider/{id}/callback"));
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .arg("0")
            .args(&callbacks)
            .current_dir(provider_folder())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts the OpenID provider");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let issuer = loop {
            let line = lines.next_line().await.unwrap().expect("the OpenID provider says where it listens");
            if let Some(issuer) = line.strip_prefix("listening ") {
                break issuer.trim().to_owned();
            }
        };
        // Keep reading its output so that it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Some(Self { issuer, _child: child })
    }

    async fn post(&self, path: &str, body: serde_json::Value) {
        let response = reqwest::Client::new()
            .post(format!("{}{path}", self.issuer))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204, "POST {path} to the provider");
    }

    /// Makes `sub` the person who signs in next, with these claims.
    pub async fn person(&self, sub: &str, email: &str, email_verified: bool, name: &str) {
        let claims = serde_json::json!({ "sub": sub, "email": email, "email_verified": email_verified, "name": name });
        self.post("/test/person", claims).await;
    }

    /// Makes the person who signs in next at the stand-in for GitHub: its
    /// user `id` and `login`, and its addresses as (address, primary,
    /// verified).
    pub async fn github_person(&self, id: i64, login: &str, emails: &[(&str, bool, bool)]) {
        let emails: Vec<serde_json::Value> = emails
            .iter()
            .map(|(email, primary, verified)| {
                serde_json::json!({ "email": email, "primary": primary, "verified": verified, "visibility": null })
            })
            .collect();
        let person = serde_json::json!({ "id": id, "login": login, "name": null, "emails": emails });
        self.post("/test/github-person", person).await;
    }

    /// The stand-in for GitHub as the site's configuration names it.
    pub fn github_config(&self) -> byline::config::ProviderConfig {
        byline::config::ProviderConfig {
            id: "github".to_owned(),
            client_id: "github-client".to_owned(),
            client_secret: "github-client-secret".to_owned(),
            github_url: Some(format!("{}/github/", self.issuer)),
            github_api_url: Some(format!("{}/github-api/", self.issuer)),
            ..Default::default()
        }
    }

    /// Makes the next token response carry a bad ID token: `forged`,
    /// `audience`, `nonce` or `expired`.
    pub async fn tamper(&self, mode: &str) {
        self.post("/test/tamper", serde_json::json!({ "mode": mode })).await;
    }

    /// A provider as the site's configuration names it.
    pub fn config(&self, id: &str, label: &str, client: &str) -> byline::config::ProviderConfig {
        byline::config::ProviderConfig {
            id: id.to_owned(),
            label: Some(label.to_owned()),
            issuer: Some(self.issuer.clone()),
            client_id: client.to_owned(),
            client_secret: format!("{client}-secret"),
            ..Default::default()
        }
    }
}

impl Browser {
    /// Presses the sign-in page's button for `provider` and follows the
    /// redirects through the provider (which signs its person in at once)
    /// until it sends the browser back; answers the site's URL it was sent
    /// back to (a path on the site).
    pub async fn go_to_provider(&self, provider: &str) -> String {
        let started = self.submit("/signin", &format!("/signin/provider/{provider}"), &[]).await;
        assert_eq!(started.status(), 303, "the button sends the browser to the provider");
        let mut next = location(&started);
        let site = BASE.trim_end_matches('/');
        for _ in 0..12 {
            if let Some(path) = next.strip_prefix(site) {
                return path.to_owned();
            }
            let response = self.client.get(&next).send().await.unwrap();
            assert!(response.status().is_redirection(), "{next} answered {}", response.status());
            let base = reqwest::Url::parse(&next).unwrap();
            next = base.join(&location(&response)).unwrap().to_string();
        }
        panic!("the provider never sent the browser back");
    }

    /// Signs in with `provider` all the way: the site's answer to the
    /// provider sending the browser back.
    pub async fn sign_in_with(&self, provider: &str) -> reqwest::Response {
        let back = self.go_to_provider(provider).await;
        self.get(&back).await
    }
}

impl TestApp {
    /// How many accounts the site has.
    pub async fn account_count(&self) -> usize {
        self.running.store.users().await.unwrap().len()
    }
}
