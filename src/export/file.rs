//! One output file, written safely: a temporary file renamed into place for regular files,
//! written through for devices and pipes (see the [module](super) rules).

use std::fs::{self, File, Metadata};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use super::unfinished;
use super::{ExportError, io_error};

/// Symbolic links followed in a row before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

/// A file being written. Write into [`file`](Self::file); nothing replaces an existing file
/// until [`commit`](Self::commit) (or [`commit_all`]); dropped without a commit, the temporary
/// file is removed.
#[derive(Debug)]
pub struct OutputFile {
    file: File,
    shown: PathBuf,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A temporary file beside `target`, renamed over it on commit.
    Replace {
        temp: Temp,
        target: PathBuf,
        old: Option<Metadata>,
    },
    /// Written straight into the target: a character device, a FIFO, standard output.
    Through { target: PathBuf },
}

impl OutputFile {
    /// Opens `path` for writing (`-` is standard output), failing at once when it cannot be
    /// written, so no work is wasted on output that has nowhere to go.
    pub fn create(path: &Path) -> Result<OutputFile, ExportError> {
        if path.as_os_str() == "-" {
            return stdout();
        }
        // Through every link (also the kernel's own, like /dev/stdout → /proc/self/fd/1).
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(ExportError::IsDirectory { path: path.into() }),
            Ok(meta) if meta.is_file() => {
                let target = fs::canonicalize(path).map_err(|e| io_error(path, e))?;
                replace(path, target, Some(meta))
            }
            Ok(meta) => through(path, &meta),
            Err(_) => {
                let target = resolve_dangling(path)?;
                let dir = parent(&target);
                if !dir.is_dir() {
                    return Err(ExportError::NoSuchDirectory {
                        path: path.into(),
                        dir: dir.into(),
                    });
                }
                replace(path, target, None)
            }
        }
    }

    /// Writes through into `file`, an open stream of one's own — a pipe, a socket, a file
    /// that readers follow as it grows — as into a pipe: the audio goes out as it is made,
    /// header first, and nothing is renamed or rewound. `name` names it in error messages.
    pub fn stream(file: File, name: impl Into<PathBuf>) -> OutputFile {
        let name = name.into();
        OutputFile {
            file,
            shown: name.clone(),
            kind: Kind::Through { target: name },
        }
    }

    /// The file to write into.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The path as it was given.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Where the bytes end up: the path with its symbolic links followed.
    pub fn target(&self) -> &Path {
        match &self.kind {
            Kind::Replace { target, .. } | Kind::Through { target } => target,
        }
    }

    /// Whether the file can go back and fix what it wrote (a header): true for regular
    /// files, false for devices and pipes.
    pub fn is_seekable(&self) -> bool {
        matches!(self.kind, Kind::Replace { .. })
    }

    /// Puts the file in place.
    pub fn commit(self) -> Result<(), ExportError> {
        commit_all(vec![self])
    }

    /// Everything on disk, with the old file's mode and owner.
    fn prepare(&self) -> Result<(), ExportError> {
        let Kind::Replace { old, .. } = &self.kind else {
            return Ok(());
        };
        if let Some(old) = old {
            self.file
                .set_permissions(old.permissions())
                .map_err(|e| io_error(&self.shown, e))?;
            #[cfg(unix)]
            keep_owner(&self.file, old);
        }
        self.file.sync_all().map_err(|e| io_error(&self.shown, e))
    }

    /// Renames the temporary file over the target, keeping the old file aside until every
    /// file of the commit is in place.
    fn install(self) -> Result<Installed, ExportError> {
        let Kind::Replace {
            mut temp,
            target,
            old,
        } = self.kind
        else {
            return Ok(Installed {
                target: self.shown,
                backup: None,
                created: false,
            });
        };
        let backup = if old.is_some() {
            let name = hidden_name(&target, ".old");
            tempfile::Builder::new()
                .prefix(&name)
                .make_in(parent(&target), |candidate| {
                    fs::hard_link(&target, candidate)
                })
                .ok()
        } else {
            None
        };
        temp.persist(&target)
            .map_err(|e| io_error(&self.shown, e))?;
        Ok(Installed {
            target,
            backup,
            created: old.is_none(),
        })
    }
}

/// Puts several files in place together: all are written to disk first, then renamed into
/// place one after the other; if one cannot be, those already in place are put back as they
/// were. Files written through (devices, pipes) have nothing to undo.
pub fn commit_all(files: Vec<OutputFile>) -> Result<(), ExportError> {
    for file in &files {
        file.prepare()?;
    }
    let mut installed: Vec<Installed> = Vec::with_capacity(files.len());
    for file in files {
        match file.install() {
            Ok(done) => installed.push(done),
            Err(error) => {
                for done in installed.into_iter().rev() {
                    done.undo();
                }
                return Err(error);
            }
        }
    }
    Ok(())
}

/// A file renamed into place, with what it replaced kept until the commit is whole.
struct Installed {
    target: PathBuf,
    /// A hard link to the replaced file; removed when dropped.
    backup: Option<NamedTempFile<()>>,
    created: bool,
}

impl Installed {
    fn undo(self) {
        if let Some(backup) = self.backup {
            let _ = backup.persist(&self.target);
        } else if self.created {
            let _ = fs::remove_file(&self.target);
        }
    }
}

/// A temporary file known to [`unfinished`], removed when dropped.
#[derive(Debug)]
struct Temp(Option<TempPath>);

impl Temp {
    fn persist(&mut self, target: &Path) -> io::Result<()> {
        let Some(path) = self.0.take() else {
            return Err(io::Error::other("the file was already put in place"));
        };
        let at = path.to_path_buf();
        match path.persist(target) {
            Ok(_) => {
                unfinished::forget_unfinished(&at);
                Ok(())
            }
            Err(error) => {
                self.0 = Some(error.path);
                Err(error.error)
            }
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            unfinished::forget_unfinished(&path);
            drop(path);
        }
    }
}

fn replace(
    shown: &Path,
    target: PathBuf,
    old: Option<Metadata>,
) -> Result<OutputFile, ExportError> {
    let mut builder = tempfile::Builder::new();
    let prefix = hidden_name(&target, ".");
    builder.prefix(&prefix).suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As a plain `File::create` would: 0666 less the umask, not tempfile's 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let (file, temp) = builder
        .tempfile_in(parent(&target))
        .map_err(|e| io_error(shown, e))?
        .into_parts();
    unfinished::register_unfinished(&temp);
    Ok(OutputFile {
        file,
        shown: shown.into(),
        kind: Kind::Replace {
            temp: Temp(Some(temp)),
            target,
            old,
        },
    })
}

/// A device or a pipe: written through, or refused when it is no place for bytes.
fn through(path: &Path, meta: &Metadata) -> Result<OutputFile, ExportError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_block_device() {
            return Err(ExportError::NotAFile {
                path: path.into(),
                kind: "a block device",
            });
        }
        if kind.is_socket() {
            return Err(ExportError::NotAFile {
                path: path.into(),
                kind: "a socket",
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    if file.is_terminal() {
        return Err(ExportError::Terminal);
    }
    Ok(OutputFile {
        file,
        shown: path.into(),
        kind: Kind::Through {
            target: path.into(),
        },
    })
}

#[cfg(unix)]
fn stdout() -> Result<OutputFile, ExportError> {
    use std::os::fd::AsFd;
    let stdout = io::stdout();
    if stdout.is_terminal() {
        return Err(ExportError::Terminal);
    }
    let fd = stdout
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| io_error(Path::new("-"), e))?;
    Ok(OutputFile {
        file: File::from(fd),
        shown: PathBuf::from("standard output"),
        kind: Kind::Through {
            target: PathBuf::from("-"),
        },
    })
}

#[cfg(not(unix))]
fn stdout() -> Result<OutputFile, ExportError> {
    Err(io_error(
        Path::new("-"),
        io::Error::new(
            io::ErrorKind::Unsupported,
            "standard output is not supported here",
        ),
    ))
}

/// Where a path that does not exist (or is a dangling link) leads: the links followed to the
/// name that would be created.
fn resolve_dangling(path: &Path) -> Result<PathBuf, ExportError> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(|e| io_error(path, e))?;
                current = if link.is_absolute() {
                    link
                } else {
                    parent(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(ExportError::LinkLoop { path: path.into() })
}

/// The folder of `path` (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.name<suffix>`: a hidden name derived from the target's.
fn hidden_name(target: &Path, suffix: &str) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}{suffix}")
}

/// Gives the new file the old one's owner and group where allowed (as root, or when only the
/// group differs and the user belongs to it); otherwise the new file is the user's.
#[cfg(unix)]
fn keep_owner(file: &File, old: &Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(new) = file.metadata() else { return };
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn write(path: &Path, text: &str) -> Result<(), ExportError> {
        let out = OutputFile::create(path)?;
        out.file().write_all(text.as_bytes()).unwrap();
        out.commit()
    }

    #[test]
    fn nothing_appears_until_committed_and_nothing_stays_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let out = OutputFile::create(&path).unwrap();
        out.file().write_all(b"x").unwrap();
        assert!(!path.exists());
        drop(out);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        write(&path, "y").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "y");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_targets_fail_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            OutputFile::create(dir.path()),
            Err(ExportError::IsDirectory { .. })
        ));
        assert!(matches!(
            OutputFile::create(&dir.path().join("missing/a.srt")),
            Err(ExportError::NoSuchDirectory { .. })
        ));
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            OutputFile::create(&file.join("a.srt")),
            Err(ExportError::NoSuchDirectory { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_loops_refused() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        symlink("real.txt", &link).unwrap();
        write(&link, "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");

        let dangling = dir.path().join("dangling.txt");
        symlink("later.txt", &dangling).unwrap();
        write(&dangling, "made").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("later.txt")).unwrap(),
            "made"
        );

        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        symlink("b", &a).unwrap();
        symlink("a", &b).unwrap();
        assert!(matches!(
            OutputFile::create(&a),
            Err(ExportError::LinkLoop { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_new_files_get_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let private = dir.path().join("private.txt");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        write(&private, "new").unwrap();
        assert_eq!(mode(&private), 0o600);

        let path = dir.path().join("a.srt");
        write(&path, "x").unwrap();
        let reference = dir.path().join("reference");
        File::create(&reference).unwrap();
        assert_eq!(mode(&path), mode(&reference));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_written_through() {
        use std::os::unix::fs::FileTypeExt;
        write(Path::new("/dev/null"), "x").unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let full = OutputFile::create(Path::new("/dev/full")).unwrap();
        assert!(!full.is_seekable());
        assert!(full.file().write_all(b"x").is_err());
    }

    #[test]
    fn a_failed_commit_puts_back_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.wav");
        let second = dir.path().join("a.srt");
        fs::write(&first, "old audio").unwrap();
        let a = OutputFile::create(&first).unwrap();
        a.file().write_all(b"new audio").unwrap();
        let b = OutputFile::create(&second).unwrap();
        b.file().write_all(b"new subtitles").unwrap();
        // The second cannot be renamed into place: its name is now a folder.
        fs::create_dir(&second).unwrap();
        assert!(commit_all(vec![a, b]).is_err());
        assert_eq!(fs::read_to_string(&first).unwrap(), "old audio");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
