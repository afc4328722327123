//! The `piper` engine: Piper neural voices (VITS models in ONNX) run in process with ONNX
//! Runtime, which is loaded at run time (see [`runtime`] for where it is looked for).
//!
//! Text becomes IPA through libespeak-ng on its engine thread (the voice's espeak-ng voice,
//! clause by clause, punctuation kept as Piper voices were trained), IPA becomes ids with the
//! voice's `phoneme_id_map`, and the model makes the audio, a sentence in pieces cut at its
//! clauses so that the first is heard while the rest is made (see `pieces.rs`); for a
//! reading, the first piece's audio is itself made in chunks of the model's latent frames, so
//! that its first 0.37 s are heard before the rest of the piece is made (the model is cut in
//! parts before its flow and its decoder for that; see `graph.rs`). The model is loaded once
//! per engine and reused, on inference threads of their own (see `worker.rs`); for a reading,
//! at a lower priority, so they never hold up the audio thread. Output is reproducible and word marks
//! are exact (the model's graph is edited when it is loaded). The voice's loudness is
//! measured once and kept (see `gain.rs`), and a sentence's leading silence is cut to 5 ms.

mod config;
mod gain;
mod graph;
mod model;
mod phonemes;
mod pieces;
pub mod runtime;
mod worker;

use self::config::{Inference, VoiceConfig};
use self::gain::Gain;
use self::model::{Model, Prepared};
use self::worker::Worker;
use super::{Engine, Speech, SynthError, WordMark};
use crate::cancel::CancelToken;
use crate::voice::{PiperSettings, Speaker, Voice};

pub(crate) const NAME: &str = "piper";

/// Where a missing library or voice is explained.
const HINT: &str = "see the section \"Neural voices\" in docbao's README";

/// A Piper voice, loaded and ready to speak.
pub(crate) struct PiperEngine {
    config: VoiceConfig,
    worker: Worker,
    scales: Inference,
    speaker: i64,
    /// The profile's normal rate: at this rate the voice's own length scale is used.
    rate_wpm: u32,
    /// The voice's loudness (see `gain.rs`).
    gain: Gain,
    /// For a reading: the latent frames of a sentence's first piece are decoded in chunks,
    /// the first this long, so that it is heard before the whole piece is made.
    first_chunk: Option<usize>,
}

/// Latent frames in the first chunk of a sentence read aloud: 32 frames of 256 samples are
/// 0.37 s at 22 050 Hz, made in a third of the time of a 1.7 s clause's whole decoder.
const FIRST_CHUNK: usize = 32;

fn unavailable(reason: String) -> SynthError {
    SynthError::Unavailable {
        engine: NAME,
        reason: format!("{reason}; {HINT}"),
    }
}

impl PiperEngine {
    /// Starts ONNX Runtime if needed, reads the voice's configuration and loads its model,
    /// with `threads` inference threads (sessions): sentences asked for at once are made at
    /// once, up to that many. With `yields` (a reading), the threads give way to the rest of
    /// the process once they have made their first audio (see `worker.rs`), and the first
    /// audio of a sentence comes before the rest of its first piece is made.
    pub(crate) fn open(voice: &Voice, threads: usize, yields: bool) -> Result<Self, SynthError> {
        let Some(settings) = &voice.piper else {
            return Err(SynthError::NoSuchVoice {
                engine: NAME,
                voice: format!("(profile {} has no [piper] table)", voice.id),
            });
        };
        let model_path = settings.model_path(&voice.origin);
        if !model_path.is_file() {
            return Err(unavailable(format!(
                "the voice model {} does not exist",
                model_path.display()
            )));
        }
        let config =
            VoiceConfig::load(&PiperSettings::config_path(&model_path)).map_err(unavailable)?;
        runtime::start().map_err(|e| unavailable(e.to_string()))?;
        crate::trace::mark("piper: runtime started");
        let speaker = match &settings.speaker {
            None => Ok(0),
            Some(Speaker::Id(id)) => config.speaker(&id.to_string()),
            Some(Speaker::Name(name)) => config.speaker(name),
        }
        .map_err(|e| unavailable(e.to_string()))?;
        // The espeak-ng voice that makes the phonemes must exist.
        super::espeak::phonemes("", &config.espeak_voice)?;
        let prepared = std::sync::Arc::new(Prepared::read(&model_path).map_err(unavailable)?);
        // A render's other sessions are made beside this one, not after it.
        let mut worker = Worker::start(&prepared, threads.saturating_sub(1), yields);
        let mut model = Model::new(&prepared).map_err(unavailable)?;
        crate::trace::mark("piper: session ready");
        let scales = Inference {
            noise_scale: settings.noise_scale.unwrap_or(config.inference.noise_scale),
            length_scale: settings
                .length_scale
                .unwrap_or(config.inference.length_scale),
            noise_w: settings.noise_w.unwrap_or(config.inference.noise_w),
        };
        let speaker = if model.multi_speaker() { speaker } else { 0 };
        let gain = calibrate(&mut model, &model_path, &config, scales, speaker)?;
        worker.adopt(model).map_err(unavailable)?;
        Ok(PiperEngine {
            speaker,
            gain,
            first_chunk: yields.then_some(FIRST_CHUNK),
            config,
            worker,
            scales,
            rate_wpm: voice.rate_wpm.max(1),
        })
    }
}

impl Engine for PiperEngine {
    fn sample_rate(&self) -> u32 {
        self.config.sample_rate
    }

    fn parallelism(&self) -> usize {
        self.worker.threads()
    }

    fn synthesize_streaming(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
        on_audio: &mut dyn FnMut(&[i16]),
    ) -> Result<Speech, SynthError> {
        let speech = Speech {
            sample_rate: self.config.sample_rate,
            ..Speech::default()
        };
        if cancel.is_cancelled() {
            return Err(SynthError::Cancelled);
        }
        let clauses = super::espeak::phonemes(text, &self.config.espeak_voice)?;
        if clauses.is_empty() {
            return Ok(speech);
        }
        let scales = Inference {
            length_scale: (self.scales.length_scale * self.rate_wpm as f32
                / rate_wpm.max(1) as f32)
                .clamp(0.05, 20.0),
            ..self.scales
        };
        // Made piece by piece (see `pieces.rs`), each heard as soon as it is made.
        let lengths: Vec<usize> = clauses
            .iter()
            .map(|c| c.phonemes.chars().count().max(1))
            .collect();
        let pieces = pieces::plan(&lengths);
        // A cut is a comma's pause, as long as one said inside a sentence at this speed.
        let pause = (CUT_PAUSE * scales.length_scale / self.scales.length_scale.max(0.01)
            * self.config.sample_rate as f32) as usize;
        let inputs: Vec<_> = pieces
            .iter()
            .map(|piece| phonemes::to_input(text, &clauses[piece.clone()], &self.config))
            .collect();
        let failed = |reason| {
            if cancel.is_cancelled() {
                SynthError::Cancelled
            } else {
                SynthError::Failed {
                    engine: NAME,
                    reason,
                }
            }
        };
        // A sentence's first piece read aloud is heard as its first frames are made; a later
        // one is made while the pieces before it play.
        let submit = |n: usize| {
            let first_chunk = if n == 0 { self.first_chunk } else { None };
            let ids = inputs[n].ids.clone();
            self.worker
                .submit(ids, scales, self.speaker, first_chunk, cancel)
                .map_err(failed)
        };
        // A render queues all the pieces at once, so that the engine's threads share a long
        // sentence (the last one of a render would otherwise keep one core busy while the
        // others wait); a reading queues each piece once the one before it is made, behind
        // the sentences before it.
        let mut queued = std::collections::VecDeque::new();
        if self.first_chunk.is_none() {
            for n in 0..inputs.len() {
                queued.push_back(submit(n)?);
            }
        }
        let (mut samples, mut words) = (Vec::new(), Vec::new());
        // The sentence's leading silence, held back until its first sound (see [`LEAD_QUIET`]).
        let mut lead = Some(Vec::new());
        let mut trimmed = 0;
        for (n, input) in inputs.iter().enumerate() {
            if cancel.is_cancelled() {
                return Err(SynthError::Cancelled);
            }
            let pending = match queued.pop_front() {
                Some(pending) => pending,
                None => submit(n)?,
            };
            let piece_start = samples.len();
            let mut marked = false;
            pending
                .receive(&mut |part| {
                    if cancel.is_cancelled() {
                        return false;
                    }
                    if !std::mem::replace(&mut marked, true) {
                        let starts =
                            phoneme_starts(&input.ids, part.durations.as_deref(), part.total);
                        words.extend(input.words.iter().map(|(range, id)| WordMark {
                            sample: piece_start + starts.get(*id).copied().unwrap_or(part.total),
                            text: range.clone(),
                        }));
                    }
                    let mut audio = self.gain.apply(&part.audio);
                    if let Some(held) = &mut lead {
                        held.append(&mut audio);
                        let Some(sound) = held.iter().position(|s| s.abs() >= LEAD_QUIET) else {
                            return true;
                        };
                        trimmed = sound.saturating_sub(LEAD_KEEP);
                        audio = held.split_off(trimmed);
                        lead = None;
                    }
                    for block in audio.chunks(4096) {
                        on_audio(block);
                    }
                    samples.extend_from_slice(&audio);
                    true
                })
                .map_err(failed)?;
            if cancel.is_cancelled() {
                return Err(SynthError::Cancelled);
            }
            // A first piece without a sound: kept as the end of its silence.
            if let Some(mut held) = lead.take() {
                trimmed = held.len().saturating_sub(LEAD_KEEP);
                let audio = held.split_off(trimmed);
                on_audio(&audio);
                samples.extend_from_slice(&audio);
            }
            if n == 0 {
                for word in &mut words {
                    word.sample = word.sample.saturating_sub(trimmed);
                }
            }
            if n + 1 < pieces.len() {
                let quiet = samples[piece_start..]
                    .iter()
                    .rev()
                    .take_while(|s| s.abs() < QUIET)
                    .count();
                let padding = vec![0; pause.saturating_sub(quiet)];
                if !padding.is_empty() {
                    on_audio(&padding);
                }
                samples.extend_from_slice(&padding);
            }
        }
        Ok(Speech {
            samples,
            words,
            ..speech
        })
    }
}

/// The pause at a cut between two pieces of a sentence, in seconds at the voice's own speed:
/// a piece ending at a comma ends with a shorter silence than the comma's pause inside a
/// whole sentence (about 0.2 s against 0.35–0.4 s for `en_US-joe-medium`).
const CUT_PAUSE: f32 = 0.35;

/// A sample quieter than this is silence.
const QUIET: i16 = 300;

/// A sentence starts [`LEAD_KEEP`] samples before its first sample at least this loud: a
/// Piper voice starts each sentence with about 40 ms of near silence (under 10 of 32767 for
/// `en_US-joe-medium`), which would only delay its first sound (docbao puts its own pause
/// between sentences).
const LEAD_QUIET: i16 = 16;

/// Samples of silence kept before a sentence's first sound (5 ms at 22 050 Hz).
const LEAD_KEEP: usize = 110;

/// The voice's gain, from its calibration: kept in the cache folder, or measured now (the
/// calibration text said whole) and kept.
fn calibrate(
    model: &mut Model,
    path: &std::path::Path,
    config: &VoiceConfig,
    scales: Inference,
    speaker: i64,
) -> Result<Gain, SynthError> {
    let file = gain::cache_file(path, speaker, scales);
    if let Some(peak) = file.as_deref().and_then(gain::cached) {
        return Ok(Gain::from_peak(peak));
    }
    let clauses = super::espeak::phonemes(gain::CALIBRATION_TEXT, &config.espeak_voice)?;
    let input = phonemes::to_input(gain::CALIBRATION_TEXT, &clauses, config);
    let output = model
        .speak(&input.ids, scales, speaker)
        .map_err(|reason| SynthError::Failed {
            engine: NAME,
            reason,
        })?;
    let peak = gain::peak(&output.audio);
    // A model that says nothing loud enough to measure is left at its own level.
    if peak < gain::LEAST_PEAK {
        return Ok(Gain::from_peak(1.0));
    }
    if let Some(file) = &file {
        gain::keep(file, peak);
    }
    crate::trace::mark("piper: calibrated");
    Ok(Gain::from_peak(peak))
}

/// The sample where each input id starts: from the model's durations (in frames) when it
/// gave them, else spread evenly over the audio.
fn phoneme_starts(ids: &[i64], durations: Option<&[f32]>, samples: usize) -> Vec<usize> {
    match durations {
        Some(frames) if frames.len() == ids.len() && frames.iter().sum::<f32>() > 0.0 => {
            let total: f32 = frames.iter().map(|f| f.max(0.0)).sum();
            let per_frame = samples as f64 / f64::from(total);
            let mut at = 0.0f64;
            frames
                .iter()
                .map(|f| {
                    let start = (at * per_frame).round() as usize;
                    at += f64::from(f.max(0.0));
                    start.min(samples)
                })
                .collect()
        }
        _ => (0..ids.len())
            .map(|i| i * samples / ids.len().max(1))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_place_phonemes() {
        assert_eq!(
            phoneme_starts(&[1, 2, 3], Some(&[2.0, 0.0, 2.0]), 400),
            [0, 200, 200]
        );
        assert_eq!(phoneme_starts(&[1, 2, 3, 4], None, 400), [0, 100, 200, 300]);
        assert_eq!(phoneme_starts(&[1, 2], Some(&[0.0, 0.0]), 10), [0, 5]);
    }
}
