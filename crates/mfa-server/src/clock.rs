//! Where the server gets the time from.
//!
//! Every expiry, throttle wait and TOTP time step reads the clock through [`Clock`], so tests
//! move time forward with [`ManualClock`] instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

pub trait Clock: Send + Sync + 'static {
    fn now_ms(&self) -> Millis;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> Millis {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("system clock before 1970");
        since_epoch.as_millis() as Millis
    }
}

/// A clock that only moves when told to (tests, the benchmark).
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn starting_at(ms: Millis) -> Self {
        Self(AtomicI64::new(ms))
    }

    pub fn advance_secs(&self, secs: i64) {
        self.0.fetch_add(secs * 1000, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> Millis {
        self.0.load(Ordering::SeqCst)
    }
}

/// ISO 8601 / RFC 3339 in UTC with millisecond precision, e.g. `2026-11-25T13:50:00.123Z`.
pub fn iso8601(ms: Millis) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    at.format(&format).unwrap_or_default()
}

/// Whole seconds from `now` until `until`, rounded up, never negative.
pub fn secs_until(now: Millis, until: Millis) -> u64 {
    let ms = (until - now).max(0) as u64;
    ms.div_ceil(1000)
}
