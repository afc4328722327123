//! Media keys and "now playing" on Linux desktops: while `docbao read` plays, docbao is an
//! MPRIS player (`org.mpris.MediaPlayer2.docbao.instance<pid>`) on the session bus.
//!
//! What the desktop asks (PlayPause, Next, Seek, a volume…) becomes an [`Input`] on the same
//! channel as the keys and plain-mode words, so it is carried out and announced the same way.
//! What the reading does reaches the bus the other way: the reading's loop notes each event and
//! each tick here ([`Mpris::event`], [`Mpris::tick`]) without ever waiting for the bus; a thread
//! of the bridge's own answers the desktop and sends the changes (`PropertiesChanged`, `Seeked`).
//!
//! With no session bus, or one that does not answer, nothing is shown and nothing waits: the
//! reading goes on as without the feature.

#[cfg(feature = "mpris")]
use std::sync::mpsc::{self, Receiver};
use std::sync::mpsc::{Sender, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use docbao::{Event, Status};

use crate::listener::Input;

#[cfg(feature = "mpris")]
mod bus;
#[cfg(feature = "mpris")]
mod request;

/// How many changes may wait for a slow bus; more are dropped (the next tick says it all).
#[cfg(feature = "mpris")]
const BACKLOG: usize = 64;

/// The article being read, as the desktop shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Track {
    /// Which article of the queue, from 1.
    pub number: usize,
    /// How many articles there are (1 for a single one).
    pub count: usize,
    pub title: String,
    /// The site or publisher, when the page says.
    pub site: Option<String>,
    /// Who wrote it, when the page says.
    pub author: Option<String>,
    /// Where it was read from, when it is a web page.
    pub url: Option<String>,
    /// Whether there is an article after this one, and a readable one before it.
    pub next: bool,
    pub previous: bool,
}

/// What the bridge knows of the reading: what the desktop reads with `Get`.
#[derive(Clone, Debug, Default)]
struct Now {
    track: Option<Track>,
    status: Option<Status>,
    /// The sentence being read, as written.
    sentence: String,
}

/// What the bridge's thread is told.
#[cfg_attr(not(feature = "mpris"), allow(dead_code))]
enum Change {
    /// Something may have changed: compare and say what did.
    Look,
    /// The position jumped (a seek, a move to another sentence).
    Seeked(Duration),
}

/// The bridge to the session bus, for one run of `docbao read`.
pub struct Mpris {
    now: Arc<Mutex<Now>>,
    changes: Option<SyncSender<Change>>,
}

impl Mpris {
    /// Starts the bridge: connecting to the session bus happens on a thread of its own, so a
    /// missing or slow bus never delays the reading. Requests reach `inputs`.
    pub fn start(inputs: Sender<Input>) -> Mpris {
        let now = Arc::new(Mutex::new(Now::default()));
        let changes = serve(&now, inputs);
        Mpris { now, changes }
    }

    /// A new article starts playing.
    pub fn track(&self, track: Track, status: &Status) {
        {
            let mut now = lock(&self.now);
            now.track = Some(track);
            now.status = Some(status.clone());
            now.sentence.clear();
        }
        self.tell(Change::Look);
    }

    /// The reading did something.
    pub fn event(&self, event: &Event, status: &Status) {
        {
            let mut now = lock(&self.now);
            if let Event::SentenceStarted { text, .. } = event {
                now.sentence.clone_from(text);
            }
            now.status = Some(status.clone());
        }
        if let Event::Seeked { to, .. } = event {
            self.tell(Change::Seeked(*to));
        }
        self.tell(Change::Look);
    }

    /// Time passed: the position moved, an estimate may have become exact.
    pub fn tick(&self, status: &Status) {
        lock(&self.now).status = Some(status.clone());
        self.tell(Change::Look);
    }

    fn tell(&self, change: Change) {
        if let Some(changes) = &self.changes {
            match changes.try_send(change) {
                Ok(()) | Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {}
            }
        }
    }
}

/// What the bus side works with: the reading as last noted, where requests go, and the
/// changes to say.
#[cfg(feature = "mpris")]
struct Desk {
    now: Arc<Mutex<Now>>,
    inputs: Sender<Input>,
    changes: Receiver<Change>,
}

/// Serves the reading on the session bus on a thread of its own, which is told the changes
/// through what this returns; `None` when no thread can be started.
#[cfg(feature = "mpris")]
fn serve(now: &Arc<Mutex<Now>>, inputs: Sender<Input>) -> Option<SyncSender<Change>> {
    let (changes, receiver) = mpsc::sync_channel(BACKLOG);
    let desk = Desk {
        now: Arc::clone(now),
        inputs,
        changes: receiver,
    };
    std::thread::Builder::new()
        .name("docbao-mpris".into())
        .spawn(move || bus::run(desk))
        .ok()
        .map(|_| changes)
}

/// Without the feature `mpris`, nothing is served.
#[cfg(not(feature = "mpris"))]
fn serve(_now: &Arc<Mutex<Now>>, _inputs: Sender<Input>) -> Option<SyncSender<Change>> {
    None
}

fn lock(now: &Mutex<Now>) -> MutexGuard<'_, Now> {
    now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
