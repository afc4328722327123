//! Pause, seek, sentence navigation, rate and the position clock, checked against what the
//! sound server actually played.

mod common;

use common::sound::{
    RATE, SoundServer, correlation, envelope, find, first_sound, locate, resample,
    run_player_example,
};
use common::{Sandbox, decode, parse_cues, stderr};

/// About 9 seconds of Vietnamese in three sentences.
const TEXT: &str = "Sáng nay trời mưa nhỏ ở Hà Nội.\n\nNhiều người vẫn đi làm sớm bằng xe buýt và xe máy.\n\n\
                    Buổi chiều trời sẽ tạnh, nhiệt độ tăng lên hai mươi lăm độ.";

struct Setup {
    server: SoundServer,
    sandbox: Sandbox,
    /// The render of TEXT, at the sink's rate.
    reference: Vec<f64>,
    /// Its loudness contour.
    contour: Vec<f64>,
    /// Its cues, in milliseconds.
    cues: Vec<common::Cue>,
}

fn setup() -> Option<Setup> {
    let server = SoundServer::start()?;
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("text.txt"), TEXT).unwrap();
    let rendered = sandbox.run(&[
        "render",
        "text.txt",
        "-o",
        "ref.wav",
        "--subtitles",
        "ref.srt",
        "--quiet",
    ]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let (rate, samples) = decode(&sandbox.path("ref.wav"));
    let cues = parse_cues(&std::fs::read_to_string(sandbox.path("ref.srt")).unwrap());
    let reference = resample(&samples, rate, RATE);
    Some(Setup {
        server,
        sandbox,
        contour: envelope(&reference),
        reference,
        cues,
    })
}

impl Setup {
    fn play(&self, commands: &[&str]) -> (Vec<common::sound::Line>, Vec<f64>) {
        let lines = run_player_example(&self.server, &self.sandbox.path("text.txt"), commands);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let captured: Vec<f64> = self
            .server
            .samples()
            .iter()
            .map(|&s| f64::from(s))
            .collect();
        if let Some(dir) = std::env::var_os("DOCBAO_TEST_DUMP") {
            let name = std::thread::current().name().unwrap_or("t").to_string();
            let bytes: Vec<u8> = captured
                .iter()
                .flat_map(|&s| (s as i16).to_le_bytes())
                .collect();
            std::fs::write(
                std::path::Path::new(&dir).join(format!("{name}.raw")),
                bytes,
            )
            .unwrap();
            std::fs::copy(
                self.sandbox.path("ref.wav"),
                std::path::Path::new(&dir).join("ref.wav"),
            )
            .unwrap();
        }
        (lines, captured)
    }

    /// Where reference sample `at` (the 200 ms from there) is in `captured`, searching within
    /// `radius` of `guess`, by loudness contour.
    fn find_in(&self, captured: &[f64], at: usize, guess: usize, radius: usize) -> usize {
        let window = &self.contour[at..at + RATE as usize / 5];
        let (index, corr) = locate(&envelope(captured), window, guess, radius);
        assert!(
            corr > 0.95,
            "reference at {at} not found in the capture (best {corr:.3})"
        );
        index
    }

    /// Where in `captured` the reading's position `at_ms` was heard (judged from the 200 ms
    /// just before it), and where position `at_ms + jump_ms` was heard afterwards (judged from
    /// the 200 ms just after it), expected about `delay_ms` later. Local measures: a hiccup of
    /// the machine elsewhere in the reading does not move them.
    fn around(&self, captured: &[f64], at_ms: f64, jump_ms: f64, delay_ms: f64) -> (usize, usize) {
        let sample = |ms: f64| (ms * f64::from(RATE) / 1000.0) as usize;
        let (r0, _, c0) = self.ends(captured);
        let origin = c0 as i64 - r0 as i64; // capture index = reference index + origin
        let window = sample(250.0);
        let before_ref = sample(at_ms) - window;
        let guess = (before_ref as i64 + origin) as usize;
        let before = self.find_in(captured, before_ref, guess, sample(100.0)) + window;
        let after_ref = sample(at_ms + jump_ms) + sample(50.0);
        let guess = (sample(at_ms) as i64 + origin) as usize + sample(delay_ms) + sample(50.0);
        let after = self.find_in(captured, after_ref, guess, sample(150.0)) - sample(50.0);
        (before, after)
    }

    /// Two anchors in the reference — the loudest 100 ms of its first and of its last second
    /// of speech — and where the first one is in `captured`: (first, last, first in capture).
    fn ends(&self, captured: &[f64]) -> (usize, usize, usize) {
        let second = RATE as usize;
        let begin = first_sound(&self.reference, 1000.0).unwrap();
        let end = common::sound::last_sound(&self.reference, 1000.0).unwrap();
        let r0 = self.loudest(begin, begin + second);
        let r1 = self.loudest(end - second, end - second / 5);
        let guess = first_sound(captured, 1000.0).unwrap() + (r0 - begin);
        let c0 = self.find_in(captured, r0, guess, second / 10);
        (r0, r1, c0)
    }

    /// Start of the loudest 100 ms window of the reference between `from` and `to`.
    fn loudest(&self, from: usize, to: usize) -> usize {
        let window = RATE as usize / 10;
        (from..to.saturating_sub(window))
            .step_by(48)
            .max_by(|&a, &b| {
                let energy = |at: usize| {
                    self.reference[at..at + window]
                        .iter()
                        .map(|x| x * x)
                        .sum::<f64>()
                };
                energy(a).total_cmp(&energy(b))
            })
            .unwrap_or(from)
    }
}

/// The `to` of a `Seeked { to: 2.562947846s, … }` line, in milliseconds.
fn seeked_to(line: &common::sound::Line) -> f64 {
    let to = line
        .what
        .split("to: ")
        .nth(1)
        .and_then(|rest| rest.split('s').next())
        .expect("a Seeked line");
    to.parse::<f64>().expect("seconds") * 1000.0
}

fn ms(samples: i64) -> f64 {
    samples as f64 * 1000.0 / f64::from(RATE)
}

#[test]
fn a_pause_leaves_a_gap_of_its_length() {
    let Some(setup) = setup() else { return };
    let (lines, captured) = setup.play(&["1.0:pause", "2.5:play"]);
    let paused = find(&lines, "Paused");
    let resumed = lines
        .iter()
        .rfind(|l| l.what.starts_with("Resumed"))
        .unwrap();
    // The place resumed from is the place paused at (each event says it exactly; the
    // position printed beside "Resumed" may already include the device's first pull, a 50 ms
    // buffer and a chunk, so it is not compared).
    let at = |line: &common::sound::Line| {
        line.what
            .split("at: ")
            .nth(1)
            .and_then(|rest| rest.split('s').next())
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no place in {line:?}"))
    };
    assert_eq!(
        at(resumed),
        at(paused),
        "position moved while paused: {paused:?} {resumed:?}"
    );
    assert!(
        resumed.position.abs_diff(paused.position) < 120,
        "the position printed on resuming is far from the pause: {paused:?} {resumed:?}"
    );
    let pause_ms = (resumed.wall - paused.wall) as f64;
    // Where the paused place was heard before the pause, and again after it.
    let (before, after) = setup.around(&captured, paused.position as f64, 0.0, pause_ms);
    let gap = ms(after as i64 - before as i64);
    eprintln!("pause of {pause_ms} ms: a gap of {gap:.1} ms");
    // The device's buffer (50 ms) is full when the pause comes and empty when the reading
    // resumes, and on a busy machine the lines' times are late by a few milliseconds more:
    // a gap within 70 ms of the pause is the pause.
    assert!(
        (gap - pause_ms).abs() < 70.0,
        "the gap ({gap:.1} ms) differs from the pause ({pause_ms} ms)"
    );
}

#[test]
fn seek_forward_skips_that_much() {
    let Some(setup) = setup() else { return };
    let (lines, captured) = setup.play(&["1.0:seek +2"]);
    let command = find(&lines, "command seek");
    let seeked = find(&lines, "Seeked");
    let to = seeked_to(seeked);
    let from = to - 2000.0;
    assert!(
        (from - command.position as f64).abs() <= 10.0,
        "{command:?} → {seeked:?}"
    );
    // What was handed to the device up to the seek is heard, then at once what follows `to`.
    let (before, after) = setup.around(&captured, from, 2000.0, 0.0);
    let heard_apart = ms(after as i64 - before as i64);
    eprintln!("seek +2: the two places were heard {heard_apart:.1} ms apart");
    assert!(
        heard_apart.abs() < 15.0,
        "{heard_apart:.1} ms between the place left and the place reached"
    );
}

#[test]
fn next_and_previous_land_on_sentence_starts() {
    let Some(setup) = setup() else { return };
    let (lines, captured) = setup.play(&["0.5:next", "3.0:prev", "3.5:quit"]);
    let seeks: Vec<&common::sound::Line> = lines
        .iter()
        .filter(|l| l.what.starts_with("Seeked"))
        .collect();
    assert_eq!(seeks.len(), 2, "{lines:#?}");
    let start = setup.cues[1].start_ms as f64;
    // `next` from the first sentence lands on the second's start (the subtitle's start).
    assert!(seeks[0].what.contains("sentence: 1"), "{:?}", seeks[0]);
    assert!(
        (seeked_to(seeks[0]) - start).abs() <= 1.0,
        "{:?} vs {:?}",
        seeks[0],
        setup.cues[1]
    );
    // `prev` 2.5 s into that sentence goes back to its start.
    assert!(seeks[1].what.contains("sentence: 1"), "{:?}", seeks[1]);
    assert!(
        (seeked_to(seeks[1]) - start).abs() <= 1.0,
        "{:?} vs {:?}",
        seeks[1],
        setup.cues[1]
    );
    // And the sound after `next` is the second sentence's beginning.
    let sentence_start = (setup.cues[1].start_ms * u64::from(RATE) / 1000) as usize;
    let at = setup.server.index_at(seeks[0].wall);
    setup.find_in(
        &captured,
        sentence_start,
        at + RATE as usize / 10,
        RATE as usize / 5,
    );
}

#[test]
fn position_follows_the_samples_played() {
    let Some(setup) = setup() else { return };
    let (lines, captured) = setup.play(&["4.0:quit"]);
    let (r0, _, c0) = setup.ends(&captured);
    let mut errors = Vec::new();
    for tick in lines
        .iter()
        .filter(|l| l.what == "tick" && l.position > 300)
    {
        // What the sink was playing at that moment, as a position in the reading.
        let sink = setup.server.index_at(tick.wall) as i64 - c0 as i64 + r0 as i64;
        let error = tick.position as f64 - ms(sink);
        eprintln!(
            "position {} ms, sink {:.0} ms, ahead by {error:.1} ms",
            tick.position,
            ms(sink)
        );
        // The position is what was handed to the device: ahead of the sink by the device's
        // buffer (50 ms) and the server's own, read by the sink in blocks. On a busy machine
        // a tick's time or a block's arrival is late now and then by tens of milliseconds,
        // and a sound server that fell behind writes its blocks in a burst (the sink then
        // looks ahead of the player for a moment); the median below stays strict.
        assert!(
            (-80.0..150.0).contains(&error),
            "position {} ms, sink at {:.0} ms",
            tick.position,
            ms(sink)
        );
        errors.push(error);
    }
    assert!(errors.len() > 20, "only {} ticks", errors.len());
    // Typically within a tenth of a second.
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    assert!(
        (-20.0..100.0).contains(&median),
        "the position is ahead of the sink by {median:.1} ms (median)"
    );
}

#[test]
fn a_faster_rate_shortens_what_follows() {
    let Some(setup) = setup() else { return };
    let (lines, captured) = setup.play(&["1.0:speed 2"]);
    let changed = find(&lines, "RateChanged");
    assert!(changed.what.contains("wpm: 350"), "{changed:?}");
    let (r0, r1, c0) = setup.ends(&captured);
    let last = common::sound::last_sound(&captured, 1000.0).unwrap();
    let played = ms((last - c0) as i64);
    let rendered = ms((r1 - r0) as i64);
    // One second at the normal rate, the rest (pauses too) at about twice the speed.
    let expected = 1000.0 + (rendered - 1000.0) / 2.0;
    eprintln!(
        "speed 2 after 1 s: played {played:.0} ms, expected about {expected:.0} ms, render {rendered:.0} ms"
    );
    assert!(
        (played - expected).abs() < 0.15 * rendered,
        "played {played:.0} ms, expected about {expected:.0} ms (render {rendered:.0} ms)"
    );
    let whole = correlation(
        &captured[c0..c0 + RATE as usize / 2],
        &setup.reference[r0..r0 + RATE as usize / 2],
    );
    assert!(
        whole > 0.95,
        "the start was not the same audio ({whole:.3})"
    );
}
