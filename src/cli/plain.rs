//! Plain mode: one line per event on standard output, commands as words on standard input.
//! For screen readers, braille displays and pipes: nothing is redrawn, no escape codes. In the
//! events-only form (`--plain=events`) a sentence is said by its number, not its text, so a
//! screen reader does not speak over docbao.

use std::io::{BufRead, Read, Write};
use std::sync::mpsc::Sender;

use docbao::{Command, CommandError, Event, Player, Status};

use crate::messages::{Language, language, tr};
use crate::read::{Heading, Input, Step, Ui};
use crate::words::{Sentences, event_line, speed, total_words};

pub struct Plain {
    out: std::io::Stdout,
    /// Several articles are read: their commands are in the help.
    queue: bool,
    sentences: Sentences,
    /// The sentence a move just named (`sentence 5 of 37, at 0:20`): in events-only mode its
    /// start is not said again.
    named: Option<usize>,
    /// The article's first start is still to come: it is said by the opening line.
    first_start: bool,
}

impl Plain {
    /// Plain mode showing `sentences` by their text or by their numbers.
    pub fn new(sentences: Sentences) -> Plain {
        Plain {
            out: std::io::stdout(),
            queue: false,
            sentences,
            named: None,
            first_start: false,
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
            // The title is the article's own text: events-only mode leaves it to the voice.
            let line = match self.sentences {
                Sentences::Text => tr!(
                    "article-heading",
                    number = heading.number,
                    count = heading.count,
                    title = heading.title
                ),
                Sentences::Numbers => tr!(
                    "article-number",
                    number = heading.number,
                    count = heading.count
                ),
            };
            self.line(&line)?;
        }
        self.named = None;
        self.first_start = true;
        let status = player.status();
        self.line(&tr!(
            "reading-start",
            sentences = status.sentences,
            length = total_words(&status),
            voice = player.voice().name.as_str(),
            speed = speed(status.speedup)
        ))
    }

    fn event(&mut self, event: &Event, status: &Status) -> std::io::Result<()> {
        // The first start is said by the opening line (when it is at the very start; a
        // reading resumed at a saved place says where). Any later one is a listener's "play",
        // said wherever it is: at 0:00 too, as after a rate change while paused, when the
        // place is still that sentence's start until it is made again.
        if let Event::Resumed { at } = event
            && std::mem::take(&mut self.first_start)
            && at.is_zero()
            && status.sentence == 0
        {
            return Ok(());
        }
        match event {
            Event::Seeked { sentence, .. } => self.named = Some(*sentence),
            Event::SentenceStarted { index, .. }
                if self.sentences == Sentences::Numbers && self.named.take() == Some(*index) =>
            {
                return Ok(());
            }
            Event::SentenceStarted { .. } => self.named = None,
            _ => {}
        }
        match event_line(event, status, self.sentences) {
            Some(line) => self.line(&line),
            None => Ok(()),
        }
    }

    fn tick(&mut self, _status: &Status) -> std::io::Result<()> {
        Ok(())
    }

    fn help(&mut self) -> std::io::Result<()> {
        let articles = if self.queue {
            tr!("help-articles")
        } else {
            String::new()
        };
        let commands = tr!("help-commands", commands = docbao::audio::command::COMMANDS);
        self.line(&format!("{commands}{articles}"))
    }

    fn message(&mut self, text: &str) -> std::io::Result<()> {
        self.line(text)
    }
}

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
                Some(Input::Invalid(tr!("line-too-long", bytes = MAX_LINE)))
            } else {
                match std::str::from_utf8(&buf) {
                    Ok(line) => parse_line(line),
                    Err(_) => Some(Input::Invalid(tr!("line-not-text"))),
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
        Err(error) => Input::Invalid(refused_line(&error)),
    })
}

/// Why a command was not understood, in the listener's language.
fn refused_line(error: &CommandError) -> String {
    if language() == Language::En {
        return error.to_string();
    }
    match error {
        CommandError::Unknown(given) => tr!(
            "not-a-command",
            given = given.as_str(),
            commands = docbao::audio::command::COMMANDS
        ),
        CommandError::BadValue { given, command, .. } => {
            let given = given.as_str();
            match *command {
                "seek" => tr!("bad-seek", given = given),
                "sentence" => tr!("bad-sentence", given = given),
                "speed" => tr!("bad-speed", given = given),
                "sleep" => tr!("bad-sleep", given = given),
                "volume" => tr!("bad-volume", given = given),
                _ => error.to_string(),
            }
        }
    }
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
