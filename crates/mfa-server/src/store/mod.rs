//! Persistence behind two traits, so another database (e.g. PostgreSQL for several server
//! instances) can replace SQLite without touching the core or the dialects.
//!
//! [`Store::transaction`] runs a unit of work atomically: the core performs every state change
//! as exactly one such unit, so a crash or a concurrent request never sees half a change.
//! Returning `Err(StoreError)` from the work rolls it back; anything else commits.

pub mod sqlite;

use crate::clock::Millis;
use crate::core::error::StoreError;
use crate::core::model::{
    Account, AccountId, AuditEntry, EmailFactor, FactorId, Mail, Method, RecoveryCodeSummary,
    ThrottleState, TokenRecord, TotpFactor, TrustedDevice,
};

pub type StoreResult<T> = Result<T, StoreError>;

pub trait Store: Send + Sync + 'static {
    /// Runs `work` in one serializable transaction; commits unless it returns an error.
    fn transaction(&self, work: &mut dyn FnMut(&mut dyn Tx) -> StoreResult<()>) -> StoreResult<()>;

    /// Runs read-only `work` on a consistent snapshot, without waiting for the writer.
    /// Writes inside it fail.
    fn snapshot(&self, work: &mut dyn FnMut(&mut dyn Tx) -> StoreResult<()>) -> StoreResult<()>;

    /// How many [`Store::transaction`]s can make progress at once (SQLite: one writer; a
    /// server database: its connection pool). Async callers queue for a turn beyond this
    /// ([`Core::writer_turn`](crate::core::Core::writer_turn)) rather than block a runtime
    /// thread inside `transaction` while the other runtime threads sit idle.
    fn concurrent_writers(&self) -> usize;
}

impl dyn Store {
    /// [`Store::transaction`] for work that produces a value.
    pub fn run<R>(&self, mut work: impl FnMut(&mut dyn Tx) -> StoreResult<R>) -> StoreResult<R> {
        let mut result = None;
        self.transaction(&mut |tx| {
            result = Some(work(tx)?);
            Ok(())
        })?;
        Ok(result.expect("a committed transaction ran its work"))
    }

    /// [`Store::snapshot`] for work that produces a value.
    pub fn read<R>(&self, mut work: impl FnMut(&mut dyn Tx) -> StoreResult<R>) -> StoreResult<R> {
        let mut result = None;
        self.snapshot(&mut |tx| {
            result = Some(work(tx)?);
            Ok(())
        })?;
        Ok(result.expect("a finished snapshot ran its work"))
    }
}

/// The operations available inside a transaction. Plain reads and writes: all policy lives in
/// the core.
pub trait Tx {
    fn insert_account(
        &mut self,
        username: &str,
        email: &str,
        password_hash: &str,
        at: Millis,
    ) -> StoreResult<Option<AccountId>>;
    fn account_by_username(&mut self, username: &str) -> StoreResult<Option<Account>>;
    fn account(&mut self, id: AccountId) -> StoreResult<Option<Account>>;
    fn accounts(&mut self) -> StoreResult<Vec<Account>>;

    fn insert_totp(&mut self, factor: &TotpFactor) -> StoreResult<FactorId>;
    fn totp_factors(&mut self, account: AccountId) -> StoreResult<Vec<TotpFactor>>;
    /// Writes `activated_at` and `last_used_step` of an existing factor.
    fn update_totp(&mut self, factor: &TotpFactor) -> StoreResult<()>;
    fn delete_totp(&mut self, id: FactorId) -> StoreResult<()>;

    fn email_factor(&mut self, account: AccountId) -> StoreResult<Option<EmailFactor>>;
    fn put_email_factor(&mut self, factor: &EmailFactor) -> StoreResult<()>;
    fn delete_email_factor(&mut self, account: AccountId) -> StoreResult<()>;

    fn replace_recovery_codes(
        &mut self,
        account: AccountId,
        hashes: &[Vec<u8>],
        at: Millis,
    ) -> StoreResult<()>;
    fn recovery_codes(&mut self, account: AccountId) -> StoreResult<Option<RecoveryCodeSummary>>;
    /// Replaces the codes staged with a pending TOTP factor (they go with it when it is
    /// deleted).
    fn stage_recovery_codes(&mut self, factor: FactorId, hashes: &[Vec<u8>]) -> StoreResult<()>;
    fn staged_recovery_codes(&mut self, factor: FactorId) -> StoreResult<Vec<Vec<u8>>>;
    fn delete_staged_recovery_codes(&mut self, factor: FactorId) -> StoreResult<()>;
    /// Marks the unused code with this hash as used; false when there is none.
    fn spend_recovery_code(
        &mut self,
        account: AccountId,
        hash: &[u8],
        at: Millis,
    ) -> StoreResult<bool>;

    fn insert_token(&mut self, hash: &[u8], record: &TokenRecord) -> StoreResult<()>;
    fn token(&mut self, hash: &[u8]) -> StoreResult<Option<TokenRecord>>;
    fn delete_token(&mut self, hash: &[u8]) -> StoreResult<()>;
    fn delete_expired_tokens(&mut self, now: Millis) -> StoreResult<usize>;

    fn throttle(&mut self, account: AccountId, method: Method) -> StoreResult<ThrottleState>;
    fn put_throttle(
        &mut self,
        account: AccountId,
        method: Method,
        state: ThrottleState,
    ) -> StoreResult<()>;

    fn insert_trusted_device(&mut self, device: &TrustedDevice) -> StoreResult<i64>;
    fn trusted_devices(&mut self, account: AccountId) -> StoreResult<Vec<TrustedDevice>>;
    fn delete_trusted_device(&mut self, account: AccountId, id: i64) -> StoreResult<bool>;

    fn append_audit(&mut self, entry: &AuditEntry) -> StoreResult<()>;
    fn audit_log(&mut self, account: AccountId) -> StoreResult<Vec<AuditEntry>>;

    fn append_mail(&mut self, mail: &Mail) -> StoreResult<()>;
    fn mails(&mut self) -> StoreResult<Vec<Mail>>;
}
