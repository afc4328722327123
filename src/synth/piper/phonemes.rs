//! From IPA clauses to the model's input ids, remembering where each word's phonemes start.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::config::{BOS, EOS, PAD, VoiceConfig};
use crate::synth::espeak::Clause;

/// The model input for one chunk of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Input {
    /// Phoneme ids, padded, between the start and end ids.
    pub ids: Vec<i64>,
    /// Each word of the text (byte range) with the index in `ids` of its first phoneme.
    pub words: Vec<(Range<usize>, usize)>,
}

/// Punctuation kept between clauses, as Piper voices were trained with it.
const KEPT: &[char] = &['.', ',', ';', ':', '!', '?'];

/// Maps `clauses` of `text` to ids with `config`'s table. Phonemes the voice does not know
/// are skipped (after trying their decomposed form).
pub(crate) fn to_input(text: &str, clauses: &[Clause], config: &VoiceConfig) -> Input {
    let mut input = Input::default();
    let push = |input: &mut Input, c: char| -> bool {
        match config.phoneme_ids.get(&c) {
            Some(ids) => {
                input.ids.extend_from_slice(ids);
                input.ids.extend_from_slice(&config.phoneme_ids[&PAD]);
                true
            }
            None => false,
        }
    };
    input.ids.extend_from_slice(&config.phoneme_ids[&BOS]);
    input.ids.extend_from_slice(&config.phoneme_ids[&PAD]);
    for (n, clause) in clauses.iter().enumerate() {
        let Some(clause_text) = text.get(clause.text.clone()) else {
            continue;
        };
        let words: Vec<Range<usize>> = clause_text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(at, w)| clause.text.start + at..clause.text.start + at + w.len())
            .collect();
        let spoken: Vec<&str> = clause
            .phonemes
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        let mut last_word = None;
        for (j, phonemes) in spoken.iter().enumerate() {
            if j > 0 {
                push(&mut input, ' ');
            }
            // espeak-ng may say a text word as several (numbers) or join several: spread.
            let word = if words.len() == spoken.len() {
                Some(j)
            } else {
                (!words.is_empty()).then(|| j * words.len() / spoken.len())
            };
            if let Some(word) = word
                && last_word != Some(word)
            {
                input.words.push((words[word].clone(), input.ids.len()));
                last_word = Some(word);
            }
            for c in phonemes.chars() {
                if !push(&mut input, c) {
                    for part in std::iter::once(c).nfd() {
                        push(&mut input, part);
                    }
                }
            }
        }
        if let Some(mark) = clause_text
            .trim_end()
            .chars()
            .last()
            .filter(|c| KEPT.contains(c))
        {
            push(&mut input, mark);
        }
        if n + 1 < clauses.len() {
            push(&mut input, ' ');
        }
    }
    input.ids.extend_from_slice(&config.phoneme_ids[&EOS]);
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> VoiceConfig {
        VoiceConfig::parse(
            r#"{"audio":{"sample_rate":22050},"espeak":{"voice":"en-us"},
            "phoneme_id_map":{"_":[0],"^":[1],"$":[2]," ":[3],",":[8],".":[10],
            "h":[20],"a":[21],"i":[22],"b":[23],"o":[24]}}"#,
        )
        .unwrap()
    }

    #[test]
    fn ids_are_padded_with_words_and_punctuation() {
        let text = "Hai, bo.";
        let clauses = [
            Clause {
                text: 0..5,
                phonemes: "hai".into(),
            },
            Clause {
                text: 5..8,
                phonemes: "bxo".into(),
            },
        ];
        let input = to_input(text, &clauses, &config());
        assert_eq!(
            input.ids,
            [
                1, 0, 20, 0, 21, 0, 22, 0, 8, 0, 3, 0, 23, 0, 24, 0, 10, 0, 2
            ]
        );
        let words: Vec<(&str, usize)> = input
            .words
            .iter()
            .map(|(r, at)| (&text[r.clone()], *at))
            .collect();
        assert_eq!(words, [("Hai", 2), ("bo", 12)]);
    }

    #[test]
    fn more_spoken_words_than_written_are_spread() {
        let text = "1990";
        let clauses = [Clause {
            text: 0..4,
            phonemes: "ab ba hi".into(),
        }];
        let input = to_input(text, &clauses, &config());
        assert_eq!(input.words, [(0..4, 2)]);
        assert_eq!(to_input("", &[], &config()).ids, [1, 0, 2]);
    }
}
