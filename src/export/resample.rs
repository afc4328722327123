//! A change of sample rate as the audio is made (rubato's FFT resampler), for encoders that
//! take only some rates (Opus: 8, 12, 16, 24 or 48 kHz; a voice speaks at 22.05 kHz).
//!
//! The resampler's start-up delay is dropped and its tail flushed, so what comes out lasts
//! exactly as long as what went in (to the nearest output sample).

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler as _};

/// Input frames per resampler call.
const CHUNK: usize = 1024;

/// Mono audio going from one sample rate to another, samples as `f32` in -1..1.
pub(crate) struct Resampler {
    fft: Fft<f32>,
    from: u32,
    to: u32,
    /// Input not resampled yet (less than one chunk between calls).
    pending: Vec<f32>,
    /// The resampler's output, before the start-up delay is dropped.
    scratch: Vec<f32>,
    /// Output frames of start-up delay still to drop.
    to_drop: usize,
    /// Input frames received.
    received: u64,
    /// Output frames handed out.
    produced: u64,
}

impl Resampler {
    /// A resampler from `from` to `to` samples per second.
    pub(crate) fn new(from: u32, to: u32) -> Result<Resampler, String> {
        let fft = Fft::<f32>::new(from as usize, to as usize, CHUNK, 1, FixedSync::Input)
            .map_err(|e| e.to_string())?;
        Ok(Resampler {
            scratch: vec![0.0; fft.output_frames_max()],
            to_drop: fft.output_delay(),
            fft,
            from,
            to,
            pending: Vec::with_capacity(2 * CHUNK),
            received: 0,
            produced: 0,
        })
    }

    /// Resamples `samples`, appending what is ready to `out`.
    pub(crate) fn push(&mut self, samples: &[f32], out: &mut Vec<f32>) -> Result<(), String> {
        self.received += samples.len() as u64;
        self.pending.extend_from_slice(samples);
        let mut used = 0;
        while self.pending.len() - used >= self.fft.input_frames_next() {
            used += self.step(used, None, out)?;
        }
        self.pending.drain(..used);
        Ok(())
    }

    /// Resamples what is left and appends it to `out`: in all, `received × to / from` samples.
    pub(crate) fn finish(mut self, out: &mut Vec<f32>) -> Result<(), String> {
        let total =
            (self.received * u64::from(self.to) + u64::from(self.from) / 2) / u64::from(self.from);
        let mut used = 0;
        while self.produced < total {
            let left = self.pending.len() - used;
            used += self.step(used, Some(left.min(self.fft.input_frames_next())), out)?;
        }
        out.truncate(out.len() - (self.produced - total) as usize);
        Ok(())
    }

    /// One resampler call on the pending input from `offset` (`partial`: that many frames,
    /// silence after them). Returns the input frames used.
    fn step(
        &mut self,
        offset: usize,
        partial: Option<usize>,
        out: &mut Vec<f32>,
    ) -> Result<usize, String> {
        let pending = &self.pending[offset..];
        let frames = partial.map_or(pending.len(), |p| p.min(pending.len()));
        let input =
            InterleavedSlice::new(&pending[..frames], 1, frames).map_err(|e| e.to_string())?;
        let len = self.scratch.len();
        let mut output =
            InterleavedSlice::new_mut(&mut self.scratch[..], 1, len).map_err(|e| e.to_string())?;
        let indexing = partial.map(|p| Indexing::new().partial_len(p));
        let (used, made) = self
            .fft
            .process_into_buffer(&input, &mut output, indexing.as_ref())
            .map_err(|e| e.to_string())?;
        let drop = self.to_drop.min(made);
        self.to_drop -= drop;
        out.extend_from_slice(&self.scratch[drop..made]);
        self.produced += (made - drop) as u64;
        Ok(used.min(frames))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_follows_the_rates_and_a_tone_stays_in_place() {
        for (from, to, len) in [
            (22050, 24000, 22050 * 3 + 17),
            (16000, 48000, 100),
            (44100, 24000, 5),
        ] {
            let tone: Vec<f32> = (0..len)
                .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / from as f32).sin() * 0.5)
                .collect();
            let mut resampler = Resampler::new(from, to).unwrap();
            let mut out = Vec::new();
            // In uneven pieces, as a voice hands them over.
            for piece in tone.chunks(777) {
                resampler.push(piece, &mut out).unwrap();
            }
            resampler.finish(&mut out).unwrap();
            let expected = (len as u64 * u64::from(to) + u64::from(from) / 2) / u64::from(from);
            assert_eq!(out.len() as u64, expected, "{from} → {to}");
            if len > 10_000 {
                // No delay left: sample i of the output is the tone at time i / to.
                let error: f32 = out[1000..2000]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let t = (i + 1000) as f32 / to as f32;
                        (s - (t * 440.0 * std::f32::consts::TAU).sin() * 0.5).abs()
                    })
                    .fold(0.0, f32::max);
                assert!(error < 0.01, "{error}");
            }
        }
    }
}
