//! JavaScript bindings for the `otp` core.

use wasm_bindgen::prelude::*;

/// HOTP code for `counter` as a zero-padded string, or an error for unsupported `digits`.
#[wasm_bindgen]
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> Result<String, JsError> {
    let code = otp::hotp(key, counter, digits)
        .ok_or_else(|| JsError::new("digits must be between 1 and 9"))?;
    Ok(format!("{code:0width$}", width = digits as usize))
}
