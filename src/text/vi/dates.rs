//! Dates: `17/2`, `18/02/2023`, `1.5.2024`, `tháng 3/2024`, `tháng 11-2021`.

use super::numbers::cardinal;

fn small(text: &str, max: u64) -> Option<u64> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (1..=max).contains(n))
}

fn year(text: &str) -> Option<u64> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A month number after the word *tháng*: `4` and `04` → `tư`, `12` → `mười hai`.
pub fn month_number(text: &str) -> Option<String> {
    let m = small(text, 12)?;
    Some(if m == 4 { "tư".into() } else { cardinal(m) })
}

/// A day of the month written with digits, 1–31 (`05` → 5).
pub fn day_number(text: &str) -> Option<u64> {
    small(text, 31)
}

/// A year of four digits, 1000–2999.
pub fn year_number(text: &str) -> Option<u64> {
    year(text).filter(|y| (1000..3000).contains(y))
}

/// A month's name: `tháng tư` for April, `tháng mười hai` for December.
pub fn month(m: u64) -> String {
    if m == 4 {
        "tháng tư".into()
    } else {
        format!("tháng {}", cardinal(m))
    }
}

/// A day of the month; days 1–10 take *mồng* when `mong` is set (`mồng năm`).
pub fn day(d: u64, mong: bool) -> String {
    if mong && d <= 10 {
        format!("mồng {}", cardinal(d))
    } else {
        cardinal(d)
    }
}

/// Day, month and year of `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy` (day and month of one
/// or two digits, a year of four): `17/2/2024` → `(17, 2, 2024)`. `None` when a part is out
/// of range (`32/1/2024`, `1/13/2020`); the day is not checked against the month's length.
pub fn day_month_year(text: &str) -> Option<(u64, u64, u64)> {
    let sep = ['/', '-', '.'].into_iter().find(|&c| text.contains(c))?;
    let mut parts = text.split(sep);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    Some((small(d, 31)?, small(m, 12)?, year(y)?))
}

/// Reads `dd/mm`, `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` (and `dd-mm`, `dd.mm` when `short`
/// allows the separator). `None` when it cannot be a date (`8/45`).
pub fn date(text: &str, short: bool, mong: bool) -> Option<String> {
    let sep = ['/', '-', '.'].into_iter().find(|&c| text.contains(c))?;
    let parts: Vec<&str> = text.split(sep).collect();
    match parts[..] {
        [d, m] if short || sep == '/' => {
            let (d, m) = (small(d, 31)?, small(m, 12)?);
            Some(format!("{} {}", day(d, mong), month(m)))
        }
        [_, _, _] => {
            let (d, m, y) = day_month_year(text)?;
            Some(format!("{} {} năm {}", day(d, mong), month(m), cardinal(y)))
        }
        _ => None,
    }
}

/// Reads `m/yyyy` (`3/2024` → `tháng ba năm hai nghìn không trăm hai mươi tư`). Without the
/// word *tháng* when `after_thang` (the text said `tháng 3/2024`).
pub fn month_year(text: &str, after_thang: bool) -> Option<String> {
    let (m, y) = text.split_once('/')?;
    let (m, y) = (small(m, 12)?, year(y)?);
    let month = if after_thang {
        if m == 4 { "tư".into() } else { cardinal(m) }
    } else {
        month(m)
    };
    Some(format!("{month} năm {}", cardinal(y)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_month_and_full_dates() {
        assert_eq!(date("17/2", false, false).unwrap(), "mười bảy tháng hai");
        assert_eq!(
            date("18/02/2023", false, false).unwrap(),
            "mười tám tháng hai năm hai nghìn không trăm hai mươi ba"
        );
        assert_eq!(
            date("30.4.1975", false, false).unwrap(),
            "ba mươi tháng tư năm một nghìn chín trăm bảy mươi lăm"
        );
        assert_eq!(
            date("02-09-1945", false, true).unwrap(),
            "mồng hai tháng chín năm một nghìn chín trăm bốn mươi lăm"
        );
        assert_eq!(date("5/3", false, true).unwrap(), "mồng năm tháng ba");
    }

    #[test]
    fn what_cannot_be_a_date_is_not_one() {
        assert_eq!(date("8/45", false, false), None);
        assert_eq!(date("32/1", false, false), None);
        assert_eq!(date("5-10", false, false), None);
        assert_eq!(date("1/13/2020", false, false), None);
        assert!(date("5-10", true, false).is_some());
    }

    #[test]
    fn day_month_and_year_as_numbers() {
        assert_eq!(day_month_year("17/2/2024"), Some((17, 2, 2024)));
        assert_eq!(day_month_year("02-09-1945"), Some((2, 9, 1945)));
        assert_eq!(day_month_year("30.4.1975"), Some((30, 4, 1975)));
        assert_eq!(day_month_year("17/2"), None);
        assert_eq!(day_month_year("1/13/2020"), None);
        assert_eq!(day_month_year("1/2/3/2020"), None);
        assert_eq!(day_month_year("1/2/20"), None);
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            month_year("3/2024", false).unwrap(),
            "tháng ba năm hai nghìn không trăm hai mươi tư"
        );
        assert_eq!(
            month_year("4/2024", true).unwrap(),
            "tư năm hai nghìn không trăm hai mươi tư"
        );
        assert_eq!(month_year("13/2024", false), None);
    }
}
