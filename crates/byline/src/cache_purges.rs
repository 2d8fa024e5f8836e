//! Sends the purges the web layer asks for to the cache or CDN in front of
//! the nodes: `PURGE` of the page's path to each configured cache (with
//! the site's host, as readers asked for it, and the page's tags in
//! `Surrogate-Key`), and purge-by-tag calls to Fastly's and Cloudflare's
//! APIs. Purges asked for while one is being sent are gathered and sent
//! together, each page once. A failed purge is logged: the page stays
//! until its `s-maxage` runs out.

use std::collections::BTreeSet;
use std::time::Duration;

use byline_web::Purge;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::watch;
use url::Url;

use crate::config::CacheConfig;

/// How long one purge may take.
const TIMEOUT: Duration = Duration::from_secs(10);

enum Target {
    /// A cache that takes `PURGE /path`.
    Http(Url),
    Fastly {
        api: String,
        service: String,
        token: String,
    },
    Cloudflare {
        api: String,
        zone: String,
        token: String,
    },
}

pub struct Purger {
    client: reqwest::Client,
    /// The site's host, as readers' requests carry it.
    host: String,
    targets: Vec<Target>,
}

impl Purger {
    /// The purger `config` asks for; `None` when it names nowhere to purge.
    pub fn new(config: &CacheConfig, site: &Url) -> anyhow::Result<Option<Self>> {
        let mut targets: Vec<Target> =
            config.purge_urls.iter().map(|url| Url::parse(url).map(Target::Http)).collect::<Result<_, _>>()?;
        if let (Some(service), Some(token)) = (&config.fastly_service_id, &config.fastly_token) {
            let api = config.fastly_api.trim_end_matches('/').to_owned();
            targets.push(Target::Fastly { api, service: service.clone(), token: token.clone() });
        }
        if let (Some(zone), Some(token)) = (&config.cloudflare_zone_id, &config.cloudflare_token) {
            let api = config.cloudflare_api.trim_end_matches('/').to_owned();
            targets.push(Target::Cloudflare { api, zone: zone.clone(), token: token.clone() });
        }
        if targets.is_empty() {
            return Ok(None);
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let host = match (site.host_str(), site.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::new(),
        };
        Ok(Some(Self { client, host, targets }))
    }

    /// Sends purges as they are asked for, until `stop` changes.
    pub async fn run(self, mut purges: UnboundedReceiver<Purge>, mut stop: watch::Receiver<bool>) {
        loop {
            let first = tokio::select! {
                purge = purges.recv() => match purge {
                    Some(purge) => purge,
                    None => return,
                },
                _ = stop.changed() => return,
            };
            let mut paths = BTreeSet::from([first.path]);
            let mut tags: BTreeSet<String> = first.tags.into_iter().collect();
            while let Ok(more) = purges.try_recv() {
                paths.insert(more.path);
                tags.extend(more.tags);
            }
            self.send(&paths, &tags).await;
        }
    }

    async fn send(&self, paths: &BTreeSet<String>, tags: &BTreeSet<String>) {
        let tag_list = tags.iter().map(String::as_str).collect::<Vec<_>>();
        for target in &self.targets {
            let requests = match target {
                Target::Http(base) => paths
                    .iter()
                    .filter_map(|path| base.join(path).ok())
                    .map(|url| {
                        self.client
                            .request(Method::from_bytes(b"PURGE").unwrap_or(Method::DELETE), url)
                            .header(HOST, &self.host)
                            .header("surrogate-key", tag_list.join(" "))
                    })
                    .collect::<Vec<_>>(),
                Target::Fastly { api, service, token } => vec![
                    self.client
                        .post(format!("{api}/service/{service}/purge"))
                        .header("fastly-key", token)
                        .header("surrogate-key", tag_list.join(" ")),
                ],
                Target::Cloudflare { api, zone, token } => vec![
                    self.client
                        .post(format!("{api}/zones/{zone}/purge_cache"))
                        .header(AUTHORIZATION, format!("Bearer {token}"))
                        .header(CONTENT_TYPE, "application/json")
                        .body(serde_json::json!({ "tags": tag_list }).to_string()),
                ],
            };
            for request in requests {
                match request.send().await {
                    Ok(answer) if answer.status().is_success() => {}
                    Ok(answer) => tracing::warn!(status = answer.status().as_u16(), "a purge was refused"),
                    Err(err) => tracing::warn!(error = %err, "a purge could not be sent"),
                }
            }
        }
    }
}
