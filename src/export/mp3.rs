//! Mono MP3, written as the audio is made: LAME (through the `mp3lame-encoder` crate, which
//! builds its own copy) encodes at 64 kbit/s, constant bit rate (quality 5, LAME's "good": for
//! speech as clear as its slower settings), at the voice's own rate
//! (16, 22.05 or 24 kHz make MPEG-2 Layer III; LAME resamples any other).
//!
//! Where LAME can, a file starts with its "Info" frame, filled in once the audio is complete:
//! the frame count and the encoder delay and padding, from which players know the exact length
//! and play without a gap at either end. 64 kbit/s is the lowest rate whose frame holds it at
//! 16, 22.05 and 24 kHz (at 48 kbit/s LAME leaves it out, and players count the encoder's
//! delay and padding, about 60 ms, in the length).
//!
//! Tags and chapters are an ID3v2.4 tag in front of the audio (`TIT2`, `TPE1`, `TALB`, `TDRC`,
//! `WOAS` and `TXXX:URL`, `TLAN`; a `CHAP` frame per chapter under one `CTOC`). In a regular file the tag is
//! written last, in front of the audio, so it holds the chapters; a stream (a pipe, standard
//! output) starts with it, and has no chapters.

use std::io::Write;
use std::time::Duration;

use id3::TagLike;
use mp3lame_encoder::{Builder, FlushGap, MonoPcm, max_required_buffer_size};

use super::body::Body;
use super::tags::{Chapter, Encoding, Tags};
use super::{ExportError, OutputFile, io_error};

/// Bit rate of the MP3 stream: clear mono speech, 480 kB a minute, with an exact length.
pub const DEFAULT_BITRATE: u32 = 64_000;
/// Samples handed to LAME at a time.
const CHUNK: usize = 4096;

/// A mono MP3 file being written (into an [`OutputFile`]).
pub struct Mp3Output {
    out: Body,
    file: OutputFile,
    tags: Tags,
    sample_rate: u32,
    /// Samples handed in.
    samples: u64,
    encoder: mp3lame_encoder::Encoder,
    /// What LAME made from the last chunk.
    buffer: Vec<u8>,
    /// Whether the file starts with an Info frame to fill in (not where it cannot be rewound).
    info_frame: bool,
}

impl Mp3Output {
    /// Starts writing `file` with audio at `sample_rate` samples per second, at the default
    /// bit rate and with no tags.
    pub fn new(file: OutputFile, sample_rate: u32) -> Result<Mp3Output, ExportError> {
        Mp3Output::with(file, sample_rate, &Encoding::default())
    }

    /// Starts writing `file` with audio at `sample_rate` samples per second, encoded and
    /// tagged as `encoding` says ([`ExportError::Bitrate`] for a bit rate LAME does not take: 8–320 kbit/s in its steps).
    pub fn with(
        file: OutputFile,
        sample_rate: u32,
        encoding: &Encoding,
    ) -> Result<Mp3Output, ExportError> {
        let bitrate = bitrate(encoding.bitrate.unwrap_or(DEFAULT_BITRATE))?;
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
        builder.set_brate(bitrate).map_err(build_error)?;
        builder
            .set_quality(mp3lame_encoder::Quality::Good)
            .map_err(build_error)?;
        builder
            .set_to_write_vbr_tag(info_frame)
            .map_err(build_error)?;
        let encoder = builder.build().map_err(build_error)?;
        let mut out = Body::new(&file)?;
        if !out.header_last() {
            let tag = id3_tag(&encoding.tags, &[], Duration::ZERO);
            out.write_all(&tag)
                .and_then(|()| out.send())
                .map_err(|e| io_error(file.path(), e))?;
        }
        Ok(Mp3Output {
            out,
            file,
            tags: encoding.tags.clone(),
            sample_rate,
            samples: 0,
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
        self.samples += samples.len() as u64;
        self.out.send().map_err(|e| io_error(self.file.path(), e))
    }

    /// Encodes the rest, fills in the Info frame (where the output can be rewound) and hands
    /// back the file, still to be committed (alone, or with others through
    /// [`commit_all`](super::commit_all)).
    pub fn finish(self) -> Result<OutputFile, ExportError> {
        self.finish_with_chapters(&[])
    }

    /// Like [`finish`](Self::finish), with `chapters` in the ID3 tag (a file only: a stream's
    /// tag is long gone; chapters out of order or past the end are left out).
    pub fn finish_with_chapters(mut self, chapters: &[Chapter]) -> Result<OutputFile, ExportError> {
        self.buffer.clear();
        self.buffer.reserve(max_required_buffer_size(0));
        self.encoder
            .flush_to_vec::<FlushGap>(&mut self.buffer)
            .map_err(|e| self.error(e.to_string()))?;
        self.out
            .write_all(&self.buffer)
            .map_err(|e| io_error(self.file.path(), e))?;
        if self.info_frame {
            let mut frame = Vec::with_capacity(self.encoder.lame_tag_size());
            if self.encoder.lame_tag_encode_to_vec(&mut frame).is_some() {
                self.out
                    .rewrite_start(&frame)
                    .map_err(|e| io_error(self.file.path(), e))?;
            }
        }
        let header = if self.out.header_last() {
            let total =
                Duration::from_secs_f64(self.samples as f64 / f64::from(self.sample_rate.max(1)));
            id3_tag(&self.tags, &Chapter::normalized(chapters, total), total)
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

    fn error(&self, reason: String) -> ExportError {
        ExportError::Encode {
            path: self.file.path().into(),
            format: "MP3",
            reason,
        }
    }
}

/// LAME's name for a bit rate in bits per second.
fn bitrate(bits: u32) -> Result<mp3lame_encoder::Bitrate, ExportError> {
    use mp3lame_encoder::Bitrate::*;
    let kbps = if bits % 1000 == 0 { bits / 1000 } else { 0 };
    Ok(match kbps {
        8 => Kbps8,
        16 => Kbps16,
        24 => Kbps24,
        32 => Kbps32,
        40 => Kbps40,
        48 => Kbps48,
        64 => Kbps64,
        80 => Kbps80,
        96 => Kbps96,
        112 => Kbps112,
        128 => Kbps128,
        160 => Kbps160,
        192 => Kbps192,
        224 => Kbps224,
        256 => Kbps256,
        320 => Kbps320,
        _ => {
            return Err(ExportError::Bitrate {
                format: "MP3",
                bitrate: bits,
                allowed: "8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256 or 320 kbit/s",
            });
        }
    })
}

/// The ID3v2.4 tag: `tags`, docbao as the encoder, and `chapters` (each ending where the next
/// starts, the last at `total`) under one ordered table of contents.
fn id3_tag(tags: &Tags, chapters: &[Chapter], total: Duration) -> Vec<u8> {
    let mut tag = id3::Tag::new();
    for (name, value) in tags.fields() {
        match name {
            "TITLE" => tag.set_title(value),
            "ARTIST" => tag.set_artist(value),
            "ALBUM" => tag.set_album(value),
            "DATE" => {
                if let Ok(date) = value.parse::<id3::Timestamp>() {
                    tag.set_date_recorded(date);
                }
            }
            "WEBSITE" => {
                // The standard frame, and a user text frame that ffmpeg (and players built on
                // it) show, as they show no link frame.
                tag.add_frame(id3::Frame::link("WOAS", value.clone()));
                tag.add_frame(id3::frame::ExtendedText {
                    description: "URL".into(),
                    value,
                });
            }
            "LANGUAGE" => {
                if let Some(code) = iso_639_2(&value) {
                    tag.set_text("TLAN", code);
                }
            }
            _ => {}
        }
    }
    tag.set_text("TSSE", format!("docbao {}", env!("CARGO_PKG_VERSION")));
    let millis = |d: Duration| u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
    let mut ids = Vec::with_capacity(chapters.len());
    for (i, chapter) in chapters.iter().enumerate() {
        let end = chapters.get(i + 1).map_or(total, |next| next.start);
        let id = format!("chp{i}");
        tag.add_frame(id3::frame::Chapter {
            element_id: id.clone(),
            start_time: millis(chapter.start),
            end_time: millis(end),
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![id3::Frame::text("TIT2", chapter.title.clone())],
        });
        ids.push(id);
    }
    if !ids.is_empty() {
        tag.add_frame(id3::frame::TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: Vec::new(),
        });
    }
    let mut out = Vec::new();
    // Writing into memory fails only on frames id3 refuses; a file without its tag is better
    // than none.
    if tag.write_to(&mut out, id3::Version::Id3v24).is_err() {
        out.clear();
    }
    out
}

/// The three-letter code ID3 names a language by, for the languages docbao reads.
fn iso_639_2(bcp47: &str) -> Option<&'static str> {
    let primary = bcp47.split(['-', '_']).next()?.to_ascii_lowercase();
    Some(match primary.as_str() {
        "vi" => "vie",
        "en" => "eng",
        "fr" => "fra",
        "de" => "deu",
        "es" => "spa",
        "zh" => "zho",
        "ja" => "jpn",
        "ko" => "kor",
        "th" => "tha",
        "ru" => "rus",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitrates_in_bits_or_kilobits() {
        assert!(matches!(
            bitrate(64_000),
            Ok(mp3lame_encoder::Bitrate::Kbps64)
        ));
        assert!(matches!(
            bitrate(32_000),
            Ok(mp3lame_encoder::Bitrate::Kbps32)
        ));
        assert!(bitrate(32).is_err());
        assert!(bitrate(50_000).is_err());
        assert!(bitrate(0).is_err());
    }

    #[test]
    fn the_tag_reads_back_with_its_chapters() {
        let tags = Tags {
            title: Some("Hà Nội mùa thu".into()),
            artist: Some("Minh Anh".into()),
            date: Some("2024-02-17".into()),
            url: Some("https://example.com/a".into()),
            language: Some("vi".into()),
            ..Tags::default()
        };
        let chapters = [
            Chapter {
                start: Duration::ZERO,
                title: "Mở đầu".into(),
            },
            Chapter {
                start: Duration::from_millis(2500),
                title: "Phần hai".into(),
            },
        ];
        let bytes = id3_tag(&tags, &chapters, Duration::from_secs(5));
        let tag = id3::Tag::read_from2(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(tag.title(), Some("Hà Nội mùa thu"));
        assert_eq!(tag.artist(), Some("Minh Anh"));
        assert_eq!(tag.date_recorded().map(|d| d.year), Some(2024));
        let chapters: Vec<_> = tag.chapters().collect();
        assert_eq!(chapters.len(), 2);
        assert_eq!((chapters[1].start_time, chapters[1].end_time), (2500, 5000));
        assert_eq!(tag.tables_of_contents().count(), 1);
    }
}
