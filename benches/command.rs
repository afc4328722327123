//! Command-engine benchmark: one process per sentence (what the `command` engine does)
//! against one long-lived process given every sentence, with the `espeak-ng` command.
//!
//! ```sh
//! cargo bench --bench command                       # the user's sample article
//! cargo bench --bench command -- path/to/text.txt   # any text
//! ```
//!
//! Per sentence: the `vi-male-command` voice through the library (a process each, WAV
//! decoded with symphonia). Long-lived: one `espeak-ng --stdout` reading all sentences on
//! standard input, one per line. The difference, divided by the number of sentences, is what
//! a process per sentence costs; it is set against the synthesis time per sentence.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use docbao::{CancelToken, Document, Voices, synth, text};

mod common;

fn main() {
    let path = common::text_to_read("command");
    let doc = Document::from_path(&path, None).expect("the text reads");
    let sentences: Vec<String> = text::segment(&doc)
        .into_iter()
        .map(|s| text::normalize(&s.text, doc.lang()))
        .filter(|s| !s.is_empty())
        .collect();
    let voice = Voices::builtin()
        .find("vi-male-command")
        .expect("built-in command voice");
    let engine = synth::open(&voice).expect("espeak-ng is installed (scripts/setup --test)");
    let cancel = CancelToken::new();
    let runs = 3;
    let mut per_sentence = Vec::new();
    let mut long_lived = Vec::new();
    let mut first_audio = Vec::new();
    let mut audio_seconds = 0.0;
    for _ in 0..runs {
        let started = Instant::now();
        let mut samples = 0usize;
        for (i, sentence) in sentences.iter().enumerate() {
            let speech = engine
                .synthesize(sentence, voice.rate_wpm, &cancel)
                .expect("the sentence speaks");
            if i == 0 {
                first_audio.push(started.elapsed());
            }
            samples += speech.samples.len();
        }
        per_sentence.push(started.elapsed());
        audio_seconds = samples as f64 / f64::from(engine.sample_rate());

        let started = Instant::now();
        let mut child = Command::new("espeak-ng")
            .args(["-v", "vi", "-s", "175", "--stdout"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("espeak-ng runs");
        let mut stdin = child.stdin.take().expect("stdin");
        let all = sentences.join("\n") + "\n";
        let writer = std::thread::spawn(move || stdin.write_all(all.as_bytes()));
        let output = child.wait_with_output().expect("espeak-ng ends");
        let _ = writer.join();
        assert!(output.stdout.len() > 44, "espeak-ng wrote no audio");
        long_lived.push(started.elapsed());
    }
    let best = |runs: &[Duration]| runs.iter().min().copied().unwrap_or_default();
    let (each, one) = (best(&per_sentence), best(&long_lived));
    let n = sentences.len().max(1) as f64;
    let overhead = (each.as_secs_f64() - one.as_secs_f64()) / n;
    println!(
        "{} sentences, {:.1} s of speech (best of {runs} runs)",
        sentences.len(),
        audio_seconds
    );
    println!(
        "one process per sentence: {:>7.3} s  ({:.1} ms a sentence; first audio after {:.1} ms)",
        each.as_secs_f64(),
        each.as_secs_f64() * 1000.0 / n,
        best(&first_audio).as_secs_f64() * 1000.0
    );
    println!(
        "one long-lived process:   {:>7.3} s  ({:.1} ms a sentence; one WAV for the whole text, no sentence boundaries)",
        one.as_secs_f64(),
        one.as_secs_f64() * 1000.0 / n
    );
    println!(
        "cost of a process per sentence: {:.1} ms a sentence ({:.1} % of the time)",
        overhead * 1000.0,
        100.0 * (each.as_secs_f64() - one.as_secs_f64()) / each.as_secs_f64().max(1e-9)
    );
}
