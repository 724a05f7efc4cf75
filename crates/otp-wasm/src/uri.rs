//! `otpauth://` URIs across the boundary: parsed fields out, canonical text back.

use alloc::string::String;
use alloc::vec::Vec;
use otp::{Algorithm, KeyUri, Kind, Mode, Secret};
use wasm_bindgen::prelude::*;

use crate::{js_error, whole_number};

/// The fields of a parsed URI, read once by the JS `URI` class and then freed.
/// Counters and periods travel as numbers; beyond 2^53 they lose precision, as in otpauth.
/// Read-only: setters would only add glue.
#[wasm_bindgen(getter_with_clone)]
pub struct UriFields {
    /// `"totp"` or `"hotp"`.
    #[wasm_bindgen(readonly)]
    pub kind: String,
    #[wasm_bindgen(readonly)]
    pub secret: Vec<u8>,
    /// Empty when the URI names no issuer.
    #[wasm_bindgen(readonly)]
    pub issuer: String,
    #[wasm_bindgen(readonly)]
    pub account: String,
    #[wasm_bindgen(readonly)]
    pub algorithm: String,
    #[wasm_bindgen(readonly)]
    pub digits: u32,
    /// The period for TOTP, the counter for HOTP.
    #[wasm_bindgen(readonly)]
    pub number: f64,
    #[wasm_bindgen(readonly, js_name = issuerInLabel)]
    pub issuer_in_label: bool,
    /// Stable identifiers of the warnings ([`otp::Warning::code`]).
    #[wasm_bindgen(readonly)]
    pub warnings: Vec<String>,
    /// The warnings for people, in the same order ([`otp::Warning::message`]).
    #[wasm_bindgen(readonly)]
    pub messages: Vec<String>,
}

/// Parses in lenient or strict mode; see [`otp::uri::parse`].
#[wasm_bindgen]
pub fn parse_uri(uri: &str, strict: bool) -> Result<UriFields, JsError> {
    let mode = if strict { Mode::Strict } else { Mode::Lenient };
    let parsed = otp::uri::parse(uri, mode).map_err(js_error)?;
    let warnings = parsed.warnings.iter().map(|w| w.code().into()).collect();
    let messages = parsed.warnings.iter().map(|w| w.message().into()).collect();
    let uri = parsed.uri;
    let (kind, number) = match uri.kind {
        Kind::Totp { period } => ("totp", period as f64),
        Kind::Hotp { counter } => ("hotp", counter as f64),
    };
    Ok(UriFields {
        kind: kind.into(),
        secret: uri.secret.into_bytes(),
        issuer: uri.issuer.unwrap_or_default(),
        account: uri.account,
        algorithm: uri.algorithm.name().into(),
        digits: uri.digits,
        number,
        issuer_in_label: uri.issuer_in_label,
        warnings,
        messages,
    })
}

/// The canonical URI for these values; `number` is the period (TOTP) or counter (HOTP).
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // mirrors otpauth's option object field by field
pub fn build_uri(
    hotp: bool,
    secret: &[u8],
    issuer: &str,
    account: &str,
    algorithm: &str,
    digits: u32,
    number: f64,
    issuer_in_label: bool,
) -> Result<String, JsError> {
    let algorithm: Algorithm = algorithm.parse().map_err(js_error)?;
    let Some(number) = whole_number(number) else {
        return Err(JsError::new(if hotp {
            "counter must be a whole number >= 0"
        } else {
            "period must be at least 1 second"
        }));
    };
    let secret = Secret::from_bytes(secret);
    let builder = if hotp {
        KeyUri::hotp(secret, number)
    } else {
        KeyUri::totp(secret).period(number)
    };
    let uri = builder
        .issuer(issuer)
        .account(account)
        .algorithm(algorithm)
        .digits(digits)
        .issuer_in_label(issuer_in_label)
        .build()
        .map_err(js_error)?;
    Ok(uri.to_uri())
}
