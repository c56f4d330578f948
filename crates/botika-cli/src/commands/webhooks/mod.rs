//! `botika webhooks listen`: a local receiver (axum) that verifies each delivery's signature with
//! the core, prints its events as they arrive, and answers the verification handshake.

mod render;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use botika::webhooks::{self, SIGNATURE_HEADER};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::context::Context;
use crate::failure::Failure;
use crate::output::Printer;

/// Webhook commands.
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Receive webhooks on this machine and print each event as it arrives
    #[command(
        after_help = "Examples:\n  botika webhooks listen --port 9000 --secret s3cret\n  botika sandbox --webhook-url http://127.0.0.1:9000/hook --webhook-secret s3cret   # in another terminal\n  botika webhooks listen --port 9000 --secret s3cret --verify-token t0k --output json | jq ."
    )]
    Listen(ListenArgs),
}

/// `webhooks listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The port; 0 picks a free one (the first line printed says which)
    #[arg(long, default_value_t = 9000)]
    port: u16,
    /// The address to listen on
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The webhook secret: deliveries without a matching X-Hub-Signature-256 are refused
    #[arg(
        long,
        env = "BOTIKA_WEBHOOK_SECRET",
        hide_env_values = true,
        required_unless_present = "unsigned"
    )]
    secret: Option<String>,
    /// Accept deliveries without checking their signature (for a sender with no secret)
    #[arg(long, conflicts_with = "secret")]
    unsigned: bool,
    /// The token the verification handshake (GET ?hub.verify_token=...) must present
    #[arg(long, env = "BOTIKA_WEBHOOK_VERIFY_TOKEN", hide_env_values = true)]
    verify_token: Option<String>,
}

/// What every request handler shares.
struct Listener {
    secret: Option<String>,
    verify_token: Option<String>,
    printer: Printer,
}

/// Runs a webhook command.
pub async fn run(context: Context<'_>, command: WebhooksCommand) -> Result<(), Failure> {
    let WebhooksCommand::Listen(args) = command;
    let address = SocketAddr::new(args.host, args.port);
    let socket = tokio::net::TcpListener::bind(address).await.map_err(|e| {
        Failure::other(format!("cannot listen on {address}: {e}"))
            .hint("pick another --port, or --port 0 for a free one")
    })?;
    let bound = socket
        .local_addr()
        .map_err(|e| Failure::other(format!("cannot read the listening address: {e}")))?;
    let url = format!("http://{bound}");
    let printer = *context.printer;
    printer.stream_item(
        &json!({ "listening": url, "signed": !args.unsigned }),
        || {
            let check = if args.unsigned {
                "NOT checked"
            } else {
                "checked"
            };
            format!("listening for webhooks on {url} (signatures {check}; Ctrl-C to stop)")
        },
    );
    let state = Arc::new(Listener {
        secret: args.secret,
        verify_token: args.verify_token,
        printer,
    });
    let app = Router::new().fallback(handle).with_state(state);
    axum::serve(socket, app)
        .with_graceful_shutdown(botika_sandbox::shutdown_signal())
        .await
        .map_err(|e| Failure::other(format!("the webhook listener failed: {e}")))
}

/// Every path: `GET` answers the handshake, `POST` takes a delivery.
async fn handle(
    State(listener): State<Arc<Listener>>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match method {
        Method::GET => handshake(&listener, query.as_deref().unwrap_or("")),
        Method::POST => deliver(&listener, &headers, &body),
        _ => (StatusCode::METHOD_NOT_ALLOWED, "use POST for deliveries\n").into_response(),
    }
}

fn handshake(listener: &Listener, query: &str) -> Response {
    let Some(token) = &listener.verify_token else {
        eprintln!(
            "refused a verification handshake: start the listener with --verify-token to answer it"
        );
        return (StatusCode::FORBIDDEN, "no verify token is set\n").into_response();
    };
    match webhooks::verify_challenge_query(query, token) {
        Some(challenge) => {
            eprintln!("answered a verification handshake");
            (StatusCode::OK, challenge).into_response()
        }
        None => {
            eprintln!(
                "refused a verification handshake: wrong or missing hub.verify_token or hub.mode"
            );
            (StatusCode::FORBIDDEN, "verification failed\n").into_response()
        }
    }
}

fn deliver(listener: &Listener, headers: &HeaderMap, body: &[u8]) -> Response {
    if let Some(secret) = &listener.secret {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .and_then(|value| value.to_str().ok());
        if let Err(error) = webhooks::verify_signature(body, signature, secret) {
            eprintln!("refused a delivery: {}", error.message());
            return (StatusCode::UNAUTHORIZED, format!("{}\n", error.message())).into_response();
        }
    }
    match webhooks::parse(body) {
        Ok(payload) => {
            for event in &payload.events {
                listener.printer.stream_item(event, || render::event(event));
            }
            (StatusCode::OK, "ok\n").into_response()
        }
        Err(error) => {
            eprintln!("refused a delivery: {}", error.message());
            (StatusCode::BAD_REQUEST, format!("{}\n", error.message())).into_response()
        }
    }
}
