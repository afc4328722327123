//! Run-on "sentences": a text with no full stop for pages on end would reach the engine in
//! one piece, and its audio (an hour of speech for a 1 MB line) would be made and held in
//! one piece. Sentences over [`MAX_SENTENCE_CHARS`] are cut — at a clause boundary (`,` `;`
//! `:` or a dash between spaces) where there is one in the second half, else between words,
//! else (a single endless word) between characters — so memory stays bounded by design.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

/// The longest sentence given to an engine, in characters: about a minute of speech. Real
/// news sentences stay well below it.
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// `range` of `source`, cut into pieces of at most [`MAX_SENTENCE_CHARS`] characters.
pub(crate) fn cut(source: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = range.start;
    loop {
        let rest = &source[start..range.end];
        let Some((limit, _)) = rest.char_indices().nth(MAX_SENTENCE_CHARS) else {
            pieces.push(start..range.end);
            return pieces;
        };
        let at = cut_point(rest, limit);
        pieces.push(start..start + at);
        start += at;
    }
}

/// Where to end the piece that starts `rest`, at most `limit` bytes ([`MAX_SENTENCE_CHARS`]
/// characters) in: a byte offset greater than zero.
fn cut_point(rest: &str, limit: usize) -> usize {
    let chars: Vec<(usize, char)> = rest[..limit].char_indices().collect();
    let offset = |n: usize| chars.get(n).map_or(0, |&(i, _)| i);
    let (half, quarter) = (
        offset(MAX_SENTENCE_CHARS / 2),
        offset(MAX_SENTENCE_CHARS / 4),
    );
    // A clause boundary: punctuation (or a spaced dash) followed by a space.
    for pair in chars.windows(3).rev() {
        let [(_, a), (i, b), (_, c)] = [pair[0], pair[1], pair[2]];
        if i < half {
            break;
        }
        let clause = matches!(b, ',' | ';' | ':') && c.is_whitespace()
            || matches!(b, '–' | '—' | '-') && a.is_whitespace() && c.is_whitespace();
        if clause {
            return i + b.len_utf8();
        }
    }
    // Between words.
    if let Some((i, _)) = chars
        .iter()
        .rev()
        .find(|(i, c)| *i >= quarter && c.is_whitespace())
    {
        return *i;
    }
    // One endless word: between characters, not before a combining mark.
    let mut at = limit;
    while at > 0
        && (!rest.is_char_boundary(at) || rest[at..].chars().next().is_some_and(is_combining_mark))
    {
        at -= 1;
    }
    if at == 0 { limit } else { at }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        cut(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn short_sentences_stay_whole() {
        assert_eq!(pieces("Hôm nay trời đẹp."), ["Hôm nay trời đẹp."]);
    }

    #[test]
    fn long_ones_are_cut_at_clauses_then_words_then_characters() {
        let clause = "người dân đi làm sớm, ".repeat(200);
        let cut = pieces(&clause);
        assert!(cut.len() > 1);
        for piece in &cut {
            assert!(piece.chars().count() <= MAX_SENTENCE_CHARS);
        }
        assert!(
            cut[..cut.len() - 1].iter().all(|p| p.ends_with(',')),
            "{cut:?}"
        );
        assert_eq!(cut.concat(), clause);

        let words = "chữ ".repeat(2000);
        let cut = pieces(&words);
        assert!(cut.iter().all(|p| p.chars().count() <= MAX_SENTENCE_CHARS));
        assert_eq!(cut.concat(), words);

        // One word of 2500 letters, each with a combining tone mark.
        let word = "a\u{301}".repeat(1250);
        let cut = pieces(&word);
        assert!(cut.len() >= 3);
        assert!(cut.iter().all(|p| !p.starts_with('\u{301}')));
        assert_eq!(cut.concat(), word);
    }
}
