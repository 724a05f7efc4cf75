//! `otpauth://` key URIs: the text inside every authenticator QR code.
//!
//! [`parse`] reads what real issuers emit (lenient mode) or exactly the Google Authenticator
//! Key URI Format (strict mode); [`KeyUri`]'s `Display` writes the canonical form, which both
//! modes read back to the same value.

mod build;
mod parse;
mod percent;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

pub use build::KeyUriBuilder;
pub use parse::{MAX_URI_LEN, parse};

use crate::{Algorithm, Error, Hotp, Secret, Totp};

/// Time-based or counter-based, with the parameter only that kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Totp { period: u64 },
    Hotp { counter: u64 },
}

/// Everything an authenticator app needs to add an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUri {
    pub kind: Kind,
    pub secret: Secret,
    /// The service; `None` when neither the label nor the parameter names one.
    pub issuer: Option<String>,
    /// The account name (the label without its `Issuer:` prefix). May be empty.
    pub account: String,
    pub algorithm: Algorithm,
    pub digits: u32,
    /// Whether the label starts with `Issuer:` (otpauth's `issuerInLabel`).
    pub issuer_in_label: bool,
}

impl KeyUri {
    /// A builder for a TOTP URI with the defaults every app assumes (SHA1, 6 digits, 30 s).
    pub fn totp(secret: Secret) -> KeyUriBuilder {
        KeyUriBuilder::new(
            Kind::Totp {
                period: crate::DEFAULT_PERIOD,
            },
            secret,
        )
    }

    /// A builder for a HOTP URI starting at `counter`.
    pub fn hotp(secret: Secret, counter: u64) -> KeyUriBuilder {
        KeyUriBuilder::new(Kind::Hotp { counter }, secret)
    }

    /// The TOTP generator this URI describes; [`Error::Type`] for a HOTP URI.
    pub fn to_totp(&self) -> Result<Totp, Error> {
        match self.kind {
            Kind::Totp { period } => {
                Totp::new(self.secret.as_bytes(), self.algorithm, self.digits, period)
            }
            Kind::Hotp { .. } => Err(Error::Type),
        }
    }

    /// The HOTP generator this URI describes; [`Error::Type`] for a TOTP URI.
    pub fn to_hotp(&self) -> Result<Hotp, Error> {
        match self.kind {
            Kind::Hotp { .. } => Hotp::new(self.secret.as_bytes(), self.algorithm, self.digits),
            Kind::Totp { .. } => Err(Error::Type),
        }
    }
}

/// How closely a URI must follow the Key URI Format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Accept what issuers really send; report oddities as [`Warning`]s.
    #[default]
    Lenient,
    /// The Google Authenticator Key URI Format to the letter; oddities are errors.
    Strict,
}

/// Something worth telling the user about a URI that was still accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// The secret is shorter than 128 bits.
    WeakSecret,
    /// The `issuer` parameter differs from the label's prefix; the parameter was used.
    IssuerMismatch,
    /// `digits` is neither 6 nor 8; many apps ignore it and show 6.
    NonStandardDigits,
    /// `period` is not 30; many apps ignore it.
    NonStandardPeriod,
    /// The algorithm is not SHA1; many apps ignore it and use SHA1.
    NonStandardAlgorithm,
    /// A parameter the format does not define (such as `image` or `lock`) was ignored.
    UnknownParameter,
    /// A parameter was repeated; the first value was used.
    DuplicateParameter,
    /// A `hotp` URI without `counter`; 0 was used.
    MissingCounter,
    /// The label has no account name.
    MissingAccount,
    /// A malformed `%` escape was kept as literal text.
    Encoding,
}

impl Warning {
    /// Every warning, in the order of their [`Warning::bit`]s.
    pub const ALL: [Warning; 10] = [
        Warning::WeakSecret,
        Warning::IssuerMismatch,
        Warning::NonStandardDigits,
        Warning::NonStandardPeriod,
        Warning::NonStandardAlgorithm,
        Warning::UnknownParameter,
        Warning::DuplicateParameter,
        Warning::MissingCounter,
        Warning::MissingAccount,
        Warning::Encoding,
    ];

    /// A stable kebab-case identifier for programs.
    pub const fn code(self) -> &'static str {
        match self {
            Warning::WeakSecret => "weak-secret",
            Warning::IssuerMismatch => "issuer-mismatch",
            Warning::NonStandardDigits => "non-standard-digits",
            Warning::NonStandardPeriod => "non-standard-period",
            Warning::NonStandardAlgorithm => "non-standard-algorithm",
            Warning::UnknownParameter => "unknown-parameter",
            Warning::DuplicateParameter => "duplicate-parameter",
            Warning::MissingCounter => "missing-counter",
            Warning::MissingAccount => "missing-account",
            Warning::Encoding => "encoding",
        }
    }

    /// One sentence for people.
    pub const fn message(self) -> &'static str {
        match self {
            Warning::WeakSecret => "the secret is shorter than the recommended 128 bits",
            Warning::IssuerMismatch => {
                "the issuer parameter differs from the label's issuer; the parameter was used"
            }
            Warning::NonStandardDigits => {
                "codes that are not 6 or 8 digits long are not supported by every app"
            }
            Warning::NonStandardPeriod => {
                "periods other than 30 seconds are not supported by every app"
            }
            Warning::NonStandardAlgorithm => {
                "algorithms other than SHA1 are not supported by every app"
            }
            Warning::UnknownParameter => "an unknown parameter was ignored",
            Warning::DuplicateParameter => "a repeated parameter was ignored",
            Warning::MissingCounter => "the hotp URI has no counter; 0 was used",
            Warning::MissingAccount => "the label has no account name",
            Warning::Encoding => "a malformed percent-encoding was kept as text",
        }
    }

    /// A distinct bit per warning, so a set of warnings crosses to JavaScript as one number.
    pub const fn bit(self) -> u32 {
        1 << self as u32
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// A parsed URI and what was odd about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub uri: KeyUri,
    /// Each warning at most once, in the order found.
    pub warnings: Vec<Warning>,
}

impl Parsed {
    /// The warnings as a bit set (see [`Warning::bit`]).
    pub fn warning_bits(&self) -> u32 {
        self.warnings.iter().fold(0, |bits, w| bits | w.bit())
    }
}
