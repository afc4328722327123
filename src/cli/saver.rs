//! Saving a reading's place off the playing thread: the file is synced to disk, which on a
//! busy machine can take a while, and the keys and the status line must not wait for it.

use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use docbao::state::{Entry, Store};

#[derive(Default)]
struct Slot {
    /// The newest entry not yet written (an older one not yet written is replaced).
    pending: Option<Entry>,
    /// No more entries will come.
    done: bool,
}

pub struct Saver {
    slot: Arc<(Mutex<Slot>, Condvar)>,
    thread: Option<JoinHandle<()>>,
    failures: Receiver<String>,
}

impl Saver {
    /// Starts the thread that writes to `store`.
    pub fn start(store: Store) -> Saver {
        let slot = Arc::new((Mutex::new(Slot::default()), Condvar::new()));
        let (failed, failures) = mpsc::channel();
        let thread = {
            let slot = Arc::clone(&slot);
            std::thread::Builder::new()
                .name("docbao-save".into())
                .spawn(move || {
                    while let Some(entry) = next(&slot) {
                        if let Err(error) = store.save(entry) {
                            let _ = failed.send(error.to_string());
                        }
                    }
                })
                .ok()
        };
        Saver {
            slot,
            thread,
            failures,
        }
    }

    /// Hands `entry` to the thread; returns at once.
    pub fn save(&self, entry: Entry) {
        let (lock, wake) = &*self.slot;
        lock.lock().unwrap_or_else(|p| p.into_inner()).pending = Some(entry);
        wake.notify_one();
    }

    /// The first failure not yet taken, if any.
    pub fn failure(&self) -> Option<String> {
        self.failures.try_recv().ok()
    }

    /// Writes what is pending and stops: after this, nothing the thread does can overwrite
    /// a newer save.
    pub fn finish(&mut self) {
        let (lock, wake) = &*self.slot;
        lock.lock().unwrap_or_else(|p| p.into_inner()).done = true;
        wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Waits for the next entry; `None` once done and nothing is pending.
fn next(slot: &(Mutex<Slot>, Condvar)) -> Option<Entry> {
    let (lock, wake) = slot;
    let mut slot = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        if let Some(entry) = slot.pending.take() {
            return Some(entry);
        }
        if slot.done {
            return None;
        }
        slot = wake.wait(slot).unwrap_or_else(|p| p.into_inner());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docbao::state::ArticleKey;

    #[test]
    fn the_newest_entry_is_written_before_it_stops() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut saver = Saver::start(store.clone());
        for sentence in 0..20 {
            let mut entry = Entry::new(ArticleKey::for_text("a"), "a", "stdin", 30);
            entry.sentence = sentence;
            saver.save(entry);
        }
        saver.finish();
        let saved = store.get(&ArticleKey::for_text("a")).unwrap().unwrap();
        assert_eq!(saved.sentence, 19);
        assert_eq!(saver.failure(), None);
    }
}
