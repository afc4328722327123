//! The `[piper]` table of a voice profile, and voices made from a Piper model file.
//!
//! ```toml
//! id = "vi-piper"
//! name = "Giọng Piper"
//! language = "vi"
//! gender = "female"
//! engine = "piper"
//! rate_wpm = 175               # the voice's own speed; docbao's rate scales length_scale
//!
//! [piper]
//! model = "vi_VN-vais1000-medium.onnx"  # relative to this file, or absolute; .onnx.json beside it
//! speaker = 0                  # multi-speaker voices: a number or a name from speaker_id_map
//! # length_scale = 1.0         # optional overrides of the voice's own inference settings
//! # noise_scale = 0.667
//! # noise_w = 0.8
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{EngineKind, Gender, Origin, Voice};
use crate::lang::Lang;

/// A speaker of a multi-speaker Piper voice.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Speaker {
    /// Its number.
    Id(i64),
    /// Its name in the voice's `speaker_id_map`.
    Name(String),
}

/// The `[piper]` table of a profile.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiperSettings {
    /// The `.onnx` model: absolute, or relative to the profile's folder. Its configuration is
    /// the same path with `.json` added.
    pub model: PathBuf,
    /// The speaker, for multi-speaker voices (the first one when not given).
    #[serde(default)]
    pub speaker: Option<Speaker>,
    /// Overrides the voice's duration scale (larger is slower).
    #[serde(default)]
    pub length_scale: Option<f32>,
    /// Overrides the voice's phoneme noise.
    #[serde(default)]
    pub noise_scale: Option<f32>,
    /// Overrides the voice's duration noise.
    #[serde(default)]
    pub noise_w: Option<f32>,
}

// The scales are checked to be finite numbers, so equality is an equivalence.
impl Eq for PiperSettings {}

impl PiperSettings {
    /// The model file, with a relative path taken from the folder of the profile's file.
    pub fn model_path(&self, origin: &Origin) -> PathBuf {
        match origin {
            Origin::User(profile) if self.model.is_relative() => profile
                .parent()
                .map(|dir| dir.join(&self.model))
                .unwrap_or_else(|| self.model.clone()),
            _ => self.model.clone(),
        }
    }

    /// The voice's configuration file: the model's path with `.json` added.
    pub fn config_path(model: &Path) -> PathBuf {
        let mut name = model.as_os_str().to_owned();
        name.push(".json");
        PathBuf::from(name)
    }
}

/// Checks a `[piper]` table.
pub(super) fn check(settings: Option<&PiperSettings>) -> Result<(), String> {
    let settings = settings.ok_or("engine is piper but the [piper] table is missing")?;
    if settings.model.as_os_str().is_empty() {
        return Err("[piper] model is empty".into());
    }
    for (name, value) in [
        ("length_scale", settings.length_scale),
        ("noise_scale", settings.noise_scale),
        ("noise_w", settings.noise_w),
    ] {
        if let Some(value) = value
            && !(0.0..=10.0).contains(&value)
        {
            return Err(format!("[piper] {name} {value} is outside 0–10"));
        }
    }
    if settings.length_scale == Some(0.0) {
        return Err("[piper] length_scale must be above 0".into());
    }
    Ok(())
}

/// A voice for the Piper model at `model`, its language read from the `.onnx.json` beside it.
pub(super) fn from_model_file(model: &Path, rate_wpm: u32) -> Result<Voice, String> {
    if !model.is_file() {
        return Err(format!(
            "the Piper voice {} does not exist",
            model.display()
        ));
    }
    let config_path = PiperSettings::config_path(model);
    let source = std::fs::read_to_string(&config_path).map_err(|e| {
        format!(
            "the Piper voice {} has no readable {} beside it: {e}",
            model.display(),
            config_path.display()
        )
    })?;
    let config: serde_json::Value = serde_json::from_str(&source)
        .map_err(|e| format!("{} is not JSON: {e}", config_path.display()))?;
    let espeak_voice = config
        .pointer("/espeak/voice")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let language = Lang::parse(espeak_voice).map_err(|_| {
        format!(
            "{} names no espeak-ng voice that docbao knows ('{espeak_voice}')",
            config_path.display()
        )
    })?;
    let stem = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "piper".into());
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let voice = Voice {
        id: format!("piper:{id}"),
        name: format!("Piper {stem}"),
        language: language.tag().to_string(),
        gender: Gender::Neutral,
        engine: EngineKind::Piper,
        rate_wpm,
        espeak: None,
        command: None,
        system: None,
        piper: Some(PiperSettings {
            model: std::path::absolute(model).unwrap_or_else(|_| model.to_path_buf()),
            speaker: None,
            length_scale: None,
            noise_scale: None,
            noise_w: None,
        }),
        origin: Origin::AdHoc,
    };
    voice.check()?;
    Ok(voice)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = "id='vi-piper'\nname='P'\nlanguage='vi'\ngender='female'\nengine='piper'\n[piper]\nmodel='v.onnx'\n";

    #[test]
    fn piper_profiles_are_checked() {
        let voice = Voice::from_toml(PROFILE).unwrap();
        let settings = voice.piper.as_ref().unwrap();
        assert_eq!(
            settings.model_path(&Origin::User("/home/u/voices/p.toml".into())),
            Path::new("/home/u/voices/v.onnx")
        );
        assert_eq!(
            PiperSettings::config_path(Path::new("a/v.onnx")),
            Path::new("a/v.onnx.json")
        );
        let speaker = Voice::from_toml(&format!("{PROFILE}speaker=3\n")).unwrap();
        assert_eq!(speaker.piper.unwrap().speaker, Some(Speaker::Id(3)));
        assert!(Voice::from_toml(&PROFILE.replace("[piper]\nmodel='v.onnx'\n", "")).is_err());
        assert!(Voice::from_toml(&format!("{PROFILE}noise_w=-1\n")).is_err());
        assert!(Voice::from_toml(&format!("{PROFILE}length_scale=0\n")).is_err());
        assert!(Voice::from_toml(&format!("{PROFILE}colour=1\n")).is_err());
    }

    #[test]
    fn a_model_file_makes_a_voice() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("vi_VN-test-low.onnx");
        assert!(
            from_model_file(&model, 175)
                .unwrap_err()
                .contains("does not exist")
        );
        std::fs::write(&model, b"onnx").unwrap();
        assert!(
            from_model_file(&model, 175)
                .unwrap_err()
                .contains(".onnx.json")
        );
        std::fs::write(
            dir.path().join("vi_VN-test-low.onnx.json"),
            r#"{"espeak":{"voice":"vi"}}"#,
        )
        .unwrap();
        let voice = from_model_file(&model, 175).unwrap();
        assert_eq!(
            (voice.id.as_str(), voice.language.as_str()),
            ("piper:vi_VN-test-low", "vi")
        );
        assert_eq!(voice.engine, EngineKind::Piper);
    }
}
