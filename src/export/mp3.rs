//! Mono MP3, written as the audio is made: LAME (through the `mp3lame-encoder` crate, which
//! builds its own copy) encodes at 64 kbit/s, constant bit rate, at the voice's own rate
//! (16, 22.05 or 24 kHz make MPEG-2 Layer III; LAME resamples any other).
//!
//! Where LAME can, a file starts with its "Info" frame, filled in once the audio is complete:
//! the frame count and the encoder delay and padding, from which players know the exact length
//! and play without a gap at either end. 64 kbit/s is the lowest rate whose frame holds it at
//! 16, 22.05 and 24 kHz (at 48 kbit/s LAME leaves it out, and players count the encoder's
//! delay and padding, about 60 ms, in the length).

use std::io::{BufWriter, Seek, SeekFrom, Write};

use mp3lame_encoder::{Builder, FlushGap, MonoPcm, max_required_buffer_size};

use super::{ExportError, OutputFile, io_error};

/// Bit rate of the MP3 stream: clear mono speech, 480 kB a minute, with an exact length.
pub const DEFAULT_BITRATE: mp3lame_encoder::Bitrate = mp3lame_encoder::Bitrate::Kbps64;
/// Samples handed to LAME at a time.
const CHUNK: usize = 4096;

/// A mono MP3 file being written (into an [`OutputFile`]).
pub struct Mp3Output {
    out: BufWriter<std::fs::File>,
    file: OutputFile,
    encoder: mp3lame_encoder::Encoder,
    /// What LAME made from the last chunk.
    buffer: Vec<u8>,
    /// Whether the file starts with an Info frame to fill in (not where it cannot be rewound).
    info_frame: bool,
}

impl Mp3Output {
    /// Starts writing `file` with audio at `sample_rate` samples per second.
    pub fn new(file: OutputFile, sample_rate: u32) -> Result<Mp3Output, ExportError> {
        let info_frame = file.is_seekable();
        let error = |reason: String| ExportError::Encode {
            path: file.path().into(),
            format: "MP3",
            reason,
        };
        let mut builder = Builder::new().ok_or_else(|| error("out of memory".into()))?;
        let build_error = |e: mp3lame_encoder::BuildError| error(e.to_string());
        builder.set_num_channels(1).map_err(build_error)?;
        builder
            .set_mode(mp3lame_encoder::Mode::Mono)
            .map_err(build_error)?;
        builder.set_sample_rate(sample_rate).map_err(build_error)?;
        builder.set_brate(DEFAULT_BITRATE).map_err(build_error)?;
        builder
            .set_quality(mp3lame_encoder::Quality::NearBest)
            .map_err(build_error)?;
        builder
            .set_to_write_vbr_tag(info_frame)
            .map_err(build_error)?;
        let encoder = builder.build().map_err(build_error)?;
        let clone = file
            .file()
            .try_clone()
            .map_err(|e| io_error(file.path(), e))?;
        Ok(Mp3Output {
            out: BufWriter::with_capacity(64 * 1024, clone),
            file,
            encoder,
            buffer: Vec::with_capacity(max_required_buffer_size(CHUNK)),
            info_frame,
        })
    }

    /// Opens `path` (see [`OutputFile::create`]) and starts writing it.
    pub fn create(path: &std::path::Path, sample_rate: u32) -> Result<Mp3Output, ExportError> {
        Mp3Output::new(OutputFile::create(path)?, sample_rate)
    }

    /// Appends samples.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        for chunk in samples.chunks(CHUNK) {
            self.buffer.clear();
            self.buffer.reserve(max_required_buffer_size(chunk.len()));
            self.encoder
                .encode_to_vec(MonoPcm(chunk), &mut self.buffer)
                .map_err(|e| self.error(e.to_string()))?;
            self.out
                .write_all(&self.buffer)
                .map_err(|e| io_error(self.file.path(), e))?;
        }
        Ok(())
    }

    /// Encodes the rest, fills in the Info frame (where the output can be rewound) and hands
    /// back the file, still to be committed (alone, or with others through
    /// [`commit_all`](super::commit_all)).
    pub fn finish(mut self) -> Result<OutputFile, ExportError> {
        self.buffer.clear();
        self.buffer.reserve(max_required_buffer_size(0));
        self.encoder
            .flush_to_vec::<FlushGap>(&mut self.buffer)
            .map_err(|e| self.error(e.to_string()))?;
        self.out
            .write_all(&self.buffer)
            .and_then(|()| self.out.flush())
            .map_err(|e| io_error(self.file.path(), e))?;
        if self.info_frame {
            let mut frame = Vec::with_capacity(self.encoder.lame_tag_size());
            if self.encoder.lame_tag_encode_to_vec(&mut frame).is_some() {
                let mut file = self.file.file();
                file.seek(SeekFrom::Start(0))
                    .and_then(|_| file.write_all(&frame))
                    .and_then(|()| file.seek(SeekFrom::End(0)).map(|_| ()))
                    .map_err(|e| io_error(self.file.path(), e))?;
            }
        }
        Ok(self.file)
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }

    fn error(&self, reason: String) -> ExportError {
        ExportError::Encode {
            path: self.file.path().into(),
            format: "MP3",
            reason,
        }
    }
}
