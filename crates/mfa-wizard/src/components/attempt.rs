//! The state of one thing the person submits (a code, a password), shared by its form and
//! the async call behind it: busy, the error to announce, wrong guesses so far, lockout.

use leptos::prelude::*;

use crate::backend::ApiError;
use crate::clock::{Clock, format_wait, now_ms};
use crate::i18n::{fill, t};

/// After this many wrong codes in a row the authenticator step suggests checking the clock.
pub const CLOCK_HINT_AFTER: u32 = 3;

/// The text for an error that has no step-specific wording.
pub fn error_text(error: &ApiError) -> String {
    let text = t();
    match error {
        ApiError::WrongCode => text.wrong_code.into(),
        ApiError::WrongPassword => text.wrong_password.into(),
        ApiError::RateLimited { seconds } => {
            fill(text.rate_limited, &[("time", &format_wait(*seconds))])
        }
        ApiError::ReauthRequired => text.reauth_intro.into(),
        ApiError::SignedOut => text.session_expired.into(),
        ApiError::NoPendingSetup => text.no_pending_setup.into(),
        ApiError::Unsupported => text.unsupported.into(),
        ApiError::Network => text.network_error.into(),
        ApiError::Server { status, .. } => {
            fill(text.server_error, &[("status", &status.to_string())])
        }
    }
}

#[derive(Clone, Copy)]
pub struct Attempt {
    pub busy: RwSignal<bool>,
    /// Announced through the form's alert region.
    pub error: RwSignal<Option<String>>,
    /// Wrong guesses in a row.
    pub failures: RwSignal<u32>,
    /// Epoch milliseconds until which guessing is refused.
    pub locked_until: RwSignal<Option<f64>>,
    /// The field's text, so a wrong code can be cleared for the next try.
    pub entry: RwSignal<String>,
}

impl Default for Attempt {
    fn default() -> Self {
        Self::new()
    }
}

impl Attempt {
    pub fn new() -> Self {
        Attempt {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            failures: RwSignal::new(0),
            locked_until: RwSignal::new(None),
            entry: RwSignal::new(String::new()),
        }
    }

    /// Whether guessing is refused now; subscribes to the clock so it ends by itself.
    pub fn locked(self, clock: Clock) -> bool {
        self.locked_until
            .get()
            .is_some_and(|until| clock.seconds_until(until) > 0)
    }

    /// Seconds of lockout left.
    pub fn wait_left(self, clock: Clock) -> u64 {
        self.locked_until
            .get()
            .map_or(0, |until| clock.seconds_until(until))
    }

    /// Marks the attempt busy; `false` when it already is or guessing is locked.
    pub fn begin(self) -> bool {
        let locked = self
            .locked_until
            .get_untracked()
            .is_some_and(|until| until > now_ms());
        if self.busy.get_untracked() || locked {
            return false;
        }
        self.busy.set(true);
        self.error.set(None);
        true
    }

    pub fn succeed(self) {
        self.busy.set(false);
        self.failures.set(0);
        self.error.set(None);
    }

    /// Refuses guesses for `seconds` and says so.
    pub fn lock_for(self, seconds: u64) {
        if seconds == 0 {
            return;
        }
        self.locked_until
            .set(Some(now_ms() + seconds as f64 * 1000.0));
        self.error
            .set(Some(error_text(&ApiError::RateLimited { seconds })));
    }

    /// Records a failure; `wrong` is the wording for a wrong code in this step.
    pub fn fail(self, error: &ApiError, wrong: &'static str) {
        self.busy.set(false);
        match error {
            ApiError::WrongCode | ApiError::WrongPassword => {
                self.failures.update(|n| *n += 1);
                self.entry.set(String::new());
                self.error.set(Some(if *error == ApiError::WrongCode {
                    wrong.into()
                } else {
                    error_text(error)
                }));
            }
            ApiError::RateLimited { seconds } => {
                self.entry.set(String::new());
                self.lock_for(*seconds);
            }
            other => self.error.set(Some(error_text(other))),
        }
    }
}
