//! Free space on the disk that holds a folder, so an install that cannot fit is refused
//! before it starts.

use std::path::Path;

/// Bytes free to an unprivileged user on the file system of `path` (or of its nearest
/// existing parent); `None` when it cannot be told.
pub(crate) fn available(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let existing = path.ancestors().find(|p| p.exists())?;
    let c_path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs only writes into the zeroed struct we own; the path is NUL-terminated.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) } == 0;
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    ok.then(|| stat.f_bavail as u64 * stat.f_frsize as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_folder_has_some_room() {
        let dir = tempfile::tempdir().unwrap();
        assert!(available(&dir.path().join("not/yet/made")).is_some_and(|n| n > 0));
    }
}
