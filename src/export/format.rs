//! Which audio format an output path asks for, told by its extension.

use std::path::Path;

use super::ExportError;

/// An audio format docbao writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AudioFormat {
    /// Mono 16-bit PCM in a WAV (RIFF, or RF64 past 4 GiB) container.
    Wav,
    /// Mono Opus (libopus) in an Ogg container: `.opus` or `.ogg`.
    Opus,
    /// Mono MP3 (LAME).
    Mp3,
}

/// The extensions docbao writes, for messages.
pub const WRITABLE: &str = ".wav, .opus (or .ogg) and .mp3";

impl AudioFormat {
    /// The format `path` asks for, by its extension in any case: `.wav` (`.wave`), `.opus` or
    /// `.ogg`, `.mp3`. No extension at all (`-`, `/dev/stdout`) is WAV, and so is anything that
    /// is not a regular file (a device, a FIFO whatever its name); any other extension is an
    /// error naming the ones docbao writes — never WAV under another format's name.
    pub fn from_path(path: &Path) -> Result<AudioFormat, ExportError> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return Ok(AudioFormat::Wav);
        }
        match path.extension().and_then(|e| e.to_str()) {
            None => Ok(AudioFormat::Wav),
            Some(ext) => match ext.to_ascii_lowercase().as_str() {
                "wav" | "wave" => Ok(AudioFormat::Wav),
                "opus" | "ogg" => Ok(AudioFormat::Opus),
                "mp3" => Ok(AudioFormat::Mp3),
                _ => Err(ExportError::UnknownAudioFormat { path: path.into() }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        for ok in [
            "a.wav",
            "A.WAV",
            "b.wave",
            "-",
            "/dev/stdout",
            "pipe",
            "dir.v1/out",
        ] {
            assert_eq!(
                AudioFormat::from_path(Path::new(ok)).unwrap(),
                AudioFormat::Wav,
                "{ok}"
            );
        }
        for (name, format) in [
            ("a.opus", AudioFormat::Opus),
            ("a.OGG", AudioFormat::Opus),
            ("a.mp3", AudioFormat::Mp3),
            ("a.Mp3", AudioFormat::Mp3),
        ] {
            assert_eq!(
                AudioFormat::from_path(Path::new(name)).unwrap(),
                format,
                "{name}"
            );
        }
        for refused in ["a.flac", "a.txt", "a.m4a"] {
            assert!(
                matches!(
                    AudioFormat::from_path(Path::new(refused)),
                    Err(ExportError::UnknownAudioFormat { .. })
                ),
                "{refused}"
            );
        }
    }
}
