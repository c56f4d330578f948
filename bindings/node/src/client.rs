//! The native client: built from the JavaScript `Client`'s options, it owns one core
//! [`botika::Client`] (one connection pool, rate limiter and retry policy) that every resource
//! call of that JavaScript client goes through. Also the generic `request` and the profile.

use std::collections::BTreeMap;

use botika::{Error, Method, RetryEvent, RetryPolicy};
use napi::Status;
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use serde::Deserialize;
use serde_json::json;

use crate::call::{CancelToken, run};
use crate::convert::{Blame, CallOptions, VERBATIM, millis, parse, parse_or_default, result_json};
use crate::errors::napi_result;

/// The client's settings, as `new Client({...})` takes them (minus `onRetry`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ClientConfig {
    token: Option<String>,
    base_url: Option<String>,
    timeout_ms: Option<f64>,
    connect_timeout_ms: Option<f64>,
    max_retries: Option<u32>,
    retry: Option<RetryConfig>,
    headers: Option<BTreeMap<String, String>>,
    rate_limit: Option<f64>,
    user_agent: Option<String>,
    default_options: Option<CallOptions>,
}

/// The retry policy's timings (`maxRetries` sits beside `retry` in the config).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RetryConfig {
    base_delay_ms: Option<f64>,
    max_delay_ms: Option<f64>,
    retry_after_cap_ms: Option<f64>,
}

/// The JavaScript `onRetry` hook: called with the event as JSON text, without waiting for it,
/// and weak, so it never keeps the process alive.
type RetryHook = ThreadsafeFunction<String, Unknown<'static>, String, Status, false, true>;

/// A retry event as JSON text: what failed and the wait.
fn retry_event(event: &RetryEvent) -> String {
    json!({
        "attempt": event.attempt,
        "method": event.method,
        "path": event.path,
        "code": event.kind.code(),
        "status": event.status,
        "delayMs": event.delay.as_secs_f64() * 1000.0,
    })
    .to_string()
}

impl ClientConfig {
    fn build(self, on_retry: Option<RetryHook>) -> botika::Result<botika::Client> {
        // A duration error names the setting, but a bad setting is a configuration error.
        let config_millis = |ms: f64, field: &str| {
            millis(ms, field).map_err(|e| Error::config(e.message().to_owned()))
        };
        let user_agent = match self.user_agent {
            Some(product) => format!("{product} botika-node/{}", crate::VERSION),
            None => format!("botika-node/{}", crate::VERSION),
        };
        let mut builder = botika::Client::builder().user_agent(user_agent);
        if let Some(token) = self.token {
            builder = builder.token(token);
        }
        if let Some(base_url) = self.base_url {
            builder = builder.base_url(base_url);
        }
        if let Some(ms) = self.timeout_ms {
            builder = builder.timeout(config_millis(ms, "timeoutMs")?);
        }
        if let Some(ms) = self.connect_timeout_ms {
            builder = builder.connect_timeout(config_millis(ms, "connectTimeoutMs")?);
        }
        let mut policy = RetryPolicy::default();
        if let Some(retries) = self.max_retries {
            policy = policy.max_retries(retries);
        }
        let retry = self.retry.unwrap_or_default();
        if let Some(ms) = retry.base_delay_ms {
            policy = policy.base_delay(config_millis(ms, "retry.baseDelayMs")?);
        }
        if let Some(ms) = retry.max_delay_ms {
            policy = policy.max_delay(config_millis(ms, "retry.maxDelayMs")?);
        }
        if let Some(ms) = retry.retry_after_cap_ms {
            policy = policy.retry_after_cap(config_millis(ms, "retry.retryAfterCapMs")?);
        }
        builder = builder.retry_policy(policy);
        if let Some(hook) = on_retry {
            builder = builder.on_retry(move |event| {
                // A full queue or a closing environment drops the notice; the retry goes on.
                let _ = hook.call(retry_event(event), ThreadsafeFunctionCallMode::NonBlocking);
            });
        }
        for (name, value) in self.headers.unwrap_or_default() {
            builder = builder.header(&name, &value)?;
        }
        if let Some(per_second) = self.rate_limit {
            builder = builder.rate_limit(per_second);
        }
        if let Some(defaults) = self.default_options {
            let defaults = defaults
                .into_request_options("defaultOptions")
                .map_err(|e| Error::config(e.message().to_owned()))?;
            builder = builder.default_options(defaults);
        }
        builder.build()
    }
}

/// One query parameter of `request` (repeat a name to send it several times).
#[napi(object)]
pub struct QueryParam {
    pub name: String,
    pub value: String,
}

/// A 2xx answer of `request`, body unparsed.
#[napi(object)]
pub struct RawResponse {
    pub status: u16,
    /// Header names in lowercase; repeated headers joined with `, `.
    pub headers: BTreeMap<String, String>,
    pub body: Buffer,
    /// The body as JSON text, or `null` when it is empty or not JSON.
    pub json: Option<String>,
    pub request_id: Option<String>,
}

/// The core client behind one JavaScript `Client`.
#[napi]
pub struct NativeClient {
    pub(crate) inner: botika::Client,
}

#[napi]
impl NativeClient {
    /// Builds the client from its settings as JSON text (`{"token", "baseUrl", ...}`);
    /// missing token and base URL come from `BOTIKA_API_TOKEN` / `BOTIKA_BASE_URL`.
    /// `onRetry` is called before every retry with the event as JSON text.
    #[napi(constructor)]
    pub fn new(
        config: Option<String>,
        // Spelled out, not `RetryHook`: napi's type generation prints an alias's name as is.
        on_retry: Option<ThreadsafeFunction<String, Unknown<'static>, String, Status, false, true>>,
    ) -> napi::Result<NativeClient> {
        let config: ClientConfig = napi_result(parse_or_default(
            config.as_deref(),
            "options",
            Blame::Config,
        ))?;
        Ok(NativeClient {
            inner: napi_result(config.build(on_retry))?,
        })
    }

    /// The base URL every path is appended to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The core client with this call's options (JSON text) over the client's defaults.
    pub(crate) fn with_call(&self, options: Option<&str>) -> botika::Result<botika::Client> {
        let options: CallOptions = parse_or_default(options, "options", Blame::Argument)?;
        Ok(self
            .inner
            .with_options(options.into_request_options("options")?))
    }

    /// Any endpoint: `method` and `path` below the base URL, an optional JSON body (as text,
    /// sent exactly), query parameters, and whether repeating it is harmless.
    #[napi]
    #[allow(clippy::too_many_arguments)] // mirrors the JavaScript call one to one
    pub async fn request(
        &self,
        method: String,
        path: String,
        json: Option<String>,
        query: Option<Vec<QueryParam>>,
        idempotent: Option<bool>,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<RawResponse> {
        run(signal, async move {
            let client = self.with_call(options.as_deref())?;
            let method =
                Method::from_bytes(method.to_ascii_uppercase().as_bytes()).map_err(|_| {
                    Error::invalid_argument("method", format!("{method:?} is not an HTTP method"))
                })?;
            let mut request = client.request(method, path);
            if let Some(json) = json {
                let body: serde_json::Value = parse(&json, "json", Blame::Argument)?;
                request = request.json(&body);
            }
            for param in query.unwrap_or_default() {
                request = request.query(param.name, param.value);
            }
            if let Some(idempotent) = idempotent {
                request = request.idempotent(idempotent);
            }
            let response = request.send().await?;
            let mut headers = BTreeMap::<String, String>::new();
            for (name, value) in &response.headers {
                let value = String::from_utf8_lossy(value.as_bytes());
                headers
                    .entry(name.as_str().to_owned())
                    .and_modify(|joined| {
                        joined.push_str(", ");
                        joined.push_str(&value);
                    })
                    .or_insert_with(|| value.into_owned());
            }
            Ok(RawResponse {
                status: response.status,
                json: response.json_value().ok().map(|value| value.to_string()),
                request_id: response.request_id(),
                headers,
                body: response.body.to_vec().into(),
            })
        })
        .await
    }

    /// `GET /profile`, as JSON text with camelCase keys.
    #[napi]
    pub async fn get_profile(
        &self,
        options: Option<String>,
        signal: Option<&CancelToken>,
    ) -> napi::Result<String> {
        let profile = run(signal, async move {
            self.with_call(options.as_deref())?.profile().get().await
        })
        .await?;
        result_json(&profile, VERBATIM)
    }
}
