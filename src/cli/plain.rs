//! Plain mode: one line per event on standard output, commands as words on standard input.
//! For screen readers, braille displays and pipes: nothing is redrawn, no escape codes.

use std::io::{BufRead, Write};
use std::sync::mpsc::Sender;

use docbao::{Command, Event, Player, Status};

use crate::read::{Input, Ui};
use crate::words::{event_line, speed, total};

pub struct Plain {
    out: std::io::Stdout,
}

impl Plain {
    /// Starts with a line saying what is being read.
    pub fn new(player: &Player) -> Plain {
        let status = player.status();
        let mut plain = Plain {
            out: std::io::stdout(),
        };
        let _ = plain.line(&format!(
            "reading {} sentences, {}, voice {}, speed {}",
            status.sentences,
            total(&status),
            player.voice().name,
            speed(status.speedup)
        ));
        plain
    }

    fn line(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.lock();
        writeln!(out, "{text}")?;
        out.flush()
    }
}

impl Ui for Plain {
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
        self.line(
            "commands: pause, play, seek +30, seek -10, seek 1:30, next, prev, sentence 5, \
             speed 1.5, faster, slower, volume 80, mute, where, quit",
        )
    }

    fn message(&mut self, text: &str) -> std::io::Result<()> {
        self.line(text)
    }
}

/// Reads commands from standard input on a thread of its own; when it closes, playback goes
/// on.
pub fn listen_to_stdin(inputs: Sender<Input>) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let input = match line {
                "help" | "?" | "h" => Input::Help,
                _ => match line.parse::<Command>() {
                    Ok(command) => Input::Command(command),
                    Err(error) => Input::Invalid(error.to_string()),
                },
            };
            if inputs.send(input).is_err() {
                break;
            }
        }
    });
}
