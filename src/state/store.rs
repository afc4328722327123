//! The file of positions: one small JSON file, read without a lock (it is only ever replaced
//! whole), changed under an advisory lock so that several docbao processes never lose each
//! other's entries, and written atomically (a temporary file in the same folder, synced, then
//! renamed over the old one).

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::state::{ArticleKey, Entry, StateError};

/// The file's name in the state folder.
const FILE: &str = "positions.json";
/// The lock file beside it.
const LOCK: &str = "positions.lock";
/// Where an unreadable file is moved before a new one is written.
const SET_ASIDE: &str = "positions.json.bad";
/// What the file says it is.
const FORMAT: &str = "docbao-positions";
/// The version of the layout written.
const VERSION: u32 = 1;
/// The most articles kept: the most recently read.
pub const MAX_ENTRIES: usize = 200;
/// The largest file read (a full one is about 200 KB).
const MAX_BYTES: u64 = 8 << 20;
/// How long to wait for another docbao holding the lock.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// The file as written.
#[derive(Serialize, Deserialize)]
struct Contents {
    format: String,
    version: u32,
    articles: Vec<Entry>,
}

/// Where docbao keeps its positions and history: a folder, and the file in it.
///
/// ```no_run
/// use docbao::state::{ArticleKey, Entry, Store};
///
/// let store = Store::open_default()?;
/// let key = ArticleKey::for_text("Xin chào. Hôm nay trời đẹp.");
/// if let Some(entry) = store.get(&key)? {
///     println!("{} of {}", entry.sentence + 1, entry.sentences);
/// }
/// let mut entry = Entry::new(key, "Xin chào", "stdin", 2);
/// entry.sentence = 1;
/// store.save(entry)?;
/// # Ok::<(), docbao::state::StateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in docbao's state folder (see [`state_dir`](crate::state::state_dir)).
    /// Nothing is read or created until it is used.
    pub fn open_default() -> Result<Store, StateError> {
        crate::state::state_dir()
            .map(Store::at)
            .ok_or(StateError::NoFolder)
    }

    /// The store in `dir` (created when first written).
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of positions.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    /// The entry for `key`, if one was saved. A missing file is no entry; an unreadable one
    /// is an error ([`StateError::Unreadable`]) that the caller may show and go on without.
    pub fn get(&self, key: &ArticleKey) -> Result<Option<Entry>, StateError> {
        Ok(self.read()?.into_iter().find(|entry| &entry.key == key))
    }

    /// Up to `limit` entries, the most recently saved first.
    pub fn recent(&self, limit: usize) -> Result<Vec<Entry>, StateError> {
        let mut entries = self.read()?;
        sort_newest_first(&mut entries);
        entries.truncate(limit);
        Ok(entries)
    }

    /// Saves `entry`, replacing the one with its key, and keeps the [`MAX_ENTRIES`] most
    /// recent. Another docbao saving at the same time waits for this one (up to 3 seconds)
    /// and keeps its entries. An unreadable file is moved aside (to `positions.json.bad`)
    /// and a new one started.
    pub fn save(&self, entry: Entry) -> Result<(), StateError> {
        self.change(|entries| {
            entries.retain(|e| e.key != entry.key);
            entries.push(entry);
        })
    }

    /// Forgets every article; returns how many there were.
    pub fn clear(&self) -> Result<usize, StateError> {
        let mut count = 0;
        self.change(|entries| {
            count = entries.len();
            entries.clear();
        })?;
        Ok(count)
    }

    /// Reads, changes and writes the file under the lock.
    fn change(&self, edit: impl FnOnce(&mut Vec<Entry>)) -> Result<(), StateError> {
        self.create_dir()?;
        let _lock = self.lock()?;
        let path = self.path();
        let mut entries = match self.read() {
            Ok(entries) => entries,
            Err(StateError::Unreadable { .. }) => {
                // Keep it for whoever wants to look, and start again.
                let aside = self.dir.join(SET_ASIDE);
                std::fs::rename(&path, &aside).map_err(|e| io_error(&path, e))?;
                Vec::new()
            }
            Err(other) => return Err(other),
        };
        edit(&mut entries);
        sort_newest_first(&mut entries);
        entries.truncate(MAX_ENTRIES);
        let contents = Contents {
            format: FORMAT.into(),
            version: VERSION,
            articles: entries,
        };
        let json = serde_json::to_vec_pretty(&contents)
            .map_err(|e| io_error(&path, io::Error::other(e)))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".positions.")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| io_error(&self.dir, e))?;
        temp.write_all(&json)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| io_error(temp.path(), e))?;
        // rename(2) replaces a link or a FIFO at `path` itself, never what it points at.
        temp.persist(&path).map_err(|e| io_error(&path, e.error))?;
        Ok(())
    }

    /// Every entry in the file (none when there is no file).
    fn read(&self) -> Result<Vec<Entry>, StateError> {
        let path = self.path();
        let bytes = match read_regular(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                return Err(StateError::Unreadable {
                    path,
                    reason: e.to_string(),
                });
            }
            Err(e) => return Err(io_error(&path, e)),
        };
        let unreadable = |reason: String| StateError::Unreadable {
            path: path.clone(),
            reason,
        };
        let contents: Contents = serde_json::from_slice(&bytes)
            .map_err(|e| unreadable(format!("not a file of docbao's positions: {e}")))?;
        if contents.format != FORMAT {
            return Err(unreadable("not a file of docbao's positions".into()));
        }
        Ok(contents.articles)
    }

    fn create_dir(&self) -> Result<(), StateError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&self.dir)
            .map_err(|e| io_error(&self.dir, e))
    }

    /// Takes the advisory lock, waiting a little for another docbao.
    fn lock(&self) -> Result<File, StateError> {
        let path = self.dir.join(LOCK);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        no_follow(&mut options);
        let file = options.open(&path).map_err(|e| io_error(&path, e))?;
        if !file.metadata().map_err(|e| io_error(&path, e))?.is_file() {
            return Err(io_error(
                &path,
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
            ));
        }
        let started = Instant::now();
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(file),
                Err(fs4::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(fs4::TryLockError::WouldBlock) => return Err(StateError::Busy(path)),
                Err(fs4::TryLockError::Error(e)) => return Err(io_error(&path, e)),
            }
        }
    }
}

fn sort_newest_first(entries: &mut [Entry]) {
    // Stable: among equal times, the one saved last (pushed last) goes first.
    entries.reverse();
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
}

fn io_error(path: &Path, source: io::Error) -> StateError {
    StateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads `path` if it is a regular file (not through a link, without waiting on a FIFO) of
/// at most [`MAX_BYTES`]; anything else is `InvalidData`.
fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a symbolic link",
            ));
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MB", MAX_BYTES >> 20),
        ));
    }
    Ok(bytes)
}

/// Opens without following a final symbolic link, and without waiting for a FIFO's writer.
#[cfg(unix)]
fn no_follow(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
}

#[cfg(not(unix))]
fn no_follow(_options: &mut OpenOptions) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str, sentence: usize, updated: u64) -> Entry {
        let mut entry = Entry::new(ArticleKey::for_text(text), text, "stdin", 10);
        entry.sentence = sentence;
        entry.updated = updated;
        entry
    }

    #[test]
    fn saves_replaces_and_lists_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("docbao"));
        assert_eq!(store.get(&ArticleKey::for_text("a")).unwrap(), None);
        assert!(store.recent(10).unwrap().is_empty());
        store.save(entry("a", 1, 100)).unwrap();
        store.save(entry("b", 2, 200)).unwrap();
        store.save(entry("a", 3, 300)).unwrap();
        let recent = store.recent(10).unwrap();
        assert_eq!(
            recent
                .iter()
                .map(|e| (e.title.as_str(), e.sentence))
                .collect::<Vec<_>>(),
            [("a", 3), ("b", 2)]
        );
        assert_eq!(store.recent(1).unwrap().len(), 1);
        assert_eq!(
            store
                .get(&ArticleKey::for_text("a"))
                .unwrap()
                .unwrap()
                .sentence,
            3
        );
        // Nothing is left behind but the file and its lock.
        let mut names: Vec<_> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["positions.json", "positions.lock"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        assert_eq!(store.clear().unwrap(), 2);
        assert!(store.recent(10).unwrap().is_empty());
    }

    #[test]
    fn keeps_the_most_recent_two_hundred() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        for i in 0..MAX_ENTRIES + 5 {
            store.save(entry(&format!("t{i}"), 0, i as u64)).unwrap();
        }
        let recent = store.recent(usize::MAX).unwrap();
        assert_eq!(recent.len(), MAX_ENTRIES);
        assert_eq!(recent[0].title, format!("t{}", MAX_ENTRIES + 4));
        assert_eq!(recent.last().unwrap().title, "t5");
    }

    #[test]
    fn an_unreadable_file_is_reported_then_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        for junk in [
            &b"{not json"[..],
            b"[1, 2]",
            br#"{"format":"other","version":1,"articles":[]}"#,
            b"\xff\xfe",
        ] {
            std::fs::write(store.path(), junk).unwrap();
            let error = store.get(&ArticleKey::for_text("a")).unwrap_err();
            assert!(matches!(error, StateError::Unreadable { .. }), "{error}");
            assert!(error.to_string().contains("positions.json"), "{error}");
            store.save(entry("a", 4, 1)).unwrap();
            assert_eq!(std::fs::read(dir.path().join(SET_ASIDE)).unwrap(), junk);
            assert_eq!(
                store
                    .get(&ArticleKey::for_text("a"))
                    .unwrap()
                    .unwrap()
                    .sentence,
                4
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_and_fifos_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state"));
        std::fs::create_dir(store.dir()).unwrap();
        // A link to a file elsewhere: not read, and replaced (not written through) on save.
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::write(&elsewhere, "keep me").unwrap();
        std::os::unix::fs::symlink(&elsewhere, store.path()).unwrap();
        assert!(matches!(
            store.get(&ArticleKey::for_text("a")),
            Err(StateError::Unreadable { .. })
        ));
        store.save(entry("a", 1, 1)).unwrap();
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
        assert!(std::fs::symlink_metadata(store.path()).unwrap().is_file());
        // A FIFO: reading does not wait for a writer.
        std::fs::remove_file(store.path()).unwrap();
        let fifo = std::ffi::CString::new(store.path().to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) with a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            store.recent(5),
            Err(StateError::Unreadable { .. })
        ));
        store.save(entry("b", 2, 2)).unwrap();
        assert_eq!(store.recent(5).unwrap().len(), 1);
        // A link as the lock file is refused, not followed.
        std::fs::remove_file(store.dir().join(LOCK)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, store.dir().join(LOCK)).unwrap();
        assert!(matches!(
            store.save(entry("c", 0, 3)),
            Err(StateError::Io { .. })
        ));
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let path = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    // Each its own store, as two processes would have.
                    let store = Store::at(path);
                    for i in 0..40 {
                        store
                            .save(entry(&format!("w{w}-{i}"), i, i as u64))
                            .unwrap();
                        // Readers never see a half-written file.
                        store.recent(MAX_ENTRIES).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(Store::at(dir.path()).recent(MAX_ENTRIES).unwrap().len(), 80);
    }

    #[test]
    fn a_held_lock_is_waited_for_then_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store.save(entry("a", 0, 0)).unwrap();
        let held = store.lock().unwrap();
        let started = Instant::now();
        let error = store.save(entry("b", 0, 0)).unwrap_err();
        assert!(matches!(error, StateError::Busy(_)), "{error}");
        assert!(started.elapsed() >= LOCK_WAIT);
        drop(held);
        store.save(entry("b", 0, 0)).unwrap();
    }
}
