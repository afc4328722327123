//! Vietnamese numbers: cardinals (with the *linh*, *mốt*, *lăm*, *tư* rules), digit strings,
//! decimals with a comma and percentages.

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// The name of one digit: `7` → `bảy`.
pub fn digit(d: u8) -> &'static str {
    DIGITS[usize::from(d % 10)]
}

/// Reads a string of ASCII digits one by one: `0912` → `không chín một hai`.
pub fn digits(text: &str) -> String {
    let words: Vec<&str> = text
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| digit(b - b'0'))
        .collect();
    words.join(" ")
}

/// Reads 0–999 into `out`. `full` says a higher group came before, so a group under 100 still
/// says its hundreds (`không trăm`) and a lone unit takes *linh*.
fn group(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = (n / 100, (n / 10) % 10, n % 10);
    if hundreds > 0 || full {
        out.push(digit(hundreds as u8));
        out.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 && (hundreds > 0 || full) {
                out.push("linh");
            }
            if units > 0 {
                out.push(digit(units as u8));
            }
        }
        1 => {
            out.push("mười");
            match units {
                0 => {}
                5 => out.push("lăm"),
                u => out.push(digit(u as u8)),
            }
        }
        t => {
            out.push(digit(t as u8));
            out.push("mươi");
            match units {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                u => out.push(digit(u as u8)),
            }
        }
    }
}

/// Reads a cardinal number: `2750000` → `hai triệu bảy trăm năm mươi nghìn`, `105` →
/// `một trăm linh năm`, `24` → `hai mươi tư`, `0` → `không`.
pub fn cardinal(n: u64) -> String {
    if n == 0 {
        return "không".into();
    }
    // Groups of three digits from the highest; beyond a billion, billions repeat (`nghìn tỷ`).
    let mut words = Vec::new();
    cardinal_into(n, false, &mut words);
    words.join(" ")
}

fn cardinal_into(n: u64, full: bool, out: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        let (high, low) = (n / BILLION, n % BILLION);
        cardinal_into(high, full, out);
        out.push("tỷ");
        if low > 0 {
            cardinal_into(low, true, out);
        }
        return;
    }
    let scales = [(1_000_000, "triệu"), (1_000, "nghìn"), (1, "")];
    let mut started = full;
    let mut rest = n;
    for (scale, name) in scales {
        let value = rest / scale;
        rest %= scale;
        if value == 0 {
            continue;
        }
        group(value, started, out);
        if !name.is_empty() {
            out.push(name);
        }
        started = true;
    }
}

/// Reads a whole number written with digits and optional `.` thousands separators
/// (`149.000`). Leading zeros and very long numbers are read digit by digit. `None` when the
/// text is not such a number.
pub fn integer(text: &str) -> Option<String> {
    let plain: String = if text.contains('.') {
        let mut groups = text.split('.');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || first.starts_with('0') {
            return None;
        }
        let mut plain = first.to_string();
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            plain.push_str(g);
        }
        plain
    } else {
        text.to_string()
    };
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if (plain.len() > 1 && plain.starts_with('0')) || plain.len() > 15 {
        return Some(digits(&plain));
    }
    plain.parse().ok().map(cardinal)
}

/// Reads a decimal with a comma (`2,75` → `hai phẩy bảy mươi lăm`, `0,05` →
/// `không phẩy không năm`); the integer part may have `.` thousands.
pub fn decimal(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_once(',')?;
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = integer(whole)?;
    // A fraction with a leading zero, or a long one, is read digit by digit.
    let fraction = if fraction.starts_with('0') || fraction.len() > 3 {
        digits(fraction)
    } else {
        integer(fraction)?
    };
    Some(format!("{whole} phẩy {fraction}"))
}

/// Reads any number: an integer (with `.` thousands) or a decimal with `,`.
pub fn number(text: &str) -> Option<String> {
    integer(text).or_else(|| decimal(text))
}

/// Reads a number with English thousands commas (`1,234,567`): two commas or more, groups of
/// three. A single comma is the Vietnamese decimal comma.
pub fn english_thousands(text: &str) -> Option<String> {
    if text.matches(',').count() < 2 {
        return None;
    }
    integer(&text.replace(',', "."))
}

/// Reads a decimal written with a dot (`3.5`, `21.0285`) as a decimal, *ba phẩy năm*: for
/// numbers before a scale word or a unit (`3.5 triệu`, `6.5 độ`), where the dot cannot be a
/// thousands separator.
pub fn dot_decimal(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_once('.')?;
    if fraction.contains('.') || integer(text).is_some() {
        return None;
    }
    decimal(&format!("{whole},{fraction}"))
}

/// Reads amounts written the short way: `10k` → *mười nghìn*, `100tr` → *một trăm triệu*,
/// `1tr2` → *một triệu hai trăm nghìn*, `2tỷ5` → *hai tỷ năm trăm triệu*.
pub fn short_amount(text: &str) -> Option<String> {
    const SCALES: [(&str, &str, &str); 4] = [
        ("tr", "triệu", "nghìn"),
        ("tỷ", "tỷ", "triệu"),
        ("tỉ", "tỷ", "triệu"),
        ("k", "nghìn", ""),
    ];
    let at = text.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    let (num, rest) = text.split_at(at);
    let (suffix, scale, lower) = SCALES.iter().find(|(s, ..)| rest.starts_with(s))?;
    let tail = &rest[suffix.len()..];
    let mut spoken = format!("{} {scale}", number(num)?);
    if !tail.is_empty() {
        if tail.len() > 3 || !tail.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // `1tr2` is one million two hundred thousand: the digits are the next group's first.
        let value: u64 = format!("{tail:0<3}").parse().ok()?;
        if value > 0 {
            spoken.push(' ');
            spoken.push_str(&cardinal(value));
            if !lower.is_empty() {
                spoken.push(' ');
                spoken.push_str(lower);
            }
        }
    }
    Some(spoken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cardinals_follow_the_mot_lam_tu_rules() {
        assert_eq!(cardinal(0), "không");
        assert_eq!(cardinal(10), "mười");
        assert_eq!(cardinal(11), "mười một");
        assert_eq!(cardinal(15), "mười lăm");
        assert_eq!(cardinal(21), "hai mươi mốt");
        assert_eq!(cardinal(24), "hai mươi tư");
        assert_eq!(cardinal(14), "mười bốn");
        assert_eq!(cardinal(55), "năm mươi lăm");
        assert_eq!(cardinal(90), "chín mươi");
    }

    #[test]
    fn hundreds_take_linh() {
        assert_eq!(cardinal(105), "một trăm linh năm");
        assert_eq!(cardinal(300), "ba trăm");
        assert_eq!(cardinal(2023), "hai nghìn không trăm hai mươi ba");
        assert_eq!(cardinal(2005), "hai nghìn không trăm linh năm");
        assert_eq!(cardinal(1000), "một nghìn");
    }

    #[test]
    fn large_numbers_with_dot_thousands() {
        assert_eq!(
            integer("2.750.000").unwrap(),
            "hai triệu bảy trăm năm mươi nghìn"
        );
        assert_eq!(integer("149.000").unwrap(), "một trăm bốn mươi chín nghìn");
        assert_eq!(
            integer("1.000.005").unwrap(),
            "một triệu không trăm linh năm"
        );
        assert_eq!(integer("3000000000").unwrap(), "ba tỷ");
        assert_eq!(integer("12.5"), None);
        assert_eq!(integer("1.2345"), None);
    }

    #[test]
    fn leading_zeros_are_read_digit_by_digit() {
        assert_eq!(integer("007").unwrap(), "không không bảy");
        assert_eq!(integer("0").unwrap(), "không");
    }

    #[test]
    fn decimals_with_a_comma() {
        assert_eq!(decimal("2,75").unwrap(), "hai phẩy bảy mươi lăm");
        assert_eq!(decimal("6,8").unwrap(), "sáu phẩy tám");
        assert_eq!(decimal("0,05").unwrap(), "không phẩy không năm");
        assert_eq!(
            decimal("1.250,5").unwrap(),
            "một nghìn hai trăm năm mươi phẩy năm"
        );
        assert_eq!(decimal("3,"), None);
    }

    #[test]
    fn numbers_written_other_ways() {
        assert_eq!(
            english_thousands("1,234,567").unwrap(),
            "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"
        );
        assert_eq!(english_thousands("1,5"), None);
        assert_eq!(dot_decimal("3.5").unwrap(), "ba phẩy năm");
        assert_eq!(
            dot_decimal("21.0285").unwrap(),
            "hai mươi mốt phẩy không hai tám năm"
        );
        assert_eq!(dot_decimal("1.500"), None);
    }

    #[test]
    fn short_amounts() {
        assert_eq!(short_amount("10k").unwrap(), "mười nghìn");
        assert_eq!(short_amount("100tr").unwrap(), "một trăm triệu");
        assert_eq!(short_amount("1tr2").unwrap(), "một triệu hai trăm nghìn");
        assert_eq!(short_amount("2tỷ5").unwrap(), "hai tỷ năm trăm triệu");
        assert_eq!(short_amount("1k5").unwrap(), "một nghìn năm trăm");
        assert_eq!(short_amount("10kg"), None);
        assert_eq!(short_amount("5t"), None);
    }
}
