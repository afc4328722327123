//! Mono FLAC, written as the audio is made: lossless, about half the size of WAV for speech,
//! and what archivists and audio editors keep. The `flacenc` crate (a pure-Rust encoder; no
//! bindings to libFLAC are kept up) encodes 16-bit frames of 4096 samples at the voice's own
//! rate, with its default (reference-like) settings.
//!
//! Tags and chapters are a Vorbis comment block after the stream's STREAMINFO (`TITLE=`,
//! `CHAPTER001=00:01:02.500`, `CHAPTER001NAME=`). In a regular file the header is written
//! last, in front of the audio, so it holds the length, the MD5 of the audio and the
//! chapters; a stream (a pipe, standard output) starts with a header that says "length and
//! MD5 unknown", as the format allows, and has no chapters.

use std::io::Write;
use std::time::Duration;

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, MetadataBlockData, StreamInfo};
use flacenc::error::{Verified, Verify};
use flacenc::source::{Context, Fill, FrameBuf};

use super::body::Body;
use super::tags::{Chapter, Encoding, Tags};
use super::vorbis_comment;
use super::{ExportError, OutputFile, io_error};

/// Samples a frame holds (the reference encoder's default at its usual levels).
const BLOCK: usize = 4096;
/// Bits per sample: docbao's audio is 16-bit.
const BITS: usize = 16;
/// The longest metadata block FLAC numbers (a 24-bit length).
const MAX_BLOCK_LEN: usize = (1 << 24) - 1;
/// Metadata block types (RFC 9639, 8.1).
const STREAMINFO: u8 = 0;
const VORBIS_COMMENT: u8 = 4;

/// A mono FLAC file being written (into an [`OutputFile`]).
pub struct FlacOutput {
    out: Body,
    file: OutputFile,
    tags: Tags,
    config: Verified<flacenc::config::Encoder>,
    /// Block sizes, frame sizes and length of what was encoded so far.
    info: StreamInfo,
    /// The frame being filled, and the MD5 and frame count of everything handed in.
    frame: (FrameBuf, Context),
    /// Samples waiting for a whole frame.
    pending: Vec<i32>,
    /// The encoded frame.
    sink: ByteSink,
}

impl FlacOutput {
    /// Starts writing `file` with audio at `sample_rate` samples per second, with no tags.
    pub fn new(file: OutputFile, sample_rate: u32) -> Result<FlacOutput, ExportError> {
        FlacOutput::with(file, sample_rate, &Encoding::default())
    }

    /// Starts writing `file` with audio at `sample_rate` samples per second, tagged as
    /// `encoding` says (FLAC is lossless: a bit rate is [`ExportError::NoBitrate`]).
    pub fn with(
        file: OutputFile,
        sample_rate: u32,
        encoding: &Encoding,
    ) -> Result<FlacOutput, ExportError> {
        if encoding.bitrate.is_some() {
            return Err(ExportError::NoBitrate { format: "FLAC" });
        }
        let error = |reason: String| ExportError::Encode {
            path: file.path().into(),
            format: "FLAC",
            reason,
        };
        let config = flacenc::config::Encoder::default()
            .into_verified()
            .map_err(|(_, e)| error(e.to_string()))?;
        let mut info = StreamInfo::new(sample_rate as usize, 1, BITS)
            .and_then(|mut info| info.set_block_sizes(BLOCK, BLOCK).map(|()| info))
            .map_err(|e| error(e.to_string()))?;
        info.set_frame_sizes(0, 0)
            .map_err(|e| error(e.to_string()))?;
        let frame = (
            FrameBuf::with_size(1, BLOCK).map_err(|e| error(e.to_string()))?,
            Context::new(BITS, 1),
        );
        let mut out = Body::new(&file)?;
        if !out.header_last() {
            // Length, frame sizes and MD5 unknown (zero), as a stream may say.
            let header = header(&info, &encoding.tags, &[]).map_err(error)?;
            out.write_all(&header)
                .and_then(|()| out.send())
                .map_err(|e| io_error(file.path(), e))?;
        }
        Ok(FlacOutput {
            out,
            file,
            tags: encoding.tags.clone(),
            config,
            info,
            frame,
            pending: Vec::with_capacity(BLOCK),
            sink: ByteSink::new(),
        })
    }

    /// Opens `path` (see [`OutputFile::create`]) and starts writing it.
    pub fn create(path: &std::path::Path, sample_rate: u32) -> Result<FlacOutput, ExportError> {
        FlacOutput::new(OutputFile::create(path)?, sample_rate)
    }

    /// Appends samples.
    pub fn write(&mut self, mut samples: &[i16]) -> Result<(), ExportError> {
        while !samples.is_empty() {
            let take = (BLOCK - self.pending.len()).min(samples.len());
            self.pending
                .extend(samples[..take].iter().map(|&s| i32::from(s)));
            samples = &samples[take..];
            if self.pending.len() == BLOCK {
                self.encode_pending()?;
            }
        }
        self.out.send().map_err(|e| io_error(self.file.path(), e))
    }

    /// Encodes the rest and hands back the file, still to be committed (alone, or with others
    /// through [`commit_all`](super::commit_all)).
    pub fn finish(self) -> Result<OutputFile, ExportError> {
        self.finish_with_chapters(&[])
    }

    /// Like [`finish`](Self::finish), with `chapters` in the comment block (a file only: a
    /// stream's header is long gone; chapters out of order or past the end are left out).
    pub fn finish_with_chapters(mut self, chapters: &[Chapter]) -> Result<OutputFile, ExportError> {
        if !self.pending.is_empty() {
            self.encode_pending()?;
        }
        let header = if self.out.header_last() {
            let mut info = self.info.clone();
            // The reference encoder's convention: the last, shorter frame does not count.
            info.set_block_sizes(BLOCK, BLOCK)
                .map_err(|e| self.error(e.to_string()))?;
            if info.total_samples() == 0 {
                info.set_frame_sizes(0, 0)
                    .map_err(|e| self.error(e.to_string()))?;
            }
            info.set_md5_digest(&self.frame.1.md5_digest());
            let total = Duration::from_secs_f64(
                info.total_samples() as f64 / info.sample_rate().max(1) as f64,
            );
            let chapters = Chapter::normalized(chapters, total);
            header(&info, &self.tags, &chapters).map_err(|e| self.error(e))?
        } else {
            Vec::new()
        };
        self.out.finish(&self.file, &header)?;
        Ok(self.file)
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }

    /// Encodes the pending samples (a whole frame, or the last one) and writes the frame.
    fn encode_pending(&mut self) -> Result<(), ExportError> {
        let len = self.pending.len();
        if self.frame.0.size() != len {
            self.frame.0.resize(len);
        }
        self.frame
            .fill_interleaved(&self.pending)
            .map_err(|e| self.error(e.to_string()))?;
        self.pending.clear();
        let number = self.frame.1.current_frame_number().unwrap_or(0);
        let frame =
            flacenc::encode_fixed_size_frame(&self.config, &self.frame.0, number, &self.info)
                .map_err(|e| self.error(e.to_string()))?;
        self.info.update_frame_info(&frame);
        self.sink.clear();
        frame
            .write(&mut self.sink)
            .map_err(|e| self.error(e.to_string()))?;
        self.out
            .write_all(self.sink.as_slice())
            .map_err(|e| io_error(self.file.path(), e))
    }

    fn error(&self, reason: String) -> ExportError {
        ExportError::Encode {
            path: self.file.path().into(),
            format: "FLAC",
            reason,
        }
    }
}

/// `fLaC`, the STREAMINFO block and the Vorbis comment block (the last).
fn header(info: &StreamInfo, tags: &Tags, chapters: &[Chapter]) -> Result<Vec<u8>, String> {
    let mut sink = ByteSink::new();
    MetadataBlockData::from(info.clone())
        .write(&mut sink)
        .map_err(|e| e.to_string())?;
    let comments = vorbis_comment::block(b"", "flacenc", tags, chapters, MAX_BLOCK_LEN);
    let mut out = Vec::with_capacity(4 + 4 + 34 + 4 + comments.len());
    out.extend_from_slice(b"fLaC");
    block_header(&mut out, STREAMINFO, false, sink.as_slice().len());
    out.extend_from_slice(sink.as_slice());
    block_header(&mut out, VORBIS_COMMENT, true, comments.len());
    out.extend_from_slice(&comments);
    Ok(out)
}

/// A metadata block's header: the last-block flag, its type, its length (24 bits).
fn block_header(out: &mut Vec<u8>, kind: u8, last: bool, len: usize) {
    out.push(u8::from(last) << 7 | kind);
    out.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
}
