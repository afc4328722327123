//! Vehicle number plates: `51B-123.45`, `29C-678.90`, `30A-12345`, `59X1-234.56`: the
//! province code as a number, the series spelled with Vietnamese letter names, the serial
//! number digit by digit (*năm mươi mốt bê, một hai ba bốn năm*).

use super::abbreviations::spell;
use super::numbers::{digits, integer};

/// Reads `core` if it is a number plate.
pub(super) fn plate(core: &str) -> Option<String> {
    let (head, serial) = core.split_once('-')?;
    // The serial: `123.45` or `12345` (`1234` on old plates).
    let serial_digits: String = match serial.split_once('.') {
        Some((a, b)) if a.len() == 3 && b.len() == 2 => format!("{a}{b}"),
        Some(_) => return None,
        None if (4..=5).contains(&serial.len()) => serial.to_string(),
        None => return None,
    };
    if !serial_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The head: two digits, one or two capital letters, maybe a digit (`51B`, `59X1`, `30LD`).
    let bytes = head.as_bytes();
    if bytes.len() < 3 || !bytes[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = &head[2..];
    let letters = rest.bytes().take_while(u8::is_ascii_uppercase).count();
    let after = &rest[letters..];
    if !(1..=2).contains(&letters) || after.len() > 1 || !after.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut spoken = format!("{} {}", integer(&head[..2])?, spell(&rest[..letters])?);
    if !after.is_empty() {
        spoken.push(' ');
        spoken.push_str(&digits(after));
    }
    Some(format!("{spoken}, {}", digits(&serial_digits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_plates() {
        assert_eq!(
            plate("51B-123.45").unwrap(),
            "năm mươi mốt bê, một hai ba bốn năm"
        );
        assert_eq!(
            plate("59X1-234.56").unwrap(),
            "năm mươi chín ích xì một, hai ba bốn năm sáu"
        );
        assert_eq!(plate("30A-12345").unwrap(), "ba mươi a, một hai ba bốn năm");
        assert_eq!(plate("2016-2020"), None);
        assert_eq!(plate("5kg-7kg"), None);
        assert_eq!(plate("F-16"), None);
    }
}
