//! Reading an answer's headers.

pub fn content_type(response: &reqwest::Response) -> String {
    header(response, "content-type")
}

pub fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// Where a redirect leads.
pub fn location(response: &reqwest::Response) -> String {
    header(response, "location")
}
