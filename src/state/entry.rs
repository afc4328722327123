//! What is remembered of one article: where the listener was in it, and how they listened.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::rate::Rate;
use crate::state::ArticleKey;

/// The longest title kept, in characters.
const MAX_TITLE: usize = 200;
/// The longest source kept, in characters.
const MAX_SOURCE: usize = 2000;

/// One article's place and settings, as the [`Store`](crate::state::Store) keeps them.
///
/// The place is one in the text, not a time: a sentence and, within it, the byte where the
/// word being heard starts in the sentence's spoken form (what `docbao normalize` prints), so
/// that reading at another speed resumes at the same words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Which article.
    pub key: ArticleKey,
    /// Its title, or its first words.
    pub title: String,
    /// Where it came from: a web address, a file's path, or `stdin`.
    pub source: String,
    /// The sentence reached (0-based, as [`Player`](crate::Player) counts them).
    pub sentence: usize,
    /// Where in that sentence's spoken form the word being heard starts (bytes; 0 for the
    /// sentence's start).
    #[serde(default)]
    pub offset: usize,
    /// How many sentences the article has.
    pub sentences: usize,
    /// The time reached then, at the rate of the reading, in milliseconds (for display).
    #[serde(default)]
    pub position_ms: u64,
    /// The reading's length then, in milliseconds (possibly an estimate).
    #[serde(default)]
    pub duration_ms: u64,
    /// The voice's id.
    #[serde(default)]
    pub voice: String,
    /// The speaking rate.
    #[serde(default, with = "rate_text")]
    pub rate: Rate,
    /// Volume in percent (0–150).
    #[serde(default = "full_volume")]
    pub volume: u16,
    /// Read to the end: the next reading starts from the beginning.
    #[serde(default)]
    pub finished: bool,
    /// When this was saved, in seconds since 1970 (UTC).
    #[serde(default)]
    pub updated: u64,
}

fn full_volume() -> u16 {
    100
}

impl Entry {
    /// An entry for `key` at the start of an article of `sentences` sentences, stamped now.
    pub fn new(key: ArticleKey, title: &str, source: &str, sentences: usize) -> Entry {
        Entry {
            key,
            title: String::new(),
            source: String::new(),
            sentence: 0,
            offset: 0,
            sentences,
            position_ms: 0,
            duration_ms: 0,
            voice: String::new(),
            rate: Rate::default(),
            volume: 100,
            finished: false,
            updated: now(),
        }
        .with_title(title)
        .with_source(source)
    }

    /// The same entry with `title` (one line, cut to 200 characters).
    pub fn with_title(mut self, title: &str) -> Entry {
        self.title = one_line(title, MAX_TITLE);
        self
    }

    /// The same entry with `source` (one line, cut to 2000 characters).
    pub fn with_source(mut self, source: &str) -> Entry {
        self.source = one_line(source, MAX_SOURCE);
        self
    }

    /// Stamps the entry with the time now.
    pub fn touch(&mut self) {
        self.updated = now();
    }

    /// Where to resume: (sentence, offset), or `None` when the reading should start from the
    /// beginning (finished, or never past the first word).
    pub fn resume_point(&self) -> Option<(usize, usize)> {
        (!self.finished && (self.sentence > 0 || self.offset > 0))
            .then_some((self.sentence, self.offset))
    }

    /// How far the listener got, 0.0–1.0 (1.0 when finished).
    pub fn progress(&self) -> f64 {
        if self.finished {
            1.0
        } else if self.sentences == 0 {
            0.0
        } else {
            (self.sentence as f64 / self.sentences as f64).clamp(0.0, 1.0)
        }
    }

    /// The time reached, as saved.
    pub fn position(&self) -> Duration {
        Duration::from_millis(self.position_ms)
    }

    /// The time it was saved.
    pub fn updated_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.updated)
    }
}

/// Seconds since 1970.
fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `text` on one line (white space runs made one space), at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// A [`Rate`] stored as the text `docbao read --rate` takes (`1.5x`, `300wpm`).
mod rate_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::rate::Rate;

    pub fn serialize<S: Serializer>(rate: &Rate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&match rate {
            Rate::Factor(factor) => format!("{factor}x"),
            Rate::Wpm(wpm) => format!("{wpm}wpm"),
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Rate, D::Error> {
        let text = String::deserialize(deserializer)?;
        // A rate this version does not take is not worth losing the position over.
        Ok(text.parse().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_and_resume_point() {
        let mut entry = Entry::new(ArticleKey::for_text("a"), "Tin", "stdin", 40);
        assert_eq!(entry.resume_point(), None);
        assert_eq!(entry.progress(), 0.0);
        entry.sentence = 10;
        entry.offset = 7;
        assert_eq!(entry.resume_point(), Some((10, 7)));
        assert_eq!(entry.progress(), 0.25);
        entry.finished = true;
        assert_eq!(entry.resume_point(), None);
        assert_eq!(entry.progress(), 1.0);
    }

    #[test]
    fn titles_and_sources_are_one_short_line() {
        let long = "chữ ".repeat(300);
        let entry = Entry::new(ArticleKey::for_text("a"), &long, "a\nb", 1);
        assert_eq!(entry.title.chars().count(), 201);
        assert!(entry.title.ends_with('…'));
        assert_eq!(entry.source, "a b");
    }

    #[test]
    fn rates_round_trip_as_command_line_text() {
        let mut entry = Entry::new(ArticleKey::for_text("a"), "t", "s", 1);
        entry.rate = Rate::Factor(1.5);
        let json = serde_json::to_string(&entry).unwrap();
        assert!(json.contains("\"rate\":\"1.5x\""), "{json}");
        assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), entry);
        entry.rate = Rate::Wpm(300);
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            serde_json::from_str::<Entry>(&json).unwrap().rate,
            Rate::Wpm(300)
        );
    }
}
