//! The temporary files being written right now, so that a program that must exit at once
//! (a second Ctrl-C) can still remove them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remembers `path` (a file, or a folder and all it holds) as unfinished work that
/// [`remove_unfinished`] removes; [`forget_unfinished`] when it is done with.
pub fn register_unfinished(path: &Path) {
    let mut list = UNFINISHED.lock().unwrap_or_else(|p| p.into_inner());
    list.push(path.to_path_buf());
}

/// Forgets `path`: it is finished, or already gone.
pub fn forget_unfinished(path: &Path) {
    let mut list = UNFINISHED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = list.iter().rposition(|p| p == path) {
        list.swap_remove(i);
    }
}

/// Removes a file, or a folder with what it holds (never following a link).
fn remove(path: PathBuf) {
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        _ => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Removes every temporary file that an [`OutputFile`](super::OutputFile) of this process is
/// writing, and forgets them. For a program about to exit without unwinding (a second
/// Ctrl-C): it waits at most a tenth of a second for another thread that holds the list.
pub fn remove_unfinished() {
    let started = Instant::now();
    loop {
        match UNFINISHED.try_lock() {
            Ok(mut list) => {
                list.drain(..).for_each(remove);
                return;
            }
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                poisoned.into_inner().drain(..).for_each(remove);
                return;
            }
            Err(std::sync::TryLockError::WouldBlock) => {
                if started.elapsed() > Duration::from_millis(100) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
}
