//! Recovery codes: one set per account, single use, stored as keyed hashes. Their look is the
//! dialect's choice ([`RecoveryCodeFormat`]); whichever dialect issued them, every dialect
//! accepts them.

use super::*;

/// What a dialect's recovery codes look like and how many make a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecoveryCodeFormat {
    pub alphabet: &'static [u8],
    pub length: usize,
    pub count: usize,
}

impl RecoveryCodeFormat {
    /// 10 codes of 16 Crockford base32 characters (80 bits each): the format of dialects
    /// whose vendor does not prescribe one.
    pub const CROCKFORD_16: Self = Self {
        alphabet: RECOVERY_ALPHABET,
        length: 16,
        count: 10,
    };

    fn generate(&self) -> Vec<String> {
        (0..self.count)
            .map(|_| crypto::random_string(self.alphabet, self.length))
            .collect()
    }
}

impl Core {
    pub fn reset_recovery_codes(
        &self,
        caller: Caller,
        format: RecoveryCodeFormat,
    ) -> CoreResult<Vec<String>> {
        let now = self.now();
        let account = caller.account_id;
        self.atomically(|tx| {
            if let Err(err) = require_sudo(caller) {
                return Ok(Err(err));
            }
            if !mfa_status(tx, account)?.enabled() {
                return Ok(Err(CoreError::TwoFactorDisabled));
            }
            let codes = self.replace_recovery_codes(tx, account, format, now)?;
            audit(tx, account, now, "recovery codes reset")?;
            Ok(Ok(codes))
        })
    }

    /// Issues a set in `format` when the account has none.
    pub(super) fn issue_recovery_codes_if_none(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        format: RecoveryCodeFormat,
        now: Millis,
    ) -> StoreResult<Vec<String>> {
        if tx.recovery_codes(account)?.is_some() {
            return Ok(Vec::new());
        }
        let codes = self.replace_recovery_codes(tx, account, format, now)?;
        audit(tx, account, now, "recovery codes issued")?;
        Ok(codes)
    }

    /// Makes the set staged with `factor` (if any) the account's set; true when there was one.
    pub(super) fn promote_staged_recovery_codes(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        factor: FactorId,
        now: Millis,
    ) -> StoreResult<bool> {
        let staged = tx.staged_recovery_codes(factor)?;
        if staged.is_empty() {
            return Ok(false);
        }
        tx.replace_recovery_codes(account, &staged, now)?;
        tx.delete_staged_recovery_codes(factor)?;
        audit(
            tx,
            account,
            now,
            "recovery codes issued (staged with the setup)",
        )?;
        Ok(true)
    }

    /// A fresh set staged with a pending factor; it becomes the account's set (replacing any
    /// other) when that factor is activated.
    pub(super) fn stage_recovery_codes(
        &self,
        tx: &mut dyn Tx,
        factor: FactorId,
        format: RecoveryCodeFormat,
    ) -> StoreResult<Vec<String>> {
        let codes = format.generate();
        tx.stage_recovery_codes(factor, &self.hash_codes(&codes))?;
        Ok(codes)
    }

    fn replace_recovery_codes(
        &self,
        tx: &mut dyn Tx,
        account: AccountId,
        format: RecoveryCodeFormat,
        now: Millis,
    ) -> StoreResult<Vec<String>> {
        let codes = format.generate();
        tx.replace_recovery_codes(account, &self.hash_codes(&codes), now)?;
        Ok(codes)
    }

    fn hash_codes(&self, codes: &[String]) -> Vec<Vec<u8>> {
        codes.iter().map(|code| self.keys.hash_code(code)).collect()
    }
}
