//! The crate's error type: one enum over every stage, each message one sentence.

use crate::article::InputError;
#[cfg(feature = "player")]
use crate::audio::output::AudioError;
use crate::export::ExportError;
use crate::synth::SynthError;
use crate::voice::VoiceError;

/// Anything that can stop docbao from reading a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not become a document.
    #[error(transparent)]
    Input(#[from] InputError),
    /// No voice could be chosen.
    #[error(transparent)]
    Voice(#[from] VoiceError),
    /// The engine could not speak.
    #[error(transparent)]
    Synth(SynthError),
    /// An output file could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The sound card could not be used.
    #[cfg(feature = "player")]
    #[error(transparent)]
    Audio(#[from] AudioError),
    /// Stopped through a [`CancelToken`](crate::CancelToken).
    #[error("stopped before the end: nothing was written")]
    Cancelled,
    /// The document has no sentence the voice can speak.
    #[error("there is nothing to say: no sentence of the document has words to speak")]
    NothingToSay,
}

impl From<SynthError> for Error {
    fn from(error: SynthError) -> Self {
        match error {
            SynthError::Cancelled => Error::Cancelled,
            other => Error::Synth(other),
        }
    }
}
