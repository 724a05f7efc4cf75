//! Recovery codes: issued once, single use, stored as keyed hashes.

use super::*;

impl Core {
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

    pub(super) fn issue_recovery_codes_if_none(
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
