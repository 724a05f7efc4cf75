//! Any text as a base32 or hex secret: no panic, and decoded base32 re-encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otp::Secret;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(secret) = Secret::from_base32(text) {
        assert_eq!(Secret::from_base32_strict(&secret.to_base32()).ok(), Some(secret));
    }
    let _ = Secret::from_hex(text);
    let _ = Secret::from_latin1(text);
});
