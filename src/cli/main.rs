//! `docbao`, the command-line reader: a thin shell over the library.

mod args;
mod batch;
mod bookmark;
mod catalog;
mod catalog_args;
mod clock;
mod download_progress;
mod history;
mod input;
mod install;
mod listener;
mod messages;
mod mpris;
mod plain;
mod preview;
mod progress;
mod queue;
mod read;
mod render;
mod report;
mod safe;
mod saver;
#[cfg(feature = "serve")]
mod serve;
mod settings;
mod signals;
mod system_voices;
mod view;
mod voices;
mod words;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    docbao::trace::mark("main");
    find_pulse_cookie();
    let cli = Cli::parse();
    signals::install();
    match run(cli) {
        Ok(()) if signals::interrupted() => ExitCode::from(report::INTERRUPTED),
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report::report(&error),
    }
}

fn run(cli: Cli) -> Result<()> {
    if matches!(
        cli.command,
        Command::Voices(_) | Command::Segment(_) | Command::Normalize(_) | Command::History(_)
    ) && !stdout_is_open()
    {
        anyhow::bail!("standard output is closed: what docbao would print has nowhere to go");
    }
    let stdout = std::io::stdout();
    let mut out = safe::SafeOut(BufWriter::new(stdout.lock()));
    match &cli.command {
        Command::Read(args) => read::run(args),
        Command::Render(args) => render::run(args),
        Command::Voices(args) => voices::run(args, &mut out),
        Command::Segment(args) => preview::segment(args, &mut out),
        Command::Normalize(args) => preview::normalize(args, &mut out),
        Command::History(args) => history::run(args, &mut out),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    }?;
    out.flush()?;
    Ok(())
}

/// Whether standard output goes anywhere. A program started with it closed (`>&-`) gets
/// /dev/null from Rust's runtime, opened read-write, and what it prints is silently lost; a
/// shell's `>/dev/null` opens it write-only, on purpose.
#[cfg(not(unix))]
fn stdout_is_open() -> bool {
    true
}

/// See the other `stdout_is_open`.
#[cfg(unix)]
fn stdout_is_open() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // SAFETY: F_GETFL on descriptor 1 only reads its flags.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    if flags == -1 {
        return false;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return true;
    }
    let null = std::fs::metadata("/dev/null").ok();
    let out = std::fs::metadata("/proc/self/fd/1").ok();
    match (null, out) {
        (Some(null), Some(out)) => !(out.file_type().is_char_device() && out.rdev() == null.rdev()),
        _ => true,
    }
}

/// cpal's PulseAudio client looks for the server's cookie only in `$PULSE_COOKIE`,
/// `~/.config/pulse/cookie` and `~/.pulse-cookie`, and fails without one; libpulse keeps it in
/// `$XDG_CONFIG_HOME/pulse/cookie`. When only the latter exists, point `PULSE_COOKIE` at it.
fn find_pulse_cookie() {
    if std::env::var_os("PULSE_COOKIE").is_some() {
        return;
    }
    let Some(home) = dirs::home_dir() else { return };
    if home.join(".config/pulse/cookie").exists() || home.join(".pulse-cookie").exists() {
        return;
    }
    if let Some(cookie) = dirs::config_dir().map(|dir| dir.join("pulse/cookie"))
        && cookie.exists()
    {
        // SAFETY: first thing in main, before any other thread exists.
        unsafe { std::env::set_var("PULSE_COOKIE", cookie) };
    }
}
