//! The one code field of the wizard: authenticator, email and recovery codes all use it.
//!
//! It cleans what is typed or pasted, sends a numeric code as soon as it is complete,
//! announces errors, and while the server refuses guesses it is disabled with a live
//! countdown that ends by itself.

use leptos::html;
use leptos::prelude::*;

use super::attempt::{Attempt, CLOCK_HINT_AFTER};
use crate::clock::{format_wait, use_clock};
use crate::code::{CodeKind, Completeness, completeness, normalize};
use crate::i18n::{fill, t};

#[component]
pub fn CodeEntry(
    /// The input's id; the hint, error and timer ids derive from it.
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    kind: CodeKind,
    attempt: Attempt,
    /// Receives the cleaned code when it is complete or submitted.
    #[prop(into)]
    on_complete: Callback<String>,
    /// Whether repeated wrong codes should suggest checking the phone's clock.
    #[prop(optional)]
    clock_hint: bool,
    #[prop(optional)] submit_label: Option<&'static str>,
) -> impl IntoView {
    let text = t();
    let clock = use_clock();
    let input = NodeRef::<html::Input>::new();
    let validation = RwSignal::new(None::<String>);
    let disabled = move || attempt.busy.get() || attempt.locked(clock);
    let (hint_id, error_id, timer_id) = (
        format!("{id}-hint"),
        format!("{id}-error"),
        format!("{id}-timer"),
    );

    let submit = move |explicit: bool| {
        let code = normalize(kind, &attempt.entry.get_untracked());
        let digits = match kind {
            CodeKind::Numeric { digits } => digits,
            CodeKind::Recovery => 0,
        };
        match (completeness(kind, &code), kind, explicit) {
            (Completeness::Complete, ..) | (Completeness::Partial, CodeKind::Recovery, true) => {
                validation.set(None);
                on_complete.run(code);
            }
            (Completeness::Invalid, ..) => validation.set(Some(text.code_not_digits.into())),
            (_, CodeKind::Numeric { .. }, true) => {
                validation.set(Some(fill(
                    text.code_incomplete,
                    &[("digits", &digits.to_string())],
                )));
            }
            _ => {}
        }
    };

    // Give the field its focus back when a request or lockout ends (disabling it dropped the
    // focus); when a lockout ends, its message goes too.
    Effect::new(move |before: Option<(bool, bool)>| {
        let now = (attempt.busy.get(), attempt.locked(clock));
        if let Some((was_busy, was_locked)) = before {
            let ended = (was_busy || was_locked) && !(now.0 || now.1);
            if let Some(field) = input.get().filter(|_| ended) {
                let _ = field.focus();
            }
            if was_locked && !now.1 {
                attempt.error.set(None);
            }
        }
        now
    });

    let message = move || {
        validation
            .get()
            .or_else(|| attempt.error.get())
            .unwrap_or_default()
    };
    let numeric = matches!(kind, CodeKind::Numeric { .. });
    view! {
        <form class="code-entry" novalidate on:submit=move |ev| {
            ev.prevent_default();
            submit(true);
        }>
            <label for=id>{label}</label>
            <p id=hint_id.clone() class="hint">{hint}</p>
            <input
                id=id
                node_ref=input
                name="code"
                type="text"
                inputmode=if numeric { "numeric" } else { "text" }
                autocomplete=if numeric { "one-time-code" } else { "off" }
                autocapitalize="characters"
                spellcheck="false"
                aria-describedby=format!("{hint_id} {error_id} {timer_id}")
                aria-invalid=move || if message().is_empty() { "false" } else { "true" }
                prop:value=move || attempt.entry.get()
                disabled=disabled
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    let cleaned = normalize(kind, &typed);
                    // Show the cleaned code at once, before the next render.
                    if let Some(field) = input.get_untracked().filter(|_| cleaned != typed) {
                        field.set_value(&cleaned);
                    }
                    attempt.entry.set(cleaned);
                    validation.set(None);
                    submit(false);
                }
            />
            <button type="submit" disabled=disabled>
                {move || if attempt.busy.get() { text.busy } else { submit_label.unwrap_or(text.verify_button) }}
            </button>
            <p id=error_id class="error" role="alert">{message}</p>
            <p id=timer_id class="wait" role="timer">
                {move || {
                    let left = attempt.wait_left(clock);
                    (left > 0).then(|| fill(text.retry_in, &[("time", &format_wait(left))]))
                }}
            </p>
            // Always present, so the hint is announced when it appears.
            <p class="hint clock-hint" aria-live="polite">
                {move || (clock_hint && attempt.failures.get() >= CLOCK_HINT_AFTER).then_some(text.clock_hint)}
            </p>
        </form>
    }
}
