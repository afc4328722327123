//! The spoken form of a sentence: exactly the text the engine is given.
//!
//! For now this is a light pass: whitespace is collapsed and the Vietnamese end-of-article
//! mark `./.` is silent. Numbers, dates and abbreviations are left to the engine.

use crate::lang::Lang;

/// Returns the text the engine should speak for `sentence` in `lang`. Empty when there is
/// nothing to say.
pub fn normalize(sentence: &str, lang: &Lang) -> String {
    let mut spoken = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if *lang == Lang::Vi {
        // "…tại TP Hải Dương./." ends the article: the mark itself is not read.
        while let Some(stripped) = spoken.strip_suffix("/.") {
            spoken = stripped.trim_end().to_string();
        }
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
            "Tại TP Hải Dương."
        );
        assert_eq!(normalize("Hết bài. /.", &Lang::Vi), "Hết bài.");
        assert_eq!(normalize("./.", &Lang::Vi), "");
    }

    #[test]
    fn english_passes_through() {
        assert_eq!(normalize("Path a/.", &Lang::En), "Path a/.");
    }
}
