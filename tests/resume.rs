//! Resuming: the place is saved on every way out (q, the end, Ctrl-C, SIGTERM, the sound
//! server going away) and the same article read again starts there, says so in one line,
//! and `--from-start` begins again; `docbao history` lists it. On the fake sound card, in
//! plain mode, each test with its own state folder.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::process::{finish_within, signal};
use common::sound::{RATE, SoundServer, first_sound, last_sound};
use common::{Sandbox, stderr, stdout};

/// Six short sentences, about two seconds each.
const TEXT: &str = "Sáng nay trời mưa nhỏ ở Hà Nội.\n\n\
                    Nhiều người vẫn đi làm sớm bằng xe buýt.\n\n\
                    Buổi trưa trời tạnh và nắng lên.\n\n\
                    Chợ Đồng Xuân đông khách hơn mọi ngày.\n\n\
                    Buổi chiều nhiệt độ tăng lên hai mươi lăm độ.\n\n\
                    Tối nay trời mát, có gió nhẹ.";
const FIRST: &str = "Sáng nay trời mưa";
const THIRD: &str = "Buổi trưa trời tạnh";
const FIFTH: &str = "Buổi chiều nhiệt độ";

/// A reading in progress: its standard output line by line, its standard input.
struct Reading {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

/// Starts `docbao read --plain` on `text.txt` (or on standard input, given `piped`) with
/// the sandbox's own state folder.
fn start(server: &SoundServer, sandbox: &Sandbox, args: &[&str], piped: bool) -> Reading {
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command
        .env("DOCBAO_STATE_DIR", sandbox.path("state"))
        .args(["read", "--plain"]);
    if !piped {
        command.arg("text.txt");
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if piped {
        // The text, then end of input: no commands.
        child
            .stdin
            .take()
            .unwrap()
            .write_all(TEXT.as_bytes())
            .unwrap();
    }
    let (tx, lines) = std::sync::mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    Reading {
        child,
        lines,
        seen: Vec::new(),
    }
}

impl Reading {
    /// Waits for a line starting with `prefix`.
    fn wait_for(&mut self, prefix: &str) -> &mut Reading {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                let found = line.starts_with(prefix);
                self.seen.push(line);
                if found {
                    return self;
                }
            }
        }
        panic!("no line starting with {prefix:?}; got {:#?}", self.seen);
    }

    /// Sends a plain-mode command.
    fn say(&mut self, command: &str) -> &mut Reading {
        writeln!(self.child.stdin.as_mut().unwrap(), "{command}").unwrap();
        self
    }

    /// Waits for the end: exit code and standard error.
    fn finish(self) -> (Option<i32>, String) {
        let (code, err, _) = finish_within(self.child, Duration::from_secs(20), "docbao read");
        (code, err)
    }

    /// The first sentence of the article that was printed (played), among the lines seen.
    fn first_sentence(&self) -> &str {
        self.seen
            .iter()
            .find(|l| TEXT.split("\n\n").any(|s| s == l.as_str()))
            .unwrap_or_else(|| panic!("no sentence printed: {:#?}", self.seen))
    }
}

/// Reads the article again: it must resume at sentence 3, say so in one line, and play
/// sentence 3 first. Then quits.
fn resumes_at_the_third_sentence(server: &SoundServer, sandbox: &Sandbox, piped: bool) {
    let mut again = start(server, sandbox, &[], piped);
    again.wait_for(THIRD);
    assert!(
        again.seen[0].starts_with("reading 6 sentences, "),
        "{:#?}",
        again.seen
    );
    assert!(
        again.seen[1].starts_with("resuming at sentence 3 of 6 (0:0")
            && again.seen[1].ends_with("); --from-start to begin again"),
        "{:#?}",
        again.seen
    );
    assert!(
        again.first_sentence().starts_with(THIRD),
        "{:#?}",
        again.seen
    );
    if piped {
        signal(&again.child, libc::SIGTERM);
    } else {
        again.say("quit");
    }
    again.finish();
}

fn history(sandbox: &Sandbox) -> String {
    let output = sandbox
        .docbao()
        .env("DOCBAO_STATE_DIR", sandbox.path("state"))
        .arg("history")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn quit_then_read_again_resumes_there_with_the_same_settings_in_the_hint() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = start(&server, &sandbox, &[], false);
    reading.wait_for(FIRST);
    reading
        .say("speed 1.5")
        .wait_for("speed 1.5×")
        .say("volume 80")
        .wait_for("volume 80%")
        .wait_for(THIRD)
        .say("quit");
    let (code, err) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(
            "sentence 3 of 6; to go on: docbao read text.txt --voice vi-female --rate 1.5x --volume 80\n"
        ),
        "{err}"
    );

    let listed = history(&sandbox);
    assert!(
        listed.starts_with("Sáng nay trời mưa nhỏ ở Hà Nội. — sentence 3/6 (33%) — just now — /"),
        "{listed}"
    );
    assert!(listed.trim_end().ends_with("/text.txt"), "{listed}");

    resumes_at_the_third_sentence(&server, &sandbox, false);

    // --from-start: from the first sentence, and nothing said about resuming.
    let mut fresh = start(&server, &sandbox, &["--from-start"], false);
    fresh.wait_for(FIRST);
    assert!(
        !fresh.seen.iter().any(|l| l.starts_with("resuming")),
        "{:#?}",
        fresh.seen
    );
    fresh.say("quit");
    let (code, err) = fresh.finish();
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn ctrl_c_and_sigterm_save_the_place() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let sandbox = Sandbox::new();
        let mut reading = start(&server, &sandbox, &[], false);
        reading.wait_for(THIRD);
        signal(&reading.child, sig);
        let (code, err) = reading.finish();
        assert_eq!(code, Some(130), "signal {sig}: {err}");
        assert!(err.contains("sentence 3 of 6; to go on:"), "{err}");
        resumes_at_the_third_sentence(&server, &sandbox, false);
    }
}

#[test]
fn a_killed_sound_server_saves_the_place() {
    let Some(mut server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = start(&server, &sandbox, &[], false);
    reading.wait_for(THIRD);
    server.kill();
    let (code, err) = reading.finish();
    assert_eq!(code, Some(1), "{err}");
    assert!(err.starts_with("docbao: the audio output failed"), "{err}");
    assert!(
        history(&sandbox).contains(" — sentence 3/6 (33%) — "),
        "{}",
        history(&sandbox)
    );
    drop(server);
    let server = SoundServer::start().unwrap();
    resumes_at_the_third_sentence(&server, &sandbox, false);
}

#[test]
fn the_same_text_piped_twice_resumes() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = start(&server, &sandbox, &[], true);
    reading.wait_for(THIRD);
    signal(&reading.child, libc::SIGTERM);
    let (code, err) = reading.finish();
    assert_eq!(code, Some(130), "{err}");
    assert!(
        err.contains(
            "sentence 3 of 6; to go on, pipe the same text again into: docbao read --voice vi-female --rate 1x --volume 100 (it resumes there)\n"
        ),
        "{err}"
    );
    assert!(history(&sandbox).contains(" — sentence 3/6 (33%) — just now — stdin\n"));
    resumes_at_the_third_sentence(&server, &sandbox, true);
}

#[test]
fn the_end_marks_it_finished_and_the_next_reading_starts_over() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut reading = start(&server, &sandbox, &["--from-sentence", "6"], false);
    reading.wait_for("finished");
    let (code, err) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        history(&sandbox).contains(" — finished (100%) — "),
        "{}",
        history(&sandbox)
    );
    let mut again = start(&server, &sandbox, &[], false);
    again.wait_for(FIRST);
    assert!(
        !again.seen.iter().any(|l| l.starts_with("resuming")),
        "{:#?}",
        again.seen
    );
    again.say("quit");
    again.finish();

    let cleared = sandbox
        .docbao()
        .env("DOCBAO_STATE_DIR", sandbox.path("state"))
        .args(["history", "--clear"])
        .output()
        .unwrap();
    assert_eq!(stdout(&cleared), "forgot 1 article\n");
    assert_eq!(history(&sandbox), "no articles read yet\n");
}

/// Seconds of sound (first to last loud sample) the sink received from sample `from` on.
fn sound_span(server: &SoundServer, from: usize) -> f64 {
    let played: Vec<f64> = server.samples()[from..]
        .iter()
        .map(|&s| f64::from(s))
        .collect();
    let first = first_sound(&played, 1000.0).expect("something was played");
    let last = last_sound(&played, 1000.0).unwrap();
    (last - first) as f64 / f64::from(RATE)
}

#[test]
fn the_place_within_a_sentence_is_kept() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    // The whole of sentence 5 and sentence 6, as sound.
    let before = server.samples().len();
    let mut whole = start(&server, &sandbox, &["--from-sentence", "5"], false);
    whole.wait_for("finished");
    whole.finish();
    let full = sound_span(&server, before);

    // Stopped some way into sentence 5 (about 3.5 s long): the word reached is kept…
    let mut reading = start(&server, &sandbox, &["--from-sentence", "5"], false);
    reading.wait_for(FIFTH);
    std::thread::sleep(Duration::from_millis(1500));
    reading.say("quit");
    let (code, err) = reading.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("sentence 5 of 6; to go on:"), "{err}");
    let saved = std::fs::read_to_string(sandbox.path("state/positions.json")).unwrap();
    assert!(saved.contains("\"sentence\": 4,"), "{saved}");
    assert!(!saved.contains("\"offset\": 0,"), "{saved}");

    // …and the reading resumes there: sentence 5 is announced, but less of it is heard.
    let before = server.samples().len();
    let mut again = start(&server, &sandbox, &[], false);
    again.wait_for("finished");
    assert!(
        again.seen[1].starts_with("resuming at sentence 5 of 6 (0:"),
        "{:#?}",
        again.seen
    );
    assert!(
        again.first_sentence().starts_with(FIFTH),
        "{:#?}",
        again.seen
    );
    again.finish();
    let resumed = sound_span(&server, before);
    eprintln!("sound: resumed {resumed:.2} s, whole {full:.2} s");
    assert!(
        resumed < full - 0.6,
        "resumed {resumed:.2} s of sound, the whole {full:.2} s"
    );
}
