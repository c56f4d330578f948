//! `botika broadcasts`: the API's own broadcasts to contacts and to labels, each fanned out by
//! the sandbox into one template message per recipient, and `latest` with and without one, in
//! both output formats.

use predicates::prelude::*;

use crate::common::{CUSTOMER, Sandbox, json};

const OTHER: &str = "+62 813-1111-2222";

/// `broadcasts send` of `order_update` with its header, body and button values, plus `extra`.
fn send_order_update(sandbox: &Sandbox, extra: &[&str]) -> assert_cmd::Command {
    let mut command = sandbox.botika();
    command
        .args(["broadcasts", "send", "--name", "June sale"])
        .args(extra)
        .args(["--template", "order_update", "--language", "en_US"])
        .args(["--header-text", "#7", "--body", "Budi"])
        .args(["--button", "quick_reply=track-7"]);
    command
}

#[test]
fn a_broadcast_to_contacts_reaches_each_once_with_the_values_given() {
    let sandbox = Sandbox::start();
    // The customer twice (written two ways) counts once.
    let contacts = format!("{CUSTOMER},{OTHER},+6281234567890");
    send_order_update(&sandbox, &["--contacts", &contacts])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("recipients 2")
                .and(predicate::str::contains("type       contact"))
                .and(predicate::str::contains("status     queued")),
        );
    for to in [CUSTOMER, OTHER] {
        let sent = sandbox.sent_to(to);
        assert_eq!(sent.len(), 1, "{to}");
        let template = &sent[0]["content"]["template"];
        assert_eq!(template["name"], "order_update");
        assert_eq!(template["param"]["header"][0]["text"], "#7");
        assert_eq!(template["param"]["body"][0], "Budi");
        assert_eq!(template["param"]["button"][0]["value"], "track-7");
        assert!(sent[0]["broadcast_id"].is_string());
    }
}

#[test]
fn a_broadcast_to_labels_reaches_everyone_on_them() {
    let members = [
        "+62 811-1000-0001",
        "+62 811-1000-0002",
        "+62 811-1000-0003",
    ];
    let sandbox = Sandbox::start_with(|builder| {
        builder
            .label(1, members[..2].iter().copied())
            .label(2, members[2..].iter().copied())
    });
    let mut command = sandbox.botika();
    command.args(["broadcasts", "send", "--name", "Digest", "--labels", "1,2"]);
    command.args(["--template", "hello_world", "--language", "en_US"]);
    let created = json(command);
    assert_eq!(created["type"], "label");
    assert_eq!(created["total_recipients"], 3);
    assert_eq!(created["status"], "queued");
    let id = created["id"].as_str().expect("the broadcast's id");
    for member in members {
        let sent = sandbox.sent_to(member);
        assert_eq!(sent.len(), 1, "{member}");
        assert_eq!(sent[0]["broadcast_id"], id);
    }
}

#[test]
fn recipients_are_contacts_or_labels_exactly_and_bad_input_sends_nothing() {
    let sandbox = Sandbox::start();
    for recipients in [&[][..], &["--contacts", CUSTOMER, "--labels", "1"][..]] {
        send_order_update(&sandbox, recipients)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("--contacts").and(predicate::str::contains("--labels")),
            );
    }
    // Refused by the core's rules, before any request.
    send_order_update(&sandbox, &["--contacts", "0812345678"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("to[0]"));
    send_order_update(&sandbox, &["--labels", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("to[0]"));
    assert!(sandbox.handle().sent_messages(None).is_empty());
    let requests = &sandbox.handle().stats()["requests"];
    assert!(
        requests.get("POST /api/whatsapp/v1/broadcasts").is_none(),
        "{requests}"
    );

    // A label the business does not have is the API's answer.
    send_order_update(&sandbox, &["--labels", "9"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("to.0"));
}

#[test]
fn latest_shows_todays_broadcast_or_says_there_is_none() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args(["broadcasts", "latest", CUSTOMER])
        .assert()
        .success()
        .stdout(format!("no broadcast reached {CUSTOMER} today\n"));
    let mut none = sandbox.botika();
    none.args(["broadcasts", "latest", CUSTOMER]);
    assert_eq!(json(none)["has_broadcast"], false);

    send_order_update(&sandbox, &["--contacts", CUSTOMER])
        .assert()
        .success();
    let message_id = sandbox.sent_to(CUSTOMER)[0]["id"]
        .as_str()
        .expect("a message id")
        .to_owned();
    sandbox
        .botika()
        .args(["broadcasts", "latest", CUSTOMER])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("message    {message_id}"))
                .and(predicate::str::contains("template   order_update (en_US)")),
        );
    let mut latest = sandbox.botika();
    latest.args(["broadcasts", "latest", CUSTOMER]);
    let latest = json(latest);
    assert_eq!(latest["has_broadcast"], true);
    assert_eq!(latest["message_id"], message_id.as_str());
    assert_eq!(latest["content"]["content"]["name"], "order_update");
}
