//! Reading `otpauth://TYPE/LABEL?PARAMETERS`.

use super::percent::decode;
use super::{KeyUri, Kind, Mode, Parsed, Warning};
use crate::{Algorithm, Error, Secret};
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// The most a QR code can carry in byte mode (version 40, level L: 2953 bytes), rounded up.
/// Longer inputs are not URIs anyone scanned, so they are refused before any work.
pub const MAX_URI_LEN: usize = 4096;

/// Parses an `otpauth://` URI in `mode`.
///
/// Lenient mode accepts any case in scheme, type and parameter names; `:` or `%3A` with
/// spaces between issuer and account; an `issuer` that disagrees with the label (the
/// parameter wins); an empty or missing issuer; unknown parameters; spaces, `+`, `%20`, `-`
/// and `=` padding inside the secret; and reports each oddity as a [`Warning`].
/// Both modes refuse inputs over [`MAX_URI_LEN`] bytes, `period=0`, digits outside 1..=10 and
/// unknown algorithms.
pub fn parse(input: &str, mode: Mode) -> Result<Parsed, Error> {
    if input.len() > MAX_URI_LEN {
        return Err(Error::TooLong);
    }
    let strict = mode == Mode::Strict;
    let mut warnings = Warnings::default();
    let text = if strict { input } else { input.trim() };

    let (scheme, rest) = split_at(text, b':').ok_or(Error::Scheme)?;
    let rest = rest.strip_prefix("//").ok_or(Error::Scheme)?;
    if !same_word(scheme, "otpauth", strict) {
        return Err(Error::Scheme);
    }
    let rest = split_at(rest, b'#').map_or(rest, |(before, _)| before);
    let (path, query) = split_at(rest, b'?').unwrap_or((rest, ""));
    let (kind, label) = split_at(path, b'/').unwrap_or((path, ""));
    let is_totp = if same_word(kind, "totp", strict) {
        true
    } else if same_word(kind, "hotp", strict) {
        false
    } else {
        return Err(Error::Type);
    };

    let (label_issuer, account) = split_label(label, strict, &mut warnings)?;
    let params = Params::read(query, strict, &mut warnings)?;

    let secret = match params.get(Key::Secret) {
        None => return Err(Error::MissingSecret),
        Some(raw) if strict => {
            Secret::from_base32_strict(&decode(raw, false).ok_or(Error::Encoding)?)?
        }
        // `+` and `%20` become spaces, `%3D` becomes `=`: the lenient decoder drops them all.
        Some(raw) => Secret::from_base32(&decode(raw, true).ok_or(Error::Base32)?)?,
    };
    if secret.is_weak() {
        warnings.add(Warning::WeakSecret);
    }

    let issuer_in_label = label_issuer.is_some();
    let issuer_param = params
        .text(Key::Issuer, strict, &mut warnings)?
        .filter(|s| !s.is_empty());
    let issuer = match (issuer_param, label_issuer) {
        (Some(param), Some(prefix)) if param != prefix => {
            if strict {
                return Err(Error::IssuerMismatch);
            }
            warnings.add(Warning::IssuerMismatch);
            Some(param)
        }
        (param, prefix) => param.or(prefix),
    };

    let algorithm = match params.get(Key::Algorithm) {
        None => Algorithm::Sha1,
        Some(name) if strict => Algorithm::from_name_strict(name)?,
        Some(name) => decode(name, true).ok_or(Error::Algorithm)?.parse()?,
    };
    if algorithm != Algorithm::Sha1 {
        warnings.add(Warning::NonStandardAlgorithm);
    }

    let digits = params.number(Key::Digits, strict)?.unwrap_or(6);
    if !(1..=10).contains(&digits) || (strict && digits != 6 && digits != 8) {
        return Err(Error::Digits);
    }
    if digits != 6 && digits != 8 {
        warnings.add(Warning::NonStandardDigits);
    }
    // `digits` is at most 10 here.
    let digits = digits as u32;

    let kind = if is_totp {
        let period = params
            .number(Key::Period, strict)?
            .unwrap_or(crate::DEFAULT_PERIOD);
        if period == 0 {
            return Err(Error::Period);
        }
        if period != crate::DEFAULT_PERIOD {
            warnings.add(Warning::NonStandardPeriod);
        }
        Kind::Totp { period }
    } else {
        let counter = match params.number(Key::Counter, strict)? {
            Some(counter) => counter,
            None if strict => return Err(Error::MissingCounter),
            None => {
                warnings.add(Warning::MissingCounter);
                0
            }
        };
        Kind::Hotp { counter }
    };

    if account.is_empty() {
        if strict {
            return Err(Error::MissingAccount);
        }
        warnings.add(Warning::MissingAccount);
    }

    Ok(Parsed {
        uri: KeyUri {
            kind,
            secret,
            issuer,
            account,
            algorithm,
            digits,
            issuer_in_label,
        },
        warnings: warnings.0,
    })
}

/// `word` equals `expected`, in any case unless strict.
fn same_word(word: &str, expected: &str, strict: bool) -> bool {
    if strict {
        word == expected
    } else {
        word.eq_ignore_ascii_case(expected)
    }
}

/// `text` split around the first `byte` (ASCII). A byte scan rather than `str::split_once`
/// and `str::split`, whose char and substring searchers cost ~1 KB of wasm; `get` rather
/// than indexing keeps slicing panics out (an ASCII byte is always a char boundary).
fn split_at(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    let (before, after) = text.split_at_checked(at)?;
    Some((before, after.get(1..)?))
}

/// Splits `Issuer:Account` (or `Issuer%3AAccount`) and decodes both halves; spaces around the
/// separator are dropped. A label without a separator is all account.
fn split_label(
    label: &str,
    strict: bool,
    warnings: &mut Warnings,
) -> Result<(Option<String>, String), Error> {
    let colon = label.bytes().position(|b| b == b':');
    let escaped = label
        .as_bytes()
        .windows(3)
        .position(|w| w[0] == b'%' && w[1] == b'3' && w[2].eq_ignore_ascii_case(&b'a'));
    // (start of the separator, its length); both separators are ASCII, so the `get`s below
    // always succeed. `get` rather than indexing keeps str slicing panics (and their
    // formatting code) out of the wasm build.
    let separator = match (colon, escaped) {
        (Some(c), Some(e)) if e < c => Some((e, 3)),
        (Some(c), _) => Some((c, 1)),
        (None, Some(e)) => Some((e, 3)),
        (None, None) => None,
    };
    let (prefix, account) = match separator {
        Some((at, len)) => (label.get(..at), label.get(at + len..).unwrap_or_default()),
        None => (None, label),
    };
    let mut text =
        |raw: &str| decode_text(raw, false, strict, warnings).map(|s| s.trim().to_owned());
    let issuer = prefix.map(&mut text).transpose()?.filter(|s| !s.is_empty());
    Ok((issuer, text(account)?))
}

/// Percent-decodes `raw`; a malformed escape is an error when strict and literal text otherwise.
fn decode_text(
    raw: &str,
    plus_is_space: bool,
    strict: bool,
    warnings: &mut Warnings,
) -> Result<String, Error> {
    match decode(raw, plus_is_space) {
        Some(text) => Ok(text),
        None if strict => Err(Error::Encoding),
        None => {
            warnings.add(Warning::Encoding);
            Ok(raw.to_owned())
        }
    }
}

/// An ordered set: each warning once, in the order found.
#[derive(Default)]
struct Warnings(Vec<Warning>);

impl Warnings {
    fn add(&mut self, warning: Warning) {
        if !self.0.contains(&warning) {
            self.0.push(warning);
        }
    }
}

/// The parameters the Key URI Format defines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Secret,
    Issuer,
    Algorithm,
    Digits,
    Period,
    Counter,
}

impl Key {
    const ALL: [(Key, &'static str); 6] = [
        (Key::Secret, "secret"),
        (Key::Issuer, "issuer"),
        (Key::Algorithm, "algorithm"),
        (Key::Digits, "digits"),
        (Key::Period, "period"),
        (Key::Counter, "counter"),
    ];
}

/// The raw (still encoded) value of each known parameter; the first occurrence wins.
struct Params<'a>([Option<&'a str>; 6]);

impl<'a> Params<'a> {
    fn read(query: &'a str, strict: bool, warnings: &mut Warnings) -> Result<Self, Error> {
        let mut values = [None; 6];
        let mut rest = query;
        while !rest.is_empty() {
            let (pair, next) = split_at(rest, b'&').unwrap_or((rest, ""));
            rest = next;
            if pair.is_empty() {
                continue;
            }
            let (name, value) = split_at(pair, b'=').unwrap_or((pair, ""));
            let known = Key::ALL
                .iter()
                .position(|(_, key)| same_word(name, key, strict));
            match known {
                Some(i) if values[i].is_some() => {
                    if strict {
                        return Err(Error::DuplicateParameter);
                    }
                    warnings.add(Warning::DuplicateParameter);
                }
                Some(i) => values[i] = Some(value),
                None if strict => return Err(Error::UnknownParameter),
                None => warnings.add(Warning::UnknownParameter),
            }
        }
        Ok(Params(values))
    }

    fn get(&self, key: Key) -> Option<&'a str> {
        self.0[key as usize]
    }

    fn text(
        &self,
        key: Key,
        strict: bool,
        warnings: &mut Warnings,
    ) -> Result<Option<String>, Error> {
        self.get(key)
            .map(|raw| decode_text(raw, true, strict, warnings).map(|s| s.trim().to_owned()))
            .transpose()
    }

    /// A decimal number; lenient mode allows surrounding spaces.
    fn number(&self, key: Key, strict: bool) -> Result<Option<u64>, Error> {
        let Some(raw) = self.get(key) else {
            return Ok(None);
        };
        // Bytes and a checked fold rather than `trim_matches` and `str::parse`, whose pattern
        // and sign handling cost ~1 KB of wasm.
        let mut text = raw.as_bytes();
        if !strict {
            while let [b' ' | b'+', rest @ ..] = text {
                text = rest;
            }
            while let [rest @ .., b' ' | b'+'] = text {
                text = rest;
            }
        }
        if text.is_empty() {
            return Err(Error::Number);
        }
        text.iter()
            .try_fold(0u64, |n, &b| {
                let digit = b.is_ascii_digit().then(|| u64::from(b - b'0'))?;
                n.checked_mul(10)?.checked_add(digit)
            })
            .map(Some)
            .ok_or(Error::Number)
    }
}
