//! `$XDG_CONFIG_HOME/docbao/config.toml`: voice, rate, volume and plain mode taken from it;
//! command-line flags and `DOCBAO_PLAIN` over it; a bad file stops docbao with one sentence
//! naming the file and the line.

mod common;

use std::process::Command;

use common::plain::{PlainReading, SENTENCE_WORDS, TEXT};
use common::sound::SoundServer;
use common::{Sandbox, stderr};

fn write_config(sandbox: &Sandbox, toml: &str) -> std::path::PathBuf {
    let dir = sandbox.path("home/.config/docbao");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

const CONFIG: &str =
    "# my settings\nvoice = \"vi-south-female\"\nrate = 1.5\nvolume = 70\nplain = \"events\"\n";

/// Reads [`TEXT`] from the start with `args` and `env` until its first sentence starts, then
/// quits: the lines printed and standard error (which says how to go on, with voice, rate,
/// volume, and the sentence to go on from).
fn first_sentence(
    server: &SoundServer,
    sandbox: &Sandbox,
    args: &[&str],
    env: &[(&str, &str)],
    first: &str,
) -> (Vec<String>, String) {
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command: Command = sandbox.docbao();
    server.connect(&mut command);
    command
        .args(["read", "text.txt", "--from-start"])
        .args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let mut reading = PlainReading::start(command);
    reading.wait_for(first);
    reading.say("quit");
    let (output, seen) = reading.finish();
    assert!(output.status.success(), "{}", stderr(&output));
    (seen, stderr(&output))
}

fn has_text(seen: &[String]) -> bool {
    seen.iter()
        .any(|line| SENTENCE_WORDS.iter().any(|words| line.contains(words)))
}

#[test]
fn settings_apply_and_flags_and_the_variable_override_them() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    write_config(&sandbox, CONFIG);

    // The file alone: its voice, rate, volume and events-only plain mode.
    let (seen, err) = first_sentence(&server, &sandbox, &[], &[], "sentence 1 of 3");
    assert!(
        seen[0].starts_with("reading 3 sentences, ") && seen[0].ends_with(", speed 1.5×"),
        "{seen:#?}"
    );
    assert!(!has_text(&seen), "{seen:#?}");
    assert!(
        err.contains("--voice vi-south-female --rate 1.5x --volume 70 --from-sentence 1\n"),
        "{err}"
    );

    // Flags over the file.
    let (seen, err) = first_sentence(
        &server,
        &sandbox,
        &[
            "--plain",
            "--voice",
            "vi-female",
            "--rate",
            "1.2",
            "--volume",
            "90",
        ],
        &[],
        "Sáng nay",
    );
    assert!(seen[0].ends_with(", speed 1.2×"), "{seen:#?}");
    assert!(
        err.contains("--voice vi-female --rate 1.2x --volume 90 --from-sentence 1\n"),
        "{err}"
    );

    // DOCBAO_PLAIN over the file; the file's other settings still hold.
    let (seen, err) = first_sentence(
        &server,
        &sandbox,
        &[],
        &[("DOCBAO_PLAIN", "text")],
        "Sáng nay",
    );
    assert!(has_text(&seen), "{seen:#?}");
    assert!(
        err.contains("--rate 1.5x --volume 70 --from-sentence 1\n"),
        "{err}"
    );

    // A flag over DOCBAO_PLAIN.
    let (seen, _) = first_sentence(
        &server,
        &sandbox,
        &["--plain=events"],
        &[("DOCBAO_PLAIN", "1")],
        "sentence 1 of 3",
    );
    assert!(!has_text(&seen), "{seen:#?}");

    // DOCBAO_PLAIN=events with no file at all.
    std::fs::remove_file(sandbox.path("home/.config/docbao/config.toml")).unwrap();
    let (seen, err) = first_sentence(
        &server,
        &sandbox,
        &[],
        &[("DOCBAO_PLAIN", "events")],
        "sentence 1 of 3",
    );
    assert!(!has_text(&seen), "{seen:#?}");
    assert!(
        err.contains("--rate 1x --volume 100 --from-sentence 1\n"),
        "{err}"
    );
}

#[test]
fn a_bad_file_is_one_sentence_naming_the_file_and_the_line() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let path = write_config(&sandbox, "voice = \"vi-female\"\nrat = 1.5\n");
    let output = sandbox.run(&["read", "text.txt"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(&format!(
            "docbao: the config file {}, line 2: unknown field `rat`",
            path.display()
        )),
        "{err}"
    );
    assert!(
        lines[1].starts_with("hint: fix that line or remove it; "),
        "{err}"
    );
    assert!(output.stdout.is_empty());

    write_config(&sandbox, "volume = 300\n");
    let err = stderr(&sandbox.run(&["read", "text.txt"]));
    assert!(
        err.contains(", line 1: volume 300 is out of range: give 0 to 150\n"),
        "{err}"
    );

    // Not a file: said, not hung on, not read.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let output = sandbox.run(&["read", "text.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(&format!(
            "docbao: cannot read the config file {}: ",
            path.display()
        )),
        "{}",
        stderr(&output)
    );

    // A bad DOCBAO_PLAIN is an error too.
    std::fs::remove_dir(&path).unwrap();
    let output = sandbox
        .docbao()
        .args(["read", "text.txt"])
        .env("DOCBAO_PLAIN", "loud")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .starts_with("docbao: DOCBAO_PLAIN is 'loud': give text (or 1), events, or off (or 0)"),
        "{}",
        stderr(&output)
    );
}
