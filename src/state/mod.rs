//! What docbao remembers between readings: where each article was left, and which were read
//! lately — one small JSON file, `positions.json`, in docbao's state folder
//! (`$XDG_STATE_HOME/docbao`, by default `~/.local/state/docbao`; `DOCBAO_STATE_DIR`
//! replaces it).
//!
//! - [`ArticleKey`]: an article is its web address, or the digest of its text.
//! - [`Entry`]: its place (sentence, and the word within it: a place in the text, not a
//!   time), its length, voice, rate and volume, and whether it was finished.
//! - [`Store`]: the file, written atomically, shared safely by several docbao processes, at
//!   most [`MAX_ENTRIES`] articles.

mod entry;
mod key;
mod store;

use std::path::PathBuf;

pub use entry::Entry;
pub use key::ArticleKey;
pub use store::{MAX_ENTRIES, Store};

/// What can go wrong with the state file; the reading itself never depends on it.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Neither a state folder nor a home folder is known.
    #[error(
        "there is no folder to keep positions in: set XDG_STATE_HOME, HOME or DOCBAO_STATE_DIR"
    )]
    NoFolder,
    /// The file exists but is not docbao's, or is damaged; it is left as it is (and moved
    /// aside to `positions.json.bad` when a new position is saved).
    #[error("{} cannot be read ({reason}); saved positions are ignored", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why, in a few words.
        reason: String,
    },
    /// Another docbao held the file's lock for more than 3 seconds.
    #[error("{} is held by another docbao; the position was not saved", .0.display())]
    Busy(PathBuf),
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// docbao's state folder: `$DOCBAO_STATE_DIR` when set, else `docbao` in the platform's
/// state folder (`$XDG_STATE_HOME`, `~/.local/state`), else in its local data folder, else
/// `~/.local/state/docbao`.
pub fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DOCBAO_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .or_else(|| dirs::home_dir().map(|home| home.join(".local/state")))
        .map(|dir| dir.join("docbao"))
}
