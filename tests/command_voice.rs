//! The `command` engine: an external program as a voice. The built-in `vi-male-command`
//! profile runs `espeak-ng --stdout`, so it must sound like the in-process `vi-male`; bad
//! programs give one clear sentence, never a hang.

mod common;

use std::time::{Duration, Instant};

use common::{Sandbox, decode, fixture, parse_cues, rms, stderr, stdout};

/// Renders `article` with `voice` into `out.wav` + `out.srt`; returns (rate, samples, cues).
fn render(sandbox: &Sandbox, article: &str, voice: &str) -> (u32, Vec<i16>, Vec<common::Cue>) {
    let input = fixture(article);
    let output = sandbox.run(&[
        "render",
        input.to_str().unwrap(),
        "--voice",
        voice,
        "-o",
        "out.wav",
        "--subtitles",
        "out.srt",
    ]);
    assert!(output.status.success(), "{voice}: {}", stderr(&output));
    let (rate, samples) = decode(&sandbox.path("out.wav"));
    let cues = parse_cues(&std::fs::read_to_string(sandbox.path("out.srt")).unwrap());
    (rate, samples, cues)
}

#[test]
fn espeak_ng_command_matches_the_in_process_engine() {
    let (ours, theirs) = (Sandbox::new(), Sandbox::new());
    let (rate, inside, inside_cues) = render(&ours, "vi-article.txt", "vi-male");
    let (command_rate, outside, outside_cues) =
        render(&theirs, "vi-article.txt", "vi-male-command");
    assert_eq!(
        command_rate, rate,
        "the sample rate comes from the WAV header"
    );
    let ratio = outside.len() as f64 / inside.len() as f64;
    assert!(
        (0.97..=1.03).contains(&ratio),
        "lengths differ by more than 3 %: command {} vs in-process {} samples",
        outside.len(),
        inside.len()
    );
    let (a, b) = (rms(&outside), rms(&inside));
    assert!(b > 500.0, "in-process render is silent");
    assert!(
        (a / b - 1.0).abs() < 0.1,
        "loudness differs: rms {a} vs {b}"
    );
    assert_eq!(
        outside_cues.len(),
        inside_cues.len(),
        "one cue per sentence"
    );
    // Sentence by sentence they agree closely. The widest gap seen is 0.6 s, on a sentence
    // ending in a closing quote: espeak-ng pauses before the quote, and the command engine
    // drops that pause as trailing silence where the in-process engine keeps it.
    for (x, y) in outside_cues.iter().zip(&inside_cues) {
        assert_eq!(x.text, y.text);
        assert!(
            x.start_ms.abs_diff(y.start_ms) < 800 && x.end_ms.abs_diff(y.end_ms) < 800,
            "cue {x:?} is far from {y:?}"
        );
    }
}

#[test]
fn raw_pcm_on_stdin_plays_and_renders() {
    let sandbox = Sandbox::new();
    // The WAV header stripped: raw s16le at the declared rate, the text on standard input.
    sandbox.add_user_voice(
        "raw.toml",
        r#"id = "raw"
name = "Raw"
language = "vi"
gender = "male"
engine = "command"
[command]
program = "sh"
args = ["-c", "espeak-ng -v vi -s {wpm} --stdout | tail -c +45"]
format = "raw"
sample_rate = 22050
"#,
    );
    let (rate, raw, cues) = render(&sandbox, "vi-article.txt", "raw");
    let (_, wav, _) = render(&Sandbox::new(), "vi-article.txt", "vi-male-command");
    assert_eq!(rate, 22050);
    assert!(rms(&raw) > 500.0);
    assert!(
        raw.len().abs_diff(wav.len()) < wav.len() / 50,
        "{} vs {}",
        raw.len(),
        wav.len()
    );
    assert!(!cues.is_empty());
}

#[test]
fn voices_lists_command_voices_and_what_they_lack() {
    let sandbox = Sandbox::new();
    sandbox.add_user_voice(
        "gone.toml",
        &profile("gone", "docbao-no-such-program", "[]"),
    );
    let output = sandbox.run(&["voices"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = stdout(&output);
    let line = |id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} in\n{table}"))
            .to_string()
    };
    let builtin = line("vi-male-command");
    assert!(
        builtin.contains("command") && builtin.contains("yes"),
        "{builtin}"
    );
    let gone = line("gone");
    assert!(
        gone.contains("no: ") && gone.contains("'docbao-no-such-program' is not installed"),
        "{gone}"
    );
}

fn profile(id: &str, program: &str, args: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"{id}\"\nlanguage = \"vi\"\ngender = \"male\"\nengine = \"command\"\n\
         [command]\nprogram = \"{program}\"\nargs = {args}\ntimeout_secs = 2\n"
    )
}

/// Renders with a broken command voice: exit 1, one sentence naming the cause, no file, in
/// good time. Returns stderr.
fn fails(args: &str, program: &str) -> String {
    let sandbox = Sandbox::new();
    sandbox.add_user_voice("bad.toml", &profile("bad", program, args));
    let input = fixture("vi-article.txt");
    let started = Instant::now();
    let output = sandbox.run(&[
        "render",
        input.to_str().unwrap(),
        "--voice",
        "bad",
        "-o",
        "out.wav",
    ]);
    let err = stderr(&output);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("docbao: "), "{err}");
    assert!(
        err.lines().count() <= 2,
        "more than a sentence and a hint: {err}"
    );
    assert!(!sandbox.path("out.wav").exists());
    err
}

#[test]
fn missing_program_is_named() {
    let err = fails("[]", "docbao-no-such-program");
    assert!(
        err.contains("'docbao-no-such-program' is not installed"),
        "{err}"
    );
}

#[test]
fn failing_program_shows_its_exit_status_and_stderr() {
    let err = fails(
        r#"["-c", "echo 'model file vi.onnx missing' >&2; exit 3"]"#,
        "sh",
    );
    assert!(err.contains("exit status 3"), "{err}");
    assert!(err.contains("model file vi.onnx missing"), "{err}");
}

#[test]
fn garbage_output_is_not_audio() {
    let err = fails(r#"["-c", "echo this is not a wav file at all"]"#, "sh");
    assert!(err.contains("not WAV audio"), "{err}");
}

#[test]
fn silent_program_is_reported() {
    // A valid WAV of zeros: one second of 22 050 Hz silence.
    let err = fails(
        r#"["-c", "espeak-ng --stdout -v vi 'a' | head -c 44; head -c 44100 /dev/zero"]"#,
        "sh",
    );
    assert!(err.contains("only silence"), "{err}");
}

#[test]
fn hanging_program_is_stopped_by_the_timeout() {
    let err = fails(r#"["-c", "sleep 60"]"#, "sh");
    assert!(err.contains("within 2 s"), "{err}");
}

#[test]
fn command_voice_plays_on_the_sound_card() {
    let Some(sound) = common::sound::SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.path("text.txt"),
        "Xin chào các bạn. Hôm nay trời đẹp.",
    )
    .unwrap();
    let before = sound.samples().len();
    let mut command = sandbox.docbao();
    sound.connect(&mut command);
    let output = command
        .args(["read", "--plain", "--voice", "vi-male-command", "text.txt"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = stdout(&output);
    assert!(
        lines.contains("Xin chào các bạn.")
            && lines.contains("Hôm nay trời đẹp.")
            && lines.contains("finished"),
        "{lines}"
    );
    let heard = &sound.samples()[before..];
    let loud: Vec<usize> = (0..heard.len())
        .filter(|&i| heard[i].unsigned_abs() > 500)
        .collect();
    let (first, last) = (
        loud.first().copied().unwrap_or(0),
        loud.last().copied().unwrap_or(0),
    );
    let seconds = (last - first) as f64 / f64::from(common::sound::RATE);
    assert!(
        (1.0..4.0).contains(&seconds),
        "heard {seconds:.2} s of speech"
    );
    assert!(rms(&heard[first..=last]) > 300.0);
}
