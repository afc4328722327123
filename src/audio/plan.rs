//! The player's timeline: every sentence with its audio once synthesized, or an estimated
//! length until then, and the designed pauses between them. Maps times to positions and back.

use std::sync::Arc;

use crate::article::BlockKind;
use crate::audio::timeline::Pauses;
use crate::synth::WordMark;
use crate::text::Sentence;

/// A sentence's audio at the current rate.
#[derive(Clone, Debug)]
pub(crate) enum Audio {
    /// Not synthesized (at this rate) yet.
    Missing,
    /// Being synthesized: what has arrived so far.
    Partial(Vec<i16>),
    /// Complete.
    Ready(Arc<[i16]>),
    /// Was complete and was dropped to save memory; its length is still exact.
    Dropped(u64),
}

/// A sentence in the player's timeline.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    pub sentence: Sentence,
    pub spoken: String,
    pub kind: BlockKind,
    pub audio: Audio,
    /// Where each word starts in `audio` (when ready).
    pub words: Vec<WordMark>,
    /// Length the rate alone predicts, in samples, before calibration.
    prior: f64,
}

impl Slot {
    /// Whether its length is exact.
    pub fn is_exact(&self) -> bool {
        matches!(self.audio, Audio::Ready(_) | Audio::Dropped(_))
    }

    /// Samples of audio available to play now.
    pub fn available(&self) -> &[i16] {
        match &self.audio {
            Audio::Partial(samples) => samples,
            Audio::Ready(samples) => samples,
            Audio::Missing | Audio::Dropped(_) => &[],
        }
    }
}

/// Where playback is: a slot and an offset into it (its speech, then the pause after it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cursor {
    pub slot: usize,
    pub offset: u64,
    /// After a rate change, or when starting at a saved place: resume at the word at this
    /// byte of the slot's spoken text once the slot is synthesized (again).
    pub resume_text: Option<usize>,
    /// A time asked for (seek, start) while the sentences before it were still estimated:
    /// the cursor is placed again at this timeline sample as they become exact.
    pub anchor: Option<u64>,
    /// The offset was placed in this estimated length of the slot's speech: it is scaled to
    /// the real length when the audio comes, keeping the same proportion.
    pub estimate: Option<u64>,
}

impl Cursor {
    /// Whether playback must wait before playing from here: the exact place is not known yet.
    pub fn is_settled(&self) -> bool {
        self.resume_text.is_none() && self.anchor.is_none() && self.estimate.is_none()
    }
}

/// Every spoken sentence in order, with exact or estimated lengths.
pub(crate) struct Plan {
    pub slots: Vec<Slot>,
    pub sample_rate: u32,
    /// The pause after each slot at the current rate (0 after the last).
    gaps: Vec<u64>,
    /// Calibration: exact length ÷ prior, over the slots synthesized at this rate.
    exact_sum: f64,
    prior_sum: f64,
}

impl Plan {
    /// A plan for `sentences` (with their spoken text and block kind) at `wpm`, `speedup` times
    /// the voice's normal rate.
    pub fn new(
        sentences: Vec<(Sentence, String, BlockKind)>,
        sample_rate: u32,
        wpm: u32,
        speedup: f64,
        pauses: &Pauses,
    ) -> Plan {
        let slots = sentences
            .into_iter()
            .map(|(sentence, spoken, kind)| Slot {
                prior: prior(&spoken, wpm, sample_rate),
                sentence,
                spoken,
                kind,
                audio: Audio::Missing,
                words: Vec::new(),
            })
            .collect();
        let mut plan = Plan {
            slots,
            sample_rate,
            gaps: Vec::new(),
            exact_sum: 0.0,
            prior_sum: 0.0,
        };
        plan.set_rate(wpm, speedup, pauses);
        plan
    }

    /// Forgets all audio and re-estimates for a new rate.
    pub fn set_rate(&mut self, wpm: u32, speedup: f64, pauses: &Pauses) {
        for slot in &mut self.slots {
            slot.audio = Audio::Missing;
            slot.words.clear();
            slot.prior = prior(&slot.spoken, wpm, self.sample_rate);
        }
        // The ratio of real to predicted length does not depend much on the rate: keep it.
        self.gaps = (0..self.slots.len())
            .map(|i| match self.slots.get(i + 1) {
                Some(next) => pauses.between(
                    (&self.slots[i].sentence, self.slots[i].kind),
                    &next.sentence,
                    speedup,
                    self.sample_rate,
                ),
                None => 0,
            })
            .collect();
    }

    fn ratio(&self) -> f64 {
        if self.prior_sum > 0.0 {
            self.exact_sum / self.prior_sum
        } else {
            1.0
        }
    }

    /// Length of a slot's speech: exact, or estimated (never less than what has arrived).
    pub fn speech_len(&self, index: usize) -> u64 {
        let slot = &self.slots[index];
        match &slot.audio {
            Audio::Ready(samples) => samples.len() as u64,
            Audio::Dropped(len) => *len,
            Audio::Partial(samples) => {
                ((slot.prior * self.ratio()) as u64).max(samples.len() as u64 + 1)
            }
            Audio::Missing => ((slot.prior * self.ratio()) as u64).max(1),
        }
    }

    /// Length of a slot with the pause after it.
    pub fn span_len(&self, index: usize) -> u64 {
        self.speech_len(index) + self.gaps[index]
    }

    /// Where every slot starts on the timeline, and (last) where the timeline ends.
    pub fn starts(&self) -> Vec<u64> {
        let mut starts = Vec::with_capacity(self.slots.len() + 1);
        let mut start = 0;
        starts.push(0);
        for index in 0..self.slots.len() {
            start += self.span_len(index);
            starts.push(start);
        }
        starts
    }

    /// Where slot `index` starts on the timeline.
    pub fn start_of(&self, index: usize) -> u64 {
        (0..index.min(self.slots.len()))
            .map(|i| self.span_len(i))
            .sum()
    }

    /// Length of the whole reading, and whether any part of it is estimated.
    pub fn total(&self) -> (u64, bool) {
        let len = (0..self.slots.len()).map(|i| self.span_len(i)).sum();
        (len, self.slots.iter().any(|s| !s.is_exact()))
    }

    /// The position `sample` of the timeline points at. While any sentence up to it is
    /// still estimated, the cursor keeps `sample` as its anchor, to be placed again.
    pub fn locate(&self, sample: u64) -> Cursor {
        let mut start = 0;
        let mut exact = true;
        for index in 0..self.slots.len() {
            let span = self.span_len(index);
            exact &= self.slots[index].is_exact();
            if sample < start + span {
                let offset = sample - start;
                return Cursor {
                    slot: index,
                    offset,
                    resume_text: None,
                    anchor: (!exact).then_some(sample),
                    estimate: None,
                };
            }
            start += span;
        }
        let last = self.slots.len().saturating_sub(1);
        Cursor {
            slot: last,
            offset: self.span_len(last),
            resume_text: None,
            anchor: (!exact).then_some(sample),
            estimate: None,
        }
    }

    /// The position `sample` points at by the lengths known now, at once: where a sentence
    /// is still estimated, the offset is kept in proportion when it becomes exact. (Fast; a
    /// seek beyond what is synthesized then waits only for the sentence it lands in.)
    pub fn estimate(&self, sample: u64) -> Cursor {
        let mut start = 0;
        for index in 0..self.slots.len() {
            let span = self.span_len(index);
            if sample < start + span {
                let offset = sample - start;
                let estimated = offset > 0 && !self.slots[index].is_exact();
                return Cursor {
                    slot: index,
                    offset,
                    resume_text: None,
                    anchor: None,
                    estimate: estimated.then(|| self.speech_len(index)),
                };
            }
            start += span;
        }
        let last = self.slots.len().saturating_sub(1);
        Cursor {
            offset: self.span_len(last),
            ..self.at_slot(last)
        }
    }

    /// The start of slot `index`: exact whatever the lengths before it turn out to be.
    pub fn at_slot(&self, index: usize) -> Cursor {
        Cursor {
            slot: index.min(self.slots.len().saturating_sub(1)),
            offset: 0,
            resume_text: None,
            anchor: None,
            estimate: None,
        }
    }

    /// Stores a sentence's finished audio, updates the calibration and returns the cursor,
    /// placed again if it waited for this: at its anchor time, or at its resume word.
    pub fn complete(
        &mut self,
        index: usize,
        samples: Vec<i16>,
        words: Vec<WordMark>,
        mut cursor: Cursor,
    ) -> Cursor {
        let slot = &mut self.slots[index];
        self.exact_sum += samples.len() as f64;
        self.prior_sum += slot.prior;
        slot.audio = Audio::Ready(samples.into());
        slot.words = words;
        if let Some(anchor) = cursor.anchor {
            return self.locate(anchor);
        }
        if cursor.slot != index {
            return cursor;
        }
        if let Some(byte) = cursor.resume_text.take() {
            cursor.offset = self
                .word_at_text(index, byte)
                .map_or(0, |w| self.slots[index].words[w].sample as u64);
        } else if let Some(estimate) = cursor.estimate.take() {
            let exact = self.speech_len(index);
            cursor.offset = if cursor.offset < estimate {
                (cursor.offset as f64 * exact as f64 / estimate.max(1) as f64) as u64
            } else {
                exact + (cursor.offset - estimate)
            };
        }
        cursor
    }

    /// The word of slot `index` at byte `byte` of its spoken text: the last one starting at
    /// or before it.
    pub fn word_at_text(&self, index: usize, byte: usize) -> Option<usize> {
        let words = &self.slots[index].words;
        words
            .partition_point(|w| w.text.start <= byte)
            .checked_sub(1)
    }

    /// The word of slot `index` being spoken at `offset`, if any.
    pub fn word_at(&self, index: usize, offset: u64) -> Option<usize> {
        let words = &self.slots[index].words;
        let after = words.partition_point(|w| w.sample as u64 <= offset);
        after.checked_sub(1)
    }
}

/// Predicted length of `spoken` at `wpm`: its words at that pace.
fn prior(spoken: &str, wpm: u32, sample_rate: u32) -> f64 {
    let words = spoken.split_whitespace().count().max(1) as f64;
    words * 60.0 / f64::from(wpm.max(1)) * f64::from(sample_rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(texts: &[&str]) -> Plan {
        let sentences = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    Sentence {
                        index: i,
                        block: i,
                        span: 0..t.len(),
                        text: t.to_string(),
                    },
                    t.to_string(),
                    BlockKind::Paragraph,
                )
            })
            .collect();
        // 60 wpm at 100 Hz: 100 samples a word; 700 ms paragraph pauses are 70 samples.
        Plan::new(sentences, 100, 60, 1.0, &Pauses::default())
    }

    #[test]
    fn estimates_until_exact_then_calibrates() {
        let mut p = plan(&["one two", "three four five", "six"]);
        assert_eq!(p.total(), (200 + 70 + 300 + 70 + 100, true));
        let cursor = p.locate(0);
        // The first sentence came out twice as long as predicted: the others are re-estimated.
        let cursor = p.complete(0, vec![1; 400], vec![], cursor);
        assert_eq!(cursor.offset, 0);
        assert_eq!(p.speech_len(1), 600);
        assert_eq!(p.total(), (400 + 70 + 600 + 70 + 200, true));
        assert_eq!(p.start_of(2), 400 + 70 + 600 + 70);
    }

    #[test]
    fn locate_in_speech_in_a_pause_and_past_the_end() {
        let mut p = plan(&["one two", "three four five", "six"]);
        let cursor = p.complete(0, vec![1; 200], vec![], p.at_slot(0));
        let cursor = p.complete(1, vec![1; 300], vec![], cursor);
        p.complete(2, vec![1; 100], vec![], cursor);
        let cursor = p.locate(270 + 150);
        assert_eq!((cursor.slot, cursor.offset, cursor.anchor), (1, 150, None));
        // In the pause after a sentence.
        let cursor = p.locate(p.start_of(1) + 300 + 10);
        assert_eq!((cursor.slot, cursor.offset), (1, 310));
        // Past the end: the end of the last slot.
        let end = p.locate(1_000_000);
        assert_eq!((end.slot, end.offset), (2, p.span_len(2)));
    }

    #[test]
    fn an_estimated_place_keeps_its_proportion() {
        let mut p = plan(&["one two", "three four five", "six"]);
        // Slot 1 is estimated at 300 samples; 150 in is half way.
        let cursor = p.estimate(270 + 150);
        assert_eq!(
            (cursor.slot, cursor.offset, cursor.estimate),
            (1, 150, Some(300))
        );
        let cursor = p.complete(1, vec![1; 600], vec![], cursor);
        assert_eq!((cursor.offset, cursor.estimate), (300, None));
        assert!(cursor.is_settled());
        // In the pause after an estimated sentence: the same distance after its real end.
        let mut p = plan(&["one two", "three four five", "six"]);
        let cursor = p.estimate(270 + 310);
        let cursor = p.complete(1, vec![1; 600], vec![], cursor);
        assert_eq!(cursor.offset, 610);
    }

    #[test]
    fn a_time_asked_for_is_placed_again_as_lengths_become_exact() {
        let mut p = plan(&["one two", "three four five", "six"]);
        // 300 samples in: the estimate says slot 1, 30 samples in.
        let cursor = p.locate(300);
        assert_eq!(
            (cursor.slot, cursor.offset, cursor.anchor),
            (1, 30, Some(300))
        );
        assert!(!cursor.is_settled());
        // The first sentence is longer than thought: 300 is still inside it.
        let cursor = p.complete(0, vec![1; 350], vec![], cursor);
        assert_eq!((cursor.slot, cursor.offset, cursor.anchor), (0, 300, None));
        assert!(cursor.is_settled());
        // A sentence start stays that sentence's start.
        let cursor = p.at_slot(2);
        assert_eq!((cursor.slot, cursor.offset, cursor.anchor), (2, 0, None));
    }

    #[test]
    fn resume_at_a_word_after_a_rate_change_or_at_a_saved_place() {
        let mut p = plan(&["one two three"]);
        let cursor = Cursor {
            slot: 0,
            offset: 0,
            resume_text: Some(9),
            anchor: None,
            estimate: None,
        };
        let words = vec![
            WordMark {
                sample: 0,
                text: 0..3,
            },
            WordMark {
                sample: 50,
                text: 4..7,
            },
            WordMark {
                sample: 90,
                text: 8..13,
            },
        ];
        let cursor = p.complete(0, vec![1; 120], words, cursor);
        assert_eq!((cursor.offset, cursor.resume_text), (90, None));
        assert_eq!(p.word_at(0, 60), Some(1));
        assert_eq!(p.word_at_text(0, 4), Some(1));
        assert_eq!(p.word_at_text(0, 6), Some(1));
        assert_eq!(p.word_at_text(0, 99), Some(2));
    }
}
