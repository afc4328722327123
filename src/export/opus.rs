//! Mono Opus in Ogg (RFC 7845), written as the audio is made: libopus (through the `opus`
//! crate) encodes 20 ms packets at 24 kbit/s, the `ogg` crate lays them out in pages.
//!
//! The stream's granule positions count 48 kHz samples from the start, pre-skip (the encoder's
//! look-ahead) included; the last page's granule says where the audio really ends, so players
//! trim the padding of the last packet and the file lasts exactly as long as the WAV would.
//! Audio at a rate Opus does not take (a voice's 22.05 kHz) is resampled to 24 kHz first.
//!
//! Tags and chapters are Vorbis comments in the stream's second header (`TITLE=`,
//! `CHAPTER001=00:01:02.500`, `CHAPTER001NAME=`). In a regular file the headers are written
//! last, in front of the audio, so they hold the chapters; a stream (a pipe, standard output)
//! starts with them, and has no chapters.

use std::ops::RangeInclusive;
use std::time::Duration;

use ogg::writing::{PacketWriteEndInfo, PacketWriter};

use super::body::Body;
use super::resample::Resampler;
use super::tags::{Chapter, Encoding, Tags};
use super::vorbis_comment;
use super::{ExportError, OutputFile, io_error};

/// Bits per second of the Opus stream: clear speech, about 180 kB a minute.
pub const DEFAULT_BITRATE: u32 = 24_000;
/// libopus' effort, 0 (fastest) to 10 (its default).
const COMPLEXITY: i32 = 5;
/// The bit rates libopus takes for one channel, in bits per second.
const BITRATES: RangeInclusive<u32> = 6_000..=256_000;
/// Packets per Ogg page in a file: a page a second, so a player seeks to within a second.
const PACKETS_PER_PAGE: u64 = 50;
/// Packets per Ogg page in a stream: a page every half second, so a listener at the other end
/// of a pipe hears the audio that soon after it is made.
const PACKETS_PER_STREAMED_PAGE: u64 = 25;
/// The largest comment header written: it must fit one Ogg page (255 segments of 255 bytes),
/// so its page number stays that of the placeholder written first. Chapters past it are left
/// out.
const MAX_TAGS_LEN: usize = 60_000;
/// The Ogg stream's serial number (any will do for a file with one stream).
const SERIAL: u32 = 0x646f_6362; // "docb"
/// Rates libopus encodes directly.
const OPUS_RATES: [u32; 5] = [8000, 12000, 16000, 24000, 48000];
/// The largest packet libopus makes (RFC 6716: 1275 bytes a frame; 4000 is its own advice).
const MAX_PACKET: usize = 4000;

/// A mono Ogg Opus file being written (into an [`OutputFile`]).
pub struct OpusOutput {
    ogg: PacketWriter<'static, Body>,
    file: OutputFile,
    /// The sample rate of the audio handed in (the header says it).
    input_rate: u32,
    tags: Tags,
    packets_per_page: u64,
    encoder: opus::Encoder,
    /// From the input's rate to the encoder's, when they differ.
    resampler: Option<Resampler>,
    /// The encoder's sample rate.
    rate: u32,
    /// Samples (at the encoder's rate) waiting for a whole 20 ms frame.
    frame: Vec<f32>,
    /// The encoder's look-ahead, in samples at its rate.
    lookahead: u64,
    /// Samples (at the encoder's rate) of audio given to the encoder, padding left out.
    audio_len: u64,
    /// Packets encoded.
    packets: u64,
    /// The last packet, held back until it is known whether it ends the stream.
    held: Option<Vec<u8>>,
}

impl OpusOutput {
    /// Starts writing `file` with audio at `sample_rate` samples per second, at the default
    /// bit rate and with no tags.
    pub fn new(file: OutputFile, sample_rate: u32) -> Result<OpusOutput, ExportError> {
        OpusOutput::with(file, sample_rate, &Encoding::default())
    }

    /// Starts writing `file` with audio at `sample_rate` samples per second, encoded and
    /// tagged as `encoding` says ([`ExportError::Bitrate`] for a bit rate out of 6–256 kbit/s).
    pub fn with(
        file: OutputFile,
        sample_rate: u32,
        encoding: &Encoding,
    ) -> Result<OpusOutput, ExportError> {
        let bitrate = encoding.bitrate.unwrap_or(DEFAULT_BITRATE);
        if !BITRATES.contains(&bitrate) {
            return Err(ExportError::Bitrate {
                format: "Opus",
                bitrate,
                allowed: "6 to 256 kbit/s",
            });
        }
        let encode_error = |reason: String| ExportError::Encode {
            path: file.path().into(),
            format: "Opus",
            reason,
        };
        let (rate, resampler) = if OPUS_RATES.contains(&sample_rate) {
            (sample_rate, None)
        } else {
            let rate = if sample_rate <= 24000 { 24000 } else { 48000 };
            (
                rate,
                Some(Resampler::new(sample_rate, rate).map_err(encode_error)?),
            )
        };
        let opus_error = |e: opus::Error| encode_error(e.to_string());
        let mut encoder = opus::Encoder::new(rate, opus::Channels::Mono, opus::Application::Voip)
            .map_err(opus_error)?;
        encoder
            .set_bitrate(opus::Bitrate::Bits(bitrate as i32))
            .map_err(opus_error)?;
        // Complexity 5 of 10: for speech at these rates as clear to the ear as 10, and about
        // twice as fast (libopus' default, 10, made encoding 13 times longer than synthesis).
        encoder.set_complexity(COMPLEXITY).map_err(opus_error)?;
        let lookahead = u64::try_from(encoder.get_lookahead().map_err(opus_error)?).unwrap_or(0);
        let body = Body::new(&file)?;
        let packets_per_page = if body.header_last() {
            PACKETS_PER_PAGE
        } else {
            PACKETS_PER_STREAMED_PAGE
        };
        let mut output = OpusOutput {
            ogg: PacketWriter::new(body),
            input_rate: sample_rate,
            tags: encoding.tags.clone(),
            packets_per_page,
            frame: Vec::with_capacity(rate as usize / 50),
            file,
            encoder,
            resampler,
            rate,
            lookahead,
            audio_len: 0,
            packets: 0,
            held: None,
        };
        // The headers now: for real in a stream; in a file, as placeholders that number the
        // pages (the real ones go in front of the audio at the end).
        let header_last = output.ogg.inner().header_last();
        output.ogg.inner_mut().discard(header_last);
        let head = output.head();
        output.page(head, PacketWriteEndInfo::EndPage, 0)?;
        let tags = comments(&output.tags, &[]);
        output.page(tags, PacketWriteEndInfo::EndPage, 0)?;
        output.ogg.inner_mut().discard(false);
        output.send()?;
        Ok(output)
    }

    /// Opens `path` (see [`OutputFile::create`]) and starts writing it.
    pub fn create(path: &std::path::Path, sample_rate: u32) -> Result<OpusOutput, ExportError> {
        OpusOutput::new(OutputFile::create(path)?, sample_rate)
    }

    /// Appends samples.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        let samples: Vec<f32> = samples.iter().map(|&s| f32::from(s) / 32768.0).collect();
        match self.resampler.as_mut() {
            Some(resampler) => {
                let mut resampled = Vec::with_capacity(samples.len() * 2);
                resampler
                    .push(&samples, &mut resampled)
                    .map_err(|reason| self.error(reason))?;
                self.encode(&resampled)
            }
            None => self.encode(&samples),
        }?;
        self.send()
    }

    /// Encodes the rest, ends the stream and hands back the file, still to be committed (alone,
    /// or with others through [`commit_all`](super::commit_all)).
    pub fn finish(self) -> Result<OutputFile, ExportError> {
        self.finish_with_chapters(&[])
    }

    /// Like [`finish`](Self::finish), with `chapters` in the comment header (a file only: a
    /// stream's header is long gone; chapters out of order or past the end are left out).
    pub fn finish_with_chapters(mut self, chapters: &[Chapter]) -> Result<OutputFile, ExportError> {
        if let Some(resampler) = self.resampler.take() {
            let mut rest = Vec::new();
            resampler
                .finish(&mut rest)
                .map_err(|reason| self.error(reason))?;
            self.encode(&rest)?;
        }
        // The last frame filled with silence, then silence until the encoder has let out all
        // the audio (its look-ahead).
        let frame_len = self.frame_len();
        while !self.frame.is_empty() || self.packets * frame_len < self.audio_len + self.lookahead {
            self.frame.resize(frame_len as usize, 0.0);
            self.encode_frame()?;
        }
        let last = self.held.take().unwrap_or_default();
        let end = self.to_granule(self.lookahead + self.audio_len);
        self.page(last, PacketWriteEndInfo::EndStream, end)?;
        let header = if self.ogg.inner().header_last() {
            let total =
                Duration::from_secs_f64(self.audio_len as f64 / f64::from(self.rate.max(1)));
            let chapters = Chapter::normalized(chapters, total);
            let mut headers = PacketWriter::new(Vec::new());
            let error = |e| io_error(self.file.path(), e);
            headers
                .write_packet(self.head(), SERIAL, PacketWriteEndInfo::EndPage, 0)
                .map_err(error)?;
            headers
                .write_packet(
                    comments(&self.tags, &chapters),
                    SERIAL,
                    PacketWriteEndInfo::EndPage,
                    0,
                )
                .map_err(error)?;
            headers.into_inner()
        } else {
            Vec::new()
        };
        self.ogg.into_inner().finish(&self.file, &header)?;
        Ok(self.file)
    }

    /// Sends the pages made so far on (a stream: a pipe, standard output).
    fn send(&mut self) -> Result<(), ExportError> {
        self.ogg
            .inner_mut()
            .send()
            .map_err(|e| io_error(self.file.path(), e))
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }

    /// Samples (at the encoder's rate) in 20 ms.
    fn frame_len(&self) -> u64 {
        u64::from(self.rate) / 50
    }

    /// Samples at the encoder's rate as 48 kHz samples, the granule positions' unit.
    fn to_granule(&self, samples: u64) -> u64 {
        samples * 48000 / u64::from(self.rate)
    }

    /// Encodes `samples` (at the encoder's rate), a packet for each 20 ms frame completed.
    fn encode(&mut self, mut samples: &[f32]) -> Result<(), ExportError> {
        self.audio_len += samples.len() as u64;
        let frame_len = self.frame_len() as usize;
        while !samples.is_empty() {
            let take = (frame_len - self.frame.len()).min(samples.len());
            self.frame.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.frame.len() == frame_len {
                self.encode_frame()?;
            }
        }
        Ok(())
    }

    /// Encodes the frame (whole by now), and writes the packet held back before it.
    fn encode_frame(&mut self) -> Result<(), ExportError> {
        let mut packet = vec![0u8; MAX_PACKET];
        let len = self
            .encoder
            .encode_float(&self.frame, &mut packet)
            .map_err(|e| self.error(e.to_string()))?;
        self.frame.clear();
        packet.truncate(len);
        if let Some(previous) = self.held.replace(packet) {
            let end = if self.packets % self.packets_per_page == 0 {
                PacketWriteEndInfo::EndPage
            } else {
                PacketWriteEndInfo::NormalPacket
            };
            let granule = self.to_granule(self.packets * self.frame_len());
            self.page(previous, end, granule)?;
        }
        self.packets += 1;
        Ok(())
    }

    /// Hands a packet to the Ogg writer.
    fn page(
        &mut self,
        packet: Vec<u8>,
        end: PacketWriteEndInfo,
        granule: u64,
    ) -> Result<(), ExportError> {
        self.ogg
            .write_packet(packet, SERIAL, end, granule)
            .map_err(|e| io_error(self.file.path(), e))
    }

    /// The identification header (RFC 7845, 5.1).
    fn head(&self) -> Vec<u8> {
        let input_rate = self.input_rate;
        let pre_skip = u16::try_from(self.to_granule(self.lookahead)).unwrap_or(u16::MAX);
        let mut head = Vec::with_capacity(19);
        head.extend_from_slice(b"OpusHead");
        head.push(1); // version
        head.push(1); // channels
        head.extend_from_slice(&pre_skip.to_le_bytes());
        head.extend_from_slice(&input_rate.to_le_bytes());
        head.extend_from_slice(&0i16.to_le_bytes()); // output gain
        head.push(0); // channel mapping family: mono or stereo, no table
        head
    }

    fn error(&self, reason: String) -> ExportError {
        ExportError::Encode {
            path: self.file.path().into(),
            format: "Opus",
            reason,
        }
    }
}

/// The comment header (RFC 7845, 5.2): the encoder library as vendor, docbao as the
/// encoder, the tags, and as many of `chapters` as fit one page.
fn comments(tags: &Tags, chapters: &[Chapter]) -> Vec<u8> {
    vorbis_comment::block(b"OpusTags", opus::version(), tags, chapters, MAX_TAGS_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_header_fits_one_page_whatever_the_chapters() {
        let chapters: Vec<Chapter> = (0..5000)
            .map(|i| Chapter {
                start: Duration::from_secs(i),
                title: "Chương có một cái tên khá dài để thử giới hạn".into(),
            })
            .collect();
        let header = comments(&Tags::default(), &chapters);
        assert!(header.starts_with(b"OpusTags"));
        assert!(header.len() <= MAX_TAGS_LEN, "{}", header.len());
        let text = String::from_utf8_lossy(&header);
        assert!(text.contains("CHAPTER001=00:00:00.000"));
        assert!(text.contains("CHAPTER001NAME=Chương"));
        assert!(!text.contains("CHAPTER1000"));
    }
}
