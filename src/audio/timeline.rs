//! Where every sentence starts and ends, in samples, and the pauses designed between them.

use std::ops::Range;
use std::time::Duration;

use crate::article::BlockKind;
use crate::text::Sentence;

/// Silence placed between sentences, at the voice's normal rate. Faster reading shortens the
/// pauses in proportion, so a listener at 3× does not wait as long as one at 1×.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pauses {
    /// Between two sentences of a paragraph.
    pub sentence: Duration,
    /// Between paragraphs.
    pub paragraph: Duration,
    /// After the title and after a section heading.
    pub title: Duration,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence: Duration::from_millis(350),
            paragraph: Duration::from_millis(700),
            title: Duration::from_millis(1000),
        }
    }
}

impl Pauses {
    /// The pause between `previous` and `next`, in samples, for speech `speedup` times the
    /// voice's normal rate.
    pub fn between(
        &self,
        previous: (&Sentence, BlockKind),
        next: &Sentence,
        speedup: f64,
        sample_rate: u32,
    ) -> u64 {
        let pause = if previous.0.block == next.block {
            self.sentence
        } else if matches!(previous.1, BlockKind::Title | BlockKind::Heading) {
            self.title
        } else {
            self.paragraph
        };
        (pause.as_secs_f64() / speedup.max(0.1) * f64::from(sample_rate)).round() as u64
    }
}

/// A word of a sentence in time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedWord {
    /// First sample of the word, from the start of the whole reading.
    pub start: u64,
    /// Byte range of the word in [`TimedSentence::spoken`].
    pub spoken: Range<usize>,
}

/// A sentence placed in time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedSentence {
    /// The sentence as segmented (index, block, source span, display text).
    pub sentence: Sentence,
    /// Exactly what the engine spoke.
    pub spoken: String,
    /// First sample of the sentence's speech.
    pub start: u64,
    /// One past its last sample (the pause after it is not included).
    pub end: u64,
    /// Where each word starts.
    pub words: Vec<TimedWord>,
}

/// Every spoken sentence, in order, with its place in the audio.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Samples per second.
    pub sample_rate: u32,
    /// The sentences, in order; they never overlap.
    pub sentences: Vec<TimedSentence>,
    /// Length of the whole reading in samples; it ends with the last sentence.
    pub len: u64,
}

impl Timeline {
    /// Converts a sample offset to time.
    pub fn time_of(&self, sample: u64) -> Duration {
        if self.sample_rate == 0 {
            return Duration::ZERO;
        }
        Duration::from_secs(sample / u64::from(self.sample_rate))
            + Duration::from_nanos(
                (sample % u64::from(self.sample_rate)) * 1_000_000_000
                    / u64::from(self.sample_rate),
            )
    }

    /// Length of the whole reading.
    pub fn duration(&self) -> Duration {
        self.time_of(self.len)
    }

    /// The sentence being spoken at `sample`, or the one the pause at `sample` leads to.
    pub fn sentence_at(&self, sample: u64) -> Option<&TimedSentence> {
        let after = self.sentences.partition_point(|s| s.end <= sample);
        self.sentences.get(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(index: usize, block: usize) -> Sentence {
        Sentence {
            index,
            block,
            span: 0..0,
            text: String::new(),
        }
    }

    #[test]
    fn pauses_depend_on_the_boundary_and_the_speed() {
        let pauses = Pauses::default();
        let (a, b, c) = (sentence(0, 0), sentence(1, 0), sentence(2, 1));
        assert_eq!(
            pauses.between((&a, BlockKind::Paragraph), &b, 1.0, 1000),
            350
        );
        assert_eq!(
            pauses.between((&b, BlockKind::Paragraph), &c, 1.0, 1000),
            700
        );
        assert_eq!(pauses.between((&b, BlockKind::Title), &c, 1.0, 1000), 1000);
        assert_eq!(
            pauses.between((&b, BlockKind::Paragraph), &c, 2.0, 1000),
            350
        );
    }

    #[test]
    fn finds_sentences_by_sample() {
        let timed = |index, start, end| TimedSentence {
            sentence: sentence(index, 0),
            spoken: String::new(),
            start,
            end,
            words: vec![],
        };
        let timeline = Timeline {
            sample_rate: 100,
            sentences: vec![timed(0, 0, 100), timed(1, 150, 250)],
            len: 250,
        };
        assert_eq!(timeline.sentence_at(0).unwrap().sentence.index, 0);
        assert_eq!(timeline.sentence_at(120).unwrap().sentence.index, 1);
        assert_eq!(timeline.sentence_at(249).unwrap().sentence.index, 1);
        assert!(timeline.sentence_at(250).is_none());
        assert_eq!(timeline.duration(), Duration::from_millis(2500));
        assert_eq!(timeline.time_of(1), Duration::from_millis(10));
    }
}
