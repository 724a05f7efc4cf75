//! One-time passwords for multi-factor authentication.
//!
//! Pure Rust with no platform bindings, so the same code runs in the server, in the
//! wasm npm package and in the wizard.

mod hotp;

pub use hotp::hotp;
