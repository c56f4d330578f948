//! Broadcasts: send one template to contacts or labels, and the latest broadcast to a recipient.

use pyo3::prelude::*;

use super::{model_call, try_call};
use crate::call::Call;
use crate::client::NativeClient;
use crate::convert::from_py;

#[pymethods]
impl NativeClient {
    /// `POST /broadcasts`: `broadcast` is the wire JSON (`{"name", "type", "to", "template"}`),
    /// read and validated by the core.
    fn broadcasts_send(&self, broadcast: &Bound<'_, PyAny>) -> Call {
        try_call(|| {
            let broadcast = botika::Broadcast::from_json(from_py(broadcast, "")?)?;
            Ok(model_call(self, move |client| async move {
                client.broadcasts().send(broadcast).await
            }))
        })
    }

    /// `POST /broadcasts/latest`: today's latest broadcast message to `to`.
    fn broadcasts_latest(&self, to: String) -> Call {
        model_call(self, move |client| async move {
            client.broadcasts().latest(&to).await
        })
    }
}
