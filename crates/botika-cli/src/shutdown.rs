//! Waiting for Ctrl-C or SIGTERM, so that the long-running commands (`webhooks listen`,
//! `sandbox`) stop cleanly.

/// Resolves on Ctrl-C, or on SIGTERM on Unix.
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    // Without a signal handler there is nothing to wait for but Ctrl-C.
    let _ = tokio::signal::ctrl_c().await;
}
