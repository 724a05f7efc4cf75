//! Secret text forms that need validation; the trivial ones (Latin-1, UTF-8, hex) and random
//! secrets (`crypto.getRandomValues`) are done in JavaScript, where they cost no wasm bytes.

use alloc::string::String;
use alloc::vec::Vec;

/// Lenient base32 (any case, spaces, hyphens, `=` padding) to bytes.
pub fn base32_decode(text: &[u8]) -> Result<Vec<u8>, &'static str> {
    otp::Secret::from_base32(text)
        .map(otp::Secret::into_bytes)
        .map_err(crate::message)
}

/// Unpadded uppercase base32.
pub fn base32_encode(bytes: &[u8]) -> String {
    otp::Secret::from_bytes(bytes).to_base32()
}
