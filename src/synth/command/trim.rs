//! Dropping the silence a program puts around a sentence, while streaming.
//!
//! docbao makes its own pauses between sentences (as the in-process engine's output has no
//! silence at either end), so a program's leading and trailing silence is dropped. Quiet
//! samples inside the sentence are held back until a louder one follows, so what was handed
//! on is always exactly the final samples.

/// Samples no louder than this are silence (as in the espeak engine).
const SILENCE: u16 = 16;

/// Streams samples with leading and trailing silence removed.
#[derive(Debug, Default)]
pub(crate) struct Trim {
    sounding: bool,
    held: Vec<i16>,
    kept: Vec<i16>,
}

impl Trim {
    /// Takes the next block; hands on what is certainly part of the sentence.
    pub(crate) fn push(&mut self, block: &[i16], on_audio: &mut dyn FnMut(&[i16])) {
        let mut block = block;
        if !self.sounding {
            let start = block
                .iter()
                .position(|s| s.unsigned_abs() > SILENCE)
                .unwrap_or(block.len());
            block = &block[start..];
            self.sounding = !block.is_empty();
        }
        match block.iter().rposition(|s| s.unsigned_abs() > SILENCE) {
            Some(last) => {
                let mut out = std::mem::take(&mut self.held);
                out.extend_from_slice(&block[..=last]);
                on_audio(&out);
                self.kept.extend_from_slice(&out);
                self.held.extend_from_slice(&block[last + 1..]);
            }
            None => self.held.extend_from_slice(block),
        }
    }

    /// Everything handed on: the sentence without its silent ends.
    pub(crate) fn finish(self) -> Vec<i16> {
        self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ends_go_and_the_middle_stays() {
        let mut trim = Trim::default();
        let mut streamed = Vec::new();
        for block in [&[0, 3, 0][..], &[500, 0, 0], &[-2, 0], &[-700, 1], &[0, 0]] {
            trim.push(block, &mut |b| streamed.extend_from_slice(b));
        }
        let kept = trim.finish();
        assert_eq!(kept, vec![500, 0, 0, -2, 0, -700]);
        assert_eq!(streamed, kept);
    }
}
