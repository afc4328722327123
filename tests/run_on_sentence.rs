//! Memory stays bounded by design: a "sentence" of 77 KB with no punctuation (45 minutes of
//! speech) is cut into pieces before synthesis, so neither `render` nor `read` holds its
//! audio in one piece.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::process::finish;
use common::sound::SoundServer;
use common::{Sandbox, stderr, stdout};

fn run_on() -> String {
    let words: Vec<&str> = "người dân thành phố đi làm sớm hơn thường lệ vì trời nắng đẹp và \
                            đường phố thông thoáng"
        .split(' ')
        .collect();
    (0..12_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The most memory the process had, from /proc (kB → MB).
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb / 1024
}

#[test]
fn a_run_on_sentence_is_cut_and_memory_stays_small() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("run-on.txt"), run_on()).unwrap();

    let output = sandbox.run(&["segment", "run-on.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pieces: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    assert!(pieces.len() >= 50, "{} pieces", pieces.len());
    assert!(
        pieces
            .iter()
            .all(|p| p.chars().count() <= docbao::text::MAX_SENTENCE_CHARS)
    );

    // render: the audio (119 MB of samples) goes to the file as it is made. The peak is
    // read from /proc just before the process ends: it stops, on a full pipe, before exiting.
    let mut child = sandbox
        .docbao()
        .args(["render", "-q", "run-on.txt", "-o", "run-on.wav"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(300), "render hung");
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && status.contains("VmHWM")
        {
            peak = peak.max(peak_mb(pid));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (code, err) = finish(child);
    assert_eq!(code, Some(0), "{err}");
    let wav = std::fs::metadata(sandbox.path("run-on.wav")).unwrap().len();
    assert!(wav > 100_000_000, "{wav} bytes");
    eprintln!("render: peak {peak} MB for a {wav}-byte WAV");
    assert!(peak < 80, "render peaked at {peak} MB for a {wav}-byte WAV");
}

#[test]
fn reading_a_run_on_sentence_stays_small() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("run-on.txt"), run_on()).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let mut child = command
        .args(["read", "--plain", "run-on.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Playing, and synthesis has had time to run ten minutes ahead.
    std::thread::sleep(Duration::from_secs(4));
    let peak = peak_mb(child.id());
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"quit\n").unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("reading"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Before the cut: 4.6 GB for a 1 MB sentence; its ten minutes ahead are about 50 MB.
    eprintln!("read: peak {peak} MB");
    assert!(peak < 200, "read peaked at {peak} MB");
}
