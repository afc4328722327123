//! The user's settings file, `$XDG_CONFIG_HOME/docbao/config.toml` (`~/.config/docbao/…`):
//! the defaults a listener wants every time — voice, rate, volume, plain mode, the language of
//! docbao's messages — so that a screen-reader user can make the quiet events-only mode the
//! default once.
//!
//! ```toml
//! voice = "vi-female"
//! rate = 1.5          # or "1.5x", "150%", "300wpm"
//! volume = 80         # percent, 0–150
//! plain = "events"    # off | text | events
//! language = "vi"     # auto | en | vi
//! from_start = false  # true: never resume where an article was left
//! ```
//!
//! Every key is optional. A file that is not valid (a typo in a key, a value out of range) is
//! an error naming the file and the line: a setting silently ignored is worse than a clear
//! stop.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::Rate;

/// The largest settings file read: a few lines of TOML.
const MAX_SIZE: u64 = 64 * 1024;

/// How plain mode prints a reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlainMode {
    /// The terminal view when standard output is a terminal, plain text otherwise.
    #[default]
    Off,
    /// One line per event, the text of each sentence as it is spoken.
    Text,
    /// One line per event, without the sentences' text: sentence numbers and changes of
    /// state only, for a screen reader that should not speak over docbao.
    Events,
}

impl FromStr for PlainMode {
    type Err = String;

    /// `off`, `text`, `events` in any case; also `1`/`on`/`yes`/`true` (text) and
    /// `0`/`no`/`false` (off), as in an environment variable.
    fn from_str(text: &str) -> Result<PlainMode, String> {
        match text.trim().to_lowercase().as_str() {
            "off" | "0" | "no" | "false" | "none" => Ok(PlainMode::Off),
            "text" | "on" | "1" | "yes" | "true" => Ok(PlainMode::Text),
            "events" | "event" | "quiet" => Ok(PlainMode::Events),
            _ => Err(format!("'{text}' is not a plain mode: off, text or events")),
        }
    }
}

/// Which language docbao's own messages are in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageLanguage {
    /// From the locale: `LC_ALL`, else `LC_MESSAGES`, else `LANG`.
    #[default]
    Auto,
    /// English.
    En,
    /// Vietnamese.
    Vi,
}

/// The settings, each `None` when the file does not set it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Voice id or name, as `--voice` takes it.
    pub voice: Option<String>,
    /// Speaking rate, as `--rate` takes it.
    #[serde(default, deserialize_with = "rate")]
    pub rate: Option<Rate>,
    /// Volume in percent, 0–150.
    #[serde(default, deserialize_with = "volume")]
    pub volume: Option<u16>,
    /// Plain mode.
    pub plain: Option<PlainMode>,
    /// The language of the messages.
    pub language: Option<MessageLanguage>,
    /// Always start from the beginning instead of resuming.
    pub from_start: Option<bool>,
}

/// Why the settings file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It exists but cannot be read (a folder, too large, not UTF-8, no permission).
    #[error("cannot read the config file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not valid.
    #[error("the config file {}, line {line}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Counting from 1.
        line: usize,
        /// What is wrong, in one sentence.
        message: String,
    },
}

impl Config {
    /// Where the settings file is: `$XDG_CONFIG_HOME/docbao/config.toml`.
    pub fn path() -> Option<PathBuf> {
        dirs::config_dir().map(|dir| dir.join("docbao").join("config.toml"))
    }

    /// Reads the settings file; no file is no settings.
    pub fn load() -> Result<Config, ConfigError> {
        match Config::path() {
            Some(path) => Config::load_from(&path),
            None => Ok(Config::default()),
        }
    }

    /// Reads the settings from `path`; no file there is no settings.
    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        let text = match crate::config_file::read_small(path, MAX_SIZE) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Config::parse(&text, path)
    }

    /// Reads settings from `text`, the contents of `path` (for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|error| {
            let line = error
                .span()
                .map_or(1, |span| line_of(text, span.start.min(text.len())));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                message: one_sentence(error.message()),
            }
        })
    }
}

/// The line (from 1) holding byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[..at].matches('\n').count() + 1
}

/// toml's message on one line, without a final full stop.
fn one_sentence(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    line.trim_end_matches('.').to_string()
}

/// A rate as a number (`1.5`, `300`) or as `--rate` takes it (`"1.5x"`, `"300wpm"`).
fn rate<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Rate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Integer(i64),
        Number(f64),
        Text(String),
    }
    let text = match Given::deserialize(deserializer)? {
        Given::Integer(n) => n.to_string(),
        Given::Number(n) => n.to_string(),
        Given::Text(text) => text,
    };
    text.parse::<Rate>().map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "rate '{text}' is not a speaking rate: a factor from 0.25 to 6 (1.5, \"150%\") or words a minute from 80 to 900 (\"300wpm\")"
        ))
    })
}

/// A volume in percent, 0–150.
fn volume<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u16>, D::Error> {
    let n = i64::deserialize(deserializer)?;
    u16::try_from(n)
        .ok()
        .filter(|n| *n <= 150)
        .map(Some)
        .ok_or_else(|| {
            serde::de::Error::custom(format!("volume {n} is out of range: give 0 to 150"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/c/config.toml"))
    }

    #[test]
    fn every_setting_is_read() {
        let config = parse(
            "voice = \"vi-south-female\"\nrate = 1.5\nvolume = 80\nplain = \"events\"\n\
             language = \"vi\"\nfrom_start = true\n",
        )
        .unwrap();
        assert_eq!(
            config,
            Config {
                voice: Some("vi-south-female".into()),
                rate: Some(Rate::Factor(1.5)),
                volume: Some(80),
                plain: Some(PlainMode::Events),
                language: Some(MessageLanguage::Vi),
                from_start: Some(true),
            }
        );
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(parse("rate = 2").unwrap().rate, Some(Rate::Factor(2.0)));
        assert_eq!(parse("rate = 300").unwrap().rate, Some(Rate::Wpm(300)));
        assert_eq!(
            parse("rate = \"300wpm\"").unwrap().rate,
            Some(Rate::Wpm(300))
        );
    }

    #[test]
    fn a_bad_file_names_the_line_in_one_sentence() {
        for (text, line, says) in [
            ("voice = \"x\"\nrat = 1.5\n", 2, "unknown field `rat`"),
            (
                "\n\nvolume = 300\n",
                3,
                "volume 300 is out of range: give 0 to 150",
            ),
            ("plain = \"loud\"\n", 1, "unknown variant `loud`"),
            ("rate = 20\n", 1, "rate '20' is not a speaking rate"),
            ("voice = \n", 1, ""),
            ("volume = -1", 1, "volume -1 is out of range"),
        ] {
            let error = parse(text).unwrap_err();
            let shown = error.to_string();
            assert!(
                shown.starts_with(&format!("the config file /c/config.toml, line {line}: ")),
                "{text:?}: {shown}"
            );
            assert!(shown.contains(says), "{text:?}: {shown}");
            assert!(!shown.contains('\n'), "{text:?}: {shown}");
        }
    }

    #[test]
    fn plain_modes_read_as_an_environment_variable_gives_them() {
        for (text, mode) in [
            ("1", PlainMode::Text),
            ("text", PlainMode::Text),
            ("Events", PlainMode::Events),
            ("0", PlainMode::Off),
            ("off", PlainMode::Off),
        ] {
            assert_eq!(text.parse::<PlainMode>(), Ok(mode), "{text}");
        }
        assert!("loud".parse::<PlainMode>().is_err());
    }

    #[test]
    fn a_missing_file_is_no_settings_and_a_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load_from(&dir.path().join("config.toml")).unwrap(),
            Config::default()
        );
        let error = Config::load_from(dir.path()).unwrap_err();
        assert!(matches!(error, ConfigError::Read { .. }), "{error}");
    }
}
