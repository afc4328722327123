//! `--subtitles-style lines` and `--words` (`--subtitles-style words`): a real article spoken
//! by espeak-ng, its subtitles written in each style as SubRip and WebVTT, read back and
//! checked against the sentences and the audio.

mod common;

use common::{Cue, Sandbox, decode, fixture, parse_cues, stderr, stdout};
use unicode_segmentation::UnicodeSegmentation as _;

const ARTICLE: &str = "vi-subtitles.txt";

/// Runs docbao (`render`, or `read -o`) on the article with `extra` arguments, writing
/// `out.wav` and `subtitles`; returns the cues and the audio's length in milliseconds.
fn write(sandbox: &Sandbox, command: &str, subtitles: &str, extra: &[&str]) -> (Vec<Cue>, u64) {
    let input = fixture(ARTICLE);
    let mut args = vec![
        command,
        input.to_str().unwrap(),
        "--voice",
        "vi-female",
        "-o",
        "out.wav",
        "--subtitles",
        subtitles,
    ];
    args.extend_from_slice(extra);
    let output = sandbox.run(&args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let text = std::fs::read_to_string(sandbox.path(subtitles)).unwrap();
    assert_eq!(text.starts_with("WEBVTT\n\n"), subtitles.ends_with(".vtt"));
    let (rate, samples) = decode(&sandbox.path("out.wav"));
    let length = (samples.len() as u64 * 1000 + u64::from(rate) / 2) / u64::from(rate);
    (parse_cues(&text), length)
}

fn tokens(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Tokens that hold a letter or a digit: the words a reader counts.
fn words(text: &str) -> usize {
    tokens(text)
        .iter()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// Splits `cues` by sentence: the cues whose words, in order, make up each sentence's. Checks
/// that no cue holds words of two sentences, and that every cue is in order, does not overlap
/// the one before and lies within its sentence (`sentences`: one cue per sentence).
fn by_sentence<'a>(cues: &'a [Cue], sentences: &[Cue]) -> Vec<&'a [Cue]> {
    for pair in cues.windows(2) {
        assert!(pair[0].end_ms <= pair[1].start_ms, "overlap: {pair:?}");
    }
    let mut groups = Vec::new();
    let mut next = 0;
    for sentence in sentences {
        let expected = tokens(&sentence.text);
        let first = next;
        let mut shown: Vec<&str> = Vec::new();
        while shown.len() < expected.len() && next < cues.len() {
            shown.extend(tokens(&cues[next].text));
            next += 1;
        }
        assert_eq!(shown, expected, "cues {:#?}", &cues[first..next]);
        for cue in &cues[first..next] {
            assert!(cue.start_ms <= cue.end_ms, "backwards cue {cue:?}");
            assert!(
                sentence.start_ms <= cue.start_ms && cue.end_ms <= sentence.end_ms,
                "cue {cue:?} outside its sentence {sentence:?}"
            );
        }
        groups.push(&cues[first..next]);
    }
    assert_eq!(next, cues.len(), "cues left over: {:#?}", &cues[next..]);
    groups
}

#[test]
fn each_style_shows_the_written_text_timed_from_the_audio() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["segment", fixture(ARTICLE).to_str().unwrap()]);
    assert!(output.status.success());
    let segmented: Vec<String> = stdout(&output).lines().map(String::from).collect();
    assert_eq!(segmented.len(), 7, "{segmented:#?}");

    // Sentences: one cue each, the reference for the others.
    let (sentences, length) = write(&sandbox, "render", "sentences.srt", &[]);
    let texts: Vec<&str> = sentences.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, segmented);
    assert_eq!(sentences.last().unwrap().end_ms, length);
    let written_words: usize = segmented.iter().map(|s| words(s)).sum();

    // Lines, as SubRip from `render` and as WebVTT from `read -o`: the same cues.
    let (lines, _) = write(
        &sandbox,
        "render",
        "lines.srt",
        &["--subtitles-style", "lines"],
    );
    let (lines_vtt, _) = write(
        &sandbox,
        "read",
        "lines.vtt",
        &["--subtitles-style", "lines"],
    );
    assert_eq!(lines, lines_vtt);
    assert!(lines.len() >= 12, "too few cues: {lines:#?}");
    for (group, sentence) in by_sentence(&lines, &sentences).iter().zip(&sentences) {
        // From the sentence's start to its end, without gaps.
        assert_eq!(group.first().unwrap().start_ms, sentence.start_ms);
        assert_eq!(group.last().unwrap().end_ms, sentence.end_ms);
        for pair in group.windows(2) {
            assert_eq!(pair[0].end_ms, pair[1].start_ms, "gap: {pair:?}");
        }
        for cue in *group {
            let rows: Vec<&str> = cue.text.lines().collect();
            assert!((1..=2).contains(&rows.len()), "{cue:?}");
            for row in rows {
                assert!(row.graphemes(true).count() <= 42, "long line: {cue:?}");
            }
            let ms = cue.end_ms - cue.start_ms;
            assert!(ms <= 7000, "cue of {ms} ms: {cue:?}");
            assert!(
                ms >= 1000 || group.len() == 1,
                "cue of {ms} ms in a sentence cut in {}: {cue:?}",
                group.len()
            );
        }
        if sentence.text.graphemes(true).count() > 84 {
            assert!(group.len() >= 2, "{sentence:?} in one cue");
        }
    }
    // The long sentences are cut after their commas and the dash, not inside clauses.
    let cut_inside: Vec<&Cue> = by_sentence(&lines, &sentences)
        .iter()
        .flat_map(|group| &group[..group.len() - 1])
        .filter(|c| c.text.ends_with(char::is_alphanumeric))
        .collect();
    assert!(
        cut_inside.len() <= 1,
        "cut inside a clause: {cut_inside:#?}"
    );

    // Words, as WebVTT and as SubRip through `--words`: the same cues.
    let (words_vtt, _) = write(
        &sandbox,
        "render",
        "words.vtt",
        &["--subtitles-style", "words"],
    );
    let (words_srt, _) = write(&sandbox, "render", "words.srt", &["--words"]);
    assert_eq!(words_vtt, words_srt);
    assert!(
        words_srt.len() * 100 >= written_words * 95 && words_srt.len() <= written_words,
        "{} word cues for {written_words} words",
        words_srt.len()
    );
    for (group, sentence) in by_sentence(&words_srt, &sentences).iter().zip(&sentences) {
        assert_eq!(group.last().unwrap().end_ms, sentence.end_ms);
        for pair in group.windows(2) {
            assert_eq!(pair[0].end_ms, pair[1].start_ms, "gap: {pair:?}");
        }
    }
    // `17/2` is said as four words (mười bảy tháng hai): its cue lasts longer than the
    // one-syllable words around it.
    let at = words_srt.iter().position(|c| c.text == "17/2,").unwrap();
    let ms = |c: &Cue| c.end_ms - c.start_ms;
    assert!(
        ms(&words_srt[at]) > 2 * ms(&words_srt[at - 1]).max(ms(&words_srt[at + 1])),
        "{:#?}",
        &words_srt[at - 1..=at + 1]
    );
}

#[test]
fn a_style_needs_subtitles_and_a_known_name() {
    let sandbox = Sandbox::new();
    let input = fixture(ARTICLE);
    let input = input.to_str().unwrap();
    for args in [
        &["render", input, "-o", "a.wav", "--subtitles-style", "lines"][..],
        &["render", input, "-o", "a.wav", "--words"],
        &[
            "render",
            input,
            "-o",
            "a.wav",
            "--subtitles",
            "a.srt",
            "--subtitles-style",
            "pretty",
        ],
        &[
            "render",
            input,
            "-o",
            "a.wav",
            "--subtitles",
            "a.srt",
            "--words",
            "--subtitles-style",
            "lines",
        ],
    ] {
        let output = sandbox.run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(sandbox.files(), ["home"], "{args:?} wrote files");
    }
}
