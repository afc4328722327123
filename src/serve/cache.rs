//! The service's only state: a folder on disk, shared by every instance that is given it.
//!
//! ```text
//! articles/<id>.json   how the article was given (text, HTML, a fetched page) …
//! articles/<id>.body   … and its bytes: the document is built again from them
//! timings/<key>.json   a rendering's sentences in time and its WebVTT cues (per voice and rate)
//! audio/<key>-<format>.<ext>   the rendering's audio, complete
//! audio/.<…>.part      audio being synthesized (never served from another instance)
//! ```
//!
//! Names are content hashes, so instances agree on them without talking. Every file appears
//! whole (written aside, then renamed); a use touches its modification time, and when the
//! folder outgrows its cap the least recently used files go first.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::encode::StreamFormat;

/// How an article was given: enough to build the same document again.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct ArticleRecord {
    /// `text`, `html` or `page` (fetched).
    pub source: String,
    /// The language asked for (a BCP 47 tag); `None`: recognised.
    pub lang: Option<String>,
    /// Read everything: no page-chrome removal.
    pub raw: bool,
    /// A fetched page's address (after redirects).
    pub url: Option<String>,
    /// The address the client gave.
    pub asked: Option<String>,
    /// A fetched page's format: `html` or `text`.
    pub format: Option<String>,
    /// A fetched page's declared charset.
    pub charset: Option<String>,
}

/// A sentence of a rendering, in seconds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct SentenceTime {
    /// The sentence's index in the article.
    pub index: usize,
    pub start: f64,
    pub end: f64,
}

/// A complete rendering's timing.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Timing {
    /// Its length in seconds.
    pub duration: f64,
    pub sentences: Vec<SentenceTime>,
    /// One WebVTT cue per sentence.
    pub vtt: String,
}

/// The cache folder.
pub(crate) struct Cache {
    dir: PathBuf,
    cap: u64,
    /// One eviction at a time in this process.
    evicting: Mutex<()>,
}

/// A hex SHA-256 of `parts`, each length-prefixed (no two lists of parts hash alike), cut to
/// 128 bits.
pub(crate) fn hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `id` has the shape of a key: 32 lowercase hex digits (nothing else reaches a path).
pub(crate) fn is_key(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Cache {
    /// Opens (creating) the folder; removes what crashed or killed syntheses left behind.
    pub fn open(dir: &Path, cap: u64, stale_after: Duration) -> io::Result<Cache> {
        for sub in ["articles", "timings", "audio"] {
            fs::create_dir_all(dir.join(sub))?;
        }
        let cache = Cache {
            dir: dir.to_path_buf(),
            cap,
            evicting: Mutex::new(()),
        };
        cache.remove_stale_parts(stale_after);
        cache.evict();
        Ok(cache)
    }

    fn article_paths(&self, id: &str) -> (PathBuf, PathBuf) {
        let dir = self.dir.join("articles");
        (
            dir.join(format!("{id}.json")),
            dir.join(format!("{id}.body")),
        )
    }

    /// Stores an article (the body first: a record is only ever found with its body).
    pub fn store_article(&self, id: &str, record: &ArticleRecord, body: &[u8]) -> io::Result<()> {
        let (json, data) = self.article_paths(id);
        if json.exists() && data.exists() {
            touch(&json);
            touch(&data);
            return Ok(());
        }
        write_atomic(&data, body)?;
        write_atomic(
            &json,
            &serde_json::to_vec(record).map_err(io::Error::other)?,
        )?;
        self.evict();
        Ok(())
    }

    /// The article `id`, if the cache has it.
    pub fn load_article(&self, id: &str) -> Option<(ArticleRecord, Vec<u8>)> {
        let (json, data) = self.article_paths(id);
        let record = serde_json::from_slice(&fs::read(&json).ok()?).ok()?;
        let body = fs::read(&data).ok()?;
        touch(&json);
        touch(&data);
        Some((record, body))
    }

    fn timing_path(&self, key: &str) -> PathBuf {
        self.dir.join("timings").join(format!("{key}.json"))
    }

    pub fn store_timing(&self, key: &str, timing: &Timing) -> io::Result<()> {
        write_atomic(
            &self.timing_path(key),
            &serde_json::to_vec(timing).map_err(io::Error::other)?,
        )
    }

    pub fn load_timing(&self, key: &str) -> Option<Timing> {
        let path = self.timing_path(key);
        let timing = serde_json::from_slice(&fs::read(&path).ok()?).ok()?;
        touch(&path);
        Some(timing)
    }

    pub fn audio_path(&self, key: &str, format: StreamFormat) -> PathBuf {
        self.dir
            .join("audio")
            .join(format!("{key}-{}.{}", format.name(), format.extension()))
    }

    /// The complete audio of `key` in `format`, opened, with its timing.
    pub fn open_audio(&self, key: &str, format: StreamFormat) -> Option<(File, Timing)> {
        let path = self.audio_path(key, format);
        let file = File::open(&path).ok()?;
        let timing = self.load_timing(key)?;
        let _ = file.set_modified(SystemTime::now());
        Some((file, timing))
    }

    /// A new temporary file for audio being made, beside where it will go.
    pub fn new_part(&self, key: &str, format: StreamFormat) -> io::Result<tempfile::NamedTempFile> {
        tempfile::Builder::new()
            .prefix(&format!(".{key}-{}.", format.name()))
            .suffix(".part")
            .tempfile_in(self.dir.join("audio"))
    }

    /// Puts complete audio in place (its timing first: audio is only ever found with it).
    pub fn commit_audio(
        &self,
        part: tempfile::NamedTempFile,
        key: &str,
        format: StreamFormat,
        timing: &Timing,
    ) -> io::Result<()> {
        self.store_timing(key, timing)?;
        part.as_file().sync_data()?;
        part.persist(self.audio_path(key, format))
            .map_err(|e| e.error)?;
        self.evict();
        Ok(())
    }

    /// Parts older than `age` belong to no running synthesis (a killed process's).
    fn remove_stale_parts(&self, age: Duration) {
        let Ok(entries) = fs::read_dir(self.dir.join("audio")) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') && name.ends_with(".part")) {
                continue;
            }
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|elapsed| elapsed > age);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Removes the least recently used files until the folder fits its cap: audio first,
    /// then timings, then articles. Parts being written count towards the size but are never
    /// removed here.
    pub fn evict(&self) {
        let Ok(_one) = self.evicting.try_lock() else {
            return;
        };
        let mut files = Vec::new();
        let mut total = 0u64;
        // Audio goes first (it is what takes room), then timings, then articles (small, and
        // what clients address).
        for (class, sub) in ["audio", "timings", "articles"].into_iter().enumerate() {
            let Ok(entries) = fs::read_dir(self.dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                if !meta.is_file() {
                    continue;
                }
                total += meta.len();
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((class, used, meta.len(), entry.path()));
            }
        }
        if total <= self.cap {
            return;
        }
        files.sort();
        for (_, _, len, path) in files {
            if total <= self.cap {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

/// Marks `path` as just used.
fn touch(path: &Path) {
    if let Ok(file) = File::open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, renamed.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".write-")
        .suffix(".part")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_data()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hex_and_depend_on_every_part() {
        let a = hash(&[b"ab", b"c"]);
        assert!(is_key(&a));
        assert_ne!(a, hash(&[b"a", b"bc"]));
        assert!(!is_key("../../etc/passwd"));
        assert!(!is_key(&a.to_uppercase()));
    }

    #[test]
    fn the_least_recently_used_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 2000, Duration::from_secs(60)).unwrap();
        let record = ArticleRecord {
            source: "text".into(),
            lang: None,
            raw: false,
            url: None,
            asked: None,
            format: None,
            charset: None,
        };
        let old = hash(&[b"old"]);
        let new = hash(&[b"new"]);
        // Articles only: the least recently used goes.
        cache.store_article(&old, &record, &[b'x'; 1000]).unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for path in [cache.article_paths(&old).0, cache.article_paths(&old).1] {
            File::open(path).unwrap().set_modified(long_ago).unwrap();
        }
        cache.store_article(&new, &record, &[b'y'; 1000]).unwrap();
        assert!(cache.load_article(&new).is_some());
        assert!(cache.load_article(&old).is_none());
    }
}
