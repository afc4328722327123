//! The audio writer an output path asks for: one of WAV, Ogg Opus, MP3, FLAC behind one
//! interface.

use super::{
    AudioFormat, Chapter, Encoding, ExportError, FlacOutput, Mp3Output, OpusOutput, OutputFile,
    WavOutput,
};

/// An audio file being written, in the format its [`AudioFormat`] names.
#[non_exhaustive]
pub enum AudioOutput {
    /// WAV.
    Wav(WavOutput),
    /// Ogg Opus.
    Opus(Box<OpusOutput>),
    /// MP3.
    Mp3(Mp3Output),
    /// FLAC.
    Flac(Box<FlacOutput>),
}

impl AudioOutput {
    /// Starts writing `file` as `format`, with audio at `sample_rate` samples per second, at
    /// the format's default bit rate and with no tags.
    pub fn new(
        format: AudioFormat,
        file: OutputFile,
        sample_rate: u32,
    ) -> Result<AudioOutput, ExportError> {
        AudioOutput::with(format, file, sample_rate, &Encoding::default())
    }

    /// Starts writing `file` as `format`, with audio at `sample_rate` samples per second,
    /// encoded and tagged as `encoding` says (WAV and FLAC take no bit rate,
    /// [`ExportError::NoBitrate`]; WAV takes no tags).
    pub fn with(
        format: AudioFormat,
        file: OutputFile,
        sample_rate: u32,
        encoding: &Encoding,
    ) -> Result<AudioOutput, ExportError> {
        Ok(match format {
            AudioFormat::Wav if encoding.bitrate.is_some() => {
                return Err(ExportError::NoBitrate { format: "WAV" });
            }
            AudioFormat::Wav => AudioOutput::Wav(WavOutput::new(file, sample_rate)?),
            AudioFormat::Opus => {
                AudioOutput::Opus(Box::new(OpusOutput::with(file, sample_rate, encoding)?))
            }
            AudioFormat::Mp3 => AudioOutput::Mp3(Mp3Output::with(file, sample_rate, encoding)?),
            AudioFormat::Flac => {
                AudioOutput::Flac(Box::new(FlacOutput::with(file, sample_rate, encoding)?))
            }
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
            AudioOutput::Flac(out) => out.write(samples),
        }
    }

    /// Completes the file and hands it back, still to be committed (alone, or with others
    /// through [`commit_all`](super::commit_all)).
    pub fn finish(self) -> Result<OutputFile, ExportError> {
        self.finish_with_chapters(&[])
    }

    /// Like [`finish`](Self::finish), with `chapters` in the header of a regular Opus, MP3 or
    /// FLAC file (a stream's header went out first; WAV has none).
    pub fn finish_with_chapters(self, chapters: &[Chapter]) -> Result<OutputFile, ExportError> {
        match self {
            AudioOutput::Wav(out) => out.finish(),
            AudioOutput::Opus(out) => out.finish_with_chapters(chapters),
            AudioOutput::Mp3(out) => out.finish_with_chapters(chapters),
            AudioOutput::Flac(out) => out.finish_with_chapters(chapters),
        }
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }
}
