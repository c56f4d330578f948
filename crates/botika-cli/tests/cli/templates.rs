//! `botika templates list|get|create|update|delete` against the sandbox's templates.

use predicates::prelude::*;

use crate::common::{Sandbox, json};

#[test]
fn the_seeded_templates_are_listed_and_shown() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .args(["templates", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"(?m)^2\s+order_update\s+en_US\s+UTILITY\s+APPROVED$")
                .unwrap(),
        );
    let mut list = sandbox.botika();
    list.args(["templates", "list", "--search", "hello"]);
    let found = json(list);
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["hello_world"]);
    sandbox
        .botika()
        .args(["templates", "get", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "BODY     Hi {{1}}, your order is on its way.",
        ))
        .stdout(predicate::str::contains(
            "BUTTONS  [QUICK_REPLY] Track order",
        ));
    sandbox
        .botika()
        .args(["templates", "get", "999"])
        .assert()
        .code(3);
}

#[test]
fn a_template_is_created_fixed_after_rejection_and_deleted() {
    let sandbox = Sandbox::start();
    let mut create = sandbox.botika();
    create.args([
        "templates",
        "create",
        "--name",
        "order_shipped",
        "--language",
        "id",
        "--category",
        "utility",
        "--header-text",
        "Order {{1}}",
        "--header-example",
        "#1024",
        "--body",
        "Hi {{1}}, your order is on its way.",
        "--body-example",
        "Budi",
        "--url-button",
        "Track=https://example.com/track/{{1}}",
        "--url-example",
        "https://example.com/track/1024",
        "--quick-reply",
        "Stop",
    ]);
    let created = json(create);
    assert_eq!(created["status"], "PENDING", "{created}");
    assert_eq!(created["components"][2]["buttons"][0]["type"], "URL");
    assert_eq!(created["components"][2]["buttons"][1]["text"], "Stop");
    let id = created["id"].as_str().unwrap().to_owned();

    sandbox
        .botika()
        .args([
            "templates",
            "update",
            &id,
            "--body",
            "Hi {{1}}!",
            "--body-example",
            "Budi",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("422"));
    sandbox
        .handle()
        .reject_template(id.parse().unwrap(), "too vague")
        .unwrap();
    sandbox
        .botika()
        .args(["templates", "get", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("rejected: too vague"));
    let mut update = sandbox.botika();
    update.args([
        "templates",
        "update",
        &id,
        "--category",
        "marketing",
        "--body",
        "Hi {{1}}!",
        "--body-example",
        "Budi",
    ]);
    let updated = json(update);
    assert_eq!(updated["status"], "PENDING");
    assert_eq!(updated["category"], "MARKETING");

    sandbox
        .botika()
        .args(["templates", "delete", "order_shipped"])
        .assert()
        .success()
        .stdout("deleted template order_shipped (every language)\n");
    sandbox
        .botika()
        .args(["templates", "get", &id])
        .assert()
        .code(3);
}

#[test]
fn a_template_can_be_created_from_json_and_bad_names_are_refused_locally() {
    let sandbox = Sandbox::start();
    let template = r#"{"name":"welcome","language":"en_US","category":"MARKETING",
        "components":[{"type":"BODY","text":"Welcome to our shop!"}]}"#;
    let mut create = sandbox.botika();
    create.args(["templates", "create", "--json", template]);
    assert_eq!(json(create)["name"], "welcome");
    sandbox
        .botika()
        .args([
            "templates",
            "create",
            "--name",
            "Bad Name",
            "--language",
            "id",
            "--category",
            "utility",
            "--body",
            "Hi",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name: may contain only"));
}
