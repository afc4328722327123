//! The sleep timer: after so much listening, the sentence being heard is finished and
//! playback pauses there, so that a listener who fell asleep finds the place at the start of
//! a sentence. It counts the audio heard (not the time paused, nor a wait for synthesis),
//! and says when 5 minutes and 1 minute are left.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// The longest timer: a day.
pub const MAX_SLEEP: Duration = Duration::from_secs(24 * 3600);

/// Reminders, before the timer is due.
const REMINDERS: [Duration; 2] = [Duration::from_secs(300), Duration::from_secs(60)];

/// A change to the sleep timer ([`Command::Sleep`](crate::Command::Sleep)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SleepChange {
    /// Stop after this much more listening (from 1 second to [`MAX_SLEEP`]).
    Set(Duration),
    /// Add this much to the time left (set it when the timer is off).
    Extend(Duration),
    /// No timer.
    Off,
}

/// What the sleep timer did ([`Event::Sleep`](crate::Event::Sleep)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SleepEvent {
    /// Set or extended: playback pauses after `remaining` more listening, at the end of the
    /// sentence being heard then.
    Set {
        /// Listening time left.
        remaining: Duration,
    },
    /// Turned off.
    Off,
    /// A reminder: this much listening is left (5 minutes, then 1 minute).
    Soon {
        /// Listening time left.
        remaining: Duration,
    },
    /// The time is up: the sentence being heard is finished, then playback pauses.
    Due,
    /// Paused at the end of a sentence for the timer, which is off now: the place
    /// ([`Player::place`](crate::Player::place)) is the start of the next sentence.
    Stopped {
        /// The position where playback paused.
        at: Duration,
    },
}

/// Why a sleep time cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a sleep time: give minutes (20), a time with units (20m, 1h, 90s, 1h30m), a change (+10) or off"
)]
pub struct SleepError(pub String);

impl FromStr for SleepChange {
    type Err = SleepError;

    /// `20` (minutes), `20m`, `20 min`, `1h`, `90s`, `1h30m`, `+10` (ten minutes more), `off`;
    /// in Vietnamese too: `20 phút`, `1 giờ`, `1 tiếng`, `30 giây`, `tắt`.
    fn from_str(text: &str) -> Result<SleepChange, SleepError> {
        let given = text.trim();
        let lower = given.to_lowercase();
        if matches!(
            lower.as_str(),
            "off" | "no" | "none" | "0" | "tắt" | "tat" | "hủy" | "huỷ"
        ) {
            return Ok(SleepChange::Off);
        }
        let bad = || SleepError(given.to_string());
        let (extend, rest) = match lower.strip_prefix('+') {
            Some(rest) => (true, rest.trim()),
            None => (false, lower.as_str()),
        };
        let time = parse_sleep_time(rest).ok_or_else(bad)?;
        if time.is_zero() || time > MAX_SLEEP {
            return Err(bad());
        }
        Ok(if extend {
            SleepChange::Extend(time)
        } else {
            SleepChange::Set(time)
        })
    }
}

impl fmt::Display for SleepChange {
    /// As [`SleepChange::from_str`] reads it back: `1200s`, `+600s`, `off`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SleepChange::Set(time) => write!(f, "{}s", time.as_secs_f64()),
            SleepChange::Extend(time) => write!(f, "+{}s", time.as_secs_f64()),
            SleepChange::Off => f.write_str("off"),
        }
    }
}

/// `20` (minutes), `20m`, `1h30m`, `90s`, `20 phút`, `1.5h`.
fn parse_sleep_time(text: &str) -> Option<Duration> {
    let mut seconds = 0.0;
    let mut number = String::new();
    let mut unit = String::new();
    let mut parts = 0;
    let mut flush = |number: &mut String, unit: &mut String| -> Option<()> {
        if number.is_empty() {
            return if unit.is_empty() { Some(()) } else { None };
        }
        let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
        let scale = match unit.as_str() {
            "" | "m" | "min" | "mins" | "minute" | "minutes" | "phút" | "phut" | "p" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" | "giờ" | "gio" | "tiếng" | "tieng" | "g" => {
                3600.0
            }
            "s" | "sec" | "secs" | "second" | "seconds" | "giây" | "giay" => 1.0,
            _ => return None,
        };
        seconds += value * scale;
        parts += 1;
        number.clear();
        unit.clear();
        Some(())
    };
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' {
            if !unit.is_empty() {
                flush(&mut number, &mut unit)?;
            }
            number.push(c);
        } else if c.is_whitespace() {
            continue;
        } else if c.is_alphabetic() {
            if number.is_empty() {
                return None;
            }
            unit.push(c);
        } else {
            return None;
        }
    }
    flush(&mut number, &mut unit)?;
    (parts > 0 && (0.0..=MAX_SLEEP.as_secs_f64()).contains(&seconds))
        .then(|| Duration::from_millis((seconds * 1000.0).round() as u64))
}

/// The timer's state: listening time left, if set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SleepTimer {
    remaining: Option<Duration>,
}

impl SleepTimer {
    /// A timer set to `remaining`, or off.
    pub fn new(remaining: Option<Duration>) -> SleepTimer {
        SleepTimer {
            remaining: remaining.map(|r| r.min(MAX_SLEEP)),
        }
    }

    /// Listening time left: `Some(ZERO)` once due, `None` when off.
    pub fn remaining(&self) -> Option<Duration> {
        self.remaining
    }

    /// Whether the time is up (the sentence being heard is the last before pausing).
    pub fn is_due(&self) -> bool {
        self.remaining == Some(Duration::ZERO)
    }

    /// Applies `change`; returns what to report.
    pub fn change(&mut self, change: SleepChange) -> SleepEvent {
        let remaining = match change {
            SleepChange::Off => {
                self.remaining = None;
                return SleepEvent::Off;
            }
            SleepChange::Set(time) => time,
            SleepChange::Extend(time) => self.remaining.unwrap_or_default().saturating_add(time),
        };
        let remaining = remaining.clamp(Duration::from_secs(1), MAX_SLEEP);
        self.remaining = Some(remaining);
        SleepEvent::Set { remaining }
    }

    /// `heard` more was listened to; returns a reminder, or [`SleepEvent::Due`] when the
    /// time is up.
    pub fn advance(&mut self, heard: Duration) -> Option<SleepEvent> {
        let before = self.remaining?;
        if before.is_zero() || heard.is_zero() {
            return None;
        }
        let after = before.saturating_sub(heard);
        self.remaining = Some(after);
        if after.is_zero() {
            return Some(SleepEvent::Due);
        }
        REMINDERS
            .iter()
            .rev()
            .find(|&&at| before > at && after <= at)
            .map(|&remaining| SleepEvent::Soon { remaining })
    }

    /// Playback paused for the timer: it is off now.
    pub fn stopped(&mut self) {
        self.remaining = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn sleep_times_read_as_listeners_say_them() {
        for (text, change) in [
            ("20", SleepChange::Set(20 * MIN)),
            ("20m", SleepChange::Set(20 * MIN)),
            ("20 min", SleepChange::Set(20 * MIN)),
            ("20 phút", SleepChange::Set(20 * MIN)),
            ("1h", SleepChange::Set(60 * MIN)),
            ("1 giờ", SleepChange::Set(60 * MIN)),
            ("1 tiếng", SleepChange::Set(60 * MIN)),
            ("1h30m", SleepChange::Set(90 * MIN)),
            ("1.5h", SleepChange::Set(90 * MIN)),
            ("3s", SleepChange::Set(Duration::from_secs(3))),
            ("30 giây", SleepChange::Set(Duration::from_secs(30))),
            ("+10", SleepChange::Extend(10 * MIN)),
            ("+ 10m", SleepChange::Extend(10 * MIN)),
            ("off", SleepChange::Off),
            ("OFF", SleepChange::Off),
            ("tắt", SleepChange::Off),
        ] {
            assert_eq!(text.parse::<SleepChange>(), Ok(change), "{text}");
        }
        for bad in [
            "", "m", "-5", "20x", "0s", "25h", "1:30", "abc", "20 m m", "inf", "1e9",
        ] {
            assert!(bad.parse::<SleepChange>().is_err(), "{bad:?}");
        }
        for change in [
            SleepChange::Set(Duration::from_millis(3500)),
            SleepChange::Extend(10 * MIN),
            SleepChange::Off,
        ] {
            assert_eq!(change.to_string().parse::<SleepChange>(), Ok(change));
        }
    }

    #[test]
    fn reminders_then_due() {
        let mut timer = SleepTimer::default();
        assert_eq!(timer.advance(MIN), None, "off counts nothing");
        assert_eq!(
            timer.change(SleepChange::Set(7 * MIN)),
            SleepEvent::Set { remaining: 7 * MIN }
        );
        assert_eq!(timer.advance(MIN), None);
        assert_eq!(
            timer.advance(MIN + Duration::from_millis(1)),
            Some(SleepEvent::Soon { remaining: 5 * MIN })
        );
        assert_eq!(timer.advance(3 * MIN), None);
        assert_eq!(
            timer.advance(MIN),
            Some(SleepEvent::Soon { remaining: MIN })
        );
        assert!(!timer.is_due());
        assert_eq!(timer.advance(2 * MIN), Some(SleepEvent::Due));
        assert!(timer.is_due());
        assert_eq!(timer.advance(MIN), None, "due once");
        timer.stopped();
        assert_eq!(timer.remaining(), None);
    }

    #[test]
    fn extending_adds_to_what_is_left() {
        let mut timer = SleepTimer::new(Some(3 * MIN));
        assert_eq!(
            timer.change(SleepChange::Extend(10 * MIN)),
            SleepEvent::Set {
                remaining: 13 * MIN
            }
        );
        timer.change(SleepChange::Off);
        assert_eq!(
            timer.change(SleepChange::Extend(10 * MIN)),
            SleepEvent::Set {
                remaining: 10 * MIN
            }
        );
        // Jumping past a reminder says the nearest one only.
        assert_eq!(
            timer.advance(9 * MIN + Duration::from_secs(30)),
            Some(SleepEvent::Soon { remaining: MIN })
        );
        assert_eq!(
            SleepTimer::new(Some(MAX_SLEEP)).change(SleepChange::Extend(MAX_SLEEP)),
            SleepEvent::Set {
                remaining: MAX_SLEEP
            }
        );
    }
}
