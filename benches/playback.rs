//! Playback benchmark, on a private PulseAudio server whose sink is a FIFO paced by the
//! system clock (the fake sound card of the tests):
//!
//! - time from process start to the first audible sample reaching the server, for
//!   `docbao read`, `espeak-ng` playing the same text, and `paplay` of a ready, trimmed WAV
//!   (the floor of this path);
//! - seek latency, inside and beyond what is synthesized (library, in process);
//! - CPU and peak memory while playing, once synthesis is done.
//!
//! ```sh
//! cargo bench --bench playback                      # the user's sample article
//! cargo bench --bench playback -- path/to/text.txt
//! ```
//! Needs `pulseaudio` (scripts/setup --test installs it).

#[path = "../tests/common/sound.rs"]
#[allow(dead_code)]
mod sound;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use docbao::{Document, Player, PlayerOptions, Voices};
use sound::{RATE, SoundServer};

mod common;

const RUNS: usize = 5;
/// A sample louder than this is sound.
const AUDIBLE: i16 = 300;

fn main() {
    let text = common::text_to_read("playback");
    let Some(server) = SoundServer::start() else {
        eprintln!("pulseaudio is needed: scripts/setup --test");
        std::process::exit(1);
    };
    // SAFETY: set before this process starts any thread that reads the environment (the
    // library benchmarks below open the device through it).
    unsafe { std::env::set_var("PULSE_SERVER", server.address()) };
    let dir = tempfile::tempdir().unwrap();
    println!("text: {}\n", text.display());

    // The floor: a WAV that starts with sound, played by paplay.
    let wav = dir.path().join("ready.wav");
    let status = Command::new(env!("CARGO_BIN_EXE_docbao"))
        .args([
            "render",
            text.to_str().unwrap(),
            "-o",
            wav.to_str().unwrap(),
            "--quiet",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    trim_leading_silence(&wav);

    let docbao = |c: &mut Command| {
        c.args(["read", text.to_str().unwrap(), "--plain"]);
    };
    let espeak = |c: &mut Command| {
        c.args(["-v", "vi+f3", "-f", text.to_str().unwrap()]);
    };
    let paplay = |c: &mut Command| {
        c.arg(&wav);
    };
    println!(
        "time from process start to the first audible sample at the sound server ({RUNS} runs, median / best):"
    );
    for (name, program, args) in [
        (
            "docbao read",
            env!("CARGO_BIN_EXE_docbao"),
            &docbao as &dyn Fn(&mut Command),
        ),
        ("espeak-ng -v vi+f3 -f", "espeak-ng", &espeak),
        ("paplay (ready WAV, the floor)", "paplay", &paplay),
    ] {
        let mut times: Vec<f64> = (0..RUNS)
            .map(|_| first_sound(&server, program, args))
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "  {name:<32} {:>6.1} ms  {:>6.1} ms",
            times[RUNS / 2],
            times[0]
        );
    }

    seek_latency(&text);
    playing_cost(&server, &text);
}

/// Milliseconds from spawning `program` to its first audible sample at the sink.
fn first_sound(server: &SoundServer, program: &str, args: &dyn Fn(&mut Command)) -> f64 {
    std::thread::sleep(Duration::from_millis(300));
    let mut command = Command::new(program);
    args(&mut command);
    server.connect(&mut command);
    let from = server.samples().len();
    let started = now_millis();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let heard = loop {
        let samples = server.samples();
        if let Some(i) = samples[from..]
            .iter()
            .position(|s| s.unsigned_abs() > AUDIBLE as u16)
        {
            break from + i;
        }
        assert!(Instant::now() < deadline, "{program} made no sound");
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = child.kill();
    let _ = child.wait();
    // When that sample was played: the sink's clock at that index.
    let heard_at = server.time_of(heard);
    (heard_at as f64 - started as f64).max(0.0)
}

/// In process: how long a seek takes to reach the audio output, inside what is synthesized
/// and beyond it.
fn seek_latency(text: &Path) {
    let doc = Document::from_path(text, None).unwrap();
    // Ten times the article, so that a seek can land beyond what is synthesized.
    let long = Document::from_text(
        std::iter::repeat_n(doc.text(), 10)
            .collect::<Vec<_>>()
            .join("\n\n"),
        None,
    )
    .unwrap();
    let voice = Voices::builtin().default_for(doc.lang()).unwrap();
    let measure = |player: &Player, to: Duration| {
        let started = Instant::now();
        player.seek(to);
        // The output has taken audio from the new place once more is played than before.
        let before = player.status().played;
        while player.status().played <= before {
            std::thread::sleep(Duration::from_micros(100));
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "seek never landed"
            );
        }
        started.elapsed().as_secs_f64() * 1000.0
    };
    let player = Player::new(&long, &voice, PlayerOptions::default()).unwrap();
    // Beyond: at once, far ahead of the synthesis.
    let (total, estimated) = player.duration();
    let beyond = measure(&player, total.mul_f64(0.9));
    std::thread::sleep(Duration::from_secs(3)); // let synthesis finish
    let mut inside: Vec<f64> = (1..=RUNS)
        .map(|i| measure(&player, Duration::from_secs(30 * i as u64)))
        .collect();
    inside.sort_by(f64::total_cmp);
    println!(
        "\nseek latency, from the call to the first new audio handed to the device (plus the device buffer, 10 ms):"
    );
    println!(
        "  inside synthesized audio   {:>6.2} ms (median of {RUNS})",
        inside[RUNS / 2]
    );
    println!(
        "  beyond it (to 90% of a {}, {} long reading) {:>6.2} ms",
        if estimated {
            "still estimated"
        } else {
            "known"
        },
        sound_clock(total),
        beyond
    );
}

/// CPU share and peak memory of `docbao read` while it plays, after synthesis is done.
fn playing_cost(server: &SoundServer, text: &Path) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_docbao"));
    server.connect(&mut command);
    let mut child = command
        .args(["read", text.to_str().unwrap(), "--plain"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let pid = child.id();
    let (cpu0, t0) = (cpu_ticks(pid), Instant::now());
    std::thread::sleep(Duration::from_secs(10));
    let (cpu1, t1) = (cpu_ticks(pid), Instant::now());
    let rss = peak_rss_kib(pid);
    let _ = child.kill();
    let _ = child.wait();
    // SAFETY: sysconf is always safe to call.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let share = (cpu1 - cpu0) as f64 / hz / (t1 - t0).as_secs_f64() * 100.0;
    println!(
        "\nwhile playing (3–13 s in, synthesis done): {share:.2} % of a core, peak RSS {:.1} MiB",
        rss as f64 / 1024.0
    );
}

fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
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

fn now_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

fn sound_clock(time: Duration) -> String {
    let s = time.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[allow(dead_code)]
const _: u32 = RATE;
