//! The records the core keeps, in its own vocabulary (no dialect words here).

use crate::clock::Millis;

pub type AccountId = i64;
pub type FactorId = i64;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub email: String,
    /// PHC string of an argon2id hash.
    pub password_hash: String,
    pub created_at: Millis,
}

/// Hash algorithm of a TOTP factor, as written in `otpauth://` URIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpAlgorithm {
    Sha1,
    Sha256,
    Sha512,
}

impl TotpAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "SHA1" => Some(Self::Sha1),
            "SHA256" => Some(Self::Sha256),
            "SHA512" => Some(Self::Sha512),
            _ => None,
        }
    }
}

/// What a code is checked with: kept per factor so a later change of defaults never breaks
/// an authenticator that is already enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotpParams {
    pub algorithm: TotpAlgorithm,
    pub digits: u32,
    pub period_secs: u32,
}

impl Default for TotpParams {
    fn default() -> Self {
        Self {
            algorithm: TotpAlgorithm::Sha1,
            digits: 6,
            period_secs: 30,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TotpFactor {
    pub id: FactorId,
    pub account_id: AccountId,
    pub name: String,
    pub params: TotpParams,
    /// AES-256-GCM sealed secret (nonce || ciphertext); see `core::crypto::SecretBox`.
    pub sealed_secret: Vec<u8>,
    pub created_at: Millis,
    /// `None` while pending (issued, not yet proven by a code).
    pub activated_at: Option<Millis>,
    /// The last time step a code was accepted for; codes of this step or earlier are refused.
    pub last_used_step: Option<i64>,
}

impl TotpFactor {
    pub fn is_active(&self) -> bool {
        self.activated_at.is_some()
    }
}

/// Why an email code was sent: it is only good for that purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailCodePurpose {
    /// Proves the address during setup.
    Enable,
    /// A login or step-up challenge for an active email factor.
    Challenge,
}

impl EmailCodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enable => "enable",
            Self::Challenge => "challenge",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "enable" => Some(Self::Enable),
            "challenge" => Some(Self::Challenge),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PendingEmailCode {
    pub purpose: EmailCodePurpose,
    /// Keyed hash of the code; the code itself is only in the mail.
    pub code_hash: Vec<u8>,
    pub expires_at: Millis,
}

/// The email-OTP factor of an account: at most one, with an optional address being set up.
#[derive(Debug, Clone, Default)]
pub struct EmailFactor {
    pub account_id: AccountId,
    pub active_email: Option<String>,
    pub activated_at: Option<Millis>,
    pub pending_email: Option<String>,
    pub code: Option<PendingEmailCode>,
    pub last_sent_at: Option<Millis>,
}

impl EmailFactor {
    pub fn is_active(&self) -> bool {
        self.active_email.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct RecoveryCodeSummary {
    pub issued_at: Millis,
    pub remaining: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Long-lived session; trades for access tokens.
    Refresh,
    /// Short-lived proof of identity.
    Access,
    /// Short-lived proof of presence, minted by a second factor; needed to change MFA
    /// settings once MFA is on.
    Sudo,
    /// Password was right, second factor still owed; only good for the second-factor step.
    Partial,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refresh => "refresh",
            Self::Access => "access",
            Self::Sudo => "sudo",
            Self::Partial => "partial",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "refresh" => Some(Self::Refresh),
            "access" => Some(Self::Access),
            "sudo" => Some(Self::Sudo),
            "partial" => Some(Self::Partial),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub kind: TokenKind,
    pub account_id: AccountId,
    pub expires_at: Millis,
}

/// The kinds of guess that are throttled separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Password,
    Totp,
    EmailOtp,
    RecoveryCode,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "password",
            Self::Totp => "totp",
            Self::EmailOtp => "email-otp",
            Self::RecoveryCode => "recovery-code",
        }
    }
}

/// Consecutive failed guesses of one method on one account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThrottleState {
    pub consecutive_failures: u32,
    /// No guess is evaluated before this instant.
    pub blocked_until: Option<Millis>,
}

#[derive(Debug, Clone)]
pub struct TrustedDevice {
    pub id: i64,
    pub account_id: AccountId,
    pub fingerprint_hash: Vec<u8>,
    pub label: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// A mail as handed to the outbox.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The one-time code in the mail, so end-to-end tests need not parse the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(rename = "sentAt")]
    pub sent_at: String,
}

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub account_id: AccountId,
    pub at: Millis,
    pub event: String,
}
