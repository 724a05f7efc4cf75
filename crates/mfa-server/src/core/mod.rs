//! The dialect-free MFA core: accounts, factors, tokens, throttling, replay protection, audit.
//!
//! Every public operation is one store transaction (the slow argon2 check of a login runs
//! between two, holding no lock). Operations answer in [`CoreError`]s, which dialects map to
//! their own wire format. Nothing here knows HTTP or any vendor's vocabulary.
//!
//! `Core`'s operations are grouped by subject: sessions (login, tokens, proving a
//! second factor) in `sessions.rs`, TOTP setup/activation/removal in `totp_factors.rs`, the
//! email factor in `email_otp.rs`, recovery codes in `recovery_codes.rs`, trusted devices in
//! `trusted_devices.rs`. Policy and math without state: `throttle.rs`, `totp.rs`, `crypto.rs`.

pub mod crypto;
mod email_otp;
pub mod error;
pub mod mail;
pub mod model;
mod recovery_codes;
pub use recovery_codes::RecoveryCodeFormat;
mod sessions;
pub mod throttle;
pub mod totp;
mod totp_factors;
mod trusted_devices;

use std::sync::Arc;

use crate::clock::{Clock, Millis, iso8601, secs_until};
use crate::store::{Store, StoreResult, Tx};
use crypto::Keys;
use error::CoreError;
use mail::MailRelay;
use model::*;

pub type CoreResult<T> = Result<T, CoreError>;

/// Policy knobs that are not per-dialect.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Shown by authenticator apps next to the account name.
    pub issuer: String,
    /// A pending TOTP secret younger than this is handed out again by a repeated setup
    /// (a reloaded wizard resumes instead of invalidating the QR code already scanned).
    pub pending_totp_reuse_ms: Millis,
    pub email_code_ttl_ms: Millis,
    /// Minimum time between two mails with codes to one account.
    pub email_interval_ms: Millis,
    /// argon2id cost of new password hashes (default: the argon2 crate's recommendation,
    /// 19 MiB, 2 passes). The benchmark lowers it to seed thousands of accounts quickly.
    pub password_cost: argon2::Params,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            issuer: "otp-toolkit".into(),
            pending_totp_reuse_ms: 10 * 60 * 1000,
            email_code_ttl_ms: 10 * 60 * 1000,
            email_interval_ms: 60 * 1000,
            password_cost: argon2::Params::default(),
        }
    }
}

/// Crockford's base32: no I, L, O or U, so codes survive being read aloud or handwritten.
/// Every recovery code, in any dialect's format, is made of these characters (digits are a
/// subset), since [`normalize_recovery_code`] reads typed codes into it.
pub const RECOVERY_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const DIGITS: &[u8] = b"0123456789";
pub const EMAIL_CODE_DIGITS: usize = 6;

/// Name of the TOTP factor a single-factor dialect (Eniris) manages.
pub const DEFAULT_TOTP_NAME: &str = "default";

/// What a second factor is proven with.
#[derive(Debug, Clone, Copy)]
pub enum SecondFactor<'a> {
    Totp(&'a str),
    EmailOtp(&'a str),
    RecoveryCode(&'a str),
}

impl SecondFactor<'_> {
    pub fn method(&self) -> Method {
        match self {
            Self::Totp(_) => Method::Totp,
            Self::EmailOtp(_) => Method::EmailOtp,
            Self::RecoveryCode(_) => Method::RecoveryCode,
        }
    }
}

/// A token a successful operation should mint, with its lifetime.
pub type TokenGrant = (TokenKind, Millis);

#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub kind: TokenKind,
    pub token: String,
}

/// The account a bearer token belongs to, and what kind of proof the token is.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub account_id: AccountId,
    pub kind: TokenKind,
}

#[derive(Debug, Clone)]
pub enum LoginOutcome {
    /// No second factor configured: the login is complete.
    Complete { account_id: AccountId },
    /// Password right; one of these methods must follow.
    SecondFactorRequired {
        account_id: AccountId,
        methods: Vec<Method>,
    },
}

#[derive(Debug, Clone)]
pub struct TotpEnrollment {
    pub factor_id: FactorId,
    pub uri: String,
    /// The raw secret, for dialects that show it or write their own URI.
    pub secret: Vec<u8>,
    /// Names this pending factor for [`Core::pending_factor_for_ticket`].
    pub ticket: Vec<u8>,
    /// True when an existing pending secret was handed out again.
    pub resumed: bool,
}

#[derive(Debug, Clone)]
pub struct MfaStatus {
    pub totp_activated_at: Option<Millis>,
    pub totp_pending: bool,
    pub email: Option<(String, Millis)>,
    pub recovery_codes: Option<RecoveryCodeSummary>,
}

impl MfaStatus {
    pub fn enabled(&self) -> bool {
        self.totp_activated_at.is_some() || self.email.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct AccountOverview {
    pub account: Account,
    pub status: MfaStatus,
}

pub struct Core {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    keys: Keys,
    mail: Arc<dyn MailRelay>,
    pub settings: Settings,
    /// Turns at the store's writers, so that async callers wait for one without blocking a
    /// thread; see [`Core::writer_turn`].
    writer_turns: tokio::sync::Semaphore,
    /// A hash of a password nobody has, verified for unknown usernames so that a login for a
    /// missing account costs as much time as one for an existing account.
    decoy_password_hash: std::sync::OnceLock<String>,
}

impl Core {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keys: Keys,
        mail: Arc<dyn MailRelay>,
        settings: Settings,
    ) -> Self {
        let writers = store
            .concurrent_writers()
            .clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        Self {
            writer_turns: tokio::sync::Semaphore::new(writers),
            store,
            clock,
            keys,
            mail,
            settings,
            decoy_password_hash: std::sync::OnceLock::new(),
        }
    }

    /// Waits, without blocking the thread, until a writing operation can start without
    /// waiting for another one; the turn lasts until the returned permit is dropped.
    ///
    /// The operations themselves are synchronous and the store's writer lock blocks a thread.
    /// An async worker blocked on it cannot serve other requests meanwhile: with one worker
    /// per core, the load benchmark spent half of the CPU waiting. Async callers therefore
    /// queue here first and then run the operation inline, where the lock is normally free:
    /// only writers without a turn (password logins and the token purge on the blocking
    /// pool, the WAL checkpointer's final pass, a `user` CLI process) can still make the
    /// operation wait.
    pub async fn writer_turn(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.writer_turns
            .acquire()
            .await
            .expect("the semaphore is never closed")
    }

    pub fn now(&self) -> Millis {
        self.clock.now_ms()
    }

    /// See [`Keys::envelope_signing_key`].
    pub fn envelope_signing_key(&self) -> &[u8; 32] {
        self.keys.envelope_signing_key()
    }

    /// Runs `work` as one transaction. A `CoreError` answer still commits what the work
    /// recorded (e.g. a failed guess); only a `StoreError` rolls back.
    fn atomically<T>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<CoreResult<T>>,
    ) -> CoreResult<T> {
        let mut work = Some(work);
        self.store
            .run(|tx| (work.take().expect("transaction work runs once"))(tx))?
    }

    /// Runs read-only `work` on a snapshot (no lock on the writer).
    fn reading<T>(
        &self,
        work: impl FnOnce(&mut dyn Tx) -> StoreResult<CoreResult<T>>,
    ) -> CoreResult<T> {
        let mut work = Some(work);
        self.store
            .read(|tx| (work.take().expect("snapshot work runs once"))(tx))?
    }

    // ----- accounts -------------------------------------------------------------------------

    pub fn create_account(
        &self,
        username: &str,
        email: &str,
        password: &str,
    ) -> CoreResult<AccountId> {
        if username.is_empty() || password.is_empty() {
            return Err(CoreError::InvalidInput(
                "username and password must not be empty".into(),
            ));
        }
        let hash = crypto::hash_password(password, &self.settings.password_cost);
        let now = self.now();
        self.atomically(|tx| {
            Ok(tx
                .insert_account(username, email, &hash, now)?
                .ok_or(CoreError::UsernameTaken))
        })
    }

    /// Creates the account unless the username exists; true when created.
    pub fn ensure_account(&self, username: &str, email: &str, password: &str) -> CoreResult<bool> {
        match self.create_account(username, email, password) {
            Ok(_) => Ok(true),
            Err(CoreError::UsernameTaken) => Ok(false),
            Err(err) => Err(err),
        }
    }

    pub fn accounts(&self) -> CoreResult<Vec<AccountOverview>> {
        self.reading(|tx| {
            let mut overview = Vec::new();
            for account in tx.accounts()? {
                let status = mfa_status(tx, account.id)?;
                overview.push(AccountOverview { account, status });
            }
            Ok(Ok(overview))
        })
    }

    pub fn account(&self, id: AccountId) -> CoreResult<Account> {
        self.reading(|tx| Ok(tx.account(id)?.ok_or(CoreError::InvalidToken)))
    }

    /// Every mail ever queued, oldest first (the dev outbox).
    pub fn outbox(&self) -> CoreResult<Vec<Mail>> {
        self.reading(|tx| Ok(Ok(tx.mails()?)))
    }

    pub fn audit_log(&self, account: AccountId) -> CoreResult<Vec<AuditEntry>> {
        self.reading(|tx| Ok(Ok(tx.audit_log(account)?)))
    }

    // ----- status ---------------------------------------------------------------------------

    pub fn mfa_status(&self, account: AccountId) -> CoreResult<MfaStatus> {
        self.reading(|tx| Ok(Ok(mfa_status(tx, account)?)))
    }

    /// Seconds until `method` may be guessed again; `Uninitialized` when it has nothing set up.
    pub fn next_guess(&self, account: AccountId, method: Method) -> CoreResult<u64> {
        let now = self.now();
        self.reading(|tx| {
            let set_up = match method {
                Method::Totp => !tx.totp_factors(account)?.is_empty(),
                Method::EmailOtp => tx.email_factor(account)?.is_some(),
                Method::RecoveryCode => tx.recovery_codes(account)?.is_some(),
                Method::Password => true,
            };
            if !set_up {
                return Ok(Err(CoreError::Uninitialized(method)));
            }
            Ok(Ok(throttle::wait_secs(tx.throttle(account, method)?, now)))
        })
    }
}

/// Normalizes a typed recovery code: case, separators, and the letters Crockford's base32
/// reads as digits.
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// Authenticated context for sealing an account's TOTP secrets.
fn secret_context(account: AccountId) -> Vec<u8> {
    format!("totp-secret:{account}").into_bytes()
}

fn issue(
    tx: &mut dyn Tx,
    account: AccountId,
    grants: &[TokenGrant],
    now: Millis,
) -> StoreResult<Vec<IssuedToken>> {
    grants
        .iter()
        .map(|&(kind, lifetime)| {
            let token = crypto::new_token();
            let record = TokenRecord {
                kind,
                account_id: account,
                expires_at: now + lifetime,
            };
            tx.insert_token(&crypto::hash_token(&token), &record)?;
            Ok(IssuedToken { kind, token })
        })
        .collect()
}

/// Runs one guess of `method` under the throttle: refused unchecked while waiting; a miss
/// (`Ok(None)` from `attempt`) counts as a failure, a hit resets the count.
fn guarded_guess<T>(
    tx: &mut dyn Tx,
    account: AccountId,
    method: Method,
    now: Millis,
    attempt: impl FnOnce(&mut dyn Tx) -> StoreResult<CoreResult<Option<T>>>,
) -> StoreResult<CoreResult<T>> {
    let state = tx.throttle(account, method)?;
    let wait = throttle::wait_secs(state, now);
    if wait > 0 {
        return Ok(Err(CoreError::Throttled {
            method,
            retry_after_secs: wait,
        }));
    }
    match attempt(tx)? {
        Ok(Some(value)) => {
            if state != ThrottleState::default() {
                tx.put_throttle(account, method, ThrottleState::default())?;
            }
            Ok(Ok(value))
        }
        Ok(None) => {
            tx.put_throttle(account, method, throttle::after_failure(state, now))?;
            Ok(Err(CoreError::CodeIncorrect(method)))
        }
        Err(err) => Ok(Err(err)),
    }
}

fn mfa_status(tx: &mut dyn Tx, account: AccountId) -> StoreResult<MfaStatus> {
    let factors = tx.totp_factors(account)?;
    let email = tx.email_factor(account)?;
    Ok(MfaStatus {
        totp_activated_at: factors.iter().filter_map(|f| f.activated_at).min(),
        totp_pending: factors.iter().any(|f| !f.is_active()),
        email: email.and_then(|f| Some((f.active_email?, f.activated_at?))),
        recovery_codes: tx.recovery_codes(account)?,
    })
}

fn available_second_factors(tx: &mut dyn Tx, account: AccountId) -> StoreResult<Vec<Method>> {
    let status = mfa_status(tx, account)?;
    let mut methods = Vec::new();
    if status.totp_activated_at.is_some() {
        methods.push(Method::Totp);
    }
    if status.email.is_some() {
        methods.push(Method::EmailOtp);
    }
    if !methods.is_empty()
        && status
            .recovery_codes
            .is_some_and(|codes| codes.remaining > 0)
    {
        methods.push(Method::RecoveryCode);
    }
    Ok(methods)
}

/// Changing MFA needs a sudo token once MFA is on; before that an access token will do.
fn require_step_up(tx: &mut dyn Tx, caller: Caller) -> StoreResult<CoreResult<()>> {
    if caller.kind == TokenKind::Sudo || !mfa_status(tx, caller.account_id)?.enabled() {
        Ok(Ok(()))
    } else {
        Ok(Err(CoreError::SudoRequired))
    }
}

fn require_sudo(caller: Caller) -> CoreResult<()> {
    if caller.kind == TokenKind::Sudo {
        Ok(())
    } else {
        Err(CoreError::SudoRequired)
    }
}

/// When the last active method goes, MFA is off and the recovery codes go with it.
fn drop_recovery_codes_if_unprotected(
    tx: &mut dyn Tx,
    account: AccountId,
    now: Millis,
) -> StoreResult<()> {
    if !mfa_status(tx, account)?.enabled() && tx.recovery_codes(account)?.is_some() {
        tx.replace_recovery_codes(account, &[], now)?;
        audit(
            tx,
            account,
            now,
            "recovery codes dropped (no active method left)",
        )?;
    }
    Ok(())
}

fn audit(tx: &mut dyn Tx, account: AccountId, at: Millis, event: &str) -> StoreResult<()> {
    tx.append_audit(&AuditEntry {
        account_id: account,
        at,
        event: event.to_owned(),
    })
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for `otpauth://` labels).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
