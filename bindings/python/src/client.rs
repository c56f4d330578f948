//! The native client: the core [`botika::Client`] behind the Python `Client` and `AsyncClient`.
//!
//! It holds the settings it was built from, so that a process forked from the one that built
//! it (multiprocessing, gunicorn, Celery) builds its own connection pool on its first call
//! instead of using the parent's sockets. Per-call options make a sibling client sharing the
//! same pool ([`NativeClient::with_options`]). The API operations live in [`crate::ops`].

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use pyo3::prelude::*;

use crate::convert::string_pairs;
use crate::errors::IntoPyResult;
use crate::hooks::RetryHook;

/// Everything the client was configured with, kept to rebuild it after a fork.
#[derive(Clone, Default)]
struct Settings {
    token: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    retry_base_delay: Option<Duration>,
    retry_max_delay: Option<Duration>,
    retry_after_cap: Option<Duration>,
    rate_limit: Option<f64>,
    headers: Vec<(String, String)>,
    on_retry: Option<Arc<RetryHook>>,
}

impl Settings {
    fn build(&self) -> botika::Result<botika::Client> {
        let mut builder = botika::Client::builder()
            .user_agent(concat!("botika-python/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = &self.token {
            builder = builder.token(token.clone());
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        let mut policy = botika::RetryPolicy::default();
        if let Some(n) = self.max_retries {
            policy = policy.max_retries(n);
        }
        if let Some(delay) = self.retry_base_delay {
            policy = policy.base_delay(delay);
        }
        if let Some(delay) = self.retry_max_delay {
            policy = policy.max_delay(delay);
        }
        if let Some(cap) = self.retry_after_cap {
            policy = policy.retry_after_cap(cap);
        }
        builder = builder.retry_policy(policy);
        if let Some(rate) = self.rate_limit {
            builder = builder.rate_limit(rate);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value)?;
        }
        if let Some(hook) = &self.on_retry {
            let hook = Arc::clone(hook);
            builder = builder.on_retry(move |event| hook.queue(event));
        }
        builder.build()
    }
}

/// The core client of the process that built it.
struct Pool {
    pid: u32,
    /// Always `Some` until dropped.
    client: Option<botika::Client>,
}

impl Pool {
    fn new(settings: &Settings) -> botika::Result<Pool> {
        Ok(Pool {
            pid: std::process::id(),
            client: Some(settings.build()?),
        })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // In a forked child, dropping the parent's pool would deregister its sockets from the
        // epoll instance parent and child share, and the parent's connections would stall:
        // leak it instead.
        if self.pid != std::process::id() {
            std::mem::forget(self.client.take());
        }
    }
}

/// What every sibling made by `with_options` shares.
struct State {
    settings: Settings,
    /// `None` once closed.
    pool: Mutex<Option<Pool>>,
}

/// The core client, shared by the Python clients made from it.
#[pyclass(module = "botika._native", frozen)]
pub struct NativeClient {
    state: Arc<State>,
    options: botika::RequestOptions,
}

impl NativeClient {
    /// The core client to make a call with, carrying this client's per-call options. Built
    /// anew (from the same settings) when the process was forked since.
    pub(crate) fn core(&self) -> botika::Result<botika::Client> {
        let pid = std::process::id();
        let mut pool = self
            .state
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let current = pool.as_mut().ok_or_else(closed)?;
        if current.pid != pid {
            *current = Pool::new(&self.state.settings)?;
        }
        let client = current.client.as_ref().ok_or_else(closed)?;
        Ok(client.with_options(self.options.clone()))
    }
}

fn closed() -> botika::Error {
    botika::Error::config("the client is closed")
}

/// Seconds (as Python gives them) as a `Duration`, refusing negative and non-finite values.
pub(crate) fn seconds(field: &str, value: Option<f64>) -> botika::Result<Option<Duration>> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s).map_err(|_| {
                botika::Error::invalid_argument(
                    field,
                    format!("must be a non-negative number of seconds (got {s})"),
                )
            })
        })
        .transpose()
}

#[pymethods]
impl NativeClient {
    /// Builds the core client; what is not given comes from `BOTIKA_API_TOKEN`,
    /// `BOTIKA_BASE_URL` or the core's defaults.
    #[new]
    #[pyo3(signature = (*, token=None, base_url=None, timeout=None, connect_timeout=None, max_retries=None,
        retry_base_delay=None, retry_max_delay=None, retry_after_cap=None, rate_limit=None, headers=None,
        on_retry=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        token: Option<String>,
        base_url: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        max_retries: Option<u32>,
        retry_base_delay: Option<f64>,
        retry_max_delay: Option<f64>,
        retry_after_cap: Option<f64>,
        rate_limit: Option<f64>,
        headers: Option<&Bound<'_, PyAny>>,
        on_retry: Option<Py<PyAny>>,
    ) -> PyResult<NativeClient> {
        let settings = (|| {
            Ok::<_, botika::Error>(Settings {
                token,
                base_url,
                timeout: seconds("timeout", timeout)?,
                connect_timeout: seconds("connect_timeout", connect_timeout)?,
                max_retries,
                retry_base_delay: seconds("retry_base_delay", retry_base_delay)?,
                retry_max_delay: seconds("retry_max_delay", retry_max_delay)?,
                retry_after_cap: seconds("retry_after_cap", retry_after_cap)?,
                rate_limit,
                headers: string_pairs(headers, "headers")?,
                on_retry: on_retry.map(RetryHook::new),
            })
        })()
        .or_raise(py)?;
        let pool = Pool::new(&settings).or_raise(py)?;
        Ok(NativeClient {
            state: Arc::new(State {
                settings,
                pool: Mutex::new(Some(pool)),
            }),
            options: botika::RequestOptions::default(),
        })
    }

    /// A client sharing this one's pool, with these per-call options over its own.
    #[pyo3(signature = (*, timeout=None, max_retries=None, extra_headers=None, retry_unsafe_sends=None))]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        max_retries: Option<u32>,
        extra_headers: Option<&Bound<'_, PyAny>>,
        retry_unsafe_sends: Option<bool>,
    ) -> PyResult<NativeClient> {
        let options = botika::RequestOptions {
            timeout: seconds("timeout", timeout).or_raise(py)?,
            max_retries,
            extra_headers: string_pairs(extra_headers, "extra_headers").or_raise(py)?,
            retry_unsafe_sends,
        };
        Ok(NativeClient {
            state: Arc::clone(&self.state),
            options: options.or(&self.options),
        })
    }

    /// The base URL every path is appended to.
    #[getter]
    fn base_url(&self, py: Python<'_>) -> PyResult<String> {
        self.core()
            .map(|client| client.base_url().to_owned())
            .or_raise(py)
    }

    /// Releases the connection pool and the `on_retry` callable; every later call fails with
    /// a `config` error. Closing twice is harmless.
    fn close(&self) {
        let pool = self
            .state
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Dropped after the lock is released.
        drop(pool);
        if let Some(hook) = &self.state.settings.on_retry {
            hook.clear();
        }
    }

    /// True once `close` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.state
            .pool
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }
}
