//! Files: the audio writers (WAV, Ogg Opus, MP3), subtitles, and the rules every output
//! follows.
//!
//! - A regular file (or a new one) is written to a temporary file beside it and renamed over
//!   it only once complete, keeping the old file's mode and owner; an error or a cancelled
//!   render leaves it as it was. Several files made together (audio and subtitles) are put in
//!   place together or not at all.
//! - A symbolic link is followed: its target is written, the link stays.
//! - A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written
//!   through as the audio is made (the WAV header then says "length unknown"), never replaced.
//!   A block device or a socket is refused.
//! - A WAV file that would pass 4 GiB is written as RF64.
//! - `.opus`/`.ogg` is Ogg Opus (libopus), `.mp3` is MP3 (LAME), `.flac` is FLAC (lossless,
//!   `flacenc`): all compressed as the audio is made ([`AudioOutput`] picks the writer),
//!   tagged ([`Tags`]) and with chapters ([`Chapter`]: Vorbis comments, ID3 `CHAP`/`CTOC`). A regular file gets its header last,
//!   in front of the audio, so the header holds the chapters; a stream (a pipe, a device,
//!   standard output) gets it first, without chapters, and the audio as soon as it is encoded.

mod audio;
mod body;
mod file;
mod flac;
mod format;
mod mp3;
mod opus;
pub(crate) mod resample;
pub mod subtitles;
mod tags;
mod unfinished;
mod vorbis_comment;
mod wav;
mod write_behind;

use std::io;
use std::path::PathBuf;

pub use audio::AudioOutput;
pub use file::{OutputFile, commit_all};
pub use flac::FlacOutput;
pub use format::AudioFormat;
pub use mp3::Mp3Output;
pub use opus::OpusOutput;
pub use tags::{Chapter, Encoding, Tags};
pub use unfinished::{forget_unfinished, register_unfinished, remove_unfinished};
pub use wav::WavOutput;

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output path is a directory.
    #[error("{path} is a directory, not a file name")]
    IsDirectory {
        /// The output path.
        path: PathBuf,
    },
    /// The directory the output should go in does not exist.
    #[error("cannot write {path}: the folder {dir} does not exist")]
    NoSuchDirectory {
        /// The output path.
        path: PathBuf,
        /// Its folder.
        dir: PathBuf,
    },
    /// The output path names something docbao will not write into.
    #[error("will not write into {path}: it is {kind}, not a file")]
    NotAFile {
        /// The output path.
        path: PathBuf,
        /// What it is: "a block device", "a socket".
        kind: &'static str,
    },
    /// Symbolic links that point at each other, or too many of them in a row.
    #[error("cannot write {path}: its symbolic links go round in a loop")]
    LinkLoop {
        /// The output path.
        path: PathBuf,
    },
    /// Audio would go to the terminal.
    #[error("will not write audio to the terminal")]
    Terminal,
    /// The subtitle format cannot be told from the file name.
    #[error("cannot tell the subtitle format of {path}: use a name ending in .srt or .vtt")]
    UnknownSubtitleFormat {
        /// The subtitle path.
        path: PathBuf,
    },
    /// The audio path's extension names a format docbao does not write (`.flac`).
    #[error(
        "cannot write {path}: docbao writes audio as {} only",
        format::WRITABLE
    )]
    UnknownAudioFormat {
        /// The audio path.
        path: PathBuf,
    },
    /// An audio encoder (libopus, LAME) or the resampler before it refused.
    #[error("cannot encode {path} as {format}: {reason}")]
    Encode {
        /// The audio path.
        path: PathBuf,
        /// The format being written: "Opus", "MP3".
        format: &'static str,
        /// What the encoder said.
        reason: String,
    },
    /// A bit rate the format's encoder does not take.
    #[error("{format} cannot be encoded at {bitrate} bit/s: give {allowed}")]
    Bitrate {
        /// "Opus", "MP3".
        format: &'static str,
        /// The bit rate asked for, in bits per second.
        bitrate: u32,
        /// The bit rates it takes.
        allowed: &'static str,
    },
    /// A bit rate given for a format that has none (WAV, FLAC).
    #[error("a bit rate applies to Opus and MP3 only, not to {format}")]
    NoBitrate {
        /// "WAV", "FLAC".
        format: &'static str,
    },
    /// Two outputs were given the same path.
    #[error("the audio and the subtitles cannot both be written to {path}")]
    SamePath {
        /// The path given twice.
        path: PathBuf,
    },
    /// The operating system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The output path.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
}

pub(crate) fn io_error(path: &std::path::Path, source: io::Error) -> ExportError {
    ExportError::Io {
        path: path.into(),
        source,
    }
}
