//! The `system` engine against a real Speech Dispatcher, started per test on the private
//! PulseAudio of the sound tests: it speaks, its reports drive the sentence events, `quit`
//! silences it, and a service without audio output is reported instead of hanging.
#![cfg(feature = "system")]

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::process::output_within;
use common::sound::{RATE, SoundServer};
use common::{Sandbox, rms, stderr, stdout};

const TEXT: &str =
    "Xin chào các bạn. Hôm nay trời đẹp và có nắng nhẹ. Chúng tôi đi dạo trong công viên.";

/// A Speech Dispatcher of its own, killed when dropped.
struct Dispatcher {
    dir: tempfile::TempDir,
    pid: Option<i32>,
}

impl Dispatcher {
    /// Starts one whose sound goes to `pulse_server` (`unix:PATH`).
    fn start(pulse_server: &str) -> Dispatcher {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        let status = Command::new("speech-dispatcher")
            .args(["-d", "-t", "0", "-P"])
            .arg(dir.path().join("pid"))
            .arg("-S")
            .arg(dir.path().join("sock"))
            .env("PULSE_SERVER", pulse_server)
            .env("HOME", dir.path().join("home"))
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("home/.config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("speech-dispatcher is installed (scripts/setup --system)");
        assert!(status.success(), "speech-dispatcher did not start");
        let started = Instant::now();
        let mut dispatcher = Dispatcher { dir, pid: None };
        while !dispatcher.socket().exists() || dispatcher.pid.is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "speech-dispatcher did not open its socket"
            );
            dispatcher.pid = std::fs::read_to_string(dispatcher.dir.path().join("pid"))
                .ok()
                .and_then(|pid| pid.trim().parse().ok());
            std::thread::sleep(Duration::from_millis(20));
        }
        dispatcher
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("sock")
    }

    /// `docbao read --plain` with this service and `sound`, in `sandbox`.
    fn read(&self, sandbox: &Sandbox, sound: Option<&SoundServer>) -> Command {
        std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
        let mut command = sandbox.docbao();
        command
            .args(["read", "--plain", "--voice", "vi-female-system", "text.txt"])
            .env(
                "SPEECHD_ADDRESS",
                format!("unix_socket:{}", self.socket().display()),
            );
        if let Some(sound) = sound {
            sound.connect(&mut command);
        }
        command
    }
}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        // Speech Dispatcher ignores SIGTERM while its modules run, and its modules outlive it
        // (they are started before it becomes a daemon): kill the server and every process
        // that carries this test's XDG_RUNTIME_DIR.
        let marker = format!("XDG_RUNTIME_DIR={}", self.dir.path().display());
        let mut pids: Vec<i32> = self.pid.into_iter().collect();
        if let Ok(entries) = std::fs::read_dir("/proc") {
            for entry in entries.flatten() {
                let Some(pid) = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.parse::<i32>().ok())
                else {
                    continue;
                };
                let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
                    continue;
                };
                if environ
                    .split(|&b| b == 0)
                    .any(|var| var == marker.as_bytes())
                {
                    pids.push(pid);
                }
            }
        }
        for pid in pids {
            // SAFETY: kill(2) on a process this test started.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

/// Samples at the sink above a noise floor: (first, last) loud sample.
fn sounding(samples: &[i16]) -> Option<(usize, usize)> {
    let loud = |s: &i16| s.unsigned_abs() > 500;
    Some((
        samples.iter().position(loud)?,
        samples.iter().rposition(loud)?,
    ))
}

/// The in-process espeak-ng voice's rendering of `TEXT`: (rate, samples).
fn espeak_render(sandbox: &Sandbox) -> (u32, Vec<i16>) {
    std::fs::write(sandbox.path("same.txt"), TEXT).unwrap();
    let output = sandbox.run(&[
        "render",
        "same.txt",
        "--voice",
        "vi-female",
        "-o",
        "same.wav",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    common::decode(&sandbox.path("same.wav"))
}

#[test]
fn speaks_vietnamese_sentence_by_sentence() {
    let Some(sound) = SoundServer::start() else {
        return;
    };
    let dispatcher = Dispatcher::start(&sound.address());
    let sandbox = Sandbox::new();
    let before = sound.samples().len();
    let child = dispatcher
        .read(&sandbox, Some(&sound))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = output_within(child, Duration::from_secs(60));
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = stdout(&output);
    // The service's begin and end reports drive the sentence events, in order.
    let sentences = ["Xin chào các bạn.", "Hôm nay trời đẹp", "Chúng tôi đi dạo"];
    let mut from = 0;
    for sentence in sentences {
        let at = lines[from..]
            .find(sentence)
            .unwrap_or_else(|| panic!("{sentence:?} not announced in order:\n{lines}"));
        from += at + sentence.len();
    }
    assert!(
        // An estimated length, in words for a screen reader: `about 5 seconds`.
        lines.contains("estimated") || lines.contains(", about "),
        "{lines}"
    );
    let heard = &sound.samples()[before..];
    let (first, last) = sounding(heard).expect("the service played nothing");
    assert!(rms(&heard[first..=last]) > 300.0, "nearly silent");
    // Speech time, not the span: gaps between sentences grow when the machine is busy.
    let seconds = voiced_seconds(heard, RATE);
    let (rate, same) = espeak_render(&sandbox);
    let expected = voiced_seconds(&same, rate);
    eprintln!("spoke for {seconds:.2} s (espeak-ng in process: {expected:.2} s)\n{lines}");
    assert!(
        (0.7 * expected..1.4 * expected).contains(&seconds),
        "spoke for {seconds:.2} s; espeak-ng in process takes {expected:.2} s"
    );
}

/// Seconds of 20 ms frames that hold speech (rms above 300).
fn voiced_seconds(samples: &[i16], rate: u32) -> f64 {
    let frame = rate as usize / 50;
    let voiced = samples.chunks(frame).filter(|f| rms(f) > 300.0).count();
    voiced as f64 * 0.02
}

#[test]
fn quit_stops_the_voice() {
    let Some(sound) = SoundServer::start() else {
        return;
    };
    let dispatcher = Dispatcher::start(&sound.address());
    let sandbox = Sandbox::new();
    let mut child = dispatcher
        .read(&sandbox, Some(&sound))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for sound, then quit in the middle of the reading.
    wait_for_sound(&sound, 0, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(700));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "quit").unwrap();
    let quit_at = sound.samples().len();
    let output = output_within(child, Duration::from_secs(10));
    assert!(output.status.success(), "{}", stderr(&output));
    // Half a second for what was already on its way, then silence.
    std::thread::sleep(Duration::from_millis(1500));
    let after = &sound.samples()[quit_at + RATE as usize / 2..];
    assert!(
        after.len() > RATE as usize / 2,
        "the sink did not keep running"
    );
    assert!(
        sounding(after).is_none(),
        "still speaking after quit: rms {}",
        rms(after)
    );
    drop(stdin);
}

#[test]
fn a_service_without_sound_is_reported_not_waited_for() {
    // Its audio goes to a PulseAudio that does not exist: it takes the sentence, and never
    // reports its end.
    let dispatcher = Dispatcher::start("unix:/nonexistent/docbao-no-pulse");
    let sandbox = Sandbox::new();
    let started = Instant::now();
    let child = dispatcher
        .read(&sandbox, None)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = output_within(child, Duration::from_secs(45));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("speech service"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}",
        started.elapsed()
    );
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("docbao: the speech service"), "{err}");
}

#[test]
fn no_service_is_one_sentence() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    // The sandbox points SPEECHD_ADDRESS at a socket nobody listens on.
    let started = Instant::now();
    let output = sandbox.run(&["read", "--plain", "--voice", "vi-female-system", "text.txt"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the speech service cannot be reached"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// Waits until the sink has had sound within the last 200 ms (or panics after `limit`).
fn wait_for_sound(sound: &SoundServer, from: usize, limit: Duration) {
    let started = Instant::now();
    while sounding(&sound.samples()[from..]).is_none() {
        assert!(started.elapsed() < limit, "no sound came");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn next_and_pause_work_by_sentence() {
    let Some(sound) = SoundServer::start() else {
        return;
    };
    let dispatcher = Dispatcher::start(&sound.address());
    let sandbox = Sandbox::new();
    let mut child = dispatcher
        .read(&sandbox, Some(&sound))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    wait_for_sound(&sound, 0, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(300));
    writeln!(stdin, "next").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    writeln!(stdin, "pause").unwrap();
    // Paused: the voice stops in the middle of the sentence, and stays quiet.
    std::thread::sleep(Duration::from_millis(700));
    let quiet_from = sound.samples().len();
    std::thread::sleep(Duration::from_millis(1500));
    let paused = sound.samples()[quiet_from..].to_vec();
    assert!(
        paused.len() > RATE as usize,
        "the sink did not keep running"
    );
    assert!(sounding(&paused).is_none(), "sound while paused");
    writeln!(stdin, "play").unwrap();
    wait_for_sound(&sound, quiet_from, Duration::from_secs(10));
    let output = output_within(child, Duration::from_secs(60));
    drop(stdin);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = stdout(&output);
    let order = [
        "Xin chào các bạn.",
        "sentence 2 of 3",
        "Hôm nay trời đẹp",
        "paused at",
        "playing from",
        "Chúng tôi đi dạo",
        "finished",
    ];
    let mut from = 0;
    for what in order {
        let at = lines[from..]
            .find(what)
            .unwrap_or_else(|| panic!("{what:?} missing or out of order:\n{lines}"));
        from += at + what.len();
    }
}
