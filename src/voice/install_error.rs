//! Why the catalog could not be read or a voice could not be installed or removed: one
//! sentence each, saying what was kept.

use std::path::PathBuf;
use std::time::Duration;

use crate::lang::Lang;

/// Why the catalog could not be read, or a voice not installed or removed. Whatever the
/// error, no voice is left half-installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The server could not be reached at all.
    #[error("cannot reach {host} ({reason}){}", kept_note(*.kept))]
    Offline {
        /// The host asked.
        host: String,
        /// What went wrong.
        reason: String,
        /// Bytes kept to resume from, for a download (`None` for the catalog).
        kept: Option<u64>,
    },
    /// The server has no such file.
    #[error("{url} does not exist (HTTP 404): the catalog or its mirror is not complete")]
    NotFound {
        /// The address asked.
        url: String,
    },
    /// The server answered with an error.
    #[error("{url} answered HTTP {status}{}", kept_note(*.kept))]
    Status {
        /// The address asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Bytes kept to resume from, for a download (`None` for the catalog).
        kept: Option<u64>,
    },
    /// The server sent nothing for too long.
    #[error("{host} sent nothing for {} s while downloading {file}{}", .waited.as_secs(), kept_note(*.kept))]
    Stalled {
        /// The host.
        host: String,
        /// The file being downloaded.
        file: String,
        /// How long nothing came.
        waited: Duration,
        /// Bytes kept to resume from, for a download (`None` for the catalog).
        kept: Option<u64>,
    },
    /// The connection broke again and again.
    #[error("the connection to {host} broke {attempts} times while downloading {file} ({reason}){}", kept_note(*.kept))]
    ConnectionLost {
        /// The host.
        host: String,
        /// The file.
        file: String,
        /// How many attempts broke without progress.
        attempts: u32,
        /// The last error.
        reason: String,
        /// Bytes kept to resume from, for a download (`None` for the catalog).
        kept: Option<u64>,
    },
    /// The downloaded file is not the catalog's.
    #[error(
        "{file} arrived damaged (MD5 {actual}, the catalog says {expected}) and was deleted; nothing was installed"
    )]
    Checksum {
        /// The file.
        file: String,
        /// The catalog's digest.
        expected: String,
        /// The digest of what arrived.
        actual: String,
    },
    /// The server sent more or less than the catalog's size.
    #[error(
        "{file} arrived with {actual} bytes where the catalog says {expected}, and was deleted; nothing was installed"
    )]
    Size {
        /// The file.
        file: String,
        /// The catalog's size.
        expected: u64,
        /// What arrived.
        actual: u64,
    },
    /// Not enough room on the disk.
    #[error("there is not enough space in {}: {} free{}; nothing was installed", .dir.display(), megabytes(*.available), needed_note(*.needed))]
    DiskFull {
        /// Where the voice goes.
        dir: PathBuf,
        /// Bytes still to write, when known.
        needed: Option<u64>,
        /// Bytes free.
        available: u64,
    },
    /// Stopped by the user (Ctrl-C).
    #[error("stopped before the voice was complete{}", kept_note(Some(*.kept)))]
    Cancelled {
        /// Bytes kept to resume from.
        kept: u64,
    },
    /// The catalog is not a voice catalog.
    #[error("{url} is not usable: {reason}")]
    BadCatalog {
        /// Where it came from.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The catalog has no such voice.
    #[error("the catalog has no voice '{query}'{}", suggest(.suggestions))]
    UnknownVoice {
        /// What was asked for.
        query: String,
        /// The closest keys.
        suggestions: Vec<String>,
    },
    /// docbao recommends no voice for this language.
    #[error("docbao recommends no voice for '{lang}'{}", list(.keys))]
    NoRecommendation {
        /// The language.
        lang: Lang,
        /// The catalog's voices for it.
        keys: Vec<String>,
    },
    /// The downloaded voice cannot be used.
    #[error("{key} is not a usable Piper voice ({reason}); nothing was installed")]
    Unusable {
        /// The voice.
        key: String,
        /// Why.
        reason: String,
    },
    /// `remove` of a voice that is not installed.
    #[error("the voice '{key}' is not installed{}", suggest(.installed))]
    NotInstalled {
        /// What was asked for.
        key: String,
        /// The installed voices.
        installed: Vec<String>,
    },
    /// The catalog's base address cannot be used.
    #[error("'{url}' cannot be the catalog's address: {reason}")]
    BadBaseUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No data folder (no home folder).
    #[error("there is no folder for docbao's data (set HOME or XDG_DATA_HOME)")]
    NoDataDir,
    /// Reading or writing a file failed.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What was being done: `write`, `create`, `remove`.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl InstallError {
    /// Whether what arrived is worth keeping for the next attempt: the download was
    /// interrupted, not refused or damaged.
    pub fn is_resumable(&self) -> bool {
        match self {
            InstallError::Offline { .. }
            | InstallError::Stalled { .. }
            | InstallError::ConnectionLost { .. }
            | InstallError::Cancelled { .. }
            | InstallError::DiskFull { .. } => true,
            InstallError::Status { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// The same error, saying that `bytes` received are kept.
    #[cfg(feature = "fetch")]
    pub(crate) fn with_kept(mut self, bytes: u64) -> Self {
        match &mut self {
            InstallError::Offline { kept, .. }
            | InstallError::Status { kept, .. }
            | InstallError::Stalled { kept, .. }
            | InstallError::ConnectionLost { kept, .. } => *kept = Some(bytes),
            InstallError::Cancelled { kept } => *kept = bytes,
            _ => {}
        }
        self
    }

    /// An I/O error, turned into [`InstallError::DiskFull`] when the disk is full.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::StorageFull {
            #[cfg(feature = "fetch")]
            let available = super::space::available(&path).unwrap_or(0);
            #[cfg(not(feature = "fetch"))]
            let available = 0;
            return InstallError::DiskFull {
                available,
                dir: path.parent().map(PathBuf::from).unwrap_or(path),
                needed: None,
            };
        }
        InstallError::Io {
            action,
            path,
            source,
        }
    }
}

/// `12.3 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn kept_note(kept: Option<u64>) -> String {
    let Some(kept) = kept else {
        return String::new();
    };
    if kept == 0 {
        "; nothing was installed".into()
    } else {
        format!(
            "; nothing was installed, and the {} received are kept: the same command resumes",
            megabytes(kept)
        )
    }
}

fn needed_note(needed: Option<u64>) -> String {
    needed
        .map(|n| format!(" and the voice needs {} more", megabytes(n)))
        .unwrap_or_default()
}

fn suggest(keys: &[String]) -> String {
    match keys {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        many => format!(" (closest: {})", many.join(", ")),
    }
}

fn list(keys: &[String]) -> String {
    match keys {
        [] => ": the catalog has no voice for it".into(),
        keys => format!(": choose one of {}", keys.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_say_what_was_kept() {
        let stalled = InstallError::Stalled {
            host: "127.0.0.1".into(),
            file: "x.onnx".into(),
            waited: Duration::from_secs(30),
            kept: Some(31_400_000),
        };
        assert_eq!(
            stalled.to_string(),
            "127.0.0.1 sent nothing for 30 s while downloading x.onnx; nothing was installed, \
             and the 31.4 MB received are kept: the same command resumes"
        );
        assert_eq!(
            InstallError::Cancelled { kept: 0 }.to_string(),
            "stopped before the voice was complete; nothing was installed"
        );
        let full = InstallError::io(
            "write",
            "/tmp/x/y.part",
            std::io::Error::from(std::io::ErrorKind::StorageFull),
        );
        assert!(
            full.to_string()
                .starts_with("there is not enough space in /tmp/x"),
            "{full}"
        );
    }
}
