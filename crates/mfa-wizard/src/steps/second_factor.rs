//! Step 1b: the second factor of a sign-in.

use leptos::prelude::*;

use super::{navigator, paths};
use crate::components::Purpose;
use crate::components::{SecondFactorForm, StepHeading};
use crate::i18n::t;
use crate::state::use_app;

#[component]
pub fn SecondFactorStep() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    let factors = app.pending_factors.get_untracked();
    if factors.is_empty() {
        // A reload forgot the half-finished sign-in: start over.
        request_animation_frame({
            let go = go.clone();
            move || go(paths::SIGN_IN)
        });
    }
    let finished = {
        let go = go.clone();
        move |()| {
            app.pending_factors.set(Vec::new());
            app.signed_in.set(true);
            go(paths::OVERVIEW);
        }
    };
    let cancelled = move |()| {
        app.pending_factors.set(Vec::new());
        go(paths::SIGN_IN);
    };
    view! {
        <StepHeading text=text.second_factor_heading />
        <p>{text.second_factor_intro}</p>
        <SecondFactorForm factors=factors purpose=Purpose::SignIn on_done=finished on_cancel=cancelled />
    }
}
