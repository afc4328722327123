//! Subtitles from a timeline: SubRip (`.srt`) and WebVTT (`.vtt`), one cue per sentence.

use std::fmt::Write as _;
use std::path::Path;

use crate::audio::timeline::Timeline;

/// A subtitle file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubtitleFormat {
    /// SubRip: `00:00:01,250 --> 00:00:03,000`.
    Srt,
    /// WebVTT: `00:00:01.250 --> 00:00:03.000`.
    Vtt,
}

impl SubtitleFormat {
    /// The format a file name asks for, by its extension (`.srt`, `.vtt`, any case).
    pub fn from_path(path: &Path) -> Option<SubtitleFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "srt" => Some(SubtitleFormat::Srt),
            "vtt" => Some(SubtitleFormat::Vtt),
            _ => None,
        }
    }

    /// The subtitles for `timeline`: one cue per sentence, from its first to its last sample,
    /// showing the sentence as written.
    pub fn render(self, timeline: &Timeline) -> String {
        let mut out = String::new();
        if self == SubtitleFormat::Vtt {
            out.push_str("WEBVTT\n\n");
        }
        for (number, timed) in timeline.sentences.iter().enumerate() {
            let start = millis(timed.start, timeline.sample_rate);
            let end = millis(timed.end, timeline.sample_rate);
            let _ = match self {
                SubtitleFormat::Srt => writeln!(
                    out,
                    "{}\n{} --> {}\n{}\n",
                    number + 1,
                    clock(start, ','),
                    clock(end, ','),
                    timed.sentence.text
                ),
                SubtitleFormat::Vtt => writeln!(
                    out,
                    "{} --> {}\n{}\n",
                    clock(start, '.'),
                    clock(end, '.'),
                    escape_vtt(&timed.sentence.text)
                ),
            };
        }
        out
    }
}

/// Milliseconds, rounded to the nearest (a monotone function of the sample offset, so cues
/// that do not overlap in samples do not overlap in milliseconds).
fn millis(sample: u64, sample_rate: u32) -> u64 {
    let rate = u64::from(sample_rate.max(1));
    (sample * 1000 + rate / 2) / rate
}

fn clock(ms: u64, separator: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn escape_vtt(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::timeline::TimedSentence;
    use crate::text::Sentence;

    fn timeline() -> Timeline {
        let timed = |index: usize, text: &str, start, end| TimedSentence {
            sentence: Sentence {
                index,
                block: 0,
                span: 0..0,
                text: text.into(),
            },
            spoken: text.into(),
            start,
            end,
            words: vec![],
        };
        Timeline {
            sample_rate: 22050,
            sentences: vec![
                timed(0, "Xin chào.", 0, 33075),
                timed(1, "A < b & c > d.", 40000, 80_000_000),
            ],
            len: 80_000_000,
        }
    }

    #[test]
    fn srt_cues() {
        assert_eq!(
            SubtitleFormat::Srt.render(&timeline()),
            "1\n00:00:00,000 --> 00:00:01,500\nXin chào.\n\n2\n00:00:01,814 --> 01:00:28,118\nA < b & c > d.\n\n"
        );
    }

    #[test]
    fn vtt_cues_are_escaped() {
        assert_eq!(
            SubtitleFormat::Vtt.render(&timeline()),
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nXin chào.\n\n00:00:01.814 --> 01:00:28.118\nA &lt; b &amp; c &gt; d.\n\n"
        );
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            SubtitleFormat::from_path(Path::new("a.SRT")),
            Some(SubtitleFormat::Srt)
        );
        assert_eq!(
            SubtitleFormat::from_path(Path::new("dir/a.vtt")),
            Some(SubtitleFormat::Vtt)
        );
        assert_eq!(SubtitleFormat::from_path(Path::new("a.txt")), None);
        assert_eq!(SubtitleFormat::from_path(Path::new("srt")), None);
    }
}
