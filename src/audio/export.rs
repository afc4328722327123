//! Writing results to files, never half: everything goes to a temporary file beside the
//! target, which is renamed over it only once complete. An error or a cancelled render leaves
//! the target as it was.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::TempPath;

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
    /// The subtitle format cannot be told from the file name.
    #[error("cannot tell the subtitle format of {path}: use a name ending in .srt or .vtt")]
    UnknownSubtitleFormat {
        /// The subtitle path.
        path: PathBuf,
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

/// A file being written: a temporary file beside `target` until [`commit`](Self::commit).
/// Dropped without a commit, the temporary file is removed.
struct Pending {
    file: File,
    temp: TempPath,
    target: PathBuf,
}

impl Pending {
    fn create(target: &Path) -> Result<Pending, ExportError> {
        if target.is_dir() {
            return Err(ExportError::IsDirectory {
                path: target.into(),
            });
        }
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(ExportError::NoSuchDirectory {
                path: target.into(),
                dir: dir.into(),
            });
        }
        let stem = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{stem}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // As a plain `File::create` would: 0666 less the umask, not tempfile's 0600.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let (file, temp) = builder
            .tempfile_in(dir)
            .map_err(|source| io_error(target, source))?
            .into_parts();
        Ok(Pending {
            file,
            temp,
            target: target.into(),
        })
    }

    fn commit(self) -> Result<(), ExportError> {
        self.file
            .sync_all()
            .map_err(|source| io_error(&self.target, source))?;
        self.temp
            .persist(&self.target)
            .map_err(|error| io_error(&self.target, error.error))
    }
}

fn io_error(path: &Path, source: io::Error) -> ExportError {
    ExportError::Io {
        path: path.into(),
        source,
    }
}

fn wav_error(path: &Path, error: hound::Error) -> ExportError {
    match error {
        hound::Error::IoError(source) => io_error(path, source),
        other => io_error(path, io::Error::other(other.to_string())),
    }
}

/// A mono 16-bit WAV file being written.
pub struct WavOutput {
    writer: hound::WavWriter<BufWriter<File>>,
    pending: Pending,
}

impl WavOutput {
    /// Starts writing `path`. Fails at once when the path cannot be written, so no work is
    /// wasted on audio that has nowhere to go.
    pub fn create(path: &Path, sample_rate: u32) -> Result<WavOutput, ExportError> {
        let pending = Pending::create(path)?;
        let file = pending
            .file
            .try_clone()
            .map_err(|source| io_error(path, source))?;
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let writer =
            hound::WavWriter::new(BufWriter::new(file), spec).map_err(|e| wav_error(path, e))?;
        Ok(WavOutput { writer, pending })
    }

    /// Appends samples.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        let mut block = self.writer.get_i16_writer(samples.len() as u32);
        for &sample in samples {
            block.write_sample(sample);
        }
        block
            .flush()
            .map_err(|e| wav_error(&self.pending.target, e))
    }

    /// Completes the header, then puts the file in place.
    pub fn finish(self) -> Result<(), ExportError> {
        let target = self.pending.target.clone();
        self.writer.finalize().map_err(|e| wav_error(&target, e))?;
        self.pending.commit()
    }
}

/// A text file (subtitles) reserved now and written in one go later.
pub struct TextOutput {
    pending: Pending,
}

impl TextOutput {
    /// Reserves `path`, failing at once when it cannot be written.
    pub fn create(path: &Path) -> Result<TextOutput, ExportError> {
        Ok(TextOutput {
            pending: Pending::create(path)?,
        })
    }

    /// Writes `contents`, then puts the file in place.
    pub fn finish(mut self, contents: &str) -> Result<(), ExportError> {
        let target = self.pending.target.clone();
        self.pending
            .file
            .write_all(contents.as_bytes())
            .map_err(|source| io_error(&target, source))?;
        self.pending.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_finished_and_nothing_stays_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        let mut wav = WavOutput::create(&path, 22050).unwrap();
        wav.write(&[1, 2, 3]).unwrap();
        assert!(!path.exists());
        drop(wav);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "temporary file left behind"
        );

        let mut wav = WavOutput::create(&path, 22050).unwrap();
        wav.write(&[1, 2, 3]).unwrap();
        wav.finish().unwrap();
        let reader = hound::WavReader::open(&path).unwrap();
        assert_eq!((reader.spec().sample_rate, reader.len()), (22050, 3));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_targets_fail_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            TextOutput::create(dir.path()),
            Err(ExportError::IsDirectory { .. })
        ));
        assert!(matches!(
            TextOutput::create(&dir.path().join("missing/a.srt")),
            Err(ExportError::NoSuchDirectory { .. })
        ));
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            TextOutput::create(&file.join("a.srt")),
            Err(ExportError::NoSuchDirectory { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn files_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.srt");
        TextOutput::create(&path).unwrap().finish("x").unwrap();
        let reference = dir.path().join("reference");
        File::create(&reference).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&reference));
    }
}
