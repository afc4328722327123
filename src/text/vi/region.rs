//! Northern and southern readings of numbers.
//!
//! The normalizer writes the northern forms (*nghìn*, *linh*, *mồng*). A southern voice says
//! *ngàn*, *lẻ* and *mùng*: [`Region::South`] turns the northern forms into those, only where
//! they are numbers (`một trăm linh năm` → *một trăm lẻ năm*, never *linh hồn*). Embedders
//! choose the region, or take it from the voice's language tag with [`Region::from_tag`].

/// Which regional forms of the number words to say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Region {
    /// *nghìn*, *linh*, *mồng* (Hà Nội; the default).
    #[default]
    North,
    /// *ngàn*, *lẻ*, *mùng* (Sài Gòn).
    South,
}

impl Region {
    /// The region of a BCP 47 tag: `vi-VN-x-south` (espeak-ng's southern voice) and tags with
    /// a `south` or `saigon` subtag are southern; anything else is northern.
    pub fn from_tag(tag: &str) -> Region {
        let south = tag
            .split(['-', '_'])
            .any(|s| s.eq_ignore_ascii_case("south") || s.eq_ignore_ascii_case("saigon"));
        if south { Region::South } else { Region::North }
    }

    /// Turns the northern number words of `spoken` (the normalizer's output) into this
    /// region's.
    pub fn apply(self, spoken: &str) -> String {
        if self == Region::North {
            return spoken.to_string();
        }
        const DIGITS: [&str; 9] = [
            "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
        ];
        let words: Vec<&str> = spoken.split(' ').collect();
        let mut out = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let next = words.get(i + 1).copied().unwrap_or_default();
            let prev = i.checked_sub(1).map(|p| words[p]).unwrap_or_default();
            let digit_next = DIGITS.contains(&next.trim_end_matches(|c: char| !c.is_alphabetic()));
            let (core, rest) = split_core(word);
            let replaced = match core {
                "nghìn" => "ngàn",
                "Nghìn" => "Ngàn",
                "linh" if prev == "trăm" && digit_next => "lẻ",
                "mồng" if digit_next || next.starts_with("mười") => "mùng",
                "Mồng" if digit_next || next.starts_with("mười") => "Mùng",
                other => other,
            };
            out.push(format!("{replaced}{rest}"));
        }
        out.join(" ")
    }
}

fn split_core(word: &str) -> (&str, &str) {
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    word.split_at(end)
}

/// Normalizes a Vietnamese sentence with the number words of `region`.
pub fn normalize(sentence: &str, region: Region) -> String {
    region.apply(&super::normalize(sentence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn southern_forms_only_in_numbers() {
        assert_eq!(
            normalize("Giá 105.000 đồng, ngày 5/3.", Region::South),
            "Giá một trăm lẻ năm ngàn đồng, ngày mùng năm tháng ba."
        );
        assert_eq!(
            normalize("Hàng trăm linh hồn, 2.005 người.", Region::South),
            "Hàng trăm linh hồn, hai ngàn không trăm lẻ năm người."
        );
        assert_eq!(
            normalize("Giá 105.000 đồng.", Region::North),
            "Giá một trăm linh năm nghìn đồng."
        );
    }

    #[test]
    fn region_from_the_voice_tag() {
        assert_eq!(Region::from_tag("vi-VN-x-south"), Region::South);
        assert_eq!(Region::from_tag("vi-VN"), Region::North);
        assert_eq!(Region::from_tag("vi"), Region::North);
    }
}
