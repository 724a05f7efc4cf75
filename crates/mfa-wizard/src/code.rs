//! What people type or paste into code fields, made into what the server expects.
//!
//! Apps and password managers show codes as `123 456` or `123-456`, phones may type full-width
//! or Arabic-Indic digits, and recovery codes get copied with dashes and in lower case. None of
//! that should ever be rejected: the fields keep only what matters.

/// The kinds of code the wizard asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A one-time password of `digits` decimal digits (authenticator app or email).
    Numeric { digits: usize },
    /// A single-use recovery code: letters and digits, compared without case.
    Recovery,
}

/// How far a normalised entry is from being sendable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    Empty,
    /// Fewer characters than the code has.
    Partial,
    /// Exactly a whole code: send it.
    Complete,
    /// Something that can never become a valid code (letters in a numeric code, too long).
    Invalid,
}

/// Characters people use to make codes readable; they never belong to a code.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '.' | '·' | '_')
}

/// The ASCII digit for a decimal digit of a common script (full-width, Arabic-Indic,
/// Persian, Devanagari, Bengali), so a phone keyboard in another script still works.
fn ascii_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 6] = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6];
    let code = c as u32;
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
}

/// The entry with separators dropped and digits made ASCII; recovery codes are upper-cased.
/// Anything else is kept, so the field can say what is wrong instead of silently eating it.
pub fn normalize(kind: CodeKind, input: &str) -> String {
    input
        .chars()
        .filter(|&c| !is_separator(c))
        .map(|c| match kind {
            CodeKind::Numeric { .. } => ascii_digit(c).unwrap_or(c),
            CodeKind::Recovery => ascii_digit(c).unwrap_or(c).to_ascii_uppercase(),
        })
        .collect()
}

/// Whether a normalised entry can be sent.
pub fn completeness(kind: CodeKind, normalized: &str) -> Completeness {
    if normalized.is_empty() {
        return Completeness::Empty;
    }
    match kind {
        CodeKind::Numeric { digits } => {
            let count = normalized.chars().count();
            if !normalized.chars().all(|c| c.is_ascii_digit()) || count > digits {
                Completeness::Invalid
            } else if count == digits {
                Completeness::Complete
            } else {
                Completeness::Partial
            }
        }
        // Recovery codes differ in length between services, so any alphanumeric text may be
        // one; the person submits it with the button.
        CodeKind::Recovery if normalized.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Completeness::Partial
        }
        CodeKind::Recovery => Completeness::Invalid,
    }
}

/// Whether `typed` is one of `codes`, ignoring separators and case.
pub fn matches_one_of(typed: &str, codes: &[String]) -> bool {
    let typed = normalize(CodeKind::Recovery, typed);
    !typed.is_empty()
        && codes
            .iter()
            .any(|code| normalize(CodeKind::Recovery, code) == typed)
}

/// `text` in groups of four separated by spaces, the way setup keys are easiest to read.
pub fn group_by_four(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
