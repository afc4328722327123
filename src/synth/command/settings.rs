//! The `[command]` table of a voice profile: which program speaks and what it writes.

use serde::Deserialize;

/// What the program writes to its standard output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// A WAV file (any PCM WAV symphonia reads; a header with placeholder sizes, as piped
    /// `espeak-ng --stdout` writes, is fine).
    #[default]
    Wav,
    /// Raw signed 16-bit little-endian mono samples at the declared `sample_rate`
    /// (`piper --output-raw`).
    Raw,
}

/// The `[command]` table of a profile: a program that reads text and writes audio.
///
/// ```toml
/// [command]
/// program = "espeak-ng"
/// args = ["-v", "vi", "-s", "{wpm}", "--stdout", "{text}"]
/// format = "wav"          # wav | raw (s16le mono; then sample_rate is required)
/// sample_rate = 22050     # optional for wav: checked against the file
/// timeout_secs = 30       # per sentence
/// ```
///
/// In `args`, `{text}` is replaced by the sentence (when no argument holds it, the text goes
/// to standard input, ended by a newline), `{wpm}` by the speaking rate in words per minute
/// and `{length_scale}` by the voice's normal rate divided by it (piper's `--length_scale`).
/// Standard input is the safer way: a sentence given as an argument that starts with `-`
/// may be taken for an option by the program.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSettings {
    /// The program: a name looked up on `PATH`, or a path.
    pub program: String,
    /// Its arguments, with the placeholders above.
    #[serde(default)]
    pub args: Vec<String>,
    /// What it writes to standard output.
    #[serde(default)]
    pub format: OutputFormat,
    /// Samples per second: required for `raw`, checked for `wav`.
    #[serde(default)]
    pub sample_rate: Option<u32>,
    /// Longest a sentence may take before the program is stopped and reported, in seconds.
    #[serde(default = "default_timeout")]
    pub timeout_secs: u32,
}

fn default_timeout() -> u32 {
    30
}

impl CommandSettings {
    /// Whether the text is given as an argument (otherwise it goes to standard input).
    pub fn text_in_args(&self) -> bool {
        self.args.iter().any(|arg| arg.contains("{text}"))
    }

    /// Checks the table: one sentence saying what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.program.trim().is_empty() {
            return Err("[command] program is empty".into());
        }
        if self.format == OutputFormat::Raw && self.sample_rate.is_none() {
            return Err("[command] format 'raw' needs sample_rate".into());
        }
        if let Some(rate) = self.sample_rate
            && !(4000..=192_000).contains(&rate)
        {
            return Err(format!(
                "[command] sample_rate {rate} is outside 4000–192000"
            ));
        }
        if !(1..=3600).contains(&self.timeout_secs) {
            return Err("[command] timeout_secs goes from 1 to 3600".into());
        }
        Ok(())
    }

    /// The arguments for one sentence.
    pub(crate) fn expand(&self, text: &str, wpm: u32, normal_wpm: u32) -> Vec<String> {
        let length_scale = f64::from(normal_wpm.max(1)) / f64::from(wpm.max(1));
        self.args
            .iter()
            .map(|arg| {
                arg.replace("{wpm}", &wpm.to_string())
                    .replace("{length_scale}", &format!("{length_scale:.3}"))
                    .replace("{text}", text)
            })
            .collect()
    }
}
