//! Whether decoded text reads as text: a page in the wrong character set (UTF-8 read as
//! windows-1252, or VISCII, which no web standard decodes) comes out as words with symbols
//! and controls inside them (`ViÃªt`, `Vi¿t`) — mojibake that would be read aloud as
//! nonsense.

/// Whether `text` looks like mojibake: at least 3 words, and more than 5 % of the words that
/// hold anything beyond ASCII, carry a replacement character, a control, or a symbol between
/// two letters.
pub(super) fn looks_garbled(text: &str) -> bool {
    let (mut words, mut garbled) = (0usize, 0usize);
    for word in text.split_whitespace() {
        if word.is_ascii() {
            continue;
        }
        words += 1;
        if is_garbled(word) {
            garbled += 1;
        }
    }
    garbled >= 3 && garbled * 20 > words
}

fn is_garbled(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            return true;
        }
        let inside = i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        inside && is_mojibake_symbol(c)
    })
}

/// The symbols that windows-1252 and Latin-1 give to the bytes of other encodings.
fn is_mojibake_symbol(c: char) -> bool {
    matches!(c,
        '\u{a1}'..='\u{bf}'
        | '\u{d7}' | '\u{f7}'
        | '\u{2018}'..='\u{203a}'
        | '\u{20ac}' | '\u{2122}' | '\u{0192}' | '\u{02c6}' | '\u{02dc}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_english_and_french_read_as_text() {
        assert!(!looks_garbled(
            "Sáng nay, thành phố Hà Nội chính thức đưa vào hoạt động ba tuyến xe buýt điện mới."
        ));
        assert!(!looks_garbled(
            "L'été dernier, les élèves sont allés à la mer — « très » bien."
        ));
        assert!(!looks_garbled(
            "It’s the council’s plan: 25 °C, £5, naïve café."
        ));
    }

    #[test]
    fn utf8_read_as_windows_1252_is_garbled() {
        let text =
            "Sáng nay, thành phố Hà Nội chính thức đưa vào hoạt động ba tuyến xe buýt điện mới.";
        let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
        assert!(looks_garbled(&mojibake), "{mojibake}");
    }
}
