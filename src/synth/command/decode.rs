//! Turning what a voice program wrote into mono 16-bit samples.

use std::io::Cursor;

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// Decoded audio: samples per second and mono samples.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub rate: u32,
    pub samples: Vec<i16>,
}

/// Decodes a WAV file held in memory, mixing channels down to mono.
///
/// Piped WAV headers often carry placeholder sizes (espeak-ng writes `0x7ffff000`), so the
/// reader believes in more frames than exist and ends with "unexpected end of file": that is
/// taken as the end, and the duration is what was decoded.
pub(crate) fn wav(bytes: Vec<u8>) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("it wrote no audio".into());
    }
    let source = MediaSourceStream::new(Box::new(Cursor::new(bytes)), Default::default());
    let mut hint = Hint::new();
    hint.with_extension("wav");
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            source,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| format!("its output is not WAV audio ({e})"))?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or("its output has no audio track")?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .ok_or("its output has no audio parameters")?
        .clone();
    let rate = params.sample_rate.ok_or("its output has no sample rate")?;
    let channels = params.channels.as_ref().map_or(1, |c| c.count()).max(1);
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .map_err(|e| format!("its audio cannot be decoded ({e})"))?;
    let mut interleaved: Vec<i16> = Vec::new();
    let mut buffer: Vec<i16> = Vec::new();
    loop {
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            Err(DecodeError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(format!("its audio is damaged ({e})")),
        };
        if packet.track_id != track_id {
            continue;
        }
        let audio = match decoder.decode(&packet) {
            Ok(audio) => audio,
            Err(DecodeError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(DecodeError::DecodeError(_)) => continue,
            Err(e) => return Err(format!("its audio cannot be decoded ({e})")),
        };
        buffer.resize(audio.samples_interleaved(), 0);
        audio.copy_to_slice_interleaved(&mut buffer);
        interleaved.extend_from_slice(&buffer);
    }
    Ok(Decoded {
        rate,
        samples: mono(&interleaved, channels),
    })
}

/// Averages interleaved channels into one.
fn mono(interleaved: &[i16], channels: usize) -> Vec<i16> {
    if channels <= 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks_exact(channels)
        .map(|frame| {
            let sum: i32 = frame.iter().map(|&s| i32::from(s)).sum();
            (sum / channels as i32) as i16
        })
        .collect()
}

/// Raw signed 16-bit little-endian samples (an odd last byte is dropped).
pub(crate) fn s16le(bytes: &[u8]) -> Vec<i16> {
    bytes
        .chunks_exact(2)
        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_bytes(rate: u32, channels: u16, samples: &[i16], placeholder: bool) -> Vec<u8> {
        let mut cursor = Cursor::new(Vec::new());
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::new(&mut cursor, spec).unwrap();
        for &s in samples {
            writer.write_sample(s).unwrap();
        }
        writer.finalize().unwrap();
        let mut bytes = cursor.into_inner();
        if placeholder {
            // What espeak-ng writes when its output is a pipe.
            bytes[4..8].copy_from_slice(&0x7fff_f024u32.to_le_bytes());
            bytes[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn placeholder_sizes_end_at_the_data() {
        let samples: Vec<i16> = (0..10_000).map(|i| (i % 300) as i16).collect();
        let decoded = wav(wav_bytes(16_000, 1, &samples, true)).unwrap();
        assert_eq!(decoded.rate, 16_000);
        assert_eq!(decoded.samples, samples);
    }

    #[test]
    fn stereo_is_mixed_down() {
        let decoded = wav(wav_bytes(8000, 2, &[100, 300, -50, -150], false)).unwrap();
        assert_eq!(decoded.samples, vec![200, -100]);
    }

    #[test]
    fn garbage_and_nothing_are_errors() {
        assert!(wav(Vec::new()).unwrap_err().contains("no audio"));
        let err = wav(b"this is not audio at all, just words".to_vec()).unwrap_err();
        assert!(err.contains("not WAV"), "{err}");
        assert_eq!(s16le(&[1, 0, 0xff, 0xff, 7]), vec![1, -1]);
    }
}
