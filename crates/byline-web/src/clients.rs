//! Who is asking: the address of the reader's own machine, which rate
//! limits count against, even when a load balancer or cache stands between
//! it and the site.
//!
//! A proxy names the client it speaks for in `X-Forwarded-For` or in
//! RFC 7239's `Forwarded: for=`, appending to whatever the client sent, so
//! only the right-hand end of the list is the proxies' word; anything to
//! its left may be made up by the client. The list is believed only from
//! a peer in the configured trusted networks, and only as far as it runs
//! through them: read from the right, trusted hops are skipped, and the
//! first address outside them is the client. Anything unreadable along
//! the way ends the walk at the peer.
//!
//! When a request carries `X-Forwarded-For`, that is the list read;
//! `Forwarded` is read only without it. A proxy that writes `Forwarded`
//! must therefore drop any `X-Forwarded-For` its clients send.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::AppState;
use crate::error::AppError;

/// The networks whose proxies' word on the client is believed; none by
/// default.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
}

impl TrustedProxies {
    /// From networks written as CIDRs (`10.0.0.0/8`, `::1/128`) or single
    /// addresses. The error names the first that is neither.
    pub fn new(networks: &[String]) -> Result<Self, String> {
        let networks = networks
            .iter()
            .map(|text| {
                let text = text.trim();
                text.parse::<IpNet>()
                    .map(|net| net.trunc())
                    .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{text}` is not a network such as 10.0.0.0/8 or an address"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { networks })
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        self.networks.iter().any(|network| network.contains(&addr))
    }

    /// The client behind `peer` (the connection's other end), as the
    /// forwarding headers tell it where they can be believed.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(addr) = hop else { return peer };
            client = addr.to_canonical();
            if !self.trusts(client) {
                return client;
            }
        }
        // Every hop is trusted: the leftmost is the client, one of ours.
        client
    }
}

/// The hops a request passed through, oldest first, from
/// `X-Forwarded-For` if it has one and `Forwarded` otherwise; `None` for a
/// hop that is not an address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let lines =
        |name: &str| headers.get_all(name).iter().map(|value| value.to_str().ok()).collect::<Vec<Option<&str>>>();
    let x_forwarded_for = lines("x-forwarded-for");
    if !x_forwarded_for.is_empty() {
        return x_forwarded_for
            .into_iter()
            .flat_map(|line| match line {
                Some(line) => line.split(',').map(|hop| node(hop.trim())).collect(),
                None => vec![None],
            })
            .collect();
    }
    lines("forwarded")
        .into_iter()
        .flat_map(|line| match line {
            Some(line) => line.split(',').map(forwarded_element).collect(),
            None => vec![None],
        })
        .collect()
}

/// The `for=` of one RFC 7239 element (`for=192.0.2.60;proto=http`).
fn forwarded_element(element: &str) -> Option<IpAddr> {
    let value = element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim().eq_ignore_ascii_case("for").then_some(value.trim())
    })?;
    let value = match value.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None => value,
    };
    node(value)
}

/// An address as proxies write one: `192.0.2.1`, `2001:db8::1`, with a
/// port (`192.0.2.1:4711`, `[2001:db8::1]:4711`) or in brackets alone.
fn node(text: &str) -> Option<IpAddr> {
    if let Ok(addr) = text.parse::<IpAddr>() {
        return Some(addr);
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    text.strip_prefix('[')?.strip_suffix(']')?.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
}

/// The address of the reader's machine, as [`TrustedProxies::client`]
/// resolves it. Every limit on clients counts against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or(AppError::Internal("the connection's peer address is missing"))?;
        Ok(Self(state.trusted_proxies.client(peer.ip(), &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn trusted(networks: &[&str]) -> TrustedProxies {
        TrustedProxies::new(&networks.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    const PROXY: &str = "10.0.0.5";

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let proxies = trusted(&["10.0.0.0/8"]);
        let forged = headers(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.8")]);
        assert_eq!(proxies.client(ip("198.51.100.7"), &forged), ip("198.51.100.7"));
        // No trusted networks at all: nobody's word is taken.
        assert_eq!(TrustedProxies::default().client(ip(PROXY), &forged), ip(PROXY));
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        let proxies = trusted(&["10.0.0.0/8", "127.0.0.1/32"]);
        let one = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(proxies.client(ip(PROXY), &one), ip("203.0.113.9"));
        // A client's own made-up entries sit to the left of its address.
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4, 10.9.9.9, 203.0.113.9, 10.0.0.7")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &spoofed), ip("203.0.113.9"));
        // Several header lines are one list, in order.
        let split = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9"), ("x-forwarded-for", "10.0.0.7")]);
        assert_eq!(proxies.client(ip(PROXY), &split), ip("203.0.113.9"));
        // Every hop trusted: the leftmost, a machine of our own.
        let inside = headers(&[("x-forwarded-for", "10.1.2.3, 10.0.0.7")]);
        assert_eq!(proxies.client(ip(PROXY), &inside), ip("10.1.2.3"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip(PROXY), &HeaderMap::new()), ip(PROXY));
    }

    #[test]
    fn addresses_are_read_with_ports_brackets_and_ipv6() {
        let proxies = trusted(&["10.0.0.0/8", "::1/128"]);
        let cases = [
            ("203.0.113.9:4711", "203.0.113.9"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("::ffff:203.0.113.9", "203.0.113.9"),
        ];
        for (written, client) in cases {
            let given = headers(&[("x-forwarded-for", written)]);
            assert_eq!(proxies.client(ip("::1"), &given), ip(client), "{written}");
        }
        // A dual-stack listener sees an IPv4 proxy as ::ffff:10.0.0.5.
        let given = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(proxies.client(ip("::ffff:10.0.0.5"), &given), ip("203.0.113.9"));
    }

    #[test]
    fn forwarded_is_read_when_x_forwarded_for_is_absent() {
        let proxies = trusted(&["10.0.0.0/8"]);
        let cases = [
            ("for=203.0.113.9", "203.0.113.9"),
            ("For=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17"),
            ("for=\"203.0.113.9:80\";proto=https;by=10.0.0.5", "203.0.113.9"),
            ("proto=http; for=192.0.2.43, for=10.0.0.7", "192.0.2.43"),
            ("for=1.2.3.4, for=198.51.100.17;host=news.example", "198.51.100.17"),
        ];
        for (written, client) in cases {
            let given = headers(&[("forwarded", written)]);
            assert_eq!(proxies.client(ip(PROXY), &given), ip(client), "{written}");
        }
        let both = headers(&[("forwarded", "for=192.0.2.43"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(proxies.client(ip(PROXY), &both), ip("203.0.113.9"), "X-Forwarded-For wins");
    }

    #[test]
    fn garbage_falls_back_to_the_peer() {
        let proxies = trusted(&["10.0.0.0/8"]);
        for written in ["", "not an address", "203.0.113.9;", "999.1.1.1", "10.0.0.7, unknown", "2001:db8::1:99999"] {
            let given = headers(&[("x-forwarded-for", written)]);
            assert_eq!(proxies.client(ip(PROXY), &given), ip(PROXY), "{written}");
        }
        for written in ["for=unknown", "for=_hidden", "by=10.0.0.1", "for=\"203.0.113.9", "for=[2001:db8::1]:x"] {
            let given = headers(&[("forwarded", written)]);
            assert_eq!(proxies.client(ip(PROXY), &given), ip(PROXY), "{written}");
        }
        // Garbage to the left of a good address is never reached.
        let given = headers(&[("x-forwarded-for", "<script>, 203.0.113.9")]);
        assert_eq!(proxies.client(ip(PROXY), &given), ip("203.0.113.9"));
        // A value that is not text at all.
        let mut bytes = HeaderMap::new();
        bytes.insert("x-forwarded-for", HeaderValue::from_bytes(b"\xff\xfe").unwrap());
        assert_eq!(proxies.client(ip(PROXY), &bytes), ip(PROXY));
    }

    #[test]
    fn networks_are_checked_when_read() {
        assert!(TrustedProxies::new(&["10.0.0.0/8".into(), "::1/128".into(), "192.0.2.7".into()]).is_ok());
        let err = TrustedProxies::new(&["10.0.0.0/33".into()]).unwrap_err();
        assert!(err.contains("10.0.0.0/33"), "{err}");
        assert!(TrustedProxies::new(&["proxy.internal".into()]).is_err());
        // A network written with host bits set covers the whole network.
        let proxies = trusted(&["10.1.2.3/8"]);
        assert!(proxies.trusts(ip("10.200.0.1")));
    }
}
