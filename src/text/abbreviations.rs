//! Abbreviations whose full stop does not end a sentence (`TP.`, `PGS.TS.`, `Dr.`, `p.`), from
//! `data/segment-abbreviations.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

const BUILT_IN: &str = include_str!("../../data/segment-abbreviations.tsv");

/// How an abbreviation's full stop behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A title or a place word: the sentence always goes on (`TP. Hải Dương`, `Dr. Smith`).
    Title,
    /// The sentence goes on before a number or a lower-case word, and may end before a
    /// capital (`p. 55`; `… & Co. It closed`).
    Abbr,
}

/// The kind of the abbreviation `stem` (written without its final dot), in any language.
pub fn kind(stem: &str) -> Option<Kind> {
    static TABLE: OnceLock<HashMap<&'static str, Kind>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table = HashMap::new();
            for line in BUILT_IN.lines() {
                if line.starts_with('#') {
                    continue;
                }
                let mut fields = line.split('\t');
                let (Some(_lang), Some(kind), Some(stem)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                let kind = if kind == "title" {
                    Kind::Title
                } else {
                    Kind::Abbr
                };
                // A title in one language stays a title.
                table
                    .entry(stem.trim())
                    .and_modify(|k| {
                        if kind == Kind::Title {
                            *k = kind
                        }
                    })
                    .or_insert(kind);
            }
            table
        })
        .get(stem)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_abbreviations() {
        assert_eq!(kind("TP"), Some(Kind::Title));
        assert_eq!(kind("PGS.TS"), Some(Kind::Title));
        assert_eq!(kind("Dr"), Some(Kind::Title));
        assert_eq!(kind("St"), Some(Kind::Title));
        assert_eq!(kind("Co"), Some(Kind::Abbr));
        assert_eq!(kind("v.v"), Some(Kind::Abbr));
        assert_eq!(kind("nhà"), None);
    }
}
