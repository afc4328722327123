//! `docbao read --plain`: one line per event, commands as words on standard input, for screen
//! readers and pipes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::sound::SoundServer;
use common::{Sandbox, stderr};

/// About 9 seconds of Vietnamese in three sentences.
const TEXT: &str = "Sáng nay trời mưa nhỏ ở Hà Nội.\n\nNhiều người vẫn đi làm sớm bằng xe buýt và xe máy.\n\n\
                    Buổi chiều trời sẽ tạnh, nhiệt độ tăng lên hai mươi lăm độ.";

fn start(server: &SoundServer, sandbox: &Sandbox, args: &[&str]) -> Child {
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    command
        .args(["read", "text.txt"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads standard output on a thread, line by line.
fn lines_of(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// Waits for a line starting with `prefix`; returns every line seen until then.
fn wait_for(lines: &Receiver<String>, prefix: &str, seen: &mut Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(100)) {
            let found = line.starts_with(prefix);
            seen.push(line);
            if found {
                return;
            }
        }
    }
    panic!("no line starting with {prefix:?}; got {seen:#?}");
}

/// A reading in plain mode, once it speaks its first sentence, given each command in turn
/// and waited on for a line starting with its answer.
struct Answered {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    seen: Vec<String>,
}

fn answers(server: &SoundServer, sandbox: &Sandbox, commands: &[(&str, &str)]) -> Answered {
    let mut child = start(server, sandbox, &["--plain"]);
    let lines = lines_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for(&lines, "Sáng nay", &mut seen);
    for (command, answer) in commands {
        writeln!(stdin, "{command}").unwrap();
        wait_for(&lines, answer, &mut seen);
    }
    Answered {
        child,
        stdin,
        lines,
        seen,
    }
}

#[test]
fn commands_in_words_and_one_line_per_event() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let Answered {
        child,
        stdin,
        lines,
        mut seen,
    } = answers(
        &server,
        &sandbox,
        &[
            ("where", "playing, sentence 1 of 3, speed 1.0×, at 0:0"),
            ("pause", "paused at 0:0"),
            ("play", "playing from 0:0"),
            ("next", "sentence 2 of 3, at 0:0"),
            ("speed 1.5", "speed 1.5×, 263 words a minute"),
            ("volume 50", "volume 50%"),
            ("mute", "muted"),
            ("mute", "volume 50%"),
            ("jump", "'jump' is not a command; try pause"),
            (
                "volume 300",
                "'volume 300': volume takes a percentage from 0 to 150",
            ),
            ("âm lượng 40", "volume 40%"),
            ("Tạm dừng", "paused at 0:0"),
            ("đọc tiếp", "playing from 0:0"),
            ("help", "commands: pause, play, seek +30"),
            ("trợ giúp", "commands: pause, play, seek +30"),
        ],
    );
    // No more commands, standard input left open: it reads on to the end by itself.
    wait_for(&lines, "finished", &mut seen);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert!(seen[0].starts_with("reading 3 sentences, "), "{seen:#?}");
    assert!(
        seen.iter()
            .any(|l| l == "Nhiều người vẫn đi làm sớm bằng xe buýt và xe máy."),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|l| l.starts_with("Buổi chiều trời sẽ tạnh")),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .all(|l| !l.contains('\x1b') && !l.contains('\r')),
        "escape codes in plain mode: {seen:#?}"
    );
    drop(stdin);
}

/// A listener's "play" is always said, even at the very start, where the reading's own first
/// start is left to the opening line. (A rate change while paused puts the place at the
/// sentence's start until it is made again: MPRIS's Play went unsaid then.)
#[test]
fn a_play_at_the_very_start_is_said() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let Answered {
        child, mut stdin, ..
    } = answers(
        &server,
        &sandbox,
        &[
            ("pause", "paused at 0:0"),
            ("sentence 1", "sentence 1 of 3, at 0:00"),
            ("play", "playing from 0:00"),
        ],
    );
    writeln!(stdin, "quit").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn quit_says_where_it_stopped() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    let mut child = start(&server, &sandbox, &["--plain", "--from-sentence", "2"]);
    let lines = lines_of(&mut child);
    let mut seen = Vec::new();
    wait_for(&lines, "Nhiều người", &mut seen);
    assert!(
        !seen.iter().any(|l| l.starts_with("Sáng nay")),
        "started before sentence 2: {seen:#?}"
    );
    writeln!(child.stdin.as_mut().unwrap(), "quit").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.starts_with("stopped at 0:0"), "{err}");
    assert!(
        err.contains(
            "sentence 2 of 3; to go on: docbao read text.txt --voice vi-female --rate 1x --volume 100\n"
        ),
        "{err}"
    );
}

#[test]
fn starts_at_a_time_and_plays_on_without_standard_input() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    // Not a terminal: plain mode without asking. Standard input closed: no commands.
    let output = command
        .args(["read", "text.txt", "--from", "0:06"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = common::stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "playing from 0:06", "{out}");
    assert_eq!(
        lines[2], "Buổi chiều trời sẽ tạnh, nhiệt độ tăng lên hai mươi lăm độ.",
        "{out}"
    );
    assert_eq!(lines.last(), Some(&"finished"));
    // From 0:06 of about 0:09: the sound card received about three seconds, not nine
    // (measured in what was played, not in time taken, which a busy machine stretches).
    std::thread::sleep(Duration::from_millis(300)); // the sink's last buffer
    let played: Vec<f64> = server.samples().iter().map(|&s| f64::from(s)).collect();
    let (first, last) = (
        common::sound::first_sound(&played, 1000.0).expect("sound was played"),
        common::sound::last_sound(&played, 1000.0).unwrap(),
    );
    let seconds = (last - first) as f64 / f64::from(common::sound::RATE);
    assert!(
        (1.0..6.0).contains(&seconds),
        "{seconds} s of sound were played"
    );
}

#[test]
fn places_past_the_end_say_the_range_and_the_reading_goes_on() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    // A start past the end: said, with what happens instead, and the reading starts.
    let mut child = start(&server, &sandbox, &["--plain", "--from-sentence", "99"]);
    let lines = lines_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for(&lines, "Sáng nay", &mut seen);
    assert_eq!(
        seen[1], "no sentence 99; there are 3 sentences: give 1 to 3; reading from the beginning",
        "{seen:#?}"
    );
    for (command, answer) in [
        (
            "sentence 99",
            "no sentence 99; there are 3 sentences: give 1 to 3",
        ),
        ("câu 4", "no sentence 4; there are 3 sentences: give 1 to 3"),
        ("seek 9:00", "9:00 is past the end; the reading is 0:"),
        ("where", "playing, sentence 1 of 3"),
        ("sentence 3", "sentence 3 of 3, at 0:0"),
        ("next", "this is the last sentence (3 of 3)"),
        ("where", "playing, sentence 3 of 3"),
    ] {
        writeln!(stdin, "{command}").unwrap();
        wait_for(&lines, answer, &mut seen);
    }
    wait_for(&lines, "finished", &mut seen);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    drop(stdin);

    // A start time past the end: the same.
    let mut child = start(&server, &sandbox, &["--plain", "--from", "99:00"]);
    let lines = lines_of(&mut child);
    let mut seen = Vec::new();
    wait_for(&lines, "Sáng nay", &mut seen);
    assert!(
        seen[1].starts_with("1:39:00 is past the end; the reading is 0:")
            && seen[1].ends_with(
                " long (about, while it is still estimated); reading from the beginning"
            ),
        "{seen:#?}"
    );
    writeln!(child.stdin.as_mut().unwrap(), "quit").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}
