//! Runs in headless Chromium and Firefox via `wasm-pack test` / wasm-bindgen-test-runner:
//! the exports the npm package calls, with the RFC vectors, in real browsers.
#![cfg(target_arch = "wasm32")]

use otp::Algorithm::{Sha1, Sha256, Sha512};
use otp_wasm::{Engine, base32_decode, base32_encode, parse_uri, qr_svg};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED20: &[u8] = b"12345678901234567890";
const SEED32: &[u8] = b"12345678901234567890123456789012";
const SEED64: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

#[wasm_bindgen_test]
fn rfc4226_appendix_d() {
    let engine = Engine::new(SEED20, Sha1, 6).unwrap();
    let codes = [
        755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
    ];
    for (counter, code) in codes.into_iter().enumerate() {
        assert_eq!(engine.code(counter as f64), f64::from(code));
    }
}

#[wasm_bindgen_test]
fn rfc6238_appendix_b_all_algorithms() {
    let vectors: [(f64, [&str; 3]); 6] = [
        (59.0, ["94287082", "46119246", "90693936"]),
        (1111111109.0, ["07081804", "68084774", "25091201"]),
        (1111111111.0, ["14050471", "67062674", "99943326"]),
        (1234567890.0, ["89005924", "91819424", "93441116"]),
        (2000000000.0, ["69279037", "90698825", "38618901"]),
        (20000000000.0, ["65353130", "77737706", "47863826"]),
    ];
    let engines = [
        Engine::new(SEED20, Sha1, 8).unwrap(),
        Engine::new(SEED32, Sha256, 8).unwrap(),
        Engine::new(SEED64, Sha512, 8).unwrap(),
    ];
    for (time, codes) in vectors {
        let counter = (time / 30.0).floor();
        for (engine, code) in engines.iter().zip(codes) {
            assert_eq!(engine.code(counter), code.parse::<f64>().unwrap(), "{code}");
            let code = code.as_bytes();
            assert_eq!(engine.validate(code, counter, 1.0), 0.0);
            assert_eq!(engine.validate(code, counter + 1.0, 1.0), -1.0);
            assert!(engine.validate(code, counter + 2.0, 1.0).is_nan());
        }
    }
}

#[wasm_bindgen_test]
fn out_of_range_arguments_are_flagged_not_panics() {
    let engine = Engine::new(SEED20, Sha1, 6).unwrap();
    for counter in [-1.0, 0.5, f64::NAN, f64::INFINITY, 1e300] {
        assert_eq!(engine.code(counter), f64::INFINITY, "{counter}");
        assert_eq!(engine.validate(b"755224", counter, 1.0), f64::INFINITY);
    }
    assert_eq!(engine.validate(b"755224", 0.0, 1001.0), f64::INFINITY);
    assert_eq!(engine.validate(b"755224", 0.0, f64::NAN), f64::INFINITY);
    for token in ["", "75522", "7552240", "75522a", "٧٥٥٢٢٤"] {
        assert!(
            engine.validate(token.as_bytes(), 0.0, 1.0).is_nan(),
            "{token}"
        );
    }
    // Each error's own message (`otp_wasm::message` names the ones the exports can return).
    assert_eq!(Engine::new(b"", Sha1, 6).err(), Some("the secret is empty"));
    let digits = Some("digits must be between 1 and 10");
    assert_eq!(Engine::new(SEED20, Sha1, 11).err(), digits);
    assert_eq!(Engine::new(SEED20, Sha1, 0).err(), digits);
}

#[wasm_bindgen_test]
fn secrets() {
    assert_eq!(
        base32_decode(b"jbsw y3dp-ehpk 3pxp==").unwrap(),
        b"Hello!\xde\xad\xbe\xef"
    );
    assert_eq!(base32_encode(b"Hello!\xde\xad\xbe\xef"), "JBSWY3DPEHPK3PXP");
    let base32 = Err("the secret is not valid base32");
    assert_eq!(base32_decode(b"not base32!"), base32);
    assert!(
        base32_decode(b"JBSW\xffY3DP").is_err(),
        "bytes that are not UTF-8"
    );
}

#[wasm_bindgen_test]
fn uris_round_trip_with_warnings() {
    let f = parse_uri(
        "otpauth://totp/Authentication&40?secret=KQ5P6HBW63UTX4JPMXBJXI2PQM&issuer=",
        false,
    )
    .unwrap();
    assert_eq!(
        f,
        "totp\nSHA1\n6\n30\n0\n543aff1c36f6e93bf12f65c29ba34f83\n0\n0\nAuthentication&40"
    );
    let f = parse_uri(
        "otpauth://totp/insights3.eniris.be:Alice?issuer=insights3.eniris.be&secret=NB2W45DFOIZA",
        false,
    )
    .unwrap();
    assert_eq!(
        f,
        "totp\nSHA1\n6\n30\n1\n68756e74657232\n19\n1\nweak-secret\n\
         the secret is shorter than the recommended 128 bits\ninsights3.eniris.beAlice"
    );
    let f = parse_uri(
        "otpauth://hotp/%E2%82%AC%0Ax:b?secret=JBSWY3DP&counter=9007199254740993&digits=7",
        false,
    )
    .unwrap();
    assert!(f.starts_with("hotp\nSHA1\n7\n9007199254740993\n1\n48656c6c6f\n3\n2\n"));
    assert!(f.ends_with("\n€\nxb"), "{f}");
    // A character outside the BMP is two UTF-16 units (a surrogate pair in JavaScript).
    let f = parse_uri("otpauth://totp/%F0%9F%98%80%C3%A9:b?secret=JBSWY3DP", false).unwrap();
    assert!(
        f.starts_with("totp\nSHA1\n6\n30\n1\n48656c6c6f\n3\n"),
        "{f}"
    );
    assert!(f.ends_with("😀éb"), "{f}");
    // The canonical form the JS builder writes parses in strict mode.
    let uri = "otpauth://totp/insights3.eniris.be:Alice?secret=NB2W45DFOIZA&issuer=insights3.eniris.be&algorithm=SHA1&digits=6&period=30";
    assert!(parse_uri(uri, true).is_ok());
    assert!(parse_uri("otpauth://totp/a?secret=JBSWY3DP&period=0", false).is_err());
    assert!(parse_uri(&"x".repeat(5000), false).is_err());
}

#[wasm_bindgen_test]
fn qr_svg_options() {
    let svg = qr_svg("otpauth://totp/a?secret=JBSWY3DP", "H", 2, "#123", "none").unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(r##"fill="#123""##) && !svg.contains("<rect"));
    assert!(qr_svg("x", "Z", 4, "#000", "#fff").is_err());
    assert_eq!(
        qr_svg("x", "M", 4, "\"/><script>", "#fff"),
        Err("a QR colour may only contain letters, digits and #(),.%-")
    );
    assert_eq!(
        qr_svg(&"x".repeat(3000), "H", 4, "#000", "#fff"),
        Err("the text is too long for a QR code")
    );
}

/// The C ABI `js/glue.js` calls: arguments through the input buffer, results and error
/// messages through the output buffer.
#[wasm_bindgen_test]
fn abi_buffers_and_errors() {
    use otp_wasm::abi;

    fn put(bytes: &[u8]) {
        let at = abi::input(bytes.len());
        // SAFETY: `input` made room for exactly these bytes.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), at, bytes.len()) };
    }
    fn output(len: usize) -> Vec<u8> {
        // SAFETY: the previous call left `len` bytes there.
        unsafe { core::slice::from_raw_parts(abi::output(), len) }.to_vec()
    }

    put(b"12345678901234567890");
    let handle = abi::engine_new(0, 6);
    assert!(handle > 0.0);
    // SAFETY: a live handle from engine_new, freed once at the end.
    unsafe {
        assert_eq!(abi::engine_code(handle as usize, 0.0), 755224.0);
        put(b"287082");
        assert_eq!(abi::engine_validate(handle as usize, 0.0, 1.0), 1.0);
        put(b"\xff87082");
        assert!(abi::engine_validate(handle as usize, 0.0, 1.0).is_nan());
        abi::engine_free(handle as usize);
    }

    put(b"12345678901234567890");
    let error = abi::engine_new(3, 6);
    assert!(
        error < 0.0,
        "an algorithm index past the list is an error, not a panic"
    );
    assert_eq!(
        output(!(error as i32) as usize),
        b"algorithm must be SHA1, SHA256 or SHA512"
    );
    put(b"");
    let error = abi::engine_new(2, 6);
    assert_eq!(output(!(error as i32) as usize), b"the secret is empty");

    put(b"jbsw y3dp");
    assert_eq!(abi::base32_decode(), 5);
    assert_eq!(output(5), b"Hello");
    put(b"Hello");
    assert_eq!(abi::base32_encode(), 8);
    assert_eq!(output(8), b"JBSWY3DP");
    put(b"otpauth://totp/a?secret=JBSWY3DP&period=0");
    let error = abi::parse_uri(false);
    assert_eq!(output(!error as usize), b"period must be at least 1 second");
    put(b"xM#000#fff");
    let len = abi::qr_svg(1, 1, 4, 4);
    assert!(len > 0 && output(len as usize).starts_with(b"<svg"));
    assert!(abi::qr_svg(1, 1, 4, 40) < 0);
}
