//! The loudness of a Piper voice. A VITS model's output is not at full scale, and Piper
//! brings each sentence's peak to full scale once the sentence is made. docbao hears a
//! sentence's first audio before the rest of it is made (see `pieces.rs`), so its gain cannot
//! wait for the sentence's peak: it is the voice's own, measured once on a calibration text
//! (the numbers one to ten, said in the voice's language) whose peak is brought to
//! [`TARGET`] of full scale. Louder samples are brought down smoothly above that level (a
//! soft knee) and never go over full scale. Each sample's level depends on that sample alone, so however a
//! sentence is cut into pieces and chunks, its samples are the same; and sentences keep their
//! loudness relative to each other as the voice says them.
//!
//! The calibration's peak is kept in docbao's cache folder, one small file per model, file
//! size, modification time, speaker and scales: a voice is measured on its first use only.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::config::Inference;

/// The calibration text (espeak-ng says numbers in every language it speaks).
pub(crate) const CALIBRATION_TEXT: &str = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10.";

/// The fraction of full scale the calibration's peak is brought to; also where the knee
/// starts.
const TARGET: f32 = 0.85;

/// A calibration quieter than this measured nothing (a medium voice peaks at about 0.5).
pub(crate) const LEAST_PEAK: f32 = 0.05;

/// Bumped when the calibration changes, so that older measures are not reused.
const VERSION: u32 = 1;

/// A voice's gain.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Gain {
    /// Full scale over the calibration's peak, times [`TARGET`].
    factor: f32,
}

impl Gain {
    /// The gain that brings `peak` (the calibration's, in the model's units) to [`TARGET`].
    pub(crate) fn from_peak(peak: f32) -> Gain {
        let peak = if peak.is_finite() {
            peak.max(0.01)
        } else {
            1.0
        };
        Gain {
            factor: TARGET / peak,
        }
    }

    /// 16-bit samples of `audio`.
    pub(crate) fn apply(&self, audio: &[f32]) -> Vec<i16> {
        audio
            .iter()
            .map(|&s| {
                if !s.is_finite() {
                    return 0;
                }
                let level = s * self.factor;
                let magnitude = level.abs();
                let shaped = if magnitude <= TARGET {
                    magnitude
                } else {
                    // Above the knee, a curve that leaves it with the same slope and never
                    // goes over full scale.
                    TARGET + (1.0 - TARGET) * ((magnitude - TARGET) / (1.0 - TARGET)).tanh()
                };
                (shaped.copysign(level) * 32767.0).round() as i16
            })
            .collect()
    }
}

/// The peak of `audio`.
pub(crate) fn peak(audio: &[f32]) -> f32 {
    audio
        .iter()
        .filter(|s| s.is_finite())
        .fold(0.0f32, |peak, s| peak.max(s.abs()))
}

/// Where the calibration of the model at `model` is kept, for this speaker and these
/// scales; `None` when the model's file cannot be read or there is no cache folder.
pub(crate) fn cache_file(model: &Path, speaker: i64, scales: Inference) -> Option<PathBuf> {
    let path = model.canonicalize().ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut hash = Sha256::new();
    hash.update(path.as_os_str().as_encoded_bytes());
    hash.update(format!(
        "\n{}\n{}\n{speaker}\n{:?}\n{:?}\n{:?}\n{VERSION}",
        meta.len(),
        modified.as_nanos(),
        scales.noise_scale.to_bits(),
        scales.length_scale.to_bits(),
        scales.noise_w.to_bits(),
    ));
    let digest = hash.finalize();
    let name: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    Some(
        dirs::cache_dir()?
            .join("docbao")
            .join("piper-gain")
            .join(name),
    )
}

/// The peak kept in `file`, if it holds one.
pub(crate) fn cached(file: &Path) -> Option<f32> {
    let text = std::fs::read_to_string(file).ok()?;
    let peak: f32 = text.trim().parse().ok()?;
    (peak.is_finite() && peak > 0.0).then_some(peak)
}

/// Keeps `peak` in `file` (whole or not at all: a temporary file renamed into place); a
/// cache that cannot be written only means measuring again next time.
pub(crate) fn keep(file: &Path, peak: f32) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    use std::io::Write;
    if writeln!(temp, "{peak:?}").is_ok() {
        let _ = temp.persist(file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calibration_peak_reaches_the_target_and_louder_never_clips() {
        let gain = Gain::from_peak(0.5);
        let out = gain.apply(&[0.5, -0.5, 0.25, 0.0]);
        assert_eq!(out, [27852, -27852, 13926, 0]);
        // A little louder, twice and ten times the calibration's peak: in order, never over
        // full scale.
        let loud = gain.apply(&[0.55, 1.0, 5.0, -5.0]);
        assert!(
            loud[0] > 27852 && loud[0] < loud[1] && loud[1] <= loud[2],
            "{loud:?}"
        );
        assert_eq!(loud[3], -loud[2]);
        // Smooth at the knee: the same slope on either side of it.
        let near = gain.apply(&[0.4998, 0.5, 0.5002]);
        let (below, above) = (near[1] - near[0], near[2] - near[1]);
        assert!((below - above).abs() <= 2, "{near:?}");
    }

    #[test]
    fn odd_values_are_safe() {
        let gain = Gain::from_peak(f32::NAN);
        assert_eq!(gain.apply(&[f32::NAN, f32::INFINITY]), [0, 0]);
        let quiet = Gain::from_peak(0.0);
        assert_eq!(quiet.apply(&[1.0, -1.0]), [32767, -32767]);
        assert_eq!(peak(&[0.1, -0.7, f32::NAN]), 0.7);
    }

    #[test]
    fn a_kept_peak_is_read_back_and_junk_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("gain");
        assert_eq!(cached(&file), None);
        keep(&file, 0.4375);
        assert_eq!(cached(&file), Some(0.4375));
        std::fs::write(&file, "junk").unwrap();
        assert_eq!(cached(&file), None);
        std::fs::write(&file, "-1").unwrap();
        assert_eq!(cached(&file), None);
    }
}
