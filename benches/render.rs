//! Render benchmark: docbao against the `espeak-ng` command on the same text, in the same run.
//!
//! ```sh
//! cargo bench --bench render                       # the user's sample article
//! cargo bench --bench render -- path/to/text.txt   # any text
//! DOCBAO_BENCH_RUNS=15 cargo bench --bench render
//! ```
//!
//! Each tool runs as a separate process, alternating, after one warm-up run each; the table
//! gives the median and best wall time, CPU time and peak resident memory (from `wait4`), and
//! the length of the audio written. docbao runs twice: on every core (its default) and with
//! `--threads 1`; the bench says whether the two files are byte for byte the same. A last
//! peer row runs `espeak-ng` on the text's two halves (cut at the line nearest its middle) at
//! once: what two workers of espeak-ng's own make of the same work on this machine, the floor
//! for any parallel espeak render. The in-process line times the library alone (no process
//! start), including the time to the first sentence's audio.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use docbao::{Document, RenderOptions, Renderer, Voices};

mod common;
#[path = "common/run.rs"]
mod run;

use run::{Run, measure, measure_together, summarize, wav_seconds};

fn main() {
    let text = common::text_to_read("render");
    let runs: usize = std::env::var("DOCBAO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9)
        .max(1);
    let dir = tempfile::tempdir().expect("temporary folder");
    let docbao_wav = dir.path().join("docbao.wav");
    let single_wav = dir.path().join("single.wav");
    let espeak_wav = dir.path().join("espeak.wav");
    let text_arg = text.to_str().expect("UTF-8 path");
    let halves = halve(&text, dir.path());

    let docbao = |wav: &Path, threads: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docbao"));
        command.args(["render", text_arg, "-o", wav.to_str().unwrap(), "--quiet"]);
        command.args(["--threads", threads]);
        command
    };
    // On every core (the default), and on one: what the others add.
    let mut docbao_cmd = docbao(&docbao_wav, "0");
    let mut single_cmd = docbao(&single_wav, "1");
    let espeak = |wav: &Path, text: &Path| {
        let mut command = Command::new("espeak-ng");
        command.args(["-v", "vi+f3", "-w", wav.to_str().unwrap()]);
        command.arg("-f").arg(text);
        command
    };
    let mut espeak_cmd = espeak(&espeak_wav, &text);
    let half_wavs = [dir.path().join("half-1.wav"), dir.path().join("half-2.wav")];
    let mut half_cmds = [
        espeak(&half_wavs[0], &halves[0]),
        espeak(&half_wavs[1], &halves[1]),
    ];

    let size = std::fs::metadata(&text).map(|m| m.len()).unwrap_or(0);
    println!(
        "text: {} ({size} bytes), {runs} runs each after a warm-up\n",
        text.display()
    );
    let (mut ours, mut single, mut theirs, mut split) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..=runs {
        // Alternate who goes first, so neither always runs on a warmer machine.
        let [first_half, second_half] = &mut half_cmds;
        let mut pair = [first_half, second_half];
        let (d, s, e, h) = if round % 2 == 0 {
            let d = measure(&mut docbao_cmd);
            let s = measure(&mut single_cmd);
            let e = measure(&mut espeak_cmd);
            (d, s, e, measure_together(&mut pair))
        } else {
            let h = measure_together(&mut pair);
            let e = measure(&mut espeak_cmd);
            let s = measure(&mut single_cmd);
            (measure(&mut docbao_cmd), s, e, h)
        };
        if round > 0 {
            ours.push(d);
            single.push(s);
            theirs.push(e);
            split.push(h);
        }
    }
    let same = std::fs::read(&docbao_wav).ok() == std::fs::read(&single_wav).ok();

    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "", "median", "best", "cpu", "peak RSS", "audio"
    );
    report("docbao render (vi-female, vi+f3)", &ours, &[&docbao_wav]);
    report("  the same, --threads 1", &single, &[&single_wav]);
    report("espeak-ng -v vi+f3 -w", &theirs, &[&espeak_wav]);
    report(
        "  the same, two halves at once",
        &split,
        &[&half_wavs[0], &half_wavs[1]],
    );
    let wall = |runs: &[Run]| summarize(runs).wall.as_secs_f64();
    let ratio = wall(&ours) / wall(&theirs);
    println!("\ndocbao / espeak-ng wall time (median): {ratio:.2}×");
    println!(
        "espeak-ng in two halves at once / whole: {:.2}× (the floor for two workers here)",
        wall(&split) / wall(&theirs)
    );
    println!(
        "docbao's file on every core {} its file on one",
        if same {
            "is byte for byte"
        } else {
            "DIFFERS from"
        }
    );

    in_process(&text, runs);
}

/// Writes the text's two halves, cut at the line break nearest its middle, into `dir`.
fn halve(text: &Path, dir: &Path) -> [std::path::PathBuf; 2] {
    let whole = std::fs::read_to_string(text).expect("benchmark text reads");
    let middle = whole.len() / 2;
    let cut = whole
        .match_indices('\n')
        .map(|(at, _)| at + 1)
        .min_by_key(|at| at.abs_diff(middle))
        .unwrap_or(0);
    let halves = [dir.join("half-1.txt"), dir.join("half-2.txt")];
    std::fs::write(&halves[0], &whole[..cut]).expect("half written");
    std::fs::write(&halves[1], &whole[cut..]).expect("half written");
    halves
}

/// A row: `runs` summed up, and the audio of the files they wrote together.
fn report(name: &str, runs: &[Run], wavs: &[&Path]) {
    let summary = summarize(runs);
    println!(
        "{name:<34} {:>7.1}ms {:>7.1}ms {:>7.1}ms {:>7.1}MiB {:>7.1}s",
        summary.wall.as_secs_f64() * 1e3,
        summary.best.as_secs_f64() * 1e3,
        summary.cpu.as_secs_f64() * 1e3,
        summary.max_rss_kib as f64 / 1024.0,
        wavs.iter().map(|wav| wav_seconds(wav)).sum::<f64>()
    );
}

/// The library alone: engine opened once, then whole renders into memory.
fn in_process(text: &Path, runs: usize) {
    let doc = Document::from_path(text, None).expect("benchmark text reads");
    let voice = Voices::builtin().default_for(doc.lang()).expect("a voice");
    let renderer = Renderer::new(&voice, RenderOptions::default()).expect("engine opens");
    let mut totals = Vec::new();
    let mut firsts = Vec::new();
    let mut audio = Duration::ZERO;
    for _ in 0..=runs {
        let start = Instant::now();
        let mut first = None;
        let timeline = renderer
            .render_with(&doc, &mut |_| Ok(()), &mut |_| {
                first.get_or_insert_with(|| start.elapsed());
            })
            .expect("render");
        totals.push(start.elapsed());
        firsts.push(first.unwrap_or_default());
        audio = timeline.duration();
    }
    totals.remove(0);
    firsts.remove(0);
    totals.sort();
    firsts.sort();
    let total = totals[totals.len() / 2];
    println!(
        "\nin process (library, engine warm): render {:.1} ms for {:.1} s of audio ({:.0}× real time); first sentence after {:.2} ms",
        total.as_secs_f64() * 1e3,
        audio.as_secs_f64(),
        audio.as_secs_f64() / total.as_secs_f64(),
        firsts[firsts.len() / 2].as_secs_f64() * 1e3
    );
}
