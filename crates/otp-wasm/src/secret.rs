//! Secret text forms that need validation; the trivial ones (Latin-1, UTF-8, hex output) are
//! done in JavaScript, where they cost no wasm bytes.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use crate::js_error;

/// Lenient base32 (any case, spaces, hyphens, `=` padding) to bytes.
#[wasm_bindgen]
pub fn base32_decode(text: &str) -> Result<Vec<u8>, JsError> {
    otp::Secret::from_base32(text)
        .map(otp::Secret::into_bytes)
        .map_err(js_error)
}

/// Unpadded uppercase base32.
#[wasm_bindgen]
pub fn base32_encode(bytes: &[u8]) -> String {
    otp::Secret::from_bytes(bytes).to_base32()
}

/// Hexadecimal in either case (spaces ignored) to bytes.
#[wasm_bindgen]
pub fn hex_decode(text: &str) -> Result<Vec<u8>, JsError> {
    otp::Secret::from_hex(text)
        .map(otp::Secret::into_bytes)
        .map_err(js_error)
}

/// `len` bytes from `crypto.getRandomValues` (at most 1024: secrets, not bulk randomness).
#[wasm_bindgen]
pub fn random_bytes(len: usize) -> Result<Vec<u8>, JsError> {
    if len == 0 || len > 1024 {
        return Err(JsError::new("a random secret must have 1 to 1024 bytes"));
    }
    otp::Secret::random(len)
        .map(otp::Secret::into_bytes)
        .map_err(|_| JsError::new("no secure random number generator is available"))
}
