//! For operators and orchestrators: liveness, readiness, metrics.

use std::fmt;
use std::net::IpAddr;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

use crate::AppState;
use crate::clients::ClientAddr;
use crate::guard::constant_time_eq;

/// Who may read `/metrics`, which names every route and how often it is
/// used (admin routes included): clients from the listed networks, and any
/// client that presents the bearer token.
#[derive(Clone)]
pub struct MetricsAccess {
    networks: Vec<IpNet>,
    token: Option<String>,
}

/// The networks `/metrics` answers when none are configured: this machine.
pub const METRICS_LOOPBACK: [&str; 2] = ["127.0.0.0/8", "::1/128"];

/// The shortest bearer token accepted: anything shorter can be guessed.
pub const MIN_METRICS_TOKEN: usize = 16;

impl MetricsAccess {
    /// From networks written as CIDRs (`10.0.0.0/8`) or single addresses,
    /// and a token (empty: none). The error names what is wrong.
    pub fn new(networks: &[String], token: &str) -> Result<Self, String> {
        let networks = networks
            .iter()
            .map(|text| {
                let text = text.trim();
                text.parse::<IpNet>()
                    .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{text}` is not a network such as 10.0.0.0/8 or an address"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let token = token.trim();
        if !token.is_empty() && token.chars().count() < MIN_METRICS_TOKEN {
            return Err(format!("the token must be at least {MIN_METRICS_TOKEN} characters"));
        }
        if token.chars().any(|c| !c.is_ascii_graphic()) {
            return Err("the token must be printable ASCII without spaces".to_owned());
        }
        Ok(Self { networks, token: (!token.is_empty()).then(|| token.to_owned()) })
    }

    /// Whether a request from `client` with these headers may read metrics.
    fn allows(&self, client: IpAddr, headers: &HeaderMap) -> bool {
        // An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d.
        let client = client.to_canonical();
        if self.networks.iter().any(|network| network.contains(&client)) {
            return true;
        }
        let Some(token) = &self.token else { return false };
        headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| value.strip_prefix("Bearer "))
            .any(|given| constant_time_eq(given.trim(), token))
    }
}

impl Default for MetricsAccess {
    fn default() -> Self {
        let networks = METRICS_LOOPBACK.iter().filter_map(|text| text.parse().ok()).collect();
        Self { networks, token: None }
    }
}

impl fmt::Debug for MetricsAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetricsAccess")
            .field("networks", &self.networks)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

fn plain(status: StatusCode, body: String) -> Response {
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response();
    // For machines, as it is: not drawn as a problem page.
    response.extensions_mut().insert(crate::error::AsItIs);
    response
}

/// The process is up and answering.
pub async fn healthz() -> Response {
    plain(StatusCode::OK, "ok\n".to_owned())
}

/// The process can serve readers: it is not about to stop, and its
/// database answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.is_draining() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "draining\n".to_owned());
    }
    match state.app.store.ping().await {
        Ok(()) => plain(StatusCode::OK, "ready\n".to_owned()),
        Err(err) => {
            tracing::warn!(error = %err, "not ready");
            plain(StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n".to_owned())
        }
    }
}

/// Prometheus text exposition, for the configured networks and token only.
pub async fn metrics(State(state): State<AppState>, ClientAddr(client): ClientAddr, headers: HeaderMap) -> Response {
    if !state.metrics_access.allows(client, &headers) {
        tracing::info!(client = %client, "metrics refused");
        let mut refused = plain(StatusCode::FORBIDDEN, "metrics are served to configured addresses only\n".to_owned());
        refused.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return refused;
    }
    let mut response = plain(StatusCode::OK, state.metrics.render());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
        headers
    }

    #[test]
    fn metrics_answer_listed_networks_and_the_token() {
        let none = HeaderMap::new();
        let loopback = MetricsAccess::default();
        assert!(loopback.allows("127.0.0.1".parse().unwrap(), &none));
        assert!(loopback.allows("::1".parse().unwrap(), &none));
        assert!(loopback.allows("::ffff:127.0.0.1".parse().unwrap(), &none));
        assert!(!loopback.allows("10.1.2.3".parse().unwrap(), &none));
        assert!(!loopback.allows("10.1.2.3".parse().unwrap(), &bearer("anything-at-all-here")));

        let access =
            MetricsAccess::new(&["10.0.0.0/8".into(), "192.0.2.7".into()], "s3cret-token-for-prometheus").unwrap();
        assert!(access.allows("10.200.0.1".parse().unwrap(), &none));
        assert!(access.allows("192.0.2.7".parse().unwrap(), &none));
        assert!(!access.allows("192.0.2.8".parse().unwrap(), &none));
        assert!(!access.allows("127.0.0.1".parse().unwrap(), &none), "loopback is not listed");
        assert!(access.allows("203.0.113.9".parse().unwrap(), &bearer("s3cret-token-for-prometheus")));
        assert!(!access.allows("203.0.113.9".parse().unwrap(), &bearer("s3cret-token-for-prometheuS")));
        assert!(!access.allows("203.0.113.9".parse().unwrap(), &bearer("")));
    }

    #[test]
    fn bad_networks_and_short_tokens_are_refused() {
        assert!(MetricsAccess::new(&["10.0.0.0/33".into()], "").is_err());
        assert!(MetricsAccess::new(&["localhost".into()], "").is_err());
        assert!(MetricsAccess::new(&[], "short").is_err());
        assert!(MetricsAccess::new(&[], "a token with spaces in it").is_err());
        assert!(MetricsAccess::new(&[], "").is_ok());
    }
}
