//! The module's exports: numbers in and out, an input buffer and an output pointer for
//! everything else. The JavaScript side is `js/glue.js`.
//!
//! Not wasm-bindgen: for these few functions, which only pass numbers, bytes and strings, its
//! generated glue (~2 KB gzip of JavaScript) and runtime (externref table, `JsError`,
//! borrow-checked handles, ~1 KB gzip of wasm) were an eighth of the package's 20 KB budget.
//!
//! The protocol: JavaScript asks [`input`] for room for n bytes, writes the arguments there
//! back to back (strings as UTF-8) and passes the lengths of all but the last. A function
//! that returns text or bytes leaves them where [`output`] points and returns their length;
//! on an error it points there at the message instead and returns `-1 - length`. Both hold
//! only the latest call's data: the module runs on one thread and never calls out, so calls
//! never overlap.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::UnsafeCell;

use crate::Engine;

/// State that only the exports below touch, one call at a time.
struct Global<T>(UnsafeCell<T>);

// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread, and no
// export runs while another is running (they never call JavaScript).
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    /// SAFETY: the caller holds no other reference from this global (see the module doc).
    #[allow(clippy::mut_from_ref)]
    unsafe fn get(&self) -> &mut T {
        // SAFETY: the caller's promise.
        unsafe { &mut *self.0.get() }
    }
}

/// The latest call's result: where it is, and the bytes kept alive until the next reply (an
/// error message is static text). Nothing is copied.
struct Output {
    at: *const u8,
    kept: Vec<u8>,
}

static INPUT: Global<Vec<u8>> = Global(UnsafeCell::new(Vec::new()));
static OUTPUT: Global<Output> = Global(UnsafeCell::new(Output {
    at: core::ptr::null(),
    kept: Vec::new(),
}));

/// Room for `len` bytes of arguments; returns where JavaScript writes them.
#[unsafe(no_mangle)]
pub extern "C" fn input(len: usize) -> *mut u8 {
    // SAFETY: nothing else holds the input buffer between calls.
    let input = unsafe { INPUT.get() };
    // Shorter arguments reuse the buffer: validation, the hot path, writes a short token
    // here on every call and allocates nothing. (Not `resize`, whose growth path costs wasm.)
    if len <= input.len() {
        input.truncate(len);
    } else {
        *input = alloc::vec![0; len];
    }
    input.as_mut_ptr()
}

/// Where the latest call's result or error message is.
#[unsafe(no_mangle)]
pub extern "C" fn output() -> *const u8 {
    // SAFETY: nothing else holds the output between calls.
    unsafe { OUTPUT.get() }.at
}

/// Makes a result (or error message) the output; returns its length, or `-1 - length` for
/// an error.
fn reply(result: Result<Vec<u8>, &'static str>) -> i32 {
    // SAFETY: `input_bytes`' borrows are of the input buffer, not this one.
    let output = unsafe { OUTPUT.get() };
    let (at, len, error) = match result {
        Ok(bytes) => {
            output.kept = bytes;
            (output.kept.as_ptr(), output.kept.len(), false)
        }
        Err(message) => (message.as_ptr(), message.len(), true),
    };
    output.at = at;
    // Results are far below 2 GB (the input is capped at 1 MiB in `js/glue.js`).
    let len = len as i32;
    if error { -1 - len } else { len }
}

/// The input buffer's bytes, read-only until the next [`input`] call (which no export makes).
fn input_bytes() -> &'static [u8] {
    // SAFETY: see above; exports only read it.
    unsafe { INPUT.get() }
}

/// Keys a new engine with the input (the secret), `algorithm` (an index into
/// [`otp::Algorithm::ALL`]: JavaScript checks the name, so no text crosses) and `digits`.
/// Returns its handle for the other `engine_` functions, or `-1 - length` of the error
/// message [`output`] points at. A number, not `i32`, so that every address is positive.
#[unsafe(no_mangle)]
pub extern "C" fn engine_new(algorithm: usize, digits: u32) -> f64 {
    let engine = otp::Algorithm::ALL
        .get(algorithm)
        .ok_or(crate::message(otp::Error::Algorithm))
        .and_then(|&algorithm| Engine::new(input_bytes(), algorithm, digits));
    match engine {
        Ok(engine) => Box::into_raw(Box::new(engine)) as usize as f64,
        Err(message) => f64::from(reply(Err(message))),
    }
}

/// # Safety
///
/// `engine` is a handle from [`engine_new`] that was not yet passed to [`engine_free`]:
/// `js/glue.js` keeps handles private and frees each once. The same holds for the three
/// exports below.
unsafe fn engine<'a>(engine: usize) -> &'a Engine {
    // SAFETY: the caller's promise.
    unsafe { &*(engine as *const Engine) }
}

/// Drops an engine.
///
/// # Safety
///
/// See [`engine`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn engine_free(handle: usize) {
    // SAFETY: see `engine`; the handle came from `Box::into_raw`.
    drop(unsafe { Box::from_raw(handle as *mut Engine) });
}

/// See [`Engine::code`].
///
/// # Safety
///
/// See [`engine`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn engine_code(handle: usize, counter: f64) -> f64 {
    // SAFETY: see `engine`.
    unsafe { engine(handle) }.code(counter)
}

/// See [`Engine::validate`]; the token is the whole input.
///
/// # Safety
///
/// See [`engine`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn engine_validate(handle: usize, counter: f64, window: f64) -> f64 {
    // SAFETY: see `engine`.
    unsafe { engine(handle) }.validate(input_bytes(), counter, window)
}

/// Lenient base32 (the whole input) to bytes; see [`crate::base32_decode`].
#[unsafe(no_mangle)]
pub extern "C" fn base32_decode() -> i32 {
    reply(crate::base32_decode(input_bytes()))
}

/// Unpadded base32 of the whole input.
#[unsafe(no_mangle)]
pub extern "C" fn base32_encode() -> i32 {
    reply(Ok(crate::base32_encode(input_bytes()).into_bytes()))
}

/// The input as text; `None` for bytes that are not UTF-8 (which `TextEncoder` never writes).
#[cfg(feature = "qr")]
fn input_text() -> Option<&'static str> {
    core::str::from_utf8(input_bytes()).ok()
}

#[cfg(feature = "qr")]
const NOT_TEXT: &str = "the argument is not valid UTF-8";

/// A QR code SVG; the input holds the text, error correction level, dark and light colours,
/// each but the last `*_len` bytes long. See [`crate::qr_svg`].
#[cfg(feature = "qr")]
#[unsafe(no_mangle)]
pub extern "C" fn qr_svg(text_len: usize, ec_len: usize, margin: u32, dark_len: usize) -> i32 {
    let svg = input_text().ok_or(NOT_TEXT).and_then(|all| {
        let (text, rest) = all.split_at_checked(text_len).ok_or(NOT_TEXT)?;
        let (ec, rest) = rest.split_at_checked(ec_len).ok_or(NOT_TEXT)?;
        let (dark, light) = rest.split_at_checked(dark_len).ok_or(NOT_TEXT)?;
        crate::qr_svg(text, ec, margin, dark, light)
    });
    reply(svg.map(alloc::string::String::into_bytes))
}
