//! The email-OTP factor: codes by mail, at most one mail a minute.

use super::*;

impl Core {
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

    pub fn activate_email(
        &self,
        account: AccountId,
        code: &str,
        format: RecoveryCodeFormat,
    ) -> CoreResult<Vec<String>> {
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
            Ok(Ok(
                self.issue_recovery_codes_if_none(tx, account, format, now)?
            ))
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
        self.reading(|tx| {
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
    pub(super) fn consume_email_code(
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
}
