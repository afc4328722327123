//! A sound server that stops answering (PulseAudio frozen with SIGSTOP) never hangs docbao:
//! `render` does not touch it, `read` says so in one sentence within bounded time, and a
//! signal ends it at once with 130.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::process::{finish_within, read_plain, read_until, signal};
use common::sound::SoundServer;
use common::{Sandbox, fixture};

#[test]
fn render_needs_no_sound_server_even_a_frozen_one() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    server.freeze();
    let sandbox = Sandbox::new();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let child = command
        .args(["render", "-q", "-o", "out.wav"])
        .arg(fixture("vi-article.txt"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // libespeak-ng's own audio probe used to stall here for 30 s.
    let (code, err, _) = finish_within(child, Duration::from_secs(20), "render");
    server.thaw();
    assert_eq!(code, Some(0), "{err}");
    assert!(sandbox.path("out.wav").exists());
}

#[test]
fn read_against_a_frozen_server_says_so_and_signals_still_work() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    server.freeze();
    let sandbox = Sandbox::new();

    let child = read_plain(&sandbox, &server);
    let (code, err, _) = finish_within(child, Duration::from_secs(40), "read on a frozen server");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("docbao: the sound server did not answer within 10 seconds\n"),
        "{err}"
    );

    // While it waits, SIGTERM ends it at once, with 130.
    let child = read_plain(&sandbox, &server);
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, libc::SIGTERM);
    let (code, err, took) = finish_within(child, Duration::from_secs(20), "read after SIGTERM");
    assert_eq!(code, Some(130), "{err}");
    assert!(took < Duration::from_secs(8), "SIGTERM took {took:?}");
    server.thaw();
}

#[test]
fn a_server_that_freezes_while_playing_is_reported_and_signals_still_work() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();

    let mut child = read_plain(&sandbox, &server);
    let mut out = child.stdout.take().unwrap();
    // Playing: the first sentence is announced.
    read_until(&mut out, "Hà Nội");
    std::thread::sleep(Duration::from_millis(500));
    server.freeze();
    let (code, err, _) = finish_within(
        child,
        Duration::from_secs(40),
        "read on a server that froze",
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the sound server stopped answering (no audio taken for 5 seconds)"),
        "{err}"
    );
    server.thaw();

    // Frozen while playing, then SIGINT: out at once, with 130.
    let mut child = read_plain(&sandbox, &server);
    let mut out = child.stdout.take().unwrap();
    read_until(&mut out, "Hà Nội");
    server.freeze();
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, libc::SIGINT);
    let (code, err, took) = finish_within(child, Duration::from_secs(20), "read after SIGINT");
    server.thaw();
    assert_eq!(code, Some(130), "{}", err);
    assert!(took < Duration::from_secs(8), "SIGINT took {took:?}");
}
