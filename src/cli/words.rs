//! How the player's state reads, in the status line and in plain mode: important words
//! first, times last.

use std::time::Duration;

use docbao::{Event, Refusal, SleepEvent, Status};

use crate::clock::clock;
use crate::messages::{decimal, tr};

/// `1.0×`, `1.5×`, `1.21×` (`1,5×` in Vietnamese).
pub fn speed(speedup: f64) -> String {
    let text = format!("{speedup:.2}");
    let text = text.strip_suffix('0').unwrap_or(&text);
    format!("{}×", decimal(text))
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

/// The length for the status line, with `~` while it is an estimate.
pub fn total(status: &Status) -> String {
    let tilde = if status.estimated { "~" } else { "" };
    format!("{tilde}{}", clock(status.duration))
}

/// The length for a line a screen reader says: `3:15` when it is known, `about 8 minutes`
/// while it is an estimate (not `~8:14`).
pub fn total_words(status: &Status) -> String {
    if status.estimated {
        tr!("about", length = length_words(status.duration))
    } else {
        clock(status.duration)
    }
}

/// `▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0×` (`⏸` when paused), with `article 2/5` (`bài 2/5`)
/// after the times for the second of five articles.
pub fn status_line(status: &Status, voice: &str, article: Option<(usize, usize)>) -> String {
    let symbol = if status.playing { '▶' } else { '⏸' };
    let article = article.map_or(String::new(), |(n, of)| {
        format!(" · {}", tr!("status-article", number = n, count = of))
    });
    let mut line = format!(
        "{symbol} {} / {}{article} · {}/{} · {voice} · {}",
        time(status.position, status.duration),
        total(status),
        status.sentence + 1,
        status.sentences,
        speed(status.speedup),
    );
    if status.muted {
        line.push_str(&format!(" · {}", tr!("status-muted")));
    } else if (status.volume - 1.0).abs() > 0.001 {
        line.push_str(&format!(
            " · {}",
            tr!("status-volume", percent = percent(status.volume))
        ));
    }
    match status.sleep {
        Some(left) if left.is_zero() => {
            line.push_str(&format!(" · {}", tr!("status-sleep-due")));
        }
        Some(left) => line.push_str(&format!(
            " · {}",
            tr!(
                "status-sleep",
                left = clock(left.saturating_add(SECOND_LESS))
            )
        )),
        None => {}
    }
    line
}

/// A volume as a whole percentage.
fn percent(volume: f32) -> String {
    format!("{}", (volume * 100.0).round())
}

/// Rounds a time left up to the next second on the clock (`0:01` until it is due).
const SECOND_LESS: Duration = Duration::from_millis(999);

/// A length in words, as a screen reader says it well: `20 minutes`, `1 hour 30 minutes`,
/// `45 seconds` (minutes rounded from a minute on).
pub fn length_words(length: Duration) -> String {
    let seconds = length.as_secs_f64().round() as u64;
    if seconds < 60 {
        return tr!("seconds", n = seconds.max(1));
    }
    let minutes = (seconds + 30) / 60;
    match (minutes / 60, minutes % 60) {
        (0, m) => tr!("minutes", n = m),
        (h, 0) => tr!("hours", n = h),
        (h, m) => format!("{} {}", tr!("hours", n = h), tr!("minutes", n = m)),
    }
}

/// `playing, sentence 4 of 37, speed 1.0×, at 0:42 of 3:15`.
pub fn where_line(status: &Status) -> String {
    let state = if status.finished {
        tr!("state-finished")
    } else if status.playing {
        tr!("state-playing")
    } else {
        tr!("state-paused")
    };
    let sleep = match status.sleep {
        Some(left) if left.is_zero() => tr!("where-sleep-due"),
        Some(left) => tr!("where-sleep-in", length = length_words(left)),
        None => String::new(),
    };
    tr!(
        "where",
        state = state,
        number = status.sentence + 1,
        count = status.sentences,
        speed = speed(status.speedup),
        sleep = sleep,
        at = time(status.position, status.duration),
        total = total_words(status)
    )
}

/// `sentence 5 of 37`.
pub fn sentence_number(index: usize, total: usize) -> String {
    tr!("sentence-number", number = index + 1, count = total)
}

/// What the sentences look like in plain mode: their text as it is spoken, or only their
/// number (for a screen reader that should not speak over docbao).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sentences {
    Text,
    Numbers,
}

/// The line plain mode prints for an event (none for words: too many).
pub fn event_line(event: &Event, status: &Status, sentences: Sentences) -> Option<String> {
    let at = |t: Duration| time(t, status.duration);
    Some(match event {
        Event::SentenceStarted { text, .. } if sentences == Sentences::Text => text.clone(),
        Event::SentenceStarted { index, total, .. } => sentence_number(*index, *total),
        Event::Word { .. } => return None,
        Event::Paused { at: t } => tr!("paused-at", at = at(*t)),
        Event::Resumed { at: t } => tr!("playing-from", at = at(*t)),
        Event::Seeked {
            to,
            sentence,
            total,
        } => tr!(
            "sentence-at",
            number = sentence + 1,
            count = *total,
            at = at(*to)
        ),
        Event::RateChanged { speedup, wpm, .. } => {
            tr!("speed-changed", speed = speed(*speedup), wpm = *wpm)
        }
        Event::VolumeChanged { muted: true, .. } => tr!("muted"),
        Event::VolumeChanged { volume, .. } => tr!("volume-changed", percent = percent(*volume)),
        Event::Status(status) => where_line(status),
        Event::Sleep(sleep) => sleep_line(sleep),
        Event::Refused(refusal) => refusal_line(refusal),
        Event::Finished => tr!("finished"),
        // Said once, when docbao stops, on standard error: a screen reader reading both
        // outputs must not hear it twice.
        Event::Error { fatal: true, .. } => return None,
        Event::Error { message, .. } => tr!("error-line", message = message.as_str()),
    })
}

/// `sleeping in 5 minutes`, `sleep timer: stopping after this sentence`.
pub fn sleep_line(event: &SleepEvent) -> String {
    match event {
        SleepEvent::Set { remaining } => tr!("sleep-set", length = length_words(*remaining)),
        SleepEvent::Off => tr!("sleep-off"),
        SleepEvent::Soon { remaining } => tr!("sleep-soon", length = length_words(*remaining)),
        SleepEvent::Due => tr!("sleep-due"),
        SleepEvent::Stopped { .. } => tr!("sleep-stopped"),
    }
}

/// `no sentence 99; there are 37 sentences: give 1 to 37`.
pub fn refusal_line(refusal: &Refusal) -> String {
    match refusal {
        Refusal::NoSuchSentence { asked, sentences } => tr!(
            "no-such-sentence",
            asked = asked.saturating_add(1),
            count = *sentences
        ),
        Refusal::PastTheEnd {
            asked,
            duration,
            estimated,
        } => {
            let asked = time(*asked, *duration);
            let length = clock(*duration);
            if *estimated {
                tr!("past-the-end-estimated", asked = asked, length = length)
            } else {
                tr!("past-the-end", asked = asked, length = length)
            }
        }
        Refusal::LastSentence { sentences } => tr!("last-sentence", count = *sentences),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docbao::Rate;

    fn status() -> Status {
        crate::messages::choose(Some(docbao::config::MessageLanguage::En));
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

    #[test]
    fn the_sleep_timer_in_words() {
        let sleeping = Status {
            sleep: Some(Duration::from_millis(1_181_200)),
            ..status()
        };
        assert_eq!(
            status_line(&sleeping, "Giọng nữ", None),
            "▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0× · sleep 19:42"
        );
        assert_eq!(
            where_line(&sleeping),
            "playing, sentence 4 of 37, speed 1.0×, sleeping in 20 minutes, at 0:42 of 3:15"
        );
        let due = Status {
            sleep: Some(Duration::ZERO),
            ..status()
        };
        assert!(status_line(&due, "x", None).ends_with(" · sleep after this sentence"));
        for (seconds, words) in [
            (0, "1 second"),
            (45, "45 seconds"),
            (60, "1 minute"),
            (300, "5 minutes"),
            (329, "5 minutes"),
            (3600, "1 hour"),
            (5400, "1 hour 30 minutes"),
            (7260, "2 hours 1 minute"),
        ] {
            assert_eq!(length_words(Duration::from_secs(seconds)), words);
        }
        assert_eq!(
            sleep_line(&SleepEvent::Soon {
                remaining: Duration::from_secs(300)
            }),
            "sleeping in 5 minutes"
        );
        assert_eq!(
            sleep_line(&SleepEvent::Due),
            "sleep timer: stopping after this sentence"
        );
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line(&status(), "Giọng nữ", None),
            "▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0×"
        );
        assert_eq!(
            status_line(&status(), "Giọng nữ", Some((2, 5))),
            "▶ 0:42 / 3:15 · article 2/5 · 4/37 · Giọng nữ · 1.0×"
        );
        let paused = Status {
            playing: false,
            estimated: true,
            speedup: 1.21,
            volume: 0.8,
            ..status()
        };
        assert_eq!(
            status_line(&paused, "Giọng nữ", None),
            "⏸ 0:42 / ~3:15 · 4/37 · Giọng nữ · 1.21× · volume 80%"
        );
        let long = Status {
            duration: Duration::from_secs(3723),
            ..status()
        };
        assert!(
            status_line(&long, "x", None).starts_with("▶ 0:00:42 / 1:02:03 ·"),
            "{}",
            status_line(&long, "x", None)
        );
    }

    #[test]
    fn plain_lines_put_words_first_and_times_last() {
        let s = status();
        let line = |e: Event| event_line(&e, &s, Sentences::Text).unwrap();
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
                &s,
                Sentences::Text
            ),
            None,
            "a fatal error is said once, at the end"
        );
        assert_eq!(
            line(Event::Status(s.clone())),
            "playing, sentence 4 of 37, speed 1.0×, at 0:42 of 3:15"
        );
        let estimated = Status {
            estimated: true,
            duration: Duration::from_secs(494),
            ..s.clone()
        };
        assert_eq!(total_words(&estimated), "about 8 minutes");
        assert_eq!(
            where_line(&estimated),
            "playing, sentence 4 of 37, speed 1.0×, at 0:42 of about 8 minutes"
        );
        assert_eq!(
            event_line(
                &Event::SentenceStarted {
                    index: 4,
                    total: 37,
                    span: 0..3,
                    text: "Xin chào.".into()
                },
                &s,
                Sentences::Numbers
            )
            .unwrap(),
            "sentence 5 of 37"
        );
    }
}
