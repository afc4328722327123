//! Splitting a document into sentences.
//!
//! The base is the Unicode sentence boundaries of UAX #29 (`unicode-segmentation`), applied
//! inside each block, so a title or a line without a full stop is a sentence of its own.
//! Language rules then correct it:
//!
//! - a boundary needs whitespace before it (`Jane.Doe@example.com`, `TP.HCM`, `1.000`);
//! - no sentence starts with a lower-case word or with punctuation (`Yahoo! in`, `. . .`);
//! - abbreviations from `data/segment-abbreviations.tsv`: titles always go on (`TP. Hải
//!   Dương`, `PGS.TS. Lê`, `Dr. Smith`), others go on before a number (`p. 55`); initials after
//!   a name (`Jonas E. Smith`); lower-case dotted abbreviations (`a.m.`);
//! - `…` before a capital ends a sentence (UAX #29 does not break there); a spaced `. . .`
//!   before a capital does not, `. . . .` does;
//! - list markers (`1.`, `2.)`, `a.`, `•`) start sentences, also inline, and are not
//!   sentences of their own;
//! - a short line without final punctuation, followed by a line starting with a capital, a
//!   digit or a bullet, is a sentence of its own;
//! - a citation in parentheses after a quotation (`"…" (Smith 55).`) stays with it.
//!
//! Fragments with nothing to say (a lone `•`, `/`, `…`) are not sentences.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Sentence;
use super::abbreviations::{Kind, kind};
use crate::article::Document;

/// Opening punctuation that may come before a sentence's first word.
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«', '„'];
/// Words that commonly open an English sentence: after `U.S.` they start a new one.
const STARTERS: &[&str] = &[
    "A", "An", "And", "As", "At", "But", "He", "Her", "His", "How", "I", "If", "In", "It", "Its",
    "My", "No", "On", "Our", "She", "So", "That", "The", "Their", "There", "These", "They", "This",
    "Those", "We", "What", "When", "Where", "Which", "Who", "Why", "Yes", "You", "Your",
];
/// Bullets that mark list items.
const BULLETS: &[char] = &['•', '⁃', '‣', '◦', '▪', '●', '–', '-', '*', '+'];

/// The document's sentences, in reading order.
pub fn segment(doc: &Document) -> Vec<Sentence> {
    let text = doc.text();
    let mut sentences = Vec::new();
    for (block_index, block) in doc.blocks().iter().enumerate() {
        let source = &text[block.span.clone()];
        for range in split(source)
            .into_iter()
            .flat_map(|range| super::long::cut(source, range))
        {
            let piece = &source[range];
            let trimmed = piece.trim_start();
            let start = block.span.start
                + (piece.as_ptr() as usize - source.as_ptr() as usize)
                + (piece.len() - trimmed.len());
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

/// The sentences of one block of text, as byte ranges (with their surrounding whitespace).
pub fn split(text: &str) -> Vec<Range<usize>> {
    // UAX #29 always breaks at a line break; inside a block, line breaks come from hard
    // wrapping and are spaces. Each is one byte, so offsets stay the same.
    let flat = text.replace(['\n', '\r'], " ");
    let mut candidates: Vec<usize> = flat
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .collect();
    extra_candidates(&flat, text, &mut candidates);
    let mut items = Vec::new();
    list_candidates(&flat, &mut items);
    glued_stops(&flat, &mut items);
    items.sort_unstable();
    candidates.extend_from_slice(&items);
    candidates.sort_unstable();
    candidates.dedup();

    let mut starts = vec![0];
    // Whether the sentence being built has a letter yet, and how far it was looked at: each
    // byte is looked at once, so long texts without boundaries stay linear.
    let (mut has_letter, mut scanned) = (false, 0);
    for p in candidates {
        if p >= flat.len() {
            continue;
        }
        let last = *starts.last().unwrap_or(&0);
        if !has_letter {
            has_letter = flat[scanned.max(last)..p].chars().any(char::is_alphabetic);
            scanned = p;
        }
        if items.binary_search(&p).is_ok() || (has_letter && is_boundary(&flat, last, p)) {
            starts.push(p);
            (has_letter, scanned) = (false, p);
        }
    }
    let mut ranges: Vec<Range<usize>> = starts
        .windows(2)
        .map(|w| w[0]..w[1])
        .chain(starts.last().map(|&s| s..flat.len()))
        .collect();
    merge_citations(&flat, &mut ranges);
    ranges
}

/// Where UAX #29 misses a boundary: `…` before a capital, after the `./.` mark, list markers
/// and short lines without final punctuation.
fn extra_candidates(flat: &str, text: &str, out: &mut Vec<usize>) {
    for (i, c) in flat.char_indices() {
        let end = i + c.len_utf8();
        // `compounds. . . . The`: a full stop, then an omission opening the next sentence.
        if c == '.'
            && flat[..i].ends_with(char::is_alphabetic)
            && flat[end..].starts_with(" . . . ")
        {
            out.push(end + 1);
        }
        // After a footnote marker closing a sentence: `45 phần trăm.[2] Theo…`.
        if c == ']' {
            let inside = flat[..i].trim_end_matches(|c: char| c.is_ascii_digit());
            if inside.len() < i
                && i - inside.len() <= 3
                && inside.ends_with('[')
                && inside[..inside.len() - 1].ends_with(['.', '!', '?', '…'])
                && flat[end..].starts_with(' ')
            {
                out.push(end + 1);
            }
        }
        // After `…` and after the `./.` mark.
        let ellipsis =
            c == '…' || flat[end..].starts_with("/.") || c == '/' && flat[..i].ends_with('.');
        if ellipsis {
            let rest = &flat[end..];
            let next = rest.trim_start();
            if next.len() < rest.len() {
                out.push(flat.len() - next.len());
            }
        }
    }
    // Lines: a short line without final punctuation before a capital, a digit or a bullet.
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let next_start = line_start + line.len();
        let content = line.trim();
        let next = text[next_start..].trim_start();
        let ends_open = !content.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '”', ')']);
        let starts_anew = next
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || BULLETS.contains(&c));
        let opens_list = content.ends_with(':') && next.starts_with(BULLETS);
        if line.ends_with('\n')
            && !content.is_empty()
            && (ends_open || opens_list)
            && content.chars().count() < 60
            && starts_anew
        {
            out.push(text.len() - next.len());
        }
        line_start = next_start;
    }
}

/// A full stop with no space after it between two words (`kết thúc.Sau đó`): a boundary,
/// unless the words are an address (`Tuoitre.vn`, `TP.HCM`, `jo.black@mail.test`).
fn glued_stops(flat: &str, out: &mut Vec<usize>) {
    const TLDS: [&str; 7] = ["vn", "com", "net", "org", "gov", "edu", "info"];
    // Only a word's first full stop can follow a word of letters: one look at each word.
    for word in flat.split_whitespace() {
        let Some(dot) = word.find('.') else {
            continue;
        };
        let start = word.as_ptr() as usize - flat.as_ptr() as usize;
        let word_before = word[..dot].trim_start_matches(OPENERS);
        let word_after = &word[dot + 1..];
        let mut next = word_after.chars();
        let glued = word_before.chars().count() >= 2
            && word_before.chars().all(char::is_alphabetic)
            && word_before.chars().last().is_some_and(char::is_lowercase)
            && next.next().is_some_and(char::is_uppercase)
            && next.next().is_some_and(char::is_lowercase)
            && !word_after.contains(['.', '@', '/'])
            && !TLDS.contains(
                &word_after
                    .trim_end_matches(|c: char| !c.is_alphabetic())
                    .to_lowercase()
                    .as_str(),
            );
        if glued {
            out.push(start + dot + 1);
        }
    }
}

/// A list marker: `1.`, `2.)`, `3)`, `a.`, `•`, `⁃9.`; its kind and number.
fn marker(word: &str) -> Option<(u8, u32)> {
    if let Some(c) = word.chars().next()
        && BULLETS.contains(&c)
        && c != '-'
        && c != '+'
    {
        return Some((0, 0));
    }
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let (value, rest) = if digits > 0 && digits <= 3 {
        (word[..digits].parse().ok()?, &word[digits..])
    } else {
        let c = word.chars().next()?;
        if !c.is_ascii_lowercase() {
            return None;
        }
        (u32::from(c), &word[1..])
    };
    let kind = match rest {
        "." => 1,
        ".)" => 2,
        ")" => 3,
        _ => return None,
    };
    Some((kind + if digits > 0 { 0 } else { 10 }, value))
}

/// Inline lists (`1) The first item 2) The second item`): when a block opens with a marker,
/// the next markers of the same kind, numbered in order, start sentences.
fn list_candidates(flat: &str, out: &mut Vec<usize>) {
    let mut words = flat
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - flat.as_ptr() as usize, w));
    let Some((_, first)) = words.next() else {
        return;
    };
    let Some((kind, mut value)) = marker(first) else {
        return;
    };
    for (at, word) in words {
        if let Some((k, v)) = marker(word)
            && k == kind
            && (kind == 0 || v == value + 1)
        {
            out.push(at);
            value = v;
        }
    }
}

/// Whether the sentence started at `start` may end before `p`.
fn is_boundary(flat: &str, start: usize, p: usize) -> bool {
    let before = &flat[..p];
    if !before.ends_with(char::is_whitespace) {
        return false;
    }
    let next = &flat[p..];
    let Some(c) = next.chars().next() else {
        return false;
    };
    let first_letter = next.trim_start_matches(OPENERS).chars().next().unwrap_or(c);
    if c.is_lowercase() || first_letter.is_lowercase() {
        return false;
    }
    // `compounds. . . . The practice`: the full stop ends the sentence, the omission opens the
    // next one.
    let omission_opens = next.starts_with(". . . ")
        && next[6..].starts_with(char::is_uppercase)
        && before
            .trim_end()
            .strip_suffix('.')
            .is_some_and(|b| b.ends_with(char::is_alphabetic));
    if omission_opens {
        return true;
    }
    if matches!(
        c,
        '.' | '…' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '/' | '%'
    ) {
        return false;
    }
    // The caller checked that the sentence so far has a letter.
    let current = flat[start..p].trim();
    let mut words = current.split_whitespace().rev();
    let last = words.next().unwrap_or_default();
    if marker(last).is_some() && words.clone().nth(1).is_none() && marker_only(current) {
        return false;
    }
    // `. . .` (an omission) before a capital goes on; `. . . .` (omission and full stop) ends.
    if current.ends_with(". . .") && !current.ends_with(". . . .") {
        return false;
    }
    let word = last.trim_start_matches(OPENERS);
    if let Some(stem) = word.strip_suffix('.')
        && !stem.ends_with('.')
        && !stem.is_empty()
    {
        match kind(stem) {
            Some(Kind::Title) => return false,
            Some(Kind::Abbr) => return !c.is_ascii_digit(),
            None => {}
        }
        // `a.m.`, `e.g.`: lower-case dotted abbreviations of one or two letters a part (not
        // a version, `2.0.`).
        if stem.contains('.')
            && stem.split('.').all(|part| {
                (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
            })
            && !stem.chars().any(char::is_uppercase)
        {
            return false;
        }
        // `U.S. Government` goes on; `U.S. How about you?` ends.
        if stem.contains('.')
            && stem
                .split('.')
                .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase))
        {
            let next_word = next
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches(|c: char| !c.is_alphanumeric());
            return !c.is_ascii_digit()
                && (STARTERS.contains(&next_word) || kind(next_word) == Some(Kind::Title));
        }
        // An initial after a name: `Jonas E. Smith`, `Albert I. Jones`.
        let mut letters = stem.chars();
        let next_word = next.split_whitespace().next().unwrap_or_default();
        let next_is_initial = next_word.len() == 2
            && next_word.ends_with('.')
            && next_word.starts_with(|c: char| c.is_ascii_uppercase());
        if let (Some(l), None) = (letters.next(), letters.next())
            && l.is_uppercase()
            && (next_is_initial
                || words
                    .next()
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase))
        {
            return false;
        }
    }
    true
}

/// Whether `current` is nothing but a list marker (`1.`, `• 9.`, `a.`).
fn marker_only(current: &str) -> bool {
    current.split_whitespace().all(|w| marker(w).is_some())
}

/// A citation in parentheses after a quotation (`"…" (Smith 55).`) belongs to it.
fn merge_citations(flat: &str, ranges: &mut Vec<Range<usize>>) {
    let mut i = 1;
    while i < ranges.len() {
        let piece = flat[ranges[i].clone()].trim();
        let previous = flat[ranges[i - 1].clone()].trim_end();
        let citation = piece.starts_with('(')
            && piece.trim_end_matches(['.', '!', '?']).ends_with(')')
            && piece.split_whitespace().count() <= 4
            && previous.ends_with(['"', '”', '\'', '’']);
        if citation {
            ranges[i - 1].end = ranges[i].end;
            ranges.remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn texts(input: &str) -> Vec<String> {
        let doc = Document::from_text(input, Some(Lang::Vi)).unwrap();
        segment(&doc).into_iter().map(|s| s.text).collect()
    }

    fn pieces(input: &str) -> Vec<&str> {
        split(input).into_iter().map(|r| input[r].trim()).collect()
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
        assert_eq!(
            pieces("Ngày 18.02.2023 giá 1.250,5 đồng. Hết."),
            ["Ngày 18.02.2023 giá 1.250,5 đồng.", "Hết."]
        );
    }

    #[test]
    fn vietnamese_abbreviations_do_not_end_sentences() {
        assert_eq!(
            pieces("Ông về TP. Hải Dương hôm qua. PGS.TS. Lê Văn A phát biểu."),
            [
                "Ông về TP. Hải Dương hôm qua.",
                "PGS.TS. Lê Văn A phát biểu."
            ]
        );
        assert_eq!(
            pieces("Gặp ThS. BS. Trần B tại Q. Ba Đình, P. Kim Mã. Xong."),
            ["Gặp ThS. BS. Trần B tại Q. Ba Đình, P. Kim Mã.", "Xong."]
        );
        assert_eq!(
            pieces("Có rau, củ, quả v.v. Sau đó đi chợ. Mua gạo, muối v.v. và về."),
            [
                "Có rau, củ, quả v.v.",
                "Sau đó đi chợ.",
                "Mua gạo, muối v.v. và về."
            ]
        );
    }

    #[test]
    fn ellipses_before_capitals_and_lowercase() {
        assert_eq!(
            pieces("Hợp tác trên 4 lĩnh vực… Đồng chí phát biểu. Chờ đợi… rồi đi."),
            [
                "Hợp tác trên 4 lĩnh vực…",
                "Đồng chí phát biểu.",
                "Chờ đợi… rồi đi."
            ]
        );
        assert_eq!(
            pieces("Bánh, tỏi, rươi... TP Điện Biên quảng bá... và mời khách."),
            [
                "Bánh, tỏi, rươi...",
                "TP Điện Biên quảng bá... và mời khách."
            ]
        );
    }

    #[test]
    fn quotes_and_parentheses() {
        assert_eq!(
            pieces("Chị nói: “Tôi vui lắm.” Rồi chị đi. Anh (vừa về.) cười."),
            [
                "Chị nói: “Tôi vui lắm.”",
                "Rồi chị đi.",
                "Anh (vừa về.) cười."
            ]
        );
        assert_eq!(
            pieces("Ông hỏi: \"Ai đó?\" Không ai đáp."),
            ["Ông hỏi: \"Ai đó?\"", "Không ai đáp."]
        );
    }

    #[test]
    fn lines_without_final_punctuation() {
        assert_eq!(
            pieces("Các bước:\n• Đăng ký\n• Nộp hồ sơ\nXong thì chờ."),
            ["Các bước:", "• Đăng ký", "• Nộp hồ sơ", "Xong thì chờ."]
        );
        assert_eq!(
            pieces("Hội đồng họp và\nquyết định tăng giá."),
            ["Hội đồng họp và\nquyết định tăng giá."]
        );
    }

    #[test]
    fn news_text_boundaries() {
        assert_eq!(
            pieces("Tỷ lệ đạt 45 phần trăm.[2] Theo báo cáo, số tăng."),
            ["Tỷ lệ đạt 45 phần trăm.[2]", "Theo báo cáo, số tăng."]
        );
        assert_eq!(
            pieces("Phiên bản 2.0. Bản mới ra mắt hôm qua."),
            ["Phiên bản 2.0.", "Bản mới ra mắt hôm qua."]
        );
        assert_eq!(
            pieces("Trận đấu kết thúc.Sau đó hai đội chào nhau. Xem Tuoitre.vn và TP.Huế."),
            [
                "Trận đấu kết thúc.",
                "Sau đó hai đội chào nhau.",
                "Xem Tuoitre.vn và TP.Huế."
            ]
        );
        assert_eq!(
            pieces("Nhà ở p. Dịch Vọng, q. Cầu Giấy, tp. Hà Nội. Anh Nguyễn Văn H. cho biết."),
            [
                "Nhà ở p. Dịch Vọng, q. Cầu Giấy, tp. Hà Nội.",
                "Anh Nguyễn Văn H. cho biết."
            ]
        );
    }

    #[test]
    fn glued_full_stops_are_found_in_linear_time() {
        // A hang guard (the quadratic search took minutes), not a speed test.
        let long = "ab.".repeat(100_000);
        let start = std::time::Instant::now();
        split(&long);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn end_of_article_mark() {
        assert_eq!(
            pieces("Tại TP Hải Dương./. Chung Hòa"),
            ["Tại TP Hải Dương./.", "Chung Hòa"]
        );
    }

    #[test]
    fn english_rules() {
        assert_eq!(
            pieces("Dr. Smith met Mr. Jones at 5 p.m. today. Please turn to p. 55. Thanks."),
            [
                "Dr. Smith met Mr. Jones at 5 p.m. today.",
                "Please turn to p. 55.",
                "Thanks."
            ]
        );
        assert_eq!(
            pieces("Mail jo.black@mail.test. Then call A. B. Carter!"),
            ["Mail jo.black@mail.test.", "Then call A. B. Carter!"]
        );
        assert_eq!(
            pieces("1) Buy milk 2) Sell eggs"),
            ["1) Buy milk", "2) Sell eggs"]
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
