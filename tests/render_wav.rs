//! `docbao render` writes a WAV that decodes, speaks, and lines up with its subtitles.

mod common;

use common::{Sandbox, decode, fixture, parse_cues, rms, stderr, stdout};

/// Renders `article` with the given extra arguments; returns (rate, samples, cues).
fn render(
    sandbox: &Sandbox,
    article: &str,
    subtitles: &str,
    extra: &[&str],
) -> (u32, Vec<i16>, Vec<common::Cue>) {
    let input = fixture(article);
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "-o",
        "out.wav",
        "--subtitles",
        subtitles,
    ];
    args.extend_from_slice(extra);
    let output = sandbox.run(&args);
    assert!(
        output.status.success(),
        "render failed: {}",
        stderr(&output)
    );
    let (rate, samples) = decode(&sandbox.path("out.wav"));
    let cues = parse_cues(&std::fs::read_to_string(sandbox.path(subtitles)).unwrap());
    (rate, samples, cues)
}

fn check_alignment(rate: u32, samples: &[i16], cues: &[common::Cue], sentences: &[String]) {
    assert_eq!(rate, 22050, "espeak-ng speaks at 22 050 Hz");
    assert!(
        rms(samples) > 500.0,
        "audio is (nearly) silent: rms {}",
        rms(samples)
    );
    // The audio ends with the last sentence: its length is the last cue's end.
    let length_ms = (samples.len() as u64 * 1000 + u64::from(rate) / 2) / u64::from(rate);
    assert_eq!(
        cues.last().unwrap().end_ms,
        length_ms,
        "last cue should end with the audio"
    );
    assert!(
        cues[0].start_ms < 100,
        "first cue starts late: {:?}",
        cues[0]
    );
    for pair in cues.windows(2) {
        assert!(pair[0].start_ms < pair[0].end_ms, "empty cue {:?}", pair[0]);
        assert!(
            pair[0].end_ms < pair[1].start_ms,
            "cues overlap or touch: {pair:?}"
        );
    }
    // One cue per sentence, in order, with the sentence's text.
    let texts: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        sentences.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Each cue holds speech: its middle is not silent.
    for cue in cues {
        let from = (cue.start_ms * u64::from(rate) / 1000) as usize;
        let to = ((cue.end_ms * u64::from(rate) / 1000) as usize).min(samples.len());
        assert!(rms(&samples[from..to]) > 300.0, "silent cue {cue:?}");
    }
}

fn sentences(sandbox: &Sandbox, article: &str) -> Vec<String> {
    let output = sandbox.run(&["segment", fixture(article).to_str().unwrap()]);
    assert!(output.status.success());
    stdout(&output).lines().map(String::from).collect()
}

#[test]
fn vietnamese_article_to_wav_and_srt() {
    let sandbox = Sandbox::new();
    let (rate, samples, cues) = render(&sandbox, "vi-article.txt", "out.srt", &[]);
    let expected = sentences(&sandbox, "vi-article.txt");
    assert_eq!(expected.len(), 10, "{expected:#?}");
    check_alignment(rate, &samples, &cues, &expected);
    // About 2.5 words a second at the normal rate: the fixture has ~150 words.
    let seconds = samples.len() as f64 / f64::from(rate);
    assert!(
        (40.0..90.0).contains(&seconds),
        "implausible length {seconds} s"
    );
}

#[test]
fn english_article_to_wav_and_vtt() {
    let sandbox = Sandbox::new();
    let (rate, samples, cues) = render(&sandbox, "en-article.txt", "out.vtt", &[]);
    let text = std::fs::read_to_string(sandbox.path("out.vtt")).unwrap();
    assert!(text.starts_with("WEBVTT\n\n"));
    check_alignment(
        rate,
        &samples,
        &cues,
        &sentences(&sandbox, "en-article.txt"),
    );
}

#[test]
fn faster_rate_gives_shorter_audio() {
    let sandbox = Sandbox::new();
    let (rate, normal, _) = render(&sandbox, "en-article.txt", "a.srt", &[]);
    let (_, fast, cues) = render(&sandbox, "en-article.txt", "b.srt", &["--rate", "2x"]);
    let ratio = fast.len() as f64 / normal.len() as f64;
    assert!(
        (0.4..0.65).contains(&ratio),
        "2× rate gave {ratio:.2} of the length"
    );
    let (_, wpm, _) = render(&sandbox, "en-article.txt", "c.srt", &["--rate", "500wpm"]);
    assert!(
        wpm.len() < fast.len(),
        "500 wpm should be faster than 2× (350 wpm)"
    );
    check_alignment(rate, &fast, &cues, &sentences(&sandbox, "en-article.txt"));
}

/// The library example and the binary, each in a fresh process, write the same audio and the
/// same subtitles. (Within one process espeak-ng carries state from one call to the next, so
/// the comparison needs two fresh processes.)
#[test]
fn the_library_example_writes_what_the_binary_writes() {
    let sandbox = Sandbox::new();
    let (_, samples, cues) = render(&sandbox, "vi-article.txt", "out.srt", &[]);
    let output = std::process::Command::new(common::sound::example_binary("render_article"))
        .arg(fixture("vi-article.txt"))
        .arg(sandbox.path("example.wav"))
        .env("XDG_CONFIG_HOME", sandbox.path("home/.config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("10 sentences"),
        "{}",
        stdout(&output)
    );
    let (_, from_example) = decode(&sandbox.path("example.wav"));
    assert_eq!(from_example.len(), samples.len());
    assert!(from_example == samples, "example and binary audio differ");
    let example_cues = parse_cues(&std::fs::read_to_string(sandbox.path("example.srt")).unwrap());
    assert_eq!(example_cues, cues);
}

#[test]
fn renders_from_standard_input_and_replaces_an_existing_file() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("out.wav"), b"old contents").unwrap();
    let output = sandbox.run_with_stdin(
        &["render", "-", "-o", "out.wav", "--quiet"],
        "Xin chào. Đây là một bài thử.".as_bytes(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        output.stderr.is_empty(),
        "--quiet printed: {}",
        stderr(&output)
    );
    let (_, samples) = decode(&sandbox.path("out.wav"));
    assert!(rms(&samples) > 500.0);
    assert!(
        sandbox.files().iter().all(|f| !f.ends_with(".part")),
        "temporary files left behind: {:?}",
        sandbox.files()
    );
}
