//! Runs in headless Chromium and Firefox via `wasm-pack test` / wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn rfc4226_vectors_in_the_browser() {
    let key = b"12345678901234567890";
    assert_eq!(otp_wasm::hotp(key, 0, 6).unwrap(), "755224");
    assert_eq!(otp_wasm::hotp(key, 9, 6).unwrap(), "520489");
}

#[wasm_bindgen_test]
fn pads_codes_with_leading_zeros() {
    // RFC 4226 counter 7 truncates to 82162583; at 9 digits that needs a leading zero.
    assert_eq!(otp_wasm::hotp(b"12345678901234567890", 7, 9).unwrap(), "082162583");
}
