//! Shared secrets and their text forms: base32 (what URIs and people use), hex, Latin-1, UTF-8.
//!
//! Base32 is done here rather than with the `base32` crate: that crate carries decoding tables
//! for six alphabets (~1.5 KB of wasm data that LTO cannot drop) and its chunked code, about
//! 1.5 KB gzip of the npm package's 10 KB budget; RFC 4648's one alphabet is a few lines.
//! A property test checks both directions against the crate.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::Error;

/// Secrets shorter than this (128 bits, RFC 4226 §4 R6) earn a warning, never a rejection:
/// GitHub, Okta and Microsoft 365 issue 80-bit secrets.
pub const RECOMMENDED_SECRET_BYTES: usize = 16;

/// The key shared by the authenticator and the verifier.
///
/// `Debug` never prints the bytes, so a secret cannot leak into logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Any bytes, including empty ones (HMAC accepts every key length; generators reject empty).
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(bytes.into())
    }

    /// Lenient base32 (RFC 4648): any case, spaces, hyphens and `=` padding are accepted,
    /// because people type secrets from screens in groups of four, in lowercase. Bytes or
    /// text: base32 is ASCII, and the wasm build then needs no UTF-8 check to call this.
    pub fn from_base32(text: impl AsRef<[u8]>) -> Result<Self, Error> {
        base32_decode(text.as_ref(), true)
    }

    /// Unpadded uppercase RFC 4648 base32 only, as the Key URI Format specifies.
    pub fn from_base32_strict(text: impl AsRef<[u8]>) -> Result<Self, Error> {
        base32_decode(text.as_ref(), false)
    }

    /// Hexadecimal in either case; spaces are ignored.
    pub fn from_hex(text: &str) -> Result<Self, Error> {
        // One pass without iterator adapters over `Result`: the wasm build stays smaller.
        let mut bytes = Vec::with_capacity(text.len() / 2);
        let mut high = None;
        for b in text.bytes().filter(|&b| b != b' ') {
            let low = nibble(b)?;
            match high.take() {
                Some(high) => bytes.push(high << 4 | low),
                None => high = Some(low),
            }
        }
        if high.is_some() {
            return Err(Error::Hex);
        }
        Ok(Secret(bytes))
    }

    /// One byte per character, each at most U+00FF (otpauth's `Secret.fromLatin1`).
    pub fn from_latin1(text: &str) -> Result<Self, Error> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).map_err(|_| Error::Latin1))
            .collect::<Result<Vec<u8>, Error>>()
            .map(Secret)
    }

    /// The UTF-8 bytes of `text` (the RFC test vectors are ASCII strings).
    pub fn from_utf8(text: &str) -> Self {
        Secret(text.as_bytes().to_vec())
    }

    /// `len` bytes from the platform CSPRNG (20 is otpauth's default and SHA1's block-friendly size).
    #[cfg(feature = "random")]
    pub fn random(len: usize) -> Result<Self, getrandom::Error> {
        let mut bytes = alloc::vec![0u8; len];
        getrandom::fill(&mut bytes)?;
        Ok(Secret(bytes))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Shorter than [`RECOMMENDED_SECRET_BYTES`]: still usable, worth a warning.
    pub fn is_weak(&self) -> bool {
        self.0.len() < RECOMMENDED_SECRET_BYTES
    }

    /// Unpadded uppercase base32, the form URIs carry.
    pub fn to_base32(&self) -> String {
        let mut out = String::with_capacity((self.0.len() * 8).div_ceil(5));
        let mut buffer = 0u32;
        let mut bits = 0;
        for &b in &self.0 {
            buffer = buffer << 8 | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(base32_digit(buffer >> bits));
            }
        }
        if bits > 0 {
            out.push(base32_digit(buffer << (5 - bits)));
        }
        out
    }

    /// Lowercase hexadecimal.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
        out
    }

    /// Each byte as the character with the same code point.
    pub fn to_latin1(&self) -> String {
        self.0.iter().map(|&b| char::from(b)).collect()
    }

    /// The bytes as UTF-8 text, with U+FFFD for invalid sequences.
    pub fn to_utf8_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Base32 to bytes in one pass; `lenient` skips whitespace, hyphens and `=` and accepts
/// lowercase. Trailing bits that fill no byte are dropped, as the `base32` crate does.
fn base32_decode(text: &[u8], lenient: bool) -> Result<Secret, Error> {
    // Each character carries 5 bits, so this is room enough; writing through `get_mut`
    // rather than `push` leaves `Vec`'s growth path out of the wasm build.
    let mut bytes = alloc::vec![0; text.len() * 5 / 8];
    let mut len = 0;
    let mut buffer = 0u32;
    let mut bits = 0;
    let mut chars = 0usize;
    for &b in text {
        if lenient && matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'=') {
            continue;
        }
        let value = match if lenient { b.to_ascii_uppercase() } else { b } {
            b @ b'A'..=b'Z' => b - b'A',
            b @ b'2'..=b'7' => b - b'2' + 26,
            _ => return Err(Error::Base32),
        };
        chars += 1;
        buffer = buffer << 5 | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            if let Some(byte) = bytes.get_mut(len) {
                *byte = (buffer >> bits) as u8;
            }
            len += 1;
        }
    }
    bytes.truncate(len);
    if chars == 0 {
        return Err(Error::EmptySecret);
    }
    // 1, 3 and 6 trailing characters cannot come from whole bytes (RFC 4648 §6).
    if matches!(chars % 8, 1 | 3 | 6) {
        return Err(Error::Base32);
    }
    Ok(Secret(bytes))
}

/// The RFC 4648 base32 character for the low 5 bits of `value`.
fn base32_digit(value: u32) -> char {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    char::from(ALPHABET[(value & 31) as usize])
}

fn nibble(b: u8) -> Result<u8, Error> {
    match b {
        b'0'..=b'9' => Ok(b - b'0'),
        b'a'..=b'f' => Ok(b - b'a' + 10),
        b'A'..=b'F' => Ok(b - b'A' + 10),
        _ => Err(Error::Hex),
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_is_lenient_about_case_spaces_hyphens_and_padding() {
        let want = Secret::from_base32_strict("JBSWY3DPEHPK3PXP").unwrap();
        for text in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "jbsw-y3dp-ehpk-3pxp",
            "JBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(Secret::from_base32(text).unwrap(), want, "{text}");
        }
        assert_eq!(want.as_bytes(), b"Hello!\xde\xad\xbe\xef");
    }

    #[test]
    fn base32_rejects_garbage() {
        assert_eq!(Secret::from_base32(""), Err(Error::EmptySecret));
        assert_eq!(Secret::from_base32(" - "), Err(Error::EmptySecret));
        assert_eq!(Secret::from_base32("JBSWY3DP1"), Err(Error::Base32));
        assert_eq!(Secret::from_base32("A"), Err(Error::Base32));
        assert_eq!(Secret::from_base32_strict("jbswy3dp"), Err(Error::Base32));
    }

    #[test]
    fn eighty_bit_secret_is_accepted_but_weak() {
        // The eniris seed's secret: 12 characters, 7 bytes.
        let s = Secret::from_base32("NB2W45DFOIZA").unwrap();
        assert_eq!(s.len(), 7);
        assert!(s.is_weak());
        let s = Secret::from_base32("KQ5P6HBW63UTX4JPMXBJXI2PQM").unwrap();
        assert_eq!(s.len(), 16);
        assert!(!s.is_weak());
    }

    #[test]
    fn hex_latin1_utf8() {
        assert_eq!(Secret::from_hex("48 65 6C 6c").unwrap().as_bytes(), b"Hell");
        assert_eq!(Secret::from_hex("abc"), Err(Error::Hex));
        assert_eq!(Secret::from_hex("zz"), Err(Error::Hex));
        assert_eq!(Secret::from_latin1("é").unwrap().as_bytes(), &[0xe9]);
        assert_eq!(Secret::from_latin1("€"), Err(Error::Latin1));
        assert_eq!(Secret::from_utf8("é").as_bytes(), &[0xc3, 0xa9]);
        let s = Secret::from_bytes(vec![0, 0xff, 0x10]);
        assert_eq!(s.to_hex(), "00ff10");
        assert_eq!(Secret::from_latin1(&s.to_latin1()).unwrap(), s);
    }

    #[test]
    fn debug_hides_the_bytes() {
        let s = Secret::from_utf8("12345678901234567890");
        assert_eq!(format!("{s:?}"), "Secret(20 bytes)");
    }

    #[cfg(feature = "random")]
    #[test]
    fn random_secrets_differ() {
        let a = Secret::random(20).unwrap();
        let b = Secret::random(20).unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }
}
