//! Step 1: username and password, with the connection picker.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{navigator, paths};
use crate::backend::SignIn as Outcome;
use crate::components::{Attempt, StepHeading};
use crate::config::{self, BackendKind, Notice};
use crate::i18n::{fill, t};
use crate::state::use_app;

#[component]
pub fn SignIn() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    if app.signed_in.get_untracked() && app.backend().signed_in() {
        let go = go.clone();
        request_animation_frame(move || go(paths::OVERVIEW));
    }

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let backend_id = RwSignal::new(app.config.get_untracked().backend.id().to_owned());
    let api = RwSignal::new(app.config.get_untracked().api);
    let attempt = Attempt::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Apply the picker first: the password goes to the chosen API only.
        let mut wanted = app.config.get_untracked();
        if let Some(kind) = BackendKind::from_id(&backend_id.get_untracked()) {
            wanted.backend = kind;
        }
        let api_text = api.get_untracked();
        if config::api_allowed(
            api_text.trim(),
            &crate::browser::origin(),
            &wanted.allowed_origins,
        ) {
            wanted.api = api_text.trim().trim_end_matches('/').to_owned();
        } else {
            attempt
                .error
                .set(Some(fill(text.api_refused, &[("api", api_text.trim())])));
            return;
        }
        if wanted != app.config.get_untracked() {
            app.reconnect(wanted);
        }
        if !attempt.begin() {
            return;
        }
        let backend = app.backend();
        let go = go.clone();
        spawn_local(async move {
            match backend
                .sign_in(&username.get_untracked(), &password.get_untracked())
                .await
            {
                Ok(Outcome::Done) => {
                    attempt.succeed();
                    password.set(String::new());
                    app.signed_in.set(true);
                    go(paths::OVERVIEW);
                }
                Ok(Outcome::SecondFactor(factors)) => {
                    attempt.succeed();
                    password.set(String::new());
                    app.pending_factors.set(factors);
                    go(paths::SECOND_FACTOR);
                }
                Err(error) => attempt.fail(&error, text.wrong_password),
            }
        });
    };

    let notices = move || {
        app.notices
            .get()
            .into_iter()
            .map(|notice| match notice {
                Notice::FileUnreadable => text.config_fallback.to_owned(),
                Notice::ApiRefused(api) => fill(text.api_refused, &[("api", &api)]),
            })
            .map(|line| view! { <p class="notice">{line}</p> })
            .collect_view()
    };
    let clock = crate::clock::use_clock();
    let locked = move || attempt.busy.get() || attempt.locked(clock);

    view! {
        <StepHeading text=text.sign_in_heading />
        <p>{text.sign_in_intro}</p>
        {notices}
        <form class="sign-in" on:submit=submit>
            {credential_field("username", text.username_label, "text", "username", username)}
            {credential_field(
                "password",
                text.password_label,
                "password",
                "current-password",
                password,
            )}
            <details class="connection">
                <summary>{text.connection_legend}</summary>
                <p class="field">
                    <label for="backend">{text.backend_label}</label>
                    <select
                        id="backend"
                        on:change=move |ev| {
                            let id = event_target_value(&ev);
                            if let Some(kind) = BackendKind::from_id(&id) {
                                api.set(kind.default_api().to_owned());
                            }
                            backend_id.set(id);
                        }
                    >
                        {BackendKind::ALL
                            .into_iter()
                            .map(|kind| {
                                view! {
                                    <option value=kind.id() selected=move || backend_id.get() == kind.id()>
                                        {kind.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </p>
                <p class="field">
                    <label for="api">{text.api_label}</label>
                    <input
                        id="api"
                        name="api"
                        aria-describedby="api-hint"
                        spellcheck="false"
                        prop:value=move || api.get()
                        on:input=move |ev| api.set(event_target_value(&ev))
                    />
                    <span id="api-hint" class="hint">{text.api_hint}</span>
                </p>
            </details>
            <p>
                <button type="submit" disabled=locked>
                    {move || if attempt.busy.get() { text.busy } else { text.sign_in_button }}
                </button>
            </p>
            <p class="error" role="alert">{move || attempt.error.get()}</p>
        </form>
    }
}

/// A labelled, required sign-in field bound to `value`; `name` is also its id, so password
/// managers and the label find it.
fn credential_field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </p>
    }
}
