//! JavaScript bindings for the `otp` core: the wasm half of the npm package.
//!
//! The JavaScript half (`js/`) gives these functions otpauth's classes and option objects;
//! this side keeps to numbers, strings and byte arrays so that a call crosses the boundary
//! once and allocates nothing on the hot path. The functions here are plain Rust (tested in
//! browsers by `tests/browser.rs`); [`abi`] exports them to JavaScript. No function here can
//! panic on any input: everything is validated by `otp` first, and failures become JS
//! `Error`s whose messages come from [`otp::Error::message`] (which never includes the secret)
//! through [`message`].

// The npm builds (feature `tiny`, see Cargo.toml) link no std: without std's panic machinery
// most of `core::fmt` and dlmalloc (~15 KB of wasm) drop out, and a panic, which validated
// inputs never reach, just traps. Tests keep std (wasm-bindgen-test needs it).
#![cfg_attr(all(target_arch = "wasm32", feature = "tiny"), no_std)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", feature = "tiny"))]
mod runtime {
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
    #[global_allocator]
    static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
        unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        core::arch::wasm32::unreachable()
    }
}

#[cfg(all(target_arch = "wasm32", feature = "core"))]
pub mod abi;
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
pub use secret::{base32_decode, base32_encode};
#[cfg(feature = "core")]
pub use uri::parse_uri;

/// A JS number that is a whole number in 0..=2^53-1 (`Number.MAX_SAFE_INTEGER`), where
/// doubles and integers convert exactly; `None` for fractions, negatives, NaN and infinities.
#[cfg(feature = "core")]
fn whole_number(value: f64) -> Option<u64> {
    let whole = value as u64; // saturating; NaN becomes 0
    ((0.0..=9_007_199_254_740_991.0).contains(&value) && whole as f64 == value).then_some(whole)
}

/// The message of an error the exports can return.
///
/// Not `otp::Error::message` on the runtime value: that links the text of every error the
/// crate has (~0.9 KB of wasm, mostly about URIs, which JavaScript parses). Each arm here is
/// evaluated at compile time, so only these messages are in the module.
#[cfg(feature = "core")]
fn message(error: otp::Error) -> &'static str {
    use otp::Error::*;
    match error {
        EmptySecret => const { EmptySecret.message() },
        Base32 => const { Base32.message() },
        Digits => const { Digits.message() },
        Algorithm => const { Algorithm.message() },
        #[cfg(feature = "qr")]
        Colour => const { Colour.message() },
        #[cfg(feature = "qr")]
        QrCapacity => const { QrCapacity.message() },
        // No function called here returns another; `browser.rs` checks each one above.
        _ => "the argument is invalid",
    }
}
