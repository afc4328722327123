//! Engines: turning a chunk of spoken text into samples and word marks.
//!
//! An [`Engine`] is opened for one [`Voice`] and then synthesizes text at a given rate. Every
//! engine returns mono 16-bit samples at its own [`Engine::sample_rate`], plus a mark where
//! each word starts, so players can follow along and subtitles can be exact.

pub mod command;
mod espeak;
#[cfg(feature = "piper")]
pub mod piper;
pub mod system;

use std::ops::Range;

use crate::cancel::CancelToken;
use crate::voice::{EngineKind, Voice};

/// Speech for one chunk of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Speech {
    /// Mono samples.
    pub samples: Vec<i16>,
    /// Samples per second.
    pub sample_rate: u32,
    /// Where each word starts, in order.
    pub words: Vec<WordMark>,
}

/// Where a word of the synthesized text starts in the audio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordMark {
    /// Offset of the word's first sample in [`Speech::samples`].
    pub sample: usize,
    /// Byte range of the word in the text that was synthesized.
    pub text: Range<usize>,
}

/// Why an engine could not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynthError {
    /// The engine itself cannot run here.
    #[error("the {engine} speech engine cannot start: {reason}")]
    Unavailable {
        /// Engine name.
        engine: &'static str,
        /// What is missing.
        reason: String,
    },
    /// The engine runs but does not have this voice.
    #[error("the {engine} speech engine has no voice '{voice}'")]
    NoSuchVoice {
        /// Engine name.
        engine: &'static str,
        /// The engine's voice name from the profile.
        voice: String,
    },
    /// Synthesis started and failed.
    #[error("the {engine} speech engine failed: {reason}")]
    Failed {
        /// Engine name.
        engine: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// Stopped through a [`CancelToken`].
    #[error("synthesis was cancelled")]
    Cancelled,
}

/// A speech engine opened for one voice.
pub trait Engine: Send + Sync {
    /// Samples per second of everything this engine returns.
    fn sample_rate(&self) -> u32;

    /// How many sentences it synthesizes at once when asked from several threads (1: one at
    /// a time; see [`open_parallel`]).
    fn parallelism(&self) -> usize {
        1
    }

    /// Speaks `text` at `rate_wpm` words per minute. Returns [`SynthError::Cancelled`] soon
    /// after `cancel` is set.
    fn synthesize(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
    ) -> Result<Speech, SynthError> {
        self.synthesize_streaming(text, rate_wpm, cancel, &mut |_| {})
    }

    /// Like [`synthesize`](Self::synthesize), and hands each block of samples to `on_audio`
    /// as soon as it exists, so playback can start before the sentence is complete. The
    /// blocks, in order, are exactly [`Speech::samples`].
    fn synthesize_streaming(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
        on_audio: &mut dyn FnMut(&[i16]),
    ) -> Result<Speech, SynthError>;
}

/// Opens the engine that speaks `voice`, checking that it can, for reading aloud: once the
/// first sound is made, the synthesis (a Piper voice's inference thread, an espeak voice's
/// sentence processes) gives way to the rest of the process (the audio and the terminal).
pub fn open(voice: &Voice) -> Result<Box<dyn Engine>, SynthError> {
    open_with(voice, 1, true)
}

/// Like [`open`], for making files and streams: ready to synthesize up to `threads` sentences
/// at once where the engine can (a Piper voice: a session of its model per thread; an espeak
/// voice: a process forked for each sentence, as always), at the process' own priority,
/// since the synthesis is then the work itself. The samples are the same as with [`open`].
pub fn open_parallel(voice: &Voice, threads: usize) -> Result<Box<dyn Engine>, SynthError> {
    open_with(voice, threads, false)
}

fn open_with(voice: &Voice, threads: usize, yields: bool) -> Result<Box<dyn Engine>, SynthError> {
    match voice.engine {
        EngineKind::Espeak => Ok(Box::new(espeak::EspeakEngine::open(
            voice, threads, yields,
        )?)),
        EngineKind::Command => Ok(Box::new(command::CommandEngine::open(voice)?)),
        #[cfg(not(feature = "system"))]
        EngineKind::System => Err(system::unavailable()),
        #[cfg(feature = "system")]
        EngineKind::System => Err(SynthError::Unavailable {
            engine: system::NAME,
            reason: "the speech service speaks straight to the sound card: use it to read \
                     aloud (docbao read), not to render files"
                .into(),
        }),
        EngineKind::Piper => open_piper(voice, threads, yields),
    }
}

/// Starts libespeak-ng on its thread in the background (it makes the espeak voices' audio and
/// the Piper voices' phonemes), so that the first [`open`] finds it ready. A failure is
/// reported by that `open`.
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("docbao-warm-up".into())
        .spawn(espeak::warm_up);
}

/// Whether `voice` can speak on this machine: `Ok` or the reason it cannot.
pub fn check(voice: &Voice) -> Result<(), SynthError> {
    match voice.engine {
        EngineKind::Espeak => espeak::EspeakEngine::open(voice, 1, false).map(drop),
        EngineKind::Command => command::CommandEngine::check(voice),
        EngineKind::System => system::check(voice),
        EngineKind::Piper => open_piper(voice, 1, true).map(drop),
    }
}

#[cfg(feature = "piper")]
fn open_piper(voice: &Voice, threads: usize, yields: bool) -> Result<Box<dyn Engine>, SynthError> {
    Ok(Box::new(piper::PiperEngine::open(voice, threads, yields)?))
}

#[cfg(not(feature = "piper"))]
fn open_piper(
    _voice: &Voice,
    _threads: usize,
    _yields: bool,
) -> Result<Box<dyn Engine>, SynthError> {
    Err(SynthError::Unavailable {
        engine: "piper",
        reason: "docbao was built without the `piper` feature".into(),
    })
}
