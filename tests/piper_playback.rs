//! A Piper voice plays through the private PulseAudio server with the exact clock and seek:
//! what is heard is the render, and `seek +2` jumps exactly two seconds of it.

mod common;

use common::sound::{
    RATE, SoundServer, envelope, find, first_sound, locate, resample, run_player_example,
};
use docbao::{Document, RenderOptions, Voices};

/// About 13 seconds of English in three sentences; the seek, when the reading reaches 3.5 s,
/// falls in the first one (6.7 s). It is placed by the position, not by the wall clock: on a
/// busy machine the first sound can take seconds, and a seek timed from the player's start
/// then landed before or at the first sound, where the comparisons below have no footing.
/// A Piper voice makes the first sentence in two pieces (its first clause ends at about
/// 3.1 s): at 3.5 s the second piece is playing, so the sentence is complete and the seek
/// lands at once. (A seek made sooner, inside a sentence still being made, waits until the
/// sentence is complete, as it must: only then is the place it lands at known.)
const TEXT: &str = "The city library opens a new reading room on Monday, with long tables, quiet corners \
                    and a wide view of the river.\n\n\
                    It has two hundred seats, and it stays open until ten at night.\n\n\
                    Visitors can borrow laptops at the front desk, free of charge.";

fn ms(samples: i64) -> f64 {
    samples as f64 * 1000.0 / f64::from(RATE)
}

/// Where the 200 ms of `reference` from `at` are in `captured`, near `guess`.
fn find_in(reference: &[f64], captured: &[f64], at: usize, guess: usize, radius: usize) -> usize {
    let contour = envelope(reference);
    let window = &contour[at..at + RATE as usize / 5];
    let (index, corr) = locate(&envelope(captured), window, guess, radius);
    assert!(
        corr > 0.95,
        "reference at {at} not found in the capture (best {corr:.3})"
    );
    index
}

#[test]
fn a_piper_voice_plays_and_seeks() {
    let Some(model) = common::piper::joe_voice() else {
        return;
    };
    let Some(server) = SoundServer::start() else {
        return;
    };

    // The player example reads with the default voice for English: a profile of the user's
    // (in the server's home) for the Piper voice wins over the built-in ones. ONNX Runtime is
    // found in docbao's virtual environment, linked into that home.
    let voices = server.path("home/.config/docbao/voices");
    std::fs::create_dir_all(&voices).unwrap();
    std::fs::write(
        voices.join("en-joe.toml"),
        format!(
            "id = \"en-joe\"\nname = \"Joe\"\nlanguage = \"en-US\"\ngender = \"female\"\n\
             engine = \"piper\"\nrate_wpm = 165\n\n[piper]\nmodel = {:?}\n",
            model.display().to_string()
        ),
    )
    .unwrap();
    let venv = docbao::synth::piper::runtime::venv_dir().unwrap();
    if venv.exists() {
        let data = server.path("home/.local/share/docbao");
        std::fs::create_dir_all(&data).unwrap();
        std::os::unix::fs::symlink(&venv, data.join("venv")).unwrap();
    }

    // The reference: the same text rendered in process with the same profile.
    let text = server.path("text.txt");
    std::fs::write(&text, TEXT).unwrap();
    let voice = Voices::default().and_dir(&voices).find("en-joe").unwrap();
    let doc = Document::from_text(TEXT, None).unwrap();
    let rendering = docbao::render(&doc, &voice, &RenderOptions::default()).unwrap();
    let reference = resample(&rendering.samples, rendering.timeline.sample_rate, RATE);

    let lines = run_player_example(&server, &text, &["@3.5:seek +2", "@7.5:quit", "30:quit"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let captured: Vec<f64> = server.samples().iter().map(|&s| f64::from(s)).collect();
    // Word by word, from the model's durations.
    find(&lines, "Word { sentence: 0, spoken: 4..8, word: \"city\" }");

    if let Some(dir) = std::env::var_os("DOCBAO_TEST_DUMP") {
        let raw = |v: &[f64]| {
            v.iter()
                .flat_map(|&s| (s as i16).to_le_bytes())
                .collect::<Vec<u8>>()
        };
        std::fs::write(
            std::path::Path::new(&dir).join("captured.raw"),
            raw(&captured),
        )
        .unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join("reference.raw"),
            raw(&reference),
        )
        .unwrap();
    }
    // The seek fell where it was asked, well inside the first sentence.
    let command = find(&lines, "command seek");
    let seeked = find(&lines, "Seeked");
    let to: f64 = seeked
        .what
        .split("to: ")
        .nth(1)
        .and_then(|rest| rest.split('s').next())
        .and_then(|s| s.parse::<f64>().ok())
        .expect("a Seeked line")
        * 1000.0;
    let from = to - 2000.0;
    assert!(
        (3500.0..3600.0).contains(&from),
        "the seek came {from:.0} ms into the reading, not at 3.5 s"
    );

    // The start heard is the render's start: the loudest 100 ms of the first second of
    // speech, found in the capture, and the half second from there the same audio.
    let begin = first_sound(&reference, 1000.0).expect("the render has sound");
    let window = RATE as usize / 10;
    let energy = |at: usize| {
        reference[at..at + window]
            .iter()
            .map(|x| x * x)
            .sum::<f64>()
    };
    let r0 = (begin..begin + RATE as usize - window - RATE as usize / 5)
        .step_by(48)
        .max_by(|&a, &b| energy(a).total_cmp(&energy(b)))
        .unwrap_or(begin);
    let heard = first_sound(&captured, 1000.0).expect("something was played");
    let c0 = find_in(
        &reference,
        &captured,
        r0,
        heard + (r0 - begin),
        RATE as usize / 10,
    );
    // Sample by sample, a quarter second from there: the same waveform (searched within
    // ±15 ms, so a one-frame difference in a phoneme's rounded length between the two
    // processes, or the sound server's resampler, does not count as other audio).
    let quarter = RATE as usize / 4;
    let (_, same) = locate(
        &captured,
        &reference[r0..r0 + quarter],
        c0,
        RATE as usize * 15 / 1000,
    );
    assert!(
        same > 0.95,
        "the start was not the rendered audio ({same:.3})"
    );

    assert!(
        (from - command.position as f64).abs() <= 10.0,
        "{command:?} → {seeked:?}"
    );
    // The seek: the place left and the place reached, two seconds further, heard together.
    let sample = |ms: f64| (ms * f64::from(RATE) / 1000.0) as usize;
    let origin = c0 as i64 - r0 as i64;
    let window = sample(250.0);
    let before_ref = sample(from) - window;
    let before = find_in(
        &reference,
        &captured,
        before_ref,
        (before_ref as i64 + origin) as usize,
        sample(100.0),
    ) + window;
    let after_ref = sample(to) + sample(50.0);
    let guess = (sample(from) as i64 + origin) as usize + sample(50.0);
    let after = find_in(&reference, &captured, after_ref, guess, sample(150.0)) - sample(50.0);
    let apart = ms(after as i64 - before as i64);
    eprintln!("piper seek +2: the two places were heard {apart:.1} ms apart");
    assert!(
        apart.abs() < 15.0,
        "{apart:.1} ms between the place left and the place reached"
    );
}
