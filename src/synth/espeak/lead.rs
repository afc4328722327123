//! Where an utterance's sound starts: libespeak-ng begins each one with silence, then often
//! with a few ms of sound too quiet to hear (breath, the faint start of an /h/, around
//! −55 dBFS). docbao puts its own pauses between sentences, so both are dropped, keeping
//! [`LEAD_KEEP`] before the first audible sample: a reading sounds sooner, and a render has
//! no stray near-silence at each sentence's start. Reading and render cut the same way.

/// Samples this quiet are silence (−66 dBFS).
const SILENCE: u16 = 16;
/// The first sample louder than this is heard (−41 dBFS, a fricative's quietest part is
/// louder).
const AUDIBLE: u16 = 300;
/// Samples kept before the first audible one: 5 ms at 22,050 Hz.
const LEAD_KEEP: usize = 110;
/// The most quiet sound held back while looking for the first audible sample (200 ms): an
/// utterance that stays quieter than that longer is kept whole from its first sound.
const LEAD_MOST: usize = 4410;

/// Cuts the start of one utterance, block by block.
#[derive(Debug, Default)]
pub(super) struct Lead {
    /// Quiet sound held back, from the first sample louder than [`SILENCE`].
    held: Vec<i16>,
    /// The rest passes through.
    started: bool,
    /// Samples dropped.
    skipped: usize,
}

impl Lead {
    /// Hands what is kept of `block` to `emit`.
    pub(super) fn feed<E>(
        &mut self,
        block: &[i16],
        emit: &mut dyn FnMut(&[i16]) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.started {
            return emit(block);
        }
        let mut block = block;
        if self.held.is_empty() {
            let sound = block
                .iter()
                .position(|s| s.unsigned_abs() > SILENCE)
                .unwrap_or(block.len());
            self.skipped += sound;
            block = &block[sound..];
        }
        match block.iter().position(|s| s.unsigned_abs() > AUDIBLE) {
            Some(at) => {
                self.held.extend_from_slice(&block[..at]);
                let cut = self.held.len().saturating_sub(LEAD_KEEP);
                self.skipped += cut;
                self.started = true;
                let held = std::mem::take(&mut self.held);
                emit(&held[cut..])?;
                emit(&block[at..])
            }
            None => {
                self.held.extend_from_slice(block);
                if self.held.len() >= LEAD_MOST {
                    self.started = true;
                    let held = std::mem::take(&mut self.held);
                    emit(&held)?;
                }
                Ok(())
            }
        }
    }

    /// The end of the utterance: a quiet start never followed by anything audible is kept.
    pub(super) fn finish<E>(
        &mut self,
        emit: &mut dyn FnMut(&[i16]) -> Result<(), E>,
    ) -> Result<(), E> {
        let held = std::mem::take(&mut self.held);
        self.started = true;
        if held.is_empty() { Ok(()) } else { emit(&held) }
    }

    /// Samples dropped from the start.
    pub(super) fn skipped(&self) -> usize {
        self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(blocks: &[Vec<i16>]) -> (Vec<i16>, usize) {
        let mut lead = Lead::default();
        let mut kept = Vec::new();
        let mut emit = |b: &[i16]| -> Result<(), ()> {
            kept.extend_from_slice(b);
            Ok(())
        };
        for block in blocks {
            lead.feed(block, &mut emit).unwrap();
        }
        lead.finish(&mut emit).unwrap();
        (kept, lead.skipped())
    }

    #[test]
    fn silence_and_quiet_sound_go_five_ms_before_the_first_audible_sample() {
        let mut first = vec![0; 500];
        first.extend(std::iter::repeat_n(40, 300));
        let mut second = vec![-50; 100];
        second.extend([1000, 2000, 3]);
        let (kept, skipped) = cut(&[first, second]);
        assert_eq!(skipped, 500 + 400 - LEAD_KEEP);
        assert_eq!(kept.len(), LEAD_KEEP + 3);
        assert_eq!(kept[LEAD_KEEP..], [1000, 2000, 3]);
        assert_eq!((kept[0], kept[10]), (40, -50));
    }

    #[test]
    fn a_loud_start_loses_only_its_silence() {
        let (kept, skipped) = cut(&[vec![0, 5, 0, 20, 400, 0, 0]]);
        assert_eq!((kept, skipped), (vec![20, 400, 0, 0], 3));
    }

    #[test]
    fn a_start_that_stays_quiet_is_kept_from_its_first_sound() {
        let quiet: Vec<i16> = (0..LEAD_MOST + 100).map(|i| (i % 200) as i16).collect();
        let (kept, skipped) = cut(&[quiet.clone(), vec![5000]]);
        assert_eq!(skipped, 17); // 0..=16 are silence
        assert_eq!(kept.len(), quiet.len() - 17 + 1);
        let (kept, skipped) = cut(&[vec![0, 0, 100, 200]]);
        assert_eq!((kept, skipped), (vec![100, 200], 2));
        assert_eq!(cut(&[vec![0; 50]]), (vec![], 50));
    }
}
