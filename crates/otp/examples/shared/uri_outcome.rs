//! A parse result in the `expect` form of tests/vectors/otpauth-uris.json, for the programs
//! that hold the Rust parser against the vector file and against the JavaScript one
//! (examples/uri_oracle.rs; crates/otp/tests/uri_vectors.rs has the same function and can
//! take this one with `#[path = "../examples/shared/uri_outcome.rs"] mod uri_outcome;`).
//! Not an example itself: cargo only takes `examples/*.rs` and `examples/*/main.rs`.

use otp::{Kind, Parsed};
use serde_json::{Value, json};

/// The fields (issuer `null` when none, secret as lowercase hex, warnings as codes in the
/// order found) or `{"error": MESSAGE}`. Counters and periods are the exact u64; JavaScript
/// reads those above 2^53 as the nearest double (the vector file's `about`).
pub fn outcome(result: Result<Parsed, otp::Error>) -> Value {
    let parsed = match result {
        Ok(parsed) => parsed,
        Err(error) => return json!({ "error": error.message() }),
    };
    let uri = parsed.uri;
    let (kind, name, number) = match uri.kind {
        Kind::Totp { period } => ("totp", "period", period),
        Kind::Hotp { counter } => ("hotp", "counter", counter),
    };
    let mut fields = json!({
        "type": kind,
        "algorithm": uri.algorithm.name(),
        "digits": uri.digits,
        "issuer": uri.issuer,
        "account": uri.account,
        "issuerInLabel": uri.issuer_in_label,
        "secretHex": uri.secret.to_hex(),
        "warnings": parsed.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
    });
    fields[name] = json!(number);
    fields
}
