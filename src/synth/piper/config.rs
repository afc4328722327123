//! A Piper voice's `.onnx.json`: sample rate, espeak-ng voice, phoneme ids and inference
//! defaults.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

/// What docbao uses of a Piper voice's configuration.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct VoiceConfig {
    /// Samples per second of the model's output.
    pub sample_rate: u32,
    /// The espeak-ng voice that makes its phonemes (`en-us`, `vi`).
    pub espeak_voice: String,
    /// Phoneme (one Unicode scalar) to its ids.
    pub phoneme_ids: HashMap<char, Vec<i64>>,
    /// Defaults for the model's scales.
    pub inference: Inference,
    /// How many speakers the model has (1 for a single-speaker voice).
    pub num_speakers: u32,
    /// Speaker names to ids, for multi-speaker voices.
    pub speaker_ids: HashMap<String, i64>,
}

/// The model's three scales.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub(crate) struct Inference {
    /// Phoneme noise (variety of the voice).
    #[serde(default = "noise_scale")]
    pub noise_scale: f32,
    /// Duration scale: larger is slower.
    #[serde(default = "length_scale")]
    pub length_scale: f32,
    /// Duration noise (variety of the rhythm).
    #[serde(default = "noise_w")]
    pub noise_w: f32,
}

fn noise_scale() -> f32 {
    0.667
}
fn length_scale() -> f32 {
    1.0
}
fn noise_w() -> f32 {
    0.8
}

impl Default for Inference {
    fn default() -> Self {
        Inference {
            noise_scale: noise_scale(),
            length_scale: length_scale(),
            noise_w: noise_w(),
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    audio: Audio,
    espeak: Option<Espeak>,
    #[serde(default)]
    inference: Inference,
    phoneme_id_map: HashMap<String, Vec<i64>>,
    #[serde(default)]
    phoneme_type: Option<String>,
    #[serde(default = "one")]
    num_speakers: u32,
    #[serde(default)]
    speaker_id_map: HashMap<String, i64>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct Audio {
    sample_rate: u32,
}

#[derive(Deserialize)]
struct Espeak {
    voice: String,
}

/// Ids every Piper voice has: padding between phonemes, start and end of the utterance.
pub(crate) const PAD: char = '_';
/// Beginning of an utterance.
pub(crate) const BOS: char = '^';
/// End of an utterance.
pub(crate) const EOS: char = '$';

impl VoiceConfig {
    /// Reads and checks `path` (`voice.onnx.json`).
    pub(crate) fn load(path: &Path) -> Result<VoiceConfig, String> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&source)
            .map_err(|e| format!("{} is not a Piper voice configuration: {e}", path.display()))
    }

    /// Parses and checks the text of a `.onnx.json`.
    pub(crate) fn parse(source: &str) -> Result<VoiceConfig, String> {
        let raw: Raw = serde_json::from_str(source).map_err(|e| e.to_string())?;
        if let Some(kind) = &raw.phoneme_type
            && kind != "espeak"
        {
            return Err(format!(
                "phoneme_type '{kind}' is not supported (only espeak)"
            ));
        }
        if !(8000..=192_000).contains(&raw.audio.sample_rate) {
            return Err(format!(
                "sample rate {} is not usable",
                raw.audio.sample_rate
            ));
        }
        let mut phoneme_ids = HashMap::new();
        for (phoneme, ids) in raw.phoneme_id_map {
            let mut chars = phoneme.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !ids.is_empty() && ids.iter().all(|&id| id >= 0) => {
                    phoneme_ids.insert(c, ids);
                }
                _ => {
                    return Err(format!(
                        "phoneme_id_map entry '{phoneme}' is not one character with ids"
                    ));
                }
            }
        }
        for needed in [PAD, BOS, EOS] {
            if !phoneme_ids.contains_key(&needed) {
                return Err(format!("phoneme_id_map has no '{needed}'"));
            }
        }
        let inference = raw.inference;
        for (name, value) in [
            ("noise_scale", inference.noise_scale),
            ("length_scale", inference.length_scale),
            ("noise_w", inference.noise_w),
        ] {
            if !(0.0..=10.0).contains(&value) {
                return Err(format!("inference {name} {value} is out of range"));
            }
        }
        if inference.length_scale <= 0.0 {
            return Err("inference length_scale must be above 0".into());
        }
        Ok(VoiceConfig {
            sample_rate: raw.audio.sample_rate,
            espeak_voice: raw
                .espeak
                .map(|e| e.voice)
                .filter(|v| !v.trim().is_empty())
                .ok_or("it names no espeak voice")?,
            phoneme_ids,
            inference,
            num_speakers: raw.num_speakers.max(1),
            speaker_ids: raw.speaker_id_map,
        })
    }

    /// The id of `speaker` (a name from `speaker_id_map` or a number), for multi-speaker voices.
    pub(crate) fn speaker(&self, speaker: &str) -> Result<i64, String> {
        let id = self
            .speaker_ids
            .get(speaker)
            .copied()
            .or_else(|| speaker.trim().parse().ok())
            .ok_or_else(|| format!("the voice has no speaker '{speaker}'"))?;
        if id < 0 || id >= i64::from(self.num_speakers) {
            return Err(format!(
                "speaker {id} is outside the voice's {} speakers",
                self.num_speakers
            ));
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"audio":{"sample_rate":22050},"espeak":{"voice":"vi"},
        "inference":{"noise_scale":0.5,"length_scale":1.2,"noise_w":0.7},
        "phoneme_id_map":{"_":[0],"^":[1],"$":[2],"a":[14]},
        "num_speakers":2,"speaker_id_map":{"lan":1}}"#;

    #[test]
    fn parses_a_voice_configuration() {
        let config = VoiceConfig::parse(MINIMAL).unwrap();
        assert_eq!(config.sample_rate, 22050);
        assert_eq!(config.espeak_voice, "vi");
        assert_eq!(config.phoneme_ids[&'a'], [14]);
        assert_eq!(config.inference.length_scale, 1.2);
        assert_eq!(config.speaker("lan"), Ok(1));
        assert_eq!(config.speaker("0"), Ok(0));
        assert!(config.speaker("2").is_err());
        assert!(config.speaker("minh").is_err());
    }

    #[test]
    fn rejects_what_it_cannot_use() {
        assert!(VoiceConfig::parse("{}").is_err());
        assert!(VoiceConfig::parse("not json").is_err());
        assert!(VoiceConfig::parse(&MINIMAL.replace(r#""^":[1],"#, "")).is_err());
        assert!(VoiceConfig::parse(&MINIMAL.replace("22050", "0")).is_err());
        assert!(VoiceConfig::parse(&MINIMAL.replace(r#""voice":"vi""#, r#""voice":"""#)).is_err());
        assert!(VoiceConfig::parse(&MINIMAL.replace("1.2", "-1")).is_err());
        assert!(VoiceConfig::parse(&MINIMAL.replace(r#""a":[14]"#, r#""ab":[14]"#)).is_err());
    }
}
