//! The code of docs/rust.md, run against the sandbox. Every ```rust block of the doc must appear
//! verbatim in this file (a test checks it), so the doc shows only code that builds and works.

use std::path::Path;
use std::time::Duration;

use botika::media::{MediaSource, UploadOptions};
use botika::webhooks::{self, Event};
use botika::{Client, Document, ErrorKind, Interactive, RequestOptions, Text};
use botika_sandbox::{Direction, FaultKind, FaultSpec, MessageFilter};
use futures_util::TryStreamExt;

use crate::support::{self, CUSTOMER, Receiver, SECRET, files};

/// The doc this file keeps honest.
const DOC: &str = include_str!("../../../../docs/rust.md");
/// This file's own source.
const SOURCE: &str = include_str!("docs.rs");

async fn greet(client: &Client, to: &str, invoice: &Path) -> botika::Result<()> {
    let sent = client.messages().send(to, Text::new("Halo!")).await?;

    // The MIME type and kind come from the content; Botika's limits are checked before upload.
    let upload = MediaSource::path(invoice);
    let invoice = client.media().upload(upload, UploadOptions::new()).await?;
    let document = Document::from_id(&invoice.id).filename("invoice.pdf");
    client
        .messages()
        .send(to, document.reply_to(&sent.id))
        .await?;

    let menu = Interactive::buttons("Did it arrive?")
        .button("yes", "Yes")
        .button("no", "Not yet");
    client.messages().send(to, menu).await?;

    let mut templates = std::pin::pin!(client.templates().list(None)); // every page
    while let Some(template) = templates.try_next().await? {
        println!("{} is {:?}", template.name, template.status);
    }
    Ok(())
}

fn configured(token: &str) -> botika::Result<Client> {
    Client::builder()
        .token(token) // else BOTIKA_API_TOKEN
        .timeout(Duration::from_secs(15)) // per attempt, the whole response included
        .max_retries(3)
        .rate_limit(20.0) // POST /messages per second, shared by every clone
        .on_retry(|e| eprintln!("retrying {} {} in {:?}", e.method, e.path, e.delay))
        .build()
}

async fn quick_profile(client: &Client) -> botika::Result<botika::Profile> {
    let quick = client.with_options(
        RequestOptions::new()
            .timeout(Duration::from_secs(2))
            .max_retries(0)
            .header("X-Trace-Id", "order-1024"),
    );
    quick.profile().get().await
}

async fn show_template(client: &Client, id: &str) -> botika::Result<()> {
    match client.templates().get(id).await {
        Ok(template) => println!("{}: {:?}", template.name, template.status),
        Err(e) if e.kind() == ErrorKind::NotFound => println!("no template {id}"),
        Err(e) if e.kind() == ErrorKind::RateLimited => println!("wait {:?}", e.retry_after()),
        Err(e) => return Err(e),
    }
    Ok(())
}

async fn notify(client: &Client, to: &str, text: &str) -> botika::Result<Option<String>> {
    match client.messages().send(to, Text::new(text)).await {
        Ok(sent) => Ok(Some(sent.id)),
        // Botika may have it: sending again could deliver it twice. Its status webhooks tell.
        Err(e) if e.may_have_been_sent() => {
            eprintln!("{to}: outcome unknown: {e}");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn on_delivery(body: &[u8], signature: Option<&str>, secret: &str) -> botika::Result<()> {
    for event in webhooks::verify_and_parse(body, signature, secret)?.events {
        match event {
            Event::Status(s) => println!("{} is {}", s.message_id, s.status.as_str()),
            Event::Message(m) => println!("{} sent a {} message", m.from, m.content.kind()),
            _ => {} // template reviews, and kinds of event added later
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_customer_taps_the_first_button() {
    let sandbox = botika_sandbox::Sandbox::builder().start().await.unwrap();
    let client = Client::builder()
        .token(sandbox.token())
        .base_url(sandbox.api_url())
        .build()
        .unwrap();
    let menu = Interactive::buttons("Ready?").button("go", "Go");
    client.messages().send("+15550100020", menu).await.unwrap(); // it answers all but reactions

    let inbound = MessageFilter {
        direction: Some(Direction::Inbound),
        ..MessageFilter::default()
    };
    let answered = async {
        loop {
            if let Some(tap) = sandbox.messages(&inbound).pop() {
                return tap;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let tap = tokio::time::timeout(Duration::from_secs(10), answered)
        .await
        .unwrap();
    assert_eq!(tap["content"]["interactive"]["button_reply"]["id"], "go");
}

#[tokio::test]
async fn the_quickstart_snippet_sends_uploads_and_lists() {
    let sandbox = support::sandbox().await;
    let folder = tempfile::tempdir().unwrap();
    let invoice = folder.path().join("invoice.pdf");
    std::fs::write(&invoice, files::PDF).unwrap();
    greet(&support::client(&sandbox), CUSTOMER, &invoice)
        .await
        .unwrap();
    let sent = support::outbound(&sandbox, Some(CUSTOMER));
    let types: Vec<&str> = sent.iter().filter_map(|m| m["type"].as_str()).collect();
    assert_eq!(types, ["text", "document", "interactive"]);
    assert_eq!(
        sent[1]["content"]["reply_message_id"],
        sent[0]["id"].as_str().unwrap()
    );
    // Two templates, one page.
    assert_eq!(support::processed(&sandbox, "GET", "/message-templates"), 1);
}

#[tokio::test]
async fn the_configuration_snippets_build_and_apply() {
    let client = configured("doc-token").unwrap();
    assert!(!format!("{client:?}").contains("doc-token"));

    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    // Without `max_retries(0)` the client would retry this 5xx and succeed.
    sandbox
        .set_fault(FaultSpec::new(FaultKind::Error).path("/profile").count(1))
        .unwrap();
    let error = quick_profile(&client).await.unwrap_err();
    assert_eq!(error.code(), "server");
    assert!(quick_profile(&client).await.is_ok());
}

#[tokio::test]
async fn the_error_snippets_handle_what_they_say() {
    let sandbox = support::sandbox().await;
    let client = support::client(&sandbox);
    show_template(&client, "1").await.unwrap();
    show_template(&client, "999999").await.unwrap();
    sandbox
        .set_fault(FaultSpec::new(FaultKind::Error).count(1))
        .unwrap();
    let once = client.with_options(RequestOptions::new().max_retries(0));
    assert_eq!(
        show_template(&once, "1").await.unwrap_err().code(),
        "server"
    );

    assert!(notify(&client, CUSTOMER, "Halo").await.unwrap().is_some());
    sandbox
        .set_fault(
            FaultSpec::new(FaultKind::DropAfter)
                .path("/messages")
                .count(1),
        )
        .unwrap();
    assert_eq!(notify(&client, CUSTOMER, "Halo").await.unwrap(), None);
    let refused = notify(&client, "not a number", "Halo").await.unwrap_err();
    assert_eq!(refused.code(), "invalid_argument");
}

#[tokio::test]
async fn the_webhook_snippet_accepts_signed_deliveries_only() {
    let receiver = Receiver::start().await;
    let sandbox = support::builder()
        .webhook_url(receiver.url())
        .webhook_secret(SECRET)
        .start()
        .await
        .unwrap();
    support::client(&sandbox)
        .messages()
        .send(CUSTOMER, Text::new("Halo"))
        .await
        .unwrap();
    let delivery = support::eventually("a delivery", || {
        std::future::ready(receiver.deliveries().pop())
    })
    .await;
    let signature = delivery.signature.as_deref();
    on_delivery(&delivery.body, signature, SECRET).unwrap();
    let forged = on_delivery(&delivery.body, signature, "not-the-secret").unwrap_err();
    assert_eq!(forged.code(), "invalid_argument");
}

/// The doc's code blocks, each as its lines without indentation.
fn rust_blocks(doc: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in doc.lines() {
        match (&mut current, line.trim()) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), text) => block.push(text),
            (None, _) => {}
        }
    }
    blocks
}

/// What a `use` line imports, as full paths: `use a::{B, C}; // why` gives `a::B` and `a::C`.
fn imports(line: &str) -> Vec<String> {
    let statement = line.split("//").next().unwrap_or_default().trim();
    let path = statement.trim_start_matches("use ").trim_end_matches(';');
    match path.split_once('{') {
        Some((prefix, names)) => names
            .trim_end_matches('}')
            .split(',')
            .map(|name| format!("{prefix}{}", name.trim()))
            .collect(),
        None => vec![path.to_owned()],
    }
}

#[test]
fn every_rust_block_of_the_doc_is_code_of_this_file() {
    let source: Vec<&str> = SOURCE.lines().map(str::trim).collect();
    let imported: Vec<String> = source
        .iter()
        .filter(|l| l.starts_with("use "))
        .flat_map(|l| imports(l))
        .collect();
    let blocks = rust_blocks(DOC);
    assert!(blocks.len() >= 6, "the doc lost its examples");
    for block in blocks {
        // A block's imports are among this file's; the rest of it appears here in one piece.
        let (uses, code): (Vec<&str>, Vec<&str>) =
            block.into_iter().partition(|l| l.starts_with("use "));
        for import in uses.iter().flat_map(|l| imports(l)) {
            assert!(imported.contains(&import), "docs/rust.md imports {import}");
        }
        let code: Vec<&str> = code.into_iter().skip_while(|l| l.is_empty()).collect();
        let found = source.windows(code.len()).any(|window| window == code);
        assert!(
            found,
            "docs/rust.md shows code this file does not have:\n{}",
            code.join("\n")
        );
    }
}
