//! Writing canonical `otpauth://` URIs, and the builder that checks the values first.

use alloc::string::String;
use core::fmt;

use super::percent::encode;
use super::{KeyUri, Kind};
use crate::{Algorithm, Error, Secret, push_decimal};

/// Builds a [`KeyUri`] whose parameters are known to be valid.
#[derive(Debug, Clone)]
#[must_use]
pub struct KeyUriBuilder {
    uri: KeyUri,
}

impl KeyUriBuilder {
    pub(super) fn new(kind: Kind, secret: Secret) -> Self {
        KeyUriBuilder {
            uri: KeyUri {
                kind,
                secret,
                issuer: None,
                account: String::new(),
                algorithm: Algorithm::Sha1,
                digits: 6,
                issuer_in_label: true,
            },
        }
    }

    /// The service name; an empty string means none.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.uri.issuer = Some(issuer.into()).filter(|s| !s.is_empty());
        self
    }

    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.uri.account = account.into();
        self
    }

    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.uri.algorithm = algorithm;
        self
    }

    pub fn digits(mut self, digits: u32) -> Self {
        self.uri.digits = digits;
        self
    }

    /// The TOTP period in seconds; ignored for HOTP.
    pub fn period(mut self, seconds: u64) -> Self {
        if let Kind::Totp { period } = &mut self.uri.kind {
            *period = seconds;
        }
        self
    }

    /// Whether the label repeats the issuer as `Issuer:account` (default: yes, as the
    /// format recommends for apps that ignore the parameter).
    pub fn issuer_in_label(mut self, yes: bool) -> Self {
        self.uri.issuer_in_label = yes;
        self
    }

    /// The URI, or the first invalid value: digits outside 1..=10, period 0 or an empty secret.
    pub fn build(self) -> Result<KeyUri, Error> {
        let uri = self.uri;
        if !(1..=10).contains(&uri.digits) {
            return Err(Error::Digits);
        }
        if uri.kind == (Kind::Totp { period: 0 }) {
            return Err(Error::Period);
        }
        if uri.secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(uri)
    }
}

impl KeyUri {
    /// The label prefix, when there is one: an issuer containing `:` cannot be told apart from
    /// the separator, so it then lives only in the `issuer` parameter.
    fn label_issuer(&self) -> Option<&str> {
        self.issuer
            .as_deref()
            .filter(|i| self.issuer_in_label && !i.contains(':'))
    }
}

/// The canonical form: every parameter explicit, issuer and label percent-encoded, so that
/// [`parse`](super::parse) in either mode gives back an equal value (strict mode only
/// for values the format allows, such as 6 or 8 digits). The one exception is length:
/// percent-encoding can triple an odd label, and a result over [`MAX_URI_LEN`](super::MAX_URI_LEN)
/// is refused by the parser as no QR code could carry it.
impl KeyUri {
    /// The canonical URI text (the same as `Display`, without the formatting machinery).
    pub fn to_uri(&self) -> String {
        let mut out = String::with_capacity(128);
        out.push_str(match self.kind {
            Kind::Totp { .. } => "otpauth://totp/",
            Kind::Hotp { .. } => "otpauth://hotp/",
        });
        match self.label_issuer() {
            Some(issuer) => {
                encode(issuer, &mut out);
                out.push(':');
            }
            // An empty prefix keeps a `:` in the account from being read as the separator.
            None if self.account.contains(':') => out.push(':'),
            None => {}
        }
        encode(&self.account, &mut out);
        out.push_str("?secret=");
        out.push_str(&self.secret.to_base32());
        if let Some(issuer) = &self.issuer {
            out.push_str("&issuer=");
            encode(issuer, &mut out);
        }
        out.push_str("&algorithm=");
        out.push_str(self.algorithm.name());
        out.push_str("&digits=");
        push_decimal(&mut out, u64::from(self.digits));
        match self.kind {
            Kind::Totp { period } => {
                out.push_str("&period=");
                push_decimal(&mut out, period);
            }
            Kind::Hotp { counter } => {
                out.push_str("&counter=");
                push_decimal(&mut out, counter);
            }
        }
        out
    }
}

impl fmt::Display for KeyUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_uri())
    }
}
