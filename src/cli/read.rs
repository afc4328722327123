//! `docbao read`: plays the text on the sound card, in the terminal view or in plain mode,
//! until the end or until the listener quits.

use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Result, bail};
use docbao::{Command, Event, Place, Player, PlayerOptions, SleepEvent, Start, Status};

use crate::args::ReadArgs;
use crate::bookmark::Bookmark;
use crate::input::read_document;
use crate::render::{Output, choose_voice, render_to};
use crate::safe::say;
use crate::words::{refusal_line, sleep_line, time, total};
use crate::{plain, view};

/// How often the view is refreshed when nothing happens.
const TICK: Duration = Duration::from_millis(50);

/// What reaches the loop from the listener.
pub enum Input {
    /// A command to carry out.
    Command(Command),
    /// Show the keys or commands.
    Help,
    /// Something that is not a command; the message says so.
    Invalid(String),
    /// The terminal has this many columns now.
    Resized(u16),
}

/// A way of showing the player: the terminal view or plain lines.
pub trait Ui {
    /// Something happened.
    fn event(&mut self, event: &Event, status: &Status) -> std::io::Result<()>;
    /// Nothing happened for a moment: refresh what changes by itself (the timer).
    fn tick(&mut self, status: &Status) -> std::io::Result<()>;
    /// Show the keys or commands.
    fn help(&mut self) -> std::io::Result<()>;
    /// Show a short message.
    fn message(&mut self, text: &str) -> std::io::Result<()>;
    /// The terminal has `cols` columns now: draw again what depends on it.
    fn resized(&mut self, _cols: u16) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn run(args: &ReadArgs) -> Result<()> {
    let doc = read_document(&args.input)?;
    let voice = choose_voice(args.voice.voice.as_deref(), doc.lang(), false)?;
    let voice = args.voice.apply_speaker(voice)?;
    if let Some(audio) = &args.output {
        let output = Output {
            audio,
            settings: crate::render::settings(&args.audio),
            subtitles: args.subtitles.as_deref(),
            style: args.style.style(),
            quiet: false,
            progress_lines: false,
        };
        return render_to(&doc, &voice, args.voice.rate, &output).map(drop);
    }
    let mut bookmark = Bookmark::open(args, &doc);
    let resume = (args.from.is_none() && args.from_sentence.is_none() && !args.from_start)
        .then(|| bookmark.resume_point())
        .flatten();
    let start = match (args.from, args.from_sentence, resume) {
        (Some(time), _, _) => Start::Time(time),
        (None, Some(n), _) => Start::Sentence(usize::try_from(n - 1).unwrap_or(usize::MAX)),
        (None, None, Some(place)) => Start::Place(place),
        (None, None, None) => Start::Beginning,
    };
    let options = PlayerOptions {
        rate: args.voice.rate,
        volume: f32::from(args.volume) / 100.0,
        start,
        sleep: args.sleep,
        ..PlayerOptions::default()
    };
    let plain = args.plain
        || !std::io::stdout().is_terminal()
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    let (inputs_tx, inputs) = mpsc::channel();
    // Ctrl-C (outside the terminal view, which reads it as a key), SIGTERM and SIGHUP quit
    // like `q`: the terminal is restored, the place saved and printed.
    crate::signals::quit(inputs_tx.clone());
    crate::signals::on_forced_exit_save(crate::bookmark::save_last);
    let player = Player::new(&doc, &voice, options)?;
    let mut opening: Vec<String> = resume
        .map(|_| Bookmark::resuming_line(&player.status()))
        .into_iter()
        .collect();
    if let Some(sleep) = args.sleep {
        opening.push(sleep_line(&SleepEvent::Set { remaining: sleep }));
    }
    let ending = if plain {
        plain::listen_to_stdin(inputs_tx);
        let mut ui = plain::Plain::new(&player);
        for line in &opening {
            ui.message(line)?;
        }
        run_loop(&player, &inputs, &mut ui, &mut bookmark)
    } else {
        let mut ui = view::View::open(&player, inputs_tx)?;
        for line in &opening {
            ui.message(line)?;
        }
        let ending = run_loop(&player, &inputs, &mut ui, &mut bookmark);
        drop(ui); // restores the terminal before anything more is printed
        ending
    };
    let ending = match ending {
        Ok(ending) => ending,
        Err(error) => {
            // The output failed (a closed pipe): the place is kept all the same.
            let _ = bookmark.save_now(player.place(), &player.status(), &player);
            return Err(error);
        }
    };
    let warning = match &ending {
        Ending::Finished(status) => bookmark.finished(status, &player),
        Ending::Quit(place, status)
        | Ending::Slept(place, status)
        | Ending::Failed(_, place, status) => bookmark.save_now(*place, status, &player),
    };
    if let Some(warning) = warning {
        say!("{warning}");
    }
    match ending {
        Ending::Finished(_) => Ok(()),
        Ending::Quit(_, status) => {
            let from = time(status.position, status.duration);
            say!(
                "stopped at {from} of {}, sentence {} of {}; {}",
                total(&status),
                status.sentence + 1,
                status.sentences,
                bookmark.go_on(args, &status, &player),
            );
            Ok(())
        }
        Ending::Slept(place, status) => {
            say!(
                "stopped at {} of {}, sentence {} of {}, for the sleep timer; {}",
                time(status.position, status.duration),
                total(&status),
                place.sentence + 1,
                status.sentences,
                bookmark.go_on(args, &status, &player),
            );
            Ok(())
        }
        Ending::Failed(message, _, _) => bail!(message),
    }
}

/// How the reading ended, and where.
enum Ending {
    Finished(Status),
    Quit(Place, Status),
    /// The sleep timer paused it between two sentences.
    Slept(Place, Status),
    Failed(String, Place, Status),
}

/// Plays until the end, a quit, or a failure, feeding events to `ui` and inputs to the player,
/// and saving the place every few seconds.
fn run_loop(
    player: &Player,
    inputs: &Receiver<Input>,
    ui: &mut dyn Ui,
    bookmark: &mut Bookmark,
) -> Result<Ending> {
    let mut listening = true;
    // Nothing heard yet: a refused start is said with what happens instead.
    let mut started = false;
    loop {
        while let Ok(event) = player.events().try_recv() {
            let status = player.status();
            match &event {
                Event::SentenceStarted { .. } => started = true,
                Event::Refused(refusal) if !started => {
                    let line = refusal_line(refusal);
                    ui.message(&format!("{line}; reading from the beginning"))?;
                    continue;
                }
                _ => {}
            }
            ui.event(&event, &status)?;
            match event {
                Event::Finished => return Ok(Ending::Finished(status)),
                Event::Sleep(SleepEvent::Stopped { .. }) => {
                    return Ok(Ending::Slept(player.place(), status));
                }
                Event::Error {
                    message,
                    fatal: true,
                } => return Ok(Ending::Failed(message, player.place(), status)),
                _ => {}
            }
        }
        let input = if listening {
            match inputs.recv_timeout(TICK) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    // Nobody gives commands any more (standard input closed): keep playing.
                    listening = false;
                    None
                }
            }
        } else {
            std::thread::sleep(TICK);
            None
        };
        match input {
            Some(Input::Command(Command::Quit)) => {
                let (place, status) = (player.place(), player.status());
                player.stop();
                return Ok(Ending::Quit(place, status));
            }
            Some(Input::Command(command)) => player.apply(command),
            Some(Input::Help) => ui.help()?,
            Some(Input::Invalid(message)) => ui.message(&message)?,
            Some(Input::Resized(cols)) => ui.resized(cols)?,
            None => {}
        }
        ui.tick(&player.status())?;
        if let Some(warning) = bookmark.tick(player) {
            ui.message(&warning)?;
        }
    }
}
