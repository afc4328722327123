//! What `docbao read` goes by: the command line over `DOCBAO_PLAIN` over the config file
//! (`$XDG_CONFIG_HOME/docbao/config.toml`) over docbao's defaults.

use anyhow::{Result, bail};
use docbao::config::{Config, PlainMode};

use crate::args::ReadArgs;

/// The environment variable that sets plain mode: `text` (or `1`), `events`, `off` (or `0`).
pub const PLAIN_VARIABLE: &str = "DOCBAO_PLAIN";

/// `args` with what they leave unsaid taken from `DOCBAO_PLAIN` (`plain`, the value of the
/// variable) and `config`. Every `Option` it fills is `Some` afterwards.
pub fn settle(args: &ReadArgs, config: &Config, plain: Option<&str>) -> Result<ReadArgs> {
    let mut args = args.clone();
    let from_env = match plain.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => match value.parse::<PlainMode>() {
            Ok(mode) => Some(mode),
            Err(_) => {
                bail!("{PLAIN_VARIABLE} is '{value}': give text (or 1), events, or off (or 0)")
            }
        },
        None => None,
    };
    args.plain = Some(args.plain.or(from_env).or(config.plain).unwrap_or_default());
    if args.voice.voice.is_none() {
        args.voice.voice.clone_from(&config.voice);
    }
    args.voice.rate = args.voice.rate.or(config.rate);
    args.volume = Some(args.volume.or(config.volume).unwrap_or(100));
    if config.from_start == Some(true) && args.from.is_none() && args.from_sentence.is_none() {
        args.from_start = true;
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use docbao::Rate;

    fn read(words: &[&str]) -> ReadArgs {
        let cli = crate::args::Cli::try_parse_from(
            ["docbao", "read", "a.txt"].iter().chain(words).copied(),
        )
        .unwrap();
        match cli.command {
            crate::args::Command::Read(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn flags_then_the_variable_then_the_file() {
        let config = Config {
            voice: Some("vi-south-female".into()),
            rate: Some(Rate::Factor(1.5)),
            volume: Some(70),
            plain: Some(PlainMode::Events),
            from_start: Some(true),
            ..Config::default()
        };
        let none = settle(&read(&[]), &config, None).unwrap();
        assert_eq!(none.voice.voice.as_deref(), Some("vi-south-female"));
        assert_eq!(none.voice.rate, Some(Rate::Factor(1.5)));
        assert_eq!(none.volume, Some(70));
        assert_eq!(none.plain, Some(PlainMode::Events));
        assert!(none.from_start);
        let flags = settle(
            &read(&[
                "--voice", "vi-male", "--rate", "2", "--volume", "90", "--plain",
            ]),
            &config,
            Some("off"),
        )
        .unwrap();
        assert_eq!(flags.voice.voice.as_deref(), Some("vi-male"));
        assert_eq!(flags.voice.rate, Some(Rate::Factor(2.0)));
        assert_eq!(flags.volume, Some(90));
        assert_eq!(flags.plain, Some(PlainMode::Text));
        let env = settle(&read(&[]), &config, Some("text")).unwrap();
        assert_eq!(env.plain, Some(PlainMode::Text));
        let events = settle(&read(&["--plain=events"]), &Config::default(), Some("0")).unwrap();
        assert_eq!(events.plain, Some(PlainMode::Events));
        let asked = settle(&read(&["--from-sentence", "3"]), &config, None).unwrap();
        assert!(!asked.from_start);
        let defaults = settle(&read(&[]), &Config::default(), Some("")).unwrap();
        assert_eq!(defaults.plain, Some(PlainMode::Off));
        assert_eq!(defaults.volume, Some(100));
        assert_eq!(defaults.voice.rate, None);
        let error = settle(&read(&[]), &config, Some("loud")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "DOCBAO_PLAIN is 'loud': give text (or 1), events, or off (or 0)"
        );
    }

    #[test]
    fn plain_takes_its_value_only_after_an_equals_sign() {
        let args = read(&["--plain", "b.txt"]);
        assert_eq!(args.plain, Some(PlainMode::Text));
        assert_eq!(args.more.len(), 1);
        assert!(
            crate::args::Cli::try_parse_from(["docbao", "read", "a.txt", "--plain=loud"]).is_err()
        );
    }
}
