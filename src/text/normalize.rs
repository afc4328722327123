//! The spoken form of a sentence: exactly the text the engine is given.
//!
//! Whitespace is collapsed and the Vietnamese end-of-article mark `./.` is silent. Vietnamese
//! is then read by [`super::vi`]: numbers, dates, times, ranges, ordinals, money, units,
//! phone numbers and abbreviations become words. English gets only what espeak-ng reads
//! wrong ([`super::en`]: ranges, dollars, units); other languages pass through.

use crate::lang::Lang;

pub use super::vi::region::Region;

/// Returns the text the engine should speak for `sentence` in `lang`, with the northern
/// readings of Vietnamese numbers (*nghìn*, *linh*). Empty when there is nothing to say.
pub fn normalize(sentence: &str, lang: &Lang) -> String {
    normalize_for(sentence, lang, Region::North)
}

/// Like [`normalize`], with the number words of `region` for Vietnamese (a southern voice says
/// *ngàn*, *lẻ*, *mùng*); [`Voice::region`](crate::Voice::region) gives a voice's region.
pub fn normalize_for(sentence: &str, lang: &Lang, region: Region) -> String {
    let mut spoken = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if *lang == Lang::Vi {
        spoken = region.apply(&super::vi::normalize(&spoken));
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
    fn regional_number_words_follow_the_voice() {
        assert_eq!(
            normalize_for("Giá 1.005 đồng, ngày 5/3.", &Lang::Vi, Region::South),
            "Giá một ngàn không trăm lẻ năm đồng, ngày mùng năm tháng ba."
        );
        assert_eq!(
            normalize("Giá 1.005 đồng, ngày 5/3.", &Lang::Vi),
            "Giá một nghìn không trăm linh năm đồng, ngày mồng năm tháng ba."
        );
        let south = crate::Voices::builtin();
        let south = south
            .iter()
            .find(|v| v.id == "vi-south-female")
            .expect("built-in southern voice");
        assert_eq!(south.region(), Region::South);
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
