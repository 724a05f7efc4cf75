//! The HMAC hash functions RFC 6238 allows.

use core::fmt;
use core::str::FromStr;

use crate::Error;

/// The hash under the HMAC. SHA1 is what nearly every authenticator app supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    /// The canonical name used in `otpauth://` URIs: `SHA1`, `SHA256`, `SHA512`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }

    /// Exactly the canonical name, as the Key URI Format demands.
    pub fn from_name_strict(name: &str) -> Result<Self, Error> {
        Self::from_name_bytes(name.as_bytes())
    }

    fn from_name_bytes(name: &[u8]) -> Result<Self, Error> {
        match name {
            b"SHA1" => Ok(Algorithm::Sha1),
            b"SHA256" => Ok(Algorithm::Sha256),
            b"SHA512" => Ok(Algorithm::Sha512),
            _ => Err(Error::Algorithm),
        }
    }
}

/// Lenient: any case, with or without a hyphen (`sha-256`), as issuers and otpauth users write it.
impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        let mut buf = [0u8; 6];
        let mut len = 0;
        for b in name.bytes().filter(|&b| b != b'-') {
            *buf.get_mut(len).ok_or(Error::Algorithm)? = b.to_ascii_uppercase();
            len += 1;
        }
        // `get`, not `[..len]`: the compiler cannot see that `len` is at most 6, and would keep
        // a panic (and its location) in the wasm. Bytes, not `str`: no UTF-8 check needed.
        Algorithm::from_name_bytes(buf.get(..len).unwrap_or_default())
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_names() {
        for (name, alg) in [
            ("sha1", Algorithm::Sha1),
            ("SHA-256", Algorithm::Sha256),
            ("Sha512", Algorithm::Sha512),
        ] {
            assert_eq!(name.parse::<Algorithm>(), Ok(alg));
        }
        for bad in ["", "MD5", "SHA3-256", "SHA1SHA1"] {
            assert_eq!(bad.parse::<Algorithm>(), Err(Error::Algorithm), "{bad}");
        }
    }

    #[test]
    fn strict_names() {
        assert_eq!(Algorithm::from_name_strict("SHA256"), Ok(Algorithm::Sha256));
        assert_eq!(Algorithm::from_name_strict("sha256"), Err(Error::Algorithm));
    }
}
