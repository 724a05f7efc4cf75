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
    for line in [kind, uri.algorithm.name()] {
        out.push_str(line);
        out.push('\n');
    }
    push_line(&mut out, u64::from(uri.digits));
    push_line(&mut out, number);
    push_line(&mut out, u64::from(uri.issuer_in_label));
    out.push_str(&uri.secret.to_hex());
    out.push('\n');
    push_line(&mut out, issuer.encode_utf16().count() as u64);
    push_line(&mut out, parsed.warnings.len() as u64);
    for warning in parsed.warnings {
        for line in [warning.code(), warning.message()] {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&issuer);
    out.push_str(&uri.account);
    Ok(out)
}

/// `n` in decimal and a newline, without the formatting machinery.
fn push_line(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
    out.push('\n');
}
