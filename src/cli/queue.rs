//! Several articles read in a row: the inputs named on the command line and in a playlist.
//! Each is loaded when its turn comes — the next one while the current one plays, on a thread
//! of its own — and kept, for going back; standard input, which can be read only once, is
//! read first of all.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Result, bail};
use docbao::Document;

use crate::args::{InputArgs, ReadArgs};
use crate::input::{is_address, load};

/// The largest playlist read: a list of names, not an article.
const MAX_PLAYLIST: u64 = 1 << 20;

/// One article of the queue, as it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The file or the address; `-` or `None` (nothing named) for standard input.
    pub input: Option<PathBuf>,
    /// How it reads on the command line (`a.txt`, `https://…`, `-`).
    pub typed: String,
}

impl Item {
    fn named(path: PathBuf) -> Item {
        Item {
            typed: path.display().to_string(),
            input: Some(path),
        }
    }

    fn stdin() -> Item {
        Item {
            input: None,
            typed: "-".into(),
        }
    }

    /// Whether it is read from standard input.
    pub fn is_stdin(&self) -> bool {
        self.input
            .as_ref()
            .is_none_or(|path| path.as_os_str() == "-")
    }

    /// For messages: the name, or `standard input`.
    pub fn shown(&self) -> &str {
        if self.is_stdin() {
            "standard input"
        } else {
            &self.typed
        }
    }
}

/// The articles to read, in order: the first input, the others, then the playlist's.
pub fn gather(args: &ReadArgs) -> Result<Vec<Item>> {
    let mut items: Vec<Item> = args
        .input
        .input
        .iter()
        .chain(&args.more)
        .cloned()
        .map(Item::named)
        .collect();
    let from_stdin = items.iter().filter(|i| i.is_stdin()).count();
    if let Some(list) = &args.playlist {
        let listed = if list.as_os_str() == "-" {
            if from_stdin > 0 {
                bail!(
                    "standard input can be read only once: give `-` for an article or for --playlist, not both"
                );
            }
            let mut text = String::new();
            std::io::stdin()
                .lock()
                .take(MAX_PLAYLIST)
                .read_to_string(&mut text)
                .map_err(|e| {
                    anyhow::anyhow!("cannot read the playlist from standard input: {e}")
                })?;
            parse_playlist(&text, None)
        } else {
            read_playlist(list)?
        };
        if listed.is_empty() {
            bail!(
                "the playlist {} names no articles (one file or address a line)",
                if list.as_os_str() == "-" {
                    "on standard input".to_string()
                } else {
                    list.display().to_string()
                }
            );
        }
        items.extend(listed);
    } else if items.is_empty() {
        // Nothing named: standard input, or the error saying there is nothing to read.
        items.push(Item::stdin());
    }
    if items.iter().filter(|i| i.is_stdin()).count() > 1 {
        bail!("standard input can be read only once: give `-` for one article only");
    }
    Ok(items)
}

fn read_playlist(path: &Path) -> Result<Vec<Item>> {
    let cannot = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("there is no playlist {}", path.display()),
        _ => anyhow::anyhow!("cannot read the playlist {}: {e}", path.display()),
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        bail!("the playlist {} is not a file", path.display());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PLAYLIST + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_PLAYLIST {
        bail!(
            "the playlist {} is larger than 1 MB: it should name one article a line",
            path.display()
        );
    }
    let Ok(text) = String::from_utf8(bytes) else {
        bail!("the playlist {} is not UTF-8 text", path.display());
    };
    Ok(parse_playlist(&text, path.parent()))
}

/// The items of a playlist: one a line; blank lines and `#` comments skipped; file names
/// relative to `base` (the playlist's folder).
fn parse_playlist(text: &str, base: Option<&Path>) -> Vec<Item> {
    text.lines()
        .map(|line| line.trim_start_matches('\u{feff}').trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let path = PathBuf::from(line);
            match base {
                Some(base)
                    if line != "-"
                        && !is_address(line)
                        && path.is_relative()
                        && !base.as_os_str().is_empty() =>
                {
                    Item::named(base.join(path))
                }
                _ => Item::named(path),
            }
        })
        .collect()
}

/// What loading an article gave: the document, or why it cannot be read (one sentence).
pub type Loaded = std::result::Result<Document, String>;

/// The queue's articles as they are loaded.
pub struct Articles {
    items: Vec<Item>,
    loaded: Vec<Option<Loaded>>,
    /// An article being loaded on its thread.
    pending: Option<(usize, Receiver<Loaded>)>,
    args: InputArgs,
}

impl Articles {
    /// The queue of `items`, none loaded yet.
    pub fn new(items: Vec<Item>, args: &InputArgs) -> Articles {
        Articles {
            loaded: items.iter().map(|_| None).collect(),
            items,
            pending: None,
            args: args.clone(),
        }
    }

    /// Reads the article on standard input, if there is one, now: before standard input is
    /// read for commands.
    pub fn read_stdin(&mut self) {
        for (index, item) in self.items.iter().enumerate() {
            if item.is_stdin() && self.loaded[index].is_none() {
                let loaded = load(item.input.as_deref(), &self.args);
                self.loaded[index] = Some(loaded.map_err(|e| e.to_string()));
            }
        }
    }

    /// Article `index` is this.
    pub fn set(&mut self, index: usize, loaded: Loaded) {
        if let Some(slot) = self.loaded.get_mut(index) {
            *slot = Some(loaded);
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn item(&self, index: usize) -> &Item {
        &self.items[index]
    }

    /// The articles after `index`, as typed.
    pub fn typed_after(&self, index: usize) -> Vec<String> {
        self.items
            .iter()
            .skip(index + 1)
            .map(|item| item.typed.clone())
            .collect()
    }

    /// Whether article `index` is known not to load.
    pub fn failed(&self, index: usize) -> bool {
        matches!(self.loaded.get(index), Some(Some(Err(_))))
    }

    /// Starts loading article `index` in the background, unless it is loaded or loading.
    pub fn prefetch(&mut self, index: usize) {
        if index >= self.items.len()
            || self.loaded[index].is_some()
            || self.pending.as_ref().is_some_and(|(i, _)| *i == index)
        {
            return;
        }
        let (done, receiver) = mpsc::channel();
        let input = self.items[index].input.clone();
        let args = self.args.clone();
        let started = std::thread::Builder::new()
            .name("docbao-load".into())
            .spawn(move || {
                let _ = done.send(load(input.as_deref(), &args).map_err(|e| e.to_string()));
            });
        match started {
            Ok(_) => self.pending = Some((index, receiver)),
            Err(e) => self.loaded[index] = Some(Err(format!("cannot start loading it: {e}"))),
        }
    }

    /// Article `index`, loading it if need be. While it loads, `waiting` is called every
    /// `tick`; when it returns false, loading is given up (its thread is left to finish) and
    /// `None` returned.
    pub fn get(
        &mut self,
        index: usize,
        tick: Duration,
        waiting: &mut dyn FnMut() -> bool,
    ) -> Option<Loaded> {
        self.prefetch(index);
        loop {
            if let Some(loaded) = &self.loaded[index] {
                return Some(loaded.clone());
            }
            let Some((pending, receiver)) = &self.pending else {
                return None;
            };
            let pending = *pending;
            match receiver.recv_timeout(tick) {
                Ok(loaded) => {
                    self.loaded[pending] = Some(loaded);
                    self.pending = None;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.loaded[pending] = Some(Err("its loading stopped unexpectedly".into()));
                    self.pending = None;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if !waiting() {
                        return None;
                    }
                }
            }
            // Another article's load finished first: start this one's.
            self.prefetch(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playlists_skip_blank_lines_and_comments_and_find_files_from_their_folder() {
        let text = "\u{feff}#EXTM3U\n\na.txt\n  # a comment\n/abs/b.html\nhttps://bao.example.vn/c\n-\n  d e.txt  \r\n";
        let items = parse_playlist(text, Some(Path::new("lists")));
        let typed: Vec<&str> = items.iter().map(|i| i.typed.as_str()).collect();
        assert_eq!(
            typed,
            [
                "lists/a.txt",
                "/abs/b.html",
                "https://bao.example.vn/c",
                "-",
                "lists/d e.txt"
            ]
        );
        assert!(items[3].is_stdin());
        assert_eq!(items[3].shown(), "standard input");
        let here = parse_playlist("a.txt\n", None);
        assert_eq!(here[0].input.as_deref(), Some(Path::new("a.txt")));
        assert!(parse_playlist("# nothing\n\n", None).is_empty());
    }
}
