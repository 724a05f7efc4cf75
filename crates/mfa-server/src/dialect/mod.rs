//! Vendor MFA APIs ("dialects"), each a thin HTTP layer mounted under its own prefix over the
//! one [`Core`](crate::core::Core). A dialect owns its paths, body shapes, error format and
//! message constants; it never owns state or policy.

pub mod eniris;

use std::sync::Arc;

use crate::core::Core;

/// Runs a core operation (SQLite, argon2) on the blocking pool, off the async workers.
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
