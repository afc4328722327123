//! A Piper voice reading aloud hands over a long sentence's first audio as soon as the first
//! frames of its first clause are made, before the rest of the clause (and of the sentence) is
//! made; the sentence made piece by piece and chunk by chunk is whole, its word marks in
//! order, the same each time and the same as a render's (which makes each piece whole) to a
//! 16-bit step, and
//! without a silence at the cuts longer than a comma's pause.

mod common;

use common::sound::silences;
use docbao::{CancelToken, SynthError, Voice, Voices};

/// Three clauses, about 9 s of speech.
const SENTENCE: &str = "After two years of repairs, the old harbour bridge reopened to traffic on \
                        Friday morning, with wider footpaths, a new cycle lane and lights that dim \
                        late at night.";

fn joe() -> Option<Voice> {
    let model = common::piper::joe_voice()?;
    Some(Voices::builtin().find(model.to_str().unwrap()).unwrap())
}

#[test]
fn the_first_clause_is_heard_before_the_rest_is_made() {
    let Some(voice) = joe() else { return };
    let engine = docbao::synth::open(&voice).unwrap();
    let rate = engine.sample_rate();

    // Whole: every block, in order, and the marks.
    let mut blocks: Vec<usize> = Vec::new();
    let whole = engine
        .synthesize_streaming(SENTENCE, voice.rate_wpm, &CancelToken::new(), &mut |b| {
            blocks.push(b.len())
        })
        .unwrap();
    assert_eq!(blocks.iter().sum::<usize>(), whole.samples.len());
    let seconds = whole.samples.len() as f64 / f64::from(rate);
    assert!((4.0..12.0).contains(&seconds), "{seconds:.2} s");
    let words: Vec<&str> = whole
        .words
        .iter()
        .map(|w| &SENTENCE[w.text.clone()])
        .collect();
    assert_eq!(
        words.len(),
        SENTENCE.split_whitespace().count(),
        "{words:?}"
    );
    assert_eq!(words[0], "After");
    assert_eq!(*words.last().unwrap(), "night");
    assert!(whole.words.windows(2).all(|w| w[0].sample < w[1].sample));
    // A cut sounds like a comma's pause, not a stop.
    let inside = silences(&whole.samples, 300, 1)
        .into_iter()
        .filter(|&(start, len)| start > 0 && start + len < whole.samples.len())
        .map(|(_, len)| len)
        .max()
        .unwrap_or(0);
    let silence = inside as f64 * 1000.0 / f64::from(rate);
    assert!(
        silence < 450.0,
        "a silence of {silence:.0} ms inside the sentence"
    );

    // A render makes each piece whole, in one go: the same speech, to a 16-bit step at a
    // few samples (ONNX Runtime's sums are grouped differently for a shorter input).
    let render = docbao::synth::open_parallel(&voice, 2).unwrap();
    let rendered = render
        .synthesize(SENTENCE, voice.rate_wpm, &CancelToken::new())
        .unwrap();
    assert_eq!(rendered.samples.len(), whole.samples.len());
    let differ: Vec<(usize, i32)> = rendered
        .samples
        .iter()
        .zip(&whole.samples)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i, i32::from(*a) - i32::from(*b)))
        .collect();
    eprintln!(
        "a render differs from the reading at {} of {} samples",
        differ.len(),
        whole.samples.len()
    );
    assert!(
        differ.len() * 1000 < whole.samples.len() && differ.iter().all(|d| d.1.abs() <= 1),
        "a render differs at {} samples, the first {:?}, the largest {:?}",
        differ.len(),
        differ.first(),
        differ.iter().map(|d| d.1.abs()).max()
    );
    assert_eq!(rendered.words, whole.words);

    // Stopped as the first audio arrives: what came is the first chunk of the first clause
    // (its first 32 frames of 256 samples), and the rest was never made.
    let cancel = CancelToken::new();
    let mut first = Vec::new();
    let stopped = engine.synthesize_streaming(SENTENCE, voice.rate_wpm, &cancel, &mut |b| {
        first.extend_from_slice(b);
        cancel.cancel();
    });
    assert!(
        matches!(stopped, Err(SynthError::Cancelled)),
        "{:?}",
        stopped.map(|s| s.samples.len())
    );
    let first_seconds = first.len() as f64 / f64::from(rate);
    // (less the sentence's leading silence, of which 5 ms are kept)
    let chunk = 32 * 256;
    assert!(
        first.len() <= chunk && first.len() > chunk - rate as usize / 10,
        "first audio {first_seconds:.2} s"
    );
    let sound = whole.samples.iter().position(|s| s.abs() >= 16);
    assert_eq!(sound, Some(110), "the sentence's first sound");
    // And it is the start of the whole sentence, sample for sample.
    assert_eq!(first[..], whole.samples[..first.len()]);

    // Made again: the same samples.
    let again = engine
        .synthesize(SENTENCE, voice.rate_wpm, &CancelToken::new())
        .unwrap();
    assert_eq!(again.samples, whole.samples);
}
