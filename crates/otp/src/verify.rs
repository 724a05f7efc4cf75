//! Checking a submitted code against a window of counters, and refusing replays.

use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::generator::{Code, Generator};

/// Where a submitted code matched: `delta` steps from the expected counter, at counter `step`.
///
/// A verifier stores `step` (for TOTP, the time step) and refuses any later code with a step
/// that is not newer: that is what makes a one-time password one-time (RFC 6238 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match {
    pub delta: i64,
    pub step: u64,
}

/// Finds `token` among the counters `counter - window ..= counter + window`.
///
/// Every counter in the window is computed and compared in constant time, so the time taken
/// says nothing about where (or whether) the code matched. When several counters give the
/// same code, the one closest to `counter` wins, the earlier on a tie.
pub(crate) fn search(
    generator: &Generator,
    token: Code,
    counter: u64,
    window: u64,
) -> Option<Match> {
    if token.digits() != generator.digits() {
        return None;
    }
    let first = counter.saturating_sub(window);
    let last = counter.saturating_add(window);
    let mut found = subtle::Choice::from(0);
    let mut best_step = 0u64;
    let mut best_distance = u64::MAX;
    let mut step = first;
    loop {
        let code = generator.code(step);
        let distance = step.abs_diff(counter);
        let equal = code.value().ct_eq(&token.value());
        let closer = subtle::Choice::from(u8::from(distance < best_distance));
        let take = equal & closer;
        best_step.conditional_assign(&step, take);
        best_distance.conditional_assign(&distance, take);
        found |= equal;
        if step == last {
            break;
        }
        step += 1;
    }
    bool::from(found).then(|| Match {
        delta: delta(best_step, counter),
        step: best_step,
    })
}

fn delta(step: u64, counter: u64) -> i64 {
    // Windows are bounded by the callers to far less than i64::MAX.
    if step >= counter {
        i64::try_from(step - counter).unwrap_or(i64::MAX)
    } else {
        i64::try_from(counter - step)
            .map(|d| -d)
            .unwrap_or(i64::MIN)
    }
}

/// Remembers the last accepted step so a code is accepted at most once.
///
/// Persist [`ReplayGuard::last_step`] with the user's secret and restore it with
/// [`ReplayGuard::new`]; a step at or before it is refused, even inside the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayGuard {
    last_step: Option<u64>,
}

impl ReplayGuard {
    pub const fn new(last_step: Option<u64>) -> Self {
        ReplayGuard { last_step }
    }

    pub const fn last_step(&self) -> Option<u64> {
        self.last_step
    }

    /// Accepts `found` when its step is newer than every step accepted before, and records it.
    pub fn accept(&mut self, found: Match) -> bool {
        if self.last_step.is_some_and(|last| found.step <= last) {
            return false;
        }
        self.last_step = Some(found.step);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_accepts_only_newer_steps() {
        let mut guard = ReplayGuard::default();
        assert!(guard.accept(Match { delta: 0, step: 10 }));
        assert!(!guard.accept(Match { delta: 0, step: 10 }));
        assert!(!guard.accept(Match { delta: -1, step: 9 }));
        assert!(guard.accept(Match { delta: 1, step: 11 }));
        assert_eq!(guard.last_step(), Some(11));
        assert!(
            !ReplayGuard::new(Some(11))
                .clone()
                .accept(Match { delta: 0, step: 11 })
        );
    }

    #[test]
    fn delta_signs() {
        assert_eq!(delta(5, 7), -2);
        assert_eq!(delta(9, 7), 2);
        assert_eq!(delta(u64::MAX, 0), i64::MAX);
    }
}
