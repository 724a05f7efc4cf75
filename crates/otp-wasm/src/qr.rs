//! QR SVG, built into its own wasm module so pages without QR codes do not download it.

use alloc::string::String;
use otp::{ErrorCorrection, QrOptions};

/// An SVG of `text` as a QR code. `ec` is `L`, `M`, `Q` or `H`; see [`otp::qr_svg`].
pub fn qr_svg(
    text: &str,
    ec: &str,
    margin: u32,
    dark: &str,
    light: &str,
) -> Result<String, &'static str> {
    let error_correction = match ec {
        "L" | "l" => ErrorCorrection::Low,
        "M" | "m" => ErrorCorrection::Medium,
        "Q" | "q" => ErrorCorrection::Quartile,
        "H" | "h" => ErrorCorrection::High,
        _ => return Err("errorCorrection must be L, M, Q or H"),
    };
    let options = QrOptions {
        error_correction,
        margin,
        dark: dark.into(),
        light: light.into(),
    };
    otp::qr_svg(text, &options).map_err(crate::message)
}
