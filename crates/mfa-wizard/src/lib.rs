//! The setup wizard: sign in, add an authenticator app, save recovery codes, manage them.
//!
//! `main.rs` mounts [`App`]; the browser tests mount it (or [`Wizard`] around a fake backend)
//! into their own page.
//!
//! - [`backend`]: the [`backend::Backend`] trait, its capabilities, and one module per dialect.
//! - [`steps`]: one component per route, in flow order.
//! - [`components`]: the pieces steps share (code field, second factor form, QR, copy).
//! - [`i18n`]: every string; [`config`]: which API; [`code`], [`clock`]: pure helpers.

pub mod backend;
pub mod browser;
pub mod clock;
pub mod code;
pub mod components;
pub mod config;
pub mod i18n;
pub mod json;
pub mod otpauth;
pub mod router;
pub mod state;
pub mod steps;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::t;
use crate::state::AppState;
use crate::steps::{
    AddAuthenticator, Overview, RecoveryCodesStep, SecondFactorStep, SignIn, Verify, navigator,
    paths,
};

/// The app as served: reads the configuration, then shows the wizard.
#[component]
pub fn App() -> impl IntoView {
    let loaded = RwSignal::new_local(None::<AppState>);
    spawn_local(async move {
        let (config, notices) = config::load().await;
        let state = AppState::new(config.clone(), backend::connect(&config));
        state.notices.set(notices);
        loaded.set(Some(state));
    });
    move || match loaded.get() {
        Some(state) => view! { <Wizard state=state /> }.into_any(),
        None => view! { <main id="main"><p>{t().loading}</p></main> }.into_any(),
    }
}

/// The wizard around a ready state (tests pass one with a fake backend).
#[component]
pub fn Wizard(state: AppState) -> impl IntoView {
    provide_context(state);
    clock::provide_clock();
    let path = router::provide_path();
    view! {
        <a class="skip" href="#main">{t().skip_to_content}</a>
        <Header />
        <main id="main">
            // One step per path; any other path is the sign-in.
            {move || match path.get().as_str() {
                paths::SECOND_FACTOR => view! { <SecondFactorStep /> }.into_any(),
                paths::OVERVIEW => view! { <Overview /> }.into_any(),
                paths::ADD_AUTHENTICATOR => view! { <AddAuthenticator /> }.into_any(),
                paths::VERIFY => view! { <Verify /> }.into_any(),
                paths::RECOVERY_CODES => view! { <RecoveryCodesStep /> }.into_any(),
                _ => view! { <SignIn /> }.into_any(),
            }}
        </main>
    }
}

/// The product name and, once signed in, the way out.
#[component]
fn Header() -> impl IntoView {
    let app = state::use_app();
    let go = navigator();
    let sign_out = move |_| {
        let backend = app.backend();
        let go = go.clone();
        spawn_local(async move {
            let _ = backend.sign_out().await;
            app.signed_in.set(false);
            app.fresh_codes.set(Vec::new());
            go(paths::SIGN_IN);
        });
    };
    view! {
        <header class="top">
            <span class="product">{t().app_name}</span>
            <Show when=move || app.signed_in.get()>
                <button type="button" class="secondary" on:click=sign_out.clone()>{t().sign_out}</button>
            </Show>
        </header>
    }
}
