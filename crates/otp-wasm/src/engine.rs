//! The hot path: one keyed HMAC per JS instance, numbers in and out.

use crate::whole_number;

/// Windows wider than this are refused: each step costs an HMAC, and a caller passing
/// `Infinity` would otherwise hang the page.
const MAX_WINDOW: f64 = 1000.0;

/// Returned by [`Engine::code`] and [`Engine::validate`] for arguments out of range, so the
/// hot path needs no `Result` (the JS side turns it into an `Error`).
const INVALID: f64 = f64::INFINITY;

/// A code generator keyed once with a secret, algorithm and digit count. The JS `HOTP` and
/// `TOTP` classes each hold one; TOTP turns time into a counter before calling.
pub struct Engine {
    generator: otp::Generator,
}

impl Engine {
    /// Errors for an empty secret or digits outside 1..=10.
    pub fn new(
        secret: &[u8],
        algorithm: otp::Algorithm,
        digits: u32,
    ) -> Result<Engine, &'static str> {
        let generator = otp::Generator::new(secret, algorithm, digits).map_err(crate::message)?;
        Ok(Engine { generator })
    }

    /// The code for `counter` as a number (the JS side pads it), or `Infinity` when the counter
    /// is not an integer in 0..=2^53-1.
    pub fn code(&self, counter: f64) -> f64 {
        match whole_number(counter) {
            Some(counter) => f64::from(self.generator.code(counter).value()),
            None => INVALID,
        }
    }

    /// The delta at which `token` matches within `window` counters either side, `NaN` when it
    /// does not, or `Infinity` for a counter or window out of range.
    pub fn validate(&self, token: &[u8], counter: f64, window: f64) -> f64 {
        let (Some(counter), true) = (whole_number(counter), (0.0..=MAX_WINDOW).contains(&window))
        else {
            return INVALID;
        };
        let Some(code) = otp::Code::parse(token, self.generator.digits()) else {
            return f64::NAN;
        };
        // Both ranges were checked above, so these conversions are exact.
        match self.generator.verify(code, counter, window as u64) {
            Some(found) => found.delta as f64,
            None => f64::NAN,
        }
    }
}
