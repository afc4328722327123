//! `docbao`, the command-line reader: a thin shell over the library.

mod args;
mod catalog;
mod catalog_args;
mod clock;
mod download_progress;
mod input;
mod install;
mod plain;
mod preview;
mod progress;
mod read;
mod render;
mod report;
mod safe;
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
        Command::Voices(_) | Command::Segment(_) | Command::Normalize(_)
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
    }?;
    out.flush()?;
    Ok(())
}

/// Whether file descriptor 1 is open (Rust's standard output silently drops what is
/// written to a closed one).
fn stdout_is_open() -> bool {
    // SAFETY: F_GETFD on a descriptor number only reads the descriptor table.
    unsafe { libc::fcntl(1, libc::F_GETFD) != -1 }
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
