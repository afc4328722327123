//! The `espeak` engine: libespeak-ng in process.
//!
//! libespeak-ng has one global engine per process and is not thread-safe, so exactly one
//! thread ([`thread`]) owns it; engines here are handles that send it jobs over a channel.
//! It makes each sentence in a process forked for it ([`fork`]): every sentence starts from
//! the same engine state, and several are made at once for a render.

mod ffi;
mod fork;
mod lead;
mod thread;

use std::sync::atomic::{AtomicBool, Ordering};

use super::{Engine, Speech, SynthError};
use crate::cancel::CancelToken;
use crate::voice::Voice;

pub(crate) use thread::Clause;

pub(crate) const NAME: &str = "espeak";

/// What one synthesis needs from the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Settings {
    voice: String,
    pitch: u8,
    range: u8,
}

/// An espeak-ng voice, ready to speak.
pub(crate) struct EspeakEngine {
    owner: &'static thread::Owner,
    settings: Settings,
    /// Sentences it makes at once when asked from several threads.
    parallelism: usize,
    /// A reading: after the first sentence, the sentences are made at a lower priority.
    yields: bool,
    /// A sentence was made.
    spoke: AtomicBool,
}

impl EspeakEngine {
    /// Starts libespeak-ng if needed and checks that it has the profile's voice and variant;
    /// the engine makes up to `parallelism` sentences at once. With `yields` (a reading),
    /// every sentence after the first is made at a lower priority than the process', so that
    /// the sentences made ahead never compete with the audio for the processor.
    pub(crate) fn open(
        voice: &Voice,
        parallelism: usize,
        yields: bool,
    ) -> Result<Self, SynthError> {
        let Some(espeak) = &voice.espeak else {
            return Err(SynthError::NoSuchVoice {
                engine: NAME,
                voice: format!("(profile {} has no [espeak] table)", voice.id),
            });
        };
        let owner = thread::owner()?;
        let settings = Settings {
            voice: espeak.voice.clone(),
            pitch: espeak.pitch,
            range: espeak.range,
        };
        crate::trace::mark("espeak: check voice");
        owner.check_voice(&settings.voice)?;
        crate::trace::mark("espeak: voice checked");
        Ok(EspeakEngine {
            owner,
            settings,
            parallelism: parallelism.max(1),
            yields,
            spoke: AtomicBool::new(false),
        })
    }
}

/// Starts the engine thread if it is not running yet.
pub(crate) fn warm_up() {
    let _ = thread::owner();
}

/// `text` in IPA clause by clause, pronounced as espeak-ng's `voice` would (`en-us`, `vi`).
#[cfg_attr(not(feature = "piper"), allow(dead_code))] // used by the piper engine
pub(crate) fn phonemes(text: &str, voice: &str) -> Result<Vec<Clause>, SynthError> {
    thread::owner()?.phonemes(text, voice)
}

impl Engine for EspeakEngine {
    fn sample_rate(&self) -> u32 {
        self.owner.sample_rate()
    }

    fn parallelism(&self) -> usize {
        self.parallelism
    }

    fn synthesize_streaming(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
        on_audio: &mut dyn FnMut(&[i16]),
    ) -> Result<Speech, SynthError> {
        let nicer = self.yields && self.spoke.swap(true, Ordering::Relaxed);
        self.owner
            .synthesize(text, &self.settings, rate_wpm, nicer, cancel, on_audio)
    }

    fn synthesize(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
    ) -> Result<Speech, SynthError> {
        self.synthesize_streaming(text, rate_wpm, cancel, &mut |_| {})
    }
}
