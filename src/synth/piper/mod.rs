//! The `piper` engine: Piper neural voices (VITS models in ONNX) run in process with ONNX
//! Runtime, which is loaded at run time (see [`runtime`] for where it is looked for).
//!
//! Text becomes IPA through libespeak-ng on its engine thread (the voice's espeak-ng voice,
//! clause by clause, punctuation kept as Piper voices were trained), IPA becomes ids with the
//! voice's `phoneme_id_map`, and the model makes the audio, a sentence in pieces cut at its
//! clauses so that the first is heard while the rest is made (see `pieces.rs`). The model is
//! loaded once per engine and reused, on inference threads of their own (see `worker.rs`);
//! for a reading, at a lower priority, so they never hold up the audio thread. Output is
//! reproducible and word marks are exact (the model's graph is edited when it is loaded; see
//! `graph.rs`).

mod config;
mod graph;
mod model;
mod phonemes;
mod pieces;
pub mod runtime;
mod worker;

use self::config::{Inference, VoiceConfig};
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
}

fn unavailable(reason: String) -> SynthError {
    SynthError::Unavailable {
        engine: NAME,
        reason: format!("{reason}; {HINT}"),
    }
}

impl PiperEngine {
    /// Starts ONNX Runtime if needed, reads the voice's configuration and loads its model,
    /// with `threads` inference threads (sessions): sentences asked for at once are made at
    /// once, up to that many. With `yields`, the threads give way to the rest of the process
    /// once they have made their first audio (see `worker.rs`).
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
        let model = Model::new(&prepared).map_err(unavailable)?;
        crate::trace::mark("piper: session ready");
        let scales = Inference {
            noise_scale: settings.noise_scale.unwrap_or(config.inference.noise_scale),
            length_scale: settings
                .length_scale
                .unwrap_or(config.inference.length_scale),
            noise_w: settings.noise_w.unwrap_or(config.inference.noise_w),
        };
        Ok(PiperEngine {
            speaker: if model.multi_speaker() { speaker } else { 0 },
            config,
            worker: Worker::start(model, prepared, threads.saturating_sub(1), yields)
                .map_err(unavailable)?,
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
        let (mut samples, mut words) = (Vec::new(), Vec::new());
        // The sentence's loudness is set by its first piece (see `gain`).
        let mut sentence_gain = None;
        for (n, piece) in pieces.iter().enumerate() {
            if cancel.is_cancelled() {
                return Err(SynthError::Cancelled);
            }
            let input = phonemes::to_input(text, &clauses[piece.clone()], &self.config);
            let output = self
                .worker
                .run(input.ids.clone(), scales, self.speaker)
                .map_err(|reason| SynthError::Failed {
                    engine: NAME,
                    reason,
                })?;
            if cancel.is_cancelled() {
                return Err(SynthError::Cancelled);
            }
            let own = gain(&output.audio);
            let first = *sentence_gain.get_or_insert(own);
            let mut audio = to_i16(&output.audio, first.min(own));
            let starts = phoneme_starts(&input.ids, output.durations.as_deref(), audio.len());
            words.extend(input.words.iter().map(|(range, id)| WordMark {
                sample: samples.len() + starts.get(*id).copied().unwrap_or(audio.len()),
                text: range.clone(),
            }));
            if n + 1 < pieces.len() {
                let quiet = audio.iter().rev().take_while(|s| s.abs() < QUIET).count();
                audio.resize(audio.len() + pause.saturating_sub(quiet), 0);
            }
            for block in audio.chunks(4096) {
                on_audio(block);
            }
            samples.extend_from_slice(&audio);
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

/// The gain that brings `audio`'s peak to full scale, as Piper normalises a sentence. The
/// pieces of a sentence share its first piece's gain, so its loudness does not jump at a cut;
/// a later piece that would then go over full scale is brought down to it instead.
fn gain(audio: &[f32]) -> f32 {
    let peak = audio
        .iter()
        .filter(|s| s.is_finite())
        .fold(0.01f32, |peak, s| peak.max(s.abs()));
    32767.0 / peak
}

/// 16-bit samples of `audio` times `gain`.
fn to_i16(audio: &[f32], gain: f32) -> Vec<i16> {
    audio
        .iter()
        .map(|s| {
            if s.is_finite() {
                (s * gain).clamp(-32767.0, 32767.0) as i16
            } else {
                0
            }
        })
        .collect()
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

    #[test]
    fn samples_are_normalised_and_safe() {
        let audio = [0.5, -0.25, f32::NAN];
        assert_eq!(to_i16(&audio, gain(&audio)), [32767, -16383, 0]);
        assert_eq!(to_i16(&[0.001], gain(&[0.001])), [3276]);
        // Beyond full scale, samples are clamped.
        assert_eq!(to_i16(&[1.0, -0.5], gain(&[0.25])), [32767, -32767]);
    }
}
