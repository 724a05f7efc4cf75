//! Outcomes of core operations that are not success. Dialects translate these into their own
//! status codes and messages; the core never speaks HTTP.

use super::model::Method;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("wrong username or password")]
    PasswordIncorrect,
    /// A wrong code, a replayed code and an expired code look the same from outside, so a
    /// response never reveals that a code was once valid.
    #[error("incorrect {0:?} code")]
    CodeIncorrect(Method),
    #[error("too many {method:?} guesses; retry in {retry_after_secs} s")]
    Throttled {
        method: Method,
        retry_after_secs: u64,
    },
    #[error("mail sent too recently; retry in {retry_after_secs} s")]
    MailTooSoon { retry_after_secs: u64 },
    /// The method has nothing set up that this operation needs (no pending or active factor).
    #[error("{0:?} is not set up")]
    Uninitialized(Method),
    /// The method is set up but not active (e.g. an email OTP challenge before activation).
    #[error("{0:?} is not active")]
    Inactive(Method),
    #[error("{0:?} is already inactive")]
    AlreadyInactive(Method),
    #[error("two-factor authentication is disabled")]
    TwoFactorDisabled,
    /// The token is missing, unknown, expired, or of a kind this operation does not take.
    #[error("invalid token")]
    InvalidToken,
    /// MFA is on, so changing it needs a fresh second factor (a sudo token).
    #[error("sudo token required")]
    SudoRequired,
    #[error("username already taken")]
    UsernameTaken,
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A stored secret cannot be decrypted or has impossible parameters.
    #[error("stored factor is corrupt")]
    Corrupt(Method),
    #[error("store failure: {0}")]
    Store(#[from] StoreError),
}

/// A failure of the storage layer itself; aborts (rolls back) the transaction.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        Self(err.to_string())
    }
}
