//! The dialect-free MFA core: accounts, factors, tokens, throttling, replay protection, audit.
//!
//! Every public operation is one store transaction (the slow argon2 check of a login runs
//! between two, holding no lock). Operations answer in [`CoreError`]s, which dialects map to
//! their own wire format. Nothing here knows HTTP or any vendor's vocabulary.

pub mod crypto;
pub mod error;
pub mod mail;
pub mod model;
pub mod throttle;
pub mod totp;

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
    pub recovery_code_count: usize,
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
            recovery_code_count: 10,
            password_cost: argon2::Params::default(),
        }
    }
}

/// Crockford's base32: no I, L, O or U, so codes survive being read aloud or handwritten.
pub const RECOVERY_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const RECOVERY_CODE_LEN: usize = 16;
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
        Self {
            store,
            clock,
            keys,
            mail,
            settings,
            decoy_password_hash: std::sync::OnceLock::new(),
        }
    }

    pub fn now(&self) -> Millis {
        self.clock.now_ms()
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
        self.atomically(|tx| {
            let mut overview = Vec::new();
            for account in tx.accounts()? {
                let status = mfa_status(tx, account.id)?;
                overview.push(AccountOverview { account, status });
            }
            Ok(Ok(overview))
        })
    }

    pub fn account(&self, id: AccountId) -> CoreResult<Account> {
        self.atomically(|tx| Ok(tx.account(id)?.ok_or(CoreError::InvalidToken)))
    }

    /// Every mail ever queued, oldest first (the dev outbox).
    pub fn outbox(&self) -> CoreResult<Vec<Mail>> {
        self.atomically(|tx| Ok(Ok(tx.mails()?)))
    }

    pub fn audit_log(&self, account: AccountId) -> CoreResult<Vec<AuditEntry>> {
        self.atomically(|tx| Ok(Ok(tx.audit_log(account)?)))
    }

    // ----- login and tokens -----------------------------------------------------------------

    /// Checks a password, throttled per account like any other guess.
    pub fn login(&self, username: &str, password: &str) -> CoreResult<LoginOutcome> {
        let now = self.now();
        let account = self.atomically(|tx| {
            let Some(account) = tx.account_by_username(username)? else {
                return Ok(Ok(None));
            };
            let wait = throttle::wait_secs(tx.throttle(account.id, Method::Password)?, now);
            if wait > 0 {
                return Ok(Err(CoreError::Throttled {
                    method: Method::Password,
                    retry_after_secs: wait,
                }));
            }
            Ok(Ok(Some(account)))
        })?;
        let Some(account) = account else {
            let decoy = self.decoy_password_hash.get_or_init(|| {
                crypto::hash_password(&crypto::new_token(), &self.settings.password_cost)
            });
            crypto::verify_password(password, decoy);
            return Err(CoreError::PasswordIncorrect);
        };
        let correct = crypto::verify_password(password, &account.password_hash);
        let now = self.now();
        self.atomically(|tx| {
            let state = tx.throttle(account.id, Method::Password)?;
            if !correct {
                tx.put_throttle(
                    account.id,
                    Method::Password,
                    throttle::after_failure(state, now),
                )?;
                return Ok(Err(CoreError::PasswordIncorrect));
            }
            tx.put_throttle(account.id, Method::Password, ThrottleState::default())?;
            let methods = available_second_factors(tx, account.id)?;
            Ok(Ok(if methods.is_empty() {
                LoginOutcome::Complete {
                    account_id: account.id,
                }
            } else {
                LoginOutcome::SecondFactorRequired {
                    account_id: account.id,
                    methods,
                }
            }))
        })
    }

    pub fn issue_tokens(
        &self,
        account: AccountId,
        grants: &[TokenGrant],
    ) -> CoreResult<Vec<IssuedToken>> {
        let now = self.now();
        self.atomically(|tx| Ok(Ok(issue(tx, account, grants, now)?)))
    }

    /// The caller behind `token`, if the token exists, is unexpired and is one of `accepted`.
    pub fn resolve_token(&self, token: &str, accepted: &[TokenKind]) -> CoreResult<Caller> {
        let now = self.now();
        let hash = crypto::hash_token(token);
        self.atomically(|tx| {
            Ok(match tx.token(&hash)? {
                Some(record) if record.expires_at > now && accepted.contains(&record.kind) => {
                    Ok(Caller {
                        account_id: record.account_id,
                        kind: record.kind,
                    })
                }
                _ => Err(CoreError::InvalidToken),
            })
        })
    }

    /// Revokes `old` and issues `grants` in one step (refresh-token rotation).
    pub fn rotate_token(&self, old: &str, grants: &[TokenGrant]) -> CoreResult<Vec<IssuedToken>> {
        let now = self.now();
        let hash = crypto::hash_token(old);
        self.atomically(|tx| {
            let Some(record) = tx.token(&hash)?.filter(|record| record.expires_at > now) else {
                return Ok(Err(CoreError::InvalidToken));
            };
            tx.delete_token(&hash)?;
            Ok(Ok(issue(tx, record.account_id, grants, now)?))
        })
    }

    pub fn revoke_token(&self, token: &str) -> CoreResult<()> {
        let hash = crypto::hash_token(token);
        self.atomically(|tx| Ok(Ok(tx.delete_token(&hash)?)))
    }

    pub fn purge_expired_tokens(&self) -> CoreResult<usize> {
        let now = self.now();
        self.atomically(|tx| Ok(Ok(tx.delete_expired_tokens(now)?)))
    }

    // ----- status ---------------------------------------------------------------------------

    pub fn mfa_status(&self, account: AccountId) -> CoreResult<MfaStatus> {
        self.atomically(|tx| Ok(Ok(mfa_status(tx, account)?)))
    }

    /// Seconds until `method` may be guessed again; `Uninitialized` when it has nothing set up.
    pub fn next_guess(&self, account: AccountId, method: Method) -> CoreResult<u64> {
        let now = self.now();
        self.atomically(|tx| {
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

    // ----- TOTP -----------------------------------------------------------------------------

    /// Issues a pending TOTP secret named `name`, or hands out the same one again while it is
    /// younger than `settings.pending_totp_reuse_ms`.
    pub fn begin_totp_setup(
        &self,
        caller: Caller,
        name: &str,
        params: TotpParams,
    ) -> CoreResult<TotpEnrollment> {
        let now = self.now();
        let account_id = caller.account_id;
        let context = secret_context(account_id);
        self.atomically(|tx| {
            if let Err(err) = require_step_up(tx, caller)? {
                return Ok(Err(err));
            }
            let Some(account) = tx.account(account_id)? else {
                return Ok(Err(CoreError::InvalidToken));
            };
            for pending in tx.totp_factors(account_id)? {
                if pending.is_active() || pending.name != name {
                    continue;
                }
                if now - pending.created_at < self.settings.pending_totp_reuse_ms {
                    let Some(secret) = self.keys.open(&pending.sealed_secret, &context) else {
                        return Ok(Err(CoreError::Corrupt(Method::Totp)));
                    };
                    return Ok(Ok(TotpEnrollment {
                        factor_id: pending.id,
                        uri: self.otpauth_uri(&account.username, &secret, pending.params),
                        resumed: true,
                    }));
                }
                tx.delete_totp(pending.id)?;
            }
            let secret = crypto::random_bytes::<20>();
            let factor = TotpFactor {
                id: 0,
                account_id,
                name: name.to_owned(),
                params,
                sealed_secret: self.keys.seal(&secret, &context),
                created_at: now,
                activated_at: None,
                last_used_step: None,
            };
            let factor_id = tx.insert_totp(&factor)?;
            audit(tx, account_id, now, &format!("totp '{name}' setup started"))?;
            Ok(Ok(TotpEnrollment {
                factor_id,
                uri: self.otpauth_uri(&account.username, &secret, params),
                resumed: false,
            }))
        })
    }

    /// Drops the pending (not yet activated) TOTP secrets of the account.
    pub fn cancel_totp_setup(&self, account: AccountId) -> CoreResult<()> {
        let now = self.now();
        self.atomically(|tx| {
            let pending: Vec<_> = tx
                .totp_factors(account)?
                .into_iter()
                .filter(|factor| !factor.is_active())
                .collect();
            if pending.is_empty() {
                return Ok(Err(CoreError::Uninitialized(Method::Totp)));
            }
            for factor in pending {
                tx.delete_totp(factor.id)?;
            }
            audit(tx, account, now, "totp setup cancelled")?;
            Ok(Ok(()))
        })
    }

    /// Proves a pending secret with `code` and activates it: the factor `which` (dialects
    /// with several authenticators address them by id), or else the newest pending one. With
    /// `replace_active`, the account's other active TOTP factors are removed
    /// (single-authenticator dialects). Returns new recovery codes when the account had none,
    /// otherwise an empty list.
    pub fn activate_totp(
        &self,
        account: AccountId,
        which: Option<FactorId>,
        code: &str,
        replace_active: bool,
    ) -> CoreResult<Vec<String>> {
        let now = self.now();
        self.atomically(|tx| {
            let factors = tx.totp_factors(account)?;
            let candidate = factors
                .iter()
                .rev()
                .find(|f| !f.is_active() && which.is_none_or(|id| f.id == id));
            let Some(mut pending) = candidate.cloned() else {
                return Ok(Err(CoreError::Uninitialized(Method::Totp)));
            };
            let checked = guarded_guess(tx, account, Method::Totp, now, |_| {
                Ok(self.totp_step(&pending, code, now))
            })?;
            let step = match checked {
                Ok(step) => step,
                Err(err) => return Ok(Err(err)),
            };
            pending.activated_at = Some(now);
            pending.last_used_step = Some(step);
            tx.update_totp(&pending)?;
            if replace_active {
                for old in factors.iter().filter(|f| f.is_active()) {
                    tx.delete_totp(old.id)?;
                }
            }
            audit(
                tx,
                account,
                now,
                &format!("totp '{}' activated", pending.name),
            )?;
            Ok(Ok(self.issue_recovery_codes_if_none(tx, account, now)?))
        })
    }

    /// Removes every TOTP factor of the account (active and pending).
    pub fn remove_totp(&self, caller: Caller) -> CoreResult<()> {
        let now = self.now();
        let account = caller.account_id;
        self.atomically(|tx| {
            if let Err(err) = require_sudo(caller) {
                return Ok(Err(err));
            }
            let factors = tx.totp_factors(account)?;
            if !factors.iter().any(TotpFactor::is_active) {
                return Ok(Err(CoreError::AlreadyInactive(Method::Totp)));
            }
            for factor in factors {
                tx.delete_totp(factor.id)?;
            }
            audit(tx, account, now, "totp removed")?;
            drop_recovery_codes_if_unprotected(tx, account, now)?;
            Ok(Ok(()))
        })
    }

    /// The time step `code` proves for `factor`, or a reason it proves none.
    fn totp_step(&self, factor: &TotpFactor, code: &str, now: Millis) -> CoreResult<Option<i64>> {
        let secret = self
            .keys
            .open(&factor.sealed_secret, &secret_context(factor.account_id))
            .ok_or(CoreError::Corrupt(Method::Totp))?;
        totp::matching_step(
            &secret,
            factor.params,
            code,
            now.div_euclid(1000),
            factor.last_used_step,
        )
        .map_err(|()| CoreError::Corrupt(Method::Totp))
    }

    fn otpauth_uri(&self, username: &str, secret: &[u8], params: TotpParams) -> String {
        let issuer = percent_encode(&self.settings.issuer);
        format!(
            "otpauth://totp/{issuer}:{account}?issuer={issuer}&secret={secret}&algorithm={algorithm}&digits={digits}&period={period}",
            account = percent_encode(username),
            secret = data_encoding::BASE32_NOPAD.encode(secret),
            algorithm = params.algorithm.as_str(),
            digits = params.digits,
            period = params.period_secs,
        )
    }

    // ----- second-factor authentication -----------------------------------------------------

    /// Checks a second factor and, in the same transaction, consumes the code (replay step,
    /// spent recovery code or emailed code), revokes a partial token used as proof and mints
    /// `grants`.
    pub fn authenticate(
        &self,
        caller: Caller,
        proof_token: &str,
        factor: SecondFactor<'_>,
        grants: &[TokenGrant],
    ) -> CoreResult<Vec<IssuedToken>> {
        let now = self.now();
        let account = caller.account_id;
        let method = factor.method();
        self.atomically(|tx| {
            let ready = match factor {
                SecondFactor::Totp(_) => {
                    tx.totp_factors(account)?.iter().any(TotpFactor::is_active)
                }
                SecondFactor::EmailOtp(_) => {
                    tx.email_factor(account)?.is_some_and(|f| f.is_active())
                }
                SecondFactor::RecoveryCode(_) => tx.recovery_codes(account)?.is_some(),
            };
            if !ready {
                return Ok(Err(match method {
                    Method::EmailOtp => CoreError::Inactive(method),
                    _ => CoreError::Uninitialized(method),
                }));
            }
            let verdict = guarded_guess(tx, account, method, now, |tx| match factor {
                SecondFactor::Totp(code) => self.consume_totp(tx, account, code, now),
                SecondFactor::EmailOtp(code) => {
                    self.consume_email_code(tx, account, code, EmailCodePurpose::Challenge, now)
                }
                SecondFactor::RecoveryCode(code) => {
                    let hash = self.keys.hash_code(&normalize_recovery_code(code));
                    let spent = tx.spend_recovery_code(account, &hash, now)?;
                    if spent {
                        audit(tx, account, now, "recovery code used")?;
                    }
                    Ok(Ok(spent.then_some(())))
                }
            })?;
            if let Err(err) = verdict {
                return Ok(Err(err));
            }
            if caller.kind == TokenKind::Partial {
                tx.delete_token(&crypto::hash_token(proof_token))?;
            }
            Ok(Ok(issue(tx, account, grants, now)?))
        })
    }

    fn consume_totp(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        code: &str,
        now: Millis,
    ) -> StoreResult<CoreResult<Option<()>>> {
        for mut factor in tx
            .totp_factors(account)?
            .into_iter()
            .filter(TotpFactor::is_active)
        {
            match self.totp_step(&factor, code, now) {
                Ok(Some(step)) => {
                    factor.last_used_step = Some(step);
                    tx.update_totp(&factor)?;
                    return Ok(Ok(Some(())));
                }
                Ok(None) => {}
                Err(err) => return Ok(Err(err)),
            }
        }
        Ok(Ok(None))
    }

    // ----- email OTP ------------------------------------------------------------------------

    /// Sets up (or changes) the email factor's address and mails it a code.
    pub fn begin_email_setup(&self, caller: Caller, email: &str) -> CoreResult<()> {
        let now = self.now();
        let account = caller.account_id;
        let mail = self.atomically(|tx| {
            if let Err(err) = require_step_up(tx, caller)? {
                return Ok(Err(err));
            }
            let mut factor = tx.email_factor(account)?.unwrap_or(EmailFactor {
                account_id: account,
                ..EmailFactor::default()
            });
            if let Err(err) = self.mail_allowed(&factor, now) {
                return Ok(Err(err));
            }
            factor.pending_email = Some(email.to_owned());
            let mail = self.mail_code(tx, &mut factor, email, EmailCodePurpose::Enable, now)?;
            audit(tx, account, now, "email otp setup started")?;
            Ok(Ok(mail))
        })?;
        self.mail.deliver(&mail);
        Ok(())
    }

    pub fn activate_email(&self, account: AccountId, code: &str) -> CoreResult<Vec<String>> {
        let now = self.now();
        self.atomically(|tx| {
            let pending = tx.email_factor(account)?.and_then(|f| f.pending_email);
            let Some(email) = pending else {
                return Ok(Err(CoreError::Uninitialized(Method::EmailOtp)));
            };
            let verdict = guarded_guess(tx, account, Method::EmailOtp, now, |tx| {
                self.consume_email_code(tx, account, code, EmailCodePurpose::Enable, now)
            })?;
            if let Err(err) = verdict {
                return Ok(Err(err));
            }
            let mut factor = tx
                .email_factor(account)?
                .expect("checked above in this transaction");
            factor.active_email = Some(email);
            factor.activated_at = Some(now);
            factor.pending_email = None;
            tx.put_email_factor(&factor)?;
            audit(tx, account, now, "email otp activated")?;
            Ok(Ok(self.issue_recovery_codes_if_none(tx, account, now)?))
        })
    }

    /// Mails a login or step-up code to the active address.
    pub fn send_email_challenge(&self, account: AccountId) -> CoreResult<()> {
        let now = self.now();
        let mail = self.atomically(|tx| {
            let Some(mut factor) = tx.email_factor(account)?.filter(EmailFactor::is_active) else {
                return Ok(Err(CoreError::Uninitialized(Method::EmailOtp)));
            };
            if let Err(err) = self.mail_allowed(&factor, now) {
                return Ok(Err(err));
            }
            let to = factor
                .active_email
                .clone()
                .expect("active factor has an address");
            Ok(Ok(self.mail_code(
                tx,
                &mut factor,
                &to,
                EmailCodePurpose::Challenge,
                now,
            )?))
        })?;
        self.mail.deliver(&mail);
        Ok(())
    }

    pub fn remove_email(&self, caller: Caller) -> CoreResult<()> {
        let now = self.now();
        let account = caller.account_id;
        self.atomically(|tx| {
            if let Err(err) = require_sudo(caller) {
                return Ok(Err(err));
            }
            if !tx.email_factor(account)?.is_some_and(|f| f.is_active()) {
                return Ok(Err(CoreError::AlreadyInactive(Method::EmailOtp)));
            }
            tx.delete_email_factor(account)?;
            audit(tx, account, now, "email otp removed")?;
            drop_recovery_codes_if_unprotected(tx, account, now)?;
            Ok(Ok(()))
        })
    }

    /// Seconds until another code mail may be sent.
    pub fn next_email(&self, account: AccountId) -> CoreResult<u64> {
        let now = self.now();
        self.atomically(|tx| {
            let Some(factor) = tx.email_factor(account)? else {
                return Ok(Err(CoreError::Uninitialized(Method::EmailOtp)));
            };
            Ok(Ok(self.mail_wait_secs(&factor, now)))
        })
    }

    fn mail_wait_secs(&self, factor: &EmailFactor, now: Millis) -> u64 {
        factor.last_sent_at.map_or(0, |sent| {
            secs_until(now, sent + self.settings.email_interval_ms)
        })
    }

    fn mail_allowed(&self, factor: &EmailFactor, now: Millis) -> CoreResult<()> {
        match self.mail_wait_secs(factor, now) {
            0 => Ok(()),
            wait => Err(CoreError::MailTooSoon {
                retry_after_secs: wait,
            }),
        }
    }

    fn mail_code(
        &self,
        tx: &mut dyn Tx,
        factor: &mut EmailFactor,
        to: &str,
        purpose: EmailCodePurpose,
        now: Millis,
    ) -> StoreResult<Mail> {
        let code = crypto::random_string(b"0123456789", EMAIL_CODE_DIGITS);
        factor.code = Some(PendingEmailCode {
            purpose,
            code_hash: self.keys.hash_code(&code),
            expires_at: now + self.settings.email_code_ttl_ms,
        });
        factor.last_sent_at = Some(now);
        tx.put_email_factor(factor)?;
        let minutes = self.settings.email_code_ttl_ms / 60_000;
        let mail = Mail {
            to: to.to_owned(),
            subject: format!("{} verification code", self.settings.issuer),
            body: format!("Your verification code is {code}. It expires in {minutes} minutes."),
            code: Some(code),
            sent_at: iso8601(now),
        };
        tx.append_mail(&mail)?;
        Ok(mail)
    }

    /// Checks an emailed code for `purpose` and spends it on success.
    fn consume_email_code(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        code: &str,
        purpose: EmailCodePurpose,
        now: Millis,
    ) -> StoreResult<CoreResult<Option<()>>> {
        use subtle::ConstantTimeEq;
        let Some(mut factor) = tx.email_factor(account)? else {
            return Ok(Ok(None));
        };
        let expected = factor
            .code
            .as_ref()
            .filter(|pending| pending.purpose == purpose && pending.expires_at > now);
        let matches = expected
            .is_some_and(|pending| bool::from(pending.code_hash.ct_eq(&self.keys.hash_code(code))));
        if matches {
            factor.code = None;
            tx.put_email_factor(&factor)?;
        }
        Ok(Ok(matches.then_some(())))
    }

    // ----- trusted devices ------------------------------------------------------------------
    // Dialects that let a device skip the second factor (emnify's `fingerprint`) use these.

    /// Remembers `fingerprint` for `lifetime_ms`; only its keyed hash is stored.
    pub fn trust_device(
        &self,
        account: AccountId,
        fingerprint: &str,
        label: &str,
        lifetime_ms: Millis,
    ) -> CoreResult<i64> {
        let now = self.now();
        let device = TrustedDevice {
            id: 0,
            account_id: account,
            fingerprint_hash: self.keys.hash_code(fingerprint),
            label: label.to_owned(),
            created_at: now,
            expires_at: now + lifetime_ms,
        };
        self.atomically(|tx| {
            let id = tx.insert_trusted_device(&device)?;
            audit(tx, account, now, &format!("trusted device {id} added"))?;
            Ok(Ok(id))
        })
    }

    /// Unexpired trusted devices of the account.
    pub fn trusted_devices(&self, account: AccountId) -> CoreResult<Vec<TrustedDevice>> {
        let now = self.now();
        self.atomically(|tx| {
            let mut devices = tx.trusted_devices(account)?;
            devices.retain(|device| device.expires_at > now);
            Ok(Ok(devices))
        })
    }

    pub fn is_trusted_device(&self, account: AccountId, fingerprint: &str) -> CoreResult<bool> {
        use subtle::ConstantTimeEq;
        let hash = self.keys.hash_code(fingerprint);
        Ok(self
            .trusted_devices(account)?
            .iter()
            .any(|device| bool::from(device.fingerprint_hash.ct_eq(&hash))))
    }

    pub fn forget_trusted_device(&self, account: AccountId, id: i64) -> CoreResult<bool> {
        let now = self.now();
        self.atomically(|tx| {
            let removed = tx.delete_trusted_device(account, id)?;
            if removed {
                audit(tx, account, now, &format!("trusted device {id} removed"))?;
            }
            Ok(Ok(removed))
        })
    }

    // ----- recovery codes -------------------------------------------------------------------

    pub fn reset_recovery_codes(&self, caller: Caller) -> CoreResult<Vec<String>> {
        let now = self.now();
        let account = caller.account_id;
        self.atomically(|tx| {
            if let Err(err) = require_sudo(caller) {
                return Ok(Err(err));
            }
            if !mfa_status(tx, account)?.enabled() {
                return Ok(Err(CoreError::TwoFactorDisabled));
            }
            let codes = self.replace_recovery_codes(tx, account, now)?;
            audit(tx, account, now, "recovery codes reset")?;
            Ok(Ok(codes))
        })
    }

    fn issue_recovery_codes_if_none(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        now: Millis,
    ) -> StoreResult<Vec<String>> {
        if tx.recovery_codes(account)?.is_some() {
            return Ok(Vec::new());
        }
        let codes = self.replace_recovery_codes(tx, account, now)?;
        audit(tx, account, now, "recovery codes issued")?;
        Ok(codes)
    }

    fn replace_recovery_codes(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        now: Millis,
    ) -> StoreResult<Vec<String>> {
        let codes: Vec<String> = (0..self.settings.recovery_code_count)
            .map(|_| crypto::random_string(RECOVERY_ALPHABET, RECOVERY_CODE_LEN))
            .collect();
        let hashes: Vec<Vec<u8>> = codes.iter().map(|code| self.keys.hash_code(code)).collect();
        tx.replace_recovery_codes(account, &hashes, now)?;
        Ok(codes)
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
