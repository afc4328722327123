//! English normalization: only what espeak-ng does not read well itself.
//!
//! Checked with `espeak-ng -v en -x`: numbers, years, decimals, times, ordinals (`21st`),
//! Roman numerals after names (`World War II`), `Dr.`, `%` and `°C` are read right and are
//! left alone. Read wrong, and rewritten here:
//!
//! - ranges: `20-25%`, `2016-2020` were read with *dash* → `20 to 25%`;
//! - money: `$5.50` was *dollar five point five zero* → `5 dollars 50 cents`; `$100` →
//!   `100 dollars`; `$1.2 billion` → `1.2 billion dollars`;
//! - units spelled as letters: `3 km` was *K M* → `3 kilometres` (`kg`, `cm`, `mm`, `km/h`,
//!   `mph`, `m2`).

/// Normalizes an English sentence (whitespace already collapsed).
pub fn normalize(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let core = word.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '”']);
        let trail = &word[core.len()..];
        // A unit after a number or a range (`3 km`, `1-2 km`).
        let prev_is_number = i > 0
            && (is_number(words[i - 1])
                || range(words[i - 1].trim_end_matches([',', '.'])).is_some());
        if let Some(spoken) = money(core, words.get(i + 1).copied()) {
            let (spoken, used) = spoken;
            out.push(format!("{spoken}{}", if used == 2 { "" } else { trail }));
            if used == 2 {
                let next = words[i + 1];
                let next_core = next.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
                out.push(format!("{next_core} dollars{}", &next[next_core.len()..]));
            }
            i += used;
            continue;
        }
        if let Some(spoken) = range(core) {
            out.push(format!("{spoken}{trail}"));
        } else if prev_is_number && let Some(name) = unit(core) {
            out.push(format!("{name}{trail}"));
        } else if let Some((number, name)) = glued_unit(core) {
            out.push(format!("{number} {name}{trail}"));
        } else {
            out.push(word.to_string());
        }
        i += 1;
    }
    out.join(" ")
}

fn is_number(word: &str) -> bool {
    let core = word.trim_end_matches([',', '.']);
    !core.is_empty()
        && core
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

fn digits_only(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// `20-25%` → `20 to 25%`, `2016-2020` → `2016 to 2020`; not phone numbers (`555-1234`).
fn range(core: &str) -> Option<String> {
    let (a, b) = core.split_once(['-', '–'])?;
    let b_digits = b.trim_end_matches(['%', '°']);
    if !digits_only(a) || !digits_only(b_digits) || a.starts_with('0') {
        return None;
    }
    let (la, lb) = (a.len(), b_digits.len());
    // 555-1234 and 12-3456 are numbers, not ranges.
    if la == 3 && lb == 4 || lb > 4 || la > 4 {
        return None;
    }
    Some(format!("{a} to {b}"))
}

/// `$5.50` → `5 dollars 50 cents`; `$100` → `100 dollars`; `$1.2 billion` (two words).
fn money(core: &str, next: Option<&str>) -> Option<(String, usize)> {
    let amount = core.strip_prefix('$')?;
    if !digits_only(amount) || !amount.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let scale = next.map(|n| n.trim_end_matches([',', '.', ';', ':', '!', '?', ')']));
    if matches!(scale, Some("million" | "billion" | "trillion" | "thousand")) {
        return Some((amount.to_string(), 2));
    }
    if let Some((dollars, cents)) = amount.rsplit_once('.')
        && cents.len() == 2
    {
        let dollars_word = if dollars == "1" { "dollar" } else { "dollars" };
        if cents == "00" {
            return Some((format!("{dollars} {dollars_word}"), 1));
        }
        return Some((format!("{dollars} {dollars_word} {cents} cents"), 1));
    }
    let word = if amount == "1" { "dollar" } else { "dollars" };
    Some((format!("{amount} {word}"), 1))
}

/// Units espeak-ng spells as letters.
fn unit(text: &str) -> Option<&'static str> {
    Some(match text {
        "km" => "kilometres",
        "kg" => "kilograms",
        "cm" => "centimetres",
        "mm" => "millimetres",
        "km/h" | "kph" => "kilometres per hour",
        "mph" => "miles per hour",
        "m2" | "m²" => "square metres",
        "km2" | "km²" => "square kilometres",
        "m3" | "m³" => "cubic metres",
        "ml" => "millilitres",
        "mg" => "milligrams",
        "kWh" => "kilowatt hours",
        "MW" => "megawatts",
        "GB" => "gigabytes",
        "MB" => "megabytes",
        _ => return None,
    })
}

fn glued_unit(core: &str) -> Option<(&str, &'static str)> {
    let at = core.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (number, tail) = core.split_at(at);
    if number.is_empty() || number.ends_with(['.', ',']) {
        return None;
    }
    Some((number, unit(tail)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_to() {
        assert_eq!(
            normalize("Prices rose 20-25% in 2016-2020."),
            "Prices rose 20 to 25% in 2016 to 2020."
        );
        assert_eq!(normalize("Wait 5-10 minutes."), "Wait 5 to 10 minutes.");
        assert_eq!(normalize("Call 555-1234 now."), "Call 555-1234 now.");
        assert_eq!(normalize("A well-known fact."), "A well-known fact.");
    }

    #[test]
    fn money_reads_dollars() {
        assert_eq!(
            normalize("It costs $5.50 today."),
            "It costs 5 dollars 50 cents today."
        );
        assert_eq!(normalize("She has $100.00."), "She has 100 dollars.");
        assert_eq!(normalize("A $1 coin."), "A 1 dollar coin.");
        assert_eq!(
            normalize("Worth $1.2 billion, they say."),
            "Worth 1.2 billion dollars, they say."
        );
    }

    #[test]
    fn units_are_words() {
        assert_eq!(
            normalize("Run 3 km and lift 5 kg."),
            "Run 3 kilometres and lift 5 kilograms."
        );
        assert_eq!(
            normalize("At 60km/h on 120m2."),
            "At 60 kilometres per hour on 120 square metres."
        );
        assert_eq!(normalize("Meet me in 5 minutes."), "Meet me in 5 minutes.");
    }

    #[test]
    fn stable_on_its_own_output() {
        for text in [
            "$5.50 for 3 km, 20-25%",
            "$2 billion.",
            "In 2016-2020 it grew.",
        ] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once);
        }
    }
}
