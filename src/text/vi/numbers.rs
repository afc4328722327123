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
}
