//! What the player reports as it plays: sentences and words as they are heard, and every
//! change of state.

use std::ops::Range;
use std::time::Duration;

use crate::audio::sleep::SleepEvent;
use crate::rate::Rate;

/// Where playback stands: what [`Player::status`](crate::Player::status) returns and
/// [`Event::Status`] carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// Time from the start of the reading.
    pub position: Duration,
    /// Length of the whole reading.
    pub duration: Duration,
    /// Whether `duration` is still an estimate (some sentences are not synthesized yet).
    pub estimated: bool,
    /// The current sentence (0-based) and how many there are.
    pub sentence: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Playing (not paused, not finished).
    pub playing: bool,
    /// Reached the end.
    pub finished: bool,
    /// The rate asked for.
    pub rate: Rate,
    /// Times the voice's normal rate.
    pub speedup: f64,
    /// Words per minute.
    pub wpm: u32,
    /// Volume, 0.0–1.5.
    pub volume: f32,
    /// Muted.
    pub muted: bool,
    /// Audio handed to the device since the player started (speech and the pauses between
    /// sentences; not the silence while paused or waiting for synthesis).
    pub played: Duration,
    /// The sleep timer: listening time left before it pauses (`Some(ZERO)` once due, the
    /// sentence being heard the last), or `None` when it is off.
    pub sleep: Option<Duration>,
}

/// Something that happened in the player, in the order it happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A sentence started: by playing into it, or by moving to it.
    SentenceStarted {
        /// 0-based index.
        index: usize,
        /// Number of sentences.
        total: usize,
        /// Byte range in the document's text.
        span: Range<usize>,
        /// The sentence as written.
        text: String,
    },
    /// A word started to be heard.
    Word {
        /// The sentence it is in.
        sentence: usize,
        /// Byte range in the spoken text of that sentence.
        spoken: Range<usize>,
        /// The word as spoken.
        word: String,
    },
    /// Paused.
    Paused {
        /// Where.
        at: Duration,
    },
    /// Playing again (or for the first time).
    Resumed {
        /// From where.
        at: Duration,
    },
    /// Moved to another place.
    Seeked {
        /// The new position.
        to: Duration,
        /// The sentence it is in (0-based).
        sentence: usize,
        /// Number of sentences.
        total: usize,
    },
    /// The speaking rate changed.
    RateChanged {
        /// The rate asked for.
        rate: Rate,
        /// Times the voice's normal rate.
        speedup: f64,
        /// Words per minute.
        wpm: u32,
    },
    /// The volume changed, or mute was toggled.
    VolumeChanged {
        /// 0.0–1.5.
        volume: f32,
        /// Muted.
        muted: bool,
    },
    /// Answer to [`Command::Status`](crate::Command::Status).
    Status(Status),
    /// The sleep timer was set, said how much is left, came due, or paused playback.
    Sleep(SleepEvent),
    /// A command (or the start asked for) was not carried out: it asked for a place the
    /// reading does not have. Playback goes on as it was (a start past the end starts at the
    /// beginning).
    Refused(Refusal),
    /// The end of the reading was heard.
    Finished,
    /// Something went wrong.
    Error {
        /// One sentence saying what.
        message: String,
        /// Playback cannot go on (the audio device went away); otherwise a sentence that
        /// could not be synthesized was skipped.
        fatal: bool,
    },
}

/// Why the player did not go where it was asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// There is no sentence `asked` (0-based, as [`Command::Sentence`](crate::Command::Sentence)
    /// counts): the reading has `sentences`.
    NoSuchSentence {
        /// The sentence asked for, 0-based.
        asked: usize,
        /// How many there are.
        sentences: usize,
    },
    /// `asked` is at or past the end of the reading, which is `duration` long.
    PastTheEnd {
        /// The time asked for.
        asked: Duration,
        /// The reading's length.
        duration: Duration,
        /// Whether that length is still an estimate (some sentences are not synthesized yet).
        estimated: bool,
    },
    /// [`Command::Next`](crate::Command::Next) in the last sentence: there is no next one.
    LastSentence {
        /// How many sentences there are.
        sentences: usize,
    },
}
