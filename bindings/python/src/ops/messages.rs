//! Messages: send a message given in its wire shape (the Python wrappers build it for each
//! type), send a raw body, mark as read.

use pyo3::prelude::*;

use super::{call_with, model_call, to_none, try_call};
use crate::call::Call;
use crate::client::NativeClient;
use crate::convert::from_py;

#[pymethods]
impl NativeClient {
    /// `POST /messages`: `message` is the wire JSON without `to` (`{"type": "text", "text":
    /// {...}, "reply_message_id"?, ...extra}`), read and validated by the core. With
    /// `check_template`, a template message is first checked against the template the API has.
    #[pyo3(signature = (to, message, *, check_template=false))]
    fn send_message(&self, to: String, message: &Bound<'_, PyAny>, check_template: bool) -> Call {
        try_call(|| {
            let message = botika::OutgoingMessage::from_json(from_py(message, "")?)?;
            Ok(model_call(self, move |client| async move {
                let messages = client.messages();
                if check_template {
                    messages.send_template_checked(&to, message).await
                } else {
                    messages.send(&to, message).await
                }
            }))
        })
    }

    /// `POST /messages` with `body` sent as given (only `to` is checked).
    fn send_json(&self, body: &Bound<'_, PyAny>) -> Call {
        try_call(|| {
            let body = from_py(body, "")?;
            Ok(model_call(self, move |client| async move {
                client.messages().send_json(body).await
            }))
        })
    }

    /// `PUT /messages/{id}`: marks an inbound message read.
    fn mark_read(&self, message_id: String) -> Call {
        call_with(
            self,
            move |client| async move { client.messages().mark_read(&message_id).await },
            to_none,
        )
    }
}
