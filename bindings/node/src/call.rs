//! The runtime bridge of one call: an `AbortSignal` in JavaScript cancels a [`CancelToken`], and
//! [`run`] then drops the call's Rust future (closing its connection) and answers a `cancelled`
//! error. napi's async functions run the future on napi's tokio runtime and catch its panics,
//! so neither a slow call nor a bug reaches the event loop.

use std::future::Future;
use std::sync::{Mutex, PoisonError};

use botika::{Error, ErrorKind};
use futures_util::future::{AbortHandle, AbortRegistration, Abortable};
use napi_derive::napi;

use crate::errors::to_napi;

/// Cancels one call: JavaScript makes one per call that has a signal and calls `cancel()` when
/// the signal aborts (also before the call starts, if it already has).
#[napi]
pub struct CancelToken {
    handle: AbortHandle,
    registration: Mutex<Option<AbortRegistration>>,
}

#[napi]
impl CancelToken {
    /// A token not yet cancelled.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)] // a napi constructor, not a Rust API
    pub fn new() -> CancelToken {
        let (handle, registration) = AbortHandle::new_pair();
        CancelToken {
            handle,
            registration: Mutex::new(Some(registration)),
        }
    }

    /// Cancels the call: its Rust future is dropped at once and the promise rejects.
    #[napi]
    pub fn cancel(&self) {
        self.handle.abort();
    }
}

/// Runs `call`, cancelled by `token` if one is given; core errors become tagged napi errors.
pub async fn run<T>(
    token: Option<&CancelToken>,
    call: impl Future<Output = botika::Result<T>>,
) -> napi::Result<T> {
    let Some(token) = token else {
        return call.await.map_err(to_napi);
    };
    let registration = token
        .registration
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .ok_or_else(|| {
            to_napi(Error::invalid_argument(
                "signal",
                "a CancelToken serves one call only",
            ))
        })?;
    match Abortable::new(call, registration).await {
        Ok(result) => result.map_err(to_napi),
        Err(_aborted) => Err(to_napi(Error::new(
            ErrorKind::Cancelled,
            "the call was aborted by its AbortSignal",
        ))),
    }
}
