//! What an audio file says about itself: its tags (title, author, site, date, source address)
//! and its chapters, and how an encoder is set up (bit rate).
//!
//! Ogg Opus carries them as Vorbis comments (`TITLE=`, `CHAPTER001=00:00:00.000`,
//! `CHAPTER001NAME=…`), MP3 as an ID3v2.4 tag (`TIT2`, `CHAP` and `CTOC` frames). WAV carries
//! none.

use std::time::Duration;

use crate::article::{BlockKind, Document};
use crate::audio::timeline::Timeline;

/// The tags of an audio file. Empty fields are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags {
    /// The article's title.
    pub title: Option<String>,
    /// Who wrote it (the site when no author is named).
    pub artist: Option<String>,
    /// The publication: the site's name.
    pub album: Option<String>,
    /// When it was published: `2024-02-17`, or a full ISO 8601 time.
    pub date: Option<String>,
    /// Where it was read from.
    pub url: Option<String>,
    /// The language it is spoken in (BCP 47: `vi`, `en-GB`).
    pub language: Option<String>,
}

/// A chapter: where it starts and what it is called. It ends where the next one starts (the
/// last at the end of the audio).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    /// From the start of the audio.
    pub start: Duration,
    /// Its name: a section heading, or an article's title.
    pub title: String,
}

/// How a compressed format is encoded, and what it is tagged with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoding {
    /// Bits per second of the encoded stream; `None` is the format's default (Opus 24 kbit/s,
    /// MP3 64 kbit/s). WAV takes none.
    pub bitrate: Option<u32>,
    /// Written into the file's header.
    pub tags: Tags,
}

/// The longest tag value kept, in characters (a title, a name; a longer one is cut).
const MAX_VALUE: usize = 1000;

impl Tags {
    /// The tags a document gives ([`Document::metadata`]): its title, its author as the
    /// artist (the site when no author is named), the site as the album, the date it was
    /// published, its address and its language.
    pub fn of(doc: &Document) -> Tags {
        let meta = doc.metadata();
        Tags {
            title: meta
                .title
                .clone()
                .or_else(|| doc.title().map(str::to_string)),
            artist: meta.author.clone().or_else(|| meta.site.clone()),
            album: meta.site.clone(),
            date: meta.published.clone(),
            url: meta.url.clone(),
            language: Some(doc.lang().to_string()),
        }
    }

    /// Each tag that is set, as (Vorbis comment name, value), values cleaned of control
    /// characters and cut to a sane length.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        [
            ("TITLE", &self.title),
            ("ARTIST", &self.artist),
            ("ALBUM", &self.album),
            ("DATE", &self.date),
            ("WEBSITE", &self.url),
            ("LANGUAGE", &self.language),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = clean(value.as_deref()?);
            (!value.is_empty()).then_some((name, value))
        })
        .collect()
    }
}

impl Chapter {
    /// The chapters of one rendered document: one per section heading, the part before the
    /// first heading named by the title (or, without one, by its first sentence). A document
    /// with no heading has no chapters (one chapter for the whole file says nothing).
    pub fn of(doc: &Document, timeline: &Timeline) -> Vec<Chapter> {
        let mut chapters = Vec::new();
        let kind = |block: usize| doc.blocks().get(block).map(|b| b.kind);
        for timed in &timeline.sentences {
            let is_heading = kind(timed.sentence.block) == Some(BlockKind::Heading);
            let starts_block = chapters
                .last()
                .is_none_or(|(block, _): &(usize, Chapter)| *block != timed.sentence.block);
            if is_heading && starts_block {
                let start = samples_to_duration(timed.start, timeline.sample_rate);
                chapters.push((
                    timed.sentence.block,
                    Chapter {
                        start,
                        title: clean(&doc.text()[doc.blocks()[timed.sentence.block].span.clone()]),
                    },
                ));
            }
        }
        if chapters.is_empty() {
            return Vec::new();
        }
        let mut chapters: Vec<Chapter> = chapters.into_iter().map(|(_, c)| c).collect();
        if chapters[0].start > Duration::ZERO {
            let title = doc
                .title()
                .map(clean)
                .or_else(|| timeline.sentences.first().map(|s| clean(&s.sentence.text)))
                .unwrap_or_default();
            chapters.insert(
                0,
                Chapter {
                    start: Duration::ZERO,
                    title,
                },
            );
        }
        chapters
    }

    /// Chapters as they stand in a file: in order, each at least a millisecond after the one
    /// before, none at or past `total`, names cleaned; fewer than two is none.
    pub(crate) fn normalized(chapters: &[Chapter], total: Duration) -> Vec<Chapter> {
        let mut out: Vec<Chapter> = Vec::with_capacity(chapters.len());
        for chapter in chapters {
            let start =
                Duration::from_millis(chapter.start.as_millis().min(u64::MAX as u128) as u64);
            if start >= total || out.last().is_some_and(|last| start <= last.start) {
                continue;
            }
            out.push(Chapter {
                start,
                title: clean(&chapter.title),
            });
        }
        if out.len() < 2 { Vec::new() } else { out }
    }
}

/// The audio time of a sample offset.
fn samples_to_duration(samples: u64, sample_rate: u32) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(sample_rate.max(1)))
}

/// A value fit for a tag: one line, no control or bidi-override characters, at most
/// [`MAX_VALUE`] characters.
pub(crate) fn clean(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(MAX_VALUE * 4));
    let mut space = false;
    for c in value.chars() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        {
            continue;
        }
        if out.chars().count() >= MAX_VALUE {
            break;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_values() {
        assert_eq!(
            clean("  Hà Nội\n\tmùa \u{1b}[31mđông  "),
            "Hà Nội mùa [31mđông"
        );
        assert_eq!(clean("a\u{202e}b"), "ab");
        assert_eq!(clean(&"x".repeat(5000)).len(), MAX_VALUE);
    }

    #[test]
    fn chapters_normalized() {
        let c = |ms: u64, t: &str| Chapter {
            start: Duration::from_millis(ms),
            title: t.into(),
        };
        let total = Duration::from_secs(10);
        assert_eq!(
            Chapter::normalized(
                &[c(0, "a"), c(0, "dup"), c(5000, "b"), c(20_000, "late")],
                total
            ),
            vec![c(0, "a"), c(5000, "b")]
        );
        assert!(Chapter::normalized(&[c(0, "only")], total).is_empty());
    }

    #[test]
    fn chapters_from_headings() {
        let text = "Tiêu đề bài\n\nĐoạn mở đầu. Câu thứ hai.\n\nPhần một\n\nNội dung một, khá dài.\n\nPhần hai\n\nNội dung hai, cũng dài.";
        let doc = Document::from_text(text, None).unwrap();
        let heading_blocks: Vec<usize> = doc
            .blocks()
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Heading)
            .map(|(i, _)| i)
            .collect();
        // Build a timeline by hand: a second per sentence.
        let sentences = crate::text::segment(&doc);
        let timeline = Timeline {
            sample_rate: 1000,
            len: sentences.len() as u64 * 1000,
            sentences: sentences
                .into_iter()
                .enumerate()
                .map(|(i, sentence)| crate::audio::timeline::TimedSentence {
                    spoken: sentence.text.clone(),
                    sentence,
                    start: i as u64 * 1000,
                    end: i as u64 * 1000 + 900,
                    words: Vec::new(),
                })
                .collect(),
        };
        let chapters = Chapter::of(&doc, &timeline);
        assert_eq!(heading_blocks.len(), 2, "{:?}", doc.blocks());
        let names: Vec<&str> = chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(names, ["Tiêu đề bài", "Phần một", "Phần hai"]);
        assert_eq!(chapters[0].start, Duration::ZERO);
        assert!(chapters.windows(2).all(|w| w[0].start < w[1].start));
    }
}
