//! Sends never duplicate: `POST /messages` is retried only when the request provably never
//! reached the server; otherwise the error says the message may have been sent. Reads retry.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use botika::{ErrorKind, Method, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::mock::{MockServer, Reply};
use crate::{builder, recorder, text_message};

/// A base URL on which nothing listens, so every connection is refused.
async fn refusing_base_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/api/whatsapp/v1")
}

/// What a raw server does once it has read a whole request.
#[derive(Clone, Copy)]
enum Misbehaviour {
    /// Closes the connection without answering.
    Drop,
    /// Answers `200` headers promising a body, sends part of it, then stalls.
    StallBody,
}

/// A raw HTTP/1.1 server that reads each request completely, then misbehaves; it counts the
/// requests it read.
async fn raw_server(misbehaviour: Misbehaviour) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                if read_request(&mut socket).await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    if let Misbehaviour::StallBody = misbehaviour {
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":";
                        let _ = socket.write_all(head.as_bytes()).await;
                        tokio::time::sleep(Duration::from_secs(10)).await;
                    }
                }
            });
        }
    });
    (format!("http://{addr}/api/whatsapp/v1"), requests)
}

/// Reads one request (headers and a `Content-Length` body); false if the peer went away first.
async fn read_request(socket: &mut tokio::net::TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return true;
            }
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_send() {
    let (events, hook) = recorder();
    let client = builder(&refusing_base_url().await)
        .on_retry(hook)
        .build()
        .unwrap();
    let error = client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert!(
        !error.may_have_been_sent(),
        "a refused connection delivered nothing"
    );
    let kinds: Vec<ErrorKind> = events
        .lock()
        .unwrap()
        .iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(kinds, [ErrorKind::Connection; 2], "both retries were used");
}

#[tokio::test]
async fn a_connection_dropped_after_the_send_was_written_is_not_retried() {
    let (base_url, requests) = raw_server(Misbehaviour::Drop).await;
    let client = builder(&base_url).build().unwrap();
    let error = client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection);
    assert!(error.may_have_been_sent());
    assert!(error.to_string().contains("may have been sent"), "{error}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_read_whose_connection_drops_is_retried() {
    let (base_url, requests) = raw_server(Misbehaviour::Drop).await;
    let client = builder(&base_url).build().unwrap();
    let error = client.profile().get().await.unwrap_err();
    assert_eq!(
        (error.kind(), error.may_have_been_sent()),
        (ErrorKind::Connection, false)
    );
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_body_that_stalls_after_a_2xx_is_a_timeout_and_the_send_may_have_happened() {
    let (base_url, requests) = raw_server(Misbehaviour::StallBody).await;
    let client = builder(&base_url)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.may_have_been_sent());
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_send_answered_5xx_or_too_late_is_never_repeated() {
    let server = MockServer::start(vec![Reply::status(500)]).await;
    let (events, hook) = recorder();
    let client = builder(server.base_url()).on_retry(hook).build().unwrap();
    let error = client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.may_have_been_sent()),
        (ErrorKind::Server, true)
    );

    let slow = MockServer::start(vec![Reply::status(200).delay(Duration::from_secs(3))]).await;
    let client = builder(slow.base_url()).build().unwrap();
    let quick = client.with_options(RequestOptions::new().timeout(Duration::from_millis(200)));
    let error = quick
        .request(Method::POST, "messages/")
        .json(&text_message())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.may_have_been_sent()),
        (ErrorKind::Timeout, true)
    );
    assert_eq!((server.requests().len(), slow.requests().len()), (1, 1));
    assert!(events.lock().unwrap().is_empty());
}

#[tokio::test]
async fn retry_unsafe_sends_can_be_the_client_default() {
    let server = MockServer::start(vec![Reply::status(502), Reply::status(200)]).await;
    let client = builder(server.base_url())
        .default_options(RequestOptions::new().retry_unsafe_sends(true))
        .build()
        .unwrap();
    client
        .request(Method::POST, "/messages")
        .json(&text_message())
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}
