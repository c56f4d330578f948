//! `botika media upload|download|delete`, round trip through the sandbox.

use predicates::prelude::*;

use crate::common::{PNG, Sandbox, json};

#[test]
fn a_file_goes_up_comes_back_and_is_deleted() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("photo.png");
    std::fs::write(&photo, PNG).unwrap();

    let mut upload = sandbox.botika();
    upload.args(["media", "upload"]).arg(&photo);
    let uploaded = json(upload);
    assert_eq!(uploaded["kind"], "image");
    assert_eq!(uploaded["mime_type"], "image/png");
    let id = uploaded["id"].as_str().unwrap().to_owned();

    let copy = dir.path().join("copy.png");
    sandbox
        .botika()
        .args(["media", "download", &id, "--file"])
        .arg(&copy)
        .assert()
        .success()
        .stdout(predicate::str::contains("image/png"));
    assert_eq!(std::fs::read(&copy).unwrap(), PNG);

    // Without --file it lands under the server's name, in the current folder.
    sandbox
        .botika()
        .current_dir(dir.path())
        .args(["media", "download", &id])
        .assert()
        .success();
    assert_eq!(std::fs::read(dir.path().join("photo.png")).unwrap(), PNG);

    let piped = sandbox
        .botika()
        .args(["media", "download", &id, "--file", "-"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert_eq!(piped.stdout, PNG, "only the file goes to stdout");

    sandbox
        .botika()
        .args(["media", "delete", &id])
        .assert()
        .success()
        .stdout(format!("deleted media {id}\n"));
    sandbox
        .botika()
        .args(["media", "download", &id, "--file", "-"])
        .assert()
        .code(3);
}

#[test]
fn a_file_breaking_the_limits_is_refused_before_upload() {
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("anim.gif");
    std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap();
    sandbox
        .botika()
        .args(["media", "upload"])
        .arg(&gif)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("image/gif"));
    let stats = sandbox.handle().stats();
    assert_eq!(
        stats["requests"],
        serde_json::json!({}),
        "nothing reached the sandbox: {stats}"
    );
}
