//! Helpers shared by the integration tests: running the real binary in a clean environment,
//! decoding what it wrote, reading subtitles back.
#![allow(dead_code)]

pub mod browser;
pub mod catalog;
pub mod piper;
pub mod plain;
pub mod probe;
pub mod process;
pub mod serve;
pub mod sound;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// A path under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A scratch folder that also serves as an empty `$XDG_CONFIG_HOME`, so the developer's own
/// voices never leak into a test.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The real `docbao` binary, with home and config inside the sandbox (config in
    /// `home/.config`, as on most machines).
    pub fn docbao(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docbao"));
        std::fs::create_dir_all(self.path("home")).unwrap();
        command
            .env("XDG_CONFIG_HOME", self.path("home/.config"))
            .env("HOME", self.path("home"))
            // Saved positions too: the developer's own never resume a test's reading.
            .env("XDG_STATE_HOME", self.path("home/.local/state"))
            .env_remove("DOCBAO_STATE_DIR")
            .env_remove("NO_COLOR")
            // English messages and no plain mode asked for, whatever the developer's locale
            // and settings: a test that wants others sets them.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env_remove("DOCBAO_PLAIN")
            // No speech service: the developer's own never speaks in a test, none is spawned.
            .env(
                "SPEECHD_ADDRESS",
                format!("unix_socket:{}", self.path("no-speechd").display()),
            )
            // No session bus: the developer's desktop never sees a test's reading as a media
            // player (tests/mpris.rs starts a bus of its own).
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.path("no-bus").display()),
            )
            .current_dir(self.dir.path());
        command
    }

    /// Runs docbao with `args` and standard input closed.
    pub fn run(&self, args: &[&str]) -> Output {
        self.docbao()
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("docbao runs")
    }

    /// Runs docbao with `args`, writing `input` to its standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .docbao()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("docbao runs");
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().expect("docbao runs")
    }

    /// Writes a user voice profile.
    pub fn add_user_voice(&self, file: &str, toml: &str) {
        let dir = self.path("home/.config/docbao/voices");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file), toml).unwrap();
    }

    /// Names of the files in the sandbox's top folder (not the home folder).
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Decodes an audio file with symphonia: (sample rate, mono i16 samples).
pub fn decode(path: &Path) -> (u32, Vec<i16>) {
    let source = MediaSourceStream::new(
        Box::new(File::open(path).expect("audio file")),
        Default::default(),
    );
    let mut format = symphonia::default::get_probe()
        .probe(
            &Hint::new(),
            source,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .expect("a format symphonia knows");
    let track = format
        .default_track(TrackType::Audio)
        .expect("an audio track");
    let params = track
        .codec_params
        .as_ref()
        .and_then(|p| p.audio())
        .expect("audio parameters")
        .clone();
    let rate = params.sample_rate.expect("a sample rate");
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .expect("a decoder");
    let mut samples = Vec::new();
    let mut buffer: Vec<i16> = Vec::new();
    while let Some(packet) = format.next_packet().expect("packets decode") {
        if packet.track_id != track_id {
            continue;
        }
        let audio = decoder.decode(&packet).expect("audio decodes");
        buffer.resize(audio.samples_interleaved(), 0);
        audio.copy_to_slice_interleaved(&mut buffer);
        samples.extend_from_slice(&buffer);
    }
    (rate, samples)
}

/// Root mean square of the samples.
pub fn rms(samples: &[i16]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / samples.len() as f64).sqrt()
}

/// Median fundamental frequency of the voiced parts, by autocorrelation (40 ms frames).
pub fn median_f0(samples: &[i16], rate: u32) -> f64 {
    let frame = (rate as usize) / 25;
    let (min_lag, max_lag) = (rate as usize / 500, rate as usize / 70);
    let mut f0s = Vec::new();
    for start in (0..samples.len().saturating_sub(frame)).step_by(frame / 2) {
        let seg: Vec<f64> = samples[start..start + frame]
            .iter()
            .map(|&s| f64::from(s))
            .collect();
        let mean = seg.iter().sum::<f64>() / frame as f64;
        let seg: Vec<f64> = seg.iter().map(|s| s - mean).collect();
        let energy: f64 = seg.iter().map(|s| s * s).sum();
        if energy < frame as f64 * 300.0 * 300.0 {
            continue;
        }
        let ac = |lag: usize| {
            seg[..frame - lag]
                .iter()
                .zip(&seg[lag..])
                .map(|(a, b)| a * b)
                .sum::<f64>()
        };
        let (lag, best) = (min_lag..max_lag)
            .map(|lag| (lag, ac(lag)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap();
        if best / energy > 0.5 {
            f0s.push(f64::from(rate) / lag as f64);
        }
    }
    assert!(!f0s.is_empty(), "no voiced frame");
    f0s.sort_by(f64::total_cmp);
    f0s[f0s.len() / 2]
}

/// A subtitle cue read back from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// Parses SubRip or WebVTT (the subset docbao writes, checked strictly).
pub fn parse_cues(text: &str) -> Vec<Cue> {
    let body = text.strip_prefix("WEBVTT\n\n").unwrap_or(text);
    let vtt = body.len() != text.len();
    let mut cues = Vec::new();
    for (n, block) in body
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .enumerate()
    {
        let mut lines = block.lines();
        if !vtt {
            assert_eq!(
                lines.next(),
                Some((n + 1).to_string().as_str()),
                "cue number"
            );
        }
        let times = lines.next().expect("a time line");
        let (start, end) = times.split_once(" --> ").expect("an arrow");
        let text: Vec<&str> = lines.collect();
        cues.push(Cue {
            start_ms: timestamp(start, if vtt { '.' } else { ',' }),
            end_ms: timestamp(end, if vtt { '.' } else { ',' }),
            text: text.join("\n"),
        });
    }
    cues
}

fn timestamp(text: &str, separator: char) -> u64 {
    let (hms, ms) = text
        .split_once(separator)
        .unwrap_or_else(|| panic!("bad time {text}"));
    let parts: Vec<u64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 3, "bad time {text}");
    assert_eq!(ms.len(), 3, "bad time {text}");
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + ms.parse::<u64>().unwrap()
}
