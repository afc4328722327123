//! The command line, as clap sees it.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use docbao::article::Format;
use docbao::config::PlainMode;
use docbao::{EngineKind, Gender, Lang, Rate, SubtitleStyle, Voice, VoiceError};

/// Read news articles aloud (đọc báo).
///
/// docbao reads an article — Vietnamese first, English too — with a natural female voice by
/// default, and writes the reading to a WAV file with subtitles.
#[derive(Debug, Parser)]
#[command(name = "docbao", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a text aloud on the sound card, with a live timer, pause, seek and speed.
    #[command(after_help = READ_HELP)]
    Read(ReadArgs),
    /// Read a text into an audio file (WAV, Opus, MP3, with tags and chapters), with subtitles
    /// if asked.
    #[command(
        after_help = "Examples:\n  docbao render article.txt -o article.opus --subtitles article.srt\n  \
                            curl -s https://… | docbao render - -o news.mp3 --voice vi-south-female --rate 1.3\n  \
                            docbao render article.html -o - --audio-format opus | mpv -\n  \
                            docbao render a.html b.html https://… --out-dir ~/Podcasts --subtitles srt\n  \
                            docbao render a.html b.html c.txt -o morning.mp3"
    )]
    Render(RenderArgs),
    /// List the voices: id, name, language, gender, engine, whether it can speak here; list,
    /// install and remove natural Piper voices from the public catalog.
    Voices(VoicesArgs),
    /// Print the text's sentences, one per line, as docbao splits them.
    Segment(InputArgs),
    /// Print exactly what the voice will be given to speak, one sentence per line.
    Normalize(NormalizeArgs),
    /// List the articles read lately, newest first, with how far each was read.
    History(HistoryArgs),
    /// Serve articles read aloud over HTTP: an OpenAI-compatible speech API, an article API
    /// whose audio streams as it is synthesized, and an accessible web player.
    #[cfg(feature = "serve")]
    #[command(after_help = crate::serve::HELP)]
    Serve(crate::serve::ServeArgs),
}

/// `docbao history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Show at most this many articles.
    #[arg(long, value_name = "N", default_value = "20", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Forget every article and where it was left.
    #[arg(long, conflicts_with = "limit")]
    pub clear: bool,
}

/// `docbao normalize`: the article, and which regional number words to print.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Regional number words: `north` (nghìn, linh, mồng; the default) or `south` (ngàn, lẻ,
    /// mùng), as southern voices say them.
    #[arg(long, value_name = "north|south", default_value = "north", value_parser = parse_region)]
    pub region: docbao::text::Region,
}

fn parse_region(text: &str) -> Result<docbao::text::Region, String> {
    match text {
        "north" | "bac" | "bắc" => Ok(docbao::text::Region::North),
        "south" | "nam" => Ok(docbao::text::Region::South),
        other => Err(format!("'{other}' is not a region: north or south")),
    }
}

/// Where the article comes from, how to read it and which language it is in.
#[derive(Clone, Debug, Args)]
pub struct InputArgs {
    /// The article: a text or HTML file, an http:// or https:// address, or `-` (or
    /// nothing, when text is piped in) for standard input.
    #[arg(value_name = "FILE|URL")]
    pub input: Option<PathBuf>,
    /// Language of the text: `auto` (the default) recognises Vietnamese from its diacritics.
    #[arg(long, value_name = "vi|en|auto", default_value = "auto", value_parser = parse_lang)]
    pub lang: LangChoice,
    /// Read the input as plain text or as HTML. Default: recognised from the file name, the
    /// server's content type or the content itself.
    #[arg(long, value_name = "text|html")]
    pub format: Option<Format>,
    /// Read everything as it is: no removal of page chrome (players, menus, buttons, forms,
    /// related links) and, for HTML, the page's whole visible text.
    #[arg(long)]
    pub raw: bool,
    /// Leave photo captions out (they are read by default).
    #[arg(long)]
    pub skip_captions: bool,
    /// Give up on a web address that has not been fetched after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value = "20", value_parser = parse_timeout)]
    pub timeout: Duration,
}

/// Which voice, how fast.
#[derive(Clone, Debug, Args)]
pub struct VoiceArgs {
    /// Voice id or name (see `docbao voices`; names match without diacritics too), or
    /// `espeak:NAME` for any espeak-ng voice, or the path of a Piper voice (`voice.onnx`, its
    /// `.onnx.json` beside it). Default: the female voice for the text's language.
    #[arg(short, long, value_name = "VOICE")]
    pub voice: Option<String>,
    /// Speaking rate: a factor of the voice's normal speed (`1.5`, `1.5x`, `150%`) or words
    /// per minute (`300`, `300wpm`; 80–900). Default: 1 (`docbao read`: config.toml's `rate`).
    #[arg(short, long, value_name = "RATE")]
    pub rate: Option<Rate>,
    /// For a Piper voice with several speakers: the speaker's number or name (see
    /// `docbao voices`).
    #[arg(long, value_name = "N|NAME")]
    pub speaker: Option<String>,
}

impl VoiceArgs {
    /// The rate asked for, or the voice's normal speed.
    pub fn rate(&self) -> Rate {
        self.rate.unwrap_or(Rate::Factor(1.0))
    }

    /// `voice` with the speaker `--speaker` asks for, if any.
    pub fn apply_speaker(&self, voice: Voice) -> Result<Voice, VoiceError> {
        match &self.speaker {
            Some(speaker) => voice.with_speaker(speaker),
            None => Ok(voice),
        }
    }
}

/// The audio file's format and bit rate.
#[derive(Clone, Debug, Args)]
pub struct AudioFileArgs {
    /// The audio format: wav, opus (Ogg Opus), mp3 or flac (lossless). Default: the one the output's extension
    /// names, WAV for `-` (standard output) and names without one. (`--format` is the input's.)
    #[arg(long, value_name = "wav|opus|mp3|flac", value_parser = parse_audio_format, requires = "output")]
    pub audio_format: Option<docbao::AudioFormat>,
    /// Bit rate of Opus or MP3: `32k`, `32` (kbit/s) or `32000`. Default: Opus 24k, MP3 64k.
    #[arg(long, value_name = "KBPS", value_parser = parse_bitrate, requires = "output")]
    pub bitrate: Option<u32>,
}

fn parse_audio_format(name: &str) -> Result<docbao::AudioFormat, String> {
    docbao::AudioFormat::from_name(name).ok_or_else(|| {
        format!("'{name}' is not an audio format docbao writes: wav, opus, mp3 or flac")
    })
}

/// A bit rate in bits per second, from `32k`, `32kbps`, `32` (taken as kbit/s) or `32000`.
fn parse_bitrate(text: &str) -> Result<u32, String> {
    let lower = text.trim().to_ascii_lowercase();
    let digits = lower
        .trim_end_matches("bps")
        .trim_end_matches("bit/s")
        .trim_end_matches('k');
    let kilo = digits.len() < lower.len();
    let value: u32 = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a bit rate: try 24k, 32k or 64k"))?;
    let bits = if kilo || value < 1000 {
        value.checked_mul(1000)
    } else {
        Some(value)
    };
    bits.filter(|&b| b > 0)
        .ok_or_else(|| format!("'{text}' is not a bit rate: try 24k, 32k or 64k"))
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// More articles: each is rendered into a file of its own in `--out-dir`, or all are
    /// joined into the `-o` file with a chapter each. They are rendered on every core.
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
    /// The audio file to write: `.wav`, `.opus` (or `.ogg`), `.mp3`; `-` for standard output
    /// (then `--audio-format` says which). A regular file is replaced only once complete.
    #[arg(
        short,
        long,
        value_name = "OUT.wav|OUT.opus|OUT.mp3|-",
        required_unless_present = "out_dir",
        conflicts_with = "out_dir"
    )]
    pub output: Option<PathBuf>,
    /// Write each article into this folder, in a file named after its title (Opus unless
    /// `--audio-format` says otherwise; subtitles beside it with `--subtitles srt|vtt`).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub audio: AudioFileArgs,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Also write subtitles: SubRip (`.srt`) or WebVTT (`.vtt`), one cue per sentence unless
    /// --subtitles-style says otherwise; with `--out-dir`, `srt` or `vtt` names the format of
    /// each article's subtitles.
    #[arg(short, long, value_name = "OUT.srt|OUT.vtt")]
    pub subtitles: Option<PathBuf>,
    #[command(flatten)]
    pub style: StyleArgs,
    /// Sentences made at once: 0, the default, is one per core (at most four). An espeak
    /// voice makes each in a process of its own, a Piper voice needs a session of its model
    /// for each; the file is the same whatever it is.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Report progress as `@progress DONE TOTAL AUDIO_MS` lines on stderr, and the title and
    /// chapters when done (how `render` with several articles follows its workers).
    #[arg(long, hide = true)]
    pub progress_lines: bool,
}

#[derive(Clone, Debug, Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// More articles, read in a row after the first (`>` and `<` move between them).
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,
    /// Also read the articles this file names, one a line (files, addresses; `-` reads the
    /// list from standard input); blank lines and lines starting with `#` are skipped, and
    /// files are found from the playlist's folder.
    #[arg(long, value_name = "FILE")]
    pub playlist: Option<PathBuf>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Start at this time: `90`, `1:30`, `1:02:03`, `1m30s` (in the first article of several).
    #[arg(long, value_name = "TIME", value_parser = parse_from, conflicts_with_all = ["from_sentence", "from_start"])]
    pub from: Option<Duration>,
    /// Start at this sentence, counting from 1 (in the first article of several).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "from_start")]
    pub from_sentence: Option<u64>,
    /// Start from the beginning, not where this article (each article) was left last time.
    #[arg(long)]
    pub from_start: bool,
    /// Stop after this much listening, at the end of the sentence being heard then, saving the
    /// place: `20` (minutes), `20m`, `1h`, `90s`. The `s` key adds 10 minutes, `S` turns it
    /// off; in plain mode `sleep 20m`, `sleep +10`, `sleep off`.
    #[arg(long, value_name = "TIME", value_parser = parse_sleep)]
    pub sleep: Option<Duration>,
    /// Volume in percent (0–150). Default: 100 (or config.toml's `volume`).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u16).range(0..=150))]
    pub volume: Option<u16>,
    /// Plain mode: one line per event, no redrawing and no escape codes; commands as words on
    /// standard input. `--plain` (or `--plain=text`) prints each sentence's text as it is
    /// spoken; `--plain=events` prints only sentence numbers and changes (paused, speed 1.5,
    /// sentence 5 of 37…), for a screen reader that should not speak over docbao; `--plain=off`
    /// is the terminal view. Default: DOCBAO_PLAIN, else config.toml's `plain`, else the
    /// terminal view (plain text when standard output is not a terminal or TERM=dumb).
    #[arg(
        long,
        value_name = "text|events|off",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "text",
        value_parser = parse_plain
    )]
    pub plain: Option<PlainMode>,
    /// Save the reading to this audio file (`.wav`, `.opus`, `.mp3`) instead of playing it (for
    /// machines without sound).
    #[arg(short, long, value_name = "OUT.wav")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub audio: AudioFileArgs,
    /// With --output: also write subtitles (`.srt` or `.vtt`).
    #[arg(short, long, value_name = "OUT.srt|OUT.vtt", requires = "output")]
    pub subtitles: Option<PathBuf>,
    #[command(flatten)]
    pub style: StyleArgs,
}

/// How the subtitles are cut into cues.
#[derive(Clone, Debug, Args)]
pub struct StyleArgs {
    /// How to cut the subtitles: `sentences` (one cue per sentence, the default), `lines`
    /// (cues of at most two lines of 42 characters and 7 seconds, cut at commas and clauses,
    /// timed word by word) or `words` (one cue per word).
    #[arg(
        long,
        value_name = "sentences|lines|words",
        value_parser = parse_style,
        requires = "subtitles",
        conflicts_with = "words"
    )]
    pub subtitles_style: Option<SubtitleStyle>,
    /// One cue per word (the same as --subtitles-style words).
    #[arg(long, requires = "subtitles")]
    pub words: bool,
}

impl StyleArgs {
    /// The style asked for.
    pub fn style(&self) -> SubtitleStyle {
        match self.subtitles_style {
            Some(style) => style,
            None if self.words => SubtitleStyle::Words,
            None => SubtitleStyle::Sentences,
        }
    }
}

fn parse_plain(text: &str) -> Result<PlainMode, String> {
    text.parse()
}

fn parse_style(text: &str) -> Result<SubtitleStyle, String> {
    match text.to_ascii_lowercase().as_str() {
        "sentences" | "sentence" => Ok(SubtitleStyle::Sentences),
        "lines" | "line" => Ok(SubtitleStyle::Lines),
        "words" | "word" => Ok(SubtitleStyle::Words),
        _ => Err(format!(
            "'{text}' is not a subtitle style: sentences, lines or words"
        )),
    }
}

const READ_HELP: &str = "\
Keys (as in mpv):
  space, p        pause / play
  ← →             back / forward 5 seconds
  ↓ ↑             back / forward 60 seconds
  , .             previous / next sentence (also Ctrl+← Ctrl+→, PgUp PgDn)
  < >             previous / next article, when reading several
  [ ]             slower / faster; Backspace: normal speed
  9 0             volume down / up; m: mute
  Home            back to the start
  i               where am I (time, sentence, speed)
  s, S            sleep timer: 10 minutes more (from off: 10 minutes), off
  ?               help
  q               quit, and print where you stopped

Several articles (docbao read a.txt b.html https://…, or --playlist FILE) are read in a row,
each title said as it starts; one that cannot be read is said and skipped; each resumes where
it was left.

--sleep 20m (or the s key, or `sleep 20m` in plain mode) stops after that much listening, at
the end of a sentence, saving the place; 5 minutes and 1 minute before, it says so.

The place is saved (every few seconds and on quitting) in docbao's state folder: reading the
same article again (the same address, or the same text) resumes there; --from-start begins
again. `docbao history` lists the articles read lately.

Plain mode (--plain, or when output is not a terminal) reads commands as words + Enter:
  pause, play, seek +30, seek -10, seek 1:30, next, prev, sentence 5, speed 1.5,
  faster, slower, volume 80, mute, sleep 20m, sleep +10, sleep off, where, quit,
  next article, previous article
  (in Vietnamese too: tạm dừng, đọc tiếp, câu 5, hẹn giờ 20 phút, tắt hẹn giờ, bài sau,
  bài trước, trợ giúp…)
Without commands it just reads to the end; a closed standard input does not stop it.
--plain=events prints sentence numbers and changes (paused, speed 1.5, sentence 5 of 37) but no
sentence text, for a screen reader that should not speak over docbao.

Defaults live in ~/.config/docbao/config.toml ($XDG_CONFIG_HOME): voice, rate, volume,
plain = \"off|text|events\", language = \"auto|en|vi\", from_start; DOCBAO_PLAIN=text|events|off
sets plain mode too. Flags come first, then DOCBAO_PLAIN, then the file. Messages are in
Vietnamese when LC_ALL, LC_MESSAGES or LANG starts with vi (or language = \"vi\").";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct VoicesArgs {
    #[command(subcommand)]
    pub action: Option<crate::catalog_args::VoicesAction>,
    /// Only voices for this language (`vi`, `en`, …).
    #[arg(long, value_name = "LANG", value_parser = Lang::parse)]
    pub lang: Option<Lang>,
    /// Only voices of this gender: female, male or neutral.
    #[arg(long, value_name = "GENDER")]
    pub gender: Option<Gender>,
    /// Only voices of this engine: espeak, command, piper (and system with that feature).
    #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
    pub engine: Option<EngineKind>,
}

/// An engine name as profiles spell it.
fn parse_engine(name: &str) -> Result<EngineKind, String> {
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    let lower = name.to_lowercase();
    EngineKind::deserialize(lower.as_str().into_deserializer())
        .map_err(|e: serde::de::value::Error| format!("'{name}' is not an engine: {e}"))
}

/// `--lang`: recognise it, or this language.
#[derive(Clone, Debug)]
pub enum LangChoice {
    Auto,
    Fixed(Lang),
}

impl LangChoice {
    pub fn lang(&self) -> Option<Lang> {
        match self {
            LangChoice::Auto => None,
            LangChoice::Fixed(lang) => Some(lang.clone()),
        }
    }
}

fn parse_lang(value: &str) -> Result<LangChoice, String> {
    if value.eq_ignore_ascii_case("auto") {
        Ok(LangChoice::Auto)
    } else {
        Lang::parse(value)
            .map(LangChoice::Fixed)
            .map_err(|e| e.to_string())
    }
}

fn parse_from(value: &str) -> Result<Duration, String> {
    docbao::audio::command::parse_time(value)
        .ok_or_else(|| format!("'{value}' is not a time (try 90, 1:30, 1:02:03 or 1m30s)"))
}

fn parse_sleep(value: &str) -> Result<Duration, String> {
    match value.parse::<docbao::SleepChange>() {
        Ok(docbao::SleepChange::Set(time)) => Ok(time),
        Ok(_) => Err(format!(
            "'{value}' is not a sleep time: give minutes (20) or a time with units (20m, 1h, 90s)"
        )),
        Err(error) => Err(error.to_string()),
    }
}

fn parse_timeout(value: &str) -> Result<Duration, String> {
    let seconds: f64 = value
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("'{value}' is not a number of seconds"))?;
    if seconds.is_finite() && (0.001..=3600.0).contains(&seconds) {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!(
            "'{value}' is out of range: give between 0.001 and 3600 seconds"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bitrate;

    #[test]
    fn bitrates() {
        for (text, bits) in [
            ("32k", 32_000),
            ("32K", 32_000),
            ("32kbps", 32_000),
            ("32", 32_000),
            ("32000", 32_000),
            ("128k", 128_000),
        ] {
            assert_eq!(parse_bitrate(text), Ok(bits), "{text}");
        }
        for bad in ["", "k", "0", "fast", "-3", "99999999999k"] {
            assert!(parse_bitrate(bad).is_err(), "{bad}");
        }
    }
}
