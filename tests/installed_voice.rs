//! Installed voices are first-class: installed from a catalog served on 127.0.0.1, they are
//! listed by `docbao voices` (in Vietnamese for Vietnamese voices), become their language's
//! default when they can run (the espeak voices stay, and stay the default otherwise), say
//! why, and `docbao render` and `docbao read` read with them end to end.

mod common;

use std::process::Output;

use common::catalog::{KEY, VoiceFiles, docbao, onnxruntime, serve_all};
use common::{Sandbox, decode, fixture, rms, stderr, stdout};

fn row<'a>(table: &'a str, id: &str) -> &'a str {
    table
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("{id} missing:\n{table}"))
}

#[test]
fn install_vi_installs_the_recommended_voice_which_stays_aside_without_onnx_runtime() {
    let vietnamese = VoiceFiles::fake_vietnamese(400_000);
    let english = VoiceFiles::fake(300_000);
    let server = serve_all(&[&vietnamese, &english]);
    let sandbox = Sandbox::new();
    let run = |args: &[&str]| -> Output {
        docbao(&sandbox, &server.url)
            .env("ORT_DYLIB_PATH", "/nonexistent/libonnxruntime.so")
            .args(args)
            .output()
            .unwrap()
    };
    let available = run(&["voices", "available", "--lang", "vi"]);
    let table = stdout(&available);
    assert!(
        row(&table, "vi_VN-vais1000-medium").contains("Giọng nữ Piper (vais1000)")
            && row(&table, "vi_VN-vais1000-medium").ends_with("recommended"),
        "{table}"
    );
    assert!(
        table.contains("docbao voices install vi"),
        "no hint to install:\n{table}"
    );

    let install = run(&["voices", "install", "vi"]);
    assert!(install.status.success(), "{}", stderr(&install));
    assert!(
        stderr(&install).contains("licence (model card): CC BY 4.0"),
        "{}",
        stderr(&install)
    );

    let voices = run(&["voices", "--lang", "vi"]);
    let table = stdout(&voices);
    let installed = row(&table, "vi_VN-vais1000-medium");
    for field in [
        "Giọng nữ Piper (vais1000)",
        "vi-VN",
        "female",
        "piper",
        "medium",
    ] {
        assert!(installed.contains(field), "{installed:?} lacks {field}");
    }
    // No ONNX Runtime here: the espeak voice stays the default, and says why.
    assert!(
        row(&table, "vi-female")
            .contains("default for vi: a natural voice is installed but ONNX Runtime is missing"),
        "{table}"
    );
    // A single-speaker voice takes no --speaker.
    std::fs::write(sandbox.path("a.txt"), "Xin chào các bạn.").unwrap();
    let speaker = run(&[
        "render",
        "a.txt",
        "-o",
        "a.wav",
        "--voice",
        "vi_VN-vais1000-medium",
        "--speaker",
        "2",
    ]);
    assert_eq!(speaker.status.code(), Some(1));
    assert!(
        stderr(&speaker)
            .starts_with("docbao: the voice vi_VN-vais1000-medium has one speaker only"),
        "{}",
        stderr(&speaker)
    );
}

#[test]
fn the_installed_test_voice_is_the_default_and_renders_end_to_end() {
    let (Some(joe), Some(runtime)) = (VoiceFiles::joe(), onnxruntime()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the Piper test voice or ONNX Runtime is missing: run scripts/setup --test"
        );
        eprintln!("skipped: the Piper test voice or ONNX Runtime is missing");
        return;
    };
    let server = joe.serve();
    let sandbox = Sandbox::new();
    let run = |args: &[&str]| -> Output {
        docbao(&sandbox, &server.url)
            .env("ORT_DYLIB_PATH", &runtime)
            .args(args)
            .output()
            .unwrap()
    };
    let install = run(&["voices", "install", KEY]);
    assert!(install.status.success(), "{}", stderr(&install));
    assert!(
        stderr(&install).contains("It is now the default voice for en"),
        "{}",
        stderr(&install)
    );

    let voices = run(&["voices", "--lang", "en"]);
    let table = stdout(&voices);
    assert!(
        row(&table, KEY).contains("yes (default for en: natural voice installed)"),
        "{table}"
    );
    assert!(!row(&table, "en-female").contains("default"), "{table}");

    // No --voice: the installed voice reads the English article.
    let article = fixture("en-article.txt");
    let render = run(&["render", article.to_str().unwrap(), "-o", "joe.wav"]);
    assert!(render.status.success(), "{}", stderr(&render));
    assert!(
        stderr(&render).contains(&format!("voice Piper joe (medium) ({KEY})")),
        "{}",
        stderr(&render)
    );
    let (rate, samples) = decode(&sandbox.path("joe.wav"));
    assert_eq!(rate, 22050);
    assert!(samples.len() > rate as usize * 5, "too short");
    assert!(rms(&samples) > 500.0, "silent");

    // Faster: the rate maps to Piper's length scale, so the same text takes less time.
    let fast = run(&[
        "render",
        article.to_str().unwrap(),
        "-o",
        "fast.wav",
        "--rate",
        "1.5",
    ]);
    assert!(fast.status.success(), "{}", stderr(&fast));
    let (_, fast_samples) = decode(&sandbox.path("fast.wav"));
    let ratio = fast_samples.len() as f64 / samples.len() as f64;
    assert!(
        (0.55..0.8).contains(&ratio),
        "1.5× took {ratio:.2} of the time"
    );

    // Removed: the espeak voice is the default again.
    assert!(run(&["voices", "remove", KEY]).status.success());
    let render = run(&["render", article.to_str().unwrap(), "-o", "espeak.wav"]);
    assert!(
        stderr(&render).contains("(en-female)"),
        "{}",
        stderr(&render)
    );
}

#[test]
fn the_installed_test_voice_reads_aloud() {
    let (Some(joe), Some(runtime)) = (VoiceFiles::joe(), onnxruntime()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the Piper test voice or ONNX Runtime is missing: run scripts/setup --test"
        );
        eprintln!("skipped: the Piper test voice or ONNX Runtime is missing");
        return;
    };
    let Some(server) = common::sound::SoundServer::start() else {
        return;
    };
    let catalog = joe.serve();
    let sandbox = Sandbox::new();
    let install = docbao(&sandbox, &catalog.url)
        .args(["voices", "install", KEY])
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", stderr(&install));

    std::fs::write(
        sandbox.path("text.txt"),
        "The library opens on Monday.\n\nIt has two hundred seats.",
    )
    .unwrap();
    let mut command = docbao(&sandbox, &catalog.url);
    server.connect(&mut command);
    let read = command
        .env("ORT_DYLIB_PATH", &runtime)
        .args(["read", "text.txt", "--plain"])
        .output()
        .unwrap();
    assert!(read.status.success(), "{}", stderr(&read));
    let lines = stdout(&read);
    assert!(lines.contains("The library opens on Monday."), "{lines}");
    assert!(lines.contains("finished"), "{lines}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let heard = server.samples();
    let loud = heard.iter().filter(|s| s.unsigned_abs() > 1000).count();
    // Piper joe speaks these two sentences in about three seconds, at 48 kHz at the sink.
    assert!(
        loud > 20_000,
        "only {loud} loud samples reached the sound card"
    );
}
