//! Property tests: builder-then-parser round trips, and no input makes anything panic.
//! These double as the stand-in for the cargo-fuzz targets in `crates/otp/fuzz`.
#![cfg(not(target_arch = "wasm32"))]

use otp::uri::parse;
use otp::{Algorithm, KeyUri, Kind, Mode, Secret};
use proptest::prelude::*;

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ]
}

/// Text as issuers and users write it: any Unicode, trimmed (the parser trims labels), and for
/// issuers without `:` (which cannot sit in the label, see `KeyUri::to_uri`).
fn name(colon_ok: bool) -> impl Strategy<Value = String> {
    "\\PC{0,24}".prop_map(move |s| {
        let s = if colon_ok { s } else { s.replace(':', "") };
        s.trim().to_owned()
    })
}

fn key_uri() -> impl Strategy<Value = KeyUri> {
    (
        proptest::collection::vec(any::<u8>(), 1..64),
        prop_oneof![
            (1u64..=1_000_000).prop_map(|period| Kind::Totp { period }),
            any::<u64>().prop_map(|counter| Kind::Hotp { counter })
        ],
        name(false),
        name(true),
        algorithm(),
        1u32..=10,
        any::<bool>(),
    )
        .prop_map(
            |(secret, kind, issuer, account, algorithm, digits, in_label)| {
                let secret = Secret::from_bytes(secret);
                let builder = match kind {
                    Kind::Totp { period } => KeyUri::totp(secret).period(period),
                    Kind::Hotp { counter } => KeyUri::hotp(secret, counter),
                };
                builder
                    .issuer(issuer)
                    .account(account)
                    .algorithm(algorithm)
                    .digits(digits)
                    .issuer_in_label(in_label)
                    .build()
                    .unwrap()
            },
        )
}

proptest! {
    #[test]
    fn lenient_round_trip(uri in key_uri()) {
        let parsed = parse(&uri.to_uri(), Mode::Lenient).unwrap();
        let mut want = uri.clone();
        // Without an issuer there is nothing to put in the label.
        want.issuer_in_label &= want.issuer.is_some();
        prop_assert_eq!(parsed.uri, want);
    }

    #[test]
    fn strict_round_trip_for_what_the_format_allows(uri in key_uri(), eight in any::<bool>()) {
        prop_assume!(!uri.account.is_empty());
        let mut uri = uri;
        uri.digits = if eight { 8 } else { 6 };
        uri.issuer_in_label &= uri.issuer.is_some();
        let parsed = parse(&uri.to_uri(), Mode::Strict).unwrap();
        prop_assert_eq!(parsed.uri, uri);
    }

    #[test]
    fn parse_never_panics_on_any_text(text in "\\PC{0,200}", strict in any::<bool>()) {
        let mode = if strict { Mode::Strict } else { Mode::Lenient };
        let _ = parse(&text, mode);
    }

    #[test]
    fn parse_never_panics_on_uri_shaped_text(
        kind in "(?i)(totp|hotp|x)",
        label in "[A-Za-z0-9%:@ +&=.-]{0,30}",
        query in proptest::collection::vec(("(?i)(secret|issuer|digits|period|counter|algorithm|image)", "[A-Za-z0-9%+ =.-]{0,40}"), 0..8),
    ) {
        let query: Vec<String> = query.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        let uri = format!("otpauth://{kind}/{label}?{}", query.join("&"));
        for mode in [Mode::Lenient, Mode::Strict] {
            if let Ok(parsed) = parse(&uri, mode) {
                // Whatever parses builds a working generator.
                let _ = parsed.uri.to_totp().map(|t| t.generate(59));
                let _ = parsed.uri.to_hotp().map(|h| h.generate(0));
            }
        }
    }

    #[test]
    fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 1..80)) {
        let secret = Secret::from_bytes(bytes);
        let text = secret.to_base32();
        prop_assert_eq!(Secret::from_base32_strict(&text).unwrap(), secret.clone());
        prop_assert_eq!(Secret::from_base32(text.to_lowercase()).unwrap(), secret);
    }

    #[test]
    fn secret_parsers_never_panic(text in "\\PC{0,100}") {
        let _ = Secret::from_base32(&text);
        let _ = Secret::from_hex(&text);
        let _ = Secret::from_latin1(&text);
    }

    /// Any text and options: an SVG or an error, never a panic.
    #[cfg(feature = "qr")]
    #[test]
    fn qr_svg_never_panics(text in "\\PC{0,120}", level in 0usize..4, margin in 0u32..100, dark in "\\PC{0,8}") {
        let error_correction = [otp::ErrorCorrection::Low, otp::ErrorCorrection::Medium, otp::ErrorCorrection::Quartile, otp::ErrorCorrection::High][level];
        let options = otp::QrOptions { error_correction, margin, dark, ..otp::QrOptions::default() };
        if let Ok(svg) = otp::qr_svg(&text, &options) {
            prop_assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        }
    }
}

proptest! {
    /// The crate's own base32 agrees with the `base32` crate in both directions.
    #[test]
    fn base32_matches_the_base32_crate(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let alphabet = base32::Alphabet::Rfc4648 { padding: false };
        let text = Secret::from_bytes(bytes.clone()).to_base32();
        prop_assert_eq!(&text, &base32::encode(alphabet, &bytes));
        if !bytes.is_empty() {
            prop_assert_eq!(Secret::from_base32_strict(&text).unwrap().into_bytes(), bytes);
        }
    }

    /// Decoding any valid text, including trailing bits that fill no byte, gives the crate's bytes.
    #[test]
    fn base32_decodes_like_the_base32_crate(text in "[A-Z2-7]{1,80}") {
        let ours = Secret::from_base32_strict(&text).ok().map(Secret::into_bytes);
        let theirs = if matches!(text.len() % 8, 1 | 3 | 6) {
            None
        } else {
            base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &text)
        };
        prop_assert_eq!(ours, theirs);
    }
}
