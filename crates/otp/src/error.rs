//! The one error type of the crate.
//!
//! Every message is a `&'static str`: callers can show it as is, the wasm build needs no
//! formatting machinery to produce it, and no message can ever contain the secret.

use core::fmt;

/// Why an input was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// `digits` outside 1..=10.
    Digits,
    /// A TOTP period of 0 seconds.
    Period,
    /// An algorithm other than SHA1, SHA256 or SHA512.
    Algorithm,
    /// A secret with no bytes.
    EmptySecret,
    /// A secret that is not valid base32.
    Base32,
    /// A secret that is not valid hexadecimal.
    Hex,
    /// A string with characters above U+00FF where Latin-1 was asked for.
    Latin1,
    /// A timestamp that is negative, not finite or beyond the 64-bit range.
    Time,
    /// A URI longer than a QR code can carry.
    TooLong,
    /// Not an `otpauth://` URI.
    Scheme,
    /// An OTP type other than `totp` or `hotp`.
    Type,
    /// A URI without a `secret` parameter.
    MissingSecret,
    /// A `hotp` URI without a `counter` parameter (strict mode).
    MissingCounter,
    /// A number (`digits`, `period`, `counter`) that does not parse.
    Number,
    /// A malformed `%` escape or non-UTF-8 text after decoding (strict mode).
    Encoding,
    /// A parameter the Key URI Format does not define (strict mode).
    UnknownParameter,
    /// A parameter given twice (strict mode).
    DuplicateParameter,
    /// A label without an account name (strict mode).
    MissingAccount,
    /// The label's issuer prefix differs from the `issuer` parameter (strict mode).
    IssuerMismatch,
    /// A QR colour with characters that do not belong in a CSS colour.
    Colour,
    /// Text too long for the largest QR code at the chosen error correction.
    QrCapacity,
}

impl Error {
    /// A one-line description for people, without any part of the input.
    pub const fn message(self) -> &'static str {
        match self {
            Error::Digits => "digits must be between 1 and 10",
            Error::Period => "period must be at least 1 second",
            Error::Algorithm => "algorithm must be SHA1, SHA256 or SHA512",
            Error::EmptySecret => "the secret is empty",
            Error::Base32 => "the secret is not valid base32",
            Error::Hex => "the secret is not valid hexadecimal",
            Error::Latin1 => "the text has characters outside Latin-1",
            Error::Time => "the timestamp must be a finite number >= 0",
            Error::TooLong => "the URI is longer than 4096 bytes",
            Error::Scheme => "not an otpauth:// URI",
            Error::Type => "the OTP type must be totp or hotp",
            Error::MissingSecret => "the URI has no secret",
            Error::MissingCounter => "a hotp URI needs a counter",
            Error::Number => "digits, period and counter must be whole numbers",
            Error::Encoding => "the URI has a malformed percent-encoding",
            Error::UnknownParameter => "the URI has a parameter the Key URI Format does not define",
            Error::DuplicateParameter => "the URI repeats a parameter",
            Error::MissingAccount => "the label has no account name",
            Error::IssuerMismatch => "the issuer parameter differs from the label's issuer",
            Error::Colour => "a QR colour may only contain letters, digits and #(),.%-",
            Error::QrCapacity => "the text is too long for a QR code",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}
