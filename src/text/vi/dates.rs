//! Dates and times: `17/2`, `18/02/2023`, `1.5.2024`, `tháng 3/2024`, `14:05`, `7h15`, `18h`.

use super::numbers::{cardinal, integer};

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
        [d, m, y] => {
            let (d, m, y) = (small(d, 31)?, small(m, 12)?, year(y)?);
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

/// Reads a time: `14:05` → `mười bốn giờ không năm phút`, `7h15` → `bảy giờ mười lăm phút`,
/// `18h` → `mười tám giờ`, `9:05:30` with seconds.
pub fn time(text: &str) -> Option<String> {
    let parts: Vec<&str> = if let Some((h, m)) = text.split_once(['h', 'g']) {
        // `5g` is five grams; `7g30` is a time.
        if m.is_empty() && text.ends_with('g') {
            return None;
        }
        if m.is_empty() { vec![h] } else { vec![h, m] }
    } else if text.contains(':') {
        text.split(':').collect()
    } else {
        return None;
    };
    let hour: u64 = parse_two(parts[0], 24, true)?;
    let mut out = format!("{} giờ", cardinal(hour));
    if let Some(minute) = parts.get(1) {
        if minute.len() != 2 {
            return None;
        }
        let m = parse_two(minute, 59, false)?;
        // `9:00` is *chín giờ*, unless seconds follow.
        if m > 0 || parts.len() > 2 {
            out.push_str(&format!(" {} phút", minute_words(minute, m)));
        }
    }
    if let Some(second) = parts.get(2) {
        if second.len() != 2 {
            return None;
        }
        let s = parse_two(second, 59, false)?;
        out.push_str(&format!(" {} giây", minute_words(second, s)));
    }
    if parts.len() > 3 {
        return None;
    }
    Some(out)
}

fn parse_two(text: &str, max: u64, one_digit: bool) -> Option<u64> {
    if text.is_empty() || text.len() > 2 || (!one_digit && text.len() != 2) {
        return None;
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n <= max)
}

/// `05` minutes are read *không năm*, as newsreaders do.
fn minute_words(text: &str, value: u64) -> String {
    if text.starts_with('0') && value > 0 {
        format!("không {}", cardinal(value))
    } else {
        integer(&value.to_string()).unwrap_or_default()
    }
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

    #[test]
    fn times() {
        assert_eq!(time("14:05").unwrap(), "mười bốn giờ không năm phút");
        assert_eq!(time("7h15").unwrap(), "bảy giờ mười lăm phút");
        assert_eq!(time("18h").unwrap(), "mười tám giờ");
        assert_eq!(time("09:48").unwrap(), "chín giờ bốn mươi tám phút");
        assert_eq!(
            time("9:05:30").unwrap(),
            "chín giờ không năm phút ba mươi giây"
        );
        assert_eq!(time("9:00").unwrap(), "chín giờ");
        assert_eq!(time("7g30").unwrap(), "bảy giờ ba mươi phút");
        assert_eq!(time("5g"), None);
        assert_eq!(time("25:00"), None);
        assert_eq!(time("7h5"), None);
    }
}
