//! Ordinals (`thứ 1` → *thứ nhất*, `thứ 4` → *thứ tư*) and Roman numerals in context
//! (`khóa XV`, `thế kỷ XX`, `quý IV`, `Đại hội XIV`).

use super::numbers::cardinal;

/// The value of a Roman numeral written in capitals (`XIV` → 14), in its canonical form only,
/// from 1 to 3999.
pub fn roman(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    // A lone C, D, L or M is a letter (`hạng C`), not a hundred.
    if text.len() == 1 && !matches!(text, "I" | "V" | "X") {
        return None;
    }
    let value = |c: u8| match c {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        b'D' => Some(500),
        b'M' => Some(1000),
        _ => None,
    };
    let bytes = text.as_bytes();
    let mut total = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value(b)?;
        if let Some(&n) = bytes.get(i + 1) {
            value(n)?;
        }
        let next = bytes.get(i + 1).and_then(|&n| value(n)).unwrap_or(0);
        if next > v {
            total = total.wrapping_sub(v);
        } else {
            total = total.wrapping_add(v);
        }
    }
    // Only canonical numerals: writing the value back must give the same text.
    (total > 0 && total < 4000 && to_roman(total) == text).then_some(total)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Words after which a Roman numeral is a number (`khóa XV`, `thế kỷ XX`, `quý IV`, `Đại hội
/// XIV`, `Thế chiến II`, `kỳ họp V`, `phụ lục III`, `giai đoạn II`); `prev2` is the word before
/// (`vua Louis XIV`, `Đại hội Đảng XIII`) and `prev3` the one before that (`Giáo hoàng Leo
/// XIV`, `Nữ hoàng Elizabeth II`). All in lower case.
pub fn takes_roman(prev: &str, prev2: &str, prev3: &str) -> bool {
    const WORDS: &[&str] = &[
        "khóa", "khoá", "kỷ", "kỉ", "quý", "hội", "lần", "chương", "phần", "tập", "kỳ", "kì",
        "thứ", "đợt", "mục", "lục", "phụ", "hồi", "khoản", "điều", "đoạn", "chiến", "họp", "hạng",
        "vua", "số", "năm", "cấp", "loại", "bậc", "vùng", "quân", "khu",
    ];
    WORDS.contains(&prev)
        || matches!(prev2, "vua" | "đế")
        || (prev2 == "hoàng" && matches!(prev3, "giáo" | "nữ"))
        || (prev2 == "hội" && prev == "đảng")
}

/// Keywords after which a numeral may be written in lower case (`chương iv`, `thế kỷ xix`),
/// and those after which even one lower-case letter is one (`phụ lục v`, `mục i`).
fn lower_case_after(prev: &str) -> (bool, bool) {
    match prev {
        "chương" | "phần" | "mục" | "lục" | "khoản" | "điều" | "đoạn" | "hồi" => {
            (true, true)
        }
        "kỷ" | "kỉ" | "khóa" | "khoá" | "thứ" | "quý" | "chiến" | "họp" | "hội" => {
            (true, false)
        }
        _ => (false, false),
    }
}

/// The value of a Roman numeral after the keyword `prev` (see [`takes_roman`]): in capitals
/// always, in lower case after the keywords of documents and centuries, except for letters
/// that are more likely units or words (`mục cm`); after *năm* only a year (`năm MCMXCIX`).
pub fn roman_after(text: &str, prev: &str) -> Option<u64> {
    if let Some(value) = roman(text) {
        return (prev != "năm" || value >= 1000).then_some(value);
    }
    let (lower_ok, single_ok) = lower_case_after(prev);
    if !lower_ok || !text.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if matches!(
        text,
        "cm" | "mm" | "dm" | "cd" | "ml" | "mi" | "di" | "li" | "dl" | "mc"
    ) {
        return None;
    }
    // A lone `i` is also the name of the letter I (`chương i a`, a spelled code).
    if text.len() == 1 && (!single_ok || text == "i") {
        return None;
    }
    roman(&text.to_ascii_uppercase())
}

/// The ordinal after *thứ*: `1` → `nhất`, `4` → `tư`, otherwise the cardinal.
pub fn ordinal(n: u64) -> String {
    match n {
        1 => "nhất".into(),
        4 => "tư".into(),
        n => cardinal(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_roman_numerals() {
        assert_eq!(roman("XV"), Some(15));
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("XX"), Some(20));
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(roman("III"), Some(3));
        assert_eq!(roman("MCMLXXV"), Some(1975));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("VX"), None);
        assert_eq!(roman("ABC"), None);
        assert_eq!(roman(""), None);
        assert_eq!(roman("C"), None);
        assert_eq!(roman("X"), Some(10));
    }

    #[test]
    fn ordinals_after_thu() {
        assert_eq!(ordinal(1), "nhất");
        assert_eq!(ordinal(4), "tư");
        assert_eq!(ordinal(2), "hai");
        assert_eq!(ordinal(11), "mười một");
    }

    #[test]
    fn context_words() {
        assert!(takes_roman("khóa", "", ""));
        assert!(takes_roman("kỉ", "thế", ""));
        assert!(takes_roman("louis", "vua", ""));
        assert!(takes_roman("leo", "hoàng", "giáo"));
        assert!(!takes_roman("long", "hoàng", "nguyễn"));
        assert!(!takes_roman("công", "nhân", ""));
    }

    #[test]
    fn lower_case_after_keywords() {
        assert_eq!(roman_after("xix", "kỷ"), Some(19));
        assert_eq!(roman_after("iv", "chương"), Some(4));
        assert_eq!(roman_after("v", "lục"), Some(5));
        assert_eq!(roman_after("i", "chương"), None);
        assert_eq!(roman_after("v", "khóa"), None);
        assert_eq!(roman_after("cm", "mục"), None);
        assert_eq!(roman_after("MCMXCIX", "năm"), Some(1999));
        assert_eq!(roman_after("IV", "năm"), None);
        assert_eq!(roman_after("vi", "số"), None);
    }
}
