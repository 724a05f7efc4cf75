//! The SQLite store: one file `mfa.sqlite3` in the data folder, WAL journal.
//!
//! One writing connection behind a mutex: SQLite allows one writer at a time anyway, and
//! nearly every request writes (tokens, replay steps, throttle counters), so a pool of writers
//! would only add lock contention. A few read-only connections serve snapshots (token checks,
//! status reads) next to the writer, which WAL allows. `BEGIN IMMEDIATE` plus a busy timeout
//! lets a second process (the `user` CLI) share the file safely.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};

use super::{Store, StoreResult, Tx};
use crate::clock::Millis;
use crate::core::error::StoreError;
use crate::core::model::{
    Account, AccountId, AuditEntry, EmailCodePurpose, EmailFactor, FactorId, Mail, Method,
    PendingEmailCode, RecoveryCodeSummary, ThrottleState, TokenKind, TokenRecord, TotpAlgorithm,
    TotpFactor, TotpParams, TrustedDevice,
};

pub const DB_FILE: &str = "mfa.sqlite3";

/// Schema versions, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE totp_factor (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    digits INTEGER NOT NULL,
    period_secs INTEGER NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    activated_at INTEGER,
    last_used_step INTEGER
);
CREATE INDEX totp_factor_account ON totp_factor(account_id);
CREATE TABLE email_factor (
    account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
    active_email TEXT,
    activated_at INTEGER,
    pending_email TEXT,
    code_purpose TEXT,
    code_hash BLOB,
    code_expires_at INTEGER,
    last_sent_at INTEGER
);
CREATE TABLE recovery_code (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    issued_at INTEGER NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (account_id, code_hash)
) WITHOUT ROWID;
CREATE TABLE token (
    hash BLOB PRIMARY KEY,
    kind TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE throttle (
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    blocked_until INTEGER,
    PRIMARY KEY (account_id, method)
) WITHOUT ROWID;
CREATE TABLE trusted_device (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    fingerprint_hash BLOB NOT NULL,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    code TEXT,
    sent_at TEXT NOT NULL
);
"#,
    // Every token insert also wrote this index; the periodic purge can scan instead.
    "DROP INDEX IF EXISTS token_expiry;",
    // Recovery codes handed out with a TOTP setup (Veeam's scratch codes), until it is
    // activated.
    r#"
CREATE TABLE staged_recovery_code (
    factor_id INTEGER NOT NULL REFERENCES totp_factor(id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    PRIMARY KEY (factor_id, code_hash)
) WITHOUT ROWID;
"#,
];

const READERS: usize = 2;

/// How often the checkpointer copies committed WAL pages into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(100);
/// WAL length (in pages, 4 KiB each) at which the checkpointer holds the writer back so the
/// WAL can start over; see [`checkpoint_in_background`]. That pause lasts one checkpoint's
/// fsyncs (20-60 ms measured while other builds kept the disk busy); at ~5 pages per TOTP
/// login, 16000 pages means one pause per ~3000 logins. Tests use a smaller WAL to
/// exercise the restart quickly.
const WAL_RESTART_PAGES: i64 = if cfg!(test) { 2000 } else { 16000 };

pub struct SqliteStore {
    writer: Arc<Mutex<Connection>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// Dropping this stops the checkpointer thread.
    _checkpointer: mpsc::Sender<()>,
}

impl SqliteStore {
    pub fn open(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join(DB_FILE);
        let mut writer = Connection::open(&path)?;
        keep_plans(&writer)?;
        writer.busy_timeout(Duration::from_secs(5))?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        // With WAL, NORMAL loses at most the last commits on power loss, never consistency.
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        writer.pragma_update(None, "foreign_keys", "ON")?;
        // Checkpoints run on their own thread (see `checkpoint_in_background`), not in
        // whichever commit happens to fill the WAL past 1000 pages.
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        // After a burst made the WAL longer than usual, shrink its file when it starts over.
        writer.pragma_update(None, "journal_size_limit", 128 * 1024 * 1024)?;
        migrate(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| {
                let reader = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                keep_plans(&reader)?;
                reader.busy_timeout(Duration::from_secs(5))?;
                Ok(Mutex::new(reader))
            })
            .collect::<rusqlite::Result<_>>()?;
        let writer = Arc::new(Mutex::new(writer));
        Ok(Self {
            _checkpointer: checkpoint_in_background(&path, Arc::clone(&writer))?,
            writer,
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }
}

/// Starts a thread that checkpoints the WAL every [`CHECKPOINT_INTERVAL`] until the returned
/// sender is dropped.
///
/// A checkpoint copies pages into the database file and fsyncs both files: milliseconds of
/// disk wait. SQLite's automatic checkpoint does this inside the commit that crosses its
/// threshold, while that commit still holds the single writer lock, so every request queued
/// behind it waited too (the load benchmark saw an fsync of ~7 ms every ~200 commits). A
/// PASSIVE checkpoint on another connection does the bulk of the copying next to the writer
/// instead. Durability is unchanged: `synchronous=NORMAL` never fsynced commits, only
/// checkpoints.
///
/// The WAL starts over only when a write begins with every page copied, which never happens
/// under steady load while the copying runs unlocked. So once the WAL is long, the thread
/// copies the few pages committed since its last pass while holding the writer lock; the
/// next write then rewinds the WAL.
fn checkpoint_in_background(
    path: &Path,
    writer: Arc<Mutex<Connection>>,
) -> anyhow::Result<mpsc::Sender<()>> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(Duration::from_secs(5))?;
    let checkpoint = move || -> rusqlite::Result<()> {
        // Copies what it can without waiting; answers the WAL's length in pages.
        let passive = || -> rusqlite::Result<i64> {
            connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| row.get(1))
        };
        if passive()? >= WAL_RESTART_PAGES {
            let _writer = lock(&writer);
            passive()?;
        }
        Ok(())
    };
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(CHECKPOINT_INTERVAL)
            {
                if let Err(err) = checkpoint() {
                    tracing::warn!(error = %err, "checkpointing the SQLite WAL");
                }
            }
        })?;
    Ok(stop)
}

/// Keeps each cached statement's query plan across new parameter values.
///
/// Without this, SQLite re-prepares (parses and plans again) a statement whose plan might
/// depend on a bound value every time the value changes: `SELECT .. WHERE account_id = ?1
/// ORDER BY id` was compiled anew on every TOTP check, a sixth of the server's CPU under the
/// load benchmark. Every query here is a lookup by key or by indexed column, so one plan is
/// right for every value.
fn keep_plans(connection: &Connection) -> rusqlite::Result<()> {
    connection.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// A panic in another request poisons the mutex but leaves no open transaction behind (the
/// transaction rolled back on unwind), so the connection is still good.
fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn migrate(connection: &mut Connection) -> anyhow::Result<()> {
    let applied: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let tx = connection.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

impl Store for SqliteStore {
    fn concurrent_writers(&self) -> usize {
        1
    }

    fn transaction(&self, work: &mut dyn FnMut(&mut dyn Tx) -> StoreResult<()>) -> StoreResult<()> {
        let mut connection = lock(&self.writer);
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        work(&mut SqliteTx(&tx))?;
        tx.commit()?;
        Ok(())
    }

    fn snapshot(&self, work: &mut dyn FnMut(&mut dyn Tx) -> StoreResult<()>) -> StoreResult<()> {
        let index = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        let mut connection = lock(&self.readers[index]);
        let tx = connection.transaction_with_behavior(TransactionBehavior::Deferred)?;
        work(&mut SqliteTx(&tx))?;
        // Nothing to keep: a read-only connection cannot have written.
        tx.rollback()?;
        Ok(())
    }
}

struct SqliteTx<'a>(&'a rusqlite::Transaction<'a>);

fn corrupt(what: &str) -> StoreError {
    StoreError(format!("unreadable {what} in the database"))
}

fn account_from(row: &Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        username: row.get(1)?,
        email: row.get(2)?,
        password_hash: row.get(3)?,
        created_at: row.get(4)?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, username, email, password_hash, created_at";
const TOTP_COLUMNS: &str = "id, account_id, name, algorithm, digits, period_secs, sealed_secret, \
                            created_at, activated_at, last_used_step";

fn totp_from(row: &Row) -> rusqlite::Result<Option<TotpFactor>> {
    let algorithm: String = row.get(3)?;
    let Some(algorithm) = TotpAlgorithm::parse(&algorithm) else {
        return Ok(None);
    };
    Ok(Some(TotpFactor {
        id: row.get(0)?,
        account_id: row.get(1)?,
        name: row.get(2)?,
        params: TotpParams {
            algorithm,
            digits: row.get(4)?,
            period_secs: row.get(5)?,
        },
        sealed_secret: row.get(6)?,
        created_at: row.get(7)?,
        activated_at: row.get(8)?,
        last_used_step: row.get(9)?,
    }))
}

impl Tx for SqliteTx<'_> {
    fn insert_account(
        &mut self,
        username: &str,
        email: &str,
        password_hash: &str,
        at: Millis,
    ) -> StoreResult<Option<AccountId>> {
        let inserted = self.0.prepare_cached(
            "INSERT INTO account (username, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(username) DO NOTHING",
        )?
        .execute(params![username, email, password_hash, at])?;
        Ok((inserted == 1).then(|| self.0.last_insert_rowid()))
    }

    fn account_by_username(&mut self, username: &str) -> StoreResult<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account WHERE username = ?1");
        Ok(self
            .0
            .prepare_cached(&sql)?
            .query_row([username], account_from)
            .optional()?)
    }

    fn account(&mut self, id: AccountId) -> StoreResult<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account WHERE id = ?1");
        Ok(self
            .0
            .prepare_cached(&sql)?
            .query_row([id], account_from)
            .optional()?)
    }

    fn accounts(&mut self) -> StoreResult<Vec<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account ORDER BY id");
        let mut statement = self.0.prepare_cached(&sql)?;
        let rows = statement.query_map([], account_from)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_totp(&mut self, factor: &TotpFactor) -> StoreResult<FactorId> {
        self.0
            .prepare_cached(
                "INSERT INTO totp_factor (account_id, name, algorithm, digits, period_secs,
                 sealed_secret, created_at, activated_at, last_used_step)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                factor.account_id,
                factor.name,
                factor.params.algorithm.as_str(),
                factor.params.digits,
                factor.params.period_secs,
                factor.sealed_secret,
                factor.created_at,
                factor.activated_at,
                factor.last_used_step,
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    fn totp_factors(&mut self, account: AccountId) -> StoreResult<Vec<TotpFactor>> {
        let sql =
            format!("SELECT {TOTP_COLUMNS} FROM totp_factor WHERE account_id = ?1 ORDER BY id");
        let mut statement = self.0.prepare_cached(&sql)?;
        let rows = statement.query_map([account], totp_from)?;
        let mut factors = Vec::new();
        for row in rows {
            factors.push(row?.ok_or_else(|| corrupt("TOTP algorithm"))?);
        }
        Ok(factors)
    }

    fn update_totp(&mut self, factor: &TotpFactor) -> StoreResult<()> {
        self.0
            .prepare_cached(
                "UPDATE totp_factor SET activated_at = ?2, last_used_step = ?3 WHERE id = ?1",
            )?
            .execute(params![
                factor.id,
                factor.activated_at,
                factor.last_used_step
            ])?;
        Ok(())
    }

    fn delete_totp(&mut self, id: FactorId) -> StoreResult<()> {
        self.0
            .prepare_cached("DELETE FROM totp_factor WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn email_factor(&mut self, account: AccountId) -> StoreResult<Option<EmailFactor>> {
        let mut statement = self.0.prepare_cached(
            "SELECT active_email, activated_at, pending_email, code_purpose, code_hash,
             code_expires_at, last_sent_at FROM email_factor WHERE account_id = ?1",
        )?;
        let row = statement
            .query_row([account], |row| {
                let purpose: Option<String> = row.get(3)?;
                let code_hash: Option<Vec<u8>> = row.get(4)?;
                let expires_at: Option<Millis> = row.get(5)?;
                let code = match (
                    purpose.as_deref().and_then(EmailCodePurpose::parse),
                    code_hash,
                    expires_at,
                ) {
                    (Some(purpose), Some(code_hash), Some(expires_at)) => Some(PendingEmailCode {
                        purpose,
                        code_hash,
                        expires_at,
                    }),
                    _ => None,
                };
                Ok(EmailFactor {
                    account_id: account,
                    active_email: row.get(0)?,
                    activated_at: row.get(1)?,
                    pending_email: row.get(2)?,
                    code,
                    last_sent_at: row.get(6)?,
                })
            })
            .optional()?;
        Ok(row)
    }

    fn put_email_factor(&mut self, factor: &EmailFactor) -> StoreResult<()> {
        let code = factor.code.as_ref();
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO email_factor (account_id, active_email, activated_at,
                 pending_email, code_purpose, code_hash, code_expires_at, last_sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                factor.account_id,
                factor.active_email,
                factor.activated_at,
                factor.pending_email,
                code.map(|c| c.purpose.as_str()),
                code.map(|c| &c.code_hash),
                code.map(|c| c.expires_at),
                factor.last_sent_at,
            ])?;
        Ok(())
    }

    fn delete_email_factor(&mut self, account: AccountId) -> StoreResult<()> {
        self.0
            .prepare_cached("DELETE FROM email_factor WHERE account_id = ?1")?
            .execute([account])?;
        Ok(())
    }

    fn replace_recovery_codes(
        &mut self,
        account: AccountId,
        hashes: &[Vec<u8>],
        at: Millis,
    ) -> StoreResult<()> {
        self.0
            .prepare_cached("DELETE FROM recovery_code WHERE account_id = ?1")?
            .execute([account])?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO recovery_code (account_id, code_hash, issued_at) VALUES (?1, ?2, ?3)",
        )?;
        for hash in hashes {
            insert.execute(params![account, hash, at])?;
        }
        Ok(())
    }

    fn recovery_codes(&mut self, account: AccountId) -> StoreResult<Option<RecoveryCodeSummary>> {
        let (issued_at, remaining): (Option<Millis>, u32) = self
            .0
            .prepare_cached(
                "SELECT MIN(issued_at), COUNT(*) FILTER (WHERE used_at IS NULL)
                 FROM recovery_code WHERE account_id = ?1",
            )?
            .query_row([account], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(issued_at.map(|issued_at| RecoveryCodeSummary {
            issued_at,
            remaining,
        }))
    }

    fn stage_recovery_codes(&mut self, factor: FactorId, hashes: &[Vec<u8>]) -> StoreResult<()> {
        self.delete_staged_recovery_codes(factor)?;
        let mut insert = self.0.prepare_cached(
            "INSERT INTO staged_recovery_code (factor_id, code_hash) VALUES (?1, ?2)",
        )?;
        for hash in hashes {
            insert.execute(params![factor, hash])?;
        }
        Ok(())
    }

    fn staged_recovery_codes(&mut self, factor: FactorId) -> StoreResult<Vec<Vec<u8>>> {
        let mut statement = self
            .0
            .prepare_cached("SELECT code_hash FROM staged_recovery_code WHERE factor_id = ?1")?;
        let rows = statement.query_map([factor], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn delete_staged_recovery_codes(&mut self, factor: FactorId) -> StoreResult<()> {
        self.0
            .prepare_cached("DELETE FROM staged_recovery_code WHERE factor_id = ?1")?
            .execute([factor])?;
        Ok(())
    }

    fn spend_recovery_code(
        &mut self,
        account: AccountId,
        hash: &[u8],
        at: Millis,
    ) -> StoreResult<bool> {
        let changed = self
            .0
            .prepare_cached(
                "UPDATE recovery_code SET used_at = ?3
                 WHERE account_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
            )?
            .execute(params![account, hash, at])?;
        Ok(changed == 1)
    }

    fn insert_token(&mut self, hash: &[u8], record: &TokenRecord) -> StoreResult<()> {
        self.0
            .prepare_cached(
                "INSERT INTO token (hash, kind, account_id, expires_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                hash,
                record.kind.as_str(),
                record.account_id,
                record.expires_at
            ])?;
        Ok(())
    }

    fn token(&mut self, hash: &[u8]) -> StoreResult<Option<TokenRecord>> {
        let row: Option<(String, AccountId, Millis)> = self
            .0
            .prepare_cached("SELECT kind, account_id, expires_at FROM token WHERE hash = ?1")?
            .query_row([hash], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        row.map(|(kind, account_id, expires_at)| {
            Ok(TokenRecord {
                kind: TokenKind::parse(&kind).ok_or_else(|| corrupt("token kind"))?,
                account_id,
                expires_at,
            })
        })
        .transpose()
    }

    fn delete_token(&mut self, hash: &[u8]) -> StoreResult<()> {
        self.0
            .prepare_cached("DELETE FROM token WHERE hash = ?1")?
            .execute([hash])?;
        Ok(())
    }

    fn delete_expired_tokens(&mut self, now: Millis) -> StoreResult<usize> {
        Ok(self
            .0
            .prepare_cached("DELETE FROM token WHERE expires_at <= ?1")?
            .execute([now])?)
    }

    fn throttle(&mut self, account: AccountId, method: Method) -> StoreResult<ThrottleState> {
        let state = self
            .0
            .prepare_cached(
                "SELECT consecutive_failures, blocked_until FROM throttle
                 WHERE account_id = ?1 AND method = ?2",
            )?
            .query_row(params![account, method.as_str()], |row| {
                Ok(ThrottleState {
                    consecutive_failures: row.get(0)?,
                    blocked_until: row.get(1)?,
                })
            })
            .optional()?;
        Ok(state.unwrap_or_default())
    }

    fn put_throttle(
        &mut self,
        account: AccountId,
        method: Method,
        state: ThrottleState,
    ) -> StoreResult<()> {
        if state == ThrottleState::default() {
            self.0
                .prepare_cached("DELETE FROM throttle WHERE account_id = ?1 AND method = ?2")?
                .execute(params![account, method.as_str()])?;
        } else {
            self.0
                .prepare_cached(
                    "INSERT OR REPLACE INTO throttle (account_id, method, consecutive_failures,
                     blocked_until) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    account,
                    method.as_str(),
                    state.consecutive_failures,
                    state.blocked_until
                ])?;
        }
        Ok(())
    }

    fn insert_trusted_device(&mut self, device: &TrustedDevice) -> StoreResult<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO trusted_device (account_id, fingerprint_hash, label, created_at,
                 expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                device.account_id,
                device.fingerprint_hash,
                device.label,
                device.created_at,
                device.expires_at
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    fn trusted_devices(&mut self, account: AccountId) -> StoreResult<Vec<TrustedDevice>> {
        let mut statement = self.0.prepare_cached(
            "SELECT id, account_id, fingerprint_hash, label, created_at, expires_at
             FROM trusted_device WHERE account_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([account], |row| {
            Ok(TrustedDevice {
                id: row.get(0)?,
                account_id: row.get(1)?,
                fingerprint_hash: row.get(2)?,
                label: row.get(3)?,
                created_at: row.get(4)?,
                expires_at: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn delete_trusted_device(&mut self, account: AccountId, id: i64) -> StoreResult<bool> {
        let changed = self
            .0
            .prepare_cached("DELETE FROM trusted_device WHERE account_id = ?1 AND id = ?2")?
            .execute(params![account, id])?;
        Ok(changed == 1)
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> StoreResult<()> {
        self.0
            .prepare_cached("INSERT INTO audit (account_id, at, event) VALUES (?1, ?2, ?3)")?
            .execute(params![entry.account_id, entry.at, entry.event])?;
        Ok(())
    }

    fn audit_log(&mut self, account: AccountId) -> StoreResult<Vec<AuditEntry>> {
        let mut statement = self.0.prepare_cached(
            "SELECT account_id, at, event FROM audit WHERE account_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([account], |row| {
            Ok(AuditEntry {
                account_id: row.get(0)?,
                at: row.get(1)?,
                event: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn append_mail(&mut self, mail: &Mail) -> StoreResult<()> {
        self.0
            .prepare_cached(
                "INSERT INTO outbox (recipient, subject, body, code, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![mail.to, mail.subject, mail.body, mail.code, mail.sent_at])?;
        Ok(())
    }

    fn mails(&mut self) -> StoreResult<Vec<Mail>> {
        let mut statement = self.0.prepare_cached(
            "SELECT recipient, subject, body, code, sent_at FROM outbox ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Mail {
                to: row.get(0)?,
                subject: row.get(1)?,
                body: row.get(2)?,
                code: row.get(3)?,
                sent_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;
    use crate::store::Store;

    /// A data folder that is removed again when the test ends, passed or failed.
    struct TempDir(std::path::PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn open(name: &str) -> (SqliteStore, TempDir) {
        let dir = std::env::temp_dir().join(format!("mfa-sqlite-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        (SqliteStore::open(&dir).unwrap(), TempDir(dir))
    }

    fn run(store: &SqliteStore, mut work: impl FnMut(&mut dyn Tx) -> StoreResult<()>) {
        store.transaction(&mut work).unwrap();
    }

    fn account_with_factor(tx: &mut dyn Tx, name: &str) -> StoreResult<()> {
        let account = tx.insert_account(name, "", "", 0)?.unwrap();
        tx.insert_totp(&TotpFactor {
            id: 0,
            account_id: account,
            name: "default".into(),
            params: TotpParams::default(),
            sealed_secret: vec![0; 40],
            created_at: 0,
            activated_at: Some(0),
            last_used_step: None,
        })?;
        Ok(())
    }

    #[test]
    fn statements_are_not_compiled_again_for_new_values() {
        let (store, _dir) = open("plans");
        run(&store, |tx| {
            account_with_factor(tx, "a")?;
            account_with_factor(tx, "b")
        });
        for account in [1, 2, 1, 2, 1] {
            run(&store, |tx| {
                assert_eq!(tx.totp_factors(account)?.len(), 1);
                Ok(())
            });
        }
        let sql =
            format!("SELECT {TOTP_COLUMNS} FROM totp_factor WHERE account_id = ?1 ORDER BY id");
        let reprepared = lock(&store.writer)
            .prepare_cached(&sql)
            .unwrap()
            .get_status(StatementStatus::RePrepare);
        assert_eq!(reprepared, 0);
    }

    /// Under steady writes the WAL must still start over, or its file grows without end.
    #[test]
    fn the_wal_starts_over_under_steady_writes() {
        let (store, dir) = open("wal");
        run(&store, |tx| account_with_factor(tx, "a"));
        // Each commit appends at least one page: eight times the restart mark in all, at most
        // ~500 commits per checkpoint pass.
        let commits = 8 * WAL_RESTART_PAGES as u64;
        for token in 0..commits {
            run(&store, |tx| {
                let record = TokenRecord {
                    kind: TokenKind::Access,
                    account_id: 1,
                    expires_at: 0,
                };
                tx.insert_token(&token.to_be_bytes().repeat(4), &record)
            });
            if token % 50 == 0 {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let wal_bytes = std::fs::metadata(dir.0.join(format!("{DB_FILE}-wal")))
            .unwrap()
            .len();
        let frame_bytes = 4096 + 24;
        assert!(
            wal_bytes < 3 * WAL_RESTART_PAGES as u64 * frame_bytes,
            "{wal_bytes} bytes of WAL after {commits} commits"
        );
    }
}
