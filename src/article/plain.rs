//! The shape of plain text: which lines form paragraphs, and whether it starts with a title.
//!
//! A blank line always ends a paragraph. Pasted web pages put every paragraph on a line of
//! its own, so a line break ends a paragraph too — except in hard-wrapped text, where a line
//! that does not end a sentence is followed by one that starts in lower case: those lines are
//! joined.

use std::ops::Range;

use super::{Block, BlockKind};

/// Longest first line still taken for a headline, in characters.
const MAX_TITLE_CHARS: usize = 250;

pub(super) fn layout(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<Range<usize>> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = trimmed(text, start..start + line.len());
        start += line.len();
        let Some(range) = range else {
            if let Some(block) = open.take() {
                blocks.push(paragraph(block));
            }
            continue;
        };
        open = match open.take() {
            Some(block) if continues(&text[block.clone()], &text[range.clone()]) => {
                Some(block.start..range.end)
            }
            Some(block) => {
                blocks.push(paragraph(block));
                Some(range)
            }
            None => Some(range),
        };
    }
    if let Some(block) = open {
        blocks.push(paragraph(block));
    }
    if blocks.len() > 1 && looks_like_title(&text[blocks[0].span.clone()]) {
        blocks[0].kind = BlockKind::Title;
    }
    blocks
}

fn paragraph(span: Range<usize>) -> Block {
    Block {
        kind: BlockKind::Paragraph,
        span,
    }
}

/// The range without surrounding whitespace, or `None` when it is all whitespace.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    (start < end).then_some(start..end)
}

/// Whether `next` carries on the sentence that `block` leaves open (hard-wrapped text).
fn continues(block: &str, next: &str) -> bool {
    let ends_open = block
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '–' | '('));
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

fn looks_like_title(first: &str) -> bool {
    !first.contains('\n')
        && first.chars().count() <= MAX_TITLE_CHARS
        && !first.ends_with(['.', ',', ';', ':', '…'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(BlockKind, &str)> {
        layout(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.span]))
            .collect()
    }

    #[test]
    fn title_then_one_paragraph_per_line() {
        let text = "Mưa lớn ở Hà Nội\n\nSáng nay trời mưa to.\nNhiều tuyến phố ngập.\n";
        assert_eq!(
            shape(text),
            [
                (BlockKind::Title, "Mưa lớn ở Hà Nội"),
                (BlockKind::Paragraph, "Sáng nay trời mưa to."),
                (BlockKind::Paragraph, "Nhiều tuyến phố ngập."),
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "The council met on Tuesday and\nvoted on the budget, which\npassed.\n\nNext week it meets again.";
        assert_eq!(
            shape(text),
            [
                (
                    BlockKind::Paragraph,
                    "The council met on Tuesday and\nvoted on the budget, which\npassed."
                ),
                (BlockKind::Paragraph, "Next week it meets again."),
            ]
        );
    }

    #[test]
    fn a_sentence_is_not_a_title() {
        assert_eq!(
            shape("It rained.\nThen it stopped.")[0].0,
            BlockKind::Paragraph
        );
        assert_eq!(
            shape("Only one line without a stop")[0].0,
            BlockKind::Paragraph
        );
    }

    #[test]
    fn crlf_and_surrounding_whitespace() {
        assert_eq!(
            shape("  Tiêu đề \r\n\r\n  Đoạn một.  \r\nĐoạn hai.\r\n"),
            [
                (BlockKind::Title, "Tiêu đề"),
                (BlockKind::Paragraph, "Đoạn một."),
                (BlockKind::Paragraph, "Đoạn hai."),
            ]
        );
    }
}
