//! The wizard's pure rules, run in the browsers it ships to: code normalisation, countdown
//! arithmetic, the catalog, configuration, the Eniris error mapping and the otp adapter.
#![cfg(target_arch = "wasm32")]

use mfa_wizard::backend::eniris::{classify, parse_factors};
use mfa_wizard::backend::http::retry_after_seconds;
use mfa_wizard::backend::{ApiError, Capabilities, Factor, ReauthRule};
use mfa_wizard::clock::{format_wait, seconds_between, seconds_left_in_period};
use mfa_wizard::code::{
    CodeKind, Completeness, completeness, group_by_four, matches_one_of, normalize,
};
use mfa_wizard::config::{BackendKind, Choice, ConfigFile, Notice, api_allowed, resolve};
use mfa_wizard::i18n::{EN, fill, placeholders};
use mfa_wizard::json::{self, Json};
use mfa_wizard::otpauth;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SIX: CodeKind = CodeKind::Numeric { digits: 6 };

#[wasm_bindgen_test]
fn pasted_codes_lose_spaces_dashes_and_foreign_digits() {
    for pasted in [
        "123456",
        "123 456",
        " 123-456 ",
        "12 34 56",
        "123\u{a0}456",
        "１２３４５６",
        "١٢٣٤٥٦",
        "۱۲۳-۴۵۶",
        "123–456",
    ] {
        assert_eq!(normalize(SIX, pasted), "123456", "{pasted:?}");
        assert_eq!(
            completeness(SIX, &normalize(SIX, pasted)),
            Completeness::Complete,
            "{pasted:?}"
        );
    }
}

#[wasm_bindgen_test]
fn numeric_codes_are_judged_without_guessing() {
    assert_eq!(completeness(SIX, ""), Completeness::Empty);
    assert_eq!(completeness(SIX, "12345"), Completeness::Partial);
    assert_eq!(completeness(SIX, "1234567"), Completeness::Invalid);
    assert_eq!(completeness(SIX, "12a456"), Completeness::Invalid);
    // Letters are kept, so the field can say what is wrong instead of eating them.
    assert_eq!(normalize(SIX, "12a 456"), "12a456");
    assert_eq!(
        completeness(CodeKind::Numeric { digits: 8 }, "12345678"),
        Completeness::Complete
    );
}

#[wasm_bindgen_test]
fn recovery_codes_compare_without_case_or_separators() {
    let codes = vec!["ABCD2345EFGH6789".to_owned(), "JKMN2345PQRS6789".to_owned()];
    assert_eq!(
        normalize(CodeKind::Recovery, "abcd-2345 efgh-6789"),
        "ABCD2345EFGH6789"
    );
    assert!(matches_one_of("jkmn 2345 pqrs 6789", &codes));
    assert!(matches_one_of("ABCD-2345-EFGH-6789", &codes));
    assert!(!matches_one_of("ABCD2345EFGH678", &codes));
    assert!(!matches_one_of("", &codes));
    assert!(!matches_one_of(" - ", &codes));
    assert_eq!(
        completeness(CodeKind::Recovery, "ABCD!"),
        Completeness::Invalid
    );
}

#[wasm_bindgen_test]
fn keys_are_grouped_by_four() {
    assert_eq!(group_by_four("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    assert_eq!(group_by_four("NB2W45DFOIZA"), "NB2W 45DF OIZA");
    assert_eq!(group_by_four("ABCDE"), "ABCD E");
    assert_eq!(group_by_four(""), "");
}

#[wasm_bindgen_test]
fn countdowns_round_up_and_never_go_negative() {
    assert_eq!(seconds_between(0.0, 1.0), 1);
    assert_eq!(seconds_between(0.0, 30_000.0), 30);
    assert_eq!(seconds_between(0.0, 29_001.0), 30);
    assert_eq!(seconds_between(5_000.0, 1_000.0), 0);
    assert_eq!(seconds_between(0.0, f64::NAN), 0);
    assert_eq!(seconds_left_in_period(1_700_000_000_000.0, 30), 10);
    assert_eq!(seconds_left_in_period(1_700_000_020_500.0, 30), 20);
    assert_eq!(seconds_left_in_period(1_700_000_000_000.0, 0), 0);
    assert_eq!(seconds_left_in_period(-5.0, 30), 0);
    assert_eq!(format_wait(0), "0:00");
    assert_eq!(format_wait(9), "0:09");
    assert_eq!(format_wait(61), "1:01");
    assert_eq!(format_wait(900), "15:00");
    assert_eq!(format_wait(3_725), "1:02:05");
}

#[wasm_bindgen_test]
fn retry_after_reads_seconds_and_dates() {
    assert_eq!(retry_after_seconds("120", 0.0), Some(120));
    assert_eq!(retry_after_seconds(" 7 ", 0.0), Some(7));
    let now = js_sys::Date::parse("Wed, 25 Nov 2026 14:00:00 GMT");
    assert_eq!(
        retry_after_seconds("Wed, 25 Nov 2026 14:01:30 GMT", now),
        Some(90)
    );
    assert_eq!(retry_after_seconds("soon", now), None);
}

#[wasm_bindgen_test]
fn every_message_exists_and_its_placeholders_fill() {
    for (key, message) in EN.entries() {
        assert!(!message.trim().is_empty(), "{key} is empty");
        for name in placeholders(message) {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase()),
                "{key}: odd placeholder {name:?}"
            );
            let filled = fill(message, &[(name, "X")]);
            assert!(
                !filled.contains(&format!("{{{name}}}")),
                "{key}: {name} not filled"
            );
        }
    }
    assert_eq!(placeholders(EN.rate_limited), ["time"]);
    assert_eq!(placeholders(EN.qr_label), ["issuer", "account"]);
    assert_eq!(
        fill("{a} and {b}, {c}", &[("a", "1"), ("b", "2")]),
        "1 and 2, {c}"
    );
    assert_eq!(fill("unclosed {a", &[("a", "1")]), "unclosed {a");
    // The hooks tests and users rely on.
    assert_eq!(EN.setup_key_label, "Setup key");
    assert_eq!(EN.recovery_codes_list_label, "Recovery codes");
}

#[wasm_bindgen_test]
fn configuration_sources_override_in_order() {
    let origin = "http://127.0.0.1:8080";
    let (config, notices) = resolve(None, &[], origin);
    assert_eq!(
        (config.backend, config.api.as_str()),
        (BackendKind::Eniris, "/eniris")
    );
    assert!(notices.is_empty());

    let file = ConfigFile {
        choice: Choice {
            backend: Some("eniris".into()),
            api: Some("/api/eniris/".into()),
        },
        allowed_api_origins: vec![],
    };
    let (config, _) = resolve(Some(&file), &[], origin);
    assert_eq!(config.api, "/api/eniris");

    let query = Choice {
        backend: Some("ENIRIS".into()),
        api: Some("http://127.0.0.1:8080/other".into()),
    };
    let (config, notices) = resolve(Some(&file), &[&Choice::default(), &query], origin);
    assert_eq!(config.api, "http://127.0.0.1:8080/other");
    assert!(notices.is_empty());
}

#[wasm_bindgen_test]
fn json_fields_are_read_by_type_and_bodies_escaped() {
    let file = ConfigFile::parse(
        r#"{"backend":"eniris","api":7,"allowedApiOrigins":["https://a.example",null,3]}"#,
    )
    .expect("an object");
    assert_eq!(file.choice.backend.as_deref(), Some("eniris"));
    assert_eq!(file.choice.api, None, "a number is not an address");
    assert_eq!(file.allowed_api_origins, ["https://a.example"]);
    for not_an_object in ["", "[1]", "\"text\"", "null", "{"] {
        assert!(
            ConfigFile::parse(not_an_object).is_none(),
            "{not_an_object}"
        );
    }

    let reply = Json::parse(r#"{"a":{"n":1.5,"on":true},"s":null}"#).expect("an object");
    let nested = reply.object("a").expect("nested object");
    assert_eq!(
        (nested.number("n"), nested.bool("on")),
        (Some(1.5), Some(true))
    );
    assert_eq!(reply.str("s"), None);
    let array = Json::parse(r#"{"a":[1]}"#).expect("an object");
    assert!(array.object("a").is_none(), "an array is not an object");
    assert!(reply.strings("missing").is_empty());

    let body = json::object_of(&[("username", "d\"e\\mo\n"), ("password", "pw")]);
    assert_eq!(body, r#"{"username":"d\"e\\mo\n","password":"pw"}"#);
    assert_eq!(json::parse_string(r#""tok""#).as_deref(), Some("tok"));
}

#[wasm_bindgen_test]
fn api_addresses_from_links_cannot_point_elsewhere() {
    let origin = "http://127.0.0.1:8080";
    let evil = Choice {
        backend: None,
        api: Some("https://evil.example/eniris".into()),
    };
    let (config, notices) = resolve(None, &[&evil], origin);
    assert_eq!(config.api, "/eniris");
    assert_eq!(
        notices,
        [Notice::ApiRefused("https://evil.example/eniris".into())]
    );

    for refused in [
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "https://user@127.0.0.1:8080/x",
        "ftp://127.0.0.1:8080",
    ] {
        assert!(!api_allowed(refused, origin, &[]), "{refused}");
    }
    let allowed = vec!["https://mfa.example".to_owned()];
    assert!(api_allowed("https://mfa.example/eniris", origin, &allowed));
    assert!(api_allowed("/eniris", origin, &[]));
    assert!(!api_allowed(
        "https://mfa.example.evil/eniris",
        origin,
        &allowed
    ));
}

#[wasm_bindgen_test]
fn eniris_errors_map_to_what_the_person_can_do() {
    let body = |message: &str| {
        format!(r#"{{"statusCode":401,"error":"Unauthorized","message":"{message}"}}"#)
    };
    assert_eq!(
        classify(401, &body("TOTP_INCORRECT"), None),
        ApiError::WrongCode
    );
    assert_eq!(
        classify(401, &body("RECOVERY_CODE_INCORRECT"), None),
        ApiError::WrongCode
    );
    assert_eq!(
        classify(401, &body("PASSWORD_INCORRECT"), None),
        ApiError::WrongPassword
    );
    assert_eq!(
        classify(401, &body("NO_TOKEN_PROVIDED"), None),
        ApiError::SignedOut
    );
    assert_eq!(
        classify(401, &body("SUDO_TOKEN_REQUIRED"), None),
        ApiError::ReauthRequired
    );
    let limited = r#"{"statusCode":429,"error":"Too Many Requests","message":"TOO_MANY_TOTP_CHECKS","retryAfter":29.2}"#;
    assert_eq!(
        classify(429, limited, None),
        ApiError::RateLimited { seconds: 30 }
    );
    assert_eq!(
        classify(429, limited, Some(60)),
        ApiError::RateLimited { seconds: 60 }
    );
    assert_eq!(
        classify(429, "not json", None),
        ApiError::RateLimited { seconds: 30 }
    );
    let conflict = r#"{"statusCode":409,"error":"Conflict","message":"TOTP_UNINITIALIZED"}"#;
    assert_eq!(classify(409, conflict, None), ApiError::NoPendingSetup);
    assert_eq!(
        classify(500, "", None),
        ApiError::Server {
            status: 500,
            message: String::new()
        }
    );
}

#[wasm_bindgen_test]
fn sign_in_header_names_the_factors() {
    assert_eq!(
        parse_factors("totp,email-otp,recovery-code"),
        [Factor::Totp, Factor::RecoveryCode, Factor::Email]
    );
    assert_eq!(
        parse_factors(" recovery-code , TOTP"),
        [Factor::Totp, Factor::RecoveryCode]
    );
    assert_eq!(parse_factors("webauthn"), []);
}

#[wasm_bindgen_test]
fn capabilities_gate_the_factors_offered() {
    let mut caps = Capabilities {
        several_authenticators: false,
        email_otp: false,
        recovery_codes: false,
        trusted_devices: false,
        guess_timers: false,
        cancel_pending_setup: false,
        resumable_setup: false,
        turn_off: false,
        reauth: ReauthRule::Never,
    };
    assert_eq!(caps.factors(), [Factor::Totp]);
    caps.recovery_codes = true;
    caps.email_otp = true;
    assert_eq!(
        caps.factors(),
        [Factor::Totp, Factor::RecoveryCode, Factor::Email]
    );
}

#[wasm_bindgen_test]
fn key_uris_are_read_leniently_and_never_panic() {
    let details = otpauth::parse(
        "otpauth://totp/insights3.eniris.be:Alice?issuer=insights3.eniris.be&secret=nb2w45dfoiza&algorithm=SHA1&digits=6&period=30",
    )
    .expect("vendor sample parses");
    assert_eq!(details.issuer.as_deref(), Some("insights3.eniris.be"));
    assert_eq!(details.account, "Alice");
    assert_eq!(
        (details.algorithm, details.digits, details.period),
        ("SHA1", 6, 30)
    );
    assert_eq!(details.secret, "NB2W45DFOIZA");

    let svg = otpauth::qr_svg("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP").expect("QR drawn");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));

    for garbage in [
        "",
        "otpauth://",
        "otpauth://hotp/x?secret=AA&counter=1",
        "otpauth://totp/x?secret=!!",
        "otpauth://totp/x?secret=JBSW&period=0",
        "%",
        "otpauth://totp/%ZZ?secret=JBSW",
    ] {
        // Whatever the answer, the wasm instance must survive it.
        let _ = otpauth::parse(garbage);
    }
    assert_eq!(
        otpauth::parse("otpauth://hotp/x?secret=JBSWY3DP&counter=1"),
        None,
        "HOTP is not offered"
    );
}
