//! Every interruption works at once and exits with 130, whatever docbao is waiting for: a
//! stalled web server, standard input left open, the sound card; and files that never end
//! (a FIFO, a link to /dev/zero) among its settings cannot make it wait or eat memory.
#![cfg(unix)]

mod common;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use common::process::{finish_within, read_plain, read_until, signal};
use common::sound::SoundServer;
use common::{Sandbox, fixture, stderr};

#[test]
fn ctrl_c_during_a_fetch_does_not_wait_for_the_timeout() {
    // A server that accepts and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/tin.html", listener.local_addr().unwrap());
    let holding = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let sandbox = Sandbox::new();
    let child = sandbox
        .docbao()
        .args(["segment", "--timeout", "3600", &address])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _connection = holding.join().unwrap().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, libc::SIGINT);
    let (code, err, _) = finish_within(child, Duration::from_secs(3), "after the signal");
    assert_eq!(code, Some(130), "{err}");
}

#[test]
fn one_ctrl_c_ends_a_render_still_reading_standard_input() {
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .docbao()
        .args(["render", "-", "-o", "out.wav"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _open_stdin = child.stdin.take();
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, libc::SIGINT);
    let (code, err, _) = finish_within(child, Duration::from_secs(3), "after the signal");
    assert_eq!(code, Some(130), "{err}");
    assert!(!sandbox.path("out.wav").exists());
}

#[test]
fn sigterm_and_sighup_end_a_reading_with_130() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    for sig in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let mut child = read_plain(&sandbox, &server);
        let mut out = child.stdout.take().unwrap();
        read_until(&mut out, "Hà Nội");
        signal(&child, sig);
        let (code, err, _) = finish_within(child, Duration::from_secs(5), "after the signal");
        assert_eq!(code, Some(130), "signal {sig}: {err}");
        assert!(err.contains("stopped at "), "signal {sig}: {err}");
    }
}

#[test]
fn settings_files_that_never_end_are_skipped_with_a_warning() {
    let sandbox = Sandbox::new();
    let voices = sandbox.path("home/.config/docbao/voices");
    std::fs::create_dir_all(&voices).unwrap();
    let fifo = std::ffi::CString::new(voices.join("fifo.toml").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", voices.join("zero.toml")).unwrap();
    let table = sandbox.path("home/.config/docbao/abbreviations.tsv");
    std::os::unix::fs::symlink("/dev/zero", &table).unwrap();

    let child = sandbox
        .docbao()
        .args(["voices"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (code, err, _) = finish_within(child, Duration::from_secs(10), "after the signal");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("fifo.toml") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(err.contains("zero.toml"), "{err}");

    let output = sandbox.run(&["normalize", fixture("vi-article.txt").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("abbreviations.tsv: not a regular file; file ignored"),
        "{}",
        stderr(&output)
    );
}
