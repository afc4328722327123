//! `render -o` writes the format the name asks for: Ogg Opus (`.opus`, `.ogg`) and MP3 last as
//! long as the WAV (as ffprobe measures them), and the Opus file is a tenth of its size or less.
#![cfg(unix)]

mod common;

use common::probe::duration;
use common::{Sandbox, fixture, stderr};

#[test]
fn opus_and_mp3_last_as_long_as_the_wav_and_opus_is_a_tenth_of_its_size() {
    let sandbox = Sandbox::new();
    let article = fixture("vi-article.txt").display().to_string();
    for name in ["article.wav", "article.opus", "article.ogg", "article.mp3"] {
        let output = sandbox.run(&["render", "-q", &article, "-o", name]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
    }
    let size = |name: &str| std::fs::metadata(sandbox.path(name)).unwrap().len();
    let Some(wav) = duration(&sandbox.path("article.wav")) else {
        return;
    };
    assert!(wav > 10.0, "{wav} s");
    for name in ["article.opus", "article.ogg", "article.mp3"] {
        let seconds = duration(&sandbox.path(name)).unwrap();
        assert!(
            (seconds - wav).abs() <= wav / 100.0,
            "{name}: {seconds} s, the WAV {wav} s"
        );
    }
    assert_eq!(
        std::fs::read(sandbox.path("article.opus")).unwrap(),
        std::fs::read(sandbox.path("article.ogg")).unwrap(),
        ".opus and .ogg are the same format"
    );
    assert!(
        size("article.opus") * 10 <= size("article.wav"),
        "Opus {} bytes, WAV {} bytes",
        size("article.opus"),
        size("article.wav")
    );
    assert!(size("article.mp3") * 5 <= size("article.wav"));
}
