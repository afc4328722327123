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
    /// Mono 16-bit FLAC (lossless).
    Flac,
}

/// The extensions docbao writes, for messages.
pub const WRITABLE: &str = ".wav, .opus (or .ogg), .mp3 and .flac";

impl AudioFormat {
    /// The format `path` asks for, by its extension in any case: `.wav` (`.wave`), `.opus` or
    /// `.ogg`, `.mp3`, `.flac`. No extension at all (`-`, `/dev/stdout`) is WAV; so is a device or a
    /// FIFO whose name has no extension docbao knows (`/dev/null`, `pipe.1`). Any other
    /// extension is an error naming the ones docbao writes — never WAV under another format's
    /// name.
    pub fn from_path(path: &Path) -> Result<AudioFormat, ExportError> {
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        match path.extension().and_then(|e| e.to_str()) {
            None => Ok(AudioFormat::Wav),
            Some(ext) => match AudioFormat::from_name(ext) {
                Some(format) => Ok(format),
                None if special => Ok(AudioFormat::Wav),
                None => Err(ExportError::UnknownAudioFormat { path: path.into() }),
            },
        }
    }

    /// The format a name or an extension says, in any case: `wav` (`wave`), `opus` or `ogg`,
    /// `mp3`, `flac`.
    pub fn from_name(name: &str) -> Option<AudioFormat> {
        match name.to_ascii_lowercase().as_str() {
            "wav" | "wave" => Some(AudioFormat::Wav),
            "opus" | "ogg" => Some(AudioFormat::Opus),
            "mp3" => Some(AudioFormat::Mp3),
            "flac" => Some(AudioFormat::Flac),
            _ => None,
        }
    }

    /// Its usual name: `wav`, `opus`, `mp3`, `flac`.
    pub fn name(self) -> &'static str {
        match self {
            AudioFormat::Wav => "wav",
            AudioFormat::Opus => "opus",
            AudioFormat::Mp3 => "mp3",
            AudioFormat::Flac => "flac",
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
            ("a.FLAC", AudioFormat::Flac),
        ] {
            assert_eq!(
                AudioFormat::from_path(Path::new(name)).unwrap(),
                format,
                "{name}"
            );
        }
        #[cfg(unix)]
        {
            // A device: by its known extension, else WAV.
            assert_eq!(
                AudioFormat::from_path(Path::new("/dev/null")).unwrap(),
                AudioFormat::Wav
            );
            let dir = tempfile::tempdir().unwrap();
            for (name, format) in [("p.opus", AudioFormat::Opus), ("p.1", AudioFormat::Wav)] {
                let fifo = dir.path().join(name);
                let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
                assert_eq!(AudioFormat::from_path(&fifo).unwrap(), format, "{name}");
            }
        }
        for refused in ["a.aac", "a.txt", "a.m4a"] {
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
