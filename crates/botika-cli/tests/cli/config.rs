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

/// `botika` with no `BOTIKA_CONFIG`, its home at `home` and `XDG_CONFIG_HOME` as given.
#[cfg(all(unix, not(target_os = "macos")))]
fn botika_at_home(home: &std::path::Path, xdg: Option<&std::path::Path>) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("botika").unwrap();
    command
        .env_remove("BOTIKA_API_TOKEN")
        .env_remove("BOTIKA_BASE_URL")
        .env_remove("BOTIKA_CONFIG")
        .env("HOME", home);
    match xdg {
        Some(dir) => command.env("XDG_CONFIG_HOME", dir),
        None => command.env_remove("XDG_CONFIG_HOME"),
    };
    command
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_botika_config_the_file_is_in_the_users_config_directory() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");

    // XDG_CONFIG_HOME when set, else ~/.config.
    let expected = xdg.join("botika").join("config.toml");
    botika_at_home(home.path(), Some(&xdg))
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!("{}\n", expected.display()));
    botika_at_home(home.path(), None)
        .args(["config", "path"])
        .assert()
        .success()
        .stdout(format!(
            "{}\n",
            home.path().join(".config/botika/config.toml").display()
        ));

    // Saved there, and read from there by the next command.
    botika_at_home(home.path(), Some(&xdg))
        .args(["config", "set", "token"])
        .write_stdin(format!("{TOKEN}\n"))
        .assert()
        .success();
    botika_at_home(home.path(), Some(&xdg))
        .args(["config", "set", "base-url", &sandbox.api_url])
        .assert()
        .success();
    let file = std::fs::read_to_string(&expected).unwrap();
    assert!(file.contains(&sandbox.api_url), "{file}");
    botika_at_home(home.path(), Some(&xdg))
        .arg("profile")
        .assert()
        .success();
    // The file is the only source of the token: without XDG_CONFIG_HOME it is not found.
    botika_at_home(home.path(), None)
        .arg("profile")
        .assert()
        .code(2);
}
