//! `otpauth://` URIs across the boundary: parsed fields out (building is done in `js/api.js`).

use alloc::string::String;
use otp::{Kind, Mode};

/// Parses in lenient or strict mode; see [`otp::uri::parse`].
///
/// The fields come back as one string rather than a struct: one string is all the
/// JavaScript side needs to decode (see `js/api.js`). Lines
/// end in `\n`: `totp` or `hotp`, the algorithm, digits, the period (TOTP) or counter (HOTP),
/// `1` when the label names the issuer, the secret in hex, the issuer's length in UTF-16
/// units, the number of warnings, then each warning's code and message
/// ([`otp::Warning::code`], [`otp::Warning::message`]). The issuer (empty when the URI names
/// none) and the account follow without separator: they may contain any character.
pub fn parse_uri(uri: &str, strict: bool) -> Result<String, &'static str> {
    let mode = if strict { Mode::Strict } else { Mode::Lenient };
    let parsed = otp::uri::parse(uri, mode).map_err(otp::Error::message)?;
    let uri = parsed.uri;
    let (kind, number) = match uri.kind {
        Kind::Totp { period } => ("totp", period),
        Kind::Hotp { counter } => ("hotp", counter),
    };
    let issuer = uri.issuer.unwrap_or_default();
    let mut out = String::with_capacity(128);
    push_text(&mut out, kind);
    push_text(&mut out, uri.algorithm.name());
    push_line(&mut out, u64::from(uri.digits));
    push_line(&mut out, number);
    push_line(&mut out, u64::from(uri.issuer_in_label));
    push_text(&mut out, &uri.secret.to_hex());
    // UTF-16 units, counted from the UTF-8 bytes: one per character (every byte but the
    // continuation bytes `10xxxxxx`), two for the four-byte ones (`11110xxx`), which
    // JavaScript stores as surrogate pairs. Cheaper in wasm than `encode_utf16`.
    let units = issuer
        .bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum::<usize>();
    push_line(&mut out, units as u64);
    push_line(&mut out, parsed.warnings.len() as u64);
    for warning in parsed.warnings {
        push_text(&mut out, warning.code());
        push_text(&mut out, warning.message());
    }
    out.push_str(&issuer);
    out.push_str(&uri.account);
    Ok(out)
}

/// `text` and a newline.
fn push_text(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

/// `n` in decimal and a newline.
fn push_line(out: &mut String, n: u64) {
    otp::push_decimal(out, n);
    out.push('\n');
}
