//! Component tests: mount the wizard in a real browser around a fake backend and read the DOM.
//! Waiting is bounded polling for an element, never a timing assertion.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use mfa_wizard::backend::{
    ApiError, ApiFuture, Authenticator, Backend, Capabilities, Factor, PendingSetup, ReauthRule,
    RecoveryCodes, SignIn, Status, TrustedDevice,
};
use mfa_wizard::code::CodeKind;
use mfa_wizard::components::{Attempt, CodeEntry};
use mfa_wizard::config::{BackendKind, WizardConfig};
use mfa_wizard::state::AppState;
use mfa_wizard::{App, Wizard};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

const ENIRIS_LIKE: Capabilities = Capabilities {
    several_authenticators: false,
    email_otp: false,
    recovery_codes: true,
    trusted_devices: false,
    guess_timers: false,
    cancel_pending_setup: true,
    resumable_setup: true,
    turn_off: true,
    reauth: ReauthRule::SecondFactorWhenEnabled,
};

/// A backend that answers from memory and records what it was asked.
struct Fake {
    capabilities: Capabilities,
    status: Status,
    calls: RefCell<Vec<String>>,
}

impl Fake {
    fn new(capabilities: Capabilities) -> Rc<Self> {
        Rc::new(Fake {
            capabilities,
            status: Status {
                enabled: true,
                authenticators: vec![Authenticator {
                    id: "a1".into(),
                    name: Some("Work phone".into()),
                    added: Some("2026-11-20T10:00:00Z".into()),
                }],
                recovery_codes: Some(RecoveryCodes {
                    made: Some("2026-11-20T10:00:00Z".into()),
                    remaining: Some(7),
                }),
                email: None,
                trusted_devices: vec![TrustedDevice {
                    id: "d1".into(),
                    description: "Firefox on Linux".into(),
                    added: None,
                }],
            },
            calls: RefCell::new(Vec::new()),
        })
    }

    fn record(&self, call: &str) {
        self.calls.borrow_mut().push(call.to_owned());
    }
}

impl Backend for Fake {
    fn kind(&self) -> BackendKind {
        BackendKind::Eniris
    }
    fn capabilities(&self) -> Capabilities {
        self.capabilities
    }
    fn signed_in(&self) -> bool {
        true
    }
    fn reauthenticated(&self) -> bool {
        false
    }
    fn sign_in<'a>(&'a self, _: &'a str, _: &'a str) -> ApiFuture<'a, SignIn> {
        Box::pin(async { Ok(SignIn::Done) })
    }
    fn complete_sign_in<'a>(&'a self, _: Factor, _: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
    fn reauthenticate<'a>(&'a self, _: Factor, _: &'a str) -> ApiFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
    fn sign_out(&self) -> ApiFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }
    fn status(&self) -> ApiFuture<'_, Status> {
        let status = self.status.clone();
        Box::pin(async move { Ok(status) })
    }
    fn begin_setup(&self) -> ApiFuture<'_, PendingSetup> {
        self.record("begin_setup");
        let uri = format!(
            "otpauth://totp/ACME:alice%40example.com?secret={SECRET}&issuer=ACME&digits=6&period=30"
        );
        Box::pin(async move { Ok(PendingSetup { uri }) })
    }
    fn activate<'a>(&'a self, code: &'a str) -> ApiFuture<'a, Vec<String>> {
        self.record(&format!("activate {code}"));
        Box::pin(async { Err(ApiError::WrongCode) })
    }
    fn remove_authenticator<'a>(&'a self, id: &'a str) -> ApiFuture<'a, ()> {
        self.record(&format!("remove {id}"));
        Box::pin(async { Err(ApiError::ReauthRequired) })
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount into, at the given route.
fn host_at(path: &str) -> web_sys::HtmlElement {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The first element matching `selector` (and `accept`), waiting up to ~5 s for it.
async fn find(host: &Element, selector: &str, accept: impl Fn(&Element) -> bool) -> Element {
    for _ in 0..500 {
        let list = host.query_selector_all(selector).unwrap();
        for i in 0..list.length() {
            if let Some(element) = list
                .item(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .filter(&accept)
            {
                return element;
            }
        }
        tick().await;
    }
    panic!("no {selector} appeared; page: {}", host.inner_html());
}

fn text_of(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn mount_wizard(path: &str, backend: Rc<Fake>) -> (web_sys::HtmlElement, impl Drop) {
    let host = host_at(path);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let state = AppState::new(WizardConfig::default(), backend.clone());
        view! { <Wizard state=state /> }
    });
    (host, handle)
}

#[wasm_bindgen_test]
async fn app_mounts_and_shows_the_sign_in_step() {
    let host = host_at("/");
    let handle = leptos::mount::mount_to(host.clone(), App);
    let heading = find(&host, "main#main h1", |h| text_of(h) == "Sign in").await;
    // The step's heading takes the focus, so screen readers start there.
    assert_eq!(document().active_element().as_ref(), Some(&heading));
    for id in ["username", "password"] {
        let label = host.query_selector(&format!("label[for={id}]")).unwrap();
        assert!(label.is_some(), "{id} has a label");
    }
    assert_eq!(
        host.query_selector("#password")
            .unwrap()
            .unwrap()
            .get_attribute("autocomplete")
            .as_deref(),
        Some("current-password")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn overview_offers_only_what_the_backend_can_do() {
    let (host, handle) = mount_wizard("/overview", Fake::new(ENIRIS_LIKE));
    find(&host, "h2", |h| text_of(h) == "Authenticator apps").await;
    assert!(text_of(&host).contains("Work phone"));
    assert!(text_of(&host).contains("Added 2026-11-20"));
    assert!(text_of(&host).contains("7 unused codes left."));
    assert!(
        !text_of(&host).contains("Trusted devices"),
        "Eniris has no trusted devices"
    );
    // One authenticator only: adding means replacing.
    find(&host, "a", |a| {
        text_of(a) == "Replace the authenticator app"
    })
    .await;
    drop(handle);

    let mut everything = ENIRIS_LIKE;
    everything.trusted_devices = true;
    everything.several_authenticators = true;
    everything.recovery_codes = false;
    let (host, handle) = mount_wizard("/overview", Fake::new(everything));
    find(&host, "h2", |h| text_of(h) == "Trusted devices").await;
    find(&host, "button", |b| {
        b.get_attribute("aria-label").as_deref() == Some("Revoke Firefox on Linux")
    })
    .await;
    find(&host, "a", |a| text_of(a) == "Add an authenticator app").await;
    assert!(
        !text_of(&host).contains("Recovery codes"),
        "no recovery codes offered"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn links_and_the_back_button_change_steps_without_a_reload() {
    let fake = Fake::new(ENIRIS_LIKE);
    let (host, handle) = mount_wizard("/overview", fake.clone());
    let path = || web_sys::window().unwrap().location().pathname().unwrap();
    let link = find(&host, "a", |a| {
        text_of(a) == "Replace the authenticator app"
    })
    .await;
    // A reload would end this test page; the wizard shows the step itself instead.
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    find(&host, "main h1", |h| {
        text_of(h) == "Add an authenticator app"
    })
    .await;
    assert_eq!(path(), "/authenticator/new");
    assert_eq!(fake.calls.borrow().as_slice(), ["begin_setup"]);

    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    find(&host, "main h1", |h| {
        text_of(h) == "Your two-factor authentication"
    })
    .await;
    assert_eq!(path(), "/overview");

    // A query or fragment stays in the address bar; the step is chosen by the path alone.
    let location = || web_sys::window().unwrap().location();
    let link = document().create_element("a").unwrap();
    link.set_attribute("href", "/authenticator/new?from=mail#top")
        .unwrap();
    host.append_child(&link).unwrap();
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    find(&host, "main h1", |h| {
        text_of(h) == "Add an authenticator app"
    })
    .await;
    assert_eq!(path(), "/authenticator/new");
    assert_eq!(location().search().unwrap(), "?from=mail");
    assert_eq!(location().hash().unwrap(), "#top");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_sensitive_change_asks_for_fresh_proof_first() {
    let fake = Fake::new(ENIRIS_LIKE);
    let (host, handle) = mount_wizard("/overview", fake.clone());
    let remove = find(&host, "button", |b| {
        b.get_attribute("aria-label").as_deref() == Some("Remove Work phone")
    })
    .await;
    remove.unchecked_ref::<web_sys::HtmlElement>().click();
    let heading = find(&host, "h2", |h| text_of(h) == "Confirm it's you again").await;
    assert_eq!(document().active_element().as_ref(), Some(&heading));
    // The account's active factors are offered: app and recovery code.
    find(&host, "#factor-recovery", |_| true).await;
    assert_eq!(fake.calls.borrow().as_slice(), ["remove a1"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_qr_code_never_names_the_secret() {
    let fake = Fake::new(ENIRIS_LIKE);
    let (host, handle) = mount_wizard("/authenticator/new", fake.clone());
    let image = find(&host, "[role=img]", |_| true).await;
    let label = image.get_attribute("aria-label").unwrap();
    assert_eq!(
        label,
        "QR code to add ACME (alice@example.com) to an authenticator app"
    );
    assert!(!label.contains(SECRET) && !label.contains("JBSW"));
    assert!(
        image.query_selector("svg path").unwrap().is_some(),
        "the QR is drawn in the page"
    );
    let link = image.parent_element().unwrap();
    assert!(
        link.get_attribute("href")
            .unwrap()
            .starts_with("otpauth://totp/")
    );

    let key: HtmlInputElement = find(&host, "#setup-key", |_| true).await.unchecked_into();
    assert_eq!(key.value(), "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    let label = host
        .query_selector("label[for=setup-key]")
        .unwrap()
        .unwrap();
    assert_eq!(text_of(&label), "Setup key");
    for detail in ["ACME", "alice@example.com", "SHA1", "30 seconds"] {
        assert!(text_of(&host).contains(detail), "{detail} shown");
    }
    assert!(
        text_of(&find(&host, "[role=timer]", |_| true).await)
            .starts_with("The code in your app changes in ")
    );
    assert_eq!(fake.calls.borrow().as_slice(), ["begin_setup"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_pasted_code_is_cleaned_and_sent_when_complete() {
    let sent = RwSignal::new(Vec::<String>::new());
    let host = host_at("/");
    let attempt = Attempt::new();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <CodeEntry
                id="code"
                label="Code"
                hint="Hint"
                kind=CodeKind::Numeric { digits: 6 }
                attempt=attempt
                on_complete=move |code: String| sent.update(|s| s.push(code))
            />
        }
    });
    let input: HtmlInputElement = find(&host, "input#code", |_| true).await.unchecked_into();
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    let type_in = |text: &str| {
        input.set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    type_in("123 45");
    assert_eq!(input.value(), "12345");
    assert!(sent.get_untracked().is_empty(), "incomplete codes wait");
    type_in("123 45-6");
    assert_eq!(sent.get_untracked(), ["123456"]);

    // A wrong code is announced; a lockout disables the field and counts down.
    attempt.fail(&ApiError::WrongCode, "Wrong.");
    tick().await;
    let alert = host.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(text_of(&alert), "Wrong.");
    attempt.fail(&ApiError::RateLimited { seconds: 90 }, "Wrong.");
    tick().await;
    assert!(input.disabled());
    assert!(text_of(&alert).starts_with("Too many tries. You can try again in 1:30"));
    let timer = host.query_selector("[role=timer]").unwrap().unwrap();
    assert!(
        text_of(&timer).starts_with("Try again in 1:"),
        "{}",
        text_of(&timer)
    );
    drop(handle);
}
