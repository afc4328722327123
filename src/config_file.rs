//! Reading the small files docbao takes from the user's folders (voice profiles, the
//! abbreviation table, an installed voice's receipt): regular files only, with a size cap, so
//! that a FIFO or a link to `/dev/zero` named `*.toml` can neither hang docbao nor eat its
//! memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Reads `path` as UTF-8 text when it is a regular file (links followed) of at most `limit`
/// bytes. Opening does not wait for a FIFO's writer: the file is opened without blocking and
/// checked before anything is read.
pub(crate) fn read_small(path: &Path, limit: u64) -> io::Result<String> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    String::from_utf8(bytes)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than {} KB", limit / 1000),
    )
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("a.toml");
        std::fs::write(&ok, "id = \"x\"").unwrap();
        assert_eq!(read_small(&ok, 100).unwrap(), "id = \"x\"");
        assert!(read_small(&ok, 3).is_err());
        assert!(read_small(dir.path(), 100).is_err());
        #[cfg(unix)]
        {
            let zero = dir.path().join("zero.toml");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            assert!(read_small(&zero, 100).is_err());
            let fifo = dir.path().join("fifo.toml");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            let err = read_small(&fifo, 100).unwrap_err();
            assert_eq!(err.to_string(), "not a regular file");
        }
    }
}
