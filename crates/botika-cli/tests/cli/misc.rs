//! `botika profile`, `botika completions`, and help and version output.

use predicates::prelude::*;

use crate::common::{Sandbox, TOKEN, botika_at, json};

#[test]
fn the_profile_is_shown_as_text_and_json() {
    let sandbox = Sandbox::start();
    sandbox
        .botika()
        .arg("profile")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^email\s+\S+@").unwrap());
    let mut profile = sandbox.botika();
    profile.arg("profile");
    let profile = json(profile);
    assert!(profile["websites"].is_array(), "{profile}");
}

#[test]
fn completions_are_printed_for_each_shell() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef botika"),
        ("fish", "complete -c botika"),
    ] {
        botika_at(&home)
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker))
            .stdout(predicate::str::contains("broadcast"));
    }
}

#[test]
fn help_shows_examples_and_exit_codes_but_never_the_token() {
    let home = tempfile::tempdir().unwrap();
    botika_at(&home)
        .env("BOTIKA_API_TOKEN", TOKEN)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("Exit codes"))
        .stdout(predicate::str::contains(TOKEN).not());
    botika_at(&home)
        .args(["send", "template", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--body-value"));
}
