//! One-time passwords for multi-factor authentication.
//!
//! Pure Rust with no platform bindings, so the same code runs in the server, in the
//! wasm npm package and in the wizard:
//!
//! - [`Totp`] and [`Hotp`] (RFC 6238 / RFC 4226) with SHA1, SHA256 and SHA512, 1 to 10 digits
//!   and 64-bit counters; each keys its HMAC once, so codes cost one clone and two hashes.
//! - [`Totp::verify`] searches a window in both directions in constant time and names the
//!   matched [`Match::step`]; [`ReplayGuard`] refuses a step that was already used.
//! - [`Secret`]: lenient base32, hex, Latin-1, UTF-8 and (feature `random`) CSPRNG secrets.
//! - [`uri`]: lenient and strict `otpauth://` parsing with [`Warning`]s, and a builder
//!   whose canonical output parses back to the same value. No `url` crate.
//! - [`qr_svg`] (feature `qr`): a QR code of any text as an SVG string.
//!
//! ```
//! use otp::{Mode, uri};
//!
//! let parsed = uri::parse("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME", Mode::Lenient)?;
//! let totp = parsed.uri.to_totp()?;
//! let code = totp.generate(1_700_000_000);
//! let found = totp.verify(&code.to_string(), 1_700_000_000 + 30, 1).expect("one step late is inside the window");
//! assert_eq!(found.delta, -1);
//! # Ok::<(), otp::Error>(())
//! ```

// No `std`: the wasm build then links no std panic and formatting machinery (several KB).
// Tests use std's harness as usual.
#![cfg_attr(not(test), no_std)]

extern crate alloc;

mod algorithm;
mod decimal;
mod error;
mod generator;
mod hmac;
mod hotp;
#[cfg(feature = "qr")]
mod qr;
mod secret;
mod totp;
pub mod uri;
mod verify;

pub use algorithm::Algorithm;
use decimal::push_decimal;
pub use error::Error;
pub use generator::{Code, Generator, MAX_DIGITS};
pub use hotp::Hotp;
#[cfg(feature = "qr")]
pub use qr::{ErrorCorrection, QrOptions, qr_svg};
pub use secret::{RECOMMENDED_SECRET_BYTES, Secret};
pub use totp::{DEFAULT_PERIOD, Totp};
pub use uri::{KeyUri, KeyUriBuilder, Kind, Mode, Parsed, Warning};
pub use verify::{Match, ReplayGuard};
