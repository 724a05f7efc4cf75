//! Security headers (with the Content-Security-Policy) and CORS.

use std::path::Path;

use axum::http::{HeaderName, HeaderValue, Method, header};
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CSP for every response.
///
/// The wizard is Rust compiled to wasm: `'wasm-unsafe-eval'` lets the page compile it, and
/// Trunk starts it with a small inline `<script type="module">` whose text changes with every
/// build (it names the hashed files). Rather than `'unsafe-inline'`, the server hashes the
/// inline scripts of `index.html` (wizard and `www/`) at start-up and allows exactly those.
/// Restart the server after rebuilding the wizard. `style-src 'unsafe-inline'` is kept for
/// style attributes set by the UI framework; images may be `data:` URIs (QR codes).
pub fn content_security_policy(index_files: &[&Path]) -> String {
    let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    for file in index_files {
        if let Ok(html) = std::fs::read_to_string(file) {
            for script in inline_scripts(&html) {
                let digest = Sha256::digest(script.as_bytes());
                let hash = format!("'sha256-{}'", data_encoding::BASE64.encode(&digest));
                if !script_src.contains(&hash) {
                    script_src.push(hash);
                }
            }
        }
    }
    format!(
        "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        script_src.join(" ")
    )
}

/// The texts of `<script>` elements without a `src` attribute.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after_tag_name = &rest[start + "<script".len()..];
        let Some(tag_end) = after_tag_name.find('>') else {
            break;
        };
        let attributes = &after_tag_name[..tag_end];
        let body_and_rest = &after_tag_name[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !attributes.contains("src=") && !body_and_rest[..close].trim().is_empty() {
            scripts.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close..];
    }
    scripts
}

/// Headers added to every response.
pub fn security_headers(csp: &str) -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(csp).expect("CSP is ASCII"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// CORS for `allowlist` (exact origins such as `https://app.example`); with `allow_localhost`
/// (dev mode) also any `http(s)://localhost`, `127.0.0.1` or `[::1]` origin on any port.
pub fn cors(allowlist: Vec<String>, allow_localhost: bool) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            allowlist.iter().any(|allowed| allowed == origin)
                || (allow_localhost && is_localhost_origin(origin))
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        // `x-amz-*`: AWS JSON calls to the Cognito endpoint (browser SDKs add the user agent).
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-amz-target"),
            HeaderName::from_static("x-amz-user-agent"),
        ])
        .expose_headers([
            HeaderName::from_static(crate::dialect::eniris::TWO_FACTOR_HEADER),
            HeaderName::from_static("x-amzn-errortype"),
            header::RETRY_AFTER,
        ])
        .max_age(std::time::Duration::from_secs(600))
}

fn is_localhost_origin(origin: &str) -> bool {
    let Some(host_and_port) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = if host_and_port.starts_with('[') {
        host_and_port.split_inclusive(']').next().unwrap_or("")
    } else {
        host_and_port.split(':').next().unwrap_or("")
    };
    let port_ok = host_and_port[host.len()..]
        .strip_prefix(':')
        .is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>
                      <script>
</script>"#;
        assert_eq!(inline_scripts(html), ["init()"]);
    }

    #[test]
    fn localhost_origins() {
        assert!(is_localhost_origin("http://localhost:8080"));
        assert!(is_localhost_origin("http://127.0.0.1"));
        assert!(is_localhost_origin("http://[::1]:3000"));
        assert!(!is_localhost_origin("http://localhost.evil.example"));
        assert!(!is_localhost_origin("http://localhost:80x"));
        assert!(!is_localhost_origin("file://localhost"));
    }
}
