//! `otpauth://` parsing: real issuers' URIs (lenient), the Key URI Format (strict), errors.
#![cfg(not(target_arch = "wasm32"))]

use otp::uri::parse;
use otp::{Algorithm, Error, Kind, Mode, Warning};

fn lenient(uri: &str) -> otp::Parsed {
    parse(uri, Mode::Lenient).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

#[test]
fn seed_with_ampersand_label_and_empty_issuer() {
    let p = lenient("otpauth://totp/Authentication&40?secret=KQ5P6HBW63UTX4JPMXBJXI2PQM&issuer=");
    assert_eq!(p.uri.account, "Authentication&40");
    assert_eq!(p.uri.issuer, None);
    assert_eq!(p.uri.secret.len(), 16);
    assert_eq!(p.uri.kind, Kind::Totp { period: 30 });
    assert_eq!(p.warnings, []);
}

#[test]
fn seed_with_eighty_bit_secret_and_dotted_issuer() {
    let p = lenient(
        "otpauth://totp/insights3.eniris.be:Alice?issuer=insights3.eniris.be&secret=NB2W45DFOIZA&algorithm=SHA1&digits=6&period=30",
    );
    assert_eq!(p.uri.issuer.as_deref(), Some("insights3.eniris.be"));
    assert_eq!(p.uri.account, "Alice");
    assert!(p.uri.issuer_in_label);
    assert_eq!(p.warnings, [Warning::WeakSecret]);
    // Strict mode accepts it too: weak secrets are a warning in both modes.
    assert_eq!(
        parse(p.uri.to_uri().as_str(), Mode::Strict)
            .unwrap()
            .warnings,
        [Warning::WeakSecret]
    );
}

#[test]
fn case_separators_and_spaces() {
    let want = lenient(
        "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME",
    )
    .uri;
    for uri in [
        "OTPAUTH://TOTP/ACME:alice@example.com?SECRET=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&Issuer=ACME",
        "otpauth://totp/ACME%3Aalice%40example.com?secret=jbswy3dpehpk3pxpjbswy3dpehpk3pxp&issuer=ACME",
        "otpauth://totp/ACME%3a%20%20alice@example.com?secret=JBSW%20Y3DP+EHPK 3PXP-JBSWY3DPEHPK3PXP%3D%3D&issuer=ACME",
        "otpauth://totp/ACME: alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP====&issuer=ACME&image=https%3A%2F%2Fx&lock=true",
        "  otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME#fragment  ",
    ] {
        assert_eq!(lenient(uri).uri, want, "{uri}");
    }
    let p =
        lenient("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&image=x&lock=1");
    assert_eq!(p.warnings, [Warning::UnknownParameter]);
    assert_eq!(
        p.uri.issuer.as_deref(),
        Some("ACME"),
        "the label prefix stands in for a missing parameter"
    );
}

#[test]
fn issuer_parameter_wins_with_a_warning() {
    let p = lenient(
        "otpauth://totp/Old%20Name:bob?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=New+Name",
    );
    assert_eq!(p.uri.issuer.as_deref(), Some("New Name"));
    assert_eq!(p.warnings, [Warning::IssuerMismatch]);
    assert_eq!(
        parse(
            "otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=New",
            Mode::Strict
        ),
        Err(Error::IssuerMismatch)
    );
}

#[test]
fn hotp_with_and_without_counter() {
    let p = lenient(
        "otpauth://hotp/x:y?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=42&algorithm=sha256&digits=8",
    );
    assert_eq!(p.uri.kind, Kind::Hotp { counter: 42 });
    assert_eq!(p.uri.algorithm, Algorithm::Sha256);
    assert_eq!(p.warnings, [Warning::NonStandardAlgorithm]);
    let p = lenient("otpauth://hotp/x:y?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    assert_eq!(p.uri.kind, Kind::Hotp { counter: 0 });
    assert_eq!(p.warnings, [Warning::MissingCounter]);
    assert_eq!(
        parse(
            "otpauth://hotp/x:y?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            Mode::Strict
        ),
        Err(Error::MissingCounter)
    );
}

#[test]
fn warnings_for_non_standard_values() {
    let p = lenient("otpauth://totp/?secret=JBSWY3DP&digits=7&period=60&digits=8");
    assert_eq!(
        p.warnings,
        [
            Warning::DuplicateParameter,
            Warning::WeakSecret,
            Warning::NonStandardDigits,
            Warning::NonStandardPeriod,
            Warning::MissingAccount
        ]
    );
    assert_eq!(p.uri.digits, 7);
    assert_eq!(p.warning_bits().count_ones(), 5);
}

#[test]
fn errors() {
    let long = format!("otpauth://totp/a?secret={}", "A".repeat(5000));
    let cases: &[(&str, Error)] = &[
        (&long, Error::TooLong),
        ("https://totp/a?secret=JBSWY3DP", Error::Scheme),
        ("otpauth:totp/a?secret=JBSWY3DP", Error::Scheme),
        ("otpauth://motp/a?secret=JBSWY3DP", Error::Type),
        ("otpauth://totp/a?issuer=x", Error::MissingSecret),
        ("otpauth://totp/a?secret=", Error::EmptySecret),
        ("otpauth://totp/a?secret=JBSWY3DP1", Error::Base32),
        ("otpauth://totp/a?secret=JBSWY3DP&period=0", Error::Period),
        ("otpauth://totp/a?secret=JBSWY3DP&period=-30", Error::Number),
        ("otpauth://totp/a?secret=JBSWY3DP&digits=0", Error::Digits),
        ("otpauth://totp/a?secret=JBSWY3DP&digits=11", Error::Digits),
        (
            "otpauth://totp/a?secret=JBSWY3DP&digits=99999999999999999999999",
            Error::Number,
        ),
        (
            "otpauth://totp/a?secret=JBSWY3DP&algorithm=MD5",
            Error::Algorithm,
        ),
        ("otpauth://hotp/a?secret=JBSWY3DP&counter=x", Error::Number),
    ];
    for (uri, error) in cases {
        assert_eq!(parse(uri, Mode::Lenient).err(), Some(*error), "{uri}");
    }
}

#[test]
fn errors_never_echo_the_secret() {
    for uri in [
        "otpauth://totp/a?secret=SUPERSECRET1",
        "otpauth://totp/a?secret=SUPERSECRET&digits=12",
    ] {
        let message = parse(uri, Mode::Lenient).unwrap_err().to_string();
        assert!(!message.contains("SUPERSECRET"), "{message}");
    }
}

#[test]
fn strict_mode_follows_the_key_uri_format() {
    let ok = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";
    let p = parse(ok, Mode::Strict).unwrap();
    assert_eq!(p.uri.issuer.as_deref(), Some("ACME Co"));
    assert_eq!(p.warnings, []);
    let cases: &[(&str, Error)] = &[
        (
            "OTPAUTH://totp/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            Error::Scheme,
        ),
        (
            "otpauth://TOTP/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            Error::Type,
        ),
        (
            "otpauth://totp/a:b?SECRET=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            Error::UnknownParameter,
        ),
        (
            "otpauth://totp/a:b?secret=hxdmvjecjjwsrb3hwizr4ifugftmxboz",
            Error::Base32,
        ),
        (
            "otpauth://totp/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&image=x",
            Error::UnknownParameter,
        ),
        (
            "otpauth://totp/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&digits=7",
            Error::Digits,
        ),
        (
            "otpauth://totp/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&algorithm=sha1",
            Error::Algorithm,
        ),
        (
            "otpauth://totp/a:b?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&secret=A",
            Error::DuplicateParameter,
        ),
        (
            "otpauth://totp/a%zz?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            Error::Encoding,
        ),
        (
            "otpauth://totp/a:?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            Error::MissingAccount,
        ),
    ];
    for (uri, error) in cases {
        assert_eq!(parse(uri, Mode::Strict).err(), Some(*error), "{uri}");
        assert!(parse(uri, Mode::Lenient).is_ok(), "lenient accepts {uri}");
    }
}

#[test]
fn builder_emits_canonical_uris() {
    let secret = otp::Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let uri = otp::KeyUri::totp(secret.clone())
        .issuer("ACME Co")
        .account("alice@example.com")
        .build()
        .unwrap();
    assert_eq!(
        uri.to_string(),
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    );
    let hotp = otp::KeyUri::hotp(secret.clone(), 7)
        .account("a:b")
        .issuer("x")
        .issuer_in_label(false)
        .build()
        .unwrap();
    assert_eq!(
        hotp.to_uri(),
        "otpauth://hotp/:a%3Ab?secret=JBSWY3DPEHPK3PXP&issuer=x&algorithm=SHA1&digits=6&counter=7"
    );
    assert_eq!(lenient(&hotp.to_uri()).uri, hotp);
    assert_eq!(
        otp::KeyUri::totp(secret.clone()).digits(11).build().err(),
        Some(Error::Digits)
    );
    assert_eq!(
        otp::KeyUri::totp(secret.clone()).period(0).build().err(),
        Some(Error::Period)
    );
    assert_eq!(
        otp::KeyUri::totp(otp::Secret::from_bytes(vec![]))
            .build()
            .err(),
        Some(Error::EmptySecret)
    );
}
