//! The wizard's steps, one route each.

mod add_authenticator;
mod overview;
mod recovery_codes;
mod second_factor;
mod sign_in;
mod verify;

pub use add_authenticator::AddAuthenticator;
pub use overview::Overview;
pub use recovery_codes::RecoveryCodesStep;
pub use second_factor::SecondFactorStep;
pub use sign_in::SignIn;
pub use verify::Verify;

use leptos::prelude::*;

pub use crate::router::navigator;
use crate::state::use_app;

/// The routes, in flow order.
pub mod paths {
    pub const SIGN_IN: &str = "/";
    pub const SECOND_FACTOR: &str = "/sign-in/second-factor";
    pub const OVERVIEW: &str = "/overview";
    pub const ADD_AUTHENTICATOR: &str = "/authenticator/new";
    pub const VERIFY: &str = "/authenticator/verify";
    pub const RECOVERY_CODES: &str = "/recovery-codes";
}

/// Sends a visitor without a session back to sign-in; `true` when the step may show.
pub fn require_session() -> bool {
    let app = use_app();
    let signed_in = app.signed_in.get_untracked() && app.backend().signed_in();
    if !signed_in {
        let go = navigator();
        // Navigating while the router renders this route is deferred to the next task.
        request_animation_frame(move || go(paths::SIGN_IN));
    }
    signed_in
}
