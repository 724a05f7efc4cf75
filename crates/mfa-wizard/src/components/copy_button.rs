//! A button that copies text and says, in a polite live region, what was copied.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::i18n::t;

#[component]
pub fn CopyButton(
    label: &'static str,
    /// What to say after copying (e.g. that spaces were left out).
    done: &'static str,
    /// The text to copy, read at the moment of the click.
    #[prop(into)]
    value: Signal<String>,
) -> impl IntoView {
    let status = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let text = value.get_untracked();
        spawn_local(async move {
            let copied = browser::copy_text(&text).await;
            status.set(Some(if copied { done } else { t().copy_failed }));
        });
    };
    view! {
        <button type="button" on:click=copy>{label}</button>
        <span class="copy-status" role="status">{move || status.get()}</span>
    }
}
