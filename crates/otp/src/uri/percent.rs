//! Percent-encoding (RFC 3986) without the `url` crate, whose Unicode tables cost ~100 KB in wasm.

use alloc::string::String;
use alloc::vec::Vec;

/// Encodes every byte except the RFC 3986 unreserved characters, so the result is safe in a
/// path segment and in a query value alike.
pub fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (HTML form style, which
/// issuers use in query values). `None` when an escape is malformed or the bytes are not UTF-8.
pub fn decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = hex(*bytes.get(i + 1)?)?;
                let lo = hex(*bytes.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let mut out = String::new();
        encode("ACME Co: ünï/+&=?", &mut out);
        assert_eq!(out, "ACME%20Co%3A%20%C3%BCn%C3%AF%2F%2B%26%3D%3F");
        assert_eq!(decode(&out, false).as_deref(), Some("ACME Co: ünï/+&=?"));
        assert_eq!(decode("a+b", true).as_deref(), Some("a b"));
        assert_eq!(decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(decode("%4", false), None);
        assert_eq!(decode("%zz", false), None);
        assert_eq!(decode("%FF", false), None);
    }
}
