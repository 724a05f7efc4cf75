//! The MFA server as a library, so tests and the benchmark can start it in-process.
//!
//! ```text
//! core/      dialect-free MFA logic: accounts, factors, tokens, throttle, replay, audit
//! store/     persistence traits and the SQLite implementation
//! dialect/   vendor APIs over the core (eniris/ at /eniris, veeam/ at /veeam, ecosuite/ at /ecosuite)
//! http/      static files and SPA fallback, security headers and CORS, request logs, /dev
//! clock.rs   injectable time
//! ```

pub mod clock;
pub mod core;
pub mod dialect;
pub mod http;
pub mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::{Router, routing::get};
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::clock::{Clock, SystemClock};
use crate::core::mail::{LogRelay, MailRelay, SmtpRelay};
use crate::core::{Core, Settings};
use crate::store::sqlite::SqliteStore;

/// Requests bodies larger than this are refused with 413.
pub const BODY_LIMIT_BYTES: usize = 16 * 1024;

pub const DEMO_USERNAME: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo-password";
pub const DEMO_EMAIL: &str = "demo@example.com";

/// Everything `serve` needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    /// SQLite store and key file; created on first start.
    pub data_dir: PathBuf,
    /// The built wizard; extension-less unknown paths fall back to its `index.html`.
    pub static_dir: PathBuf,
    /// The plain JavaScript demo page, served at `/www/`.
    pub www_dir: PathBuf,
    /// Seeds the demo account, enables `/dev/outbox`, allows CORS from localhost origins,
    /// prints mails (with codes) to the log.
    pub dev: bool,
    /// Origins allowed to call the APIs cross-origin (exact match, e.g. `https://app.example`).
    pub cors_origins: Vec<String>,
    /// Issuer shown in authenticator apps.
    pub issuer: String,
    /// `host:port` of an SMTP relay that accepts unauthenticated mail; none = log only.
    pub smtp_relay: Option<String>,
    pub mail_from: String,
    /// The Ecosuite dialect's Cognito pool requires MFA: a sign-in without a second factor
    /// is answered with the `MFA_SETUP` challenge.
    pub cognito_mfa_required: bool,
}

impl Config {
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            static_dir: "dist".into(),
            www_dir: "www".into(),
            dev: false,
            cors_origins: Vec::new(),
            issuer: Settings::default().issuer,
            smtp_relay: None,
            mail_from: "mfa@localhost".into(),
            cognito_mfa_required: false,
        }
    }
}

/// Opens the store (creating data folder, key and schema as needed) and builds the core.
pub fn open_core(config: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Arc<Core>> {
    let settings = Settings {
        issuer: config.issuer.clone(),
        ..Settings::default()
    };
    open_core_with(config, clock, settings)
}

/// [`open_core`] with explicit policy settings (tests and the benchmark).
pub fn open_core_with(
    config: &Config,
    clock: Arc<dyn Clock>,
    settings: Settings,
) -> anyhow::Result<Arc<Core>> {
    std::fs::create_dir_all(&config.data_dir)?;
    let master_key = core::crypto::load_or_create_master_key(&config.data_dir)?;
    let store = Arc::new(SqliteStore::open(&config.data_dir)?);
    let mail: Arc<dyn MailRelay> = match &config.smtp_relay {
        Some(address) => Arc::new(SmtpRelay {
            address: address.clone(),
            from: config.mail_from.clone(),
        }),
        None => Arc::new(LogRelay {
            show_contents: config.dev,
        }),
    };
    let core = Arc::new(Core::new(
        store,
        clock,
        core::crypto::Keys::derive(&master_key),
        mail,
        settings,
    ));
    if config.dev {
        core.ensure_account(DEMO_USERNAME, DEMO_EMAIL, DEMO_PASSWORD)?;
    }
    Ok(core)
}

pub fn router(config: &Config, core: Arc<Core>) -> Router {
    let csp = http::security::content_security_policy(&[
        &config.static_dir.join("index.html"),
        &config.www_dir.join("index.html"),
    ]);
    let wizard = http::spa::SinglePageApp::new(&config.static_dir);
    let www = http::spa::SinglePageApp::new(&config.www_dir);
    let mut app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/eniris", dialect::eniris::router(Arc::clone(&core)))
        .nest(
            dialect::veeam::PREFIX,
            dialect::veeam::router(Arc::clone(&core)),
        )
        .nest(
            "/ecosuite",
            dialect::ecosuite::router(Arc::clone(&core), config.cognito_mfa_required),
        );
    // `/dev` is reserved even outside dev mode, so its paths never fall through to the wizard.
    let mut dev_routes = Router::new();
    if config.dev {
        dev_routes = dev_routes.route("/outbox", get(http::dev_outbox));
    }
    app = app.nest(
        "/dev",
        dev_routes
            .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
            .with_state(Arc::clone(&core)),
    );
    let mut app = app
        .nest_service(
            "/www",
            tower::service_fn(move |request: Request| {
                let www = www.clone();
                async move { Ok::<_, std::convert::Infallible>(www.serve(request).await) }
            }),
        )
        .fallback(move |request: Request| wizard.clone().serve(request))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES));
    for (name, value) in http::security::security_headers(&csp) {
        app = app.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    app.layer(http::security::cors(
        config.cors_origins.clone(),
        config.dev,
    ))
    // Gzip for clients that accept it. The wizard's wasm, JS and CSS arrive already compressed
    // (their stored `.gz` copies, see `SinglePageApp`) and pass through untouched; this covers
    // the rest (`index.html`, `/www`, JSON answers).
    .layer(tower_http::compression::CompressionLayer::new())
    // A bug in one request answers 500 instead of dropping the connection.
    .layer(tower_http::catch_panic::CatchPanicLayer::new())
    .layer(http::request_log())
}

/// Serves until Ctrl-C, with the wall clock.
pub async fn serve(listener: TcpListener, config: Config) -> anyhow::Result<()> {
    let core = open_core(&config, Arc::new(SystemClock))?;
    serve_core(listener, &config, core).await
}

/// Serves an already opened core (tests and the benchmark bring their own clock).
pub async fn serve_core(
    listener: TcpListener,
    config: &Config,
    core: Arc<Core>,
) -> anyhow::Result<()> {
    let purger = tokio::spawn(purge_expired_tokens(Arc::clone(&core)));
    let result = axum::serve(listener, router(config, core))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    purger.abort();
    Ok(result?)
}

/// Expired tokens are refused anyway; this only keeps the table small.
async fn purge_expired_tokens(core: Arc<Core>) {
    let mut every_ten_minutes = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every_ten_minutes.tick().await;
        if let Err(err) = dialect::blocking(&core, |core| core.purge_expired_tokens()).await {
            tracing::warn!(error = %err, "purging expired tokens");
        }
    }
}
