//! The setup wizard as a library: `main.rs` mounts it, tests mount it into a test page.

use leptos::prelude::*;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main id="wizard">
            <h1>"Set up two-factor authentication"</h1>
        </main>
    }
}
