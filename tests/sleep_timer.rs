//! The sleep timer: after so much listening, the sentence being heard is finished, the place
//! saved (the next sentence) and the reading stops. On the fake sound card, measured in what
//! the sink received: whole sentences, nothing of the next one.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::sound::{RATE, SoundServer, first_sound, last_sound, resample};
use common::{Sandbox, decode, parse_cues, stderr, stdout};

/// Six short sentences, about two seconds each.
const TEXT: &str = "Sáng nay trời mưa nhỏ ở Hà Nội.\n\n\
                    Nhiều người vẫn đi làm sớm bằng xe buýt.\n\n\
                    Buổi trưa trời tạnh và nắng lên.\n\n\
                    Chợ Đồng Xuân đông khách hơn mọi ngày.\n\n\
                    Buổi chiều nhiệt độ tăng lên hai mươi lăm độ.\n\n\
                    Tối nay trời mát, có gió nhẹ.";

fn lines_of(child: &mut std::process::Child) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let out = BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

fn wait_for(lines: &Receiver<String>, prefix: &str, seen: &mut Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
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
fn the_timer_stops_at_a_sentence_end_and_saves_the_next_one() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    // Where each sentence's speech ends, as render writes it.
    let rendered = sandbox.run(&[
        "render",
        "text.txt",
        "-o",
        "ref.wav",
        "--subtitles",
        "ref.srt",
        "--quiet",
    ]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let (rate, reference) = decode(&sandbox.path("ref.wav"));
    let reference = resample(&reference, rate, RATE);
    let cues = parse_cues(&std::fs::read_to_string(sandbox.path("ref.srt")).unwrap());
    assert_eq!(cues.len(), 6);

    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let mut child = command
        .env("DOCBAO_STATE_DIR", sandbox.path("state"))
        .args(["read", "--plain", "text.txt", "--sleep", "3s"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let mut seen = Vec::new();
    wait_for(&lines, "sleep timer: stopped", &mut seen);
    let (code, err, _) =
        common::process::finish_within(child, Duration::from_secs(20), "docbao read --sleep");
    assert_eq!(code, Some(0), "{err}");
    while let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
        seen.push(line);
    }
    // Three seconds of listening end in the second sentence: it is finished, the third is
    // never started.
    assert_eq!(seen[1], "sleep timer: 3 seconds", "{seen:#?}");
    let sentences: Vec<&String> = seen
        .iter()
        .filter(|l| TEXT.split("\n\n").any(|s| s == l.as_str()))
        .collect();
    assert_eq!(sentences.len(), 2, "{seen:#?}");
    let due = seen
        .iter()
        .position(|l| l == "sleep timer: stopping after this sentence")
        .unwrap_or_else(|| panic!("{seen:#?}"));
    assert!(
        seen[due - 1].starts_with("Nhiều người"),
        "due in the second sentence: {seen:#?}"
    );
    assert!(
        err.contains("sentence 3 of 6, for the sleep timer; to go on: docbao read text.txt"),
        "{err}"
    );

    // What the sink received: from the first sound to the end of the second sentence's
    // speech, as rendered — not a sample of the third, not a cut in the second.
    std::thread::sleep(Duration::from_millis(300)); // the sink's last buffer
    let captured: Vec<f64> = server.samples().iter().map(|&s| f64::from(s)).collect();
    let loud = 1000.0;
    let (c0, c1) = (
        first_sound(&captured, loud).expect("sound was played"),
        last_sound(&captured, loud).unwrap(),
    );
    let second_end = (cues[1].end_ms as usize) * RATE as usize / 1000;
    let (r0, r1) = (
        first_sound(&reference, loud).unwrap(),
        last_sound(&reference[..second_end.min(reference.len())], loud).unwrap(),
    );
    let heard = (c1 - c0) as f64 / f64::from(RATE);
    let two_sentences = (r1 - r0) as f64 / f64::from(RATE);
    eprintln!("heard {heard:.3} s of speech, two sentences are {two_sentences:.3} s");
    assert!(
        (heard - two_sentences).abs() < 0.05,
        "the sink received {heard:.3} s of speech; two whole sentences are {two_sentences:.3} s"
    );

    // The place saved is the third sentence.
    let listed = history(&sandbox);
    assert!(listed.contains(" — sentence 3/6 (33%) — "), "{listed}");
}

#[test]
fn plain_commands_set_extend_and_turn_it_off() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let mut command = sandbox.docbao();
    server.connect(&mut command);
    let mut child = command
        .env("DOCBAO_STATE_DIR", sandbox.path("state"))
        .args(["read", "--plain", "text.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for(&lines, "Sáng nay", &mut seen);
    for (command, answer) in [
        ("sleep 20m", "sleep timer: 20 minutes"),
        ("sleep +10", "sleep timer: 30 minutes"),
        (
            "where",
            "playing, sentence 1 of 6, speed 1.0×, sleeping in 30 minutes, at 0:0",
        ),
        ("sleep off", "sleep timer off"),
        ("hẹn giờ 6 phút", "sleep timer: 6 minutes"),
        ("tắt hẹn giờ", "sleep timer off"),
        (
            "sleep soon",
            "'sleep soon': sleep takes a time to listen before it stops",
        ),
        ("quit", "stopped"),
    ] {
        writeln!(stdin, "{command}").unwrap();
        if command == "quit" {
            break;
        }
        wait_for(&lines, answer, &mut seen);
    }
    let (code, err, _) =
        common::process::finish_within(child, Duration::from_secs(20), "docbao read");
    assert_eq!(code, Some(0), "{err}");
    drop(stdin);
}
