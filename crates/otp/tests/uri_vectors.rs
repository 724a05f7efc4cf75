//! The shared `otpauth://` conformance vectors (tests/vectors/otpauth-uris.json) through the
//! Rust parser and builder. The npm package's JavaScript parser and builder run the same file
//! (tests/npm/uri-vectors.test.mjs), so the two implementations cannot drift apart.
#![cfg(not(target_arch = "wasm32"))]

use otp::uri::parse;
use otp::{Algorithm, KeyUri, Mode, Secret, Warning};
use serde_json::{Value, json};

const VECTORS: &str = include_str!("../../../tests/vectors/otpauth-uris.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("the vector file is JSON")
}

#[path = "../examples/shared/uri_outcome.rs"]
mod uri_outcome;

use uri_outcome::outcome;

#[test]
fn warning_table_is_complete() {
    let table = vectors()["warnings"].clone();
    let ours: serde_json::Map<String, Value> = Warning::ALL
        .iter()
        .map(|w| (w.code().to_owned(), json!(w.message())))
        .collect();
    assert_eq!(table, Value::Object(ours));
}

#[test]
fn parse_vectors() {
    let vectors = vectors();
    let cases = vectors["parse"].as_array().expect("a parse list");
    assert!(cases.len() > 300, "the parse list lost cases");
    let mut failures = Vec::new();
    for case in cases {
        let uri = case["uri"].as_str().expect("uri");
        let mode = match case["strict"].as_bool().expect("strict") {
            true => Mode::Strict,
            false => Mode::Lenient,
        };
        let got = outcome(parse(uri, mode));
        if got != case["expect"] {
            failures.push(format!(
                "{} ({mode:?}): expected {}, got {got}",
                case["note"], case["expect"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each build vector through [`KeyUri`]'s builder: the canonical URI or the error message.
#[test]
fn build_vectors() {
    let vectors = vectors();
    let mut failures = Vec::new();
    for case in vectors["build"].as_array().expect("a build list") {
        let fields = &case["build"];
        let text = |key: &str| fields[key].as_str().expect(key);
        let number = |key: &str| fields[key].as_u64().expect(key);
        let secret = Secret::from_hex(text("secretHex")).expect("hex");
        let builder = match text("type") {
            "totp" => KeyUri::totp(secret).period(number("period")),
            _ => KeyUri::hotp(secret, number("counter")),
        };
        let algorithm: Algorithm = text("algorithm").parse().expect("algorithm");
        let built = builder
            .issuer(text("issuer"))
            .account(text("account"))
            .issuer_in_label(fields["issuerInLabel"].as_bool().expect("issuerInLabel"))
            .algorithm(algorithm)
            .digits(u32::try_from(number("digits")).expect("digits fit u32"))
            .build();
        let (key, got) = match built {
            Ok(uri) => ("uri", uri.to_uri()),
            Err(error) => ("error", error.message().to_owned()),
        };
        if case[key] != got.as_str() {
            failures.push(format!(
                "{}: expected {case}, got {key} {got:?}",
                case["note"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
