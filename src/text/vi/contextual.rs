//! Abbreviations whose reading depends on the words around them.
//!
//! - Addresses: `Q.`, `P.`, `H.`, `X.`, `TX.`, `TT.`, `KP.`, `TP.` before a name or a number
//!   (`Q. Bình Thạnh`, `P. 7`), glued to the name (`TP.Dĩ An`, `Q.Bình Thạnh`) and in lower
//!   case (`p. Dịch Vọng, q. Cầu Giấy`). A capital letter with a dot after a name is an
//!   initial (`Nguyễn Văn H.`), spelled with its Vietnamese name.
//! - `ĐT`: *đội tuyển* before a country or a team (`ĐT Thái Lan`), *đường tỉnh* before a
//!   number (`ĐT 741`), *điện thoại* before a colon (`ĐT: 0912…`).
//! - Dotted initials are spelled: `Bà N.T.H.` → *Bà en nờ tê hát*.
//! - `C`, `F`, `K` after *độ* are the scale's letter (*độ xê*).
//! - `CP` after *Công ty* is *cổ phần*, not *Chính phủ*; `VAT` after *thuế* is *giá trị gia
//!   tăng*; a title's letters after a number are a code (`tàu QNg 90123 TS`).

use super::abbreviations::{letter, spell};

/// Address words written short, in capitals or lower case.
fn address(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "TP" | "Tp" | "tp" => "thành phố",
        "Q" | "q" => "quận",
        "P" | "p" => "phường",
        "H" | "h" => "huyện",
        "X" | "x" => "xã",
        "TX" | "tx" => "thị xã",
        "TT" | "tt" => "thị trấn",
        "KP" | "kp" => "khu phố",
        "ĐT" => "đường tỉnh",
        "QL" => "quốc lộ",
        _ => return None,
    })
}

fn starts_upper_or_digit(word: &str) -> bool {
    word.trim_start_matches(['(', '"', '“'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The reading of `core` (with `trail`, the punctuation after it) between the words `prev` and
/// `next` (their cores, as written; `said` is the last word said before it), when the context
/// decides it. `second` says the word is the sentence's second: the first one's capital is
/// the sentence's, not a name's.
pub(super) fn read(
    core: &str,
    trail: &str,
    prev: &str,
    said: &str,
    next: &str,
    second: bool,
) -> Option<String> {
    let dotted = trail.starts_with('.');
    // `tàu cá QNg 90479 TS`: after a number, a title's letters are a code, spelled.
    if prev.starts_with(|c: char| c.is_ascii_digit())
        && matches!(
            core,
            "TS" | "GS" | "KS" | "BS" | "LS" | "CN" | "DS" | "PGS" | "ThS"
        )
    {
        return spell(core);
    }
    // `chuyến bay VN123`, `số hiệu VJ197`: a flight, its airline's code spelled and its
    // number digit by digit, as airports announce it (not *Việt Nam một trăm hai mươi ba*).
    if matches!(prev.to_lowercase().as_str(), "bay" | "hiệu")
        && let Some((airline, number)) = flight(core)
    {
        return Some(format!(
            "{} {}",
            spell(airline)?,
            super::numbers::digits(number)
        ));
    }
    // `Bà N.T.H.`: initials, spelled.
    if core.contains('.')
        && core.split('.').all(|p| {
            let mut c = p.chars();
            c.next().is_some_and(char::is_uppercase) && c.next().is_none()
        })
    {
        let letters: Option<Vec<&str>> =
            core.split('.').map(|p| letter(p.chars().next()?)).collect();
        return letters.map(|l| l.join(" "));
    }
    // `Công ty CP`: a joint-stock company, not the Government; `thuế VAT` says thuế once.
    // `25 độ C`: the scale's letter, by its Vietnamese name.
    if matches!(core, "C" | "F" | "K")
        && (matches!(prev, "độ" | "Độ") || matches!(said, "độ" | "Độ"))
    {
        return spell(core);
    }
    // `Thứ 7 đến CN`, `sáng CN`: Sunday (before a name it is a degree, *cử nhân*; in `khu
    // CN` it is industry, left to the table).
    if core == "CN"
        && matches!(
            prev.to_lowercase().as_str(),
            "đến"
                | "tới"
                | "và"
                | "hoặc"
                | "sáng"
                | "trưa"
                | "chiều"
                | "tối"
                | "đêm"
                | "ngày"
                | "mỗi"
                | "các"
                | "vào"
                | "từ"
                | "hôm"
        )
        && !next.starts_with(char::is_uppercase)
    {
        return Some("chủ nhật".into());
    }
    // `sáng T7`, `T2 (9/12)`, `T2-T6`, `T7-CN`: weekdays written short.
    let weekday = |text: &str| match text {
        "T2" => Some("thứ hai"),
        "T3" => Some("thứ ba"),
        "T4" => Some("thứ tư"),
        "T5" => Some("thứ năm"),
        "T6" => Some("thứ sáu"),
        "T7" => Some("thứ bảy"),
        "CN" => Some("chủ nhật"),
        _ => None,
    };
    if let Some((a, b)) = core.split_once('-')
        && a != "CN"
        && let (Some(a), Some(b)) = (weekday(a), weekday(b))
    {
        return Some(format!("{a} đến {b}"));
    }
    if core != "CN"
        && let Some(day) = weekday(core)
        && (matches!(
            prev.to_lowercase().as_str(),
            "đến" | "tới" | "sáng" | "trưa" | "chiều" | "tối" | "đêm" | "mỗi" | "các" | "từ"
        ) || next.split_once('/').is_some_and(|(d, m)| {
            d.len() <= 2
                && super::dates::day_number(d).is_some()
                && super::dates::month_number(m.trim_end_matches(')')).is_some()
        }))
    {
        return Some(day.into());
    }
    // `Q3/2024`, `T7/2025`: a quarter, a month of a year (not a district or a letter).
    if let Some((head, year)) = core.split_once('/')
        && year.len() == 4
        && let Some(year) = super::dates::year_number(year)
        && let Some((kind, n)) = head.split_at_checked(1)
        && n.len() <= 2
        && let Ok(value) = n.parse::<u64>()
    {
        let year = super::numbers::cardinal(year);
        if kind == "Q" && (1..=4).contains(&value) {
            return Some(format!(
                "quý {} năm {year}",
                super::numbers::cardinal(value)
            ));
        }
        if kind == "T"
            && let Some(month) = super::dates::month_number(n)
        {
            return Some(format!("tháng {month} năm {year}"));
        }
    }
    if core == "CP" && matches!(prev, "ty" | "Ty" | "TY") {
        return Some("cổ phần".into());
    }
    if core == "VAT" && matches!(prev, "thuế" | "Thuế" | "THUẾ") {
        return Some("giá trị gia tăng".into());
    }
    if core == "ĐT" {
        if trail.starts_with(':') {
            return Some("điện thoại".into());
        }
        if starts_upper_or_digit(next) && !next.starts_with(|c: char| c.is_ascii_digit()) {
            return Some("đội tuyển".into());
        }
        // `đường ĐT 741`: the road is said once.
        if matches!(prev, "đường" | "Đường") && next.starts_with(|c: char| c.is_ascii_digit())
        {
            return Some("tỉnh".into());
        }
        return None;
    }
    // `TP.Dĩ An`, `Q.Bình Thạnh`, `P.Tân Định`: a name glued after the dot (not a title
    // such as `ThS`, read from the table when it stands alone).
    if let Some((stem, name)) = core.split_once('.')
        && let Some(word) = address(stem)
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().any(char::is_lowercase)
        && name.chars().all(char::is_alphabetic)
        && super::abbreviations::expand(name).is_none()
    {
        return Some(format!("{word} {name}"));
    }
    if !dotted {
        return None;
    }
    let mut chars = core.chars();
    let single = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    // `Nguyễn Văn H. Củ`: after a capitalized word a single capital is an initial.
    let is_name = |word: &str| {
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().count() > 1
            && word.chars().all(char::is_alphabetic)
            && word.chars().any(char::is_lowercase)
    };
    // After a name as written or as said (the output is read again the same way).
    if single && !second && (is_name(prev) || is_name(said)) {
        return letter(core.chars().next()?).map(str::to_string);
    }
    if trail.len() > 1 || !starts_upper_or_digit(next) {
        return None;
    }
    address(core).map(str::to_string)
}

/// A flight's code, split into its airline's (two capitals, or a capital and a digit:
/// `VN`, `VJ`, `9G`) and its number (one to four digits).
fn flight(core: &str) -> Option<(&str, &str)> {
    let (airline, number) = core.split_at_checked(2)?;
    let letters = airline.bytes().filter(u8::is_ascii_uppercase).count();
    let airline_ok = airline
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && letters >= 1;
    let number_ok = (1..=4).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    (airline_ok && number_ok).then_some((airline, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flights_are_spelled_and_said_digit_by_digit() {
        assert_eq!(
            read("VN123", "", "bay", "", "cất", false).unwrap(),
            "vê en nờ một hai ba"
        );
        assert_eq!(
            read("VJ197", "", "hiệu", "", "", false).unwrap(),
            "vê gi một chín bảy"
        );
        // Not a flight: a road, a number, other words before it.
        assert_eq!(read("QL1A", "", "bay", "", "", false), None);
        assert_eq!(read("VN123", "", "mã", "", "", false), None);
        assert_eq!(read("12345", "", "bay", "", "", false), None);
    }

    #[test]
    fn addresses_short_and_glued() {
        assert_eq!(read("Q", ".", "tại", "", "Bình", false).unwrap(), "quận");
        assert_eq!(read("p", ".", "số", "", "Dịch", false).unwrap(), "phường");
        assert_eq!(read("q", ".", "Vọng,", "", "Cầu", false).unwrap(), "quận");
        assert_eq!(
            read("TP.Dĩ", "", "ở", "", "An", false).unwrap(),
            "thành phố Dĩ"
        );
        assert_eq!(
            read("Q.Bình", "", "ở", "", "Thạnh", false).unwrap(),
            "quận Bình"
        );
        assert_eq!(read("TP.HCM", "", "ở", "", "và", false), None);
        assert_eq!(read("p", ".", "trang", "", "và", false), None);
    }

    #[test]
    fn initials_after_names() {
        assert_eq!(read("H", ".", "Văn", "", "Anh", false).unwrap(), "hát");
        assert_eq!(read("H", ".", "tại", "", "Củ", false).unwrap(), "huyện");
        // The first word's capital is the sentence's.
        assert_eq!(read("S", ".", "Bốn", "Bốn", "", true), None);
        assert_eq!(read("B", ".,", "Văn", "", "45", false).unwrap(), "bê");
    }

    #[test]
    fn titles_after_numbers_are_codes() {
        assert_eq!(
            read("TS", "", "90479", "", "gặp", false).unwrap(),
            "tê ét xì"
        );
        assert_eq!(read("TS", "", "là", "", "Nguyễn", false), None);
    }

    #[test]
    fn dotted_initials_are_spelled() {
        assert_eq!(
            read("N.T.H", ".", "Bà", "", "(45", false).unwrap(),
            "en nờ tê hát"
        );
    }

    #[test]
    fn sunday_quarters_and_months_written_short() {
        assert_eq!(
            read("CN", "", "đến", "", "trời", false).unwrap(),
            "chủ nhật"
        );
        assert_eq!(
            read("CN", "", "sáng", "", "(8/12)", false).unwrap(),
            "chủ nhật"
        );
        assert_eq!(read("CN", "", "khu", "", "Tân", false), None);
        assert_eq!(read("CN", "", "và", "", "Nguyễn", false), None);
        assert_eq!(
            read("Q3/2024", "", "trong", "", "tăng", false).unwrap(),
            "quý ba năm hai nghìn không trăm hai mươi tư"
        );
        assert_eq!(
            read("T4/2025", "", "từ", "", "", false).unwrap(),
            "tháng tư năm hai nghìn không trăm hai mươi lăm"
        );
        assert_eq!(read("T7", "", "sáng", "", "mưa", false).unwrap(), "thứ bảy");
        assert_eq!(read("T2", "", "", "", "9/12)", false).unwrap(), "thứ hai");
        assert_eq!(
            read("T2-T6", "", "từ", "", "", false).unwrap(),
            "thứ hai đến thứ sáu"
        );
        assert_eq!(
            read("T7-CN", "", "", "", "", false).unwrap(),
            "thứ bảy đến chủ nhật"
        );
        // A model or a code stays.
        assert_eq!(read("T7", "", "xe", "", "mới", false), None);
        assert_eq!(read("Q5/2024", "", "", "", "", false), None);
        assert_eq!(read("T13/2024", "", "", "", "", false), None);
    }

    #[test]
    fn companies_and_taxes() {
        assert_eq!(read("CP", "", "ty", "", "Đầu", false).unwrap(), "cổ phần");
        assert_eq!(
            read("VAT", "", "thuế", "", "giảm", false).unwrap(),
            "giá trị gia tăng"
        );
        assert_eq!(read("CP", "", "của", "", "về", false), None);
        assert_eq!(read("C", ",", "độ", "", "trời", false).unwrap(), "xê");
        assert_eq!(read("C", ",", "25°", "độ", "trời", false).unwrap(), "xê");
    }

    #[test]
    fn dt_by_field() {
        assert_eq!(
            read("ĐT", "", "thắng", "", "Thái", false).unwrap(),
            "đội tuyển"
        );
        assert_eq!(read("ĐT", "", "tuyến", "", "741", false), None);
        assert_eq!(read("ĐT", "", "đường", "", "741", false).unwrap(), "tỉnh");
        assert_eq!(
            read("ĐT", ":", "", "", "0912", false).unwrap(),
            "điện thoại"
        );
    }
}
