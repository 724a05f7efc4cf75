//! Each step's `<h1>`: it takes the focus when the step appears, so keyboard and screen
//! reader users start at the top of the new step, and it names the browser tab.

use leptos::html;
use leptos::prelude::*;

use crate::browser;
use crate::i18n::t;

#[component]
pub fn StepHeading(text: &'static str) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
        browser::set_title(&format!("{text} – {}", t().app_name));
    });
    view! { <h1 tabindex="-1" node_ref=heading>{text}</h1> }
}

/// A section heading that takes the focus when it appears inside a step (a prompt).
#[component]
pub fn FocusedHeading(text: &'static str, #[prop(optional)] id: &'static str) -> impl IntoView {
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
    });
    view! { <h2 tabindex="-1" id=id node_ref=heading>{text}</h2> }
}
