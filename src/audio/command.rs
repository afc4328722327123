//! What a listener asks the player to do: one type for the keys of the terminal view, the
//! words of plain mode and the library.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::audio::sleep::SleepChange;
use crate::rate::Rate;

/// A request to the [`Player`](crate::Player).
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start or resume playing.
    Play,
    /// Pause where it is.
    Pause,
    /// Pause when playing, play when paused.
    Toggle,
    /// Move by this many milliseconds (negative: back).
    SeekBy(i64),
    /// Go to this time from the start.
    SeekTo(Duration),
    /// Go to the start of sentence `n` (0-based).
    Sentence(usize),
    /// Go to the start of the next sentence.
    Next,
    /// Go to the start of this sentence, or of the previous one when this one has only just
    /// begun.
    Previous,
    /// Speak faster (× 1.1).
    Faster,
    /// Speak slower (÷ 1.1).
    Slower,
    /// Speak at this rate.
    SetRate(Rate),
    /// Change the volume by this much (`0.1` is ten points louder).
    ChangeVolume(f32),
    /// Volume from 0.0 (silent) to 1.5; 1.0 is the voice as synthesized.
    SetVolume(f32),
    /// Mute, or unmute.
    ToggleMute,
    /// Report where playback is ([`Event::Status`](crate::Event::Status)).
    Status,
    /// Set, extend or turn off the sleep timer: after so much listening, the sentence being
    /// heard is finished and playback pauses ([`Event::Sleep`](crate::Event::Sleep)).
    Sleep(SleepChange),
    /// Stop playing for good.
    Quit,
}

/// The commands, for messages: English, then Vietnamese.
pub const COMMANDS: &str = "pause, play, seek +30, seek -10, seek 1:30, next, prev, sentence 5, \
     speed 1.5, faster, slower, volume 80, mute, sleep 20m, sleep off, where, quit, help \
     (tạm dừng, đọc tiếp, tua tới 30, tua lùi 10, câu sau, câu trước, câu 5, tốc độ 1.5, \
     nhanh hơn, chậm hơn, âm lượng 50, tắt tiếng, hẹn giờ 20 phút, tắt hẹn giờ, đang ở đâu, \
     thoát, trợ giúp)";

/// A plain-mode command that cannot be understood, or a value it does not take.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// No command is called that.
    #[error("'{0}' is not a command; try {COMMANDS}")]
    Unknown(String),
    /// A known command, with a value it does not take (or none).
    #[error("'{given}': {command} takes {takes}")]
    BadValue {
        /// What was typed.
        given: String,
        /// The command: "seek", "volume".
        command: &'static str,
        /// The values it takes, for the listener.
        takes: &'static str,
    },
}

/// What `seek` takes.
const SEEK_TAKES: &str = "a time (seek 1:30, seek 90) or a move (seek +30, seek -10)";
/// What `sentence` takes.
const SENTENCE_TAKES: &str = "a sentence number from 1 (sentence 5)";
/// What `speed` takes.
const SPEED_TAKES: &str = "a factor of the normal speed from 0.25 to 6 (speed 1.5, speed 150%) \
     or words a minute from 80 to 900 with wpm (speed 300wpm)";
/// What `sleep` takes.
const SLEEP_TAKES: &str = "a time to listen before it stops (sleep 20m, sleep 20 for minutes, \
     sleep 1h), more time (sleep +10) or off (sleep off)";
/// What `volume` takes.
const VOLUME_TAKES: &str =
    "a percentage from 0 to 150 (volume 80) or a change (volume +10, volume -10)";

/// Vietnamese phrases of two or three words, as one command word (`tạm dừng` → `pause`).
const PHRASES: &[(&str, &str)] = &[
    ("tạm dừng", "pause"),
    ("dừng lại", "pause"),
    ("đọc tiếp", "play"),
    ("tiếp tục", "play"),
    ("phát tiếp", "play"),
    ("tua tới", "seek +"),
    ("tua đến", "seek"),
    ("tua lùi", "seek -"),
    ("câu sau", "next"),
    ("câu tiếp", "next"),
    ("câu trước", "prev"),
    ("tốc độ", "speed"),
    ("nhanh hơn", "faster"),
    ("chậm hơn", "slower"),
    ("âm lượng", "volume"),
    ("tắt tiếng", "mute"),
    ("tắt hẹn giờ", "sleep off"),
    ("hủy hẹn giờ", "sleep off"),
    ("huỷ hẹn giờ", "sleep off"),
    ("hẹn giờ", "sleep"),
    ("bật tiếng", "mute"),
    ("đang ở đâu", "where"),
    ("ở đâu", "where"),
    ("trợ giúp", "help"),
    ("giúp đỡ", "help"),
];

impl Command {
    /// Whether `line` asks for help (`help`, `?`, `trợ giúp`): not a command to the player,
    /// but a list of them for the listener.
    pub fn is_help(line: &str) -> bool {
        let lower = line.trim().to_lowercase();
        matches!(
            lower.as_str(),
            "help" | "h" | "?" | "trợ giúp" | "giúp" | "giúp đỡ"
        )
    }
}

impl FromStr for Command {
    type Err = CommandError;

    /// Reads a plain-mode command, in any case: `pause`, `play`, `seek +30`, `seek -5`,
    /// `seek 1:30`, `next`, `prev`, `sentence 5` (counting from 1), `speed 1.5`,
    /// `speed 300wpm`, `faster`, `slower`, `volume 80`, `volume +10`, `mute`, `where`, `quit`
    /// — or in Vietnamese, natural phrases included (`tạm dừng`, `đọc tiếp`, `tua tới 30`,
    /// `tua lùi 10`, `câu sau`, `câu trước`, `câu 5`, `tốc độ 1.5`, `nhanh hơn`, `chậm hơn`,
    /// `âm lượng 50`, `tắt tiếng`, `đang ở đâu`, `thoát`). A known command with a value it
    /// does not take says which values it takes ([`CommandError::BadValue`]).
    fn from_str(line: &str) -> Result<Command, CommandError> {
        let given = line.trim().to_string();
        let mut lower = line
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for (phrase, english) in PHRASES {
            if let Some(rest) = lower.strip_prefix(phrase)
                && (rest.is_empty() || rest.starts_with(' '))
            {
                // `tua tới 30` is `seek +30`: the sign goes on the number.
                let rest = rest.trim();
                lower = if english.ends_with(['+', '-']) && !rest.is_empty() {
                    format!("{english}{rest}")
                } else {
                    format!("{english} {rest}").trim().to_string()
                };
                break;
            }
        }
        let (word, arg) = match lower.split_once(' ') {
            Some((word, arg)) => (word, Some(arg.trim())),
            None => (lower.as_str(), None),
        };
        let bad = |command: &'static str, takes: &'static str| CommandError::BadValue {
            given: given.clone(),
            command,
            takes,
        };
        let command = match (word, arg) {
            ("play" | "resume" | "tiếp" | "phát", None) => Command::Play,
            ("pause" | "stop" | "dừng", None) => Command::Pause,
            ("toggle" | "p", None) => Command::Toggle,
            ("next" | "n" | "sau", None) => Command::Next,
            ("prev" | "previous" | "back" | "trước", None) => Command::Previous,
            ("faster" | "nhanh", None) => Command::Faster,
            ("slower" | "chậm", None) => Command::Slower,
            ("mute" | "unmute" | "m", None) => Command::ToggleMute,
            ("louder" | "to", None) => Command::ChangeVolume(0.1),
            ("quieter" | "softer" | "nhỏ", None) => Command::ChangeVolume(-0.1),
            ("where" | "status" | "time" | "đâu", None) => Command::Status,
            ("quit" | "exit" | "q" | "thoát", None) => Command::Quit,
            ("seek" | "tua" | "go", Some(arg)) => {
                seek(arg).ok_or_else(|| bad("seek", SEEK_TAKES))?
            }
            ("seek" | "tua" | "go", None) => return Err(bad("seek", SEEK_TAKES)),
            (word, None) if word.starts_with(['+', '-']) => {
                seek(word).ok_or_else(|| bad("seek", SEEK_TAKES))?
            }
            ("sentence" | "câu", Some(arg)) => match arg.parse::<usize>() {
                Ok(n) if n >= 1 => Command::Sentence(n - 1),
                _ => return Err(bad("sentence", SENTENCE_TAKES)),
            },
            ("sentence" | "câu", None) => return Err(bad("sentence", SENTENCE_TAKES)),
            ("speed" | "rate" | "tốc", Some(arg)) => {
                Command::SetRate(arg.parse().map_err(|_| bad("speed", SPEED_TAKES))?)
            }
            ("speed" | "rate" | "tốc", None) => return Err(bad("speed", SPEED_TAKES)),
            ("volume" | "âm", Some(arg)) => {
                volume(arg).ok_or_else(|| bad("volume", VOLUME_TAKES))?
            }
            ("volume" | "âm", None) => return Err(bad("volume", VOLUME_TAKES)),
            ("sleep" | "ngủ", Some(arg)) => {
                Command::Sleep(arg.parse().map_err(|_| bad("sleep", SLEEP_TAKES))?)
            }
            ("sleep" | "ngủ", None) => return Err(bad("sleep", SLEEP_TAKES)),
            _ => return Err(CommandError::Unknown(given)),
        };
        Ok(command)
    }
}

fn seek(arg: &str) -> Option<Command> {
    let arg = arg.trim();
    if let Some(rest) = arg.strip_prefix('+') {
        return Some(Command::SeekBy(
            i64::try_from(parse_time(rest)?.as_millis()).ok()?,
        ));
    }
    if let Some(rest) = arg.strip_prefix('-') {
        return Some(Command::SeekBy(
            -i64::try_from(parse_time(rest)?.as_millis()).ok()?,
        ));
    }
    parse_time(arg).map(Command::SeekTo)
}

fn volume(arg: &str) -> Option<Command> {
    let arg = arg.trim().trim_end_matches('%');
    let value: f32 = arg
        .trim_start_matches('+')
        .parse()
        .ok()
        .filter(|v: &f32| v.is_finite())?;
    // In whole points, as it is shown: `volume 33.3` is 33, and `volume +.4` no change at all.
    let value = value.round();
    if arg.starts_with(['+', '-']) {
        (value != 0.0 && value.abs() <= 150.0).then_some(Command::ChangeVolume(value / 100.0))
    } else {
        (0.0..=150.0)
            .contains(&value)
            .then_some(Command::SetVolume(value / 100.0))
    }
}

/// Reads a time: `90`, `90.5`, `1:30`, `1:02:03`, `90s`, `2m`, `1m30s`.
pub fn parse_time(text: &str) -> Option<Duration> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let seconds: f64 = if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let mut total = 0.0;
        for (i, part) in parts.iter().enumerate() {
            let value: f64 = part.parse().ok()?;
            if i > 0 && !(0.0..60.0).contains(&value) {
                return None;
            }
            total = total * 60.0 + value;
        }
        total
    } else if text.ends_with(['s', 'm', 'h']) {
        let mut total = 0.0;
        let mut number = String::new();
        for c in text.chars() {
            match c {
                '0'..='9' | '.' => number.push(c),
                'h' | 'm' | 's' => {
                    let value: f64 = number.parse().ok()?;
                    total += value
                        * if c == 'h' {
                            3600.0
                        } else if c == 'm' {
                            60.0
                        } else {
                            1.0
                        };
                    number.clear();
                }
                _ => return None,
            }
        }
        total
    } else {
        text.parse().ok()?
    };
    // To the nearest millisecond: `1.001` in binary is a hair below 1.001 s, which would
    // truncate to 1000 ms.
    (0.0..1e9)
        .contains(&seconds)
        .then(|| Duration::from_millis((seconds * 1000.0).round() as u64))
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Play => f.write_str("play"),
            Command::Pause => f.write_str("pause"),
            Command::Toggle => f.write_str("toggle"),
            Command::SeekBy(ms) if *ms >= 0 => write!(f, "seek +{}", *ms as f64 / 1000.0),
            Command::SeekBy(ms) => write!(f, "seek -{}", -*ms as f64 / 1000.0),
            Command::SeekTo(to) => write!(f, "seek {}", to.as_secs_f64()),
            Command::Sentence(n) => write!(f, "sentence {}", n + 1),
            Command::Next => f.write_str("next"),
            Command::Previous => f.write_str("prev"),
            Command::Faster => f.write_str("faster"),
            Command::Slower => f.write_str("slower"),
            Command::SetRate(Rate::Factor(x)) => write!(f, "speed {x}"),
            Command::SetRate(Rate::Wpm(w)) => write!(f, "speed {w}wpm"),
            Command::ChangeVolume(d) => write!(f, "volume {:+}", (d * 100.0).round()),
            Command::SetVolume(v) => write!(f, "volume {}", (v * 100.0).round()),
            Command::ToggleMute => f.write_str("mute"),
            Command::Status => f.write_str("where"),
            Command::Sleep(change) => write!(f, "sleep {change}"),
            Command::Quit => f.write_str("quit"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Command {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn words_become_commands() {
        assert_eq!(parse("pause"), Command::Pause);
        assert_eq!(parse(" Play "), Command::Play);
        assert_eq!(parse("seek +30"), Command::SeekBy(30_000));
        assert_eq!(parse("seek -5"), Command::SeekBy(-5_000));
        assert_eq!(parse("seek +1.001"), Command::SeekBy(1_001));
        assert_eq!(
            parse("seek +666666666.066"),
            Command::SeekBy(666_666_666_066)
        );
        assert_eq!(parse("-10"), Command::SeekBy(-10_000));
        assert_eq!(parse("seek 1:30"), Command::SeekTo(Duration::from_secs(90)));
        assert_eq!(
            parse("seek 75.5"),
            Command::SeekTo(Duration::from_millis(75_500))
        );
        assert_eq!(parse("next"), Command::Next);
        assert_eq!(parse("prev"), Command::Previous);
        assert_eq!(parse("câu sau"), Command::Next);
        assert_eq!(parse("câu trước"), Command::Previous);
        assert_eq!(parse("sentence 5"), Command::Sentence(4));
        assert_eq!(parse("speed 1.5"), Command::SetRate(Rate::Factor(1.5)));
        assert_eq!(parse("speed 400wpm"), Command::SetRate(Rate::Wpm(400)));
        assert_eq!(parse("volume 80"), Command::SetVolume(0.8));
        assert_eq!(parse("volume 80%"), Command::SetVolume(0.8));
        assert_eq!(parse("volume +10"), Command::ChangeVolume(0.1));
        assert_eq!(parse("volume 33.3"), Command::SetVolume(0.33));
        assert!("volume -.1".parse::<Command>().is_err());
        assert_eq!(parse("volume -20"), Command::ChangeVolume(-0.2));
        assert_eq!(parse("quit"), Command::Quit);
        assert_eq!(parse("thoát"), Command::Quit);
        assert_eq!(parse("PAUSE"), Command::Pause);
        assert_eq!(
            parse("sleep 20m"),
            Command::Sleep(SleepChange::Set(Duration::from_secs(1200)))
        );
        assert_eq!(
            parse("sleep +10"),
            Command::Sleep(SleepChange::Extend(Duration::from_secs(600)))
        );
        assert_eq!(parse("sleep off"), Command::Sleep(SleepChange::Off));
    }

    #[test]
    fn vietnamese_phrases() {
        assert_eq!(parse("tạm dừng"), Command::Pause);
        assert_eq!(parse("Tạm  Dừng"), Command::Pause);
        assert_eq!(parse("đọc tiếp"), Command::Play);
        assert_eq!(parse("tua tới 30"), Command::SeekBy(30_000));
        assert_eq!(parse("tua lùi 10"), Command::SeekBy(-10_000));
        assert_eq!(
            parse("tua đến 1:30"),
            Command::SeekTo(Duration::from_secs(90))
        );
        assert_eq!(parse("âm lượng 50"), Command::SetVolume(0.5));
        assert_eq!(parse("tốc độ 1.5"), Command::SetRate(Rate::Factor(1.5)));
        assert_eq!(parse("Tốc độ 1,5"), Command::SetRate(Rate::Factor(1.5)));
        assert_eq!(parse("câu 5"), Command::Sentence(4));
        assert_eq!(parse("câu sau"), Command::Next);
        assert_eq!(parse("nhanh hơn"), Command::Faster);
        assert_eq!(parse("chậm hơn"), Command::Slower);
        assert_eq!(parse("tắt tiếng"), Command::ToggleMute);
        assert_eq!(parse("đang ở đâu"), Command::Status);
        assert_eq!(
            parse("hẹn giờ 20 phút"),
            Command::Sleep(SleepChange::Set(Duration::from_secs(1200)))
        );
        assert_eq!(
            parse("Hẹn giờ 20"),
            Command::Sleep(SleepChange::Set(Duration::from_secs(1200)))
        );
        assert_eq!(parse("tắt hẹn giờ"), Command::Sleep(SleepChange::Off));
        assert!(Command::is_help("Trợ giúp"));
        assert!(Command::is_help("?"));
    }

    #[test]
    fn a_bad_value_says_what_the_command_takes() {
        for (line, says) in [
            ("volume 300", "from 0 to 150"),
            ("speed 0", "from 0.25 to 6"),
            ("speed 20", "80 to 900"),
            ("sentence 0", "from 1"),
            ("seek", "a time"),
            ("âm lượng 999", "from 0 to 150"),
            ("sleep", "sleep 20m"),
            ("sleep soon", "sleep 20m"),
            ("hẹn giờ 99 ngày", "sleep 20m"),
        ] {
            let error = line.parse::<Command>().unwrap_err();
            assert!(
                matches!(error, CommandError::BadValue { .. }),
                "{line}: {error}"
            );
            assert!(error.to_string().contains(says), "{line}: {error}");
        }
        assert!(matches!(
            "jump".parse::<Command>(),
            Err(CommandError::Unknown(_))
        ));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "jump",
            "seek",
            "seek abc",
            "sentence 0",
            "sentence -1",
            "sentence",
            "speed 0",
            "speed 20",
            "volume 300",
            "volume 200",
            "volume +0",
            "seek 1:99",
            "seek ::",
        ] {
            assert!(bad.parse::<Command>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn commands_print_as_words_that_parse_back() {
        for command in [
            Command::Pause,
            Command::SeekBy(-5_000),
            Command::SeekBy(30_000),
            Command::SeekTo(Duration::from_secs(90)),
            Command::Sentence(4),
            Command::SetRate(Rate::Factor(1.5)),
            Command::SetVolume(0.8),
            Command::ChangeVolume(-0.2),
            Command::Sleep(SleepChange::Set(Duration::from_millis(2500))),
            Command::Sleep(SleepChange::Extend(Duration::from_secs(600))),
            Command::Sleep(SleepChange::Off),
            Command::Quit,
        ] {
            assert_eq!(parse(&command.to_string()), command);
        }
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_time("1:02:03"), Some(Duration::from_secs(3723)));
        assert_eq!(parse_time("1m30s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_time("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_time("0:00"), Some(Duration::ZERO));
        for bad in ["", "-1", "1:60", "a", "1::2", "1:2:3:4", "5x", "inf", "NaN"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
