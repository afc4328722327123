//! Runs of a program, measured: wall time, CPU time and peak memory, one run and several.

#![allow(
    dead_code,
    reason = "each benchmark that includes this file uses a part of it"
)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of a program took.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_kib: i64,
}

/// Runs the command once, to completion, and reads its resource use (its own children's
/// included: wait4 counts the children it reaped). Panics, naming the command, if it does
/// not start or fails.
pub fn measure(command: &mut Command) -> Run {
    measure_together(&mut [command])
}

/// Runs the commands at once, each to completion: the wall time until the last ends, their
/// CPU times added, the highest peak memory. Panics, naming the command, if one does not
/// start or fails.
#[allow(
    clippy::zombie_processes,
    reason = "each child is reaped by wait4, which also gives its rusage"
)]
pub fn measure_together(commands: &mut [&mut Command]) -> Run {
    let start = Instant::now();
    let children: Vec<_> = commands
        .iter_mut()
        .map(|command| {
            command
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap_or_else(|e| panic!("{command:?} does not start: {e}"))
        })
        .collect();
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    let mut run = Run {
        wall: Duration::ZERO,
        cpu: Duration::ZERO,
        max_rss_kib: 0,
    };
    for (child, command) in children.iter().zip(commands.iter()) {
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        assert!(
            pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "{command:?} failed"
        );
        run.cpu += time(usage.ru_utime) + time(usage.ru_stime);
        run.max_rss_kib = run.max_rss_kib.max(usage.ru_maxrss);
    }
    run.wall = start.elapsed();
    run
}

/// What several runs of a program took: medians, the best wall time, the highest peak.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub wall: Duration,
    pub best: Duration,
    pub cpu: Duration,
    pub max_rss_kib: i64,
}

/// The [`Summary`] of `runs`.
pub fn summarize(runs: &[Run]) -> Summary {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    let mut cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
    Summary {
        wall: median(&mut walls),
        best: walls.iter().min().copied().unwrap_or_default(),
        cpu: median(&mut cpus),
        max_rss_kib: runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0),
    }
}

/// The median of `times` (sorted in place); zero for none.
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The length in seconds of the WAV file a run wrote (0 if it cannot be read).
pub fn wav_seconds(wav: &Path) -> f64 {
    hound::WavReader::open(wav)
        .map(|r| f64::from(r.duration()) / f64::from(r.spec().sample_rate))
        .unwrap_or(0.0)
}
