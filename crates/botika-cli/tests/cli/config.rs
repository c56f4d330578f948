//! `botika config`: the token kept in the config file (read from stdin, never printed) and used
//! by the other commands when neither a flag nor the environment gives one.

use predicates::prelude::*;

use crate::common::{Sandbox, TOKEN, botika_at};

#[test]
fn a_saved_token_and_base_url_are_used_and_never_shown() {
    let sandbox = Sandbox::start();
    let home = &sandbox.home;
    botika_at(home)
        .args(["config", "set", "token"])
        .write_stdin(format!("{TOKEN}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("saved token"))
        .stdout(predicate::str::contains(TOKEN).not());
    botika_at(home)
        .args(["config", "set", "base-url", &sandbox.api_url])
        .assert()
        .success();
    botika_at(home)
        .args(["config", "get", "token"])
        .assert()
        .success()
        .stdout("token is set (hidden)\n");
    botika_at(home)
        .args(["config", "get", "base-url"])
        .assert()
        .success()
        .stdout(format!("{}\n", sandbox.api_url));
    let file = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert!(file.contains(TOKEN), "{file}");

    botika_at(home).arg("profile").assert().success();
    // A flag beats the file.
    botika_at(home)
        .args(["--token", "other", "profile"])
        .assert()
        .code(3);

    botika_at(home)
        .args(["config", "unset", "token"])
        .assert()
        .success();
    botika_at(home).arg("profile").assert().code(2);
}

#[test]
fn a_bad_base_url_is_refused_when_set_and_the_path_is_printed() {
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .args(["config", "set", "base-url", "ftp://example.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("http://"));
    botika_at(&home)
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", home.path().join("config.toml").display()));
}
