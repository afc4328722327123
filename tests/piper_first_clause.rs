//! A Piper voice hands over a long sentence's first clause as soon as it is made, before the
//! rest of the sentence is made; the sentence made piece by piece is whole, its word marks in
//! order, the same each time, and without a silence at the cuts longer than a comma's pause.

mod common;

use common::sound::silences;
use docbao::{CancelToken, SynthError, Voice, Voices};

/// Three clauses, about 7 s of speech.
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

    // Stopped as the first audio arrives: what came is the first clause only, and the rest
    // was never made.
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
    assert!(
        first_seconds > 0.8 && first_seconds < seconds / 3.0,
        "first piece {first_seconds:.2} s of {seconds:.2} s"
    );
    // And it is the start of the whole sentence, sample for sample.
    assert_eq!(first[..], whole.samples[..first.len()]);

    // Made again: the same samples.
    let again = engine
        .synthesize(SENTENCE, voice.rate_wpm, &CancelToken::new())
        .unwrap();
    assert_eq!(again.samples, whole.samples);
}
