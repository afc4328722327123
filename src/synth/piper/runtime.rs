//! Finding and starting ONNX Runtime, which is loaded at run time (`ort`'s `load-dynamic`).
//!
//! Lookup order for `libonnxruntime`:
//! 1. `ORT_DYLIB_PATH`, if set: that file;
//! 2. the `onnxruntime` Python wheel in docbao's virtual environment,
//!    `$XDG_DATA_HOME/docbao/venv` (`~/.local/share/docbao/venv`, made by
//!    `scripts/setup --piper`): `lib/python3.*/site-packages/onnxruntime/capi/libonnxruntime.so*`;
//! 3. the system's library paths (`libonnxruntime.so`).
//!
//! `ort` panics when the library it is pointed at cannot be used, so docbao opens it first
//! itself and checks its version, and only then hands it over.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the ONNX Runtime library was found and started, or why not.
static STARTED: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// The environment variable naming the library.
pub const DYLIB_VAR: &str = "ORT_DYLIB_PATH";

/// Finds, checks and starts ONNX Runtime once per process; the library's path or why not.
pub(crate) fn start() -> Result<&'static Path, String> {
    STARTED
        .get_or_init(|| {
            let path = locate()?;
            check(&path)?;
            let display = path.to_string_lossy().into_owned();
            ort::init_from(display.clone())
                .with_name("docbao")
                .with_telemetry(false)
                .commit()
                .map_err(|e| format!("ONNX Runtime at {display} does not start: {e}"))?;
            Ok(path)
        })
        .as_ref()
        .map(PathBuf::as_path)
        .map_err(Clone::clone)
}

/// docbao's virtual environment: `$XDG_DATA_HOME/docbao/venv`.
pub fn venv_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("docbao").join("venv"))
}

fn locate() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(DYLIB_VAR).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "{DYLIB_VAR} names {}, which is not a file",
                path.display()
            ))
        };
    }
    if let Some(found) = venv_dir().as_deref().and_then(in_venv) {
        return Ok(found);
    }
    Ok(PathBuf::from("libonnxruntime.so"))
}

/// `libonnxruntime.so*` of the `onnxruntime` wheel in the virtual environment `venv`.
fn in_venv(venv: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(venv.join("lib"))
        .ok()?
        .filter_map(Result::ok)
        .map(|python| python.path().join("site-packages/onnxruntime/capi"))
        .filter_map(|capi| std::fs::read_dir(capi).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so"))
        })
        .collect();
    found.sort();
    found.pop()
}

/// Opens the library and checks it is an ONNX Runtime `ort` can use (1.22 or later).
fn check(path: &Path) -> Result<(), String> {
    let missing = |e: &dyn std::fmt::Display| {
        format!(
            "the ONNX Runtime library ({}) cannot be loaded: {e}",
            path.display()
        )
    };
    // SAFETY: loading runs the library's initialisers; ONNX Runtime's are sound.
    let library = unsafe { libloading::Library::new(path) }.map_err(|e| missing(&e))?;
    type GetApiBase = unsafe extern "C" fn() -> *const ort::sys::OrtApiBase;
    // SAFETY: the symbol has this signature in every ONNX Runtime release.
    let get_base = unsafe { library.get::<GetApiBase>(b"OrtGetApiBase") }
        .map_err(|_| missing(&"it has no OrtGetApiBase"))?;
    // SAFETY: returns a pointer to a static table, or null.
    let base = unsafe { get_base() };
    if base.is_null() {
        return Err(missing(&"OrtGetApiBase returned nothing"));
    }
    // SAFETY: non-null static table; the version is a static NUL-terminated string.
    let version = unsafe {
        let version = ((*base).GetVersionString)();
        if version.is_null() {
            String::new()
        } else {
            std::ffi::CStr::from_ptr(version)
                .to_string_lossy()
                .into_owned()
        }
    };
    let minor = version
        .strip_prefix("1.")
        .and_then(|rest| rest.split('.').next())
        .and_then(|minor| minor.parse::<u32>().ok());
    // Kept loaded: `ort` opens the same file next, and unloading ONNX Runtime is not safe.
    std::mem::forget(library);
    match minor {
        Some(minor) if minor >= ort::MINOR_VERSION => Ok(()),
        _ => Err(format!(
            "ONNX Runtime {version} at {} is too old (docbao needs 1.{} or later)",
            path.display(),
            ort::MINOR_VERSION
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_wheel_in_a_venv() {
        let venv = tempfile::tempdir().unwrap();
        let capi = venv
            .path()
            .join("lib/python3.11/site-packages/onnxruntime/capi");
        std::fs::create_dir_all(&capi).unwrap();
        assert_eq!(in_venv(venv.path()), None);
        std::fs::write(capi.join("libonnxruntime.so.1.22.0"), b"").unwrap();
        assert_eq!(
            in_venv(venv.path()),
            Some(capi.join("libonnxruntime.so.1.22.0"))
        );
    }

    #[test]
    fn a_file_that_is_no_library_is_refused() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let err = check(file.path()).unwrap_err();
        assert!(err.contains("cannot be loaded"), "{err}");
    }
}
