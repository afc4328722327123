//! Download progress on stderr: a bar with bytes, speed and time left on a terminal, a line
//! per tenth otherwise, or nothing.

use std::io::IsTerminal;
use std::time::Duration;

use docbao::voice::install::DownloadProgress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::clock::clock;

pub enum DownloadReporter {
    Bar(ProgressBar),
    Lines { printed: u64 },
    Silent,
}

impl DownloadReporter {
    pub fn new(quiet: bool) -> DownloadReporter {
        if quiet {
            DownloadReporter::Silent
        } else if std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("downloading {bar:30} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            DownloadReporter::Bar(bar)
        } else {
            DownloadReporter::Lines { printed: 0 }
        }
    }

    pub fn update(&mut self, progress: &DownloadProgress) {
        match self {
            DownloadReporter::Bar(bar) => {
                bar.set_length(progress.total);
                bar.set_position(progress.done);
                bar.set_message(summary(progress));
            }
            DownloadReporter::Lines { printed } => {
                let tenth = progress.done * 10 / progress.total.max(1);
                // A line each time another tenth has arrived.
                if tenth > *printed {
                    *printed = tenth;
                    eprintln!("downloading: {}% ({})", tenth * 10, summary(progress));
                }
            }
            DownloadReporter::Silent => {}
        }
    }

    pub fn finish(&self) {
        if let DownloadReporter::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// `18.9 of 63.2 MB · 5.1 MB/s · 0:08 left`.
fn summary(progress: &DownloadProgress) -> String {
    let mut text = format!(
        "{:.1} of {:.1} MB",
        progress.done as f64 / 1e6,
        progress.total as f64 / 1e6
    );
    let speed = progress.speed();
    if speed > 0.0 {
        text.push_str(&format!(" · {:.1} MB/s", speed / 1e6));
    }
    if let Some(eta) = progress.eta().filter(|_| progress.done < progress.total) {
        text.push_str(&format!(
            " · {} left",
            clock(eta.max(Duration::from_secs(1)))
        ));
    }
    text
}
