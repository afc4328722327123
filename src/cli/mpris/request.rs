//! What the desktop's requests ask of the reading, and how the reading reads to the desktop,
//! as the MPRIS specification has it: a rate of 0 pauses, a position past the end is ignored,
//! positions are microseconds, Next moves by article in a queue.

use std::time::Duration;

use docbao::Command;

use super::Now;
use crate::listener::{Input, Step};

/// What a desktop's request asks of the reading.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Request {
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
pub(super) const MIN_RATE: f64 = 0.25;
pub(super) const MAX_RATE: f64 = 6.0;
/// The loudest volume (1.0 is the voice as synthesized).
const MAX_VOLUME: f64 = 1.5;

impl Now {
    /// Whether several articles are read: then Next and Previous move between them.
    fn queue(&self) -> bool {
        self.track.as_ref().is_some_and(|t| t.count > 1)
    }

    /// What `request` becomes on the reading's channel, if anything.
    pub(super) fn input(&self, request: Request) -> Option<Input> {
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
            Request::Rate(0.0) => Command::Pause,
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
    pub(super) fn playback_status(&self) -> &'static str {
        match &self.status {
            Some(status) if status.finished => "Stopped",
            Some(status) if status.playing => "Playing",
            Some(_) => "Paused",
            None => "Stopped",
        }
    }

    /// The position in microseconds.
    pub(super) fn position(&self) -> i64 {
        self.status.as_ref().map_or(0, |s| {
            i64::try_from(s.position.as_micros()).unwrap_or(i64::MAX)
        })
    }

    pub(super) fn rate(&self) -> f64 {
        self.status.as_ref().map_or(1.0, |s| s.speedup)
    }

    pub(super) fn volume(&self) -> f64 {
        match &self.status {
            Some(status) if status.muted => 0.0,
            Some(status) => (f64::from(status.volume) * 100.0).round() / 100.0,
            None => 1.0,
        }
    }

    /// Next goes somewhere: to the next article in a queue, the next sentence otherwise.
    pub(super) fn can_go_next(&self) -> bool {
        match (&self.track, &self.status) {
            (Some(track), _) if track.count > 1 => track.next,
            (_, Some(status)) => status.sentence + 1 < status.sentences,
            _ => false,
        }
    }

    /// Previous goes somewhere: to the article before in a queue, to the start of the sentence
    /// (or the one before) otherwise.
    pub(super) fn can_go_previous(&self) -> bool {
        match (&self.track, &self.status) {
            (Some(track), _) if track.count > 1 => track.previous,
            (_, status) => status.is_some(),
        }
    }

    /// The track's id: one per article of the queue, and the specification's own "no track"
    /// before the first article plays.
    pub(super) fn track_id(&self) -> String {
        match &self.track {
            Some(track) => format!("/org/docbao/article/{}", track.number),
            None => "/org/mpris/MediaPlayer2/TrackList/NoTrack".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mpris::Track;
    use docbao::{Rate, Status};

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
        assert_eq!(
            Now::default().track_id(),
            "/org/mpris/MediaPlayer2/TrackList/NoTrack"
        );
    }
}
