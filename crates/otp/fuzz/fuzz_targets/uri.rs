//! Any bytes as an `otpauth://` URI, in both modes: no panic, and whatever parses builds a
//! generator and a canonical URI that parses back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp::{Mode, uri};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for mode in [Mode::Lenient, Mode::Strict] {
        let Ok(parsed) = uri::parse(text, mode) else { continue };
        let _ = parsed.uri.to_totp().map(|t| t.generate(59));
        let _ = parsed.uri.to_hotp().map(|h| h.generate(0));
        let canonical = parsed.uri.to_uri();
        // Percent-encoding can triple a label, so a canonical form may outgrow what a QR code
        // carries; the parser refuses exactly those, and parses every other one back.
        let again = match uri::parse(&canonical, Mode::Lenient) {
            Err(otp::Error::TooLong) if canonical.len() > uri::MAX_URI_LEN => continue,
            again => again.expect("canonical URIs parse"),
        };
        assert_eq!(again.uri.secret, parsed.uri.secret);
        assert_eq!(again.uri.kind, parsed.uri.kind);
        assert_eq!(again.uri.issuer, parsed.uri.issuer);
    }
});
