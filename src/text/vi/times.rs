//! Times of day and durations: `14:05`, `9h05`, `7g30`, `18h`, `0h`, `00:00`, `9:05:30`,
//! `lúc 11g`, and compact durations such as `1h30p`, `2p30s`, `8h15m30s`, `20g45p`, `30s`.
//!
//! Minutes and seconds are read as numbers (`9h05` → *chín giờ năm phút*, no *không*); a part
//! that is zero after the first is not said (`8:00:00` → *tám giờ*, `05p00s` → *năm phút*).

use super::numbers::cardinal;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Second,
    Minute,
    Hour,
}

impl Part {
    fn word(self) -> &'static str {
        match self {
            Part::Hour => "giờ",
            Part::Minute => "phút",
            Part::Second => "giây",
        }
    }
}

/// Reads a time or a duration; `None` when `text` is not one. `g_is_hour` says the context
/// makes `g` an hour (`lúc 11g`); otherwise `5g` is five grams and not a time.
pub fn time(text: &str, g_is_hour: bool) -> Option<String> {
    let parts = if text.contains(':') {
        colon(text)?
    } else {
        compact(text, g_is_hour)?
    };
    let mut words = Vec::new();
    for (n, (value, part)) in parts.iter().enumerate() {
        if n > 0 && *value == 0 {
            continue;
        }
        words.push(format!("{} {}", cardinal(*value), part.word()));
    }
    Some(words.join(" "))
}

/// Words after which `M:SS phút` is how long something lasted (`kéo dài 15:30 phút`), not
/// when (`bắt đầu 19:45 phút`).
pub const DURATION_WORDS: &[&str] = &[
    "dài", "sau", "mất", "trong", "khoảng", "hết", "còn", "chỉ", "gần", "hơn", "thêm", "tổng",
];

/// `15:30` before `phút`: a duration in minutes and seconds, *mười lăm phút ba mươi giây*
/// (`5:00` → *năm phút*); `None` unless it is `M:SS` with seconds under 60.
pub fn minutes_seconds(text: &str) -> Option<String> {
    let (minutes, seconds) = text.split_once(':')?;
    if minutes.is_empty() || minutes.len() > 3 || !minutes.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let minutes: u64 = minutes.parse().ok()?;
    let seconds = two_digits(seconds, 59)?;
    Some(match seconds {
        0 => format!("{} phút", cardinal(minutes)),
        s => format!("{} phút {} giây", cardinal(minutes), cardinal(s)),
    })
}

fn two_digits(text: &str, max: u64) -> Option<u64> {
    if text.len() != 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|v| *v <= max)
}

/// `14:05`, `9:05:30`, `00:00`: hours of one or two digits, minutes and seconds of two.
fn colon(text: &str) -> Option<Vec<(u64, Part)>> {
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len()) {
        return None;
    }
    let hour = fields[0];
    if hour.is_empty() || hour.len() > 2 || !hour.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut parts = vec![(hour.parse().ok().filter(|h| *h <= 24)?, Part::Hour)];
    parts.push((two_digits(fields[1], 59)?, Part::Minute));
    if let Some(second) = fields.get(2) {
        parts.push((two_digits(second, 59)?, Part::Second));
    }
    Some(parts)
}

/// `7h15`, `9h05`, `18h`, `7g30`, `1h30p`, `2p30s`, `8h15m30s`, `20g45p`, `30s`, `5p`.
fn compact(text: &str, g_is_hour: bool) -> Option<Vec<(u64, Part)>> {
    let mut parts: Vec<(u64, Part)> = Vec::new();
    let mut rest = text;
    let mut g_seen = false;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        let value: u64 = rest[..digits].parse().ok()?;
        let number = &rest[..digits];
        rest = &rest[digits..];
        let units: [(&str, Part); 9] = [
            ("giờ", Part::Hour),
            ("giây", Part::Second),
            ("phút", Part::Minute),
            ("ph", Part::Minute),
            ("h", Part::Hour),
            ("g", Part::Hour),
            ("p", Part::Minute),
            ("m", Part::Minute),
            ("s", Part::Second),
        ];
        let unit = units.iter().find(|(u, _)| rest.starts_with(u));
        let part = match (unit, parts.last()) {
            (Some((u, part)), _) => {
                rest = &rest[u.len()..];
                g_seen |= *u == "g";
                // `5m` alone is five metres.
                if *u == "m" && parts.is_empty() {
                    return None;
                }
                *part
            }
            // `7h15`: two digits after the hour are its minutes.
            (None, Some((_, Part::Hour))) if rest.is_empty() && number.len() == 2 => Part::Minute,
            _ => return None,
        };
        if parts.last().is_some_and(|(_, last)| *last <= part) {
            return None;
        }
        // Minutes and seconds after a larger part stay under sixty.
        if !parts.is_empty() && value > 59 {
            return None;
        }
        parts.push((value, part));
    }
    // `5g` alone is five grams; `lúc 11g` and `7g30` are times.
    if g_seen && parts.len() == 1 && !g_is_hour {
        return None;
    }
    (!parts.is_empty()).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Option<String> {
        time(text, false)
    }

    #[test]
    fn clock_times() {
        assert_eq!(t("14:05").unwrap(), "mười bốn giờ năm phút");
        assert_eq!(t("09:48").unwrap(), "chín giờ bốn mươi tám phút");
        assert_eq!(t("9:00").unwrap(), "chín giờ");
        assert_eq!(t("00:00").unwrap(), "không giờ");
        assert_eq!(t("9:05:30").unwrap(), "chín giờ năm phút ba mươi giây");
        assert_eq!(t("8:00:00").unwrap(), "tám giờ");
        assert_eq!(t("25:00"), None);
        assert_eq!(t("9:5"), None);
        assert_eq!(t("1:2:3:4"), None);
    }

    #[test]
    fn hours_written_with_h_or_g() {
        assert_eq!(t("7h15").unwrap(), "bảy giờ mười lăm phút");
        assert_eq!(t("9h05").unwrap(), "chín giờ năm phút");
        assert_eq!(t("18h").unwrap(), "mười tám giờ");
        assert_eq!(t("0h").unwrap(), "không giờ");
        assert_eq!(t("7g30").unwrap(), "bảy giờ ba mươi phút");
        assert_eq!(t("7h5"), None);
        // Grams unless the context says otherwise.
        assert_eq!(t("5g"), None);
        assert_eq!(time("11g", true).unwrap(), "mười một giờ");
    }

    #[test]
    fn compact_durations() {
        assert_eq!(t("1h30p").unwrap(), "một giờ ba mươi phút");
        assert_eq!(t("2p30s").unwrap(), "hai phút ba mươi giây");
        assert_eq!(t("8h15m30s").unwrap(), "tám giờ mười lăm phút ba mươi giây");
        assert_eq!(t("20g45p").unwrap(), "hai mươi giờ bốn mươi lăm phút");
        assert_eq!(t("45p").unwrap(), "bốn mươi lăm phút");
        assert_eq!(t("30s").unwrap(), "ba mươi giây");
        assert_eq!(t("05p00s").unwrap(), "năm phút");
        assert_eq!(t("5m"), None);
        assert_eq!(t("30s15p"), None);
        assert_eq!(t("1h75p"), None);
        assert_eq!(t("h"), None);
    }
}
