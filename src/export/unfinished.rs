//! The temporary files being written right now, so that a program that must exit at once
//! (a second Ctrl-C) can still remove them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(crate) fn register(path: &Path) {
    let mut list = UNFINISHED.lock().unwrap_or_else(|p| p.into_inner());
    list.push(path.to_path_buf());
}

pub(crate) fn unregister(path: &Path) {
    let mut list = UNFINISHED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = list.iter().rposition(|p| p == path) {
        list.swap_remove(i);
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
                for path in list.drain(..) {
                    let _ = std::fs::remove_file(path);
                }
                return;
            }
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                for path in poisoned.into_inner().drain(..) {
                    let _ = std::fs::remove_file(path);
                }
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
