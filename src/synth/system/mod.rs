//! The `system` engine: the platform speech service (Speech Dispatcher on Linux, SAPI or
//! WinRT on Windows, AVFoundation on macOS) through the `tts` crate.
//!
//! The service speaks straight to the sound card and gives no samples back, so this engine
//! cannot render to files; the [`Player`](crate::Player) drives it sentence by sentence
//! instead (`Service`, with the feature). The settings ([`SystemSettings`]) and the voice listing
//! ([`list_voices`]) exist in every build; speaking needs the cargo feature `system`.

#[cfg(feature = "system")]
mod service;
mod settings;

#[cfg(feature = "system")]
pub use service::{Service, Utterance, list_voices, service_rate};
pub use settings::SystemSettings;

use super::SynthError;
use crate::voice::{Gender, Voice};

pub(crate) const NAME: &str = "system";

/// A voice the speech service offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemVoice {
    /// The name a profile's `[system] voice` gives.
    pub name: String,
    /// Its language (BCP 47), as the service reports it.
    pub language: String,
    /// Its gender, where the service says or the name tells (`+female1`).
    pub gender: Option<Gender>,
}

/// The service's voices (needs the feature `system`).
#[cfg(not(feature = "system"))]
pub fn list_voices() -> Result<Vec<SystemVoice>, SynthError> {
    Err(unavailable())
}

/// Why a system voice cannot speak in this build.
#[cfg(not(feature = "system"))]
pub(crate) fn unavailable() -> SynthError {
    SynthError::Unavailable {
        engine: NAME,
        reason: "docbao was built without the feature 'system'".into(),
    }
}

/// The settings of a system profile.
pub(crate) fn settings(voice: &Voice) -> Result<&SystemSettings, SynthError> {
    voice
        .system
        .as_ref()
        .ok_or_else(|| SynthError::NoSuchVoice {
            engine: NAME,
            voice: format!("(profile {} has no [system] table)", voice.id),
        })
}

/// Whether `voice` can speak: the service answers and has the voice.
pub(crate) fn check(voice: &Voice) -> Result<(), SynthError> {
    let settings = settings(voice)?;
    #[cfg(feature = "system")]
    {
        let voices = list_voices()?;
        if voices.iter().any(|v| v.name == settings.voice) {
            Ok(())
        } else {
            Err(SynthError::NoSuchVoice {
                engine: NAME,
                voice: settings.voice.clone(),
            })
        }
    }
    #[cfg(not(feature = "system"))]
    {
        let _ = settings;
        Err(unavailable())
    }
}

#[cfg(any(feature = "system", test))]
/// The gender a voice name tells, if any: a name saying `female` or `male`, or an espeak-ng
/// variant (Speech Dispatcher names them `Vietnamese (Northern)+Annie`) whose file in
/// `espeak-ng-data/voices/!v` gives its gender.
pub(crate) fn gender_from_name(name: &str) -> Option<Gender> {
    let lower = name.to_lowercase();
    if lower.contains("female") {
        return Some(Gender::Female);
    }
    if lower.contains("male") {
        return Some(Gender::Male);
    }
    let variant = name.rsplit_once('+')?.1;
    if variant.is_empty() || variant.contains(['/', '\\', '.']) {
        return None;
    }
    const DATA: &[&str] = &[
        "/usr/lib/x86_64-linux-gnu/espeak-ng-data",
        "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
        "/usr/share/espeak-ng-data",
        "/usr/lib/espeak-ng-data",
        "/usr/local/share/espeak-ng-data",
    ];
    let file = DATA
        .iter()
        .map(|dir| std::path::Path::new(dir).join("voices/!v").join(variant))
        .find(|path| path.is_file())?;
    let text = std::fs::read_to_string(file).ok()?;
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("gender"))?;
    match line.split_whitespace().nth(1)? {
        "female" => Some(Gender::Female),
        "male" => Some(Gender::Male),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_from_variant_names() {
        assert_eq!(gender_from_name("vi+female2"), Some(Gender::Female));
        assert_eq!(gender_from_name("vi+male3"), Some(Gender::Male));
        assert_eq!(gender_from_name("vi-VN-X-SOUTH"), None);
        assert_eq!(gender_from_name("x+../../etc/passwd"), None);
    }
}
