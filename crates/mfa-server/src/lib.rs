//! The MFA server as a library, so tests can start it on an ephemeral port.

use std::path::PathBuf;

use axum::{Router, routing::get};
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// Everything `serve` needs to know that is not an API route.
#[derive(Clone, Debug)]
pub struct Config {
    /// The built wizard; unknown paths fall back to its `index.html` (client-side routing).
    pub static_dir: PathBuf,
    /// The plain JavaScript demo page, served at `/www/`.
    pub www_dir: PathBuf,
    pub dev: bool,
}

pub fn router(config: &Config) -> Router {
    let wizard = ServeDir::new(&config.static_dir)
        .fallback(ServeFile::new(config.static_dir.join("index.html")));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest_service("/www", ServeDir::new(&config.www_dir))
        .fallback_service(wizard)
        .layer(TraceLayer::new_for_http())
}

pub async fn serve(listener: TcpListener, config: Config) -> anyhow::Result<()> {
    axum::serve(listener, router(&config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
