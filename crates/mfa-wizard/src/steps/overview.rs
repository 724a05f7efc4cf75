//! Step 2 and 6: what the account has, and the changes to it (each behind re-authentication
//! when the backend asks for it).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{navigator, paths, require_session};
use crate::backend::{ApiError, Status};
use crate::browser;
use crate::components::{ReauthPrompt, StepHeading, error_text};
use crate::i18n::{fill, t};
use crate::state::use_app;

/// The sensitive changes of this step.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    RemoveAuthenticator(String),
    RegenerateCodes,
    TurnOff,
    RevokeDevice(String),
}

/// The date part of an ISO 8601 timestamp: readable everywhere and free of time zones.
fn day(timestamp: &str) -> &str {
    timestamp.split('T').next().unwrap_or(timestamp)
}

#[component]
pub fn Overview() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    let ready = require_session();
    let status = RwSignal::new(None::<Result<Status, ApiError>>);
    // A change waiting for re-authentication.
    let waiting = RwSignal::new(None::<Change>);
    let confirming_off = RwSignal::new(false);
    let message = RwSignal::new(app.flash.get_untracked());
    app.flash.set(None);
    let caps = app.capabilities;

    let load = move || {
        let backend = app.backend();
        spawn_local(async move {
            let result = backend.status().await;
            if result == Err(ApiError::SignedOut) {
                app.signed_in.set(false);
            }
            status.set(Some(result));
        });
    };
    if ready {
        load();
    }

    let perform = {
        let go = go.clone();
        move |change: Change| {
            let backend = app.backend();
            let go = go.clone();
            message.set(None);
            spawn_local(async move {
                let result = match &change {
                    Change::RemoveAuthenticator(id) => backend
                        .remove_authenticator(id)
                        .await
                        .map(|()| text.removed_authenticator),
                    Change::TurnOff => backend.turn_off().await.map(|()| text.turned_off),
                    Change::RevokeDevice(id) => backend.revoke_device(id).await.map(|()| ""),
                    Change::RegenerateCodes => match backend.regenerate_recovery_codes().await {
                        Ok(codes) => {
                            app.fresh_codes.set(codes);
                            go(paths::RECOVERY_CODES);
                            return;
                        }
                        Err(error) => Err(error),
                    },
                };
                match result {
                    Ok(done) => {
                        waiting.set(None);
                        confirming_off.set(false);
                        message.set((!done.is_empty()).then_some(done));
                        // The button that was pressed may be gone: keep keyboard users on the step.
                        browser::focus_step_heading();
                        load();
                    }
                    Err(ApiError::ReauthRequired) => waiting.set(Some(change)),
                    Err(error) => {
                        waiting.set(None);
                        message.set(None);
                        status.set(Some(Err(error)));
                    }
                }
            });
        }
    };

    let reauth = {
        let perform = perform.clone();
        move || {
            waiting.get().map(|change| {
                let factors = status
                    .get_untracked()
                    .and_then(Result::ok)
                    .map(|s| s.active_factors(&caps.get_untracked()))
                    .unwrap_or_default();
                let perform = perform.clone();
                view! {
                    <ReauthPrompt
                        factors=factors
                        on_done=move |()| perform(change.clone())
                        on_cancel=move |()| waiting.set(None)
                    />
                }
            })
        }
    };

    let body = move || {
        let perform = perform.clone();
        let go = go.clone();
        match status.get() {
            None => view! { <p>{text.loading}</p> }.into_any(),
            Some(Err(error)) => {
                let signed_out = error == ApiError::SignedOut;
                let go = go.clone();
                view! {
                    <p class="error" role="alert">{error_text(&error)}</p>
                    {signed_out.then(|| view! {
                        <p><button type="button" on:click=move |_| go(paths::SIGN_IN)>{text.sign_in_button}</button></p>
                    })}
                }
                .into_any()
            }
            Some(Ok(state)) => {
                let capabilities = caps.get();
                let can_add =
                    capabilities.several_authenticators || state.authenticators.is_empty();
                let add_label = if can_add {
                    text.add_authenticator
                } else {
                    text.replace_authenticator
                };
                let authenticators = state
                    .authenticators
                    .iter()
                    .map(|authenticator| {
                        let name = authenticator.name.clone().unwrap_or_else(|| text.authenticator_default_name.into());
                        let added = authenticator.added.as_deref().map(|at| fill(text.added_on, &[("date", day(at))]));
                        let id = authenticator.id.clone();
                        let perform = perform.clone();
                        let remove_label = format!("{} {name}", text.remove_authenticator);
                        view! {
                            <li>
                                <span class="name">{name}</span>
                                " "
                                <span class="date">{added}</span>
                                " "
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-label=remove_label
                                    on:click=move |_| perform(Change::RemoveAuthenticator(id.clone()))
                                >
                                    {text.remove_authenticator}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                let recovery = state.recovery_codes.clone();
                let perform_regenerate = perform.clone();
                let perform_off = perform.clone();
                let devices = state
                    .trusted_devices
                    .iter()
                    .map(|device| {
                        let id = device.id.clone();
                        let perform = perform.clone();
                        let label = format!("{} {}", text.revoke_device, device.description);
                        view! {
                            <li>
                                {device.description.clone()}
                                " "
                                <button type="button" class="secondary" aria-label=label
                                    on:click=move |_| perform(Change::RevokeDevice(id.clone()))>
                                    {text.revoke_device}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                let no_devices = state.trusted_devices.is_empty();
                let email = state.email.clone();
                view! {
                    <section aria-labelledby="status-heading" class="status">
                        <h2 id="status-heading">
                            {text.app_name} ": "
                            <strong class=if state.enabled { "on" } else { "off" }>
                                {if state.enabled { text.status_on } else { text.status_off }}
                            </strong>
                        </h2>
                        <p>{if state.enabled { text.status_on_detail } else { text.status_off_detail }}</p>
                    </section>
                    <section aria-labelledby="authenticators-heading">
                        <h2 id="authenticators-heading">{text.authenticators_heading}</h2>
                        {if state.authenticators.is_empty() {
                            view! { <p>{text.no_authenticators}</p> }.into_any()
                        } else {
                            view! { <ul class="items">{authenticators}</ul> }.into_any()
                        }}
                        <p><a class="button" href=paths::ADD_AUTHENTICATOR>{add_label}</a></p>
                    </section>
                    {capabilities.recovery_codes.then(|| view! {
                        <section aria-labelledby="recovery-heading">
                            <h2 id="recovery-heading">{text.recovery_heading}</h2>
                            {match recovery {
                                Some(codes) => view! {
                                    <p>
                                        {codes.remaining.map(|n| fill(text.recovery_left, &[("count", &n.to_string())]))}
                                        " "
                                        {codes.made.as_deref().map(|at| fill(text.recovery_made_on, &[("date", day(at))]))}
                                    </p>
                                    <p>
                                        <button type="button" on:click=move |_| perform_regenerate(Change::RegenerateCodes)>
                                            {text.regenerate_codes}
                                        </button>
                                    </p>
                                }.into_any(),
                                None => view! { <p>{text.recovery_none}</p> }.into_any(),
                            }}
                        </section>
                    })}
                    {(capabilities.email_otp && email.is_some()).then(|| view! {
                        <section aria-labelledby="email-heading">
                            <h2 id="email-heading">{text.email_heading}</h2>
                            <p>{fill(text.email_active, &[("email", email.as_deref().unwrap_or(""))])}</p>
                        </section>
                    })}
                    {capabilities.trusted_devices.then(|| view! {
                        <section aria-labelledby="devices-heading">
                            <h2 id="devices-heading">{text.devices_heading}</h2>
                            {if no_devices {
                                view! { <p>{text.no_devices}</p> }.into_any()
                            } else {
                                view! { <ul class="items">{devices}</ul> }.into_any()
                            }}
                        </section>
                    })}
                    {(capabilities.turn_off && state.enabled).then(|| view! {
                        <section aria-labelledby="off-heading" class="danger">
                            <h2 id="off-heading" class="visually-hidden">{text.turn_off}</h2>
                            <Show
                                when=move || confirming_off.get()
                                fallback=move || view! {
                                    <button type="button" class="danger" on:click=move |_| confirming_off.set(true)>
                                        {text.turn_off}
                                    </button>
                                }
                            >
                                {
                                    let perform_off = perform_off.clone();
                                    view! {
                                        <p role="alert">{text.turn_off_confirm}</p>
                                        <p>
                                            <button type="button" class="danger" on:click=move |_| perform_off(Change::TurnOff)>
                                                {text.turn_off}
                                            </button>
                                            " "
                                            <button type="button" class="secondary" on:click=move |_| confirming_off.set(false)>
                                                {text.cancel}
                                            </button>
                                        </p>
                                    }
                                }
                            </Show>
                        </section>
                    })}
                }
                .into_any()
            }
        }
    };

    view! {
        <StepHeading text=text.overview_heading />
        <p class="flash" role="status">{move || message.get()}</p>
        {reauth}
        <Show when=move || waiting.get().is_none()>{body.clone()}</Show>
    }
}
