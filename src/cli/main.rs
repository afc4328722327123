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
mod system_voices;
mod view;
mod voices;
mod words;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use docbao::CancelToken;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    find_pulse_cookie();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report::report(&error),
    }
}

fn run(cli: Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match &cli.command {
        Command::Read(args) => read::run(args),
        Command::Render(args) => render::run(args, interruptible()),
        Command::Voices(args) => voices::run(args, &mut out),
        Command::Segment(args) => preview::segment(args, &mut out),
        Command::Normalize(args) => preview::normalize(args, &mut out),
    }?;
    out.flush()?;
    Ok(())
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

/// A token that Ctrl-C or SIGTERM cancels, so a render stops cleanly and leaves no partial
/// file; a second signal exits at once.
pub fn interruptible() -> CancelToken {
    let token = CancelToken::new();
    let handler = token.clone();
    let _ = ctrlc::set_handler(move || {
        if handler.is_cancelled() {
            std::process::exit(report::INTERRUPTED.into());
        }
        handler.cancel();
    });
    token
}
