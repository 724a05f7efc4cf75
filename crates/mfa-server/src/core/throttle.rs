//! Guess throttling: the policy as pure functions over [`ThrottleState`].
//!
//! Per account and method: the first [`FREE_FAILURES`] consecutive failures cost nothing;
//! after that every further guess must wait, starting at [`FIRST_WAIT_SECS`] and doubling up to
//! [`MAX_WAIT_SECS`]. A success resets the count. The state lives in the store, so a restart
//! does not hand out fresh guesses.

use crate::clock::{Millis, secs_until};

use super::model::ThrottleState;

pub const FREE_FAILURES: u32 = 5;
pub const FIRST_WAIT_SECS: i64 = 30;
pub const MAX_WAIT_SECS: i64 = 15 * 60;

/// Seconds until the next guess may be evaluated (0 = now).
pub fn wait_secs(state: ThrottleState, now: Millis) -> u64 {
    state
        .blocked_until
        .map_or(0, |until| secs_until(now, until))
}

/// The state after one more failed guess at `now`.
pub fn after_failure(state: ThrottleState, now: Millis) -> ThrottleState {
    let failures = state.consecutive_failures.saturating_add(1);
    let blocked_until = (failures >= FREE_FAILURES).then(|| {
        let doublings = (failures - FREE_FAILURES).min(16);
        let wait = (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS);
        now + wait * 1000
    });
    ThrottleState {
        consecutive_failures: failures,
        blocked_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_five_failures_and_double_to_fifteen_minutes() {
        let mut state = ThrottleState::default();
        let mut waits = Vec::new();
        for _ in 0..12 {
            state = after_failure(state, 0);
            waits.push(wait_secs(state, 0));
        }
        assert_eq!(waits, [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
    }

    #[test]
    fn wait_shrinks_as_time_passes_and_rounds_up() {
        let state = ThrottleState {
            consecutive_failures: 5,
            blocked_until: Some(30_000),
        };
        assert_eq!(wait_secs(state, 10_500), 20);
        assert_eq!(wait_secs(state, 30_000), 0);
    }
}
