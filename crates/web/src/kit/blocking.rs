//! CPU-heavy work (password hashing, documents) off the threads that answer requests: on tokio's blocking pool,
//! at most as many at once as the machine has cores, so a burst of logins or PDF downloads queues instead of
//! stalling `/healthz` and every page for everyone else.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

/// One permit per core.
static PERMITS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get)));

/// Why the work did not finish.
#[derive(Debug, thiserror::Error)]
pub enum BlockingError {
    /// The work panicked or the runtime is shutting down.
    #[error("background work failed: {0}")]
    Failed(String),
}

/// Runs `f` on the blocking pool once a permit is free, and waits for its result.
pub(crate) async fn run<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, BlockingError> {
    let _permit = PERMITS
        .acquire()
        .await
        .map_err(|e| BlockingError::Failed(e.to_string()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| BlockingError::Failed(e.to_string()))
}
