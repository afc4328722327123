//! The `piper` engine with the packaged English voice `en_US-joe-medium`: an article renders
//! with plausible length, real sound, ordered timings and exact, reproducible output; a
//! missing library or a broken voice is one clear error.

mod common;

use std::path::Path;

use common::Sandbox;
use docbao::{Document, Rate, RenderOptions, SynthError, Voice, Voices};

const ARTICLE: &str = "The city library opens a new reading room on Monday. \
It has two hundred seats, and it stays open until ten at night. \
Visitors can borrow laptops at the front desk. \
The mayor said the room cost less than planned.";

fn joe() -> Option<Voice> {
    let model = common::piper::joe_voice()?;
    Some(Voices::builtin().find(model.to_str().unwrap()).unwrap())
}

fn rms(samples: &[i16]) -> f64 {
    (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len().max(1) as f64)
        .sqrt()
}

#[test]
fn an_english_article_renders_with_the_piper_voice() {
    let Some(voice) = joe() else { return };
    assert_eq!(voice.language, "en");
    let doc = Document::from_text(ARTICLE, None).unwrap();
    let rendering = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
    let timeline = &rendering.timeline;
    assert_eq!(timeline.sample_rate, 22050);
    assert_eq!(timeline.sentences.len(), 4);

    // Length plausible for 40 words: between 110 and 260 words a minute.
    let seconds = rendering.samples.len() as f64 / 22050.0;
    let words = ARTICLE.split_whitespace().count() as f64;
    let wpm = words / seconds * 60.0;
    assert!(
        (110.0..260.0).contains(&wpm),
        "{wpm:.0} words a minute ({seconds:.1} s)"
    );
    // Not silent, and not noise at full scale.
    let level = rms(&rendering.samples);
    assert!((500.0..15000.0).contains(&level), "RMS {level:.0}");

    let mut previous_end = 0;
    for timed in &timeline.sentences {
        assert!(
            timed.start >= previous_end && timed.end > timed.start,
            "sentence out of order"
        );
        previous_end = timed.end;
        let sound = &rendering.samples[timed.start as usize..timed.end as usize];
        assert!(rms(sound) > 500.0, "silent sentence {:?}", timed.spoken);
        // One mark per written word, in order, inside the sentence, from the model's
        // durations: the first word starts after the leading silence, not at the edge.
        let marked: Vec<&str> = timed
            .words
            .iter()
            .map(|w| &timed.spoken[w.spoken.clone()])
            .collect();
        let expected: Vec<&str> = timed
            .spoken
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        assert_eq!(marked, expected);
        assert!(
            timed.words.windows(2).all(|w| w[0].start < w[1].start),
            "marks out of order"
        );
        assert!(
            timed
                .words
                .iter()
                .all(|w| (timed.start..timed.end).contains(&w.start))
        );
        assert!(
            timed.words[0].start > timed.start,
            "first word at the sentence's edge"
        );
    }
    assert_eq!(timeline.len, rendering.samples.len() as u64);

    // The same text gives the same samples, even after other sentences were spoken.
    let again = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
    assert!(
        again.samples == rendering.samples,
        "output differs between runs"
    );
}

#[test]
fn rendering_on_several_threads_gives_the_same_samples_and_times() {
    let Some(voice) = joe() else { return };
    let doc = Document::from_text(ARTICLE, None).unwrap();
    let on = |threads: usize| {
        let options = RenderOptions {
            threads,
            ..RenderOptions::default()
        };
        docbao::render(&doc, &voice, &options).unwrap()
    };
    let one = on(1);
    for threads in [2, 3] {
        let many = on(threads);
        assert_eq!(many.timeline, one.timeline, "{threads} threads");
        assert!(
            many.samples == one.samples,
            "{threads} threads: other samples"
        );
    }
}

#[test]
fn the_rate_scales_the_piper_voice() {
    let Some(voice) = joe() else { return };
    let doc = Document::from_text("Visitors can borrow laptops at the front desk.", None).unwrap();
    let normal = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
    let fast = RenderOptions {
        rate: Rate::Factor(1.5),
        ..RenderOptions::default()
    };
    let fast = docbao::render(&doc, &voice, &fast).unwrap();
    let ratio = fast.samples.len() as f64 / normal.samples.len() as f64;
    assert!(
        (0.55..0.8).contains(&ratio),
        "1.5x speed gave {ratio:.2} of the length"
    );
}

#[test]
fn a_broken_voice_is_one_clear_error() {
    let Some(model) = common::piper::joe_voice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = |name: &str, model_bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, model_bytes).unwrap();
        std::fs::copy(
            model.with_extension("onnx.json"),
            dir.path().join(format!("{name}.json")),
        )
        .unwrap();
        path
    };
    // Not an ONNX model.
    let junk = copy("junk.onnx", b"this is not a model");
    let voice = Voices::builtin().find(junk.to_str().unwrap()).unwrap();
    let err = docbao::synth::open(&voice)
        .err()
        .expect("a junk model opens");
    assert!(matches!(err, SynthError::Unavailable { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("junk.onnx") && message.contains("Neural voices"),
        "{message}"
    );

    // No configuration beside the model.
    let lonely = dir.path().join("lonely.onnx");
    std::fs::write(&lonely, b"x").unwrap();
    let err = Voices::builtin()
        .find(lonely.to_str().unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("lonely.onnx.json"), "{err}");

    // A configuration that is not a Piper voice's.
    let odd = copy("odd.onnx", b"x");
    std::fs::write(
        dir.path().join("odd.onnx.json"),
        r#"{"espeak":{"voice":"en-us"}}"#,
    )
    .unwrap();
    let voice = Voices::builtin().find(odd.to_str().unwrap()).unwrap();
    let err = docbao::synth::open(&voice)
        .err()
        .expect("a voice without ids opens");
    assert!(
        err.to_string().contains("not a Piper voice configuration"),
        "{err}"
    );

    // A missing model file.
    let err = Voices::builtin()
        .find("/nonexistent/voice.onnx")
        .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn a_missing_onnx_runtime_is_one_clear_sentence() {
    let Some(model) = common::piper::joe_voice() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("a.txt"), "Hello there.").unwrap();
    for dylib in [None, Some("/nonexistent/libonnxruntime.so"), Some("a.txt")] {
        let mut command = sandbox.docbao();
        // No venv in the sandbox's home, and no library in the system paths.
        command
            .env_remove("XDG_DATA_HOME")
            .env_remove("ORT_DYLIB_PATH");
        if let Some(dylib) = dylib {
            command.env("ORT_DYLIB_PATH", dylib);
        }
        let out = command
            .args(["render", "a.txt", "-o", "a.wav", "--voice"])
            .arg(Path::new(&model))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{dylib:?}: {stderr}");
        assert!(
            stderr.contains("ONNX Runtime") || stderr.contains("ORT_DYLIB_PATH"),
            "{stderr}"
        );
        assert!(stderr.contains("Neural voices"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!sandbox.path("a.wav").exists());
    }
}
