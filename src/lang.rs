//! Languages: the tag a document is read in, and recognising it from the text.

use std::fmt;

/// The language a document is read in.
///
/// docbao has language rules for Vietnamese and English; any other language is carried as
/// its BCP 47 primary subtag and passed through to the engine untouched.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Vietnamese (`vi`).
    Vi,
    /// English (`en`).
    En,
    /// Any other language, by its lower-case primary subtag (`de`, `fr`, …).
    Other(String),
}

/// A language tag that is not BCP 47-shaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a language tag (expected something like vi, en or en-GB)")]
pub struct LangError(pub String);

impl Lang {
    /// Parses a BCP 47 tag (`vi`, `vi-VN`, `en-GB`, `vi-VN-x-south`); only its primary subtag
    /// decides the language.
    pub fn parse(tag: &str) -> Result<Lang, LangError> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        let valid =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        if !valid {
            return Err(LangError(tag.to_string()));
        }
        Ok(match primary.to_ascii_lowercase().as_str() {
            "vi" => Lang::Vi,
            "en" => Lang::En,
            other => Lang::Other(other.to_string()),
        })
    }

    /// The primary subtag: `vi`, `en`, …
    pub fn tag(&self) -> &str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
            Lang::Other(tag) => tag,
        }
    }

    /// Whether a BCP 47 tag (as written in a voice profile) is this language.
    pub fn matches(&self, tag: &str) -> bool {
        Lang::parse(tag).is_ok_and(|lang| &lang == self)
    }

    /// Recognises the language of `text`.
    ///
    /// Vietnamese is told by its letters: `ă â đ ê ô ơ ư` and the tone marks stacked on vowels
    /// (`ạ ả ấ ầ … ỹ`), precomposed or as combining marks; short or mixed text by its words
    /// (`Xin chào HTX.`); numbers and times alone (`15:30`) are Vietnamese. Latin text without
    /// any of these is taken for English; text in other scripts is `und` (undetermined) and
    /// needs an explicit language or voice.
    pub fn detect(text: &str) -> Lang {
        let (mut letters, mut vietnamese, mut latin) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            if is_vietnamese_mark(c) {
                vietnamese += 1;
                continue;
            }
            if !c.is_alphabetic() {
                continue;
            }
            letters += 1;
            if is_vietnamese_letter(c) {
                vietnamese += 1;
            }
            if c.is_ascii_alphabetic()
                || ('\u{00C0}'..='\u{024F}').contains(&c)
                || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            {
                latin += 1;
            }
        }
        // Numbers, times and dates alone (`15:30`, `9h`, `1/2`, `115`) are read in Vietnamese,
        // docbao's first language.
        if letters < 3 && text.chars().any(|c| c.is_ascii_digit()) {
            return Lang::Vi;
        }
        if letters == 0 {
            return Lang::Other("und".into());
        }
        // Vietnamese prose carries one of these letters in roughly every eighth letter; other
        // Latin-script languages share none of them. Short or mixed text (`Xin chào HTX.`, a
        // sentence full of English names) is told by its words: Vietnamese words against
        // English function words.
        if vietnamese * 40 >= letters || (latin * 2 >= letters && vietnamese_by_words(text)) {
            Lang::Vi
        } else if latin * 2 >= letters {
            Lang::En
        } else {
            Lang::Other("und".into())
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// `text` in lower case with Vietnamese (and other Latin) diacritics removed: `Giọng nữ` →
/// `giong nu`. For matching what people type without a Vietnamese keyboard.
pub(crate) fn fold_diacritics(text: &str) -> String {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵäå", 'a'),
        ("èéẹẻẽêềếệểễë", 'e'),
        ("ìíịỉĩïî", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡöø", 'o'),
        ("ùúụủũưừứựửữüû", 'u'),
        ("ỳýỵỷỹÿ", 'y'),
        ("đ", 'd'),
    ];
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| {
            GROUPS
                .iter()
                .find(|(group, _)| group.contains(c))
                .map_or(c, |&(_, base)| base)
        })
        .collect()
}

/// Common Vietnamese words written without a letter only Vietnamese has (`chào`, `là`, `có`,
/// `theo`), and English function words: short or mixed text is Vietnamese when it has more of
/// the first kind (counting words with Vietnamese letters) than of the second, and at least
/// one.
fn vietnamese_by_words(text: &str) -> bool {
    const VIETNAMESE: &[&str] = &[
        "xin", "chào", "và", "là", "có", "các", "cho", "theo", "khi", "thì", "mà", "nhà", "bà",
        "cô", "anh", "chị", "em", "trong", "ngoài", "sau", "nay", "này", "hôm", "sáng", "chiều",
        "tối", "năm", "tháng", "ngày", "giá", "vào", "ra", "lên", "xe", "thành", "phố", "nhiều",
        "ít", "làm", "học", "sinh", "chính", "phủ", "dân", "tỉnh", "xã", "gì", "sao", "nhau",
        "cùng", "rất", "quá", "hay", "nhưng", "bị", "mới", "cả", "tin", "báo", "ông", "tôi",
        "chúng", "họ", "của", "không", "được", "người", "với", "tại", "về", "từ", "đến",
    ];
    const ENGLISH: &[&str] = &[
        "the", "and", "of", "to", "in", "is", "are", "was", "were", "with", "for", "on", "that",
        "this", "it", "by", "from", "at", "as", "be", "has", "have", "had", "an", "a", "or", "not",
        "but", "which", "who", "will", "would", "their", "its", "his", "her", "they", "we", "you",
        "i", "he", "she", "said", "says",
    ];
    let (mut vi, mut en) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic() && !is_vietnamese_mark(c)) {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_lowercase();
        if ENGLISH.contains(&lower.as_str()) {
            en += 1;
        } else if VIETNAMESE.contains(&lower.as_str())
            || word
                .chars()
                .any(|c| is_vietnamese_letter(c) || is_vietnamese_mark(c))
        {
            vi += 1;
        }
    }
    vi > 0 && vi > en
}

/// Letters that only Vietnamese writes among Latin-script languages.
fn is_vietnamese_letter(c: char) -> bool {
    // Latin Extended Additional, Vietnamese part: ạ ả ấ ầ ẩ ẫ ậ ắ … ỳ ỵ ỷ ỹ.
    ('\u{1EA0}'..='\u{1EF9}').contains(&c) || "ăâđêôơưĂÂĐÊÔƠƯ".contains(c)
}

/// Combining marks of decomposed (NFD) Vietnamese: hook above, horn, dot below.
fn is_vietnamese_mark(c: char) -> bool {
    matches!(c, '\u{0309}' | '\u{031B}' | '\u{0323}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_by_primary_subtag() {
        assert_eq!(Lang::parse("vi"), Ok(Lang::Vi));
        assert_eq!(Lang::parse("vi-VN-x-south"), Ok(Lang::Vi));
        assert_eq!(Lang::parse("EN_gb"), Ok(Lang::En));
        assert_eq!(Lang::parse("de"), Ok(Lang::Other("de".into())));
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("x").is_err());
        assert!(Lang::parse("viet").is_err());
        assert!(Lang::parse("1a").is_err());
    }

    #[test]
    fn folds_diacritics() {
        assert_eq!(
            fold_diacritics("Giọng nữ miền Trung"),
            "giong nu mien trung"
        );
        assert_eq!(fold_diacritics("ĐƯỜNG Ỷ"), "duong y");
        assert_eq!(fold_diacritics("Ho\u{0302}\u{0300}"), "ho");
    }

    #[test]
    fn detects_vietnamese_from_diacritics() {
        assert_eq!(
            Lang::detect("Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ."),
            Lang::Vi
        );
        // Decomposed (NFD) text: base letters plus combining marks.
        assert_eq!(
            Lang::detect("Ho\u{0302}m nay tro\u{031B}\u{0300}i đe\u{0323}p"),
            Lang::Vi
        );
        // Without diacritics, Vietnamese cannot be told from other Latin text.
        assert_eq!(
            Lang::detect("The weather is lovely today, we walked around the lake."),
            Lang::En
        );
        // French accents are not Vietnamese ones.
        assert_eq!(Lang::detect("Le café était déjà fermé à midi."), Lang::En);
        assert_eq!(Lang::detect("Привет, как дела?"), Lang::Other("und".into()));
        // Short or mixed text is told by its words.
        assert_eq!(Lang::detect("Xin chào HTX."), Lang::Vi);
        assert_eq!(
            Lang::detect("Apple CEO Tim Cook gặp Microsoft, Google và OpenAI tại Seoul."),
            Lang::Vi
        );
        assert_eq!(
            Lang::detect("Samsung and Apple met Google in Seoul for AI chips với Nvidia."),
            Lang::En
        );
        assert_eq!(Lang::detect("Pho and banh mi in the city."), Lang::En);
        assert_eq!(Lang::detect("!!! …"), Lang::Other("und".into()));
        // Numbers and times alone are read in Vietnamese.
        assert_eq!(Lang::detect("123 456 !!!"), Lang::Vi);
        assert_eq!(Lang::detect("9h"), Lang::Vi);
        assert_eq!(Lang::detect("15:30"), Lang::Vi);
    }
}
