//! TOTP factors: setup (with resume), activation, removal.

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
