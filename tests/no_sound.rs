//! Without a sound card, and when the sound server dies: one clear sentence, no noise, no hang.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::sound::SoundServer;
use common::{Sandbox, fixture, stderr};

fn machine_has_sound_card() -> bool {
    std::fs::read_to_string("/proc/asound/cards")
        .is_ok_and(|cards| !cards.contains("no soundcards"))
}

#[test]
fn no_device_is_one_sentence_and_a_hint() {
    if machine_has_sound_card() {
        eprintln!("*** SKIPPED: this machine has a sound card ***");
        return;
    }
    let sandbox = Sandbox::new();
    let output = sandbox
        .docbao()
        .args(["read", fixture("vi-article.txt").to_str().unwrap()])
        .env("PULSE_SERVER", "unix:/nonexistent/pulse/native")
        .env("XDG_RUNTIME_DIR", sandbox.path("runtime"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "docbao: no audio output device found\nhint: use --output FILE.wav to save the reading instead of playing it\n"
    );
}

#[test]
fn read_with_output_renders_instead() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&[
        "read",
        fixture("en-article.txt").to_str().unwrap(),
        "--output",
        "out.wav",
        "--subtitles",
        "out.vtt",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, samples) = common::decode(&sandbox.path("out.wav"));
    assert!(common::rms(&samples) > 500.0);
    assert!(
        std::fs::read_to_string(sandbox.path("out.vtt"))
            .unwrap()
            .starts_with("WEBVTT")
    );
}

#[test]
fn the_server_dying_ends_playback_with_an_error() {
    let Some(mut server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let child = command
        .args([
            "read",
            fixture("vi-article.txt").to_str().unwrap(),
            "--plain",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    server.kill();
    let killed = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(
        killed.elapsed() < Duration::from_secs(5),
        "took {:?} to notice",
        killed.elapsed()
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.starts_with("docbao: the audio output failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Said once: a screen reader reading both outputs must not hear it twice.
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        !out.contains("audio output failed"),
        "said on stdout too: {out}"
    );
}
