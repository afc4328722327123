//! `docbao read`: plays an article on the sound card — or several in a row, a queue — in the
//! terminal view or in plain mode, until the end or until the listener quits.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::{Result, bail};
use docbao::config::PlainMode;
use docbao::{
    Command, Document, Event, Place, Player, PlayerOptions, Rate, Refusal, SleepEvent, Start,
    Status,
};

use crate::args::ReadArgs;
use crate::bookmark::Bookmark;
use crate::input::{load, title_of};
pub use crate::listener::{Input, Step};
use crate::messages::tr;
use crate::mpris::{Mpris, Track};
use crate::queue::{Articles, Item};
use crate::render::{Output, choose_voice, render_to, voice_for};
use crate::safe::say;
use crate::words::{Sentences, refusal_line, sleep_line, time, total_words};
use crate::{plain, view};

/// How often the view is refreshed when nothing happens.
const TICK: Duration = Duration::from_millis(50);

/// Which article of a queue is playing.
pub struct Heading<'a> {
    /// Counting from 1.
    pub number: usize,
    pub count: usize,
    pub title: &'a str,
}

/// A way of showing the player: the terminal view or plain lines.
pub trait Ui {
    /// A reading starts (an article of a queue, with its heading).
    fn start(&mut self, player: &Player, heading: Option<&Heading>) -> std::io::Result<()>;
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
    if args.output.is_none() {
        // The sound server and libespeak-ng start while the article loads.
        Player::warm_up();
    }
    let config = docbao::config::Config::load()?;
    crate::messages::choose(config.language);
    let plain_variable = std::env::var(crate::settings::PLAIN_VARIABLE).ok();
    let args = &crate::settings::settle(args, &config, plain_variable.as_deref())?;
    let items = crate::queue::gather(args)?;
    let single = items.len() == 1;
    if let Some(audio) = &args.output {
        if !single {
            bail!(
                "--output writes one article; for several, use `docbao render A B C -o all.opus` (one file, a chapter each) or `--out-dir DIR`"
            );
        }
        let doc = load_now(&items[0], args)?;
        let voice = choose_voice(args.voice.voice.as_deref(), doc.lang(), false)?;
        let voice = args.voice.apply_speaker(voice)?;
        let output = Output {
            audio,
            settings: crate::render::settings(&args.audio),
            subtitles: args.subtitles.as_deref(),
            style: args.style.style(),
            quiet: false,
            progress_lines: false,
            threads: 0,
        };
        return render_to(&doc, &voice, args.voice.rate(), &output).map(drop);
    }
    // One article: what goes wrong before it plays is the command's error, with its hint.
    let first = if single {
        Some(load(items[0].input.as_deref(), &args.input)?)
    } else {
        None
    };
    let mut articles = Articles::new(items, &args.input);
    match first {
        Some(doc) => articles.set(0, Ok(doc)),
        None => articles.read_stdin(),
    }
    let plain = match args.plain.unwrap_or_default() {
        PlainMode::Text => Some(Sentences::Text),
        PlainMode::Events => Some(Sentences::Numbers),
        PlainMode::Off => (!std::io::stdout().is_terminal()
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb"))
        .then_some(Sentences::Text),
    };
    let (inputs_tx, inputs) = mpsc::channel();
    // Ctrl-C (outside the terminal view, which reads it as a key), SIGTERM and SIGHUP quit
    // like `q`: the terminal is restored, the place saved and printed.
    crate::signals::quit(inputs_tx.clone());
    crate::signals::on_forced_exit_save(crate::bookmark::save_last);
    if plain.is_some() {
        plain::listen_to_stdin(inputs_tx.clone());
    }
    // Media keys and the desktop's "now playing" ask through the same channel as the keys.
    let mpris = Mpris::start(inputs_tx.clone());
    let mut session = Session {
        args,
        single,
        plain,
        keys: Some(inputs_tx),
        inputs,
        mpris,
        listening: true,
        ui: None,
        rate: args.voice.rate(),
        volume: f32::from(args.volume.unwrap_or(100)) / 100.0,
        muted: false,
        sleep: args.sleep,
        warned: HashSet::new(),
        skipped: Vec::new(),
        parked: None,
    };
    let stop = session.go(&mut articles);
    // Restores the terminal before anything more is printed.
    session.ui.take();
    match stop? {
        Stop::End if session.skipped.is_empty() => Ok(()),
        Stop::End if session.skipped.len() == articles.len() => {
            bail!("none of the {} articles could be read", articles.len())
        }
        Stop::End => bail!(
            "{} of {} articles could not be read: {}",
            session.skipped.len(),
            articles.len(),
            session.skipped.join(", ")
        ),
        Stop::Said(line) => {
            say!("{line}");
            Ok(())
        }
        Stop::Failed(message) => bail!(message),
    }
}

/// Loads `item`, saying its warnings on standard error (nothing is on the screen yet).
fn load_now(item: &Item, args: &ReadArgs) -> Result<Document> {
    let doc = load(item.input.as_deref(), &args.input)?;
    for warning in doc.warnings() {
        say!("docbao: warning: {warning}");
    }
    Ok(doc)
}

/// How the whole reading ended.
enum Stop {
    /// Every article was read (or skipped).
    End,
    /// Stopped early: what to print when the terminal is back.
    Said(String),
    /// The sound card failed.
    Failed(String),
}

/// What became of one article.
enum Outcome {
    Finished,
    Step(Step),
    /// It could not be read: why, in one sentence.
    Skipped(String),
    Stop(Stop),
}

/// The reading of a queue (or of one article): the view, the listener's inputs, and what
/// carries over from one article to the next (rate, volume, the sleep timer).
struct Session<'a> {
    args: &'a ReadArgs,
    single: bool,
    /// Plain mode, showing sentences so; `None` for the terminal view.
    plain: Option<Sentences>,
    /// Where the terminal view's keys go, until it opens.
    keys: Option<Sender<Input>>,
    inputs: Receiver<Input>,
    /// The desktop's media keys and "now playing" (off without a session bus).
    mpris: Mpris,
    listening: bool,
    /// Opened when the first article starts playing.
    ui: Option<Box<dyn Ui>>,
    rate: Rate,
    volume: f32,
    muted: bool,
    sleep: Option<Duration>,
    /// Warnings said already (the same voice warnings come with every article).
    warned: HashSet<String>,
    /// The articles that could not be read, as given.
    skipped: Vec<String>,
    /// The last player, kept open until the reading's last line is printed.
    parked: Option<Player>,
}

impl Session<'_> {
    /// Reads the articles in order, moving as the listener asks.
    fn go(&mut self, articles: &mut Articles) -> Result<Stop> {
        let count = articles.len();
        let (mut index, mut forward) = (0, true);
        let mut first = true;
        let mut reported = vec![false; count];
        while index < count {
            let step = |index: &mut usize, forward: &mut bool| {
                if *forward || *index == 0 {
                    *forward = true;
                    *index += 1;
                } else {
                    *index -= 1;
                }
            };
            if articles.failed(index) && reported[index] {
                step(&mut index, &mut forward);
                continue;
            }
            let (inputs, ui) = (&self.inputs, &mut self.ui);
            let loaded = articles.get(index, TICK, &mut || keep_loading(inputs, ui));
            let Some(loaded) = loaded else {
                let item = articles.item(index).shown().to_string();
                return Ok(Stop::Said(tr!(
                    "stopped-before-load",
                    number = index + 1,
                    count = count,
                    item = item
                )));
            };
            let outcome = match loaded {
                Ok(doc) => {
                    if !reported[index] {
                        for warning in doc.warnings() {
                            self.message(&format!("docbao: warning: {warning}"))?;
                        }
                    }
                    reported[index] = true;
                    articles.prefetch(index + 1);
                    self.play(index, &doc, articles, first)?
                }
                Err(reason) => Outcome::Skipped(reason),
            };
            reported[index] = true;
            match outcome {
                Outcome::Finished | Outcome::Step(Step::Next) => {
                    index += 1;
                    forward = true;
                }
                Outcome::Step(Step::Previous) => {
                    index = index.saturating_sub(1);
                    forward = false;
                }
                Outcome::Skipped(reason) => {
                    let item = articles.item(index).shown().to_string();
                    articles.set(index, Err(reason.clone()));
                    self.message(&tr!(
                        "article-skipped",
                        number = index + 1,
                        count = count,
                        item = item.as_str(),
                        reason = reason
                    ))?;
                    self.skipped.push(item);
                    step(&mut index, &mut forward);
                }
                Outcome::Stop(stop) => return Ok(stop),
            }
            first = false;
        }
        Ok(Stop::End)
    }

    /// Plays article `index` until it ends or the listener leaves it.
    fn play(
        &mut self,
        index: usize,
        doc: &Document,
        articles: &Articles,
        first: bool,
    ) -> Result<Outcome> {
        let args = self.args;
        let item = articles.item(index).clone();
        let (voice, warnings) = voice_for(args.voice.voice.as_deref(), doc.lang())?;
        let voice = args.voice.apply_speaker(voice)?;
        for warning in warnings {
            self.message(&warning)?;
        }
        let mut bookmark = Bookmark::open(item.input.as_deref(), doc);
        for warning in bookmark.warnings() {
            self.message(&warning)?;
        }
        let asked = first && (args.from.is_some() || args.from_sentence.is_some());
        let resume = (!asked && !args.from_start)
            .then(|| bookmark.resume_point())
            .flatten();
        let start = match (
            first.then_some(args.from).flatten(),
            args.from_sentence,
            resume,
        ) {
            (Some(time), _, _) => Start::Time(time),
            (None, Some(n), _) if first => {
                Start::Sentence(usize::try_from(n - 1).unwrap_or(usize::MAX))
            }
            (_, _, Some(place)) => Start::Place(place),
            _ => Start::Beginning,
        };
        let options = PlayerOptions {
            rate: self.rate,
            volume: self.volume,
            start,
            sleep: self.sleep,
            ..PlayerOptions::default()
        };
        let player = match Player::new(doc, &voice, options) {
            Ok(player) => player,
            Err(docbao::Error::NothingToSay) if !self.single => {
                return Ok(Outcome::Skipped("there is nothing in it to read".into()));
            }
            Err(error) => return Err(error.into()),
        };
        if let Some(warning) = crate::render::other_language(&voice, doc.lang()) {
            self.message(&warning)?;
        }
        if self.muted {
            player.apply(Command::ToggleMute);
        }
        self.open_ui()?;
        let Some(ui) = self.ui.as_deref_mut() else {
            bail!("the terminal view did not open");
        };
        let count = articles.len();
        let title = title_of(doc).unwrap_or_else(|| item.shown().to_string());
        let heading = (!self.single).then(|| Heading {
            number: index + 1,
            count,
            title: &title,
        });
        ui.start(&player, heading.as_ref())?;
        if resume.is_some() {
            ui.message(&Bookmark::resuming_line(&player.status()))?;
        }
        if let (true, Some(sleep)) = (first, args.sleep) {
            ui.message(&sleep_line(&SleepEvent::Set { remaining: sleep }))?;
        }
        let queue = Queue {
            next: index + 1 < count,
            previous: (0..index).any(|i| !articles.failed(i)),
            number: index + 1,
            count,
        };
        let metadata = doc.metadata();
        self.mpris.track(
            Track {
                number: index + 1,
                count,
                title: title.clone(),
                site: metadata.site.clone(),
                author: metadata.author.clone(),
                url: metadata.url.clone(),
                next: queue.next,
                previous: queue.previous,
            },
            &player.status(),
        );
        let ending = run_loop(
            &player,
            &self.inputs,
            ui,
            &self.mpris,
            &mut bookmark,
            &queue,
            &mut self.listening,
        );
        let ending = match ending {
            Ok(ending) => ending,
            Err(error) => {
                // The output failed (a closed pipe): the place is kept all the same.
                let _ = bookmark.save_now(player.place(), &player.status(), &player);
                return Err(error);
            }
        };
        let last = player.status();
        (self.rate, self.volume, self.muted) = (last.rate, last.volume, last.muted);
        self.sleep = last.sleep.filter(|left| !left.is_zero());
        let warning = match &ending {
            Ending::Finished(status) => bookmark.finished(status, &player),
            Ending::Quit(place, status)
            | Ending::Slept(place, status)
            | Ending::Moved(_, place, status)
            | Ending::Failed(_, place, status) => bookmark.save_now(*place, status, &player),
        };
        if let Some(warning) = warning {
            self.message(&warning)?;
        }
        let more = articles.typed_after(index);
        let outcome = match ending {
            Ending::Finished(status)
                if status.sleep == Some(Duration::ZERO) && !more.is_empty() =>
            {
                // The timer came due in the last sentence: the next article waits for tomorrow.
                Outcome::Stop(Stop::Said(tr!(
                    "stopped-after-article",
                    number = index + 1,
                    count = count,
                    hint = bookmark.go_on_after(args, &status, &player, &more)
                )))
            }
            Ending::Finished(_) => Outcome::Finished,
            Ending::Moved(step, _, _) => Outcome::Step(step),
            Ending::Quit(_, status) => Outcome::Stop(Stop::Said(tr!(
                "stopped-at",
                at = time(status.position, status.duration),
                total = total_words(&status),
                number = status.sentence + 1,
                count = status.sentences,
                article = self.of_article(index, count),
                hint = bookmark.go_on(args, &status, &player, &more),
            ))),
            Ending::Slept(place, status) => Outcome::Stop(Stop::Said(tr!(
                "stopped-slept",
                at = time(status.position, status.duration),
                total = total_words(&status),
                number = place.sentence + 1,
                count = status.sentences,
                article = self.of_article(index, count),
                hint = bookmark.go_on(args, &status, &player, &more),
            ))),
            Ending::Failed(message, _, _) => Outcome::Stop(Stop::Failed(message)),
        };
        if matches!(outcome, Outcome::Stop(_)) {
            // Closing the sound card can take a moment on a busy machine: the line saying
            // where the reading stopped is printed first, within the signal's grace time.
            self.parked = Some(player);
        }
        Ok(outcome)
    }

    /// `, article 2 of 5` in a queue.
    fn of_article(&self, index: usize, count: usize) -> String {
        if self.single {
            String::new()
        } else {
            tr!("of-article", number = index + 1, count = count)
        }
    }

    /// Opens the terminal view or plain mode, the first time.
    fn open_ui(&mut self) -> Result<()> {
        if self.ui.is_none() {
            let ui: Box<dyn Ui> = if let Some(sentences) = self.plain {
                Box::new(plain::Plain::new(sentences))
            } else {
                let Some(keys) = self.keys.take() else {
                    bail!("the terminal view cannot read keys");
                };
                Box::new(view::View::open(keys)?)
            };
            self.ui = Some(ui);
        }
        Ok(())
    }

    /// Shows `text`: in the view or plain mode, or on standard error before they open.
    /// A warning already said is not said again.
    fn message(&mut self, text: &str) -> Result<()> {
        if text.starts_with("docbao: warning: ") && !self.warned.insert(text.to_string()) {
            return Ok(());
        }
        match &mut self.ui {
            Some(ui) => ui.message(text)?,
            None => say!("{text}"),
        }
        Ok(())
    }
}

/// While an article loads, nothing plays: the view stays drawn, and a quit is obeyed.
fn keep_loading(inputs: &Receiver<Input>, ui: &mut Option<Box<dyn Ui>>) -> bool {
    while let Ok(input) = inputs.try_recv() {
        match input {
            Input::Command(Command::Quit) => return false,
            Input::Resized(cols) => {
                if let Some(ui) = ui {
                    let _ = ui.resized(cols);
                }
            }
            _ => {}
        }
    }
    true
}

/// Where an article is in its queue.
struct Queue {
    next: bool,
    previous: bool,
    number: usize,
    count: usize,
}

/// How the reading of an article ended, and where.
enum Ending {
    Finished(Status),
    Quit(Place, Status),
    /// The sleep timer paused it between two sentences.
    Slept(Place, Status),
    /// The listener went to another article.
    Moved(Step, Place, Status),
    Failed(String, Place, Status),
}

/// Plays until the end, a quit, a move to another article or a failure, feeding events to
/// `ui` and inputs to the player, and saving the place every few seconds.
fn run_loop(
    player: &Player,
    inputs: &Receiver<Input>,
    ui: &mut dyn Ui,
    mpris: &Mpris,
    bookmark: &mut Bookmark,
    queue: &Queue,
    listening: &mut bool,
) -> Result<Ending> {
    // Nothing heard yet: a refused start is said with what happens instead.
    let mut started = false;
    loop {
        while let Ok(event) = player.events().try_recv() {
            let status = player.status();
            match &event {
                Event::SentenceStarted { .. } => started = true,
                Event::Refused(refusal) if !started => {
                    let line = refusal_line(refusal);
                    ui.message(&tr!("from-the-beginning", line = line))?;
                    continue;
                }
                Event::Refused(Refusal::LastSentence { .. }) if queue.next => {
                    let line = refusal_line(&Refusal::LastSentence {
                        sentences: status.sentences,
                    });
                    ui.message(&tr!("next-article-hint", line = line))?;
                    continue;
                }
                _ => {}
            }
            // The desktop first: what the screen says is already true on the bus.
            mpris.event(&event, &status);
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
        let input = if *listening {
            match inputs.recv_timeout(TICK) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    // Nobody gives commands any more (standard input closed): keep playing.
                    *listening = false;
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
            Some(Input::Article(step)) => {
                let possible = match step {
                    Step::Next => queue.next,
                    Step::Previous => queue.previous,
                };
                if possible {
                    let (place, status) = (player.place(), player.status());
                    player.stop();
                    return Ok(Ending::Moved(step, place, status));
                }
                let (number, count) = (queue.number, queue.count);
                let line = match step {
                    _ if count < 2 => tr!("one-article"),
                    Step::Next => tr!("last-article", number = number, count = count),
                    Step::Previous => tr!("first-article", number = number, count = count),
                };
                ui.message(&line)?;
            }
            None => {}
        }
        let status = player.status();
        ui.tick(&status)?;
        mpris.tick(&status);
        if let Some(warning) = bookmark.tick(player) {
            ui.message(&warning)?;
        }
    }
}
