//! Step 5: new recovery codes, shown once. The person copies, downloads or prints them and
//! types one back, which shows they were really kept somewhere.

use leptos::prelude::*;

use super::{navigator, paths};
use crate::browser;
use crate::code::{group_by_four, matches_one_of};
use crate::components::{CopyButton, StepHeading};
use crate::i18n::t;
use crate::state::use_app;

#[component]
pub fn RecoveryCodesStep() -> impl IntoView {
    let app = use_app();
    let text = t();
    let go = navigator();
    let codes = app.fresh_codes.get_untracked();
    // Leaving the step forgets them: they are never shown twice.
    on_cleanup(move || app.fresh_codes.set(Vec::new()));

    if codes.is_empty() {
        return view! {
            <StepHeading text=text.recovery_codes_heading />
            <p class="notice">{text.recovery_gone}</p>
            <p><a class="button" href=paths::OVERVIEW>{text.done}</a></p>
        }
        .into_any();
    }

    let file_text = format!("{}\n\n{}\n", text.recovery_file_title, codes.join("\n"));
    let all_codes = codes.join("\n");
    let typed = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let stored_codes = StoredValue::new(codes.clone());
    let finish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if stored_codes.with_value(|codes| matches_one_of(&typed.get_untracked(), codes)) {
            app.fresh_codes.set(Vec::new());
            go(paths::OVERVIEW);
        } else {
            mismatch.set(true);
        }
    };

    view! {
        <StepHeading text=text.recovery_codes_heading />
        <p>{text.recovery_codes_intro}</p>
        <div id="recovery-print" class="print-area">
            <p class="print-only">{text.recovery_file_title}</p>
            <ul class="codes" aria-label=text.recovery_codes_list_label>
                {codes.iter().map(|code| view! { <li><code>{group_by_four(code)}</code></li> }).collect_view()}
            </ul>
        </div>
        <p class="actions">
            <CopyButton label=text.copy_all done=text.codes_copied value=Signal::stored(all_codes) />
            " "
            <button type="button" on:click=move |_| { browser::download_text("recovery-codes.txt", &file_text); }>
                {text.download_txt}
            </button>
            " "
            <button type="button" on:click=|_| browser::print()>{text.print}</button>
        </p>
        <form class="confirm" on:submit=finish novalidate>
            <p class="field">
                <label for="confirm-code">{text.confirm_code_label}</label>
                <span id="confirm-hint" class="hint">{text.confirm_code_hint}</span>
                <input
                    id="confirm-code"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="characters"
                    aria-describedby="confirm-hint confirm-error"
                    aria-invalid=move || if mismatch.get() { "true" } else { "false" }
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        mismatch.set(false);
                    }
                />
            </p>
            <p><button type="submit">{text.confirm_button}</button></p>
            <p id="confirm-error" class="error" role="alert">{move || mismatch.get().then_some(text.confirm_mismatch)}</p>
        </form>
    }
    .into_any()
}
