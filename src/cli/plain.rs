//! Plain mode: one line per event on standard output, commands as words on standard input.
//! For screen readers, braille displays and pipes: nothing is redrawn, no escape codes.

use std::io::{BufRead, Read, Write};
use std::sync::mpsc::Sender;

use docbao::{Command, Event, Player, Status};

use crate::read::{Heading, Input, Step, Ui};
use crate::words::{event_line, speed, total};

pub struct Plain {
    out: std::io::Stdout,
    /// Several articles are read: their commands are in the help.
    queue: bool,
}

impl Plain {
    pub fn new() -> Plain {
        Plain {
            out: std::io::stdout(),
            queue: false,
        }
    }

    fn line(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.lock();
        writeln!(out, "{}", crate::safe::visible(text))?;
        out.flush()
    }
}

impl Ui for Plain {
    /// A line saying what is being read, after the article's heading in a queue.
    fn start(&mut self, player: &Player, heading: Option<&Heading>) -> std::io::Result<()> {
        if let Some(heading) = heading {
            self.queue = true;
            self.line(&format!(
                "article {} of {}: {}",
                heading.number, heading.count, heading.title
            ))?;
        }
        let status = player.status();
        self.line(&format!(
            "reading {} sentences, {}, voice {}, speed {}",
            status.sentences,
            total(&status),
            player.voice().name,
            speed(status.speedup)
        ))
    }

    fn event(&mut self, event: &Event, status: &Status) -> std::io::Result<()> {
        // The first start is said by the opening line.
        if let Event::Resumed { at } = event
            && at.is_zero()
            && status.sentence == 0
        {
            return Ok(());
        }
        match event_line(event, status) {
            Some(line) => self.line(&line),
            None => Ok(()),
        }
    }

    fn tick(&mut self, _status: &Status) -> std::io::Result<()> {
        Ok(())
    }

    fn help(&mut self) -> std::io::Result<()> {
        let articles = if self.queue { ARTICLE_COMMANDS } else { "" };
        self.line(&format!(
            "commands: {}{articles}",
            docbao::audio::command::COMMANDS
        ))
    }

    fn message(&mut self, text: &str) -> std::io::Result<()> {
        self.line(text)
    }
}

/// The commands that move in a queue, for the help.
const ARTICLE_COMMANDS: &str =
    "; articles: next article, previous article (bài sau, bài trước; > and <)";

/// The longest command line read; anything longer is skipped.
const MAX_LINE: u64 = 4096;

/// Reads commands from standard input on a thread of its own; when it closes, playback goes
/// on. A line that is not UTF-8, or too long to be a command, is skipped and said so.
pub fn listen_to_stdin(inputs: Sender<Input>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut stdin = stdin.lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match (&mut stdin).take(MAX_LINE).read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            let input = if buf.len() as u64 >= MAX_LINE && !buf.ends_with(b"\n") {
                // The rest of that line goes too.
                let mut rest = Vec::new();
                while !rest.ends_with(b"\n") {
                    rest.clear();
                    match (&mut stdin).take(MAX_LINE).read_until(b'\n', &mut rest) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                }
                Some(Input::Invalid(format!(
                    "skipped a line of more than {MAX_LINE} bytes: not a command"
                )))
            } else {
                match std::str::from_utf8(&buf) {
                    Ok(line) => parse_line(line),
                    Err(_) => Some(Input::Invalid(
                        "skipped a line that is not UTF-8 text: not a command".into(),
                    )),
                }
            };
            if let Some(input) = input
                && inputs.send(input).is_err()
            {
                break;
            }
        }
    });
}

/// What one line of plain-mode input asks for; `None` for a blank line.
fn parse_line(line: &str) -> Option<Input> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    if Command::is_help(line) {
        return Some(Input::Help);
    }
    if let Some(step) = article_step(line) {
        return Some(Input::Article(step));
    }
    Some(match line.parse::<Command>() {
        Ok(command) => Input::Command(command),
        Err(error) => Input::Invalid(error.to_string()),
    })
}

/// `next article`, `bài sau`, `>`: a move in the queue, in any case and spacing.
fn article_step(line: &str) -> Option<Step> {
    let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.to_lowercase().as_str() {
        ">" | "next article" | "article next" | "bài sau" | "bài tiếp" | "bài tiếp theo"
        | "bài kế" => Some(Step::Next),
        "<" | "previous article" | "prev article" | "article previous" | "bài trước"
        | "bài trước đó" => Some(Step::Previous),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_moved_to_in_both_languages() {
        for line in ["next article", "Next  Article", ">", "bài sau", "Bài tiếp"] {
            assert_eq!(article_step(line), Some(Step::Next), "{line}");
        }
        for line in [
            "previous article",
            "prev article",
            "<",
            "bài trước",
            "BÀI TRƯỚC",
        ] {
            assert_eq!(article_step(line), Some(Step::Previous), "{line}");
        }
        for line in ["next", "bài", "article", "câu sau"] {
            assert_eq!(article_step(line), None, "{line}");
        }
        assert!(matches!(
            parse_line("bài sau"),
            Some(Input::Article(Step::Next))
        ));
        assert!(matches!(
            parse_line("câu sau"),
            Some(Input::Command(Command::Next))
        ));
    }
}
