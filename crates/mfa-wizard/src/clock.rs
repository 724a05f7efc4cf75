//! Time: one ticking signal for every countdown on the page, and the arithmetic behind them.
//!
//! `SystemTime::now()` panics on wasm32, so the time comes from JavaScript's `Date.now()`.
//! A single interval drives all countdowns, so a step with three of them wakes the page once.

use std::time::Duration;

use leptos::prelude::*;

/// Milliseconds since the Unix epoch, from the browser.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How often the clock ticks: twice a second keeps a seconds display from skipping a number.
const TICK: Duration = Duration::from_millis(500);

/// The page's clock, provided as context by [`provide_clock`].
#[derive(Clone, Copy)]
pub struct Clock {
    now: RwSignal<f64>,
}

impl Clock {
    /// The current time in milliseconds; reading it subscribes to the ticks.
    pub fn now(self) -> f64 {
        self.now.get()
    }

    /// Whole seconds from now until `deadline_ms`, rounded up, never negative.
    pub fn seconds_until(self, deadline_ms: f64) -> u64 {
        // The tick may be up to one interval old: a wait that just started must not read
        // one second longer than the message announcing it.
        seconds_between(self.now().max(now_ms()), deadline_ms)
    }
}

/// Starts the ticking and makes it available to every component below.
pub fn provide_clock() -> Clock {
    let clock = Clock {
        now: RwSignal::new(now_ms()),
    };
    if let Ok(handle) = set_interval_with_handle(move || clock.now.set(now_ms()), TICK) {
        on_cleanup(move || handle.clear());
    }
    provide_context(clock);
    clock
}

/// The page's clock, or a still one when none was provided (tests of a single component).
pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(|| Clock {
        now: RwSignal::new(now_ms()),
    })
}

/// Whole seconds from `now_ms` to `deadline_ms`, rounded up so a wait never shows as over
/// before it is.
pub fn seconds_between(now_ms: f64, deadline_ms: f64) -> u64 {
    let left = (deadline_ms - now_ms) / 1000.0;
    if left.is_finite() && left > 0.0 {
        left.ceil() as u64
    } else {
        0
    }
}

/// Seconds left in the current TOTP period at `now_ms`, between 1 and `period`.
pub fn seconds_left_in_period(now_ms: f64, period: u64) -> u64 {
    if period == 0 || !now_ms.is_finite() || now_ms < 0.0 {
        return 0;
    }
    let seconds = (now_ms / 1000.0) as u64;
    period - seconds % period
}

/// A wait as `m:ss` (or `h:mm:ss` past an hour): short, and the same in every language.
pub fn format_wait(seconds: u64) -> String {
    let (hours, minutes, secs) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{secs:02}")
    } else {
        format!("{minutes}:{secs:02}")
    }
}
