//! The terminal view: each sentence's text as it starts, and one status line redrawn in place
//! (`▶ 0:42 / 3:15 · 4/37 · Giọng nữ · 1.0×`). Keys follow mpv. The terminal is put back on
//! every way out: quit, end, Ctrl-C, SIGTERM, a panic.

use std::io::{Stdout, Write};
use std::sync::mpsc::Sender;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, SetAttribute};
use crossterm::terminal::{Clear, ClearType};
use crossterm::{cursor, execute, queue, terminal};
use docbao::{Command, Event, Player, Rate, SleepChange, Status};
use unicode_width::UnicodeWidthChar;

use crate::messages::{text, tr};
use crate::read::{Heading, Input, Step, Ui};
use crate::words::{Sentences, event_line, status_line};

/// What `s` adds to the sleep timer.
const SLEEP_STEP: std::time::Duration = std::time::Duration::from_secs(600);

/// The lines of the key help, by message id.
const HELP: [&str; 6] = ["keys-1", "keys-2", "keys-3", "keys-4", "keys-5", "keys-6"];

pub struct View {
    out: Stdout,
    voice: String,
    /// Which article of a queue, and how many there are.
    article: Option<(usize, usize)>,
    /// The status line as last drawn, and the columns it took.
    drawn: String,
    drawn_width: usize,
    styled: bool,
}

impl View {
    /// Takes over the terminal (raw mode, hidden cursor) and starts reading keys.
    pub fn open(inputs: Sender<Input>) -> std::io::Result<View> {
        terminal::enable_raw_mode()?;
        crate::signals::on_forced_exit(restore);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        let mut out = std::io::stdout();
        execute!(out, cursor::Hide)?;
        std::thread::spawn(move || read_keys(&inputs));
        Ok(View {
            out,
            voice: String::new(),
            article: None,
            drawn: String::new(),
            drawn_width: 0,
            styled: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        })
    }

    /// Prints a line above the status line, then the status line again.
    fn print(&mut self, text: &str) -> std::io::Result<()> {
        queue!(
            self.out,
            cursor::MoveToColumn(0),
            Clear(ClearType::CurrentLine)
        )?;
        write!(self.out, "{}\r\n", crate::safe::visible(text))?;
        let status = std::mem::take(&mut self.drawn);
        self.draw(&status)
    }

    fn draw(&mut self, line: &str) -> std::io::Result<()> {
        // A terminal that does not say its size (some pseudo-terminals say 0) gets 80 columns.
        let width = terminal::size()
            .ok()
            .filter(|(w, _)| *w > 0)
            .map_or(80, |(w, _)| usize::from(w))
            .max(10);
        let fitted = fit(&crate::safe::visible(line), width - 1);
        queue!(
            self.out,
            cursor::MoveToColumn(0),
            Clear(ClearType::CurrentLine)
        )?;
        if self.styled {
            queue!(self.out, SetAttribute(Attribute::Bold))?;
        }
        write!(self.out, "{fitted}")?;
        if self.styled {
            queue!(self.out, SetAttribute(Attribute::Reset))?;
        }
        self.out.flush()?;
        self.drawn = line.to_string();
        self.drawn_width = fitted.chars().map(|c| c.width().unwrap_or(0)).sum();
        Ok(())
    }
}

impl Ui for View {
    fn start(&mut self, player: &Player, heading: Option<&Heading>) -> std::io::Result<()> {
        self.voice = player.voice().name.clone();
        self.article = heading.map(|h| (h.number, h.count));
        if let Some(heading) = heading {
            self.print(&tr!(
                "article-heading",
                number = heading.number,
                count = heading.count,
                title = heading.title
            ))?;
        }
        self.tick(&player.status())
    }

    fn event(&mut self, event: &Event, status: &Status) -> std::io::Result<()> {
        match event {
            Event::SentenceStarted { .. }
            | Event::Status(_)
            | Event::Refused(_)
            | Event::Sleep(_)
            | Event::Finished
            | Event::Error { .. } => {
                if let Some(line) = event_line(event, status, Sentences::Text) {
                    self.print(&line)?;
                }
            }
            _ => {}
        }
        self.tick(status)
    }

    fn tick(&mut self, status: &Status) -> std::io::Result<()> {
        let line = status_line(status, &self.voice, self.article);
        if line != self.drawn {
            self.draw(&line)
        } else {
            Ok(())
        }
    }

    fn help(&mut self) -> std::io::Result<()> {
        for id in HELP {
            self.print(&text(id, None))?;
        }
        Ok(())
    }

    fn message(&mut self, text: &str) -> std::io::Result<()> {
        self.print(text)
    }

    fn resized(&mut self, cols: u16) -> std::io::Result<()> {
        // Most terminals wrap the lines again when they get narrower: the old status line
        // then takes several rows, the cursor on the last. Go up to its first row and clear
        // everything from there, then draw it anew at the new width (at once: when paused,
        // nothing else would redraw it).
        let cols = usize::from(cols).max(1);
        let up = self.drawn_width.saturating_sub(1) / cols;
        queue!(self.out, cursor::MoveToColumn(0))?;
        if up > 0 {
            queue!(
                self.out,
                cursor::MoveUp(u16::try_from(up).unwrap_or(u16::MAX))
            )?;
        }
        queue!(self.out, Clear(ClearType::FromCursorDown))?;
        let status = std::mem::take(&mut self.drawn);
        self.draw(&status)
    }
}

impl Drop for View {
    fn drop(&mut self) {
        // Leave the last status line on screen, and the cursor below it.
        let _ = write!(self.out, "\r\n");
        restore();
    }
}

/// Puts the terminal back as it was.
fn restore() {
    let mut out = std::io::stdout();
    let _ = execute!(out, SetAttribute(Attribute::Reset), cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// Cuts `line` to `width` columns.
fn fit(line: &str, width: usize) -> String {
    let mut used = 0;
    line.chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect()
}

fn read_keys(inputs: &Sender<Input>) {
    while let Ok(event) = crossterm::event::read() {
        let key = match event {
            crossterm::event::Event::Key(key) => key,
            crossterm::event::Event::Resize(cols, _) => {
                if inputs.send(Input::Resized(cols)).is_err() {
                    break;
                }
                continue;
            }
            _ => continue,
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            crate::signals::interrupt_key();
        }
        if let Some(input) = input_for(key)
            && inputs.send(input).is_err()
        {
            break;
        }
    }
}

/// The mpv-like key map.
pub fn input_for(key: KeyEvent) -> Option<Input> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let command = match key.code {
        KeyCode::Char('c' | 'd') if ctrl => Command::Quit,
        KeyCode::Char(' ' | 'p') => Command::Toggle,
        KeyCode::Left if ctrl => Command::Previous,
        KeyCode::Right if ctrl => Command::Next,
        KeyCode::Left => Command::SeekBy(-5_000),
        KeyCode::Right => Command::SeekBy(5_000),
        KeyCode::Up => Command::SeekBy(60_000),
        KeyCode::Down => Command::SeekBy(-60_000),
        KeyCode::Char(',') | KeyCode::PageUp => Command::Previous,
        KeyCode::Char('.') | KeyCode::PageDown => Command::Next,
        KeyCode::Home => Command::SeekTo(std::time::Duration::ZERO),
        KeyCode::Char('[') => Command::Slower,
        KeyCode::Char(']') => Command::Faster,
        KeyCode::Backspace => Command::SetRate(Rate::Factor(1.0)),
        KeyCode::Char('9' | '/') => Command::ChangeVolume(-0.1),
        KeyCode::Char('0' | '*') => Command::ChangeVolume(0.1),
        KeyCode::Char('m') => Command::ToggleMute,
        KeyCode::Char('i') => Command::Status,
        KeyCode::Char('s') => Command::Sleep(SleepChange::Extend(SLEEP_STEP)),
        KeyCode::Char('S') => Command::Sleep(SleepChange::Off),
        KeyCode::Char('q' | 'Q') => Command::Quit,
        KeyCode::Char('?') => return Some(Input::Help),
        KeyCode::Char('>') => return Some(Input::Article(Step::Next)),
        KeyCode::Char('<') => return Some(Input::Article(Step::Previous)),
        _ => return None,
    };
    Some(Input::Command(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(code: KeyCode, modifiers: KeyModifiers) -> Option<Command> {
        match input_for(KeyEvent::new(code, modifiers)) {
            Some(Input::Command(command)) => Some(command),
            _ => None,
        }
    }

    #[test]
    fn keys_follow_mpv() {
        let none = KeyModifiers::NONE;
        assert_eq!(command(KeyCode::Char(' '), none), Some(Command::Toggle));
        assert_eq!(command(KeyCode::Left, none), Some(Command::SeekBy(-5_000)));
        assert_eq!(command(KeyCode::Right, none), Some(Command::SeekBy(5_000)));
        assert_eq!(command(KeyCode::Up, none), Some(Command::SeekBy(60_000)));
        assert_eq!(command(KeyCode::Down, none), Some(Command::SeekBy(-60_000)));
        assert_eq!(
            command(KeyCode::Left, KeyModifiers::CONTROL),
            Some(Command::Previous)
        );
        assert_eq!(command(KeyCode::Char('.'), none), Some(Command::Next));
        assert_eq!(command(KeyCode::Char(']'), none), Some(Command::Faster));
        assert_eq!(
            command(KeyCode::Char('9'), none),
            Some(Command::ChangeVolume(-0.1))
        );
        assert_eq!(
            command(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Command::Quit)
        );
        assert_eq!(command(KeyCode::Char('x'), none), None);
        assert_eq!(
            command(KeyCode::Char('s'), none),
            Some(Command::Sleep(SleepChange::Extend(SLEEP_STEP)))
        );
        assert_eq!(
            command(KeyCode::Char('S'), KeyModifiers::SHIFT),
            Some(Command::Sleep(SleepChange::Off))
        );
        assert!(matches!(
            input_for(KeyEvent::new(KeyCode::Char('?'), none)),
            Some(Input::Help)
        ));
    }

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("▶ 0:42 / 3:15 · Giọng nữ", 8), "▶ 0:42 /");
        assert_eq!(fit("abc", 10), "abc");
    }
}
