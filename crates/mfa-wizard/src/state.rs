//! What the steps share: the backend, the connection, and what one step hands to the next.
//!
//! Recovery codes and the sign-in's pending factors live only here, in memory: a reload
//! forgets them, which is what "shown once" means.

use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::{self, Backend, Capabilities, Factor};
use crate::config::{self, Notice, WizardConfig};

/// Shared state, provided as context by the app and cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct AppState {
    backend: StoredValue<Rc<dyn Backend>, LocalStorage>,
    pub config: RwSignal<WizardConfig>,
    pub capabilities: RwSignal<Capabilities>,
    pub notices: RwSignal<Vec<Notice>>,
    pub signed_in: RwSignal<bool>,
    /// The factors a sign-in waits for (second-factor step).
    pub pending_factors: RwSignal<Vec<Factor>>,
    /// Recovery codes to show once, then forget.
    pub fresh_codes: RwSignal<Vec<String>>,
    /// Digits of the authenticator being added, for the verify step.
    pub setup_digits: RwSignal<usize>,
    /// A message for the next step to show (e.g. "removed").
    pub flash: RwSignal<Option<&'static str>>,
}

impl AppState {
    /// State around an existing backend; tests pass a fake one.
    pub fn new(config: WizardConfig, backend: Rc<dyn Backend>) -> Self {
        AppState {
            capabilities: RwSignal::new(backend.capabilities()),
            signed_in: RwSignal::new(backend.signed_in()),
            backend: StoredValue::new_local(backend),
            config: RwSignal::new(config),
            notices: RwSignal::new(Vec::new()),
            pending_factors: RwSignal::new(Vec::new()),
            fresh_codes: RwSignal::new(Vec::new()),
            setup_digits: RwSignal::new(6),
            flash: RwSignal::new(None),
        }
    }

    pub fn backend(&self) -> Rc<dyn Backend> {
        self.backend.get_value()
    }

    /// Switches to another dialect or API address (the sign-in page's picker).
    pub fn reconnect(&self, config: WizardConfig) {
        config::remember(&config);
        let backend = backend::connect(&config);
        self.capabilities.set(backend.capabilities());
        self.signed_in.set(backend.signed_in());
        self.backend.set_value(backend);
        self.config.set(config);
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
