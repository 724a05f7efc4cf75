//! QR codes as SVG text, for showing a key URI to an authenticator app.
//!
//! [`encode`] makes the module matrix (see there why not the `qrcode` crate); the SVG is one
//! `<path>` of horizontal runs, which keeps the markup small and lets a test read it back.

mod encode;

use crate::Error;
use crate::push_decimal;
use alloc::string::String;

/// How much of the code may be damaged and still scan (ISO/IEC 18004 levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorCorrection {
    /// ~7 %: the smallest code.
    Low,
    /// ~15 %: what most issuers use.
    #[default]
    Medium,
    /// ~25 %.
    Quartile,
    /// ~30 %.
    High,
}

/// Look of the SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrOptions {
    pub error_correction: ErrorCorrection,
    /// Quiet zone in modules on each side; the standard asks for 4.
    pub margin: u32,
    /// CSS colour of the dark modules.
    pub dark: String,
    /// CSS colour of the background; `none` or `transparent` draws no background.
    pub light: String,
}

impl Default for QrOptions {
    fn default() -> Self {
        QrOptions {
            error_correction: ErrorCorrection::Medium,
            margin: 4,
            dark: "#000".into(),
            light: "#fff".into(),
        }
    }
}

/// Margins beyond this are surely a mistake and would only make huge SVGs.
const MAX_MARGIN: u32 = 64;

/// An SVG document showing `text` as a QR code, one user unit per module.
///
/// Colours are checked against a small character set (letters, digits, `#(),.%-` and spaces)
/// so that no option can inject markup into the SVG.
pub fn qr_svg(text: &str, options: &QrOptions) -> Result<String, Error> {
    check_colour(&options.dark)?;
    check_colour(&options.light)?;
    let code =
        encode::encode(text.as_bytes(), options.error_correction).ok_or(Error::QrCapacity)?;
    let width = code.size();
    let margin = options.margin.min(MAX_MARGIN);
    let size = width as u64 + 2 * u64::from(margin);

    let mut svg = String::with_capacity(width * width + 256);
    svg.push_str(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#);
    push_decimal(&mut svg, size);
    svg.push(' ');
    push_decimal(&mut svg, size);
    svg.push_str(r#"" shape-rendering="crispEdges">"#);
    if !is_transparent(&options.light) {
        svg.push_str(r#"<rect width="100%" height="100%" fill=""#);
        svg.push_str(&options.light);
        svg.push_str(r#""/>"#);
    }
    svg.push_str(r#"<path fill=""#);
    svg.push_str(&options.dark);
    svg.push_str(r#"" d=""#);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if !code.dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && code.dark(x, y) {
                x += 1;
            }
            svg.push('M');
            push_decimal(&mut svg, (start as u64) + u64::from(margin));
            svg.push(' ');
            push_decimal(&mut svg, (y as u64) + u64::from(margin));
            svg.push('h');
            push_decimal(&mut svg, (x - start) as u64);
            svg.push_str("v1H");
            push_decimal(&mut svg, (start as u64) + u64::from(margin));
            svg.push('z');
        }
    }
    svg.push_str(r#""/></svg>"#);
    Ok(svg)
}

fn check_colour(colour: &str) -> Result<(), Error> {
    // Bytes, not chars: every allowed character is ASCII, and a str pattern search would
    // pull searcher code into the wasm build.
    let allowed = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'#' | b'(' | b')' | b',' | b'.' | b'%' | b'-' | b' ');
    if colour.is_empty() || colour.len() > 64 || !colour.bytes().all(allowed) {
        return Err(Error::Colour);
    }
    Ok(())
}

fn is_transparent(colour: &str) -> bool {
    colour.eq_ignore_ascii_case("none") || colour.eq_ignore_ascii_case("transparent")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_markup_in_colours() {
        for bad in ["", "red\"/><script>", "url(#x)'", "<b>"] {
            let options = QrOptions {
                dark: bad.into(),
                ..QrOptions::default()
            };
            assert_eq!(qr_svg("x", &options), Err(Error::Colour), "{bad}");
        }
    }

    #[test]
    fn refuses_text_beyond_capacity() {
        // Byte mode holds at most 2953 bytes (version 40, level L); "A"s would fit alphanumerically.
        let text = "a".repeat(3000);
        let options = QrOptions {
            error_correction: ErrorCorrection::Low,
            ..QrOptions::default()
        };
        assert!(qr_svg(&text, &options) == Err(Error::QrCapacity));
        assert!(qr_svg(&text[..2900], &options).is_ok());
    }

    #[test]
    fn transparent_background_has_no_rect() {
        let options = QrOptions {
            light: "none".into(),
            margin: 0,
            ..QrOptions::default()
        };
        let svg = qr_svg("hello", &options).unwrap();
        assert!(!svg.contains("<rect"));
        assert!(svg.contains(r#"viewBox="0 0 21 21""#), "{svg}");
    }
}
