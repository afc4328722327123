//! The audio writer an output path asks for: one of WAV, Ogg Opus, MP3 behind one interface.

use super::{AudioFormat, ExportError, Mp3Output, OpusOutput, OutputFile, WavOutput};

/// An audio file being written, in the format its [`AudioFormat`] names.
#[non_exhaustive]
pub enum AudioOutput {
    /// WAV.
    Wav(WavOutput),
    /// Ogg Opus.
    Opus(Box<OpusOutput>),
    /// MP3.
    Mp3(Mp3Output),
}

impl AudioOutput {
    /// Starts writing `file` as `format`, with audio at `sample_rate` samples per second.
    pub fn new(
        format: AudioFormat,
        file: OutputFile,
        sample_rate: u32,
    ) -> Result<AudioOutput, ExportError> {
        Ok(match format {
            AudioFormat::Wav => AudioOutput::Wav(WavOutput::new(file, sample_rate)?),
            AudioFormat::Opus => AudioOutput::Opus(Box::new(OpusOutput::new(file, sample_rate)?)),
            AudioFormat::Mp3 => AudioOutput::Mp3(Mp3Output::new(file, sample_rate)?),
        })
    }

    /// Opens `path` (see [`OutputFile::create`]) and starts writing it in the format its name
    /// asks for ([`AudioFormat::from_path`]).
    pub fn create(path: &std::path::Path, sample_rate: u32) -> Result<AudioOutput, ExportError> {
        let format = AudioFormat::from_path(path)?;
        AudioOutput::new(format, OutputFile::create(path)?, sample_rate)
    }

    /// Appends samples.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        match self {
            AudioOutput::Wav(out) => out.write(samples),
            AudioOutput::Opus(out) => out.write(samples),
            AudioOutput::Mp3(out) => out.write(samples),
        }
    }

    /// Completes the file and hands it back, still to be committed (alone, or with others
    /// through [`commit_all`](super::commit_all)).
    pub fn finish(self) -> Result<OutputFile, ExportError> {
        match self {
            AudioOutput::Wav(out) => out.finish(),
            AudioOutput::Opus(out) => out.finish(),
            AudioOutput::Mp3(out) => out.finish(),
        }
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }
}
