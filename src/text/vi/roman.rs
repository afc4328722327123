//! Roman numerals read as numbers in their context: after a keyword (`khóa XV`, `thế kỷ
//! XV-XVII`, `quý III/2024`, `vua Louis XIV`, `chương iv`) or in a list after one (`I, II và
//! III`, `XI đến XIV`). Which keywords, and when lower case counts, is [`super::ordinals`].

use super::numeric::read_any;
use super::{Ctx, Word, cardinal, numbers, ordinals};

/// A Roman numeral read as a number in its context: after a keyword (`khóa XV`, `thế kỷ
/// XV-XVII`, `quý III/2024`, `vua Louis XIV`) or in a list after one (`I, II và III`).
pub(super) fn in_context(
    words: &[Word<'_>],
    i: usize,
    ctx: &Ctx,
    roman: &[bool],
    out: &[String],
) -> Option<String> {
    let core = words[i].core;
    if !core
        .chars()
        .all(|c| "IVXLCDMivxlcdm-–/0123456789".contains(c))
    {
        return None;
    }
    // The keyword as written (`khóa XV`) or as said (`§ v` → *mục*, `QH xv` → *Quốc hội*):
    // reading the output again must find the same keyword.
    let said = said_before(out);
    let written = ordinals::takes_roman(ctx.prev, ctx.prev2, ctx.prev3);
    let spoken = ordinals::takes_roman(&said[0], &said[1], &said[2]);
    // A reign after a title and a name of two words: `Giáo hoàng John Paul II`, `vua Lê Thái
    // Tổ`… only in capitals, and not one letter (`Hoàng Văn C` is an initial).
    let capital =
        |j: usize| words[j].core.starts_with(char::is_uppercase) && words[j].trail.is_empty();
    let reign = i >= 3
        && matches!(ctx.prev3, "vua" | "hoàng" | "đế" | "vương")
        && capital(i - 1)
        && capital(i - 2)
        && core.len() >= 2
        && ordinals::roman(core).is_some();
    let after_keyword = written || spoken || reign;
    let keyword = match (written, spoken) {
        (true, _) => ctx.prev,
        (false, true) => said[0].as_str(),
        _ => "",
    };
    // `XI đến XIV`, `I, II và III`: a numeral after one, with at most a link word between.
    let in_list = (i >= 1 && roman[i - 1] && !words[i - 1].trail.is_empty())
        || (i >= 2
            && roman[i - 2]
            && matches!(ctx.prev, "đến" | "và" | "hoặc" | "tới" | "-" | "–"));
    if !after_keyword && !in_list {
        return None;
    }
    let read = |text: &str| ordinals::roman_after(text, keyword);
    let (numeral, year) = match core.split_once('/') {
        Some((n, y)) => (n, Some(y)),
        None => (core, None),
    };
    let as_number = |value: u64| {
        if ctx.prev == "thứ" {
            ordinals::ordinal(value)
        } else {
            cardinal(value)
        }
    };
    if let Some((a, b)) = numeral.split_once(['-', '–'])
        && let (Some(a), Some(b)) = (read(a), read(b))
    {
        return Some(format!("{} đến {}", as_number(a), as_number(b)));
    }
    let mut spoken = as_number(read(numeral)?);
    if let Some(year) = year {
        match numbers::integer(year) {
            Some(y) if year.len() == 4 => spoken = format!("{spoken} năm {y}"),
            // A numeral over letters (`MMM/M-MMMM`) is no rank or quarter.
            _ if year.chars().any(char::is_alphabetic) => return None,
            _ => spoken = format!("{spoken} trên {}", read_any(year)),
        }
    }
    Some(spoken)
}

/// The last three words said so far, in lower case, without their punctuation.
fn said_before(out: &[String]) -> [String; 3] {
    let mut said: [String; 3] = Default::default();
    let words = out
        .iter()
        .rev()
        .flat_map(|w| w.split_whitespace().rev())
        .map(|w| super::split_word(w).core)
        .take(3);
    for (slot, word) in said.iter_mut().zip(words) {
        *slot = word.to_lowercase();
    }
    said
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reign_after_a_title_and_a_name_of_two_words() {
        for (written, spoken) in [
            (
                "Giáo hoàng Benedict XVI từ nhiệm.",
                "Giáo hoàng Benedict mười sáu từ nhiệm.",
            ),
            (
                "Di sản của Giáo hoàng Gioan Phaolô II còn đó.",
                "Di sản của Giáo hoàng Gioan Phaolô hai còn đó.",
            ),
            (
                "Nữ hoàng Elizabeth II băng hà.",
                "Nữ hoàng Elizabeth hai băng hà.",
            ),
            // One letter after a name is an initial, not a reign.
            (
                "Anh Hoàng Văn Thái C. cho biết.",
                "Anh Hoàng Văn Thái xê cho biết.",
            ),
        ] {
            assert_eq!(super::super::normalize(written), spoken, "for {written:?}");
        }
    }
}
