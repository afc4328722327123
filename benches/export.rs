//! Export benchmark (issue 14, "listen later"): what Opus and MP3 cost next to WAV, and what
//! several articles at once gain over one after another.
//!
//! ```sh
//! cargo bench --bench export                       # the user's sample article
//! cargo bench --bench export -- path/to/text.txt   # any text (or DOCBAO_SAMPLE=FILE)
//! DOCBAO_BENCH_RUNS=15 DOCBAO_BENCH_BATCH_RUNS=5 cargo bench --bench export
//! ```
//!
//! 1. **Formats.** `docbao render TEXT -o x.wav|x.opus|x.mp3` (the release program, a process
//!    each, the three alternating in a rotating order after a warm-up): median and best wall
//!    time, median CPU time (from `wait4`), file size and its share of the WAV's, and the
//!    encoding overhead: the extra time over the WAV render. The same in process (the library,
//!    engine warm, [`Renderer::render_to_files_with`]), and the encoders alone on audio
//!    already in memory ([`AudioOutput`]), as times real time.
//! 2. **Peers**, in the same run: `espeak-ng -v vi -w` on the same text, and ffmpeg encoding
//!    docbao's WAV with `-c:a libopus -b:a 24k`, then with docbao's own settings (libopus
//!    `-application voip`, LAME `-q 2`), so docbao can be set against "render a WAV, then
//!    encode it".
//! 3. **Batch.** Eight copies of the text (made in a temporary folder): one
//!    `docbao render a1 … a8 --out-dir D` (workers on every core) against eight
//!    `docbao render ai -o Di.opus` one after another, alternating, no warm-up.
//!
//! The targets (Opus at most 1/10 of the WAV, overhead at most 10 %, the batch at most 0.6× the
//! sequential wall time) are printed as verdicts, not asserted: a shared machine is noisy. The
//! load average is printed at the start and the end. The program measured is a copy of the
//! release build, taken at the start. The text is read where it is, never copied into the
//! project; without the sample article the project's own example article stands in, saying so.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use docbao::{
    AudioFormat, AudioOutput, AudioSettings, Document, Encoding, OutputFile, RenderOptions,
    Renderer, Tags, Voices,
};

#[path = "common/run.rs"]
mod run;

use run::{Run, Summary, measure, median, summarize};

/// Articles in the batch.
const BATCH: usize = 8;

fn main() {
    let text = sample();
    let runs = env_number("DOCBAO_BENCH_RUNS", 5);
    let batch_runs = env_number("DOCBAO_BENCH_BATCH_RUNS", 3);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let dir = tempfile::tempdir().expect("temporary folder");
    let size = std::fs::metadata(&text).map(|m| m.len()).unwrap_or(0);
    println!(
        "text: {} ({size} bytes); {cores} cores; load average {}",
        text.display(),
        load_average()
    );
    println!("{runs} runs of each format (after a warm-up), {batch_runs} of each batch\n");

    // The program measured is a copy: the shared target folder may be rebuilt during the run.
    let program = dir.path().join("docbao");
    std::fs::copy(env!("CARGO_BIN_EXE_docbao"), &program).expect("a copy of the program");

    let formats = formats(&program, &text, dir.path(), runs);
    let peers = peers(&text, dir.path(), runs);
    let speeds = in_process(&text, dir.path(), runs);
    let batch = batch(&program, &text, dir.path(), batch_runs, cores);

    println!("\nload average at the end: {}", load_average());
    verdicts(&formats, &peers, &speeds, batch);
}

/// The text: the first argument that is not a flag, `DOCBAO_SAMPLE`, the user's sample
/// article beside the project, or (saying so) the project's own example article.
fn sample() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let given = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("DOCBAO_SAMPLE").ok())
        .map(PathBuf::from);
    if let Some(path) = given {
        if !path.is_file() {
            eprintln!("benchmark text {} not found", path.display());
            std::process::exit(1);
        }
        return path;
    }
    let sample = root.join("../shared/samples/hai-duong-dien-bien.txt");
    if sample.is_file() {
        return sample;
    }
    let fallback = root.join("examples/articles/vi-thu-vien.txt");
    println!(
        "NOTE: the sample article {} is not here; measuring the project's {} instead \
         (a much shorter text: the figures are not comparable with README's)\n",
        sample.display(),
        fallback.display()
    );
    fallback
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// What each format costs through the program.
struct Formats {
    wav: Summary,
    /// Seconds of audio.
    audio: f64,
    wav_size: u64,
    /// Opus, then MP3: the summary and the file's size.
    compressed: [(AudioFormat, Summary, u64); 2],
}

fn formats(program: &Path, text: &Path, dir: &Path, runs: usize) -> Formats {
    let all = [
        AudioFormat::Wav,
        AudioFormat::Opus,
        AudioFormat::Mp3,
        AudioFormat::Flac,
    ];
    let path = |format: AudioFormat| dir.join(format!("docbao.{}", format.name()));
    let mut commands: Vec<Command> = all
        .iter()
        .map(|&format| {
            let mut command = Command::new(program);
            command
                .arg("render")
                .arg(text)
                .arg("-o")
                .arg(path(format))
                .arg("--quiet");
            command
        })
        .collect();
    let mut measured: Vec<Vec<Run>> = vec![Vec::new(); all.len()];
    for round in 0..=runs {
        // A rotating order, so no format always runs first (or last) in a round.
        for k in 0..all.len() {
            let i = (round + k) % all.len();
            let run = measure(&mut commands[i]);
            if round > 0 {
                measured[i].push(run);
            }
        }
    }
    let sizes: Vec<u64> = all.iter().map(|&f| file_size(&path(f))).collect();
    let summaries: Vec<Summary> = measured.iter().map(|r| summarize(r)).collect();
    let wav = summaries[0];
    println!("docbao render, one process each (release build):");
    println!(
        "{:<8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9} {:>10} {:>9}",
        "", "median", "best", "cpu", "peak RSS", "size", "vs WAV", "overhead", "cpu ovh"
    );
    for (i, format) in all.iter().enumerate() {
        let s = summaries[i];
        println!(
            "{:<8} {:>7.1}ms {:>7.1}ms {:>7.1}ms {:>6.1}MiB {:>10} {:>9} {:>10} {:>9}",
            format.name(),
            ms(s.wall),
            ms(s.best),
            ms(s.cpu),
            s.max_rss_kib as f64 / 1024.0,
            bytes(sizes[i]),
            if i == 0 {
                "1".to_string()
            } else {
                fraction(sizes[i], sizes[0])
            },
            if i == 0 {
                "-".to_string()
            } else {
                percent_over(s.wall, wav.wall)
            },
            if i == 0 {
                "-".to_string()
            } else {
                percent_over(s.cpu, wav.cpu)
            },
        );
    }
    let audio = hound::WavReader::open(path(AudioFormat::Wav))
        .map(|r| f64::from(r.duration()) / f64::from(r.spec().sample_rate))
        .unwrap_or(0.0);
    println!("(audio: {audio:.1} s)");
    Formats {
        wav,
        audio,
        wav_size: sizes[0],
        compressed: [
            (AudioFormat::Opus, summaries[1], sizes[1]),
            (AudioFormat::Mp3, summaries[2], sizes[2]),
        ],
    }
}

/// The peers' figures: espeak-ng writing WAV, ffmpeg encoding docbao's WAV.
struct Peers {
    espeak: Option<Summary>,
    ffmpeg: Vec<Encode>,
}

/// One ffmpeg encode of docbao's WAV.
struct Encode {
    label: &'static str,
    /// The format whose docbao settings it repeats, if it does.
    same_as: Option<AudioFormat>,
    summary: Summary,
}

fn peers(text: &Path, dir: &Path, runs: usize) -> Peers {
    println!("\npeers, same run:");
    let espeak_wav = dir.join("espeak.wav");
    let mut espeak = Command::new("espeak-ng");
    espeak
        .args(["-v", "vi", "-w"])
        .arg(&espeak_wav)
        .arg("-f")
        .arg(text);
    let espeak = if installed("espeak-ng", "--version") {
        let s = summarize(&repeat(&mut espeak, runs));
        println!(
            "  {:<58} {:>7.1}ms median {:>7.1}ms cpu  {}",
            "espeak-ng -v vi -w (same text, not normalized)",
            ms(s.wall),
            ms(s.cpu),
            bytes(file_size(&espeak_wav))
        );
        Some(s)
    } else {
        println!("  espeak-ng -v vi -w: not installed");
        None
    };

    let wav = dir.join("docbao.wav");
    let mut ffmpeg = Vec::new();
    if !installed("ffmpeg", "-version") {
        println!("  ffmpeg: not installed");
        return Peers { espeak, ffmpeg };
    }
    println!("  ffmpeg encoding docbao's WAV:");
    let encodes: [(&str, &[&str], &str, Option<AudioFormat>); 3] = [
        (
            "-c:a libopus -b:a 24k",
            &["-c:a", "libopus", "-b:a", "24k"],
            "opus",
            None,
        ),
        (
            "-c:a libopus -b:a 24k -application voip (docbao's)",
            &["-c:a", "libopus", "-b:a", "24k", "-application", "voip"],
            "opus",
            Some(AudioFormat::Opus),
        ),
        (
            "-c:a libmp3lame -b:a 64k -compression_level 2 (docbao's)",
            &[
                "-c:a",
                "libmp3lame",
                "-b:a",
                "64k",
                "-compression_level",
                "2",
            ],
            "mp3",
            Some(AudioFormat::Mp3),
        ),
    ];
    for (label, codec, ext, same_as) in encodes {
        let out = dir.join(format!("ffmpeg.{ext}"));
        let mut command = Command::new("ffmpeg");
        command
            .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i"])
            .arg(&wav)
            .args(codec)
            .arg(&out);
        let summary = summarize(&repeat(&mut command, runs));
        let size = file_size(&out);
        println!(
            "  {label:<58} {:>7.1}ms median {:>7.1}ms cpu  {} ({} of the WAV)",
            ms(summary.wall),
            ms(summary.cpu),
            bytes(size),
            fraction(size, file_size(&wav))
        );
        ffmpeg.push(Encode {
            label,
            same_as,
            summary,
        });
    }
    Peers { espeak, ffmpeg }
}

/// The library alone: the engine opened once, each format rendered to a file; then the
/// encoders alone, on audio already in memory.
/// Returns each encoder's speed alone, in times real time.
fn in_process(text: &Path, dir: &Path, runs: usize) -> Vec<(AudioFormat, f64)> {
    let doc = Document::from_path(text, None).expect("benchmark text reads");
    let voice = Voices::builtin().default_for(doc.lang()).expect("a voice");
    let renderer = Renderer::new(&voice, RenderOptions::default()).expect("engine opens");
    let all = [AudioFormat::Wav, AudioFormat::Opus, AudioFormat::Mp3];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); all.len()];
    for round in 0..=runs {
        for k in 0..all.len() {
            let i = (round + k) % all.len();
            let path = dir.join(format!("library.{}", all[i].name()));
            let start = Instant::now();
            renderer
                .render_to_files_with(&doc, &path, None, &AudioSettings::default(), &mut |_| {})
                .expect("render");
            if round > 0 {
                times[i].push(start.elapsed());
            }
        }
    }
    let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
    println!("\nin process (library, engine warm), render to a file, median:");
    for (i, format) in all.iter().enumerate() {
        println!(
            "  {:<5} {:>7.1}ms{}",
            format.name(),
            ms(medians[i]),
            if i == 0 {
                String::new()
            } else {
                format!("  ({} over WAV)", percent_over(medians[i], medians[0]))
            }
        );
    }

    // The encoders alone: the samples rendered once, then handed over in sentence-sized
    // pieces as the renderer does.
    let rendering = renderer.render(&doc).expect("render");
    let audio = rendering.samples.len() as f64 / f64::from(rendering.timeline.sample_rate);
    println!(
        "encoders alone, on {audio:.1} s of audio in memory ({} Hz), median:",
        rendering.timeline.sample_rate
    );
    let mut speeds = Vec::new();
    for format in all {
        let path = dir.join(format!("encoded.{}", format.name()));
        let mut times = Vec::new();
        for _ in 0..=runs {
            let start = Instant::now();
            let file = OutputFile::create(&path).expect("output");
            let mut out = AudioOutput::with(
                format,
                file,
                rendering.timeline.sample_rate,
                &Encoding {
                    bitrate: None,
                    tags: Tags::of(&doc),
                },
            )
            .expect("encoder");
            for piece in rendering.samples.chunks(16_384) {
                out.write(piece).expect("encode");
            }
            out.finish_and_commit().expect("finish");
            times.push(start.elapsed());
        }
        times.remove(0);
        let t = median(&mut times);
        println!(
            "  {:<5} {:>7.1}ms  ({:.0}× real time)",
            format.name(),
            ms(t),
            audio / t.as_secs_f64()
        );
        speeds.push((format, audio / t.as_secs_f64()));
    }
    speeds
}

/// One `render --out-dir` of eight copies against eight renders one after another. Returns
/// the median walls (batch, sequential).
fn batch(
    program: &Path,
    text: &Path,
    dir: &Path,
    runs: usize,
    cores: usize,
) -> (Duration, Duration) {
    let inputs: Vec<PathBuf> = (1..=BATCH)
        .map(|i| {
            let copy = dir.join(format!("a{i}.txt"));
            std::fs::copy(text, &copy).expect("copy of the text");
            copy
        })
        .collect();
    let batch_dir = dir.join("batch");
    let one_by_one_dir = dir.join("one-by-one");
    let fresh = |d: &Path| {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir(d).expect("output folder");
    };
    let mut together = Command::new(program);
    together
        .arg("render")
        .args(&inputs)
        .arg("--out-dir")
        .arg(&batch_dir)
        .arg("--quiet");
    let mut singles: Vec<Command> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let mut command = Command::new(program);
            command
                .arg("render")
                .arg(input)
                .arg("-o")
                .arg(one_by_one_dir.join(format!("a{}.opus", i + 1)))
                .arg("--quiet");
            command
        })
        .collect();
    let (mut batch_runs, mut sequential_runs) = (Vec::new(), Vec::new());
    // No warm-up here: the format runs warmed the program and the text.
    for round in 0..runs {
        let mut run_batch = || {
            fresh(&batch_dir);
            measure(&mut together)
        };
        let mut run_sequential = || {
            fresh(&one_by_one_dir);
            let mut total = Run {
                wall: Duration::ZERO,
                cpu: Duration::ZERO,
                max_rss_kib: 0,
            };
            let start = Instant::now();
            for command in &mut singles {
                let run = measure(command);
                total.cpu += run.cpu;
                total.max_rss_kib = total.max_rss_kib.max(run.max_rss_kib);
            }
            total.wall = start.elapsed();
            total
        };
        let (b, s) = if round % 2 == 0 {
            (run_batch(), run_sequential())
        } else {
            let s = run_sequential();
            (run_batch(), s)
        };
        batch_runs.push(b);
        sequential_runs.push(s);
    }
    let written = std::fs::read_dir(&batch_dir).map_or(0, |d| d.count());
    assert_eq!(
        written, BATCH,
        "the batch wrote {written} files, not {BATCH}"
    );
    let (b, s) = (summarize(&batch_runs), summarize(&sequential_runs));
    println!(
        "\nbatch of {BATCH} copies of the text to Opus, {cores} cores (ideal: {:.2}×):",
        1.0 / cores.min(BATCH) as f64
    );
    println!(
        "  one `render a1 … a{BATCH} --out-dir D`   {:>8.1}ms median, {:>8.1}ms best, {:>8.1}ms cpu",
        ms(b.wall),
        ms(b.best),
        ms(b.cpu)
    );
    println!(
        "  {BATCH} × `render ai -o Di.opus` in turn  {:>8.1}ms median, {:>8.1}ms best, {:>8.1}ms cpu",
        ms(s.wall),
        ms(s.best),
        ms(s.cpu)
    );
    println!(
        "  batch / one after another: {:.2}× (median), {:.2}× (best)",
        ratio(b.wall, s.wall),
        ratio(b.best, s.best)
    );
    // How much of the machine each got: a batch that could not get more than one core cannot
    // beat one article after another, however well it spreads the work.
    let used = |s: Summary| s.cpu.as_secs_f64() / s.wall.as_secs_f64().max(1e-9);
    println!(
        "  cores used on average (cpu / wall): batch {:.2}, one after another {:.2}",
        used(b),
        used(s)
    );
    let available = cores.min(BATCH) as f64;
    if used(b) < 0.75 * available {
        let autogroup = std::fs::read_to_string("/proc/sys/kernel/sched_autogroup_enabled")
            .is_ok_and(|v| v.trim() == "1");
        println!(
            "  NOTE: the batch got {:.2} of {available:.0} cores: other work held the rest{}; \
             the ratio measures the machine's load more than docbao",
            used(b),
            if autogroup {
                " (the kernel's autogroup scheduling shares the CPU between sessions, not \
                 processes, so the workers share this session's part)"
            } else {
                ""
            }
        );
    }
    (b.wall, s.wall)
}

fn verdicts(
    formats: &Formats,
    peers: &Peers,
    speeds: &[(AudioFormat, f64)],
    (batch, sequential): (Duration, Duration),
) {
    let mark = |ok: bool| if ok { "meets" } else { "MISSES" };
    println!("\nverdicts (targets of issue 14):");
    for (format, summary, size) in &formats.compressed {
        if *format == AudioFormat::Opus {
            let share = *size as f64 / formats.wav_size.max(1) as f64;
            println!(
                "  {} Opus size ≤ 1/10 of WAV: {} ({})",
                mark(share <= 0.1),
                fraction(*size, formats.wav_size),
                bytes(*size)
            );
        }
        let over = ratio(summary.wall, formats.wav.wall) - 1.0;
        println!(
            "  {} {} encoding overhead ≤ 10 % of the WAV render: {:+.0} % wall, {} cpu \
             ({:.0} ms over {:.0} ms)",
            mark(over <= 0.10),
            format.name(),
            over * 100.0,
            percent_over(summary.cpu, formats.wav.cpu),
            ms(summary.wall.saturating_sub(formats.wav.wall)),
            ms(formats.wav.wall)
        );
    }
    // What 10 % would take: the whole encode in a tenth of the WAV render's time.
    let needed = formats.audio / (0.1 * formats.wav.wall.as_secs_f64());
    let speed = |format| {
        speeds
            .iter()
            .find(|(f, _)| *f == format)
            .map_or(0.0, |(_, x)| *x)
    };
    println!(
        "         10 % takes an encoder at {needed:.0}× real time or faster (one core); \
         here libopus runs at {:.0}×, LAME at {:.0}×",
        speed(AudioFormat::Opus),
        speed(AudioFormat::Mp3)
    );
    let r = ratio(batch, sequential);
    println!(
        "  {} batch of {BATCH} ≤ 0.6× one after another: {r:.3}×",
        mark(r <= 0.6)
    );
    if let Some(espeak) = peers.espeak {
        println!(
            "  (peer) docbao's WAV render / espeak-ng -w: {:.2}× wall",
            ratio(formats.wav.wall, espeak.wall)
        );
    }
    for encode in &peers.ffmpeg {
        println!(
            "  (peer) ffmpeg {}: {:.0} ms, {:.0} % of docbao's WAV render",
            encode.label,
            ms(encode.summary.wall),
            100.0 * ratio(encode.summary.wall, formats.wav.wall)
        );
        // docbao against "render a WAV, then encode it with ffmpeg" at the same settings.
        if let Some((format, summary, _)) = formats
            .compressed
            .iter()
            .find(|(f, _, _)| Some(*f) == encode.same_as)
        {
            let two_steps = formats.wav.wall + encode.summary.wall;
            println!(
                "         docbao {} render / (WAV render + this encode): {:.2}× wall",
                format.name(),
                ratio(summary.wall, two_steps)
            );
        }
    }
}

/// Runs the command after a warm-up, `runs` times.
fn repeat(command: &mut Command, runs: usize) -> Vec<Run> {
    measure(command);
    (0..runs).map(|_| measure(command)).collect()
}

fn installed(program: &str, version: &str) -> bool {
    Command::new(program)
        .arg(version)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn percent_over(a: Duration, b: Duration) -> String {
    format!("{:+.0} %", (ratio(a, b) - 1.0) * 100.0)
}

/// `part` as a fraction of `whole`: `1/47`.
fn fraction(part: u64, whole: u64) -> String {
    if part == 0 {
        return "-".into();
    }
    format!("1/{:.1}", whole as f64 / part as f64)
}

fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.2} MiB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KiB", n as f64 / 1024.0)
    }
}
