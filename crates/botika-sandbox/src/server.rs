//! The accept loop. Each connection is served by hyper directly (not `axum::serve`) so that a
//! request can ask for its own connection to be dropped: the drop faults close the socket
//! before or after processing, and the client gets no answer at all.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// A request's handle on its connection: `kill` closes it without an answer. Every request
/// served by [`serve`] carries one as an extension.
#[derive(Debug, Clone, Default)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    /// Asks the serve loop to close this connection now.
    pub fn kill(&self) {
        // `notify_one` keeps the signal if the loop is not waiting yet.
        self.0.notify_one();
    }
}

/// Accepts connections until `shutdown` turns true.
pub async fn serve(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, app.clone(), shutdown.clone()));
            }
            // Out of file descriptors or a connection reset while queued: wait a little and
            // go on, as one bad accept must not stop the server.
            Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    }
}

async fn connection(stream: TcpStream, app: Router, mut shutdown: watch::Receiver<bool>) {
    // Small answers go out at once rather than waiting for Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    let kill = ConnKill::default();
    let handle = kill.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(axum::body::Body::new);
        request.extensions_mut().insert(handle.clone());
        app.clone().oneshot(request)
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let served = builder.serve_connection(TokioIo::new(stream), service);
    // Leaving the select drops the connection, which closes the socket mid-request if asked.
    tokio::select! {
        _ = served => {}
        () = kill.0.notified() => {}
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
}
