//! The voices installed from the Piper catalog: one folder per voice,
//! `$XDG_DATA_HOME/docbao/piper-voices/KEY/` (`~/.local/share/docbao/piper-voices/KEY/`),
//! holding `KEY.onnx`, `KEY.onnx.json`, `MODEL_CARD` and `voice.json`, the voice's catalog
//! entry. A folder is made complete beside the others under a hidden name and renamed into
//! place, and removed by renaming it away first, so a voice is either wholly installed or
//! absent: no loader ever sees half of one.

use std::path::{Path, PathBuf};

use super::catalog::{CatalogVoice, FileKind};
use super::{EngineKind, Gender, InstallError, Origin, PiperSettings, Voice, VoiceFileError};

/// The file in a voice's folder that holds its catalog entry; written last.
pub const RECEIPT: &str = "voice.json";

/// The largest receipt read (a catalog entry is a few kilobytes).
const MAX_RECEIPT: u64 = 1 << 20;

/// Where installed voices live: `$XDG_DATA_HOME/docbao/piper-voices`.
pub fn default_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("docbao").join("piper-voices"))
}

/// A voice installed from the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalledVoice {
    /// Its catalog entry, as it was when installed.
    pub entry: CatalogVoice,
    /// Its folder.
    pub dir: PathBuf,
}

impl InstalledVoice {
    /// Reads the voice installed in `dir`, checking that its receipt names the folder's
    /// voice and that the model and configuration are there.
    pub fn load(dir: &Path) -> Result<InstalledVoice, String> {
        let receipt = dir.join(RECEIPT);
        let meta = std::fs::symlink_metadata(&receipt)
            .map_err(|e| format!("it has no readable {RECEIPT}: {e}"))?;
        if !meta.is_file() || meta.len() > MAX_RECEIPT {
            return Err(format!("its {RECEIPT} is not a small regular file"));
        }
        let source = std::fs::read_to_string(&receipt).map_err(|e| e.to_string())?;
        let entry: CatalogVoice =
            serde_json::from_str(&source).map_err(|e| format!("{RECEIPT}: {e}"))?;
        entry.check()?;
        let folder = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if entry.key != folder {
            return Err(format!("its {RECEIPT} is for {}", entry.key));
        }
        let installed = InstalledVoice {
            entry,
            dir: dir.to_path_buf(),
        };
        for kind in [FileKind::Model, FileKind::Config] {
            let path = installed.path(kind);
            if !path.is_file() {
                return Err(format!("{} is missing", path.display()));
            }
        }
        Ok(installed)
    }

    /// The installed path of one of its files.
    pub fn path(&self, kind: FileKind) -> PathBuf {
        self.dir.join(self.entry.file_name(kind))
    }

    /// The licence its model card states (`CC0`, `CC BY 4.0`), if it states one.
    pub fn licence(&self) -> Option<String> {
        let card = std::fs::read_to_string(self.path(FileKind::ModelCard)).ok()?;
        licence_in(&card)
    }

    /// Its size on disk: the sum of the catalog's sizes of the installed files.
    pub fn size(&self) -> u64 {
        self.entry.download_size()
    }

    /// The voice profile docbao reads with: id = the catalog key, the name people see
    /// (in Vietnamese for Vietnamese voices), engine `piper`.
    pub fn to_voice(&self) -> Result<Voice, String> {
        let voice = Voice {
            id: self.entry.key.clone(),
            name: self.entry.display_name(),
            language: self.entry.language_tag(),
            gender: self.entry.gender().unwrap_or(Gender::Neutral),
            engine: EngineKind::Piper,
            rate_wpm: super::normal_rate(),
            espeak: None,
            command: None,
            system: None,
            piper: Some(PiperSettings {
                model: self.path(FileKind::Model),
                speaker: None,
                length_scale: None,
                noise_scale: None,
                noise_w: None,
            }),
            origin: Origin::Installed(Box::new(self.clone())),
        };
        voice.check()?;
        Ok(voice)
    }
}

/// The `License:` line of a model card (`* License: CC0` → `CC0`).
pub(crate) fn licence_in(card: &str) -> Option<String> {
    card.lines().find_map(|line| {
        let line = line.trim().trim_start_matches(['*', '-']).trim();
        let (label, value) = line.split_once(':')?;
        let label = label.trim().to_ascii_lowercase();
        (label == "license" || label == "licence")
            .then(|| value.trim().to_string())
            .filter(|value| !value.is_empty())
    })
}

/// Every voice installed in `root`, by key, and the folders that could not be used. Hidden
/// folders (installs and removals under way) and anything that is not a folder are skipped;
/// a missing `root` holds no voice.
pub fn list(root: &Path) -> (Vec<InstalledVoice>, Vec<VoiceFileError>) {
    let mut voices = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        return (voices, problems);
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    dirs.sort();
    for dir in dirs {
        match InstalledVoice::load(&dir) {
            Ok(voice) => voices.push(voice),
            Err(reason) => problems.push(VoiceFileError { path: dir, reason }),
        }
    }
    (voices, problems)
}

/// Removes the voice `key` (ignoring case) from `root`: renamed away first, then deleted.
pub fn remove(root: &Path, key: &str) -> Result<InstalledVoice, InstallError> {
    let (voices, _) = list(root);
    let Some(voice) = voices
        .iter()
        .find(|v| v.entry.key.eq_ignore_ascii_case(key.trim()))
    else {
        return Err(InstallError::NotInstalled {
            key: key.trim().to_string(),
            installed: voices.into_iter().map(|v| v.entry.key).collect(),
        });
    };
    let doomed = root.join(format!(".removing-{}", voice.entry.key));
    if doomed.exists() {
        std::fs::remove_dir_all(&doomed).map_err(|e| InstallError::io("remove", &doomed, e))?;
    }
    std::fs::rename(&voice.dir, &doomed).map_err(|e| InstallError::io("remove", &voice.dir, e))?;
    std::fs::remove_dir_all(&doomed).map_err(|e| InstallError::io("remove", &doomed, e))?;
    Ok(voice.clone())
}

/// Puts the complete folder `staging` (in `root`) in place as the voice `key`, replacing an
/// older install of it.
#[cfg(feature = "fetch")]
pub(crate) fn commit(root: &Path, staging: &Path, key: &str) -> Result<(), InstallError> {
    let target = root.join(key);
    if target.exists() {
        let old = root.join(format!(".removing-{key}"));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| InstallError::io("remove", &old, e))?;
        }
        std::fs::rename(&target, &old).map_err(|e| InstallError::io("replace", &target, e))?;
        std::fs::rename(staging, &target).map_err(|e| InstallError::io("create", &target, e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staging, &target).map_err(|e| InstallError::io("create", &target, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD5: &str = "0123456789abcdef0123456789abcdef";

    fn entry(key: &str) -> String {
        format!(
            r#"{{"key": "{key}", "name": "vais1000", "quality": "medium",
              "language": {{"code": "vi_VN", "family": "vi"}},
              "num_speakers": 1, "speaker_id_map": {{}},
              "files": {{
                "vi/{key}.onnx": {{"size_bytes": 4, "md5_digest": "{MD5}"}},
                "vi/{key}.onnx.json": {{"size_bytes": 25, "md5_digest": "{MD5}"}},
                "vi/MODEL_CARD": {{"size_bytes": 5, "md5_digest": "{MD5}"}}
              }}, "aliases": []}}"#
        )
    }

    fn install(root: &Path, key: &str) {
        let dir = root.join(key);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{key}.onnx")), b"onnx").unwrap();
        std::fs::write(
            dir.join(format!("{key}.onnx.json")),
            r#"{"espeak":{"voice":"vi"}}"#,
        )
        .unwrap();
        std::fs::write(dir.join("MODEL_CARD"), "# card\n\n* License: CC BY 4.0\n").unwrap();
        std::fs::write(dir.join(RECEIPT), entry(key)).unwrap();
    }

    #[test]
    fn installed_voices_load_as_profiles_and_are_removed_whole() {
        let root = tempfile::tempdir().unwrap();
        install(root.path(), "vi_VN-vais1000-medium");
        // Hidden folders (an install under way) and half folders are not voices.
        std::fs::create_dir_all(root.path().join(".install-x")).unwrap();
        std::fs::create_dir_all(root.path().join("vi_VN-half-low")).unwrap();
        let (voices, problems) = list(root.path());
        assert_eq!(voices.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let voice = voices[0].to_voice().unwrap();
        assert_eq!(voice.id, "vi_VN-vais1000-medium");
        assert_eq!(voice.name, "Giọng nữ Piper (vais1000)");
        assert_eq!(voice.gender, Gender::Female);
        assert_eq!(voice.language, "vi-VN");
        assert_eq!(voices[0].licence().as_deref(), Some("CC BY 4.0"));

        let err = remove(root.path(), "vi_VN-nope-low").unwrap_err();
        assert!(err.to_string().contains("vi_VN-vais1000-medium"), "{err}");
        remove(root.path(), "VI_VN-VAIS1000-MEDIUM").unwrap();
        assert!(!root.path().join("vi_VN-vais1000-medium").exists());
        assert!(list(root.path()).0.is_empty());
    }

    #[test]
    fn speakers_are_chosen_by_number_or_name_where_there_are_several() {
        let root = tempfile::tempdir().unwrap();
        install(root.path(), "vi_VN-vais1000-medium");
        let single = list(root.path()).0.remove(0);
        assert!(single.to_voice().unwrap().with_speaker("1").is_err());
        let mut several = single.clone();
        several.entry.num_speakers = 3;
        several.entry.speaker_id_map = [("lan".to_string(), 2)].into_iter().collect();
        let voice = several.to_voice().unwrap();
        let by_number = voice.clone().with_speaker("1").unwrap();
        assert_eq!(
            by_number.piper.unwrap().speaker,
            Some(super::super::Speaker::Id(1))
        );
        let by_name = voice.with_speaker("lan").unwrap();
        assert_eq!(
            by_name.piper.unwrap().speaker,
            Some(super::super::Speaker::Name("lan".into()))
        );
        assert_eq!(several.entry.speaker_names(), ["lan"]);
    }

    #[test]
    fn a_receipt_for_another_voice_is_refused() {
        let root = tempfile::tempdir().unwrap();
        install(root.path(), "vi_VN-vais1000-medium");
        std::fs::rename(
            root.path().join("vi_VN-vais1000-medium"),
            root.path().join("vi_VN-other-low"),
        )
        .unwrap();
        let (voices, problems) = list(root.path());
        assert!(voices.is_empty());
        assert!(problems[0].reason.contains("is for"), "{problems:?}");
    }

    #[test]
    fn licence_lines() {
        assert_eq!(licence_in("* License: CC0\n").as_deref(), Some("CC0"));
        assert_eq!(licence_in("- licence: MIT").as_deref(), Some("MIT"));
        assert_eq!(licence_in("no licence here"), None);
    }
}
