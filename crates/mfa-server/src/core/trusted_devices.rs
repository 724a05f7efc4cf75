//! Devices allowed to skip the second factor (for dialects that have the notion).

use super::*;

impl Core {
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
        self.reading(|tx| {
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
}
