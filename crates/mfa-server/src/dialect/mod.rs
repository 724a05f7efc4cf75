//! Vendor MFA APIs ("dialects"), each a thin HTTP layer mounted under its own prefix over the
//! one [`Core`](crate::core::Core). A dialect owns its paths, body shapes, error format and
//! message constants; it never owns state or policy.

pub mod ecosuite;
pub mod eniris;

use std::sync::Arc;

use crate::core::Core;

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
