//! Optimized models kept between runs. Reading a Piper model, editing its graph and letting
//! ONNX Runtime optimize it takes about half a second for a medium voice, before the first
//! sentence can be spoken. The first session of a model therefore saves the optimized graph
//! in ONNX Runtime's own format (`.ort`) in docbao's cache folder
//! (`$XDG_CACHE_HOME/docbao/piper/`); later runs load that file as it is, in a fraction of the
//! time, and give the same samples.
//!
//! A cached file is named after what it was made from — the model's path, size and
//! modification time, the ONNX Runtime library and docbao's version — so a changed model or
//! runtime makes a new one. It is written to a temporary name and renamed into place when
//! complete; one that cannot be read or loaded is removed and the model is used directly.
//! `DOCBAO_PIPER_CACHE=0` turns the cache off.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

/// The graph optimizations applied before saving: every one that does not depend on this
/// processor's instruction set, so a cache folder copied to another machine still works.
pub(crate) const SAVED_LEVEL: ort::session::builder::GraphOptimizationLevel =
    ort::session::builder::GraphOptimizationLevel::Level2;

/// Where the optimized form of the model at `model` is (or would be) kept; `None` when there
/// is no cache folder, or it is turned off.
pub(crate) fn path_for(model: &Path) -> Option<PathBuf> {
    if std::env::var_os("DOCBAO_PIPER_CACHE").is_some_and(|v| v == "0") {
        return None;
    }
    let meta = std::fs::metadata(model).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let canonical = std::fs::canonicalize(model).unwrap_or_else(|_| model.to_path_buf());
    let mut key = Sha256::new();
    key.update(canonical.as_os_str().as_encoded_bytes());
    key.update(meta.len().to_le_bytes());
    key.update(modified.to_le_bytes());
    key.update(super::runtime::version().as_bytes());
    key.update(env!("CARGO_PKG_VERSION").as_bytes());
    let digest = key.finalize();
    let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let stem = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Some(
        dirs::cache_dir()?
            .join("docbao")
            .join("piper")
            .join(format!("{stem}-{name}.ort")),
    )
}

/// A temporary name beside `cached`, for the runtime to write to.
pub(crate) fn temporary(cached: &Path) -> Option<PathBuf> {
    let dir = cached.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let name = cached.file_name()?.to_string_lossy();
    Some(dir.join(format!(".{name}.{}.part.ort", std::process::id())))
}

/// Puts a completely written `part` in place as `cached` (or removes it if it cannot be),
/// and removes what was kept of an earlier version of the same model (same name, other key).
pub(crate) fn keep(part: &Path, cached: &Path) {
    let complete = std::fs::metadata(part).is_ok_and(|m| m.is_file() && m.len() > 0);
    if !complete || std::fs::rename(part, cached).is_err() {
        let _ = std::fs::remove_file(part);
        return;
    }
    let (Some(dir), Some(name)) = (cached.parent(), cached.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    // `<stem>-<key>.ort`: the stem and its dash.
    let Some(stem) = name.rsplit_once('-').map(|(stem, _)| format!("{stem}-")) else {
        return;
    };
    let earlier = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|other| {
            *other != name
                && other.ends_with(".ort")
                && other
                    .strip_prefix(&stem)
                    .is_some_and(|key| !key.contains('-'))
        });
    for other in earlier {
        let _ = std::fs::remove_file(dir.join(other));
    }
}

/// Forgets a cached file that did not load.
pub(crate) fn forget(cached: &Path) {
    let _ = std::fs::remove_file(cached);
}
