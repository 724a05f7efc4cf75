//! Vendor MFA APIs ("dialects"), each a thin HTTP layer mounted under its own prefix over the
//! one [`Core`](crate::core::Core). A dialect owns its paths, body shapes, error format and
//! message constants; it never owns state or policy.
//!
//! Request bodies arrive as typed structs through [`JsonBody`] / [`FormBody`], which reject
//! with the dialect's own error type (see [`body`]).

pub mod body;
pub mod ecosuite;
pub mod eniris;
pub mod veeam;

pub use body::{BodyError, FormBody, JsonBody};

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};

use crate::core::Core;

/// Longest bearer token a dialect looks up (ours are 43 characters).
pub const MAX_TOKEN_LEN: usize = 512;

/// The token of an `Authorization: Bearer <token>` header, when there is a non-empty one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// Every dialect's 429 carries `Retry-After` (whole seconds), whatever its body says.
pub fn set_retry_after(response: &mut axum::response::Response, secs: Option<u64>) {
    if let Some(secs) = secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
}

/// Runs a core operation that hashes a password (argon2, tens of milliseconds) or may take
/// long otherwise (the periodic purge of expired tokens) on the blocking pool, off the async
/// workers.
pub async fn blocking<T: Send + 'static>(
    core: &Arc<Core>,
    operation: impl FnOnce(&Core) -> T + Send + 'static,
) -> T {
    let core = Arc::clone(core);
    match tokio::task::spawn_blocking(move || operation(&core)).await {
        Ok(value) => value,
        Err(join_error) => std::panic::resume_unwind(join_error.into_panic()),
    }
}

/// Runs a core operation that only reads the store, on the current worker.
///
/// Store work takes microseconds; handing each operation to the blocking pool cost more in
/// thread switches than the work itself (measured with the load benchmark), so it runs
/// inline. Reads use their own connections and wait for no writer. Anything that hashes a
/// password goes through [`blocking`] instead.
pub fn quick_read<T>(core: &Core, operation: impl FnOnce(&Core) -> T) -> T {
    operation(core)
}

/// Runs a core operation that writes the store on the current worker, once it is its turn
/// ([`Core::writer_turn`]): waiting for the turn frees the worker for other requests.
pub async fn quick_write<T>(core: &Core, operation: impl FnOnce(&Core) -> T) -> T {
    let _turn = core.writer_turn().await;
    operation(core)
}
