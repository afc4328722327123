//! How the player's state reads, in the status line and in plain mode: important words
//! first, times last.

use std::time::Duration;

use docbao::{Event, Refusal, Status};

use crate::clock::clock;

/// `1.0×`, `1.5×`, `1.21×`.
pub fn speed(speedup: f64) -> String {
    let text = format!("{speedup:.2}");
    let text = text.strip_suffix('0').unwrap_or(&text);
    format!("{text}×")
}

/// A time as long as the reading's clock: `0:42`, or `0:00:42` when the reading passes an
/// hour.
pub fn time(at: Duration, total: Duration) -> String {
    if total.as_secs() >= 3600 && at.as_secs() < 3600 {
        format!(
            "0:{}",
            clock(at)
                .split(':')
                .map(|p| format!("{p:0>2}"))
                .collect::<Vec<_>>()
                .join(":")
        )
    } else {
        clock(at)
    }
}

/// The length, with `~` while it is an estimate.
pub fn total(status: &Status) -> String {
    let tilde = if status.estimated { "~" } else { "" };
    format!("{tilde}{}", clock(status.duration))
}

/// `▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0×` (`⏸` when paused).
pub fn status_line(status: &Status, voice: &str) -> String {
    let symbol = if status.playing { '▶' } else { '⏸' };
    let mut line = format!(
        "{symbol} {} / {} · {}/{} · {voice} · {}",
        time(status.position, status.duration),
        total(status),
        status.sentence + 1,
        status.sentences,
        speed(status.speedup),
    );
    if status.muted {
        line.push_str(" · muted");
    } else if (status.volume - 1.0).abs() > 0.001 {
        line.push_str(&format!(" · volume {}%", (status.volume * 100.0).round()));
    }
    line
}

/// `at 0:42 of 3:15, sentence 4 of 37, playing`.
pub fn where_line(status: &Status) -> String {
    let state = if status.finished {
        "finished"
    } else if status.playing {
        "playing"
    } else {
        "paused"
    };
    format!(
        "{state}, sentence {} of {}, speed {}, at {} of {}",
        status.sentence + 1,
        status.sentences,
        speed(status.speedup),
        time(status.position, status.duration),
        total(status)
    )
}

/// The line plain mode prints for an event (none for words: too many).
pub fn event_line(event: &Event, status: &Status) -> Option<String> {
    let at = |t: Duration| time(t, status.duration);
    Some(match event {
        Event::SentenceStarted { text, .. } => text.clone(),
        Event::Word { .. } => return None,
        Event::Paused { at: t } => format!("paused at {}", at(*t)),
        Event::Resumed { at: t } => format!("playing from {}", at(*t)),
        Event::Seeked {
            to,
            sentence,
            total,
        } => format!("sentence {} of {total}, at {}", sentence + 1, at(*to)),
        Event::RateChanged { speedup, wpm, .. } => {
            format!("speed {}, {wpm} words a minute", speed(*speedup))
        }
        Event::VolumeChanged { muted: true, .. } => "muted".to_string(),
        Event::VolumeChanged { volume, .. } => format!("volume {}%", (volume * 100.0).round()),
        Event::Status(status) => where_line(status),
        Event::Refused(refusal) => refusal_line(refusal),
        Event::Finished => "finished".to_string(),
        // Said once, when docbao stops, on standard error: a screen reader reading both
        // outputs must not hear it twice.
        Event::Error { fatal: true, .. } => return None,
        Event::Error { message, .. } => format!("error: {message}"),
    })
}

/// `no sentence 99; there are 37 sentences: give 1 to 37`.
pub fn refusal_line(refusal: &Refusal) -> String {
    match refusal {
        Refusal::NoSuchSentence { asked, sentences } => {
            let range = match sentences {
                1 => "there is 1 sentence: give 1".to_string(),
                n => format!("there are {n} sentences: give 1 to {n}"),
            };
            format!("no sentence {}; {range}", asked.saturating_add(1))
        }
        Refusal::PastTheEnd {
            asked,
            duration,
            estimated,
        } => {
            let about = if *estimated {
                " (about, while it is still estimated)"
            } else {
                ""
            };
            format!(
                "{} is past the end; the reading is {} long{about}",
                time(*asked, *duration),
                clock(*duration)
            )
        }
        Refusal::LastSentence { sentences } => {
            format!("this is the last sentence ({sentences} of {sentences})")
        }
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
        }
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line(&status(), "Giọng nữ"),
            "▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0×"
        );
        let paused = Status {
            playing: false,
            estimated: true,
            speedup: 1.21,
            volume: 0.8,
            ..status()
        };
        assert_eq!(
            status_line(&paused, "Giọng nữ"),
            "⏸ 0:42 / ~3:15 · 4/37 · Giọng nữ · 1.21× · volume 80%"
        );
        let long = Status {
            duration: Duration::from_secs(3723),
            ..status()
        };
        assert!(
            status_line(&long, "x").starts_with("▶ 0:00:42 / 1:02:03 ·"),
            "{}",
            status_line(&long, "x")
        );
    }

    #[test]
    fn plain_lines_put_words_first_and_times_last() {
        let s = status();
        let line = |e: Event| event_line(&e, &s).unwrap();
        assert_eq!(
            line(Event::Paused {
                at: Duration::from_secs(42)
            }),
            "paused at 0:42"
        );
        assert_eq!(
            line(Event::Seeked {
                to: Duration::from_secs(90),
                sentence: 4,
                total: 37
            }),
            "sentence 5 of 37, at 1:30"
        );
        assert_eq!(
            line(Event::RateChanged {
                rate: Rate::Factor(1.5),
                speedup: 1.5,
                wpm: 263
            }),
            "speed 1.5×, 263 words a minute"
        );
        assert_eq!(line(Event::Finished), "finished");
        assert_eq!(
            line(Event::Refused(Refusal::NoSuchSentence {
                asked: 98,
                sentences: 37
            })),
            "no sentence 99; there are 37 sentences: give 1 to 37"
        );
        assert_eq!(
            line(Event::Refused(Refusal::PastTheEnd {
                asked: Duration::from_secs(99 * 60),
                duration: Duration::from_secs(195),
                estimated: true
            })),
            "1:39:00 is past the end; the reading is 3:15 long (about, while it is still estimated)"
        );
        assert_eq!(
            line(Event::Refused(Refusal::LastSentence { sentences: 37 })),
            "this is the last sentence (37 of 37)"
        );
        assert_eq!(
            event_line(
                &Event::Error {
                    message: "the audio output failed".into(),
                    fatal: true
                },
                &s
            ),
            None,
            "a fatal error is said once, at the end"
        );
        assert_eq!(
            line(Event::Status(s.clone())),
            "playing, sentence 4 of 37, speed 1.0×, at 0:42 of 3:15"
        );
    }
}
