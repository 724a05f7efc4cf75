//! Password login, tokens, and proving a second factor.

use super::*;

impl Core {
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
        self.reading(|tx| {
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
        let proof_hash = crypto::hash_token(proof_token);
        self.atomically(|tx| {
            // The token was checked before this transaction; a partial token is single use,
            // so make sure a concurrent request has not spent it meanwhile.
            if caller.kind == TokenKind::Partial && tx.token(&proof_hash)?.is_none() {
                return Ok(Err(CoreError::InvalidToken));
            }
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
                tx.delete_token(&proof_hash)?;
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
}
