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

use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use docbao::{Command, Event, Status};

use crate::listener::{Input, Step};

#[cfg(feature = "mpris")]
mod bus;

/// How many changes may wait for a slow bus; more are dropped (the next tick says it all).
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
        let (changes, receiver) = mpsc::sync_channel(BACKLOG);
        let started = serve(Desk {
            now: Arc::clone(&now),
            inputs,
            changes: receiver,
        });
        Mpris {
            now,
            changes: started.then_some(changes),
        }
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
struct Desk {
    now: Arc<Mutex<Now>>,
    inputs: Sender<Input>,
    changes: Receiver<Change>,
}

/// Serves the reading on the session bus on a thread of its own; false when it cannot be
/// (the feature is off, or no thread can be started).
fn serve(desk: Desk) -> bool {
    #[cfg(feature = "mpris")]
    {
        std::thread::Builder::new()
            .name("docbao-mpris".into())
            .spawn(move || bus::run(desk))
            .is_ok()
    }
    #[cfg(not(feature = "mpris"))]
    {
        drop(desk);
        false
    }
}

fn lock(now: &Mutex<Now>) -> MutexGuard<'_, Now> {
    now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a desktop's request asks of the reading.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Request {
    Play,
    Pause,
    PlayPause,
    /// MPRIS Stop, and the root interface's Quit: the reading stops as with `q`, its place saved.
    Stop,
    Next,
    Previous,
    /// Move by so many microseconds.
    Seek(i64),
    /// Go to so many microseconds from the start.
    SetPosition(i64),
    Rate(f64),
    Volume(f64),
}

/// The slowest and fastest factor of the normal speed (as `speed` takes them).
const MIN_RATE: f64 = 0.25;
const MAX_RATE: f64 = 6.0;
/// The loudest volume (1.0 is the voice as synthesized).
const MAX_VOLUME: f64 = 1.5;

impl Now {
    /// Whether several articles are read: then Next and Previous move between them.
    fn queue(&self) -> bool {
        self.track.as_ref().is_some_and(|t| t.count > 1)
    }

    /// What `request` becomes on the reading's channel, if anything.
    fn input(&self, request: Request) -> Option<Input> {
        let command = match request {
            Request::Play => Command::Play,
            Request::Pause => Command::Pause,
            Request::PlayPause => Command::Toggle,
            Request::Stop => Command::Quit,
            Request::Next if self.queue() => return Some(Input::Article(Step::Next)),
            Request::Previous if self.queue() => return Some(Input::Article(Step::Previous)),
            Request::Next => Command::Next,
            Request::Previous => Command::Previous,
            Request::Seek(micros) => Command::SeekBy(micros / 1000),
            Request::SetPosition(micros) => {
                let length = self.status.as_ref()?.duration;
                let to = Duration::from_micros(u64::try_from(micros).ok()?);
                // The specification: a position past the track's end is ignored.
                if to > length {
                    return None;
                }
                Command::SeekTo(to)
            }
            // The specification: a rate of 0 pauses; one out of range is refused.
            Request::Rate(rate) if rate == 0.0 => Command::Pause,
            Request::Rate(rate) if (MIN_RATE..=MAX_RATE).contains(&rate) => {
                Command::SetRate(docbao::Rate::Factor((rate * 100.0).round() / 100.0))
            }
            Request::Rate(_) => return None,
            Request::Volume(volume) if volume.is_nan() => return None,
            Request::Volume(volume) => Command::SetVolume(volume.clamp(0.0, MAX_VOLUME) as f32),
        };
        Some(Input::Command(command))
    }

    /// `Playing`, `Paused` or `Stopped` (nothing started yet, or the end was heard).
    fn playback_status(&self) -> &'static str {
        match &self.status {
            Some(status) if status.finished => "Stopped",
            Some(status) if status.playing => "Playing",
            Some(_) => "Paused",
            None => "Stopped",
        }
    }

    /// The position in microseconds.
    fn position(&self) -> i64 {
        self.status.as_ref().map_or(0, |s| {
            i64::try_from(s.position.as_micros()).unwrap_or(i64::MAX)
        })
    }

    fn rate(&self) -> f64 {
        self.status.as_ref().map_or(1.0, |s| s.speedup)
    }

    fn volume(&self) -> f64 {
        match &self.status {
            Some(status) if status.muted => 0.0,
            Some(status) => (f64::from(status.volume) * 100.0).round() / 100.0,
            None => 1.0,
        }
    }

    /// Next goes somewhere: to the next article in a queue, the next sentence otherwise.
    fn can_go_next(&self) -> bool {
        match (&self.track, &self.status) {
            (Some(track), _) if track.count > 1 => track.next,
            (_, Some(status)) => status.sentence + 1 < status.sentences,
            _ => false,
        }
    }

    /// Previous goes somewhere: to the article before in a queue, to the start of the sentence
    /// (or the one before) otherwise.
    fn can_go_previous(&self) -> bool {
        match (&self.track, &self.status) {
            (Some(track), _) if track.count > 1 => track.previous,
            (_, status) => status.is_some(),
        }
    }

    /// The track's id: one per article of the queue.
    fn track_id(&self) -> String {
        let number = self.track.as_ref().map_or(0, |t| t.number);
        format!("/org/docbao/article/{number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docbao::Rate;

    fn status() -> Status {
        Status {
            position: Duration::from_secs(42),
            duration: Duration::from_secs(195),
            estimated: false,
            sentence: 3,
            sentences: 37,
            playing: true,
            finished: false,
            rate: Rate::Factor(1.0),
            speedup: 1.0,
            wpm: 175,
            volume: 1.0,
            muted: false,
            played: Duration::from_secs(42),
            sleep: None,
        }
    }

    fn now(count: usize) -> Now {
        Now {
            track: Some(Track {
                number: 1,
                count,
                title: "Mưa ở Hà Nội".into(),
                next: count > 1,
                ..Track::default()
            }),
            status: Some(status()),
            sentence: String::new(),
        }
    }

    fn command(now: &Now, request: Request) -> Option<Command> {
        match now.input(request) {
            Some(Input::Command(command)) => Some(command),
            _ => None,
        }
    }

    #[test]
    fn requests_become_the_commands_of_the_keys() {
        let one = now(1);
        assert_eq!(command(&one, Request::PlayPause), Some(Command::Toggle));
        assert_eq!(command(&one, Request::Stop), Some(Command::Quit));
        assert_eq!(command(&one, Request::Next), Some(Command::Next));
        assert_eq!(
            command(&one, Request::Seek(-5_000_000)),
            Some(Command::SeekBy(-5_000))
        );
        assert_eq!(
            command(&one, Request::SetPosition(90_000_000)),
            Some(Command::SeekTo(Duration::from_secs(90)))
        );
        assert_eq!(command(&one, Request::SetPosition(-1)), None);
        assert_eq!(command(&one, Request::SetPosition(999_000_000)), None);
        assert_eq!(command(&one, Request::Rate(0.0)), Some(Command::Pause));
        assert_eq!(
            command(&one, Request::Rate(1.5)),
            Some(Command::SetRate(Rate::Factor(1.5)))
        );
        assert_eq!(command(&one, Request::Rate(60.0)), None);
        assert_eq!(command(&one, Request::Rate(f64::NAN)), None);
        assert_eq!(
            command(&one, Request::Volume(9.0)),
            Some(Command::SetVolume(1.5))
        );
        assert_eq!(
            command(&one, Request::Volume(-1.0)),
            Some(Command::SetVolume(0.0))
        );
        assert_eq!(command(&one, Request::Volume(f64::NAN)), None);
        assert_eq!(
            command(&one, Request::Seek(i64::MIN)),
            Some(Command::SeekBy(i64::MIN / 1000))
        );
        let queue = now(3);
        assert!(matches!(
            queue.input(Request::Next),
            Some(Input::Article(Step::Next))
        ));
        assert!(matches!(
            queue.input(Request::Previous),
            Some(Input::Article(Step::Previous))
        ));
        assert!(queue.can_go_next() && !queue.can_go_previous());
    }

    #[test]
    fn state_reads_as_the_specification_says() {
        let mut now = now(1);
        assert_eq!(now.playback_status(), "Playing");
        assert_eq!(now.position(), 42_000_000);
        if let Some(status) = &mut now.status {
            status.playing = false;
        }
        assert_eq!(now.playback_status(), "Paused");
        if let Some(status) = &mut now.status {
            status.finished = true;
            status.muted = true;
        }
        assert_eq!(now.playback_status(), "Stopped");
        assert_eq!(now.volume(), 0.0);
        assert_eq!(Now::default().playback_status(), "Stopped");
        assert!(!Now::default().can_go_next());
        assert_eq!(now.track_id(), "/org/docbao/article/1");
    }
}
