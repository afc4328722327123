//! Vorbis comments (the `NAME=value` tags of Ogg Opus and FLAC) with chapters as the
//! `CHAPTER001=00:01:02.500` / `CHAPTER001NAME=…` convention players and `ffprobe` read.

use std::time::Duration;

use super::tags::{Chapter, Tags};

/// Chapters a comment block numbers (`CHAPTER001`…`CHAPTER999`).
const MAX_CHAPTERS: usize = 999;

/// A comment block: `magic` (`OpusTags` in Opus, nothing in FLAC), the encoder library as
/// vendor, docbao as the encoder, the tags, and as many of `chapters` as keep the block
/// within `limit` bytes.
pub(super) fn block(
    magic: &[u8],
    vendor: &str,
    tags: &Tags,
    chapters: &[Chapter],
    limit: usize,
) -> Vec<u8> {
    let mut comments = vec![format!("ENCODER=docbao {}", env!("CARGO_PKG_VERSION"))];
    comments.extend(
        tags.fields()
            .into_iter()
            .map(|(name, value)| format!("{name}={value}")),
    );
    let mut len: usize =
        magic.len() + 4 + vendor.len() + 4 + comments.iter().map(|c| 4 + c.len()).sum::<usize>();
    for (i, chapter) in chapters.iter().take(MAX_CHAPTERS).enumerate() {
        let time = format!("CHAPTER{:03}={}", i + 1, time(chapter.start));
        let name = format!("CHAPTER{:03}NAME={}", i + 1, chapter.title);
        len += 8 + time.len() + name.len();
        if len > limit {
            break;
        }
        comments.push(time);
        comments.push(name);
    }
    let mut out = Vec::with_capacity(len.min(limit));
    out.extend_from_slice(magic);
    out.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    out.extend_from_slice(vendor.as_bytes());
    out.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for comment in &comments {
        out.extend_from_slice(&(comment.len() as u32).to_le_bytes());
        out.extend_from_slice(comment.as_bytes());
    }
    out
}

/// `HH:MM:SS.mmm`, as chapter comments give a time.
fn time(time: Duration) -> String {
    let ms = time.as_millis();
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_times() {
        assert_eq!(time(Duration::from_millis(3_723_045)), "01:02:03.045");
        assert_eq!(time(Duration::ZERO), "00:00:00.000");
    }

    #[test]
    fn layout() {
        let tags = Tags {
            title: Some("Tựa".into()),
            ..Tags::default()
        };
        let chapters = [Chapter {
            start: Duration::from_millis(1500),
            title: "Một".into(),
        }];
        let block = block(b"", "lib 1", &tags, &chapters, 10_000);
        assert_eq!(&block[..4], &5u32.to_le_bytes());
        assert_eq!(&block[4..9], b"lib 1");
        let count = u32::from_le_bytes(block[9..13].try_into().unwrap());
        assert_eq!(count, 4, "encoder, title and the chapter's two");
        let text = String::from_utf8_lossy(&block);
        assert!(text.contains("TITLE=Tựa"));
        assert!(text.contains("CHAPTER001=00:00:01.500"));
        assert!(text.contains("CHAPTER001NAME=Một"));
    }
}
