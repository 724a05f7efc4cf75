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
pub mod state;
pub mod steps;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

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
    view! {
        <Router>
            <a class="skip" href="#main">{t().skip_to_content}</a>
            <Header />
            <main id="main">
                <Routes fallback=|| view! { <SignIn /> }>
                    <Route path=path!("/") view=SignIn />
                    <Route path=path!("/sign-in/second-factor") view=SecondFactorStep />
                    <Route path=path!("/overview") view=Overview />
                    <Route path=path!("/authenticator/new") view=AddAuthenticator />
                    <Route path=path!("/authenticator/verify") view=Verify />
                    <Route path=path!("/recovery-codes") view=RecoveryCodesStep />
                </Routes>
            </main>
        </Router>
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
