//! Render progress on stderr: a bar on a terminal, a line per tenth otherwise, or nothing.

use std::io::IsTerminal;

use docbao::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::clock::clock;

pub enum Reporter {
    Bar(ProgressBar),
    Lines {
        printed: usize,
    },
    /// `@progress DONE TOTAL AUDIO_MS` after each sentence, for a parent process.
    Machine,
    Silent,
}

impl Reporter {
    pub fn new(quiet: bool) -> Reporter {
        if quiet {
            Reporter::Silent
        } else if std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "rendering {bar:30} {pos}/{len} sentences · {msg} of audio · {eta} left",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message("0:00");
            Reporter::Bar(bar)
        } else {
            Reporter::Lines { printed: 0 }
        }
    }

    pub fn update(&mut self, progress: Progress) {
        match self {
            Reporter::Bar(bar) => {
                bar.set_length(progress.total as u64);
                bar.set_position(progress.done as u64);
                bar.set_message(clock(progress.audio));
            }
            Reporter::Lines { printed } => {
                let percent = progress.done * 100 / progress.total.max(1);
                // A line each time another tenth is done.
                if percent / 10 > *printed {
                    *printed = percent / 10;
                    eprintln!(
                        "rendering: {percent}% ({} of {} sentences, {} of audio)",
                        progress.done,
                        progress.total,
                        clock(progress.audio)
                    );
                }
            }
            Reporter::Machine => eprintln!(
                "@progress {} {} {}",
                progress.done,
                progress.total,
                progress.audio.as_millis()
            ),
            Reporter::Silent => {}
        }
    }

    pub fn finish(&self) {
        if let Reporter::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
