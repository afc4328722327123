//! Subtitles from a timeline: SubRip (`.srt`) and WebVTT (`.vtt`), in three styles
//! ([`SubtitleStyle`]): one cue per sentence, cues of at most two short lines, or one cue per
//! word. Cues always show the text as written, never its spoken form.

mod align;
mod lines;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::audio::timeline::{TimedSentence, Timeline};

/// The longest line [`SubtitleStyle::Lines`] writes, in characters (graphemes); only a single
/// word longer than that is given a longer line, alone.
pub const MAX_LINE_CHARS: usize = 42;

/// The longest cue [`SubtitleStyle::Lines`] writes, unless a single word lasts longer.
pub const MAX_CUE: Duration = Duration::from_secs(7);

/// The shortest cue [`SubtitleStyle::Lines`] writes when the sentence can be cut otherwise.
pub const MIN_CUE: Duration = Duration::from_secs(1);

/// A subtitle file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubtitleFormat {
    /// SubRip: `00:00:01,250 --> 00:00:03,000`.
    Srt,
    /// WebVTT: `00:00:01.250 --> 00:00:03.000`.
    Vtt,
}

/// How subtitles cut the text into cues. Whatever the style, cues show the article's text as
/// written (`17/2`, not `mười bảy tháng hai`), in order, and never overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SubtitleStyle {
    /// One cue per sentence, from its first to its last sample.
    #[default]
    Sentences,
    /// Cues people can read: each sentence cut at clause boundaries (`,` `;` `:` `—` …), then
    /// at spaces, into cues of at most two balanced lines of [`MAX_LINE_CHARS`] and at most
    /// [`MAX_CUE`] each, none shorter than [`MIN_CUE`] when that can be helped, timed from
    /// the engine's word marks (or by letters when a sentence has none). A sentence's cues
    /// follow one another without gaps, from its start to its end.
    Lines,
    /// One cue per written word, as edge-tts writes them: from the word's start to the next
    /// word's (the last one to the sentence's end). A written word said as several (`17/2`)
    /// lasts as long as all of them; words that would last under a millisecond share a cue.
    Words,
}

/// A cue: text shown between two sample offsets of the reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// First sample, from the start of the reading.
    pub start: u64,
    /// One past the last sample; never before `start`.
    pub end: u64,
    /// The text as written; lines separated by `\n`.
    pub text: String,
}

impl SubtitleStyle {
    /// The cues of `timeline` in this style, in order. Each lies within its sentence's
    /// samples, and starts at or after the end of the one before it.
    pub fn cues(self, timeline: &Timeline) -> Vec<Cue> {
        let mut cues = Vec::new();
        for timed in &timeline.sentences {
            match self {
                SubtitleStyle::Sentences => cues.push(Cue {
                    start: timed.start,
                    end: timed.end.max(timed.start),
                    text: timed.sentence.text.clone(),
                }),
                SubtitleStyle::Lines => cues.extend(line_cues(timed, timeline.sample_rate)),
                SubtitleStyle::Words => cues.extend(word_cues(timed, timeline.sample_rate)),
            }
        }
        cues
    }
}

/// The cues of one sentence in [`SubtitleStyle::Lines`].
fn line_cues(timed: &TimedSentence, sample_rate: u32) -> Vec<Cue> {
    let units = align::units(&timed.sentence.text);
    let end = timed.end.max(timed.start);
    // When each unit starts; the first cue starts with the sentence, the last ends with it.
    let mut times = align::starts(&units, timed);
    if let Some(first) = times.first_mut() {
        *first = timed.start;
    }
    times.push(end);
    let join = |range: std::ops::Range<usize>| {
        units
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    lines::pieces(&units, &times, sample_rate)
        .into_iter()
        .map(|piece| {
            let (i, j) = (piece.units.start, piece.units.end);
            let text = match piece.second_line {
                Some(k) => format!("{}\n{}", join(i..k), join(k..j)),
                None => join(i..j),
            };
            Cue {
                start: times.get(i).copied().unwrap_or(end),
                end: times.get(j).copied().unwrap_or(end),
                text,
            }
        })
        .collect()
}

/// The cues of one sentence in [`SubtitleStyle::Words`].
fn word_cues(timed: &TimedSentence, sample_rate: u32) -> Vec<Cue> {
    let units = align::units(&timed.sentence.text);
    let end = timed.end.max(timed.start);
    let starts = align::starts(&units, timed);
    let mut cues: Vec<Cue> = Vec::with_capacity(units.len());
    for (k, unit) in units.iter().enumerate() {
        let start = starts.get(k).copied().unwrap_or(end);
        let next = starts.get(k + 1).copied().unwrap_or(end);
        match cues.last_mut() {
            // The word before would not last a millisecond: it shares this word's cue.
            Some(last) if millis(last.end, sample_rate) == millis(last.start, sample_rate) => {
                last.end = next;
                last.text.push(' ');
                last.text.push_str(&unit.text);
            }
            _ => cues.push(Cue {
                start,
                end: next,
                text: unit.text.clone(),
            }),
        }
    }
    // A last word that would not last a millisecond joins the one before it.
    let instant = |c: &Cue| millis(c.end, sample_rate) == millis(c.start, sample_rate);
    if cues.len() > 1
        && cues.last().is_some_and(instant)
        && let Some(last) = cues.pop()
        && let Some(before) = cues.last_mut()
    {
        before.end = last.end;
        before.text.push(' ');
        before.text.push_str(&last.text);
    }
    cues
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
    /// showing the sentence as written ([`SubtitleStyle::Sentences`]).
    pub fn render(self, timeline: &Timeline) -> String {
        self.render_styled(timeline, SubtitleStyle::Sentences)
    }

    /// The subtitles for `timeline`, cut into cues as `style` says.
    pub fn render_styled(self, timeline: &Timeline, style: SubtitleStyle) -> String {
        self.write(&style.cues(timeline), timeline.sample_rate)
    }

    /// `cues` in this format; their times are samples at `sample_rate`.
    pub fn write(self, cues: &[Cue], sample_rate: u32) -> String {
        let mut out = String::new();
        if self == SubtitleFormat::Vtt {
            out.push_str("WEBVTT\n\n");
        }
        for (number, cue) in cues.iter().enumerate() {
            let start = millis(cue.start, sample_rate);
            let end = millis(cue.end, sample_rate);
            let _ = match self {
                SubtitleFormat::Srt => writeln!(
                    out,
                    "{}\n{} --> {}\n{}\n",
                    number + 1,
                    clock(start, ','),
                    clock(end, ','),
                    cue.text
                ),
                SubtitleFormat::Vtt => writeln!(
                    out,
                    "{} --> {}\n{}\n",
                    clock(start, '.'),
                    clock(end, '.'),
                    escape_vtt(&cue.text)
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
    sample.saturating_mul(1000).saturating_add(rate / 2) / rate
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

/// The rules of [`SubtitleStyle::Lines`] and [`SubtitleStyle::Words`], on made-up sentences
/// and word marks (1000 samples a second: a sample is a millisecond).
#[cfg(test)]
mod style_tests {
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation as _;

    use super::*;
    use crate::audio::timeline::TimedWord;
    use crate::text::Sentence;

    const RATE: u32 = 1000;

    /// `text` spoken as `spoken` from `start` to `end`, its spoken words (as espeak-ng marks
    /// them: split at spaces, punctuation trimmed) starting at `marks`.
    fn sentence(text: &str, spoken: &str, start: u64, end: u64, marks: &[u64]) -> TimedSentence {
        let words = spoken
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(|w| {
                let at = w.as_ptr() as usize - spoken.as_ptr() as usize;
                at..at + w.len()
            })
            .zip(marks)
            .map(|(spoken, &start)| TimedWord { start, spoken })
            .collect();
        TimedSentence {
            sentence: Sentence {
                index: 0,
                block: 0,
                span: 0..0,
                text: text.into(),
            },
            spoken: spoken.into(),
            start,
            end,
            words,
        }
    }

    /// Marks for the words of `spoken`, one every `step` samples from `start`.
    fn even(spoken: &str, start: u64, step: u64) -> Vec<u64> {
        (0..spoken.split_whitespace().count() as u64)
            .map(|k| start + k * step)
            .collect()
    }

    /// Text spoken as written, one word every `step` samples, ending `step` after the last.
    fn as_written(text: &str, start: u64, step: u64) -> TimedSentence {
        let marks = even(text, start, step);
        let end = start + step * marks.len() as u64;
        sentence(text, text, start, end, &marks)
    }

    fn cues(style: SubtitleStyle, timed: &TimedSentence) -> Vec<Cue> {
        style.cues(&Timeline {
            sample_rate: RATE,
            len: timed.end,
            sentences: vec![timed.clone()],
        })
    }

    fn chars(line: &str) -> usize {
        line.graphemes(true).count()
    }

    /// The tokens (words with their punctuation) of `text`.
    fn tokens(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    /// What every style promises: cues in order, not overlapping, within the sentence, every
    /// written token in exactly one cue, whole and in order.
    fn check_common(cues: &[Cue], timed: &TimedSentence) {
        for cue in cues {
            assert!(cue.start <= cue.end, "backwards cue {cue:?}");
            assert!(
                timed.start <= cue.start && cue.end <= timed.end,
                "cue {cue:?} outside its sentence {}..{}",
                timed.start,
                timed.end
            );
        }
        for pair in cues.windows(2) {
            assert!(pair[0].end <= pair[1].start, "overlap: {pair:?}");
        }
        let shown: Vec<&str> = cues.iter().flat_map(|c| tokens(&c.text)).collect();
        assert_eq!(shown, tokens(&timed.sentence.text), "cues {cues:#?}");
    }

    /// What [`SubtitleStyle::Lines`] promises besides: at most two lines of at most 42
    /// characters (a lone long word excepted), cues from the sentence's start to its end
    /// without gaps.
    fn check_lines(cues: &[Cue], timed: &TimedSentence) {
        check_common(cues, timed);
        if timed.sentence.text.split_whitespace().next().is_none() {
            return;
        }
        assert_eq!(cues.first().map(|c| c.start), Some(timed.start));
        assert_eq!(cues.last().map(|c| c.end), Some(timed.end));
        for pair in cues.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "gap: {pair:?}");
        }
        for cue in cues {
            let lines: Vec<&str> = cue.text.split('\n').collect();
            assert!(lines.len() <= 2, "{} lines: {cue:?}", lines.len());
            for line in lines {
                let words = line
                    .split_whitespace()
                    .filter(|t| t.chars().any(char::is_alphanumeric))
                    .count();
                assert!(
                    chars(line) <= MAX_LINE_CHARS || words <= 1,
                    "line of {} characters: {line:?}",
                    chars(line)
                );
                assert!(!line.is_empty() && line.trim() == line, "line {line:?}");
            }
        }
    }

    fn seconds(cue: &Cue) -> f64 {
        (cue.end - cue.start) as f64 / f64::from(RATE)
    }

    const LONG: &str = "Theo ông Trần Minh Quang, Giám đốc thư viện, mỗi ngày có khoảng một nghìn \
        hai trăm lượt bạn đọc đến đọc sách và học bài, trong đó hơn sáu mươi phần trăm là học \
        sinh, sinh viên.";

    #[test]
    fn a_long_vietnamese_sentence_is_cut_after_its_commas() {
        let timed = as_written(LONG, 5000, 250);
        let cues = cues(SubtitleStyle::Lines, &timed);
        check_lines(&cues, &timed);
        assert!(cues.len() >= 3, "{cues:#?}");
        for cue in &cues[..cues.len() - 1] {
            assert!(cue.text.ends_with(','), "cut inside a clause: {cue:?}");
        }
        for cue in &cues {
            assert!((1.0..=7.0).contains(&seconds(cue)), "{cue:?}");
        }
    }

    #[test]
    fn lines_are_counted_in_characters_not_bytes() {
        // 41 characters, 57 bytes: one line.
        let text = "Người khiếm thị được mượn sách nói ở đây.";
        assert_eq!(chars(text), 41);
        let timed = as_written(text, 0, 300);
        assert_eq!(
            cues(SubtitleStyle::Lines, &timed),
            [Cue {
                start: 0,
                end: 2700,
                text: text.into()
            }]
        );
    }

    #[test]
    fn two_lines_are_balanced() {
        // 58 characters, no comma: two lines of about 29, not 42 and one word.
        let text = "Thư viện thành phố mở cửa đến mười giờ tối kể từ tháng sau.";
        let timed = as_written(text, 0, 300);
        let cues = cues(SubtitleStyle::Lines, &timed);
        check_lines(&cues, &timed);
        assert_eq!(cues.len(), 1, "{cues:#?}");
        let lines: Vec<usize> = cues[0].text.split('\n').map(chars).collect();
        assert_eq!(lines.len(), 2, "{cues:?}");
        assert!(lines[0].abs_diff(lines[1]) <= 8, "unbalanced: {cues:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_stands_alone_uncut() {
        let long = "https://thuvien.danang.gov.vn/dang-ky-the-ban-doc-mien-phi";
        assert!(chars(long) > MAX_LINE_CHARS);
        let text = format!("Đăng ký thẻ tại {long} hoặc ở quầy, miễn phí.");
        let timed = as_written(&text, 0, 400);
        let cues = cues(SubtitleStyle::Lines, &timed);
        check_lines(&cues, &timed);
        let line = cues
            .iter()
            .flat_map(|c| c.text.split('\n'))
            .find(|l| l.contains("https"))
            .unwrap();
        assert_eq!(line, long, "{cues:#?}");
    }

    #[test]
    fn slow_speech_is_cut_into_cues_of_at_most_seven_seconds() {
        // Short enough for one cue, but 0.8 s a word: 8.8 s.
        let text = "Chúng tôi đi dạo quanh hồ Hoàn Kiếm, rồi ăn phở.";
        let timed = as_written(text, 1000, 800);
        let cues = cues(SubtitleStyle::Lines, &timed);
        check_lines(&cues, &timed);
        assert!(cues.len() >= 2, "{cues:#?}");
        assert!(cues.iter().all(|c| seconds(c) <= 7.0), "{cues:#?}");
        assert_eq!(cues[0].text, "Chúng tôi đi dạo quanh hồ Hoàn Kiếm,");
    }

    #[test]
    fn a_tiny_tail_is_not_a_cue_of_its_own() {
        // Too long for one cue; the comma before the last two words would leave them 0.4 s.
        let text = "Mỗi tuyến có mười hai xe chạy từ năm giờ sáng đến mười giờ tối trên các \
            phố chính của thành phố, mọi ngày.";
        let marks = even(text, 0, 280);
        let end = marks[marks.len() - 1] + 120;
        let timed = sentence(text, text, 0, end, &marks);
        let cues = cues(SubtitleStyle::Lines, &timed);
        check_lines(&cues, &timed);
        assert!(cues.iter().all(|c| seconds(c) >= 1.0), "{cues:#?}");
    }

    #[test]
    fn a_sentence_without_marks_is_timed_by_letters() {
        let text = "Bạn đọc có thể đăng ký thẻ miễn phí tại quầy, hoặc trên trang web của thư viện \
            thành phố.";
        let timed = sentence(text, text, 2000, 12_000, &[]);
        let lines = cues(SubtitleStyle::Lines, &timed);
        check_lines(&lines, &timed);
        assert_eq!(lines.len(), 2, "{lines:#?}");
        // The comma is 45 of 89 characters in: about half way.
        let cut = lines[1].start;
        assert!((6800..7600).contains(&cut), "cut at {cut}");
        let words = cues(SubtitleStyle::Words, &timed);
        check_common(&words, &timed);
        assert_eq!(words.len(), tokens(text).len());
        assert_eq!(words[0].start, 2000);
        assert!(
            words
                .windows(2)
                .all(|w| w[0].end == w[1].start && w[0].start < w[1].start)
        );
    }

    #[test]
    fn a_written_number_spans_its_spoken_words() {
        let text = "Từ 17/2, thư viện mở cửa đến 22 giờ.";
        let spoken = "Từ mười bảy tháng hai, thư viện mở cửa đến hai mươi hai giờ.";
        let marks: Vec<u64> = even(spoken, 100, 200);
        assert_eq!(marks.len(), 14);
        let timed = sentence(text, spoken, 100, 3000, &marks);
        let words = cues(SubtitleStyle::Words, &timed);
        check_common(&words, &timed);
        let shown: Vec<(&str, u64, u64)> = words
            .iter()
            .map(|c| (c.text.as_str(), c.start, c.end))
            .collect();
        assert_eq!(
            shown,
            [
                ("Từ", 100, 300),
                // mười bảy tháng hai
                ("17/2,", 300, 1100),
                ("thư", 1100, 1300),
                ("viện", 1300, 1500),
                ("mở", 1500, 1700),
                ("cửa", 1700, 1900),
                ("đến", 1900, 2100),
                // hai mươi hai
                ("22", 2100, 2700),
                ("giờ.", 2700, 3000),
            ]
        );
        // The written text, never the spoken one.
        let lines = cues(SubtitleStyle::Lines, &timed);
        check_lines(&lines, &timed);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, text);
    }

    #[test]
    fn words_are_matched_without_case_or_diacritics() {
        // The engine said "UBND" as four words and spelt "Đà Nẵng" without its marks.
        let text = "UBND TP. Đà Nẵng cấp 2,5 tỷ đồng.";
        let spoken = "ủy ban nhân dân thành phố da nang cấp hai phẩy năm tỷ đồng.";
        let marks = even(spoken, 0, 100);
        let timed = sentence(text, spoken, 0, 1500, &marks);
        let starts: Vec<u64> = cues(SubtitleStyle::Words, &timed)
            .iter()
            .map(|c| c.start)
            .collect();
        assert_eq!(starts, [0, 400, 600, 700, 800, 900, 1200, 1300]);
    }

    #[test]
    fn punctuation_standing_alone_goes_with_its_word() {
        let text = "Đà Nẵng – thành phố \" đáng sống \" , nhất.";
        let words: Vec<String> = align::units(text).into_iter().map(|u| u.text).collect();
        assert_eq!(
            words,
            [
                "Đà",
                "Nẵng –",
                "thành",
                "phố \"",
                "đáng",
                "sống \" ,",
                "nhất."
            ]
        );
        let timed = sentence(text, text, 0, 1000, &[]);
        check_common(&cues(SubtitleStyle::Words, &timed), &timed);
    }

    #[test]
    fn clause_boundaries() {
        use align::Boundary::{Clause, Comma, None};
        let boundaries: Vec<align::Boundary> =
            align::units("a, b; c: d – e\" f.\" g TP. h) i, j… k")
                .into_iter()
                .map(|u| u.boundary)
                .collect();
        assert_eq!(
            boundaries,
            [
                Comma, Clause, Clause, Clause, None, Clause, None, None, None, Comma, Clause, None
            ]
        );
    }

    #[test]
    fn marks_out_of_order_or_outside_the_sentence_are_tamed() {
        let text = "Một hai ba bốn năm.";
        let timed = sentence(text, text, 1000, 2000, &[5000, 900, 1500, 1200, 3000]);
        for style in [SubtitleStyle::Lines, SubtitleStyle::Words] {
            let cues = cues(style, &timed);
            check_common(&cues, &timed);
        }
        let empty = sentence("", "", 10, 20, &[]);
        assert!(cues(SubtitleStyle::Lines, &empty).is_empty());
        assert!(cues(SubtitleStyle::Words, &empty).is_empty());
    }

    #[test]
    fn srt_and_vtt_in_lines() {
        let text = "Sáng nay, thành phố Hà Nội đưa vào hoạt động ba tuyến xe buýt điện mới, nối \
            trung tâm với các khu đô thị phía tây.";
        let timed = as_written(text, 0, 300);
        let timeline = Timeline {
            sample_rate: RATE,
            len: timed.end,
            sentences: vec![timed],
        };
        assert_eq!(
            SubtitleFormat::Srt.render_styled(&timeline, SubtitleStyle::Lines),
            "1\n00:00:00,000 --> 00:00:04,800\nSáng nay, thành phố Hà Nội đưa vào\n\
             hoạt động ba tuyến xe buýt điện mới,\n\n\
             2\n00:00:04,800 --> 00:00:07,800\nnối trung tâm với các khu đô thị phía tây.\n\n"
        );
        let vtt = SubtitleFormat::Vtt.render_styled(&timeline, SubtitleStyle::Words);
        assert!(vtt.starts_with(
            "WEBVTT\n\n00:00:00.000 --> 00:00:00.300\nSáng\n\n00:00:00.300 --> 00:00:00.600\nnay,\n\n"
        ));
        assert_eq!(
            SubtitleFormat::Vtt.render(&timeline),
            SubtitleFormat::Vtt.render_styled(&timeline, SubtitleStyle::Sentences)
        );
    }

    /// A word: letters with and without Vietnamese marks, digits, maybe punctuation around.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[\"(]?[a-zA-ZàáạảãăắặđêếệìíôốộơớợùúưứựýĐ0-9/.%]{1,9}[,.;:!?)\"”…]{0,2}",
            1 => "[a-zđươ]{30,70}",
            1 => "[–—,\"]",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn cues_keep_their_promises(
            written in prop::collection::vec(word(), 0..60),
            spoken in prop::collection::vec("[a-zàáạđươ]{1,7}", 0..80),
            steps in prop::collection::vec(0u64..3000, 0..80),
            start in 0u64..100_000,
            length in 0u64..60_000,
            rate in prop_oneof![Just(1000u32), Just(22050), Just(1)],
        ) {
            let text = written.join(" ");
            let spoken = spoken.join(" ");
            let mut at = start;
            let marks: Vec<u64> = steps.iter().map(|s| { at += s; at }).collect();
            let timed = sentence(&text, &spoken, start, start + length, &marks);
            let timeline = Timeline { sample_rate: rate, len: timed.end, sentences: vec![timed.clone()] };
            check_lines(&SubtitleStyle::Lines.cues(&timeline), &timed);
            check_common(&SubtitleStyle::Words.cues(&timeline), &timed);
            check_common(&SubtitleStyle::Sentences.cues(&timeline), &timed);
            for format in [SubtitleFormat::Srt, SubtitleFormat::Vtt] {
                for style in [SubtitleStyle::Lines, SubtitleStyle::Words] {
                    format.render_styled(&timeline, style);
                }
            }
        }
    }
}
