//! The shape of plain text: which lines form paragraphs, and whether it starts with a title.
//!
//! A blank line always ends a paragraph. Pasted web pages put every paragraph on a line of
//! its own, so a line break ends a paragraph too — except in hard-wrapped text, where a line
//! that does not end a sentence is followed by one that starts in lower case: those lines are
//! joined. A line judged to be chrome ends a paragraph like a blank line and is in no block.

use std::ops::Range;

use super::{Block, BlockKind, Chrome, Removed};

/// Longest first line still taken for a headline, in characters.
const MAX_TITLE_CHARS: usize = 250;

/// A line with something on it.
#[derive(Clone, Debug)]
pub(super) struct Line {
    /// Byte range in the text, trimmed of surrounding whitespace.
    pub span: Range<usize>,
    /// Byte range of the whole line, without its line break.
    pub raw: Range<usize>,
    /// Whether a blank line (or the start of the text) comes before it.
    pub after_blank: bool,
}

/// What becomes of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// Part of a paragraph (joined with the next line if the text is hard-wrapped).
    Keep,
    /// A block of its own, of this kind.
    Own(BlockKind),
    /// Not read.
    Drop(Chrome),
}

/// The lines of `text` that are not blank.
pub(super) fn lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut after_blank = true;
    for line in text.split_inclusive('\n') {
        let raw_end = start + line.trim_end_matches(['\n', '\r']).len();
        let raw = start..raw_end;
        start += line.len();
        match trimmed(text, raw.clone()) {
            Some(span) => {
                lines.push(Line {
                    span,
                    raw,
                    after_blank,
                });
                after_blank = false;
            }
            None => after_blank = true,
        }
    }
    lines
}

/// The lines with hard-wrapped ones joined: a line that leaves its sentence open, followed
/// (without a blank line) by one that starts in lower case, is one unit with it. Chrome is
/// judged unit by unit.
pub(super) fn units(text: &str, lines: Vec<Line>) -> Vec<Line> {
    let mut units: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(last) = units.last_mut() {
            if !line.after_blank && continues(&text[last.span.clone()], &text[line.span.clone()]) {
                last.span.end = line.span.end;
                last.raw.end = line.raw.end;
                continue;
            }
        }
        units.push(line);
    }
    units
}

/// Blocks from lines and their roles, and what was left out.
pub(super) fn assemble(text: &str, lines: &[Line], roles: &[Role]) -> (Vec<Block>, Vec<Removed>) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut removed = Vec::new();
    let mut open: Option<Range<usize>> = None;
    for (line, role) in lines.iter().zip(roles) {
        match role {
            Role::Keep => {
                open = match open.take() {
                    Some(block)
                        if !line.after_blank
                            && continues(&text[block.clone()], &text[line.span.clone()]) =>
                    {
                        Some(block.start..line.span.end)
                    }
                    Some(block) => {
                        blocks.push(paragraph(block));
                        Some(line.span.clone())
                    }
                    None => Some(line.span.clone()),
                };
            }
            Role::Own(kind) => {
                if let Some(block) = open.take() {
                    blocks.push(paragraph(block));
                }
                blocks.push(Block {
                    kind: *kind,
                    span: line.span.clone(),
                });
            }
            Role::Drop(reason) => {
                if let Some(block) = open.take() {
                    blocks.push(paragraph(block));
                }
                removed.push(Removed {
                    reason: *reason,
                    span: line.span.clone(),
                });
            }
        }
    }
    if let Some(block) = open {
        blocks.push(paragraph(block));
    }
    if blocks.len() > 1
        && blocks[0].kind == BlockKind::Paragraph
        && looks_like_title(&text[blocks[0].span.clone()])
    {
        blocks[0].kind = BlockKind::Title;
    }
    mark_headings(text, &mut blocks);
    (blocks, removed)
}

/// Longest section heading of pasted text, in characters and in words.
const MAX_HEADING_CHARS: usize = 80;
const MAX_HEADING_WORDS: usize = 12;

/// Marks the section headings of pasted text: a short paragraph of one line with no final
/// stop, after the body has begun and before a paragraph that ends a sentence (a list of
/// short lines is not a heading, nor is the last line).
fn mark_headings(text: &str, blocks: &mut [Block]) {
    let ends_sentence = |span: &Range<usize>| {
        text[span.clone()]
            .trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}', ')', '»'])
            .ends_with(['.', '!', '?', '…'])
    };
    for i in 1..blocks.len().saturating_sub(1) {
        let (before, rest) = blocks.split_at_mut(i);
        let (this, after) = rest.split_first_mut().expect("i < len");
        let candidate = &text[this.span.clone()];
        let next = &after[0];
        let previous = &before[i - 1];
        if this.kind == BlockKind::Paragraph
            && previous.kind == BlockKind::Paragraph
            && next.kind == BlockKind::Paragraph
            && !candidate.contains('\n')
            && candidate.chars().count() <= MAX_HEADING_CHARS
            && candidate.split_whitespace().count() <= MAX_HEADING_WORDS
            && candidate.chars().next().is_some_and(char::is_uppercase)
            && !candidate.ends_with(['.', ',', ';', ':', '…', '!', '?', '-', '\u{2013}'])
            && ends_sentence(&previous.span)
            && ends_sentence(&next.span)
            && text[next.span.clone()].chars().count() * 2 >= candidate.chars().count() * 3
        {
            this.kind = BlockKind::Heading;
        }
    }
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
        let lines = units(text, lines(text));
        let roles = vec![Role::Keep; lines.len()];
        assemble(text, &lines, &roles)
            .0
            .into_iter()
            .map(|b| (b.kind, &text[b.span]))
            .collect()
    }

    #[test]
    fn short_lines_between_paragraphs_are_headings() {
        let text = "Tiêu đề\n\nĐoạn mở đầu của bài viết.\n\nKinh tế phục hồi\n\nGiá xăng giảm mạnh trong tuần qua.\n\n- mục một\n- mục hai\n\nCuối bài.\n\nMinh Anh";
        assert_eq!(
            shape(text),
            [
                (BlockKind::Title, "Tiêu đề"),
                (BlockKind::Paragraph, "Đoạn mở đầu của bài viết."),
                (BlockKind::Heading, "Kinh tế phục hồi"),
                (BlockKind::Paragraph, "Giá xăng giảm mạnh trong tuần qua."),
                (BlockKind::Paragraph, "- mục một"),
                (BlockKind::Paragraph, "- mục hai"),
                (BlockKind::Paragraph, "Cuối bài."),
                (BlockKind::Paragraph, "Minh Anh"),
            ]
        );
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
    fn a_blank_line_ends_a_wrapped_paragraph() {
        let text = "It went on and\n\nthen it stopped.";
        assert_eq!(shape(text).len(), 2);
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

    #[test]
    fn dropped_lines_break_paragraphs_and_are_reported() {
        let text = "Tin mới\n\nSáng nay trời mưa và\n0:00/ 0:00\nmọi người ở nhà.";
        let lines = lines(text);
        let roles = [
            Role::Keep,
            Role::Keep,
            Role::Drop(Chrome::Player),
            Role::Keep,
        ];
        let (blocks, removed) = assemble(text, &lines, &roles);
        let texts: Vec<&str> = blocks.iter().map(|b| &text[b.span.clone()]).collect();
        assert_eq!(
            texts,
            ["Tin mới", "Sáng nay trời mưa và", "mọi người ở nhà."]
        );
        assert_eq!(&text[removed[0].span.clone()], "0:00/ 0:00");
        assert_eq!(removed[0].reason, Chrome::Player);
    }
}
