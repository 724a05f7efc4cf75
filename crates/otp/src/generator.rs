//! The HOTP function of RFC 4226 §5.3 with the HMAC key schedule done once per secret.
//!
//! Not built on `totp-rs`: its `TOTP::generate` re-keys the HMAC from the secret and formats a
//! `String` on every call, which measured about 4x slower in the browser than cloning a keyed
//! state and returning a number (the speed budget is 10x `otpauth`). The hashing is
//! src/hmac.rs; the tests cross-check codes against `totp-rs`.

use core::fmt;

use crate::hmac::{Hash, Keyed};
use crate::{Algorithm, Error, Match};

/// Codes have 1 to 10 digits: 31 bits of dynamic truncation fill at most 10 decimal digits.
pub const MAX_DIGITS: u32 = 10;

/// The 31-bit dynamic truncation of HMAC(key, counter) (RFC 4226 §5.3).
fn truncated(mac: &Keyed, counter: u64) -> u32 {
    let (len, hash) = mac.mac(&counter.to_be_bytes());
    // The digest's last byte. `% len()` (a mask: 64 bytes) lets the compiler see the index in
    // bounds, so no panic stays in the wasm; `len` is 20, 32 or 64, so it changes nothing.
    let last = hash[len.wrapping_sub(1) % hash.len()];
    // Every digest is at least 20 bytes and the offset at most 15, so offset + 3 < 20.
    let offset = usize::from(last & 0x0f);
    u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ])
}

/// A one-time code: its value and how many digits it is shown with (leading zeros count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    value: u32,
    digits: u8,
}

impl Code {
    /// The code as a number; show it with [`Code::as_str`] or `Display` to keep leading zeros.
    pub const fn value(self) -> u32 {
        self.value
    }

    pub const fn digits(self) -> u32 {
        self.digits as u32
    }

    /// The zero-padded decimal text, written into `buf` without allocating.
    pub fn as_str(self, buf: &mut [u8; MAX_DIGITS as usize]) -> &str {
        // At most 10; `min` lets the compiler see that.
        let digits = usize::from(self.digits).min(buf.len());
        let mut value = self.value;
        for slot in buf[..digits].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        // Only ASCII digits were written.
        core::str::from_utf8(&buf[..digits]).unwrap_or_default()
    }

    /// Reads a code the user typed: exactly `digits` ASCII digits, nothing else. Bytes or
    /// text: the wasm build then needs no UTF-8 check to call this.
    pub fn parse(token: impl AsRef<[u8]>, digits: u32) -> Option<Code> {
        let token = token.as_ref();
        if token.len() != digits as usize || !(1..=MAX_DIGITS).contains(&digits) {
            return None;
        }
        let mut value: u64 = 0;
        for &b in token {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u64::from(b - b'0');
        }
        // A 10-digit code is a 31-bit number; anything larger can never match.
        Some(Code {
            value: u32::try_from(value).ok()?,
            digits: digits as u8,
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str(&mut [0; MAX_DIGITS as usize]))
    }
}

/// Makes codes from counters for one secret, algorithm and digit count.
#[derive(Clone)]
pub struct Generator {
    /// An HMAC already keyed with the secret: a code costs two compressions, no key hashing.
    mac: Keyed,
    digits: u8,
    /// 10^digits, or 0 for 10 digits where the 31-bit value is already smaller than 10^10.
    modulus: u32,
}

impl Generator {
    /// Keys the HMAC once. Empty secrets and digits outside 1..=10 are errors.
    pub fn new(secret: &[u8], algorithm: Algorithm, digits: u32) -> Result<Self, Error> {
        if !(1..=MAX_DIGITS).contains(&digits) {
            return Err(Error::Digits);
        }
        if secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(Generator {
            mac: Keyed::new(Hash::of(algorithm), secret),
            digits: digits as u8,
            modulus: 10u32.checked_pow(digits).unwrap_or(0),
        })
    }

    pub fn digits(&self) -> u32 {
        u32::from(self.digits)
    }

    /// The code for `counter` (RFC 4226 HOTP value).
    pub fn code(&self, counter: u64) -> Code {
        let raw = truncated(&self.mac, counter);
        let value = if self.modulus == 0 {
            raw
        } else {
            raw % self.modulus
        };
        Code {
            value,
            digits: self.digits,
        }
    }

    /// Looks for `token` at counters `counter - window ..= counter + window` in constant time;
    /// see [`Match`] for what a match tells the caller.
    pub fn verify(&self, token: Code, counter: u64, window: u64) -> Option<Match> {
        crate::verify::search(self, token, counter, window)
    }
}

impl fmt::Debug for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Generator")
            .field("digits", &self.digits)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_leading_zeros() {
        let code = Code {
            value: 42,
            digits: 6,
        };
        assert_eq!(code.to_string(), "000042");
        assert_eq!(Code::parse("000042", 6), Some(code));
    }

    #[test]
    fn parse_rejects_wrong_length_and_non_digits() {
        for (token, digits) in [
            ("12345", 6),
            ("1234567", 6),
            ("12a456", 6),
            ("+12345", 6),
            ("", 0),
            ("9999999999", 10),
            ("١٢٣٤٥٦", 6),
        ] {
            assert_eq!(Code::parse(token, digits), None, "{token}");
        }
        assert_eq!(
            Code::parse("2147483647", 10).map(Code::value),
            Some(2_147_483_647)
        );
    }

    #[test]
    fn rejects_bad_parameters() {
        assert_eq!(
            Generator::new(b"k", Algorithm::Sha1, 0).err(),
            Some(Error::Digits)
        );
        assert_eq!(
            Generator::new(b"k", Algorithm::Sha1, 11).err(),
            Some(Error::Digits)
        );
        assert_eq!(
            Generator::new(b"", Algorithm::Sha1, 6).err(),
            Some(Error::EmptySecret)
        );
        assert!(Generator::new(b"k", Algorithm::Sha512, 10).is_ok());
    }
}
