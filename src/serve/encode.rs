//! The audio a response carries, encoded as it is synthesized into a file that readers follow
//! as it grows: MP3 and Ogg Opus through the library's encoders (header first, as into a
//! pipe), WAV with a "length unknown" header (completed when the file is), raw PCM.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use crate::export::resample::Resampler;
use crate::{AudioFormat, AudioOutput, Encoding, ExportError, OutputFile, Tags};

/// The formats the service answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum StreamFormat {
    /// MP3 (LAME, 64 kbit/s): every browser plays it.
    Mp3,
    /// Ogg Opus (24 kbit/s).
    Opus,
    /// 16-bit mono WAV at the voice's rate.
    Wav,
    /// Raw 16-bit little-endian mono samples at 24 kHz, as OpenAI's `pcm`.
    Pcm,
}

/// The sample rate of `pcm`, as OpenAI's API gives it.
pub(crate) const PCM_RATE: u32 = 24_000;

/// WAV's header: RIFF, `fmt `, `data`.
const WAV_HEADER: usize = 44;

impl StreamFormat {
    pub fn parse(text: &str) -> Option<StreamFormat> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "mp3" | "mpeg" => StreamFormat::Mp3,
            "opus" | "ogg" => StreamFormat::Opus,
            "wav" | "wave" => StreamFormat::Wav,
            "pcm" | "raw" => StreamFormat::Pcm,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            StreamFormat::Mp3 => "mp3",
            StreamFormat::Opus => "opus",
            StreamFormat::Wav => "wav",
            StreamFormat::Pcm => "pcm",
        }
    }

    /// The extension of its cache file.
    pub fn extension(self) -> &'static str {
        match self {
            StreamFormat::Mp3 => "mp3",
            StreamFormat::Opus => "opus",
            StreamFormat::Wav => "wav",
            StreamFormat::Pcm => "pcm",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            StreamFormat::Mp3 => "audio/mpeg",
            StreamFormat::Opus => "audio/ogg; codecs=opus",
            StreamFormat::Wav => "audio/wav",
            StreamFormat::Pcm => "audio/pcm; rate=24000; channels=1",
        }
    }
}

/// An encoder writing into a file as the audio comes, flushing after every piece so that a
/// reader of the file has it at once.
pub(crate) struct StreamEncoder {
    inner: Inner,
}

enum Inner {
    Compressed(AudioOutput),
    Raw {
        out: BufWriter<File>,
        path: Box<Path>,
        resampler: Option<Resampler>,
        wav: bool,
        sample_rate: u32,
        data_len: u64,
        scratch: Vec<f32>,
        resampled: Vec<f32>,
    },
}

impl StreamEncoder {
    /// Starts writing `file` (its header is written at once) with audio at `sample_rate`.
    pub fn new(
        format: StreamFormat,
        file: File,
        path: &Path,
        sample_rate: u32,
        tags: Tags,
    ) -> Result<StreamEncoder, ExportError> {
        let compressed = |format| {
            let encoding = Encoding {
                bitrate: None,
                tags,
            };
            AudioOutput::with(
                format,
                OutputFile::stream(file.try_clone().map_err(|e| io(path, e))?, path),
                sample_rate,
                &encoding,
            )
            .map(Inner::Compressed)
        };
        let inner = match format {
            StreamFormat::Mp3 => compressed(AudioFormat::Mp3)?,
            StreamFormat::Opus => compressed(AudioFormat::Opus)?,
            StreamFormat::Wav | StreamFormat::Pcm => {
                let wav = format == StreamFormat::Wav;
                let resampler = if !wav && sample_rate != PCM_RATE {
                    Some(Resampler::new(sample_rate, PCM_RATE).map_err(|reason| {
                        ExportError::Encode {
                            path: path.into(),
                            format: "PCM",
                            reason,
                        }
                    })?)
                } else {
                    None
                };
                let mut out = BufWriter::with_capacity(64 * 1024, file);
                if wav {
                    out.write_all(&wav_header(sample_rate, None))
                        .and_then(|()| out.flush())
                        .map_err(|e| io(path, e))?;
                }
                Inner::Raw {
                    out,
                    path: path.into(),
                    resampler,
                    wav,
                    sample_rate,
                    data_len: 0,
                    scratch: Vec::new(),
                    resampled: Vec::new(),
                }
            }
        };
        Ok(StreamEncoder { inner })
    }

    /// Encodes `samples` and hands what is ready to the file.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        match &mut self.inner {
            Inner::Compressed(output) => output.write(samples),
            Inner::Raw {
                out,
                path,
                resampler,
                data_len,
                scratch,
                resampled,
                ..
            } => {
                match resampler {
                    Some(resampler) => {
                        scratch.clear();
                        scratch.extend(samples.iter().map(|&s| f32::from(s) / 32768.0));
                        resampled.clear();
                        resampler
                            .push(scratch, resampled)
                            .map_err(|reason| encode_error(path, reason))?;
                        *data_len += write_samples(out, resampled).map_err(|e| io(path, e))?;
                    }
                    None => {
                        *data_len += write_i16(out, samples).map_err(|e| io(path, e))?;
                    }
                }
                out.flush().map_err(|e| io(path, e))
            }
        }
    }

    /// Completes the file: the encoders' last frames; WAV's header with its length.
    pub fn finish(self) -> Result<(), ExportError> {
        match self.inner {
            Inner::Compressed(output) => output.finish().map(drop),
            Inner::Raw {
                mut out,
                path,
                resampler,
                wav,
                sample_rate,
                mut data_len,
                mut resampled,
                ..
            } => {
                if let Some(resampler) = resampler {
                    resampled.clear();
                    resampler
                        .finish(&mut resampled)
                        .map_err(|reason| encode_error(&path, reason))?;
                    data_len += write_samples(&mut out, &resampled).map_err(|e| io(&path, e))?;
                }
                out.flush().map_err(|e| io(&path, e))?;
                if wav && data_len + (WAV_HEADER as u64) - 8 <= u64::from(u32::MAX) {
                    let file = out.get_mut();
                    let header = wav_header(sample_rate, Some(data_len));
                    file.seek(SeekFrom::Start(0))
                        .and_then(|_| file.write_all(&header))
                        .and_then(|()| file.seek(SeekFrom::End(0)).map(drop))
                        .map_err(|e| io(&path, e))?;
                }
                Ok(())
            }
        }
    }
}

fn write_i16(out: &mut impl Write, samples: &[i16]) -> std::io::Result<u64> {
    let mut bytes = [0u8; 4096];
    for chunk in samples.chunks(bytes.len() / 2) {
        for (pair, sample) in bytes.chunks_exact_mut(2).zip(chunk) {
            pair.copy_from_slice(&sample.to_le_bytes());
        }
        out.write_all(&bytes[..chunk.len() * 2])?;
    }
    Ok(samples.len() as u64 * 2)
}

fn write_samples(out: &mut impl Write, samples: &[f32]) -> std::io::Result<u64> {
    let mut pcm = [0i16; 2048];
    let mut written = 0;
    for chunk in samples.chunks(pcm.len()) {
        for (slot, sample) in pcm.iter_mut().zip(chunk) {
            *slot = (sample * 32768.0).round().clamp(-32768.0, 32767.0) as i16;
        }
        written += write_i16(out, &pcm[..chunk.len()])?;
    }
    Ok(written)
}

/// A plain 44-byte WAV header for mono 16-bit audio; sizes `u32::MAX` while unknown.
fn wav_header(sample_rate: u32, data_len: Option<u64>) -> [u8; WAV_HEADER] {
    let mut h = [0u8; WAV_HEADER];
    let size = |n: Option<u64>| n.map_or(u32::MAX, |n| n.min(u64::from(u32::MAX)) as u32);
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&size(data_len.map(|n| n + WAV_HEADER as u64 - 8)).to_le_bytes());
    h[8..12].copy_from_slice(b"WAVE");
    h[12..16].copy_from_slice(b"fmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes()); // PCM
    h[22..24].copy_from_slice(&1u16.to_le_bytes()); // mono
    h[24..28].copy_from_slice(&sample_rate.to_le_bytes());
    h[28..32].copy_from_slice(&(sample_rate * 2).to_le_bytes());
    h[32..34].copy_from_slice(&2u16.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes());
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&size(data_len).to_le_bytes());
    h
}

fn io(path: &Path, source: std::io::Error) -> ExportError {
    ExportError::Io {
        path: path.into(),
        source,
    }
}

fn encode_error(path: &Path, reason: String) -> ExportError {
    ExportError::Encode {
        path: path.into(),
        format: "PCM",
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_wav_says_its_length_and_hound_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .unwrap();
        let mut encoder =
            StreamEncoder::new(StreamFormat::Wav, file, &path, 22050, Tags::default()).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 44);
        encoder.write(&[1, -2, 3]).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 50);
        encoder.finish().unwrap();
        let mut reader = hound::WavReader::open(&path).unwrap();
        assert_eq!((reader.spec().sample_rate, reader.len()), (22050, 3));
        let samples: Vec<i16> = reader.samples().map(Result::unwrap).collect();
        assert_eq!(samples, [1, -2, 3]);
    }

    #[test]
    fn pcm_is_resampled_to_24_khz() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pcm");
        let file = File::create(&path).unwrap();
        let mut encoder =
            StreamEncoder::new(StreamFormat::Pcm, file, &path, 22050, Tags::default()).unwrap();
        for _ in 0..10 {
            encoder.write(&[1000; 2205]).unwrap();
        }
        encoder.finish().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 24_000 * 2);
    }
}
