//! The `command` engine: a program outside docbao speaks each sentence.
//!
//! The profile's `[command]` table ([`CommandSettings`]) names the program and its arguments;
//! it gets the text as an argument or on standard input and writes WAV or raw 16-bit PCM to
//! standard output — `espeak-ng --stdout`, `piper --output-raw`, `pico2wave`, `say -o`.
//!
//! One process per sentence. Measured with `cargo bench --bench command` on the 34-sentence
//! sample article (325 s of speech, espeak-ng, release build, 2 shared cores): a process per
//! sentence took 0.87 s in all (25.6 ms a sentence, first audio after 17.6 ms), one long-lived
//! process given every sentence 0.32 s (9.4 ms a sentence). A process costs 16 ms a sentence:
//! two thirds of the work, but 0.2 % of the sentence's playing time, and hidden behind the
//! synthesis ahead of the cursor. A long-lived process would give one stream without sentence
//! boundaries (or need a per-program protocol, such as piper's `--json-input`), and a stuck or
//! crashed program would take every later sentence with it; a process per sentence keeps
//! pause, seek and rate changes simple and a failure to one sentence.
//!
//! Leading and trailing silence is dropped (docbao makes its own pauses). A command gives no
//! word timings: word marks are estimated by spreading the words over
//! the voiced part of the sentence in proportion to their length.

mod decode;
mod run;
mod settings;
mod trim;

use std::time::Duration;

pub use settings::{CommandSettings, OutputFormat};

use super::{Engine, Speech, SynthError, WordMark};
use crate::cancel::CancelToken;
use crate::voice::Voice;

pub(crate) const NAME: &str = "command";

/// Largest output accepted for one sentence: ten minutes of 48 kHz 16-bit audio.
const MAX_OUTPUT_BYTES: usize = 48_000 * 2 * 600;

/// A sample this loud or louder counts as voiced.
const VOICED: i16 = 300;

/// A voice spoken by an external program.
pub(crate) struct CommandEngine {
    settings: CommandSettings,
    normal_wpm: u32,
    sample_rate: u32,
}

impl CommandEngine {
    /// Checks that the program exists and, for WAV output, learns its sample rate by having it
    /// say one short word (which also shows that it works).
    pub(crate) fn open(voice: &Voice) -> Result<Self, SynthError> {
        let settings = Self::settings(voice)?;
        let mut engine = CommandEngine {
            settings: settings.clone(),
            normal_wpm: voice.rate_wpm,
            sample_rate: settings.sample_rate.unwrap_or(0),
        };
        if settings.format == OutputFormat::Wav {
            let (rate, samples) =
                engine.run("a", voice.rate_wpm, &CancelToken::new(), &mut |_| {})?;
            if samples.is_empty() {
                return Err(failed(format!(
                    "the program '{}' wrote only silence for a test word",
                    settings.program
                )));
            }
            engine.sample_rate = rate;
        }
        Ok(engine)
    }

    /// Whether the program can be found, without running it.
    pub(crate) fn check(voice: &Voice) -> Result<(), SynthError> {
        let settings = Self::settings(voice)?;
        if find_program(&settings.program) {
            Ok(())
        } else {
            Err(SynthError::Unavailable {
                engine: NAME,
                reason: format!("the program '{}' is not installed", settings.program),
            })
        }
    }

    fn settings(voice: &Voice) -> Result<CommandSettings, SynthError> {
        voice
            .command
            .clone()
            .ok_or_else(|| SynthError::NoSuchVoice {
                engine: NAME,
                voice: format!("(profile {} has no [command] table)", voice.id),
            })
    }

    /// Runs the program for `text`; returns the sample rate and the samples.
    fn run(
        &self,
        text: &str,
        wpm: u32,
        cancel: &CancelToken,
        on_audio: &mut dyn FnMut(&[i16]),
    ) -> Result<(u32, Vec<i16>), SynthError> {
        let settings = &self.settings;
        let args = settings.expand(text, wpm, self.normal_wpm);
        let stdin = (!settings.text_in_args()).then_some(text);
        let timeout = Duration::from_secs(u64::from(settings.timeout_secs));
        let mut bytes: Vec<u8> = Vec::new();
        let mut trim = trim::Trim::default();
        let raw = settings.format == OutputFormat::Raw;
        let mut on_output = |block: &[u8]| {
            if bytes.len() + block.len() > MAX_OUTPUT_BYTES {
                return Err(format!(
                    "the program '{}' wrote more than ten minutes of audio for one sentence",
                    settings.program
                ));
            }
            bytes.extend_from_slice(block);
            if raw {
                // Hand on every complete sample as it comes.
                let whole = bytes.len() & !1;
                let fresh = decode::s16le(&bytes[..whole]);
                bytes.drain(..whole);
                trim.push(&fresh, on_audio);
            }
            Ok(())
        };
        run::run(
            &settings.program,
            &args,
            stdin,
            timeout,
            cancel,
            &mut on_output,
        )
        .map_err(|e| match e {
            run::RunError::Cancelled => SynthError::Cancelled,
            run::RunError::Failed(reason) => failed(reason),
        })?;
        if raw {
            return Ok((self.sample_rate, trim.finish()));
        }
        let decoded = decode::wav(bytes)
            .map_err(|reason| failed(format!("the program '{}': {reason}", settings.program)))?;
        if self.sample_rate != 0 && decoded.rate != self.sample_rate {
            return Err(failed(format!(
                "the program '{}' wrote {} Hz audio, not the {} Hz declared",
                settings.program, decoded.rate, self.sample_rate
            )));
        }
        trim.push(&decoded.samples, on_audio);
        Ok((decoded.rate, trim.finish()))
    }
}

impl Engine for CommandEngine {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn synthesize_streaming(
        &self,
        text: &str,
        rate_wpm: u32,
        cancel: &CancelToken,
        on_audio: &mut dyn FnMut(&[i16]),
    ) -> Result<Speech, SynthError> {
        if text.trim().is_empty() {
            return Ok(Speech {
                samples: Vec::new(),
                sample_rate: self.sample_rate,
                words: Vec::new(),
            });
        }
        let (_, samples) = self.run(text, rate_wpm, cancel, on_audio)?;
        if !samples.iter().any(|s| s.unsigned_abs() >= VOICED as u16) {
            return Err(failed(format!(
                "the program '{}' wrote only silence",
                self.settings.program
            )));
        }
        let words = estimate_words(text, &samples);
        Ok(Speech {
            samples,
            sample_rate: self.sample_rate,
            words,
        })
    }
}

fn failed(reason: String) -> SynthError {
    SynthError::Failed {
        engine: NAME,
        reason,
    }
}

/// Whether `program` is a path to a file or a name found on `PATH`.
fn find_program(program: &str) -> bool {
    let path = std::path::Path::new(program);
    if path.components().count() > 1 {
        return path.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Word marks spread over the voiced part of `samples` in proportion to word length.
fn estimate_words(text: &str, samples: &[i16]) -> Vec<WordMark> {
    let loud = |s: &i16| s.unsigned_abs() >= VOICED as u16;
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).map_or(first, |i| i + 1);
    let words: Vec<std::ops::Range<usize>> = text
        .split_whitespace()
        .map(|word| {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            start..start + word.len()
        })
        .collect();
    let total: usize = words.iter().map(|w| text[w.clone()].chars().count()).sum();
    let span = last.saturating_sub(first);
    let mut before = 0usize;
    words
        .into_iter()
        .map(|range| {
            let sample = first + span * before / total.max(1);
            before += text[range.clone()].chars().count();
            WordMark {
                sample,
                text: range,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_spread_over_the_voiced_part() {
        let mut samples = vec![0i16; 100];
        samples.extend(std::iter::repeat_n(1000i16, 300));
        samples.extend(vec![0i16; 100]);
        let marks = estimate_words("ab  cd", &samples);
        assert_eq!(marks.len(), 2);
        assert_eq!((marks[0].sample, marks[0].text.clone()), (100, 0..2));
        assert_eq!((marks[1].sample, marks[1].text.clone()), (250, 4..6));
    }
}
