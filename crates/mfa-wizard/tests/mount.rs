//! Component tests: mount the app in a real browser and read the DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn app_mounts_and_renders_its_heading() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), mfa_wizard::App);

    let heading = host.query_selector("main#wizard h1").unwrap().expect("heading rendered");
    assert_eq!(heading.text_content().unwrap(), "Set up two-factor authentication");
    drop(handle);
}
