//! The botika quickstart: reads the business profile, uploads media and downloads it back, sends
//! every kind of message, lists the templates, and reads the webhooks that come back (delivery
//! statuses and the customer's answers) on a local receiver that verifies each one.
//!
//! ```sh
//! cargo run -p botika --example quickstart
//! ```
//!
//! Without `BOTIKA_API_TOKEN` it starts the Botika sandbox in this process and writes to the
//! sandbox's auto-replying test number, so it runs offline and shows the whole round trip. With
//! `BOTIKA_API_TOKEN` (and `BOTIKA_BASE_URL` if you are not on production) it talks to Botika:
//! set `BOTIKA_TO` to the number to write to. Webhooks then reach this program only if Botika
//! can reach it: point your webhook (through a tunnel) at `http://BOTIKA_WEBHOOK_ADDR/webhooks`
//! (default `127.0.0.1:9000`) and set `BOTIKA_WEBHOOK_SECRET` to its secret. Video and product
//! messages need a public video URL (`BOTIKA_DEMO_VIDEO_URL`) and a catalog
//! (`BOTIKA_CATALOG_ID`, `BOTIKA_PRODUCT_ID`); without them they are skipped.

use std::error::Error as StdError;
use std::io::Cursor;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use botika::media::{MediaSource, UploadOptions};
use botika::webhooks::{self, DeliveryStatus, Event, MessageContent as Inbound, SIGNATURE_HEADER};
use botika::{
    Audio, Client, Contact, Document, Image, Interactive, Location, MessageContent,
    OutgoingMessage, Reaction, Row, Section, Sticker, TemplateMessage, Text, Video,
};
use botika_sandbox::{Sandbox, SandboxHandle, StatusSchedule};
use futures_util::TryStreamExt;
use tokio::net::TcpListener;

type AnyResult<T> = Result<T, Box<dyn StdError>>;

/// The sandbox's test number that reads every message and answers it.
const SANDBOX_CUSTOMER: &str = "+15550100020";
/// Signs the in-process sandbox's webhooks; a live run uses `BOTIKA_WEBHOOK_SECRET`.
const SANDBOX_WEBHOOK_SECRET: &str = "quickstart-sandbox-secret";

/// A 1×1 PNG.
const LOGO_PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDAT\x78\xda\x63\x90\x5f\x91\xfd\x1f\0\x04\x4e\x02\x32\xaa\x79\x91\x4e\0\0\0\0IEND\xae\x42\x60\x82";
/// A 1×1 lossless WebP, the sticker format.
const STICKER_WEBP: &[u8] =
    b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("The quickstart stopped: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Where the quickstart talks to and who it writes to.
struct Setup {
    client: Client,
    to: String,
    /// Set when running against the in-process sandbox (kept alive until the end).
    sandbox: Option<SandboxHandle>,
    /// How long to wait for the webhooks of what was sent.
    patience: Duration,
}

async fn run() -> AnyResult<()> {
    let live = std::env::var_os(botika::ENV_TOKEN).is_some();
    let (secret, listen) = if live {
        let addr = std::env::var("BOTIKA_WEBHOOK_ADDR");
        let addr = addr.unwrap_or_else(|_| "127.0.0.1:9000".to_owned());
        (std::env::var("BOTIKA_WEBHOOK_SECRET").ok(), addr)
    } else {
        (
            Some(SANDBOX_WEBHOOK_SECRET.to_owned()),
            "127.0.0.1:0".to_owned(),
        )
    };
    let receiver = Receiver::start(&listen, secret).await?;
    let setup = if live {
        connect_live(&receiver)?
    } else {
        start_sandbox(&receiver).await?
    };
    let client = &setup.client;
    let to = setup.to.as_str();

    let profile = client.profile().get().await?;
    println!(
        "Business profile: {}",
        profile.about.as_deref().unwrap_or("(no about text)")
    );

    println!("\nMedia");
    let media = upload_and_download(client).await?;

    println!("\nMessages to {to}");
    let on_sandbox = setup.sandbox.is_some();
    let sent = send_every_kind(client, to, &media, on_sandbox).await?;

    println!("\nTemplates");
    let mut templates = std::pin::pin!(client.templates().list(None));
    while let Some(template) = templates.try_next().await? {
        let status = template.status.as_ref().map_or("?", |s| s.as_str());
        println!("  {} ({}): {status}", template.name, template.language);
    }

    println!("\nWhat the API refuses");
    show_errors(client).await;

    println!("\nWebhooks");
    receiver.report(client, &sent, setup.patience).await?;

    if let Some(sandbox) = setup.sandbox {
        let stats = sandbox.stats();
        println!(
            "\nThe sandbox stored {} outbound and {} inbound messages.",
            stats["messages"]["outbound"], stats["messages"]["inbound"]
        );
        sandbox.stop().await?;
    }
    Ok(())
}

fn connect_live(receiver: &Receiver) -> AnyResult<Setup> {
    let to = std::env::var("BOTIKA_TO")
        .map_err(|_| "set BOTIKA_TO to the WhatsApp number to write to (with its country code)")?;
    let client = Client::from_env()?;
    println!("Botika API at {}", client.base_url());
    if receiver.verifies {
        println!(
            "Reading webhooks at {}: point Botika's webhook there (through a tunnel).",
            receiver.url
        );
    } else {
        println!(
            "BOTIKA_WEBHOOK_SECRET is not set: webhooks cannot be verified, so none are read."
        );
    }
    Ok(Setup {
        client,
        to,
        sandbox: None,
        patience: Duration::from_secs(30),
    })
}

async fn start_sandbox(receiver: &Receiver) -> AnyResult<Setup> {
    let sandbox = Sandbox::builder()
        .log_requests(false)
        .webhook_url(&receiver.url)
        .webhook_secret(SANDBOX_WEBHOOK_SECRET)
        // Statuses a few hundred milliseconds apart, so the whole round trip shows quickly.
        .status_schedule(StatusSchedule {
            sent: Duration::from_millis(100),
            delivered: Duration::from_millis(200),
            read: Duration::from_millis(300),
        })
        .start()
        .await?;
    let client = Client::builder()
        .token(sandbox.token())
        .base_url(sandbox.api_url())
        .build()?;
    println!(
        "No {} set: using the Botika sandbox started in this process at {}",
        botika::ENV_TOKEN,
        sandbox.api_url()
    );
    println!(
        "It posts signed webhooks to this program's receiver at {}",
        receiver.url
    );
    Ok(Setup {
        client,
        to: SANDBOX_CUSTOMER.to_owned(),
        sandbox: Some(sandbox),
        patience: Duration::from_secs(10),
    })
}

/// The ids of uploaded media, one per kind the quickstart can make itself.
struct MediaIds {
    image: String,
    audio: String,
    document: String,
    sticker: String,
}

/// Uploads from bytes, a reader and a path (kind and MIME type detected from the content), then
/// downloads into memory and into a file.
async fn upload_and_download(client: &Client) -> AnyResult<MediaIds> {
    let folder = tempfile::tempdir()?;
    let invoice = folder.path().join("invoice.txt");
    std::fs::write(&invoice, "Invoice #1024\nTotal: Rp 150.000\n")?;

    let uploads = [
        (MediaSource::bytes(LOGO_PNG), "logo.png"),
        (MediaSource::reader(Cursor::new(silent_mp3())), "chime.mp3"),
        (MediaSource::path(&invoice), "invoice.txt"),
        (MediaSource::bytes(STICKER_WEBP), "thumbs-up.webp"),
    ];
    let mut ids = Vec::new();
    for (source, filename) in uploads {
        let options = UploadOptions::new().filename(filename);
        let uploaded = client.media().upload(source, options).await?;
        println!(
            "  uploaded {} as {} ({}, {} bytes): id {}",
            uploaded.filename, uploaded.kind, uploaded.mime_type, uploaded.size, uploaded.id
        );
        ids.push(uploaded.id);
    }
    let [image, audio, document, sticker] =
        <[String; 4]>::try_from(ids).map_err(|_| "expected one id per upload")?;

    let logo = client.media().download(&image).await?;
    let same = if logo.bytes.as_ref() == LOGO_PNG {
        "identical"
    } else {
        "DIFFERENT"
    };
    println!(
        "  downloaded the logo back into memory: {} bytes, {}, {same}",
        logo.size,
        logo.mime_type.as_deref().unwrap_or("no type")
    );
    let copy = folder.path().join("invoice-copy.txt");
    let saved = client.media().download_to(&document, &copy).await?;
    println!(
        "  downloaded the invoice into a file: {} bytes, {:?}",
        saved.size,
        std::fs::read_to_string(&copy)?
            .lines()
            .next()
            .unwrap_or_default()
    );
    Ok(MediaIds {
        image,
        audio,
        document,
        sticker,
    })
}

/// A quarter second of silence as MPEG-1 Layer III frames (32 kbit/s, 44.1 kHz, mono): each
/// 104-byte frame is a header whose zeroed side information decodes to silence.
fn silent_mp3() -> Vec<u8> {
    let frame: Vec<u8> = [0xff, 0xfb, 0x10, 0xc4]
        .into_iter()
        .chain(std::iter::repeat_n(0, 100))
        .collect();
    frame.repeat(10)
}

/// One message sent: what it was, its id, and whether the customer is expected to answer it
/// (the sandbox's replying test number answers everything but reactions).
struct Sent {
    label: &'static str,
    id: String,
    expects_answer: bool,
}

/// Sends one message of each kind; on the sandbox, video and products use placeholder links
/// and catalog ids, which it accepts without fetching them.
async fn send_every_kind(
    client: &Client,
    to: &str,
    media: &MediaIds,
    on_sandbox: bool,
) -> AnyResult<Vec<Sent>> {
    let mut sent = Vec::new();
    let mut send = async |label: &'static str, message: OutgoingMessage| -> AnyResult<String> {
        let expects_answer = on_sandbox && !matches!(message.content, MessageContent::Reaction(_));
        let id = client.messages().send(to, message).await?.id;
        println!("  {label:<13} {id}");
        sent.push(Sent {
            label,
            id: id.clone(),
            expects_answer,
        });
        Ok(id)
    };

    let greeting = Text::new("Halo! Pesanan Anda sedang kami proses. https://botika.online");
    let greeting = send("text", greeting.preview_url(true).into()).await?;
    send("reply", Text::new("Terima kasih!").reply_to(&greeting)).await?;
    send("reaction", Reaction::new(&greeting, "🙏").into()).await?;
    send(
        "image",
        Image::from_id(&media.image).caption("Our logo").into(),
    )
    .await?;
    send("audio", Audio::from_id(&media.audio).into()).await?;
    let invoice = Document::from_id(&media.document)
        .filename("invoice.txt")
        .caption("Your invoice");
    send("document", invoice.into()).await?;
    send("sticker", Sticker::from_id(&media.sticker).into()).await?;
    let store = Location::new(-7.7829, 110.3671)
        .name("Botika Store")
        .address("Jl. Malioboro, Yogyakarta");
    send("location", store.into()).await?;
    send(
        "contacts",
        Contact::new("Botika Support", "+62 811-0000-0000").into(),
    )
    .await?;
    let buttons = Interactive::buttons("Did your order arrive?")
        .button("arrived", "Yes, thanks")
        .button("missing", "Not yet");
    send("buttons", buttons.into()).await?;
    let sizes = Interactive::list("Which size would you like?", "Sizes").section(
        Section::titled("T-shirts")
            .row(Row::new("size-m", "M").description("Chest 96 cm"))
            .row(Row::new("size-l", "L").description("Chest 102 cm")),
    );
    send("list", sizes.into()).await?;
    send(
        "template",
        TemplateMessage::new("hello_world", "en_US").into(),
    )
    .await?;

    let video = std::env::var("BOTIKA_DEMO_VIDEO_URL")
        .ok()
        .or_else(|| on_sandbox.then(|| "https://example.com/botika/welcome.mp4".to_owned()));
    match video {
        Some(url) => {
            let clip = Video::from_link(url).caption("How to track your order");
            send("video (link)", clip.into()).await?;
        }
        None => println!("  video         skipped: set BOTIKA_DEMO_VIDEO_URL to a public MP4"),
    }
    let catalog = match (
        std::env::var("BOTIKA_CATALOG_ID"),
        std::env::var("BOTIKA_PRODUCT_ID"),
    ) {
        (Ok(catalog), Ok(product)) => Some((catalog, product)),
        _ => on_sandbox.then(|| ("demo-catalog".to_owned(), "tshirt-m".to_owned())),
    };
    match catalog {
        Some((catalog, product)) => {
            let one = Interactive::product(&catalog, &product).body("Back in stock");
            send("product", one.into()).await?;
            let several = Interactive::product_list("New arrivals", "This week's picks", &catalog)
                .section(Section::titled("T-shirts").product(&product));
            send("product list", several.into()).await?;
        }
        None => println!("  product       skipped: set BOTIKA_CATALOG_ID and BOTIKA_PRODUCT_ID"),
    }
    Ok(sent)
}

/// Two errors a bot meets: a message the SDK refuses before sending, and an unknown template.
async fn show_errors(client: &Client) {
    let too_many = Interactive::buttons("Pick one")
        .button("a", "A")
        .button("b", "B")
        .button("c", "C")
        .button("d", "D");
    if let Err(error) = client.messages().send("+62 812-3456-7890", too_many).await {
        println!("  refused before sending ({}): {error}", error.code());
    }
    if let Err(error) = client.templates().get("999999").await {
        println!(
            "  template 999999 ({}, HTTP {}): {}",
            error.code(),
            error.status().unwrap_or_default(),
            error.message()
        );
    }
}

/// The local webhook endpoint: keeps the events of every delivery whose signature verifies.
struct Receiver {
    url: String,
    verifies: bool,
    events: Arc<Mutex<Vec<Event>>>,
}

#[derive(Clone)]
struct ReceiverState {
    secret: Option<Arc<str>>,
    events: Arc<Mutex<Vec<Event>>>,
}

impl Receiver {
    async fn start(addr: &str, secret: Option<String>) -> AnyResult<Receiver> {
        let events = Arc::new(Mutex::new(Vec::new()));
        let state = ReceiverState {
            secret: secret.as_deref().map(Arc::from),
            events: Arc::clone(&events),
        };
        let listener = TcpListener::bind(addr).await?;
        let url = format!("http://{}/webhooks", listener.local_addr()?);
        let app = Router::new()
            .route("/webhooks", post(receive))
            .with_state(state);
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("The webhook receiver stopped: {error}");
            }
        });
        Ok(Receiver {
            url,
            verifies: secret.is_some(),
            events,
        })
    }

    fn events(&self) -> Vec<Event> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until every message sent failed, or was read (and answered, where an answer is
    /// expected), or until `patience` runs out; then prints what each message went through and
    /// marks the customer's answers read.
    async fn report(&self, client: &Client, sent: &[Sent], patience: Duration) -> AnyResult<()> {
        if !self.verifies {
            return Ok(());
        }
        let started = Instant::now();
        let all_settled = |events: &[Event]| sent.iter().all(|message| settled(events, message));
        while started.elapsed() < patience && !all_settled(&self.events()) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let events = self.events();
        for message in sent {
            let statuses: Vec<String> = events
                .iter()
                .filter_map(|event| match event {
                    Event::Status(s) if s.message_id == message.id => Some(describe_status(s)),
                    _ => None,
                })
                .collect();
            let statuses = match statuses.is_empty() {
                true => "no status yet".to_owned(),
                false => statuses.join(" → "),
            };
            println!("  {:<13} {statuses}", message.label);
            if let Some(answer) = answer_to(&events, &message.id) {
                println!(
                    "  {:<13} ↳ the customer answered: {}",
                    "",
                    describe(&answer.content)
                );
                client.messages().mark_read(&answer.id).await?;
            }
        }
        let others = events
            .iter()
            .filter(|e| matches!(e, Event::TemplateStatus(_) | Event::Unknown(_)))
            .count();
        if others > 0 {
            println!("  and {others} other events (template reviews, unknown kinds)");
        }
        Ok(())
    }
}

fn describe_status(status: &webhooks::StatusUpdate) -> String {
    match status.errors.first() {
        Some(error) => format!(
            "{} ({} {})",
            status.status.as_str(),
            error.code.unwrap_or_default(),
            error.title.as_deref().unwrap_or_default()
        ),
        None => status.status.as_str().to_owned(),
    }
}

fn describe(content: &Inbound) -> String {
    match content {
        Inbound::Text(text) => format!("{:?}", text.body),
        Inbound::ButtonReply(reply) => format!("tapped the button {:?}", reply.title),
        Inbound::ListReply(reply) => format!("chose {:?} from the list", reply.title),
        Inbound::Button(press) => format!("tapped {:?}", press.text),
        other => format!("a {} message", other.kind()),
    }
}

/// The customer's message that answers message `id`.
fn answer_to<'a>(events: &'a [Event], id: &str) -> Option<&'a webhooks::InboundMessage> {
    events.iter().find_map(|event| match event {
        Event::Message(m)
            if m.context.as_ref().and_then(|c| c.message_id.as_deref()) == Some(id) =>
        {
            Some(m)
        }
        _ => None,
    })
}

/// Whether the message failed, or was read (and answered, where an answer is expected).
fn settled(events: &[Event], message: &Sent) -> bool {
    events.iter().any(|event| match event {
        Event::Status(s) if s.message_id == message.id => match s.status {
            DeliveryStatus::Failed => true,
            DeliveryStatus::Read => {
                !message.expects_answer || answer_to(events, &message.id).is_some()
            }
            _ => false,
        },
        _ => false,
    })
}

async fn receive(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(secret) = &state.secret else {
        return StatusCode::UNAUTHORIZED;
    };
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    match webhooks::verify_and_parse(&body, signature, secret.as_bytes()) {
        Ok(payload) => {
            state
                .events
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(payload.events);
            StatusCode::OK
        }
        Err(error) => {
            eprintln!("  refused a webhook ({}): {error}", error.code());
            StatusCode::UNAUTHORIZED
        }
    }
}
