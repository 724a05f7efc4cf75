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
    /// Every algorithm, in the order bindings may number them (`otp-wasm`'s JavaScript does).
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

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
        Self::from_name(name, false)
    }

    /// The name's bytes packed into one number behind a 1 (so that lengths differ) and
    /// compared with the three names packed the same way: a few hundred bytes less wasm than
    /// string comparisons, and no slicing that could panic. `lenient` drops hyphens and
    /// ignores case.
    fn from_name(name: &str, lenient: bool) -> Result<Self, Error> {
        const fn packed(name: &[u8]) -> u64 {
            let mut packed = 1;
            let mut i = 0;
            while i < name.len() {
                packed = packed << 8 | name[i] as u64;
                i += 1;
            }
            packed
        }
        const SHA1: u64 = packed(b"SHA1");
        const SHA256: u64 = packed(b"SHA256");
        const SHA512: u64 = packed(b"SHA512");
        let mut name_packed = 1u64;
        for byte in name.bytes() {
            if lenient && byte == b'-' {
                continue;
            }
            // Longer than six bytes: no name.
            if name_packed >> 48 != 0 {
                return Err(Error::Algorithm);
            }
            let byte = if lenient {
                byte.to_ascii_uppercase()
            } else {
                byte
            };
            name_packed = name_packed << 8 | u64::from(byte);
        }
        match name_packed {
            SHA1 => Ok(Algorithm::Sha1),
            SHA256 => Ok(Algorithm::Sha256),
            SHA512 => Ok(Algorithm::Sha512),
            _ => Err(Error::Algorithm),
        }
    }
}

/// Lenient: any case, with or without a hyphen (`sha-256`), as issuers and otpauth users write it.
impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Algorithm::from_name(name, true)
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
        for bad in [
            "", "MD5", "SHA3-256", "SHA1SHA1", "SHA2560", "\0SHA1", "SHA1\0", "SHA_1",
        ] {
            assert_eq!(bad.parse::<Algorithm>(), Err(Error::Algorithm), "{bad}");
        }
    }

    #[test]
    fn strict_names() {
        assert_eq!(Algorithm::from_name_strict("SHA256"), Ok(Algorithm::Sha256));
        for bad in ["sha256", "SHA-256", "SHA", "SHA5120", "\0SHA1"] {
            assert_eq!(
                Algorithm::from_name_strict(bad),
                Err(Error::Algorithm),
                "{bad}"
            );
        }
        for alg in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
            assert_eq!(Algorithm::from_name_strict(alg.name()), Ok(alg));
            assert_eq!(alg.name().to_lowercase().parse(), Ok(alg));
        }
    }
}
