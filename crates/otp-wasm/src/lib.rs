//! JavaScript bindings for the `otp` core: the wasm half of the npm package.
//!
//! The JavaScript half (`js/`) gives these functions otpauth's classes and option objects;
//! this side keeps to numbers, strings and byte arrays so that a call crosses the boundary
//! once and allocates nothing on the hot path. No function here can panic on any input:
//! everything is validated by `otp` first, and failures become JS `Error`s whose messages
//! come from [`otp::Error::message`] (which never includes the secret).

#[cfg(feature = "core")]
mod engine;
#[cfg(feature = "qr")]
mod qr;
#[cfg(feature = "core")]
mod secret;
#[cfg(feature = "core")]
mod uri;

#[cfg(feature = "core")]
pub use engine::Engine;
#[cfg(feature = "qr")]
pub use qr::qr_svg;
#[cfg(feature = "core")]
pub use secret::{base32_decode, base32_encode, hex_decode, random_bytes};
#[cfg(feature = "core")]
pub use uri::{UriFields, build_uri, parse_uri};

use wasm_bindgen::JsError;

/// The JS `Error` for a core error.
fn js_error(error: otp::Error) -> JsError {
    JsError::new(error.message())
}
