//! HTTP concerns shared by all dialects: static files, security headers, CORS, request logs
//! and the dev-only endpoints.

pub mod security;
pub mod spa;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::core::Core;
use crate::dialect::quick_read;

/// Request logs name the method and the path only: no query string, no headers, no body, so
/// tokens and codes never reach the log.
pub fn request_log<B>() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&Request<B>) -> tracing::Span + Clone,
    tower_http::trace::DefaultOnRequest,
    DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(|request: &Request<B>| {
            tracing::info_span!("http", method = %request.method(), path = %request.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

/// `GET /dev/outbox` (dev mode only): every mail the server "sent", oldest first, as
/// `[{"to","subject","body","code","sentAt"}]` (`code` absent for mails without one).
pub async fn dev_outbox(State(core): State<Arc<Core>>) -> Response {
    match quick_read(&core, |core| core.outbox()) {
        Ok(mails) => Json(mails).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "reading the outbox");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
