//! TOTP factors: setup (with resume), activation, removal.

use subtle::ConstantTimeEq;

use super::*;

impl Core {
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
            let account = match setup_allowed(tx, caller)? {
                Ok(account) => account,
                Err(err) => return Ok(Err(err)),
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
                        ticket: self.enrollment_ticket(&pending),
                        secret,
                        resumed: true,
                    }));
                }
                tx.delete_totp(pending.id)?;
            }
            let secret = crypto::random_bytes::<20>();
            let factor = self.new_pending_factor(account_id, name, params, &secret, now);
            Ok(Ok(self.insert_pending_totp(tx, &account, factor, &secret)?))
        })
    }

    /// Like [`Core::begin_totp_setup`], but always with a fresh secret (a pending one of the
    /// same name is replaced) and with a set of recovery codes in `format` handed out now and
    /// staged with the factor: they become the account's codes when it is activated.
    pub fn begin_totp_setup_with_codes(
        &self,
        caller: Caller,
        name: &str,
        params: TotpParams,
        format: RecoveryCodeFormat,
    ) -> CoreResult<(TotpEnrollment, Vec<String>)> {
        let now = self.now();
        let account_id = caller.account_id;
        self.atomically(|tx| {
            let account = match setup_allowed(tx, caller)? {
                Ok(account) => account,
                Err(err) => return Ok(Err(err)),
            };
            for pending in tx.totp_factors(account_id)? {
                if !pending.is_active() && pending.name == name {
                    tx.delete_totp(pending.id)?;
                }
            }
            let secret = crypto::random_bytes::<20>();
            let factor = self.new_pending_factor(account_id, name, params, &secret, now);
            let enrollment = self.insert_pending_totp(tx, &account, factor, &secret)?;
            let codes = self.stage_recovery_codes(tx, enrollment.factor_id, format)?;
            Ok(Ok((enrollment, codes)))
        })
    }

    fn new_pending_factor(
        &self,
        account_id: AccountId,
        name: &str,
        params: TotpParams,
        secret: &[u8],
        now: Millis,
    ) -> TotpFactor {
        TotpFactor {
            id: 0,
            account_id,
            name: name.to_owned(),
            params,
            sealed_secret: self.keys.seal(secret, &secret_context(account_id)),
            created_at: now,
            activated_at: None,
            last_used_step: None,
        }
    }

    fn insert_pending_totp(
        &self,
        tx: &mut dyn Tx,
        account: &Account,
        mut factor: TotpFactor,
        secret: &[u8],
    ) -> StoreResult<TotpEnrollment> {
        factor.id = tx.insert_totp(&factor)?;
        let event = format!("totp '{}' setup started", factor.name);
        audit(tx, account.id, factor.created_at, &event)?;
        Ok(TotpEnrollment {
            factor_id: factor.id,
            uri: self.otpauth_uri(&account.username, secret, factor.params),
            ticket: self.enrollment_ticket(&factor),
            secret: secret.to_vec(),
            resumed: false,
        })
    }

    /// A keyed hash naming one pending factor, for dialects whose activation call carries a
    /// token from the setup call (not stored: it is recomputed to check it).
    fn enrollment_ticket(&self, factor: &TotpFactor) -> Vec<u8> {
        let name = format!(
            "totp-enrollment:{}:{}:{}",
            factor.account_id, factor.id, factor.created_at
        );
        self.keys.hash_code(&name)
    }

    /// The pending factor an enrollment ticket names, while it is younger than
    /// `settings.pending_totp_reuse_ms`; `Uninitialized` otherwise.
    pub fn pending_factor_for_ticket(
        &self,
        account: AccountId,
        ticket: &[u8],
    ) -> CoreResult<FactorId> {
        let now = self.now();
        self.reading(|tx| {
            let found = tx.totp_factors(account)?.into_iter().find(|factor| {
                !factor.is_active()
                    && now - factor.created_at < self.settings.pending_totp_reuse_ms
                    && bool::from(self.enrollment_ticket(factor).ct_eq(ticket))
            });
            Ok(found
                .map(|factor| factor.id)
                .ok_or(CoreError::Uninitialized(Method::Totp)))
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
    /// (single-authenticator dialects). Returns new recovery codes in `format` when the
    /// account had none (and none were staged with the factor), otherwise an empty list.
    pub fn activate_totp(
        &self,
        account: AccountId,
        which: Option<FactorId>,
        code: &str,
        replace_active: bool,
        format: RecoveryCodeFormat,
    ) -> CoreResult<Vec<String>> {
        let now = self.now();
        self.atomically(|tx| {
            let Some(pending) = pending_factor(tx, account, which)? else {
                return Ok(Err(CoreError::Uninitialized(Method::Totp)));
            };
            let checked = guarded_guess(tx, account, Method::Totp, now, |_| {
                Ok(self.totp_step(&pending, code, now))
            })?;
            match checked {
                Ok(step) => Ok(Ok(self.finish_activation(
                    tx,
                    pending,
                    Some(step),
                    replace_active,
                    Some(format),
                    now,
                )?)),
                Err(err) => Ok(Err(err)),
            }
        })
    }

    /// Activates the pending factor `which` with one of the recovery codes staged with it
    /// ([`Core::begin_totp_setup_with_codes`]); that code is then spent. Throttled as a
    /// recovery-code guess.
    pub fn activate_totp_with_recovery_code(
        &self,
        account: AccountId,
        which: FactorId,
        code: &str,
        replace_active: bool,
    ) -> CoreResult<()> {
        let now = self.now();
        let hash = self.keys.hash_code(&normalize_recovery_code(code));
        self.atomically(|tx| {
            let Some(pending) = pending_factor(tx, account, Some(which))? else {
                return Ok(Err(CoreError::Uninitialized(Method::Totp)));
            };
            let checked = guarded_guess(tx, account, Method::RecoveryCode, now, |tx| {
                let staged = tx.staged_recovery_codes(pending.id)?;
                Ok(Ok(staged.contains(&hash).then_some(())))
            })?;
            if let Err(err) = checked {
                return Ok(Err(err));
            }
            self.finish_activation(tx, pending, None, replace_active, None, now)?;
            tx.spend_recovery_code(account, &hash, now)?;
            audit(tx, account, now, "recovery code used")?;
            Ok(Ok(()))
        })
    }

    fn finish_activation(
        &self,
        tx: &mut dyn Tx,
        mut pending: TotpFactor,
        step: Option<i64>,
        replace_active: bool,
        format: Option<RecoveryCodeFormat>,
        now: Millis,
    ) -> StoreResult<Vec<String>> {
        let account = pending.account_id;
        pending.activated_at = Some(now);
        pending.last_used_step = step;
        tx.update_totp(&pending)?;
        if replace_active {
            for old in tx.totp_factors(account)? {
                if old.is_active() && old.id != pending.id {
                    tx.delete_totp(old.id)?;
                }
            }
        }
        audit(
            tx,
            account,
            now,
            &format!("totp '{}' activated", pending.name),
        )?;
        if self.promote_staged_recovery_codes(tx, account, pending.id, now)? {
            // The staged codes were shown when the setup began.
            return Ok(Vec::new());
        }
        match format {
            Some(format) => self.issue_recovery_codes_if_none(tx, account, format, now),
            None => Ok(Vec::new()),
        }
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
    pub(super) fn totp_step(
        &self,
        factor: &TotpFactor,
        code: &str,
        now: Millis,
    ) -> CoreResult<Option<i64>> {
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
}

/// The pending factor `which`, or else the newest pending one.
fn pending_factor(
    tx: &mut dyn Tx,
    account: AccountId,
    which: Option<FactorId>,
) -> StoreResult<Option<TotpFactor>> {
    Ok(tx
        .totp_factors(account)?
        .into_iter()
        .rev()
        .find(|f| !f.is_active() && which.is_none_or(|id| f.id == id)))
}

/// The caller's account, when it may set up a factor now (see `require_step_up`).
fn setup_allowed(tx: &mut dyn Tx, caller: Caller) -> StoreResult<CoreResult<Account>> {
    if let Err(err) = require_step_up(tx, caller)? {
        return Ok(Err(err));
    }
    Ok(tx
        .account(caller.account_id)?
        .ok_or(CoreError::InvalidToken))
}
