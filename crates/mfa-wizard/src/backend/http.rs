//! The one place requests leave the page (through `gloo-net`), shared by every dialect.

use gloo_net::http::{Headers, Request};

use super::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// A response whose body has been read.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Headers,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }

    /// The `Retry-After` header in seconds, whichever of its two forms the server used.
    pub fn retry_after(&self) -> Option<u64> {
        self.header("Retry-After")
            .and_then(|value| retry_after_seconds(&value, js_sys::Date::now()))
    }
}

/// Sends a request with an optional bearer token and JSON body. Failing to reach the server
/// is [`ApiError::Network`]; every HTTP status is returned for the dialect to judge.
pub async fn send(
    method: Method,
    url: &str,
    bearer: Option<&str>,
    json: Option<&str>,
) -> Result<Reply, ApiError> {
    let mut builder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Delete => Request::delete(url),
    };
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match json {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|_| ApiError::Network)?,
        None => builder.build().map_err(|_| ApiError::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    Ok(Reply {
        status: response.status(),
        headers: response.headers(),
        body,
    })
}

/// `Retry-After` as seconds from `now_ms`: either delay-seconds or an HTTP date.
pub fn retry_after_seconds(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let at = js_sys::Date::parse(value);
    at.is_finite()
        .then(|| crate::clock::seconds_between(now_ms, at))
}
