//! Splitting a document into sentences.
//!
//! The base is the Unicode sentence boundaries of UAX #29 (`unicode-segmentation`), applied
//! inside each block, so a title or a line without a full stop is a sentence of its own.
//! Fragments with nothing to say (a lone `•`, `/`, `…`) are not sentences.

use unicode_segmentation::UnicodeSegmentation;

use super::Sentence;
use crate::article::Document;

/// The document's sentences, in reading order.
pub fn segment(doc: &Document) -> Vec<Sentence> {
    let text = doc.text();
    let mut sentences = Vec::new();
    for (block_index, block) in doc.blocks().iter().enumerate() {
        // UAX #29 always breaks at a line break; inside a block, line breaks come from hard
        // wrapping and are spaces. Each is one byte, so offsets stay the same.
        let flat = text[block.span.clone()].replace(['\n', '\r'], " ");
        for (offset, piece) in flat.split_sentence_bound_indices() {
            let trimmed = piece.trim_start();
            let start = block.span.start + offset + (piece.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            if !trimmed.chars().any(char::is_alphanumeric) {
                continue;
            }
            sentences.push(Sentence {
                index: sentences.len(),
                block: block_index,
                span: start..start + trimmed.len(),
                text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
    }
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn texts(input: &str) -> Vec<String> {
        let doc = Document::from_text(input, Some(Lang::Vi)).unwrap();
        segment(&doc).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_sentences_and_keeps_titles_apart() {
        assert_eq!(
            texts(
                "Giá xăng giảm\n\nSáng nay giá xăng giảm 500 đồng. Người dân vui mừng!\nLiệu giá có tăng lại?"
            ),
            [
                "Giá xăng giảm",
                "Sáng nay giá xăng giảm 500 đồng.",
                "Người dân vui mừng!",
                "Liệu giá có tăng lại?"
            ]
        );
    }

    #[test]
    fn numbers_with_dots_and_commas_stay_whole() {
        assert_eq!(
            texts("Doanh thu đạt 149.000 tỷ đồng, tăng 9,5 %."),
            ["Doanh thu đạt 149.000 tỷ đồng, tăng 9,5 %."]
        );
    }

    #[test]
    fn spans_point_at_the_source_and_wrapped_lines_become_spaces() {
        let input = "The council met and\nvoted.  Then it\nadjourned.";
        let doc = Document::from_text(input, Some(Lang::En)).unwrap();
        let sentences = segment(&doc);
        assert_eq!(sentences.len(), 2);
        assert_eq!(
            &input[sentences[0].span.clone()],
            "The council met and\nvoted."
        );
        assert_eq!(sentences[0].text, "The council met and voted.");
        assert_eq!(&input[sentences[1].span.clone()], "Then it\nadjourned.");
        assert_eq!(sentences[1].block, 0);
    }

    #[test]
    fn punctuation_only_fragments_are_skipped() {
        assert_eq!(texts("Tin mới.\n•\n/\nHết."), ["Tin mới.", "Hết."]);
    }
}
