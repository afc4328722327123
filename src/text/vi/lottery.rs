//! Lottery results, read as they are drawn: digit by digit (`Giải đặc biệt: 45872` → *bốn năm
//! tám bảy hai*, `giải nhì: 67890 - 11223` → *sáu bảy tám chín không, một một hai hai ba*).
//!
//! Only in a sentence about a draw: one that names it (`xổ số`, `vé số`, `Vietlott`, `mở
//! thưởng`) or gives a prize its number (`giải nhất: 12345`, `giải đặc biệt là 45872`).

use std::borrow::Cow;

use super::Word;
use super::numbers::digit;

/// The prizes of a draw, after `giải`.
const PRIZES: &[&str] = &["nhất", "nhì", "ba", "tư", "năm", "sáu", "bảy", "tám"];

/// Whether the sentence is about a lottery draw.
pub(super) fn about_a_draw(words: &[Word<'_>], lowered: &[Cow<'_, str>]) -> bool {
    let at = |i: usize| lowered.get(i).map_or("", |w| w.as_ref());
    (0..lowered.len()).any(|i| match at(i) {
        "xổ" | "vé" => at(i + 1) == "số",
        "vietlott" | "xskt" | "xsmb" | "xsmn" | "xsmt" => true,
        "mở" => at(i + 1) == "thưởng",
        "giải" => {
            // `giải nhất: 12345`, `giải đặc biệt là 45872`.
            let (prize_end, ok) = match at(i + 1) {
                "đặc" if at(i + 2) == "biệt" => (i + 2, true),
                p => (i + 1, PRIZES.contains(&p)),
            };
            let colon = words
                .get(prize_end)
                .is_some_and(|w| w.trail.starts_with(':'));
            let number_at = if colon {
                prize_end + 1
            } else if at(prize_end + 1) == "là" {
                prize_end + 2
            } else {
                return false;
            };
            ok && words.get(number_at).is_some_and(|w| drawn_number(w.core))
        }
        _ => false,
    })
}

/// Whether `core` can be a drawn number: two to six digits, nothing else.
pub(super) fn drawn_number(core: &str) -> bool {
    (2..=6).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit())
}

/// Reads word `i` digit by digit if, in a sentence about a draw, it is a drawn number: one
/// that a pause, another number or a dash follows (`45872.`, `12345;`, `67890 - 11223`), and
/// that no date or time word comes before (`ngày 15`, `lúc 18`).
pub(super) fn read(words: &[Word<'_>], lowered: &[Cow<'_, str>], i: usize) -> Option<String> {
    let w = words[i];
    if !drawn_number(w.core) {
        return None;
    }
    let before = i.checked_sub(1).map_or("", |p| lowered[p].as_ref());
    if matches!(
        before,
        "ngày" | "tháng" | "năm" | "lúc" | "quý" | "thứ" | "kỳ" | "kì" | "mồng" | "mùng"
    ) {
        return None;
    }
    let next = words.get(i + 1);
    let pause = !w.trail.is_empty() || next.is_none();
    let list = next
        .is_some_and(|n| super::DASHES.contains(&n.core) || n.core == "và" || drawn_number(n.core));
    (pause || list).then(|| {
        w.core
            .bytes()
            .map(|b| digit(b - b'0'))
            .collect::<Vec<_>>()
            .join(" ")
    })
}
