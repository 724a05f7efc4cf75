//! Client-side routing for the steps: the page's path as a signal, `history.pushState` to move
//! on, and the browser's Back/Forward buttons and clicks on this site's links mapped onto it.
//!
//! Why not `leptos_router`, which issue 5 names: in this wizard it cost 49 KB of the 150 KB gzip
//! download budget (wasm 192 -> 143 KB gzip without it, nothing else changed). Its nested-route
//! matching, path parameters, query maps and transitions are generic code instantiated for every
//! route, and the wizard has six flat paths with no parameters. Everything the steps used from
//! it is here: the current path, navigation, history, and same-site links.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The current path, provided by [`provide_path`] for [`navigator`].
#[derive(Clone, Copy)]
struct CurrentPath(RwSignal<String>);

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Starts routing for this mount and returns the current path (e.g. `/overview`).
pub fn provide_path() -> RwSignal<String> {
    let path = RwSignal::new(location_path());
    provide_context(CurrentPath(path));
    let back_forward = window_event_listener(ev::popstate, move |_| path.set(location_path()));
    let links = window_event_listener(ev::click, move |event| {
        if let Some(to) = same_site_link(&event) {
            event.prevent_default();
            go(path, &to);
        }
    });
    on_cleanup(move || {
        back_forward.remove();
        links.remove();
    });
    path
}

/// The path of a plain left click on a link to this site, which the wizard shows itself.
/// Clicks meant for the browser are left alone: new tab or window (modifier keys, middle
/// button, `target`), downloads, other schemes (the QR's `otpauth:` link), `#fragment`s.
fn same_site_link(event: &ev::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let link = event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    crate::config::is_site_path(&href).then_some(href)
}

/// Goes to `to`, a path with an optional `?query` or `#fragment`: those stay in the address
/// bar, and the route is the path alone.
fn go(path: RwSignal<String>, to: &str) {
    let route = to.split(['?', '#']).next().unwrap_or_default();
    let here = path.get_untracked() == route;
    if here && route.len() == to.len() {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to));
    }
    if !here {
        path.set(route.to_owned());
    }
}

/// A navigation function that needs only the path.
pub fn navigator() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    let CurrentPath(path) = expect_context::<CurrentPath>();
    move |to: &str| go(path, to)
}
