//! The second-factor form, used to finish a sign-in and, unchanged, as the re-authentication
//! ("sudo") prompt before sensitive changes.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::attempt::{Attempt, error_text};
use super::code_entry::CodeEntry;
use super::step_heading::FocusedHeading;
use crate::backend::{ApiError, Factor};
use crate::code::CodeKind;
use crate::i18n::t;
use crate::state::use_app;

/// Why the form is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    Reauthenticate,
}

fn factor_label(factor: Factor) -> &'static str {
    match factor {
        Factor::Totp => t().method_totp,
        Factor::RecoveryCode => t().method_recovery,
        Factor::Email => t().method_email,
    }
}

fn factor_id(factor: Factor) -> &'static str {
    match factor {
        Factor::Totp => "factor-totp",
        Factor::RecoveryCode => "factor-recovery",
        Factor::Email => "factor-email",
    }
}

#[component]
pub fn SecondFactorForm(
    /// The factors to offer; the first is preselected.
    factors: Vec<Factor>,
    purpose: Purpose,
    #[prop(into)] on_done: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let text = t();
    let chosen = RwSignal::new(factors.first().copied().unwrap_or(Factor::Totp));
    let attempt = Attempt::new();
    let email_status = RwSignal::new(None::<String>);

    // A lockout survives reloads on the server; ask for it whenever the factor changes.
    Effect::new(move |_| {
        let factor = chosen.get();
        attempt.locked_until.set(None);
        attempt.error.set(None);
        attempt.entry.set(String::new());
        if app.capabilities.get_untracked().guess_timers {
            let backend = app.backend();
            spawn_local(async move {
                if let Ok(seconds) = backend.next_guess(factor).await {
                    attempt.lock_for(seconds);
                }
            });
        }
    });

    let verify = move |code: String| {
        if !attempt.begin() {
            return;
        }
        let backend = app.backend();
        let factor = chosen.get_untracked();
        spawn_local(async move {
            let result = match purpose {
                Purpose::SignIn => backend.complete_sign_in(factor, &code).await,
                Purpose::Reauthenticate => backend.reauthenticate(factor, &code).await,
            };
            match result {
                Ok(()) => {
                    attempt.succeed();
                    on_done.run(());
                }
                Err(error) => {
                    let wrong = if factor == Factor::RecoveryCode {
                        text.wrong_recovery_code
                    } else {
                        text.wrong_code
                    };
                    attempt.fail(&error, wrong);
                }
            }
        });
    };

    let send_email = move |_| {
        let backend = app.backend();
        spawn_local(async move {
            email_status.set(Some(match backend.send_email_code().await {
                Ok(()) => text.email_code_sent.into(),
                Err(ApiError::RateLimited { seconds }) => {
                    error_text(&ApiError::RateLimited { seconds })
                }
                Err(other) => error_text(&other),
            }));
        });
    };

    let several = factors.len() > 1;
    let choices = factors
        .iter()
        .map(|&factor| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="factor"
                        id=factor_id(factor)
                        prop:checked=move || chosen.get() == factor
                        on:change=move |_| chosen.set(factor)
                    />
                    {factor_label(factor)}
                </label>
            }
        })
        .collect_view();

    let entry = move || {
        let factor = chosen.get();
        let (id, label, hint, kind) = match factor {
            Factor::Totp => (
                "code",
                text.totp_code_label,
                text.totp_code_hint,
                CodeKind::Numeric { digits: 6 },
            ),
            Factor::Email => (
                "code",
                text.email_code_label,
                text.email_code_hint,
                CodeKind::Numeric { digits: 6 },
            ),
            Factor::RecoveryCode => (
                "recovery-code",
                text.recovery_code_label,
                text.recovery_code_hint,
                CodeKind::Recovery,
            ),
        };
        view! {
            {(factor == Factor::Email).then(|| view! {
                <p>
                    <button type="button" on:click=send_email>{text.send_email_code}</button>
                    <span role="status">{move || email_status.get()}</span>
                </p>
            })}
            <CodeEntry
                id=id
                label=label
                hint=hint
                kind=kind
                attempt=attempt
                on_complete=verify
                clock_hint=factor == Factor::Totp
            />
        }
    };

    view! {
        <div class="second-factor">
            {several.then(|| view! {
                <fieldset class="choices">
                    <legend>{text.method_legend}</legend>
                    {choices}
                </fieldset>
            })}
            {entry}
            <p>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{text.cancel}</button>
            </p>
        </div>
    }
}

/// The re-authentication prompt: a focused heading, why it is asked, and the form with the
/// factors the account has active.
#[component]
pub fn ReauthPrompt(
    factors: Vec<Factor>,
    #[prop(into)] on_done: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let text = t();
    view! {
        <section class="reauth" aria-labelledby="reauth-heading">
            <FocusedHeading text=text.reauth_heading id="reauth-heading" />
            <p>{text.reauth_intro}</p>
            <SecondFactorForm factors=factors purpose=Purpose::Reauthenticate on_done=on_done on_cancel=on_cancel />
        </section>
    }
}
