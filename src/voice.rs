//! Voice profiles and the catalog: the built-in profiles in `voices/` and the user's own.
//!
//! A profile is a small TOML file naming a voice (`Giọng nữ`), its language and gender, and
//! how an engine makes it:
//!
//! ```toml
//! id = "vi-female"
//! name = "Giọng nữ"
//! language = "vi"          # BCP 47; regional accents as vi-VN-x-south
//! gender = "female"        # female | male | neutral
//! engine = "espeak"
//! rate_wpm = 175           # the voice's normal speed; the user scales it
//!
//! [espeak]
//! voice = "vi+f3"          # espeak-ng voice and variant
//! pitch = 75               # 0–100, espeak's 50 is neutral
//! range = 90               # 0–100, pitch movement
//! ```
//!
//! Built-in profiles are compiled in; the user's live in `$XDG_CONFIG_HOME/docbao/voices/`
//! (`~/.config/docbao/voices/`) and win over a built-in one with the same id.
//!
//! Natural Piper voices come from the public Piper catalog ([`catalog`]): installed ones
//! ([`installed`], put there by [`install`]) are voices like any other, and the default for
//! their language.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::{Lang, fold_diacritics};
pub use crate::synth::command::{CommandSettings, OutputFormat};
pub use crate::synth::system::SystemSettings;
pub mod catalog;
#[cfg(feature = "fetch")]
mod download;
#[cfg(feature = "fetch")]
pub mod install;
mod install_error;
pub mod installed;
mod piper;
#[cfg(feature = "fetch")]
mod source;
#[cfg(feature = "fetch")]
mod space;
pub use install_error::InstallError;
pub use installed::InstalledVoice;
pub use piper::{PiperSettings, Speaker};

/// Built-in profiles: `(file name, contents)` for each `voices/*.toml`.
/// The largest voice profile read from the user's folder.
const MAX_PROFILE: u64 = 1_000_000;

const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_voices.rs"));

/// Slowest and fastest speaking rates docbao accepts, in words per minute.
pub const RATE_RANGE_WPM: std::ops::RangeInclusive<u32> = 80..=900;

/// Prefix of a `--voice` value that names an espeak-ng voice directly (`espeak:de+f2`).
pub const ESPEAK_PREFIX: &str = "espeak:";

/// How a voice sounds to the listener.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// A female voice.
    Female,
    /// A male voice.
    Male,
    /// Neither, or not known.
    Neutral,
}

impl Gender {
    /// `female`, `male` or `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Neutral => "neutral",
        }
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Gender {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_lowercase().as_str() {
            "female" | "f" | "nữ" => Ok(Gender::Female),
            "male" | "m" | "nam" => Ok(Gender::Male),
            "neutral" | "n" => Ok(Gender::Neutral),
            _ => Err(format!("'{s}' is not a gender (female, male or neutral)")),
        }
    }
}

/// Which engine speaks a voice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// libespeak-ng, in process.
    Espeak,
    /// An external program run per sentence (the profile's `[command]` table).
    Command,
    /// The platform speech service, speaking straight to the sound card (the `[system]`
    /// table; needs the cargo feature `system`).
    System,
    /// A Piper neural voice (VITS, ONNX) through ONNX Runtime, in process.
    Piper,
}

impl EngineKind {
    /// The name used in profiles: `espeak`, `command`, `system`.
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::Espeak => "espeak",
            EngineKind::Command => "command",
            EngineKind::System => "system",
            EngineKind::Piper => "piper",
        }
    }
}

impl fmt::Display for EngineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[espeak]` table of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EspeakSettings {
    /// espeak-ng voice name with an optional variant: `vi`, `vi+f3`, `en-us+f3`.
    pub voice: String,
    /// Base pitch, 0–100 (50 is espeak's neutral).
    #[serde(default = "neutral")]
    pub pitch: u8,
    /// Pitch range, 0–100 (50 is espeak's neutral; 0 is monotone).
    #[serde(default = "neutral")]
    pub range: u8,
}

fn neutral() -> u8 {
    50
}

fn normal_rate() -> u32 {
    175
}

/// Where a profile came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// Compiled in from `voices/`.
    #[default]
    Builtin,
    /// A file in the user's voice folder.
    User(PathBuf),
    /// Made on the fly from a `--voice espeak:…` value.
    AdHoc,
    /// A Piper voice installed from the catalog (`docbao voices install`).
    Installed(Box<InstalledVoice>),
}

/// A voice profile.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voice {
    /// Short unique id: `vi-female`.
    pub id: String,
    /// Display name: `Giọng nữ`.
    pub name: String,
    /// BCP 47 language tag: `vi`, `en-US`, `vi-VN-x-south`.
    pub language: String,
    /// How the voice sounds.
    pub gender: Gender,
    /// The engine that speaks it.
    pub engine: EngineKind,
    /// The voice's normal speed in words per minute; rate factors scale it.
    #[serde(default = "normal_rate")]
    pub rate_wpm: u32,
    /// Settings for the `espeak` engine.
    #[serde(default)]
    pub espeak: Option<EspeakSettings>,
    /// Settings for the `command` engine.
    #[serde(default)]
    pub command: Option<CommandSettings>,
    /// Settings for the `system` engine.
    #[serde(default)]
    pub system: Option<SystemSettings>,
    /// Settings for the `piper` engine.
    #[serde(default)]
    pub piper: Option<PiperSettings>,
    /// Where the profile came from.
    #[serde(skip)]
    pub origin: Origin,
}

impl Voice {
    /// Which regional number words the voice says (*ngàn*, *lẻ* for a southern voice such as
    /// `vi-VN-x-south`), from its language tag.
    pub fn region(&self) -> crate::text::Region {
        crate::text::Region::from_tag(&self.language)
    }

    /// Parses and checks a profile.
    pub fn from_toml(source: &str) -> Result<Voice, String> {
        let voice: Voice = toml::from_str(source).map_err(|e| e.message().to_string())?;
        voice.check()?;
        Ok(voice)
    }

    /// A voice for an espeak-ng voice name, as given after `espeak:` (`de`, `vi+f2`).
    pub fn espeak(spec: &str) -> Result<Voice, String> {
        let spec = spec.trim();
        let base = spec.split('+').next().unwrap_or_default();
        let language =
            Lang::parse(base).map_err(|_| format!("'{spec}' does not name an espeak-ng voice"))?;
        let female = spec
            .split_once('+')
            .is_some_and(|(_, variant)| variant.starts_with('f') || variant.contains("steph"));
        let voice = Voice {
            id: format!("{ESPEAK_PREFIX}{spec}"),
            name: format!("espeak-ng {spec}"),
            language: language.tag().to_string(),
            gender: if female {
                Gender::Female
            } else {
                Gender::Neutral
            },
            engine: EngineKind::Espeak,
            rate_wpm: normal_rate(),
            espeak: Some(EspeakSettings {
                voice: spec.to_string(),
                pitch: neutral(),
                range: neutral(),
            }),
            command: None,
            system: None,
            piper: None,
            origin: Origin::AdHoc,
        };
        voice.check()?;
        Ok(voice)
    }

    /// A voice for a Piper model file (`voice.onnx`, with `voice.onnx.json` beside it).
    pub fn piper_file(model: &Path) -> Result<Voice, String> {
        piper::from_model_file(model, normal_rate())
    }

    /// The same voice with another speaker, for multi-speaker Piper voices: a number
    /// (`3`) or a name from the voice's `speaker_id_map`. Whether the voice has that speaker
    /// is checked when it is opened.
    pub fn with_speaker(mut self, speaker: &str) -> Result<Voice, VoiceError> {
        let speaker = speaker.trim();
        let one = match &self.origin {
            Origin::Installed(installed) => installed.entry.num_speakers <= 1,
            _ => false,
        };
        match &mut self.piper {
            Some(settings) if !one => {
                settings.speaker = Some(match speaker.parse::<i64>() {
                    Ok(id) => Speaker::Id(id),
                    Err(_) => Speaker::Name(speaker.to_string()),
                });
                Ok(self)
            }
            _ => Err(VoiceError::OneSpeaker { voice: self.id }),
        }
    }

    /// The language the voice speaks.
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.language).unwrap_or_else(|_| Lang::Other("und".into()))
    }

    fn check(&self) -> Result<(), String> {
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_alphanumeric() || "-_.:+".contains(c))
        {
            return Err(format!(
                "id '{}' must be letters, digits and - _ . only",
                self.id
            ));
        }
        if self.name.trim().is_empty() {
            return Err("name is empty".into());
        }
        Lang::parse(&self.language).map_err(|e| e.to_string())?;
        if !RATE_RANGE_WPM.contains(&self.rate_wpm) {
            return Err(format!(
                "rate_wpm {} is outside {}–{} words per minute",
                self.rate_wpm,
                RATE_RANGE_WPM.start(),
                RATE_RANGE_WPM.end()
            ));
        }
        if self.engine == EngineKind::Command {
            return match &self.command {
                None => Err("engine is command but the [command] table is missing".into()),
                Some(settings) => settings.check(),
            };
        }
        if self.engine == EngineKind::System {
            return match &self.system {
                None => Err("engine is system but the [system] table is missing".into()),
                Some(settings) => settings.check(),
            };
        }
        match (self.engine, &self.espeak) {
            (EngineKind::Command | EngineKind::System, _) => Ok(()),
            (EngineKind::Espeak, None) => {
                Err("engine is espeak but the [espeak] table is missing".into())
            }
            (EngineKind::Piper, _) => piper::check(self.piper.as_ref()),
            (EngineKind::Espeak, Some(settings)) => {
                if settings.voice.trim().is_empty() || settings.voice.contains(char::is_whitespace)
                {
                    return Err(format!(
                        "[espeak] voice '{}' is not an espeak-ng voice name",
                        settings.voice
                    ));
                }
                if settings.pitch > 100 || settings.range > 100 {
                    return Err("[espeak] pitch and range go from 0 to 100".into());
                }
                Ok(())
            }
        }
    }

    /// How well this voice fits `lang` as a default: `None` if it does not speak it; lower is
    /// better. A profile for the bare language (`vi`) beats a regional one (`en-US`), which
    /// beats an accent (`vi-VN-x-south`).
    fn language_fit(&self, lang: &Lang) -> Option<u8> {
        if !lang.matches(&self.language) {
            return None;
        }
        let tag = self.language.to_ascii_lowercase();
        Some(if !tag.contains('-') {
            0
        } else if !tag.contains("-x-") {
            1
        } else {
            2
        })
    }
}

/// A voice file in the user's folder that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("voice profile {path} is not usable: {reason}")]
pub struct VoiceFileError {
    /// The file (for built-in profiles, its name under `voices/`).
    pub path: PathBuf,
    /// What is wrong with it.
    pub reason: String,
}

/// Why no voice could be chosen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VoiceError {
    /// No profile has this id or name.
    #[error("there is no voice '{query}'{}", suggest(.suggestions))]
    Unknown {
        /// What the user asked for.
        query: String,
        /// The closest ids, best first.
        suggestions: Vec<String>,
    },
    /// No profile speaks the document's language.
    #[error("there is no voice for the language '{lang}'")]
    NoneForLanguage {
        /// The document's language.
        lang: Lang,
    },
    /// An `espeak:` voice that cannot be.
    #[error("{0}")]
    BadEspeakSpec(String),
    /// A Piper model file given as the voice that cannot be used.
    #[error("{0}")]
    BadPiperFile(String),
    /// A speaker asked of a voice that has only one.
    #[error("the voice {voice} has one speaker only; --speaker is for Piper voices with several")]
    OneSpeaker {
        /// The voice's id.
        voice: String,
    },
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        many => format!(" (closest: {})", many.join(", ")),
    }
}

/// The voices docbao knows: built-in and the user's.
#[derive(Clone, Debug, Default)]
pub struct Voices {
    voices: Vec<Voice>,
    problems: Vec<VoiceFileError>,
}

impl Voices {
    /// The profiles compiled into docbao.
    pub fn builtin() -> Voices {
        let mut voices = Voices::default();
        for (file, source) in BUILTIN {
            voices.add(
                Voice::from_toml(source),
                PathBuf::from("voices").join(file),
                Origin::Builtin,
            );
        }
        voices
    }

    /// The user's voice folder: `$XDG_CONFIG_HOME/docbao/voices` (on Linux
    /// `~/.config/docbao/voices` when the variable is unset).
    pub fn user_dir() -> Option<PathBuf> {
        dirs::config_dir().map(|dir| dir.join("docbao").join("voices"))
    }

    /// Adds the profiles in the user's voice folder, if there is one, and the Piper voices
    /// installed from the catalog.
    pub fn and_user(self) -> Voices {
        let voices = match Self::user_dir() {
            Some(dir) => self.and_dir(&dir),
            None => self,
        };
        match installed::default_dir() {
            Some(dir) => voices.and_installed(&dir),
            None => voices,
        }
    }

    /// Adds the Piper voices installed in `dir` (see [`installed`]). A profile of the user's
    /// with the same id stays.
    pub fn and_installed(mut self, dir: &Path) -> Voices {
        let (found, problems) = installed::list(dir);
        self.problems.extend(problems);
        for entry in found {
            if self.voices.iter().any(|v| v.id == entry.entry.key) {
                continue;
            }
            let path = entry.dir.clone();
            let voice = entry.to_voice();
            let origin = match &voice {
                Ok(voice) => voice.origin.clone(),
                Err(_) => Origin::Builtin,
            };
            self.add(voice, path, origin);
        }
        self
    }

    /// Adds every `*.toml` profile in `dir` (in file-name order; regular files of at most
    /// 1 MB). A profile whose id is
    /// already known replaces the earlier one. Files that cannot be used are recorded in
    /// [`problems`](Self::problems); a missing folder is no problem.
    pub fn and_dir(mut self, dir: &Path) -> Voices {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return self;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let parsed = crate::config_file::read_small(&path, MAX_PROFILE)
                .map_err(|e| e.to_string())
                .and_then(|source| Voice::from_toml(&source));
            self.add(parsed, path.clone(), Origin::User(path));
        }
        self
    }

    fn add(&mut self, parsed: Result<Voice, String>, path: PathBuf, origin: Origin) {
        match parsed {
            Ok(mut voice) => {
                voice.origin = origin;
                match self.voices.iter_mut().find(|known| known.id == voice.id) {
                    Some(known) => *known = voice,
                    None => self.voices.push(voice),
                }
            }
            Err(reason) => self.problems.push(VoiceFileError { path, reason }),
        }
    }

    /// Every usable profile: built-in ones first, in file-name order, then the user's.
    pub fn iter(&self) -> impl Iterator<Item = &Voice> {
        self.voices.iter()
    }

    /// Profile files that could not be used.
    pub fn problems(&self) -> &[VoiceFileError] {
        &self.problems
    }

    /// Finds a voice by id, then by name (both ignoring case; a name also without its
    /// diacritics, `giong nu` for `Giọng nữ`), or makes one for an espeak-ng voice given as
    /// `espeak:NAME` or for a Piper model file given as `path/to/voice.onnx`.
    pub fn find(&self, query: &str) -> Result<Voice, VoiceError> {
        let wanted = query.trim();
        if wanted.ends_with(".onnx") {
            return Voice::piper_file(Path::new(wanted)).map_err(VoiceError::BadPiperFile);
        }
        if let Some(spec) = wanted.strip_prefix(ESPEAK_PREFIX) {
            return Voice::espeak(spec).map_err(VoiceError::BadEspeakSpec);
        }
        let lower = wanted.to_lowercase();
        self.voices
            .iter()
            .rev() // the user's profiles come last and win
            .find(|v| v.id.to_lowercase() == lower)
            .or_else(|| {
                self.voices
                    .iter()
                    .rev()
                    .find(|v| v.name.to_lowercase() == lower)
            })
            .or_else(|| {
                let folded = fold_diacritics(wanted);
                self.voices
                    .iter()
                    .rev()
                    .find(|v| fold_diacritics(&v.name) == folded)
            })
            .cloned()
            .ok_or_else(|| VoiceError::Unknown {
                query: wanted.to_string(),
                suggestions: self.closest(&lower),
            })
    }

    /// The ids most like `query`, best first (at most three).
    fn closest(&self, query: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = self
            .voices
            .iter()
            .map(|v| {
                let score = strsim::jaro_winkler(query, &v.id.to_lowercase())
                    .max(strsim::jaro_winkler(query, &v.name.to_lowercase()));
                (score, v.id.as_str())
            })
            .filter(|(score, _)| *score > 0.6)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// The voices for `lang`, best default first: natural voices installed from the catalog
    /// before the others, then female before others, the user's own before built-in ones,
    /// the bare language before regions and accents.
    pub fn for_language<'a>(&'a self, lang: &'a Lang) -> impl Iterator<Item = &'a Voice> + 'a {
        let mut matching: Vec<(usize, &Voice)> = self
            .voices
            .iter()
            .enumerate()
            .filter(|(_, v)| v.language_fit(lang).is_some())
            .collect();
        // Starting ONNX Runtime takes a while: only when a natural voice is a candidate.
        let natural = matching
            .iter()
            .any(|(_, v)| matches!(v.origin, Origin::Installed(_)))
            && natural_voices_run();
        matching.sort_by_key(|(position, v)| {
            (
                !(natural && matches!(v.origin, Origin::Installed(_))),
                v.gender != Gender::Female,
                // The speech service cannot render to files and may not be running.
                v.engine == EngineKind::System,
                !matches!(v.origin, Origin::User(_)),
                v.language_fit(lang),
                *position,
            )
        });
        matching.into_iter().map(|(_, v)| v)
    }

    /// The voice a document in `lang` is read with when the user names none.
    pub fn default_for(&self, lang: &Lang) -> Result<Voice, VoiceError> {
        self.for_language(lang)
            .next()
            .cloned()
            .ok_or_else(|| VoiceError::NoneForLanguage { lang: lang.clone() })
    }

    /// Why `voice` is (or would be) the default for `lang`, in a few words: `natural voice
    /// installed, female first`, `female, no natural voice installed`.
    pub fn default_reason(&self, lang: &Lang) -> Option<DefaultReason> {
        let mut candidates = self.for_language(lang);
        let first = candidates.next()?;
        let others: Vec<&Voice> = candidates.collect();
        let installed = matches!(first.origin, Origin::Installed(_));
        let waiting = !installed
            && others
                .iter()
                .any(|v| matches!(v.origin, Origin::Installed(_)));
        Some(if others.is_empty() {
            DefaultReason::OnlyOne
        } else if waiting {
            DefaultReason::NoRuntime
        } else if installed && first.gender == Gender::Female {
            DefaultReason::InstalledFemale
        } else if installed {
            DefaultReason::Installed
        } else if first.gender == Gender::Female {
            DefaultReason::Female
        } else {
            DefaultReason::First
        })
    }
}

/// Why a voice is its language's default (see [`Voices::default_reason`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultReason {
    /// It is the only voice for the language.
    OnlyOne,
    /// A natural voice installed from the catalog, and female (female voices come first).
    InstalledFemale,
    /// A natural voice installed from the catalog (none installed is female).
    Installed,
    /// Female, as on the news page; no natural voice is installed for the language.
    Female,
    /// The first of the language's voices; none is female.
    First,
    /// A natural voice is installed but cannot run here (no ONNX Runtime), so the espeak
    /// voices stay the default.
    NoRuntime,
}

/// Whether installed Piper voices can speak here: ONNX Runtime starts.
fn natural_voices_run() -> bool {
    #[cfg(feature = "piper")]
    {
        crate::synth::piper::runtime::start().is_ok()
    }
    #[cfg(not(feature = "piper"))]
    {
        false
    }
}

impl fmt::Display for DefaultReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DefaultReason::OnlyOne => "the only voice for it",
            DefaultReason::InstalledFemale => "natural voice installed, female first",
            DefaultReason::Installed => "natural voice installed",
            DefaultReason::Female => "female; no natural voice installed",
            DefaultReason::First => "first of its voices",
            DefaultReason::NoRuntime => "a natural voice is installed but ONNX Runtime is missing",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_all_load() {
        let voices = Voices::builtin();
        assert!(voices.problems().is_empty(), "{:?}", voices.problems());
        let ids: Vec<&str> = voices.iter().map(|v| v.id.as_str()).collect();
        for id in [
            "vi-female",
            "vi-male",
            "vi-south-female",
            "vi-central-female",
            "en-female",
            "en-male",
            "vi-male-command",
        ] {
            assert!(ids.contains(&id), "missing built-in voice {id}");
        }
    }

    #[test]
    fn defaults_are_female_and_follow_the_language() {
        let voices = Voices::builtin();
        assert_eq!(voices.default_for(&Lang::Vi).unwrap().id, "vi-female");
        assert_eq!(voices.default_for(&Lang::En).unwrap().id, "en-female");
        assert!(matches!(
            voices.default_for(&Lang::Other("und".into())),
            Err(VoiceError::NoneForLanguage { .. })
        ));
    }

    #[test]
    fn find_by_id_name_or_espeak_spec() {
        let voices = Voices::builtin();
        assert_eq!(voices.find("VI-MALE").unwrap().id, "vi-male");
        assert_eq!(
            voices.find("giọng nữ miền nam").unwrap().id,
            "vi-south-female"
        );
        assert_eq!(voices.find("Giong nu").unwrap().id, "vi-female");
        assert_eq!(
            voices.find("giong nu mien trung").unwrap().id,
            "vi-central-female"
        );
        let adhoc = voices.find("espeak:de+f2").unwrap();
        assert_eq!(
            (adhoc.language.as_str(), adhoc.gender),
            ("de", Gender::Female)
        );
        assert!(voices.find("espeak:").is_err());
    }

    #[test]
    fn unknown_voice_suggests_close_ids() {
        let err = Voices::builtin().find("vi-femal").unwrap_err();
        let VoiceError::Unknown { suggestions, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(suggestions.first().map(String::as_str), Some("vi-female"));
        assert!(err.to_string().contains("vi-female"), "{err}");
    }

    #[test]
    fn profiles_are_checked() {
        let good = "id='x'\nname='X'\nlanguage='vi'\ngender='female'\nengine='espeak'\n[espeak]\nvoice='vi'\n";
        assert!(Voice::from_toml(good).is_ok());
        assert!(
            Voice::from_toml(&good.replace("[espeak]\nvoice='vi'\n", ""))
                .unwrap_err()
                .contains("[espeak]")
        );
        assert!(Voice::from_toml(&good.replace("'vi'\ngender", "'??'\ngender")).is_err());
        assert!(Voice::from_toml(&good.replace("engine='espeak'", "engine='nope'")).is_err());
        assert!(Voice::from_toml(&format!("{good}pitch=101\n")).is_err());
        assert!(
            Voice::from_toml(&good.replace("id='x'", "id='x'\nrate_wpm=20"))
                .unwrap_err()
                .contains("rate_wpm")
        );
        assert!(Voice::from_toml(&good.replace("id='x'", "id='x'\ncolour='blue'")).is_err());
        let command = "id='c'\nname='C'\nlanguage='vi'\ngender='male'\nengine='command'\n[command]\nprogram='say'\n";
        assert!(Voice::from_toml(command).is_ok());
        assert!(
            Voice::from_toml(&command.replace("[command]\nprogram='say'\n", ""))
                .unwrap_err()
                .contains("[command]")
        );
        assert!(
            Voice::from_toml(&format!("{command}format='raw'\n"))
                .unwrap_err()
                .contains("sample_rate")
        );
        assert!(
            Voice::from_toml(&command.replace("'say'", "' '"))
                .unwrap_err()
                .contains("program")
        );
    }
}
