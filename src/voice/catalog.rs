//! The Piper voice catalog: the `voices.json` of the public `rhasspy/piper-voices` collection
//! (revision `v1.0.0`), or of a mirror laid out the same way.
//!
//! Each entry names a voice by its key (`vi_VN-vais1000-medium`: language, dataset, quality)
//! and lists its files by their path from the catalog's base address, with size and MD5:
//!
//! ```json
//! "vi_VN-vais1000-medium": {
//!   "key": "vi_VN-vais1000-medium", "name": "vais1000", "quality": "medium",
//!   "language": {"code": "vi_VN", "family": "vi", "region": "VN", "name_native": "Tiếng Việt", …},
//!   "num_speakers": 1, "speaker_id_map": {},
//!   "files": {
//!     "vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx": {"size_bytes": 63201294, "md5_digest": "…"},
//!     "vi/vi_VN/vais1000/medium/vi_VN-vais1000-medium.onnx.json": {…},
//!     "vi/vi_VN/vais1000/medium/MODEL_CARD": {…}
//!   },
//!   "aliases": []
//! }
//! ```
//!
//! The catalog says nothing about how a voice sounds; docbao keeps a small table of the
//! voices it recommends (see [`recommended`] and [`CatalogVoice::gender`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Gender;
use crate::lang::Lang;

/// The voice docbao recommends for each language: the one `docbao voices install LANG`
/// installs.
///
/// - `vi`: `vi_VN-vais1000-medium`, a female voice trained on the VAIS-1000 corpus, 22 kHz;
///   the most natural of the three Vietnamese voices.
/// - `en`: `en_US-lessac-medium`, a female voice trained on the Lessac (Blizzard 2013) corpus.
const RECOMMENDED: &[(&str, &str)] = &[
    ("vi", "vi_VN-vais1000-medium"),
    ("en", "en_US-lessac-medium"),
];

/// What the catalog does not say: how the voices sound. Datasets whose speaker docbao knows
/// (by listening to them): the recommended voices and the other single-speaker Vietnamese
/// voice (and the English test voice). Every other voice's gender is not known.
const GENDERS: &[(&str, Gender)] = &[
    ("vais1000", Gender::Female),
    ("25hours_single", Gender::Female),
    ("lessac", Gender::Female),
    ("joe", Gender::Male),
];

/// The recommended catalog key for `lang`, if docbao has one.
pub fn recommended(lang: &Lang) -> Option<&'static str> {
    RECOMMENDED
        .iter()
        .find(|(tag, _)| *tag == lang.tag())
        .map(|(_, key)| *key)
}

/// A voice's language as the catalog describes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CatalogLanguage {
    /// `vi_VN`, `en_US`.
    pub code: String,
    /// `vi`, `en`.
    #[serde(default)]
    pub family: String,
    /// `VN`, `US`.
    #[serde(default)]
    pub region: String,
    /// The language's name in itself: `Tiếng Việt`.
    #[serde(default)]
    pub name_native: String,
    /// The language's name in English: `Vietnamese`.
    #[serde(default)]
    pub name_english: String,
    /// The country's name in English: `Vietnam`.
    #[serde(default)]
    pub country_english: String,
}

/// One file of a voice in the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CatalogFile {
    /// Its exact size.
    pub size_bytes: u64,
    /// Its MD5, 32 hexadecimal digits.
    pub md5_digest: String,
}

/// A voice of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CatalogVoice {
    /// `vi_VN-vais1000-medium`.
    pub key: String,
    /// The dataset it was trained on: `vais1000`.
    #[serde(default)]
    pub name: String,
    /// Its language.
    pub language: CatalogLanguage,
    /// `x_low`, `low`, `medium` or `high`.
    #[serde(default)]
    pub quality: String,
    /// How many speakers the model has.
    #[serde(default = "one")]
    pub num_speakers: u32,
    /// Speaker names to numbers, for multi-speaker models.
    #[serde(default)]
    pub speaker_id_map: BTreeMap<String, i64>,
    /// Its files by path from the catalog's base address.
    #[serde(default)]
    pub files: BTreeMap<String, CatalogFile>,
    /// Older keys of the same voice.
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn one() -> u32 {
    1
}

/// What docbao installs of a voice: the model, its configuration and its model card (which
/// says where the recordings come from and under which licence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `KEY.onnx`.
    Model,
    /// `KEY.onnx.json`.
    Config,
    /// `MODEL_CARD`.
    ModelCard,
}

impl CatalogVoice {
    /// The language docbao reads it with.
    pub fn lang(&self) -> Lang {
        let tag = if self.language.family.is_empty() {
            &self.language.code
        } else {
            &self.language.family
        };
        Lang::parse(tag).unwrap_or_else(|_| Lang::Other("und".into()))
    }

    /// Its language as a BCP 47 tag: `vi-VN`.
    pub fn language_tag(&self) -> String {
        self.language.code.replace('_', "-")
    }

    /// How it sounds, where docbao knows (see the table in this module); `None` for
    /// multi-speaker models and voices docbao has not heard.
    pub fn gender(&self) -> Option<Gender> {
        if self.num_speakers > 1 {
            return None;
        }
        GENDERS
            .iter()
            .find(|(dataset, _)| *dataset == self.dataset())
            .map(|(_, gender)| *gender)
    }

    /// The dataset: the catalog's `name`, else the middle part of the key.
    pub fn dataset(&self) -> &str {
        if !self.name.is_empty() {
            return &self.name;
        }
        self.key.split('-').nth(1).unwrap_or(&self.key)
    }

    /// The name people see: in Vietnamese for Vietnamese voices (`Giọng nữ Piper (vais1000)`),
    /// else `Piper lessac (medium)`.
    pub fn display_name(&self) -> String {
        if self.lang() == Lang::Vi {
            let kind = match self.gender() {
                Some(Gender::Female) => "Giọng nữ",
                Some(Gender::Male) => "Giọng nam",
                Some(Gender::Neutral) | None => "Giọng",
            };
            format!("{kind} Piper ({})", self.dataset())
        } else {
            format!("Piper {} ({})", self.dataset(), self.quality)
        }
    }

    /// The speakers' names, by number, for multi-speaker models (empty when the catalog
    /// names none).
    pub fn speaker_names(&self) -> Vec<&str> {
        let mut speakers: Vec<(&i64, &str)> = self
            .speaker_id_map
            .iter()
            .map(|(name, id)| (id, name.as_str()))
            .collect();
        speakers.sort();
        speakers.into_iter().map(|(_, name)| name).collect()
    }

    /// Whether docbao recommends it for its language.
    pub fn is_recommended(&self) -> bool {
        recommended(&self.lang()) == Some(self.key.as_str())
    }

    /// The files docbao installs, with the name each gets in the voice's folder, the
    /// configuration and card first and the model last.
    pub fn install_files(&self) -> Vec<(FileKind, &str, &CatalogFile)> {
        let mut files: Vec<(FileKind, &str, &CatalogFile)> = self
            .files
            .iter()
            .filter_map(|(path, file)| {
                let name = path.rsplit('/').next().unwrap_or(path);
                let kind = if name == format!("{}.onnx", self.key) {
                    FileKind::Model
                } else if name == format!("{}.onnx.json", self.key) {
                    FileKind::Config
                } else if name == "MODEL_CARD" {
                    FileKind::ModelCard
                } else {
                    return None;
                };
                Some((kind, path.as_str(), file))
            })
            .collect();
        files.sort_by_key(|(kind, _, _)| match kind {
            FileKind::Config => 0,
            FileKind::ModelCard => 1,
            FileKind::Model => 2,
        });
        files
    }

    /// The name a file of this voice gets once installed.
    pub fn file_name(&self, kind: FileKind) -> String {
        match kind {
            FileKind::Model => format!("{}.onnx", self.key),
            FileKind::Config => format!("{}.onnx.json", self.key),
            FileKind::ModelCard => "MODEL_CARD".into(),
        }
    }

    /// Bytes to download: the sum of [`install_files`](Self::install_files).
    pub fn download_size(&self) -> u64 {
        self.install_files()
            .iter()
            .map(|(_, _, file)| file.size_bytes)
            .sum()
    }

    /// Checks what docbao relies on: a key that is a plain file name, a model and a
    /// configuration, paths that stay inside the catalog, and MD5 digests.
    pub(crate) fn check(&self) -> Result<(), String> {
        if !is_plain_key(&self.key) {
            return Err(format!("'{}' is not a voice key", self.key));
        }
        if Lang::parse(&self.language.code).is_err() {
            return Err(format!(
                "{}: '{}' is not a language code",
                self.key, self.language.code
            ));
        }
        for path in self.files.keys() {
            let bad = path.is_empty()
                || path.starts_with('/')
                || path.contains('\\')
                || path.contains('?')
                || path.contains('#')
                || path
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..");
            if bad {
                return Err(format!(
                    "{}: the file path '{path}' is not usable",
                    self.key
                ));
            }
        }
        let files = self.install_files();
        for needed in [FileKind::Model, FileKind::Config] {
            if !files.iter().any(|(kind, _, _)| *kind == needed) {
                return Err(format!("{} lists no {}", self.key, self.file_name(needed)));
            }
        }
        for (_, path, file) in files {
            let digest = &file.md5_digest;
            if digest.len() != 32 || !digest.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(format!("{path}: '{digest}' is not an MD5 digest"));
            }
        }
        Ok(())
    }
}

/// A key usable as a file name: letters, digits, `_`, `-` and `.`, not starting with `.`.
pub(crate) fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 120
        && !key.starts_with('.')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
}

/// The whole catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    voices: BTreeMap<String, CatalogVoice>,
    /// Entries left out because docbao cannot use them, with why.
    skipped: Vec<String>,
}

impl Catalog {
    /// Parses a `voices.json`. Entries docbao cannot use are left out and listed in
    /// [`skipped`](Self::skipped); a file that is not a catalog at all is an error.
    pub fn parse(json: &str) -> Result<Catalog, String> {
        let raw: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(json).map_err(|e| format!("it is not a voice catalog: {e}"))?;
        let mut catalog = Catalog::default();
        for (key, value) in raw {
            let parsed = serde_json::from_value::<CatalogVoice>(value)
                .map_err(|e| format!("{key}: {e}"))
                .and_then(|voice| {
                    if voice.key != key {
                        return Err(format!("{key}: its entry names itself '{}'", voice.key));
                    }
                    voice.check().map(|()| voice)
                });
            match parsed {
                Ok(voice) => {
                    catalog.voices.insert(key, voice);
                }
                Err(reason) => catalog.skipped.push(reason),
            }
        }
        if catalog.voices.is_empty() {
            return Err(match catalog.skipped.first() {
                Some(first) => format!("it has no usable voice ({first})"),
                None => "it lists no voice".into(),
            });
        }
        Ok(catalog)
    }

    /// Every voice, by key.
    pub fn voices(&self) -> impl Iterator<Item = &CatalogVoice> {
        self.voices.values()
    }

    /// Entries that were left out, with why.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// The voice with this key or alias (ignoring case).
    pub fn get(&self, key: &str) -> Option<&CatalogVoice> {
        let key = key.trim();
        self.voices.get(key).or_else(|| {
            self.voices.values().find(|v| {
                v.key.eq_ignore_ascii_case(key)
                    || v.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
            })
        })
    }

    /// The voices for `lang`, by key.
    pub fn for_language<'a>(
        &'a self,
        lang: &'a Lang,
    ) -> impl Iterator<Item = &'a CatalogVoice> + 'a {
        self.voices().filter(move |v| &v.lang() == lang)
    }

    /// What `docbao voices install QUERY` means: a key or alias, or a language (`vi`) for the
    /// voice docbao recommends for it.
    pub fn resolve(&self, query: &str) -> Result<&CatalogVoice, Unresolved> {
        if let Some(voice) = self.get(query) {
            return Ok(voice);
        }
        let as_lang = (query.len() <= 3)
            .then(|| Lang::parse(query).ok())
            .flatten();
        if let Some(lang) = as_lang {
            return match recommended(&lang).and_then(|key| self.get(key)) {
                Some(voice) => Ok(voice),
                None => Err(Unresolved::NoRecommendation {
                    lang: lang.clone(),
                    keys: self.for_language(&lang).map(|v| v.key.clone()).collect(),
                }),
            };
        }
        Err(Unresolved::Unknown {
            query: query.trim().to_string(),
            suggestions: self.closest(query),
        })
    }

    /// The keys most like `query`, best first (at most three).
    fn closest(&self, query: &str) -> Vec<String> {
        let query = query.trim().to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .voices()
            .map(|v| {
                (
                    strsim::jaro_winkler(&query, &v.key.to_lowercase()),
                    v.key.as_str(),
                )
            })
            .filter(|(score, _)| *score > 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored
            .into_iter()
            .take(3)
            .map(|(_, key)| key.to_string())
            .collect()
    }
}

/// Why a query names no voice of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// No key or alias like it.
    Unknown {
        /// What was asked for.
        query: String,
        /// The closest keys.
        suggestions: Vec<String>,
    },
    /// A language without a recommended voice in this catalog.
    NoRecommendation {
        /// The language.
        lang: Lang,
        /// The catalog's voices for it.
        keys: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD5: &str = "0123456789abcdef0123456789abcdef";

    fn entry(key: &str, code: &str, name: &str, speakers: u32) -> String {
        let family = code.split('_').next().unwrap();
        let quality = key.rsplit('-').next().unwrap();
        let dir = format!("{family}/{code}/{name}/{quality}");
        format!(
            r#""{key}": {{"key": "{key}", "name": "{name}", "quality": "{quality}",
              "language": {{"code": "{code}", "family": "{family}", "region": "VN",
                "name_native": "Tiếng Việt", "name_english": "Vietnamese", "country_english": "Vietnam"}},
              "num_speakers": {speakers}, "speaker_id_map": {{}},
              "files": {{
                "{dir}/{key}.onnx": {{"size_bytes": 1000, "md5_digest": "{MD5}"}},
                "{dir}/{key}.onnx.json": {{"size_bytes": 10, "md5_digest": "{MD5}"}},
                "{dir}/MODEL_CARD": {{"size_bytes": 5, "md5_digest": "{MD5}"}},
                "{dir}/samples/speaker_0.mp3": {{"size_bytes": 5, "md5_digest": "{MD5}"}}
              }}, "aliases": ["vi-old-{name}"]}}"#
        )
    }

    fn catalog() -> Catalog {
        let json = format!(
            "{{{}, {}, {}, {}}}",
            entry("vi_VN-vais1000-medium", "vi_VN", "vais1000", 1),
            entry("vi_VN-25hours_single-low", "vi_VN", "25hours_single", 1),
            entry("vi_VN-vivos-x_low", "vi_VN", "vivos", 65),
            entry("de_DE-thorsten-medium", "de_DE", "thorsten", 1),
        );
        Catalog::parse(&json).unwrap()
    }

    #[test]
    fn parses_and_names_voices() {
        let catalog = catalog();
        assert_eq!(catalog.voices().count(), 4);
        let vais = catalog.get("vi_VN-vais1000-medium").unwrap();
        assert_eq!(vais.lang(), Lang::Vi);
        assert_eq!(vais.language_tag(), "vi-VN");
        assert_eq!(vais.gender(), Some(Gender::Female));
        assert_eq!(vais.display_name(), "Giọng nữ Piper (vais1000)");
        assert!(vais.is_recommended());
        let kinds: Vec<FileKind> = vais.install_files().iter().map(|f| f.0).collect();
        assert_eq!(
            kinds,
            [FileKind::Config, FileKind::ModelCard, FileKind::Model]
        );
        assert_eq!(vais.download_size(), 1015);
        let vivos = catalog.get("VI_VN-VIVOS-X_LOW").unwrap();
        assert_eq!(vivos.gender(), None);
        assert_eq!(vivos.display_name(), "Giọng Piper (vivos)");
        assert_eq!(
            catalog.get("de_DE-thorsten-medium").unwrap().display_name(),
            "Piper thorsten (medium)"
        );
        assert_eq!(
            catalog.get("vi-old-vivos").unwrap().key,
            "vi_VN-vivos-x_low"
        );
    }

    #[test]
    fn resolves_keys_languages_and_near_misses() {
        let catalog = catalog();
        assert_eq!(catalog.resolve("vi").unwrap().key, "vi_VN-vais1000-medium");
        assert_eq!(
            catalog.resolve("vi_VN-vivos-x_low").unwrap().key,
            "vi_VN-vivos-x_low"
        );
        match catalog.resolve("de") {
            Err(Unresolved::NoRecommendation { keys, .. }) => {
                assert_eq!(keys, ["de_DE-thorsten-medium"])
            }
            other => panic!("{other:?}"),
        }
        match catalog.resolve("vi_VN-vais1000-mediun") {
            Err(Unresolved::Unknown { suggestions, .. }) => {
                assert_eq!(suggestions[0], "vi_VN-vais1000-medium")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unusable_entries_are_skipped_and_nonsense_refused() {
        let good = entry("vi_VN-vais1000-medium", "vi_VN", "vais1000", 1);
        let traversal = entry("vi_VN-x-low", "vi_VN", "x", 1)
            .replace("vi/vi_VN/x/low/MODEL_CARD", "../../etc/MODEL_CARD");
        let bad_md5 = entry("vi_VN-y-low", "vi_VN", "y", 1).replace(MD5, "zz");
        let bad_key = entry("../evil", "vi_VN", "evil", 1);
        let catalog =
            Catalog::parse(&format!("{{{good}, {traversal}, {bad_md5}, {bad_key}}}")).unwrap();
        assert_eq!(catalog.voices().count(), 1);
        assert_eq!(catalog.skipped().len(), 3, "{:?}", catalog.skipped());
        assert!(Catalog::parse("{}").is_err());
        assert!(Catalog::parse("<html>").is_err());
        assert!(Catalog::parse("[1, 2]").is_err());
    }
}
