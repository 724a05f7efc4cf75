//! The one place the wizard uses `crates/otp`: reading a key URI and drawing its QR code.
//!
//! Both happen in the page, so the secret never goes anywhere but the person's screen and
//! their authenticator app. Errors become `None`: a URI the server sent that cannot be read
//! is shown as a failed setup, never as a panic.

use otp::{Kind, Mode, QrOptions, uri};

/// What the "Add an authenticator" step shows about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDetails {
    pub issuer: Option<String>,
    pub account: String,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: &'static str,
    pub digits: u32,
    pub period: u64,
    /// The secret in base32, upper case, no padding: what people type into an app.
    pub secret: String,
}

/// Reads an `otpauth://totp/...` URI the way real issuers write them.
pub fn parse(uri_text: &str) -> Option<KeyDetails> {
    let parsed = uri::parse(uri_text, Mode::Lenient).ok()?;
    let key = parsed.uri;
    let Kind::Totp { period } = key.kind else {
        return None;
    };
    Some(KeyDetails {
        issuer: key.issuer.filter(|issuer| !issuer.is_empty()),
        account: key.account,
        algorithm: key.algorithm.name(),
        digits: key.digits,
        period,
        secret: key.secret.to_base32().trim_end_matches('=').to_owned(),
    })
}

/// The QR code of `text` as SVG markup: black on white with the standard 4-module margin.
pub fn qr_svg(text: &str) -> Option<String> {
    otp::qr_svg(text, &QrOptions::default()).ok()
}
