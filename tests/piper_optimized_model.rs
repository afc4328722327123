//! A Piper voice's optimized model is kept between runs: the first run saves it in the cache
//! folder, the next runs load it (and give the same samples), a damaged one is forgotten and
//! the voice still speaks, a changed model replaces what was kept of it, and
//! `DOCBAO_PIPER_CACHE=0` keeps nothing.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{Sandbox, stderr};

const TEXT: &str = "The bridge reopens on Friday. Buses will use it from the first week.";

/// The `.ort` files in the sandbox's cache folder.
fn kept(sandbox: &Sandbox) -> Vec<PathBuf> {
    std::fs::read_dir(sandbox.path("home/.cache/docbao/piper"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ort"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_optimized_model_is_kept_reused_and_replaced_when_damaged() {
    let Some(joe) = common::piper::joe_voice() else {
        return;
    };
    let sandbox = Sandbox::new();
    // A copy of the voice, which the test changes at the end.
    let model = sandbox.path("joe.onnx");
    std::fs::copy(&joe, &model).unwrap();
    std::fs::copy(
        joe.with_extension("onnx.json"),
        sandbox.path("joe.onnx.json"),
    )
    .unwrap();
    // ONNX Runtime is found in docbao's virtual environment, linked into the sandbox's home.
    let venv = docbao::synth::piper::runtime::venv_dir().unwrap();
    if venv.exists() {
        let data = sandbox.path("home/.local/share/docbao");
        std::fs::create_dir_all(&data).unwrap();
        std::os::unix::fs::symlink(&venv, data.join("venv")).unwrap();
    }
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let render = |out: &str, cache: Option<&str>| -> (Output, Vec<u8>) {
        let mut command = sandbox.docbao();
        command
            .args(["render", "text.txt", "-q", "-o", out, "--voice"])
            .arg(&model)
            .env("DOCBAO_TRACE", "1");
        if let Some(cache) = cache {
            command.env("DOCBAO_PIPER_CACHE", cache);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let audio = std::fs::read(sandbox.path(out)).unwrap();
        (output, audio)
    };

    // Turned off: nothing kept.
    let (_, direct) = render("direct.wav", Some("0"));
    assert!(kept(&sandbox).is_empty(), "{:?}", kept(&sandbox));

    // The first run keeps the optimized model, the second loads it: same samples each time.
    let (first, audio) = render("first.wav", None);
    assert!(
        stderr(&first).contains("piper: optimized model kept"),
        "{}",
        stderr(&first)
    );
    assert_eq!(audio, direct, "the first run sounds different");
    let files = kept(&sandbox);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(std::fs::metadata(&files[0]).unwrap().len() > 1_000_000);
    let (second, audio) = render("second.wav", None);
    assert!(
        stderr(&second).contains("piper: optimized model loaded"),
        "{}",
        stderr(&second)
    );
    assert_eq!(audio, direct, "the optimized model sounds different");

    // Damaged: forgotten, the voice still speaks the same, and the next run keeps a new one.
    std::fs::write(&files[0], b"not a model at all").unwrap();
    let (damaged, audio) = render("damaged.wav", None);
    assert!(
        stderr(&damaged).contains("piper: optimized model unusable, forgotten"),
        "{}",
        stderr(&damaged)
    );
    assert_eq!(
        audio, direct,
        "after a damaged cache the voice sounds different"
    );
    assert!(kept(&sandbox).is_empty(), "{:?}", kept(&sandbox));
    let (again, _) = render("again.wav", None);
    assert!(
        stderr(&again).contains("piper: optimized model kept"),
        "{}",
        stderr(&again)
    );
    // A new version of the model (written again): what was kept of the old one goes.
    let before = kept(&sandbox);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::copy(&joe, &model).unwrap();
    let (changed, audio) = render("changed.wav", None);
    assert!(
        stderr(&changed).contains("piper: optimized model kept"),
        "{}",
        stderr(&changed)
    );
    assert_eq!(audio, direct);
    let after = kept(&sandbox);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, before, "the old model's file is still there");
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(sandbox.path("home/.cache/docbao/piper"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
