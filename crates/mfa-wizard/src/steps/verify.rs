//! Step 4: the first code from the new app activates it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::add_authenticator::forget_started_setup;
use super::{navigator, paths, require_session};
use crate::backend::{ApiError, Factor};
use crate::code::CodeKind;
use crate::components::{Attempt, CodeEntry, StepHeading};
use crate::i18n::t;
use crate::state::use_app;

#[component]
pub fn Verify() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    let attempt = Attempt::new();
    let no_pending = RwSignal::new(false);

    // A lockout from before a reload still holds: show it from the start.
    if require_session() && app.capabilities.get_untracked().guess_timers {
        let backend = app.backend();
        spawn_local(async move {
            if let Ok(seconds) = backend.next_guess(Factor::Totp).await {
                attempt.lock_for(seconds);
            }
        });
    }

    let activate = move |code: String| {
        if !attempt.begin() {
            return;
        }
        let backend = app.backend();
        let go = go.clone();
        spawn_local(async move {
            match backend.activate(&code).await {
                Ok(codes) => {
                    attempt.succeed();
                    forget_started_setup();
                    app.signed_in.set(true);
                    if codes.is_empty() {
                        go(paths::OVERVIEW);
                    } else {
                        app.fresh_codes.set(codes);
                        go(paths::RECOVERY_CODES);
                    }
                }
                Err(ApiError::NoPendingSetup) => {
                    attempt.fail(&ApiError::NoPendingSetup, text.wrong_code);
                    no_pending.set(true);
                }
                Err(error) => attempt.fail(&error, text.wrong_code),
            }
        });
    };

    let digits = app.setup_digits.get_untracked();
    view! {
        <StepHeading text=text.verify_heading />
        <p>{text.verify_intro}</p>
        <CodeEntry
            id="code"
            label=text.totp_code_label
            hint=text.totp_code_hint
            kind=CodeKind::Numeric { digits }
            attempt=attempt
            on_complete=activate
            clock_hint=true
        />
        <p>
            <a href=paths::ADD_AUTHENTICATOR class:button=move || no_pending.get()>{text.back_to_qr}</a>
        </p>
    }
}
