//! The web inbox's endpoints: the page and its files, signing in (bearer token or session
//! cookie), the JSON the page reads (conversations, message views, templates, media), taps as the
//! customer, the control API under `/_inbox/control`, and the live event stream.

mod common;

use std::time::Duration;

use common::{
    Answer, Api, CUSTOMER, TOKEN, eventually, eventually_async, fast, start, with_receiver,
};
use reqwest::Method;
use reqwest::header::{COOKIE, HeaderMap, SET_COOKIE};
use serde_json::{Value, json};

/// A request to the inbox at `path` with the bearer token.
fn inbox(api: &Api, method: Method, path: &str) -> reqwest::RequestBuilder {
    api.http
        .request(method, format!("{}{path}", api.url))
        .bearer_auth(&api.token)
}

async fn inbox_get(api: &Api, path: &str) -> Answer {
    api.send(inbox(api, Method::GET, path)).await
}

async fn inbox_post(api: &Api, path: &str, body: Value) -> Answer {
    api.send(inbox(api, Method::POST, path).json(&body)).await
}

/// A request with no credentials at all.
fn bare(api: &Api, method: Method, path: &str) -> reqwest::RequestBuilder {
    api.http.request(method, format!("{}{path}", api.url))
}

/// The `name=value` part of a `Set-Cookie` header.
fn cookie_of(headers: &HeaderMap) -> String {
    let set = headers
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a cookie is set");
    set.split(';').next().unwrap_or_default().to_owned()
}

/// Signs in by visiting `/?token=...`, without following the redirect; answers the cookie.
async fn visit_with_token(api: &Api, token: &str) -> (Answer, Option<String>) {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let answer = api
        .send(
            client
                .get(format!("{}/", api.url))
                .query(&[("token", token)]),
        )
        .await;
    let cookie = answer
        .headers
        .contains_key(SET_COOKIE)
        .then(|| cookie_of(&answer.headers));
    (answer, cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_files_are_served_without_a_token_and_hold_none() {
    let (_sandbox, api) = start(fast()).await;
    let page = api.send(bare(&api, Method::GET, "/")).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").expect("a policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"));
    let html = String::from_utf8_lossy(&page.raw);
    assert!(html.contains("/_inbox/assets/main.js"));
    assert!(!html.contains(TOKEN), "the page never carries the token");
    for (file, kind) in [
        ("main.js", "text/javascript"),
        ("bubbles.js", "text/javascript"),
        ("inbox.css", "text/css"),
        ("icon.svg", "image/svg+xml"),
    ] {
        let asset = api
            .send(bare(&api, Method::GET, &format!("/_inbox/assets/{file}")))
            .await;
        assert_eq!(asset.status, 200, "{file}");
        assert!(
            asset.header("content-type").unwrap().starts_with(kind),
            "{file}"
        );
        assert_eq!(asset.header("x-content-type-options"), Some("nosniff"));
        assert!(!String::from_utf8_lossy(&asset.raw).contains(TOKEN));
    }
    let missing = api
        .send(bare(&api, Method::GET, "/_inbox/assets/nope.js"))
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_needs_the_token_or_the_session_cookie() {
    let (_sandbox, api) = start(fast()).await;
    for path in [
        "/_inbox/conversations",
        "/_inbox/templates",
        "/_inbox/events",
        "/_inbox/control/stats",
    ] {
        let refused = api.send(bare(&api, Method::GET, path)).await;
        assert_eq!(refused.status, 401, "{path}");
        assert_eq!(refused.body, json!({"message": "Unauthenticated."}));
    }
    assert_eq!(inbox_get(&api, "/_inbox/conversations").await.status, 200);

    let (refused, cookie) = visit_with_token(&api, "wrong").await;
    assert_eq!(refused.status, 303);
    assert_eq!(refused.header("location"), Some("/#token-refused"));
    assert!(cookie.is_none());

    let (signed_in, cookie) = visit_with_token(&api, TOKEN).await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.header("location"), Some("/"));
    assert_eq!(signed_in.header("cache-control"), Some("no-store"));
    let set = signed_in.header("set-cookie").unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"));
    let cookie = cookie.unwrap();
    assert!(
        !cookie.contains(TOKEN),
        "the cookie is derived from the token, not the token"
    );
    let port = api.url.rsplit(':').next().unwrap();
    assert!(cookie.starts_with(&format!("botika_inbox_{port}=")));

    let with_cookie = |method: Method, path: &str| bare(&api, method, path).header(COOKIE, &cookie);
    let read = api
        .send(with_cookie(Method::GET, "/_inbox/conversations"))
        .await;
    assert_eq!(read.status, 200);
    let inbound = json!({"from": CUSTOMER, "type": "text", "text": {"body": "hi"}});
    let without_header = api
        .send(with_cookie(Method::POST, "/_inbox/control/inbound").json(&inbound))
        .await;
    assert_eq!(
        without_header.status, 403,
        "a cookie alone cannot change anything"
    );
    assert_eq!(api.get("/_sandbox/messages").await.body["data"], json!([]));
    let from_page = api
        .send(
            with_cookie(Method::POST, "/_inbox/control/inbound")
                .header("X-Botika-Inbox", "1")
                .json(&inbound),
        )
        .await;
    assert_eq!(from_page.status, 200, "{:?}", from_page.body);

    let forged = api
        .send(
            bare(&api, Method::GET, "/_inbox/conversations")
                .header(COOKIE, format!("botika_inbox_{port}={}", "0".repeat(64))),
        )
        .await;
    assert_eq!(forged.status, 401);
    let other_port = api
        .send(
            bare(&api, Method::GET, "/_inbox/conversations")
                .header(COOKIE, cookie.replace(port, "1")),
        )
        .await;
    assert_eq!(other_port.status, 401, "the cookie is this sandbox's");

    let signed_out = api
        .send(with_cookie(Method::DELETE, "/_inbox/session").header("X-Botika-Inbox", "1"))
        .await;
    assert_eq!(signed_out.status, 204);
    assert!(
        signed_out
            .header("set-cookie")
            .unwrap()
            .contains("Max-Age=0")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_form_takes_a_token_and_answers_a_cookie() {
    let (_sandbox, api) = start(fast().token("second")).await;
    let refused = api
        .send(bare(&api, Method::POST, "/_inbox/session").json(&json!({"token": "nope"})))
        .await;
    assert_eq!(refused.status, 401);
    assert!(refused.header("set-cookie").is_none());
    let accepted = api
        .send(bare(&api, Method::POST, "/_inbox/session").json(&json!({"token": "second"})))
        .await;
    assert_eq!(accepted.status, 204);
    let cookie = cookie_of(&accepted.headers);
    let read = api
        .send(bare(&api, Method::GET, "/_inbox/templates").header(COOKIE, cookie))
        .await;
    assert_eq!(read.status, 200, "any of the sandbox's tokens signs in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_are_listed_by_customer_latest_first() {
    let (_sandbox, api) = start(fast()).await;
    api.send_text(CUSTOMER, "first").await;
    api.send_text("+15550100010", "to a test recipient").await;
    let inbound = json!({"from": "6281234567890", "type": "location",
        "location": {"latitude": -6.2, "longitude": 106.8, "name": "Kantor"}});
    assert_eq!(api.post("/_sandbox/inbound", inbound).await.status, 200);

    let list = eventually_async("the test recipient's message to be delivered", || async {
        let list = inbox_get(&api, "/_inbox/conversations").await.body["data"].clone();
        (list[1]["last"]["status"] == "delivered").then_some(list)
    })
    .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        list[0]["wa_id"], "6281234567890",
        "the latest message first"
    );
    assert_eq!(list[0]["messages"], 2, "both formattings are one customer");
    assert_eq!(list[0]["last"]["direction"], "inbound");
    assert_eq!(list[0]["last"]["preview"], "Location: Kantor");
    assert_eq!(list[1]["customer"], "+15550100010");
    assert_eq!(list[1]["test_recipient"], "sent and delivered, never read");
    assert!(list[0].get("test_recipient").is_none());
}

/// A PNG's first bytes are enough for the sandbox, which checks types by the part's MIME type.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really a picture";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_shows_files_templates_quotes_and_reactions() {
    let (_sandbox, api) = start(fast()).await;
    let image = api
        .upload("image", "dish.png", "image/png", PNG.to_vec())
        .await;
    let photo = api
        .post(
            "/messages",
            json!({"to": CUSTOMER, "type": "image", "image": {"id": image, "caption": "Today"}}),
        )
        .await;
    let photo = photo.body["data"]["id"].as_str().unwrap().to_owned();
    let template = json!({"to": CUSTOMER, "type": "template", "template": {
        "name": "order_update", "language": "en_US",
        "param": {"header": {"type": "text", "text": "#7"}, "body": ["Sari"],
                  "button": [{"type": "QUICK_REPLY", "value": "track-7"}]}}});
    assert_eq!(api.post("/messages", template).await.status, 200);
    let reply = json!({"from": CUSTOMER, "type": "text", "text": {"body": "Looks good"},
        "context": {"id": photo}});
    assert_eq!(api.post("/_sandbox/inbound", reply).await.status, 200);
    let reaction = json!({"from": CUSTOMER, "type": "reaction",
        "reaction": {"message_id": photo, "emoji": "❤"}});
    assert_eq!(api.post("/_sandbox/inbound", reaction).await.status, 200);

    let answer = inbox_get(&api, "/_inbox/conversations/+62%20812%203456%207890").await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let conversation = &answer.body["data"];
    assert_eq!(conversation["customer"], CUSTOMER);
    let messages = conversation["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);

    let picture = &messages[0];
    assert_eq!(picture["id"], photo);
    assert_eq!(picture["media"]["url"], format!("/_inbox/media/{image}"));
    assert_eq!(picture["media"]["mime"], "image/png");
    assert_eq!(picture["media"]["caption"], "Today");
    assert_eq!(picture["preview"], "Photo: Today");
    assert_eq!(
        picture["reactions"],
        json!([{"emoji": "❤", "direction": "inbound"}])
    );

    let rendered = &messages[1]["template"];
    assert_eq!(rendered["header"]["text"], "Order #7");
    assert_eq!(rendered["body"], "Hi Sari, your order is on its way.");
    assert_eq!(rendered["buttons"][0]["payload"], "track-7");
    assert_eq!(
        messages[1]["options"],
        json!([{"option": 0, "title": "Track order"}])
    );

    assert_eq!(
        messages[2]["reply_to"],
        json!({"id": photo, "direction": "outbound", "preview": "Photo: Today"})
    );
    assert_eq!(messages[3]["reaction_to"], photo);

    let file = api
        .send(inbox(&api, Method::GET, &format!("/_inbox/media/{image}")))
        .await;
    assert_eq!(file.status, 200);
    assert_eq!(&file.raw[..], PNG);
    assert_eq!(file.header("content-type"), Some("image/png"));
    assert_eq!(file.header("content-disposition"), Some("inline"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(file.header("content-security-policy"), Some("sandbox"));

    let empty = inbox_get(&api, "/_inbox/conversations/15550199999").await;
    assert_eq!(
        empty.body["data"],
        json!({"wa_id": "15550199999", "customer": "+15550199999", "messages": []}),
        "a number nobody wrote to is an empty conversation"
    );
    let nonsense = inbox_get(&api, "/_inbox/conversations/nobody").await;
    assert_eq!(nonsense.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_download_and_the_page_is_untouched_by_faults() {
    let (_sandbox, api) = start(fast()).await;
    let pdf = api
        .upload(
            "document",
            "menu.pdf",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await;
    let fault = json!({"kind": "error", "status": 503});
    assert_eq!(api.post("/_sandbox/faults", fault).await.status, 201);
    let before = api.get("/_sandbox/stats").await.body["data"]["requests"].clone();

    let file = inbox_get(&api, &format!("/_inbox/media/{pdf}")).await;
    assert_eq!(file.status, 200, "the API's faults never reach the inbox");
    assert_eq!(
        file.header("content-disposition"),
        Some("attachment; filename=\"menu.pdf\"")
    );
    assert_eq!(inbox_get(&api, "/_inbox/templates").await.status, 200);
    let after = api.get("/_sandbox/stats").await.body["data"]["requests"].clone();
    assert_eq!(before, after, "the page's reads are not API requests");
    assert_eq!(inbox_get(&api, "/_inbox/media/404").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_listed_and_reviewed_through_the_control_mount() {
    let (_sandbox, api) = start(fast()).await;
    let list = inbox_get(&api, "/_inbox/templates").await;
    let names: Vec<&str> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["hello_world", "order_update"]);

    let rejected = inbox_post(
        &api,
        "/_inbox/control/templates/2/reject",
        json!({"reason": "Wrong header"}),
    )
    .await;
    assert_eq!(rejected.status, 200, "{:?}", rejected.body);
    let status = |list: &Value| list["data"][1]["status"].clone();
    let list = inbox_get(&api, "/_inbox/templates").await.body;
    assert_eq!(status(&list), "REJECTED");
    assert_eq!(list["data"][1]["rejected_reason"], "Wrong header");

    let approved = inbox_post(&api, "/_inbox/control/templates/2/approve", json!({})).await;
    assert_eq!(approved.status, 200);
    assert_eq!(
        status(&inbox_get(&api, "/_inbox/templates").await.body),
        "APPROVED"
    );
}

/// Sends `message` to the customer and answers its id.
async fn send(api: &Api, message: Value) -> String {
    let mut body = message;
    body["to"] = json!(CUSTOMER);
    let answer = api.post("/messages", body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body["data"]["id"].as_str().unwrap().to_owned()
}

async fn tap(api: &Api, message: &str, option: u64) -> Answer {
    inbox_post(
        api,
        "/_inbox/taps",
        json!({"message_id": message, "option": option}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taps_reach_the_bot_as_the_matching_reply() {
    let (_sandbox, api, receiver) = with_receiver(fast()).await;
    let buttons = send(
        &api,
        json!({"type": "interactive", "interactive": {"type": "button", "body": {"text": "Deliver?"},
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                {"type": "reply", "reply": {"id": "no", "title": "No"}}]}}}),
    )
    .await;
    let list = send(
        &api,
        json!({"type": "interactive", "interactive": {"type": "list", "body": {"text": "Drink?"},
            "action": {"button": "Menu", "sections": [
                {"title": "Hot", "rows": [{"id": "tea", "title": "Tea"}]},
                {"title": "Cold", "rows": [{"id": "ice", "title": "Iced tea", "description": "Sweet"}]}]}}}),
    )
    .await;
    let template = send(
        &api,
        json!({"type": "template", "template": {"name": "order_update", "language": "en_US",
            "param": {"header": {"type": "text", "text": "#1"}, "body": ["Budi"],
                      "button": [{"type": "QUICK_REPLY", "value": "track-1"}]}}}),
    )
    .await;

    for (message, option) in [(&buttons, 1), (&list, 1), (&template, 0)] {
        let answer = tap(&api, message, option).await;
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        assert!(
            answer.body["data"]["id"]
                .as_str()
                .unwrap()
                .starts_with("wamid.")
        );
    }
    let replies = eventually("three taps at the webhook", || {
        let replies = receiver.messages();
        (replies.len() == 3).then_some(replies)
    })
    .await;
    assert_eq!(replies[0]["type"], "interactive");
    assert_eq!(
        replies[0]["interactive"],
        json!({"type": "button_reply", "button_reply": {"id": "no", "title": "No"}})
    );
    assert_eq!(replies[0]["context"]["id"], buttons);
    assert_eq!(
        replies[1]["interactive"],
        json!({"type": "list_reply", "list_reply": {"id": "ice", "title": "Iced tea", "description": "Sweet"}})
    );
    assert_eq!(replies[2]["type"], "button");
    assert_eq!(
        replies[2]["button"],
        json!({"text": "Track order", "payload": "track-1"})
    );
    assert_eq!(replies[2]["context"]["id"], template);
    assert_eq!(replies[2]["from"], "6281234567890");

    assert_eq!(tap(&api, "wamid.nope", 0).await.status, 404);
    let beyond = tap(&api, &buttons, 2).await;
    assert_eq!(beyond.status, 422);
    assert!(beyond.body["errors"]["option"].is_array());
    let text = send(&api, json!({"type": "text", "text": {"body": "plain"}})).await;
    assert_eq!(
        tap(&api, &text, 0).await.status,
        422,
        "a text has nothing to tap"
    );
    let missing = inbox_post(&api, "/_inbox/taps", json!({"message_id": buttons})).await;
    assert_eq!(missing.status, 422);
}

/// Reads server-sent events from a streaming answer.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    async fn open(api: &Api) -> Events {
        let response = inbox(api, Method::GET, "/_inbox/events")
            .send()
            .await
            .expect("the stream opens");
        assert_eq!(response.status(), 200);
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/event-stream"), "{kind}");
        Events {
            response,
            buffer: String::new(),
        }
    }

    /// The next `change` event's counters (keep-alive comments are skipped).
    async fn next(&mut self) -> Value {
        loop {
            if let Some((event, rest)) = self.buffer.split_once("\n\n") {
                let event = event.to_owned();
                self.buffer = rest.to_owned();
                if !event.lines().any(|l| l == "event: change") {
                    continue;
                }
                let data = event
                    .lines()
                    .find_map(|l| l.strip_prefix("data: "))
                    .expect("a data line");
                return serde_json::from_str(data).expect("JSON counters");
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.response.chunk())
                .await
                .expect("an event within 10 s")
                .expect("the stream stays open")
                .expect("the stream does not end");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Events until `done` holds for one; answers that one.
    async fn until(&mut self, done: impl Fn(&Value) -> bool) -> Value {
        loop {
            let event = self.next().await;
            if done(&event) {
                return event;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_says_which_part_changed() {
    let (_sandbox, api) = start(fast()).await;
    let mut events = Events::open(&api).await;
    let first = events.next().await;
    for part in ["state", "webhooks", "faults"] {
        assert!(first[part].is_u64(), "{first}");
    }

    api.send_text(CUSTOMER, "live").await;
    let state = first["state"].as_u64().unwrap();
    let webhooks = first["webhooks"].as_u64().unwrap();
    let changed = events
        .until(|e| e["state"].as_u64() > Some(state) && e["webhooks"].as_u64() > Some(webhooks))
        .await;
    assert_eq!(
        changed["faults"], first["faults"],
        "nothing happened to the faults"
    );

    let fault = json!({"kind": "latency", "latency_ms": 1, "path": "/profile"});
    assert_eq!(api.post("/_sandbox/faults", fault).await.status, 201);
    let faults = changed["faults"].as_u64().unwrap();
    let added = events.until(|e| e["faults"].as_u64() > Some(faults)).await;
    assert_eq!(api.get("/profile").await.status, 200);
    let counted = added["faults"].as_u64().unwrap();
    events.until(|e| e["faults"].as_u64() > Some(counted)).await;
    let listed = api.get("/_sandbox/faults").await.body["data"][0]["matched"].clone();
    assert_eq!(listed, 1, "a match counts, and the stream said so");
}
