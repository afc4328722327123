//! A private sound server for tests: PulseAudio whose only sink is a FIFO paced by the system
//! clock, so playback runs at real speed, and a reader that keeps everything that was played
//! (48 kHz mono), with the wall-clock time it arrived.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Samples a second at the sink.
pub const RATE: u32 = 48_000;

/// What the sink played, and when.
#[derive(Default)]
struct Capture {
    samples: Vec<i16>,
    /// (wall-clock milliseconds since the epoch, samples received by then).
    marks: Vec<(u128, usize)>,
}

pub struct SoundServer {
    /// One sound test at a time: several real-time players on two cores would starve each
    /// other and the measurements would be of the machine, not of docbao.
    _turn: std::sync::MutexGuard<'static, ()>,
    dir: tempfile::TempDir,
    child: Option<Child>,
    capture: Arc<Mutex<Capture>>,
    reader: Option<JoinHandle<()>>,
}

impl SoundServer {
    /// Starts the server, or returns `None` (saying so loudly) when PulseAudio is not
    /// installed — except in CI, where these tests must run.
    pub fn start() -> Option<SoundServer> {
        if Command::new("pulseaudio")
            .arg("--version")
            .output()
            .is_err()
        {
            assert!(
                std::env::var_os("CI").is_none(),
                "pulseaudio is not installed, and CI must run the sound-server tests (scripts/setup --test installs it)"
            );
            eprintln!(
                "\n*** SKIPPED: pulseaudio is not installed; run scripts/setup --test to run the sound-server tests ***\n"
            );
            return None;
        }
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let dir = tempfile::tempdir().expect("temporary folder");
        let fifo = dir.path().join("cap.fifo");
        let status = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo failed");
        let capture = Arc::new(Mutex::new(Capture::default()));
        let reader = {
            let capture = Arc::clone(&capture);
            let fifo = fifo.clone();
            std::thread::spawn(move || read_fifo(&fifo, &capture))
        };
        let socket = dir.path().join("pulse.sock");
        let child = Command::new("pulseaudio")
            .args(["-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes", "--use-pid-file=no"])
            // As a desktop's sound server runs (PulseAudio and PipeWire get real-time
            // scheduling from rtkit): on a busy machine the card must not be the part that
            // starves. Without the privilege the server goes on at normal priority.
            .args(["--realtime=yes", "--high-priority=yes"])
            .arg("--log-target=stderr")
            .arg("-L")
            .arg(format!("module-native-protocol-unix auth-anonymous=1 socket={}", socket.display()))
            .arg("-L")
            .arg(format!(
                "module-pipe-sink sink_name=cap file={} format=s16le rate={RATE} channels=1 use_system_clock_for_timing=yes",
                fifo.display()
            ))
            .env("HOME", dir.path())
            .env("PULSE_RUNTIME_PATH", dir.path())
            .env_remove("PULSE_SERVER")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pulseaudio starts");
        let server = SoundServer {
            _turn: turn,
            dir,
            child: Some(child),
            capture,
            reader: Some(reader),
        };
        let started = Instant::now();
        while !socket.exists() || server.captured_len() == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "pulseaudio did not start"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(server)
    }

    /// `PULSE_SERVER` for clients.
    pub fn address(&self) -> String {
        format!("unix:{}", self.dir.path().join("pulse.sock").display())
    }

    /// Points a command at this server, with its cookie: docbao's PulseAudio client (the
    /// `pulseaudio` crate under cpal) sends an empty cookie when it finds none, which the
    /// server rejects as a protocol error — cpal would then fall back to ALSA's PulseAudio
    /// plugin, another path than a user's desktop session takes.
    pub fn connect(&self, command: &mut Command) {
        command
            .env("PULSE_SERVER", self.address())
            .env("PULSE_COOKIE", self.dir.path().join(".config/pulse/cookie"));
    }

    fn captured_len(&self) -> usize {
        self.capture.lock().unwrap().samples.len()
    }

    /// The sample index the sink had reached at wall-clock time `millis`.
    pub fn index_at(&self, millis: u128) -> usize {
        let capture = self.capture.lock().unwrap();
        let after = capture.marks.partition_point(|(t, _)| *t <= millis);
        match (
            after.checked_sub(1).map(|i| capture.marks[i]),
            capture.marks.get(after),
        ) {
            (Some((t0, n0)), Some(&(t1, n1))) if t1 > t0 => {
                n0 + ((millis - t0) * (n1 - n0) as u128 / (t1 - t0)) as usize
            }
            (Some((_, n0)), _) => n0,
            (None, _) => 0,
        }
    }

    /// Wall-clock milliseconds at which sample `index` reached the sink's FIFO (the sound
    /// card of these tests): the arrival of the read that brought it.
    pub fn time_of(&self, index: usize) -> u128 {
        let capture = self.capture.lock().unwrap();
        let after = capture.marks.partition_point(|&(_, n)| n <= index);
        capture
            .marks
            .get(after)
            .or(capture.marks.last())
            .map_or(0, |&(t, _)| t)
    }

    /// What was played from sample `from` on.
    pub fn samples_from(&self, from: usize) -> Vec<i16> {
        let capture = self.capture.lock().unwrap();
        capture.samples[from.min(capture.samples.len())..].to_vec()
    }

    /// Samples played so far.
    pub fn played_len(&self) -> usize {
        self.captured_len()
    }

    /// Everything played so far.
    pub fn samples(&self) -> Vec<i16> {
        self.capture.lock().unwrap().samples.clone()
    }

    /// Kills the server (to test a server that dies).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Freezes the server (SIGSTOP): it keeps its connections but answers nothing, as a
    /// server on a machine that is swapping or a debugger's breakpoint does.
    pub fn freeze(&self) {
        self.signal(libc::SIGSTOP);
    }

    /// Lets a frozen server run again (SIGCONT).
    pub fn thaw(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, signal: libc::c_int) {
        if let Some(child) = &self.child {
            // SAFETY: kill(2) on our own child process.
            unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        }
    }
}

impl Drop for SoundServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn now_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
}

fn read_fifo(fifo: &std::path::Path, capture: &Mutex<Capture>) {
    let Ok(mut file) = File::open(fifo) else {
        return;
    };
    let mut buffer = vec![0u8; 960];
    let mut odd: Option<u8> = None;
    while let Ok(n) = file.read(&mut buffer) {
        if n == 0 {
            break;
        }
        let mut bytes: Vec<u8> = odd.take().into_iter().collect();
        bytes.extend_from_slice(&buffer[..n]);
        if bytes.len() % 2 == 1 {
            odd = bytes.pop();
        }
        let mut capture = capture.lock().unwrap();
        capture.samples.extend(
            bytes
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]])),
        );
        let len = capture.samples.len();
        capture.marks.push((now_millis(), len));
    }
}

/// Index of the first sample louder than `threshold`.
pub fn first_sound(samples: &[f64], threshold: f64) -> Option<usize> {
    samples.iter().position(|s| s.abs() > threshold)
}

/// Index one past the last sample louder than `threshold`.
pub fn last_sound(samples: &[f64], threshold: f64) -> Option<usize> {
    samples
        .iter()
        .rposition(|s| s.abs() > threshold)
        .map(|i| i + 1)
}

/// Where `pattern` best matches `signal` within `radius` samples of `guess`: (index,
/// correlation).
pub fn locate(signal: &[f64], pattern: &[f64], guess: usize, radius: usize) -> (usize, f64) {
    let last = signal.len().saturating_sub(pattern.len());
    let best_in = |from: usize, to: usize, step: usize| {
        (from..=to.min(last))
            .step_by(step)
            .map(|at| (at, correlation(&signal[at..at + pattern.len()], pattern)))
            .fold(
                (guess, f64::MIN),
                |best, next| if next.1 > best.1 { next } else { best },
            )
    };
    // Coarse, then fine around the best.
    let (coarse, _) = best_in(guess.saturating_sub(radius), guess + radius, 8);
    best_in(coarse.saturating_sub(8), coarse + 8, 1)
}

/// Linear resampling of mono audio from `from` Hz to `to` Hz.
pub fn resample(samples: &[i16], from: u32, to: u32) -> Vec<f64> {
    let n = (samples.len() as u64 * u64::from(to) / u64::from(from)) as usize;
    (0..n)
        .map(|i| {
            let x = i as f64 * f64::from(from) / f64::from(to);
            let j = x.floor() as usize;
            let frac = x - j as f64;
            let a = f64::from(samples[j.min(samples.len() - 1)]);
            let b = f64::from(samples[(j + 1).min(samples.len() - 1)]);
            a + (b - a) * frac
        })
        .collect()
}

/// The loudness contour of a signal: absolute values averaged over 5 ms. Comparing contours
/// finds the same speech even when a resampler placed the samples a fraction of a sample
/// apart (as after a seek, which restarts the sound server's resampler at another phase).
pub fn envelope(signal: &[f64]) -> Vec<f64> {
    let width = RATE as usize / 200;
    let mut out = Vec::with_capacity(signal.len());
    let mut sum = 0.0;
    for (i, x) in signal.iter().enumerate() {
        sum += x.abs();
        if i >= width {
            sum -= signal[i - width].abs();
        }
        out.push(sum / width as f64);
    }
    out
}

/// Normalized correlation of two equally long signals.
pub fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| x * x).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Runs of at least `min_len` samples quieter than `threshold`, as (start, length).
pub fn silences(samples: &[i16], threshold: i16, min_len: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, s) in samples.iter().enumerate() {
        let quiet = s.unsigned_abs() <= threshold as u16;
        match (quiet, start) {
            (true, None) => start = Some(i),
            (false, Some(s0)) => {
                if i - s0 >= min_len {
                    runs.push((s0, i - s0));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s0) = start
        && samples.len() - s0 >= min_len
    {
        runs.push((s0, samples.len() - s0));
    }
    runs
}

/// A line printed by `examples/player.rs`: wall-clock milliseconds, position in
/// milliseconds, and what happened.
#[derive(Debug, Clone)]
pub struct Line {
    pub wall: u128,
    pub position: u64,
    pub what: String,
}

/// The built example `name` (`cargo test` builds the examples beside the binary).
pub fn example_binary(name: &str) -> PathBuf {
    static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let example = std::path::Path::new(env!("CARGO_BIN_EXE_docbao"))
        .with_file_name("examples")
        .join(name);
    // `cargo test --test X` builds no example: build it (up to date, with this test's
    // features and profile) once per test process.
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if !built.iter().any(|b| b == name) {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args(["build", "--quiet", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if cfg!(feature = "system") {
            cargo.args(["--features", "system"]);
        }
        if !cfg!(debug_assertions) {
            cargo.arg("--release");
        }
        // Tests built with `--target T` live in `TARGET_DIR/T/PROFILE`: the example must be
        // built there too (cargo tags both the target folder and `T` in it with CACHEDIR.TAG).
        let profile_dir = example.parent().and_then(|p| p.parent());
        if let Some(triple_dir) = profile_dir.and_then(|p| p.parent())
            && let (Some(triple), Some(root)) = (triple_dir.file_name(), triple_dir.parent())
            && root.join("CACHEDIR.TAG").exists()
        {
            cargo
                .arg("--target")
                .arg(triple)
                .arg("--target-dir")
                .arg(root);
        }
        let status = cargo.status().expect("cargo runs");
        assert!(status.success(), "cargo build --example {name} failed");
        built.push(name.to_string());
    }
    assert!(example.exists(), "{} is missing", example.display());
    example
}

/// Runs `examples/player.rs` on `text` through `server` with `commands` (`SECONDS:COMMAND`).
pub fn run_player_example(
    server: &SoundServer,
    text: &std::path::Path,
    commands: &[&str],
) -> Vec<Line> {
    let mut command = Command::new(example_binary("player"));
    std::fs::create_dir_all(server.path("home")).unwrap();
    server.connect(&mut command);
    let output = command
        .arg(text)
        .args(commands)
        .env("HOME", server.path("home"))
        .env("XDG_CONFIG_HOME", server.path("home/.config"))
        .output()
        .expect("the player example runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            Line {
                wall: parts.next().unwrap().parse().unwrap(),
                position: parts.next().unwrap().parse().unwrap(),
                what: parts.next().unwrap_or_default().to_string(),
            }
        })
        .collect()
}

/// The first line whose text starts with `prefix`.
pub fn find<'a>(lines: &'a [Line], prefix: &str) -> &'a Line {
    lines
        .iter()
        .find(|l| l.what.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in {lines:#?}"))
}
