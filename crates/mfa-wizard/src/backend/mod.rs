//! How the wizard talks to a vendor's MFA API.
//!
//! The steps speak only this module's language: [`Backend`] methods with plain types, and
//! [`ApiError`]s that say what the person can do about a failure. Each vendor dialect is one
//! implementation that owns its tokens and maps its status codes and message constants here.
//! A backend also declares its [`Capabilities`], and the steps offer nothing it cannot do.

pub mod eniris;
pub mod http;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

pub use eniris::Eniris;

use crate::config::{BackendKind, WizardConfig};

/// A boxed request future. Browser futures are not `Send`, and boxing keeps [`Backend`]
/// usable as a trait object, which is what lets the config pick a dialect at run time.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + 'a>>;

/// The ways someone can prove it's them after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Factor {
    /// A code from an authenticator app (TOTP).
    Totp,
    /// A code sent by email.
    Email,
    /// A single-use recovery code.
    RecoveryCode,
}

/// What a backend needs before a sensitive change, beyond being signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReauthRule {
    /// Nothing: a signed-in session may change everything.
    Never,
    /// A fresh second factor (a "sudo" token), but only once two-factor authentication is on.
    SecondFactorWhenEnabled,
    /// The password again.
    Password,
}

/// What a dialect can do. The UI reads these instead of asking which vendor it talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// More than one authenticator app per account (otherwise adding one replaces it).
    pub several_authenticators: bool,
    /// Codes by email as a second factor.
    pub email_otp: bool,
    /// Single-use recovery codes that can be regenerated.
    pub recovery_codes: bool,
    /// Devices that skip the second factor, which can be listed and revoked.
    pub trusted_devices: bool,
    /// The server tells how long to wait before the next guess (so a reload keeps the lockout).
    pub guess_timers: bool,
    /// A pending setup can be deleted before it is activated.
    pub cancel_pending_setup: bool,
    /// Asking for a setup again returns the pending one, so a reload does not make another.
    pub resumable_setup: bool,
    /// Two-factor authentication can be switched off as a whole.
    pub turn_off: bool,
    pub reauth: ReauthRule,
}

impl Capabilities {
    /// The second factors the person may pick from, in the order the UI lists them.
    pub fn factors(&self) -> Vec<Factor> {
        let mut factors = vec![Factor::Totp];
        if self.recovery_codes {
            factors.push(Factor::RecoveryCode);
        }
        if self.email_otp {
            factors.push(Factor::Email);
        }
        factors
    }
}

/// Whether sign-in is finished or wants a second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Done,
    /// The factors the account has active (those this backend supports).
    SecondFactor(Vec<Factor>),
}

/// One authenticator app registered on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticator {
    /// Opaque id to pass back to [`Backend::remove_authenticator`].
    pub id: String,
    /// The name the person gave it, when the dialect keeps one.
    pub name: Option<String>,
    /// When it was activated, as an ISO 8601 timestamp.
    pub added: Option<String>,
}

/// A device that skips the second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedDevice {
    pub id: String,
    pub description: String,
    pub added: Option<String>,
}

/// The account's second factors as the overview shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub enabled: bool,
    pub authenticators: Vec<Authenticator>,
    /// `Some` when recovery codes exist.
    pub recovery_codes: Option<RecoveryCodes>,
    /// The address email codes go to, when email codes are active.
    pub email: Option<String>,
    pub trusted_devices: Vec<TrustedDevice>,
}

impl Status {
    /// The factors that can prove presence now, in the order the UI offers them.
    pub fn active_factors(&self, capabilities: &Capabilities) -> Vec<Factor> {
        capabilities
            .factors()
            .into_iter()
            .filter(|factor| match factor {
                Factor::Totp => !self.authenticators.is_empty(),
                Factor::RecoveryCode => self.recovery_codes.is_some(),
                Factor::Email => self.email.is_some(),
            })
            .collect()
    }
}

/// What is known about the account's recovery codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryCodes {
    /// ISO 8601 time they were made.
    pub made: Option<String>,
    /// How many are unused, when the dialect says.
    pub remaining: Option<u32>,
}

/// A secret issued by the server and not yet activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSetup {
    /// The `otpauth://` URI; it holds the secret, so it stays in this page.
    pub uri: String,
}

/// Why a call failed, in terms of what the person can do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// A wrong (or replayed) one-time code or recovery code.
    WrongCode,
    WrongPassword,
    /// Too many guesses: wait this many seconds.
    RateLimited {
        seconds: u64,
    },
    /// The change needs fresh proof (sudo); prompt and try again.
    ReauthRequired,
    /// The session is gone; sign in again.
    SignedOut,
    /// Activation without a pending setup (expired, cancelled or finished elsewhere).
    NoPendingSetup,
    /// This dialect cannot do that.
    Unsupported,
    /// The request did not reach the server or the answer was unreadable.
    Network,
    /// Anything else, with the HTTP status and the server's message constant.
    Server {
        status: u16,
        message: String,
    },
}

/// One vendor dialect. Every method that changes something may fail with
/// [`ApiError::ReauthRequired`]; the caller then prompts and repeats the call.
pub trait Backend {
    fn kind(&self) -> BackendKind;
    fn capabilities(&self) -> Capabilities;

    /// Whether there is a signed-in session (possibly restored after a reload).
    fn signed_in(&self) -> bool;
    /// Whether a fresh re-authentication is held for sensitive changes.
    fn reauthenticated(&self) -> bool;

    fn sign_in<'a>(&'a self, username: &'a str, password: &'a str) -> ApiFuture<'a, SignIn>;
    /// Finishes a sign-in that asked for a second factor.
    fn complete_sign_in<'a>(&'a self, factor: Factor, code: &'a str) -> ApiFuture<'a, ()>;
    /// Proves presence again before sensitive changes.
    fn reauthenticate<'a>(&'a self, factor: Factor, code: &'a str) -> ApiFuture<'a, ()>;
    /// Sends an email code, for sign-in or re-authentication (whichever is in progress).
    fn send_email_code(&self) -> ApiFuture<'_, ()> {
        Box::pin(async { Err(ApiError::Unsupported) })
    }
    /// Seconds to wait before `factor` may be guessed again (0: now).
    fn next_guess(&self, _factor: Factor) -> ApiFuture<'_, u64> {
        Box::pin(async { Ok(0) })
    }
    fn sign_out(&self) -> ApiFuture<'_, ()>;

    fn status(&self) -> ApiFuture<'_, Status>;
    /// Starts adding an authenticator, or resumes the pending one.
    fn begin_setup(&self) -> ApiFuture<'_, PendingSetup>;
    fn cancel_setup(&self) -> ApiFuture<'_, ()> {
        Box::pin(async { Err(ApiError::Unsupported) })
    }
    /// Activates the pending authenticator with its first code; returns new recovery codes
    /// (empty when the account already had some).
    fn activate<'a>(&'a self, code: &'a str) -> ApiFuture<'a, Vec<String>>;
    fn remove_authenticator<'a>(&'a self, id: &'a str) -> ApiFuture<'a, ()>;
    fn regenerate_recovery_codes(&self) -> ApiFuture<'_, Vec<String>> {
        Box::pin(async { Err(ApiError::Unsupported) })
    }
    fn turn_off(&self) -> ApiFuture<'_, ()> {
        Box::pin(async { Err(ApiError::Unsupported) })
    }
    fn revoke_device<'a>(&'a self, _id: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(async { Err(ApiError::Unsupported) })
    }
}

/// The backend the config names.
pub fn connect(config: &WizardConfig) -> Rc<dyn Backend> {
    match config.backend {
        BackendKind::Eniris => Rc::new(Eniris::new(&config.api)),
    }
}
