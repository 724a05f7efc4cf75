//! Step 3: the QR code and everything else an app needs, for a pending secret.
//!
//! Asking the backend for a setup resumes the pending one where the dialect can, so a reload
//! shows the same QR code instead of making another secret. Cancel deletes it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{navigator, paths, require_session};
use crate::backend::{ApiError, Factor, PendingSetup};
use crate::browser;
use crate::clock::{seconds_left_in_period, use_clock};
use crate::code::group_by_four;
use crate::components::{CopyButton, QrCode, ReauthPrompt, StepHeading, error_text};
use crate::i18n::{fill, t};
use crate::otpauth::{self, KeyDetails};
use crate::state::use_app;

/// Set while a setup is pending in this tab: no secret, just the fact, so that a reload can
/// say it resumed the same key.
const STARTED_KEY: &str = "mfa-wizard.setup-started";

pub fn forget_started_setup() {
    browser::session_remove(STARTED_KEY);
}

#[derive(Clone)]
enum Stage {
    Loading,
    Reauth(Vec<Factor>),
    Ready { uri: String, details: KeyDetails },
    Failed(String),
}

#[component]
pub fn AddAuthenticator() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    let clock = use_clock();
    let stage = RwSignal::new(Stage::Loading);
    let resumed = browser::session_get(STARTED_KEY).is_some();

    let start = move || {
        let backend = app.backend();
        spawn_local(async move {
            let next = match backend.begin_setup().await {
                Ok(PendingSetup { uri }) => match otpauth::parse(&uri) {
                    Some(details) => {
                        browser::session_set(STARTED_KEY, "1");
                        app.setup_digits.set(details.digits as usize);
                        Stage::Ready { uri, details }
                    }
                    None => Stage::Failed(text.setup_failed.into()),
                },
                Err(ApiError::ReauthRequired) => {
                    let factors = match backend.status().await {
                        Ok(status) => status.active_factors(&backend.capabilities()),
                        Err(_) => backend.capabilities().factors(),
                    };
                    Stage::Reauth(factors)
                }
                Err(error) => Stage::Failed(error_text(&error)),
            };
            stage.set(next);
        });
    };
    if require_session() {
        start();
    }

    let cancel = {
        let go = go.clone();
        move |_| {
            let backend = app.backend();
            let go = go.clone();
            spawn_local(async move {
                // Deleting may fail (already gone); either way nothing stays pending here.
                let _ = backend.cancel_setup().await;
                forget_started_setup();
                go(paths::OVERVIEW);
            });
        }
    };
    let can_cancel = app.capabilities.get_untracked().cancel_pending_setup;

    let body = move || {
        let go = go.clone();
        let cancel = cancel.clone();
        match stage.get() {
            Stage::Loading => view! { <p>{text.loading}</p> }.into_any(),
            Stage::Failed(message) => view! {
                <p class="error" role="alert">{message}</p>
                <p><a href=paths::OVERVIEW>{text.done}</a></p>
            }
            .into_any(),
            Stage::Reauth(factors) => view! {
                <ReauthPrompt
                    factors=factors
                    on_done=move |()| { stage.set(Stage::Loading); start(); }
                    on_cancel=move |()| go(paths::OVERVIEW)
                />
            }
            .into_any(),
            Stage::Ready { uri, details } => {
                let key = details.secret.clone();
                let grouped = group_by_four(&key);
                let period = details.period;
                let rows = [
                    (
                        text.issuer_label,
                        details.issuer.clone().unwrap_or_default(),
                    ),
                    (text.account_label, details.account.clone()),
                    (text.algorithm_label, details.algorithm.to_owned()),
                    (text.digits_label, details.digits.to_string()),
                    (
                        text.period_label,
                        fill(text.period_value, &[("seconds", &period.to_string())]),
                    ),
                ];
                view! {
                    {(resumed && can_resume(app)).then(|| view! { <p class="notice">{text.resumed}</p> })}
                    <p>{text.add_intro}</p>
                    <QrCode uri=uri details=details />
                    <p class="countdown" role="timer">
                        {move || fill(text.period_countdown, &[("seconds", &seconds_left_in_period(clock.now(), period).to_string())])}
                    </p>
                    <section aria-labelledby="details-heading">
                        <h2 id="details-heading">{text.details_heading}</h2>
                        <dl class="details">
                            {rows.into_iter().map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> }).collect_view()}
                        </dl>
                    </section>
                    <details class="cant-scan">
                        <summary>{text.cant_scan}</summary>
                        <p class="field">
                            <label for="setup-key">{text.setup_key_label}</label>
                            <input id="setup-key" class="key" readonly spellcheck="false" aria-describedby="setup-key-hint" prop:value=grouped />
                            <span id="setup-key-hint" class="hint">{text.setup_key_hint}</span>
                        </p>
                        <p><CopyButton label=text.copy_key done=text.key_copied value=Signal::stored(key) /></p>
                    </details>
                    <p class="actions">
                        <a class="button" href=paths::VERIFY>{text.next_enter_code}</a>
                        " "
                        {can_cancel.then(|| view! {
                            <button type="button" class="secondary" on:click=cancel.clone()>{text.cancel}</button>
                        })}
                    </p>
                }
                .into_any()
            }
        }
    };

    view! {
        <StepHeading text=text.add_heading />
        {body}
    }
}

/// Only dialects that resume a pending setup can honestly say it is the same key.
fn can_resume(app: crate::state::AppState) -> bool {
    app.capabilities.get_untracked().resumable_setup
}
