//! Downloading one file of a voice into a `.part` file: resumed with an HTTP `Range` request
//! from whatever an earlier attempt left, retried when the connection breaks while bytes still
//! come, given up when the server sends nothing for too long, and checked against the
//! catalog's size and MD5 before it counts as downloaded.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Duration;

use ureq::Agent;
use url::Url;

use super::InstallError;
use super::catalog::CatalogFile;
use crate::cancel::CancelToken;

/// Attempts in a row that may break without a byte of progress before giving up.
const ATTEMPTS: u32 = 3;

/// What is downloaded where.
pub(crate) struct Job<'a> {
    /// The file's address.
    pub url: &'a Url,
    /// Where it is written while it arrives.
    pub part: &'a Path,
    /// Its size and MD5 in the catalog.
    pub expected: &'a CatalogFile,
    /// Its name, for messages.
    pub name: &'a str,
    /// How long the server may send nothing.
    pub stall: Duration,
}

/// Why one attempt ended without the whole file.
enum Broken {
    /// The connection broke; another attempt may resume.
    Retry(String),
    /// Nothing more can be done.
    Fatal(InstallError),
}

impl From<InstallError> for Broken {
    fn from(error: InstallError) -> Self {
        Broken::Fatal(error)
    }
}

/// Bytes of `path` on disk (0 when it does not exist).
pub(crate) fn len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Downloads `job` into its `.part` file until it is complete and verified.
/// `on_bytes(n)` is told the file's bytes on disk as they grow.
pub(crate) fn download(
    agent: &Agent,
    job: &Job,
    cancel: &CancelToken,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(), InstallError> {
    let size = job.expected.size_bytes;
    let mut failures = 0;
    loop {
        if cancel.is_cancelled() {
            return Err(InstallError::Cancelled { kept: 0 });
        }
        let mut have = len(job.part);
        if have > size {
            remove(job.part)?;
            have = 0;
        }
        if have == size {
            break;
        }
        match attempt(agent, job, have, cancel, on_bytes) {
            Ok(()) => {}
            Err(Broken::Fatal(error)) => return Err(error),
            Err(Broken::Retry(reason)) => {
                if len(job.part) > have {
                    failures = 0;
                } else {
                    failures += 1;
                }
                if failures >= ATTEMPTS {
                    return Err(InstallError::ConnectionLost {
                        host: host(job.url),
                        file: job.name.to_string(),
                        attempts: failures,
                        reason,
                        kept: Some(0),
                    });
                }
                std::thread::sleep(Duration::from_millis(300 * u64::from(failures)));
            }
        }
    }
    let actual = md5_of(job.part).map_err(|e| InstallError::io("read", job.part, e))?;
    if !actual.eq_ignore_ascii_case(&job.expected.md5_digest) {
        remove(job.part)?;
        return Err(InstallError::Checksum {
            file: job.name.to_string(),
            expected: job.expected.md5_digest.to_ascii_lowercase(),
            actual,
        });
    }
    Ok(())
}

/// One request: from `have` bytes on, as far as the connection holds.
fn attempt(
    agent: &Agent,
    job: &Job,
    have: u64,
    cancel: &CancelToken,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(), Broken> {
    let size = job.expected.size_bytes;
    let mut request = agent
        .get(job.url.as_str())
        // Byte ranges count the file's own bytes, not a compressed form of it.
        .header("Accept-Encoding", "identity");
    if have > 0 {
        request = request.header("Range", format!("bytes={have}-"));
    }
    let response = request.call().map_err(|e| classify(e, job))?;
    let status = response.status().as_u16();
    let start = match status {
        200 => 0,
        206 => {
            let range = response
                .headers()
                .get("content-range")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            match range_start(range) {
                Some(start) if start == have => start,
                _ => {
                    // A range other than the one asked for: start again from nothing.
                    remove(job.part)?;
                    return Err(Broken::Retry(format!(
                        "the server sent the range '{range}'"
                    )));
                }
            }
        }
        416 => {
            remove(job.part)?;
            return Err(Broken::Retry("the server refused to resume".into()));
        }
        404 | 410 => {
            return Err(Broken::Fatal(InstallError::NotFound {
                url: job.url.to_string(),
            }));
        }
        _ => {
            return Err(Broken::Fatal(InstallError::Status {
                url: job.url.to_string(),
                status,
                kept: Some(0),
            }));
        }
    };
    let mut file = if start == 0 {
        File::create(job.part)
    } else {
        OpenOptions::new().append(true).open(job.part)
    }
    .map_err(|e| InstallError::io("write", job.part, e))?;
    let mut done = start;
    on_bytes(done);
    let mut body = response.into_body().into_reader();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        if cancel.is_cancelled() {
            return Err(Broken::Fatal(InstallError::Cancelled { kept: 0 }));
        }
        let n = match body.read(&mut buffer) {
            Ok(0) if done < size => {
                return Err(Broken::Retry(
                    "the server closed the connection early".into(),
                ));
            }
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if timed_out(&e) => {
                return Err(Broken::Fatal(stalled(job)));
            }
            Err(e) => return Err(Broken::Retry(e.to_string())),
        };
        if done + n as u64 > size {
            drop(file);
            remove(job.part)?;
            return Err(Broken::Fatal(InstallError::Size {
                file: job.name.to_string(),
                expected: size,
                actual: done + n as u64,
            }));
        }
        file.write_all(&buffer[..n])
            .map_err(|e| InstallError::io("write", job.part, e))?;
        done += n as u64;
        on_bytes(done);
    }
}

/// `bytes 100-199/200` → 100.
fn range_start(content_range: &str) -> Option<u64> {
    let rest = content_range.trim().strip_prefix("bytes")?.trim_start();
    rest.split('-').next()?.trim().parse().ok()
}

pub(crate) fn host(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        _ => url.to_string(),
    }
}

fn stalled(job: &Job) -> InstallError {
    InstallError::Stalled {
        host: host(job.url),
        file: job.name.to_string(),
        waited: job.stall,
        kept: Some(0),
    }
}

/// Whether a read failed because nothing came in time.
fn timed_out(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::TimedOut
        || error.kind() == io::ErrorKind::WouldBlock
        || error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<ureq::Error>())
            .is_some_and(|e| matches!(e, ureq::Error::Timeout(_)))
}

/// ureq's error for a request, as what it means for this download.
fn classify(error: ureq::Error, job: &Job) -> Broken {
    match error {
        ureq::Error::Timeout(_) => Broken::Fatal(stalled(job)),
        ureq::Error::Io(e) if timed_out(&e) => Broken::Fatal(stalled(job)),
        other => match offline_reason(&other) {
            Some(reason) => Broken::Fatal(InstallError::Offline {
                host: host(job.url),
                reason,
                kept: Some(0),
            }),
            None => Broken::Retry(other.to_string()),
        },
    }
}

/// Why the server cannot be reached at all, if that is what `error` says.
pub(crate) fn offline_reason(error: &ureq::Error) -> Option<String> {
    match error {
        ureq::Error::HostNotFound => Some("its name does not resolve to an address".into()),
        ureq::Error::Io(e) if e.to_string().contains("lookup address") => {
            Some("its name does not resolve to an address".into())
        }
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::ConnectionRefused => Some("the connection was refused".into()),
            io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                Some("the network is unreachable".into())
            }
            io::ErrorKind::AddrNotAvailable => Some("no address to connect from".into()),
            _ => None,
        },
        ureq::Error::ConnectProxyFailed(reason) => Some(format!("the proxy failed: {reason}")),
        ureq::Error::Tls(reason) => Some(format!("the secure connection failed: {reason}")),
        _ => None,
    }
}

fn remove(path: &Path) -> Result<(), InstallError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(InstallError::io("remove", path, e)),
        _ => Ok(()),
    }
}

/// The MD5 of a file, in lowercase hexadecimal.
pub(crate) fn md5_of(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut context = md5::Context::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        context.consume(&buffer[..n]);
    }
    Ok(format!("{:x}", context.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges() {
        assert_eq!(range_start("bytes 100-199/200"), Some(100));
        assert_eq!(range_start("bytes 0-0/1"), Some(0));
        assert_eq!(range_start("bytes */200"), None);
        assert_eq!(range_start(""), None);
    }

    #[test]
    fn md5_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(md5_of(&path).unwrap(), "900150983cd24fb0d6963f7d28e17f72");
    }
}
