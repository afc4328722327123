//! First sound and gaps, on a private PulseAudio server whose sink is a FIFO paced by the
//! system clock (the fake sound card of the tests, `tests/common/sound.rs`):
//!
//! - time from process launch to the first audible sample at the sound server, the programs
//!   alternating run after run: `docbao read` with the espeak voice (the sample article),
//!   `espeak-ng` reading the same text, `paplay` of a ready WAV that starts with sound (the
//!   floor of this path), and `docbao read` with a Piper voice next to the espeak voice on the
//!   same English text; for docbao, also from the moment its engine was ready (the Piper
//!   model loaded) to the first sound, from its `DOCBAO_TRACE` marks;
//! - gaps under load: the English text read to the end with the Piper voice and with the
//!   espeak voice while `stress-ng --cpu 2` keeps both cores busy, each capture compared
//!   with `docbao render` of the same text: silences of more than 50 ms inside the speech
//!   that the render does not have, and how much longer the capture's speech lasts.
//!
//! The Piper rows are read twice: the English article (its first sentence is a title) and
//! a text that starts with a long sentence of several clauses, which a Piper voice makes piece
//! by piece. `DOCBAO_BENCH_BASELINE=path/to/docbao` adds each Piper row for another build of
//! docbao (an earlier commit, say), alternating with this one.
//!
//! ```sh
//! cargo bench --bench first_sound                  # DOCBAO_BENCH_RUNS=N (default 7)
//! cargo bench --bench first_sound -- path/to/vietnamese.txt
//! DOCBAO_BENCH_ONLY=Piper DOCBAO_BENCH_MARKS=1 cargo bench --bench first_sound
//! ```
//! `DOCBAO_BENCH_ONLY='WORD|WORD'` keeps the rows whose name has one of the words, and the
//! gaps only if one of the words is `gaps`;
//! `DOCBAO_BENCH_MARKS=1` prints, for each docbao row, its trace marks of the last run in
//! milliseconds before the first sound (where the time goes).
//! Needs `pulseaudio`, `paplay`, `espeak-ng` and `stress-ng` (scripts/setup --test), and for
//! the Piper rows the test voice (`en_US-joe-medium`, or `DOCBAO_PIPER_VOICE=voice.onnx`).

#[path = "../tests/common/sound.rs"]
#[allow(dead_code)]
mod sound;

#[path = "../tests/common/piper.rs"]
mod piper;

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sound::{RATE, SoundServer};

/// A sample louder than this is sound.
const AUDIBLE: i16 = 300;
/// A silence in the capture longer than this, inside the speech, is a gap if the render
/// does not have it.
const GAP_MS: usize = 50;

/// An English text whose first sentence is long, with clauses.
const LONG_FIRST: &str = "After two years of repairs, the old harbour bridge reopened to traffic on \
                          Friday morning, with wider footpaths, a new cycle lane and lights that \
                          dim late at night. Buses will use it from next week.";

/// One program to launch: how, and whether it prints docbao's trace marks.
struct Launch {
    name: String,
    program: PathBuf,
    args: Vec<String>,
    docbao: bool,
}

/// One launch measured: milliseconds to the first sound, and from docbao's engine being
/// ready to it.
struct Heard {
    launch_ms: f64,
    from_engine_ms: Option<f64>,
    /// docbao's trace marks: milliseconds before the first sound, and what.
    marks: Vec<(f64, String)>,
}

fn main() {
    let text = common::text_to_read("first_sound");
    let english = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/en-article.txt");
    let runs: usize = std::env::var("DOCBAO_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
        .max(1);
    let Some(server) = SoundServer::start() else {
        eprintln!("pulseaudio is needed: scripts/setup --test");
        std::process::exit(1);
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let docbao = PathBuf::from(env!("CARGO_BIN_EXE_docbao"));
    let model = piper::joe_voice();
    println!("text: {}", text.display());
    println!(
        "English text (Piper and espeak side by side): {}",
        english.display()
    );
    println!("load average at the start: {}\n", load_average());

    // The floor: a WAV that starts with sound, played by paplay.
    let wav = dir.path().join("ready.wav");
    render(&docbao, &home, &text, None, &wav);
    trim_leading_silence(&wav);

    let path = |p: &Path| p.to_str().unwrap().to_string();
    let mut launches = vec![
        Launch {
            name: "docbao read (espeak vi)".into(),
            program: docbao.clone(),
            args: vec!["read".into(), path(&text), "--plain".into()],
            docbao: true,
        },
        Launch {
            name: "espeak-ng -v vi+f3 -f".into(),
            program: "espeak-ng".into(),
            args: vec!["-v".into(), "vi+f3".into(), "-f".into(), path(&text)],
            docbao: false,
        },
        Launch {
            name: "paplay (ready WAV, the floor)".into(),
            program: "paplay".into(),
            args: vec![path(&wav)],
            docbao: false,
        },
        Launch {
            name: "docbao read (espeak en)".into(),
            program: docbao.clone(),
            args: vec!["read".into(), path(&english), "--plain".into()],
            docbao: true,
        },
    ];
    // A text that starts with a long sentence of three clauses (about 8.6 s of speech), which
    // a Piper voice makes piece by piece: its first clause is heard while the rest is made.
    let long_first = dir.path().join("long-first.txt");
    std::fs::write(&long_first, LONG_FIRST).unwrap();
    // Another build of docbao to compare with, row for row (`DOCBAO_BENCH_BASELINE`).
    let baseline = std::env::var_os("DOCBAO_BENCH_BASELINE").map(PathBuf::from);
    let programs: Vec<(&str, PathBuf)> = std::iter::once(("", docbao.clone()))
        .chain(baseline.map(|b| (" [baseline]", b)))
        .collect();
    if let Some(model) = &model {
        for (name, text) in [
            ("docbao read (Piper en, joe)", &english),
            ("  same, long first sentence", &long_first),
        ] {
            for (suffix, program) in &programs {
                launches.push(Launch {
                    name: format!("{name}{suffix}"),
                    program: program.clone(),
                    args: vec![
                        "read".into(),
                        path(text),
                        "--plain".into(),
                        "--voice".into(),
                        path(model),
                    ],
                    docbao: true,
                });
            }
        }
    }
    let only = std::env::var("DOCBAO_BENCH_ONLY").ok();
    if let Some(only) = &only {
        launches.retain(|l| only.split('|').any(|word| l.name.contains(word)));
    }
    let mut heard: Vec<Vec<Heard>> = launches.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (launch, times) in launches.iter().zip(&mut heard) {
            times.push(first_sound(&server, &home, launch));
        }
    }
    println!(
        "time from launch to the first audible sample at the sound server ({runs} runs each, alternating; median, min–max):"
    );
    println!(
        "  {:<40} {:>8} {:>16}   {:>26}",
        "", "median", "min–max", "from engine ready: median"
    );
    for (launch, times) in launches.iter().zip(&heard) {
        let mut launch_ms: Vec<f64> = times.iter().map(|h| h.launch_ms).collect();
        launch_ms.sort_by(f64::total_cmp);
        let mut engine: Vec<f64> = times.iter().filter_map(|h| h.from_engine_ms).collect();
        engine.sort_by(f64::total_cmp);
        let engine = if engine.is_empty() {
            String::new()
        } else {
            format!(
                "{:.1} ms ({:.1}–{:.1})",
                engine[engine.len() / 2],
                engine[0],
                engine[engine.len() - 1]
            )
        };
        println!(
            "  {:<40} {:>5.1} ms {:>6.1}–{:<6.1} ms   {engine:>26}",
            launch.name,
            launch_ms[runs / 2],
            launch_ms[0],
            launch_ms[runs - 1],
        );
    }
    println!("load average after: {}\n", load_average());
    if std::env::var_os("DOCBAO_BENCH_MARKS").is_some() {
        for (launch, times) in launches.iter().zip(&heard) {
            let Some(last) = times.last().filter(|h| !h.marks.is_empty()) else {
                continue;
            };
            println!("{} (last run), ms before the first sound:", launch.name);
            for (before, what) in &last.marks {
                println!("  {before:>8.1}  {what}");
            }
        }
        println!();
    }
    if only.as_ref().is_some_and(|only| !only.contains("gaps")) {
        return;
    }

    println!(
        "gaps under `stress-ng --cpu 2`: the English text read to the end, against its render (silences > {GAP_MS} ms inside the speech that the render does not have):"
    );
    let mut voices: Vec<(&str, Option<PathBuf>)> = vec![("espeak en", None)];
    if let Some(model) = &model {
        voices.push(("Piper en (joe)", Some(model.clone())));
    }
    for (name, voice) in voices {
        let reference = dir.path().join("reference.wav");
        render(&docbao, &home, &english, voice.as_deref(), &reference);
        let mut stress = Command::new("stress-ng")
            .args(["--cpu", "2", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("stress-ng runs (scripts/setup --test installs it)");
        std::thread::sleep(Duration::from_millis(500));
        let load = load_average();
        let captured = read_to_end(&server, &home, &docbao, &english, voice.as_deref());
        stop(&mut stress);
        let (rate, samples) = decode_wav(&reference);
        let reference = to_i16(&sound::resample(&samples, rate, RATE));
        let (gaps, longer_ms) = gaps(&captured, &reference);
        println!(
            "  {name:<16} {} gap{} ({}), speech {longer_ms:+.1} ms longer than rendered; load average {load}",
            gaps.len(),
            if gaps.len() == 1 { "" } else { "s" },
            if gaps.is_empty() {
                "none".to_string()
            } else {
                gaps.iter()
                    .map(|(at, ms)| format!("{ms:.0} ms at {at:.2} s"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        );
    }
}

/// The system's 1, 5 and 15 minute load averages.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// docbao with a home of its own (its state folder: no reading resumes mid-article).
fn docbao_command(program: &Path, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    // ONNX Runtime and the test voice live in docbao's virtual environment, found through
    // the data folder: keep the user's.
    if let Some(data) = dirs::data_dir() {
        command.env("XDG_DATA_HOME", data);
    }
    command
}

fn render(docbao: &Path, home: &Path, text: &Path, voice: Option<&Path>, out: &Path) {
    let mut command = docbao_command(docbao, home);
    command
        .arg("render")
        .arg(text)
        .arg("-o")
        .arg(out)
        .arg("--quiet");
    if let Some(voice) = voice {
        command.arg("--voice").arg(voice);
    }
    let status = command.status().unwrap();
    assert!(status.success(), "docbao render failed");
}

fn now_millis() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// Launches `launch` and waits for its first audible sample at the sink.
fn first_sound(server: &SoundServer, home: &Path, launch: &Launch) -> Heard {
    std::thread::sleep(Duration::from_millis(300));
    let mut command = if launch.docbao {
        let mut command = docbao_command(&launch.program, home);
        command.env("DOCBAO_TRACE", "1");
        command
    } else {
        Command::new(&launch.program)
    };
    command.args(&launch.args);
    server.connect(&mut command);
    let from = server.played_len();
    let started = now_millis();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let heard = loop {
        if let Some(i) = server
            .samples_from(from)
            .iter()
            .position(|s| s.unsigned_abs() > AUDIBLE as u16)
        {
            break from + i;
        }
        assert!(Instant::now() < deadline, "{} made no sound", launch.name);
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    // When that sample was played: the sink's clock at that index.
    let heard_at = server.time_of(heard) as f64;
    let marks: Vec<(f64, String)> = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("docbao-trace "))
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(at, what)| Some((heard_at - at.parse::<f64>().ok()?, what.to_string())))
        .collect();
    let engine_ready = marks
        .iter()
        .find(|(_, what)| what == "player: engine open")
        .map(|(before, _)| *before);
    Heard {
        launch_ms: (heard_at - started).max(0.0),
        from_engine_ms: engine_ready,
        marks,
    }
}

/// Reads `text` to the end with `voice` (the default voice when `None`) and returns what the
/// sink played from the launch on.
fn read_to_end(
    server: &SoundServer,
    home: &Path,
    docbao: &Path,
    text: &Path,
    voice: Option<&Path>,
) -> Vec<i16> {
    std::thread::sleep(Duration::from_millis(300));
    let mut command = docbao_command(docbao, home);
    command
        .arg("read")
        .arg(text)
        .args(["--plain", "--from-start"]);
    if let Some(voice) = voice {
        command.arg("--voice").arg(voice);
    }
    server.connect(&mut command);
    let from = server.played_len();
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "docbao read failed");
    std::thread::sleep(Duration::from_millis(300)); // the sink's last buffer
    server.samples_from(from)
}

fn stop(child: &mut Child) {
    // SAFETY: kill(2) on our own child; stress-ng's workers end with it.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let _ = child.wait();
}

/// The silences of more than [`GAP_MS`] inside the captured speech that the reference does
/// not have (where, in seconds of speech, and how long), and how much longer the captured
/// speech lasts than the reference's, in milliseconds.
fn gaps(captured: &[i16], reference: &[i16]) -> (Vec<(f64, f64)>, f64) {
    let loud = |s: &[i16]| {
        let first = s.iter().position(|x| x.unsigned_abs() > AUDIBLE as u16);
        let last = s.iter().rposition(|x| x.unsigned_abs() > AUDIBLE as u16);
        first.zip(last)
    };
    let (Some((c0, c1)), Some((r0, r1))) = (loud(captured), loud(reference)) else {
        return (vec![(0.0, 0.0)], 0.0);
    };
    let per_ms = RATE as usize / 1000;
    // The capture's silences are quiet stretches of more than GAP_MS; the reference's are
    // looked for more widely (a little louder, from 20 ms), so that a pause that is only just
    // a silence in one of them still matches.
    let heard = sound::silences(&captured[c0..=c1], 30, GAP_MS * per_ms);
    let meant = sound::silences(&reference[r0..=r1], 120, 20 * per_ms);
    let tolerance = 30 * per_ms;
    let mut shift = 0i64; // how far the capture has fallen behind the reference
    let mut found = Vec::new();
    for (start, len) in heard {
        let at = start as i64 - shift;
        let matched = meant.iter().find(|(s, l)| {
            (*s as i64) < at + len as i64 + tolerance as i64
                && at < (*s + *l) as i64 + tolerance as i64
        });
        let extra = match matched {
            Some((_, l)) => len as i64 - *l as i64,
            None => len as i64,
        };
        if extra > (GAP_MS * per_ms) as i64 || matched.is_none() {
            found.push((start as f64 / f64::from(RATE), extra as f64 / per_ms as f64));
            shift += extra.max(0);
        }
    }
    let longer = ((c1 - c0) as f64 - (r1 - r0) as f64) / per_ms as f64;
    (found, longer)
}

fn decode_wav(path: &Path) -> (u32, Vec<i16>) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let rate = reader.spec().sample_rate;
    (rate, reader.samples::<i16>().map(Result::unwrap).collect())
}

fn to_i16(samples: &[f64]) -> Vec<i16> {
    samples
        .iter()
        .map(|s| s.round().clamp(-32768.0, 32767.0) as i16)
        .collect()
}

fn trim_leading_silence(wav: &Path) {
    let mut reader = hound::WavReader::open(wav).unwrap();
    let spec = reader.spec();
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let start = samples
        .iter()
        .position(|s| s.unsigned_abs() > AUDIBLE as u16)
        .unwrap_or(0);
    let mut writer = hound::WavWriter::create(wav, spec).unwrap();
    for &s in &samples[start..] {
        writer.write_sample(s).unwrap();
    }
    writer.finalize().unwrap();
}
