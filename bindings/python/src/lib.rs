//! `botika._native`: the native half of the botika Python package.
//!
//! Everything the SDK does happens in the core crate (`botika`); this module only converts
//! arguments and results between Python and Rust, maps the core's errors to the classes of
//! `botika/errors.py`, and bridges the tokio runtime to blocking calls (the sync `Client`) and
//! to asyncio (the `AsyncClient`). The Python package wraps it in idiomatic classes; nothing
//! here is meant to be called directly.

use pyo3::prelude::*;

mod aio;
mod call;
mod client;
mod convert;
mod errors;
mod hooks;
mod ops;
mod runtime;
mod sandbox;
mod webhooks;

/// The module's entry point; its name matches `module-name = "botika._native"`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<call::Call>()?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<ops::NativeBulkJob>()?;
    m.add_class::<ops::TemplateCursor>()?;
    m.add_class::<sandbox::NativeSandbox>()?;
    m.add_function(wrap_pyfunction!(webhooks::webhooks_parse, m)?)?;
    m.add_function(wrap_pyfunction!(webhooks::webhooks_verify_signature, m)?)?;
    m.add_function(wrap_pyfunction!(webhooks::webhooks_verify_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(
        webhooks::webhooks_verify_challenge_query,
        m
    )?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Not exported: the runtime's own exit hook (see runtime::before_exit).
    let before_exit = wrap_pyfunction!(runtime::before_exit, m)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (before_exit,))?;
    // The largest file any media kind allows: a file object is read no further than this (plus
    // one byte, so the core sees it is too big) while the media check is on.
    m.add("MAX_MEDIA_SIZE", botika::media::MAX_MEDIA_SIZE)?;
    // Every code the core can report, so the tests can prove botika.errors has a class for each.
    m.add(
        "ERROR_CODES",
        botika::ErrorKind::ALL.map(botika::ErrorKind::code).to_vec(),
    )?;
    Ok(())
}
