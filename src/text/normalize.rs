//! The spoken form of a sentence: exactly the text the engine is given.
//!
//! Whitespace is collapsed and the Vietnamese end-of-article mark `./.` is silent. Vietnamese
//! is then read by [`super::vi`]: numbers, dates, times, ranges, ordinals, money, units,
//! phone numbers and abbreviations become words. English gets only what espeak-ng reads
//! wrong ([`super::en`]: ranges, dollars, units); other languages pass through.

use crate::lang::Lang;

/// Returns the text the engine should speak for `sentence` in `lang`. Empty when there is
/// nothing to say.
pub fn normalize(sentence: &str, lang: &Lang) -> String {
    let mut spoken = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if *lang == Lang::Vi {
        spoken = super::vi::normalize(&spoken);
    } else if *lang == Lang::En {
        spoken = super::en::normalize(&spoken);
    }
    if spoken.chars().any(char::is_alphanumeric) {
        spoken
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace() {
        assert_eq!(
            normalize("  Hôm  nay\n trời\tđẹp. ", &Lang::Vi),
            "Hôm nay trời đẹp."
        );
    }

    #[test]
    fn end_of_article_mark_is_silent() {
        assert_eq!(
            normalize("Tại TP Hải Dương./.", &Lang::Vi),
            "Tại thành phố Hải Dương."
        );
        assert_eq!(normalize("Hết bài. /.", &Lang::Vi), "Hết bài.");
        assert_eq!(normalize("./.", &Lang::Vi), "");
    }

    #[test]
    fn english_and_others_pass_through_mostly() {
        assert_eq!(normalize("Path a/.", &Lang::En), "Path a/.");
        assert_eq!(normalize("Path a/.", &Lang::Other("de".into())), "Path a/.");
        assert_eq!(
            normalize("It costs $5 on 5/3.", &Lang::En),
            "It costs 5 dollars on 5/3."
        );
    }
}
