//! Which audio format an output path asks for, told by its extension.

use std::path::Path;

use super::ExportError;

/// An audio format docbao writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AudioFormat {
    /// Mono 16-bit PCM in a WAV (RIFF, or RF64 past 4 GiB) container.
    Wav,
}

/// The extensions docbao writes, for messages.
pub const WRITABLE: &str = ".wav";

impl AudioFormat {
    /// The format `path` asks for: `.wav` (any case) or no extension at all (`-`,
    /// `/dev/stdout`) is WAV, and so is anything that is not a regular file (a device, a FIFO
    /// whatever its name); any other extension is an error naming the ones docbao writes —
    /// never WAV under another format's name.
    pub fn from_path(path: &Path) -> Result<AudioFormat, ExportError> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return Ok(AudioFormat::Wav);
        }
        match path.extension().and_then(|e| e.to_str()) {
            None => Ok(AudioFormat::Wav),
            Some(ext) if ext.eq_ignore_ascii_case("wav") || ext.eq_ignore_ascii_case("wave") => {
                Ok(AudioFormat::Wav)
            }
            Some(_) => Err(ExportError::UnknownAudioFormat { path: path.into() }),
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
        for refused in ["a.mp3", "a.opus", "a.ogg", "a.flac", "a.txt"] {
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
