//! The reading's bookmark: where this article was left last time (to resume there), its
//! place saved every few seconds and on every way out, and the line printed on quitting.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use docbao::state::{ArticleKey, Entry, StateError, Store};
use docbao::{Document, Place, Player, Rate, Status};

use crate::args::ReadArgs;
use crate::input::is_address;
use crate::messages::tr;
use crate::saver::Saver;
use crate::words::time;

/// How often the place is saved while playing.
pub const SAVE_EVERY: Duration = Duration::from_secs(5);

/// The last place seen, kept where a forced exit (a second Ctrl-C) can still save it.
static LAST: Mutex<Option<(Store, Entry)>> = Mutex::new(None);

pub struct Bookmark {
    store: Option<Store>,
    /// Writes the place every few seconds while playing, off the playing thread.
    saver: Option<Saver>,
    /// What was saved last time, if anything.
    saved: Option<Entry>,
    /// This reading's entry, updated as it plays.
    entry: Entry,
    last_save: Instant,
    /// The place last handed to the saver, to write only when it moved.
    written: Option<(usize, usize, bool)>,
    /// Whether the last save worked.
    ok: bool,
    /// A save failed and was said once already.
    warned: bool,
    /// What reading the same input again looks like on the command line.
    input: Input,
    /// Warnings not yet shown.
    warnings: Vec<String>,
}

/// How the article was given.
enum Input {
    /// A file or an address, as typed.
    Named(String),
    /// Standard input: nothing to repeat but the text itself.
    Stdin,
}

impl Bookmark {
    /// Looks up `doc` (read from `input`; standard input for `None` or `-`) in the store. A
    /// store that cannot be read is a warning ([`Bookmark::warnings`]), and the reading goes
    /// on from where it was asked to.
    pub fn open(input: Option<&Path>, doc: &Document) -> Bookmark {
        let mut warnings = Vec::new();
        let (key, source, input) = match input {
            Some(path) if path.as_os_str() != "-" => {
                let typed = path.display().to_string();
                match path.to_str().filter(|p| is_address(p)) {
                    Some(address) => (
                        ArticleKey::for_url(address),
                        typed.clone(),
                        Input::Named(typed),
                    ),
                    None => {
                        let full = std::path::absolute(path).unwrap_or_else(|_| path.into());
                        (
                            ArticleKey::for_text(doc.text()),
                            full.display().to_string(),
                            Input::Named(typed),
                        )
                    }
                }
            }
            _ => (
                ArticleKey::for_text(doc.text()),
                "stdin".to_string(),
                Input::Stdin,
            ),
        };
        let title = crate::input::title_of(doc).unwrap_or_else(|| source.clone());
        let store = match Store::open_default() {
            Ok(store) => Some(store),
            Err(error) => {
                warnings.push(warning(&error));
                None
            }
        };
        let saved = store.as_ref().and_then(|store| match store.get(&key) {
            Ok(saved) => saved,
            Err(error) => {
                warnings.push(warning(&error));
                None
            }
        });
        Bookmark {
            saver: store.clone().map(Saver::start),
            store,
            saved,
            entry: Entry::new(key, &title, &source, 0),
            last_save: Instant::now(),
            written: None,
            ok: false,
            warned: false,
            input,
            warnings,
        }
    }

    /// What went wrong opening the store, to show once.
    pub fn warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Where the last reading of this article stopped, unless it was finished.
    pub fn resume_point(&self) -> Option<Place> {
        let (sentence, offset) = self.saved.as_ref()?.resume_point()?;
        Some(Place { sentence, offset })
    }

    /// `resuming at sentence 12 of 37 (3:05); --from-start to begin again`.
    pub fn resuming_line(status: &Status) -> String {
        tr!(
            "resuming",
            number = status.sentence + 1,
            count = status.sentences,
            at = time(status.position, status.duration)
        )
    }

    /// Notes where `player` is and, when [`SAVE_EVERY`] has passed and it moved, has it
    /// saved in the background. Returns a warning to show, once.
    pub fn tick(&mut self, player: &Player) -> Option<String> {
        self.note(player.place(), &player.status(), player);
        let saver = self.saver.as_ref()?;
        if self.last_save.elapsed() >= SAVE_EVERY {
            self.last_save = Instant::now();
            let now = (self.entry.sentence, self.entry.offset, self.entry.finished);
            if self.written != Some(now) {
                self.written = Some(now);
                let mut entry = self.entry.clone();
                entry.touch();
                saver.save(entry);
            }
        }
        let failure = saver.failure()?;
        self.warning(&failure)
    }

    /// Notes the place and saves it now. Returns a warning to show, once.
    pub fn save_now(&mut self, place: Place, status: &Status, player: &Player) -> Option<String> {
        self.note(place, status, player);
        self.save()
    }

    /// The article was read to the end: the next reading starts from the beginning.
    pub fn finished(&mut self, status: &Status, player: &Player) -> Option<String> {
        self.note(Place::default(), status, player);
        self.entry.finished = true;
        self.entry.sentence = status.sentences.saturating_sub(1);
        self.save()
    }

    fn note(&mut self, place: Place, status: &Status, player: &Player) {
        let entry = &mut self.entry;
        entry.sentence = place.sentence;
        entry.offset = place.offset;
        entry.sentences = status.sentences;
        entry.position_ms = status.position.as_millis() as u64;
        entry.duration_ms = status.duration.as_millis() as u64;
        entry.voice = player.voice().id.clone();
        entry.rate = status.rate;
        entry.volume = volume_percent(status);
        // Not `status.finished`: a failed device ends the player as the end does.
        entry.finished = false;
        if let (Some(store), Ok(mut last)) = (&self.store, LAST.try_lock()) {
            *last = Some((store.clone(), entry.clone()));
        }
    }

    /// Saves the entry as it is, after whatever the background saver still had to write.
    fn save(&mut self) -> Option<String> {
        if let Some(mut saver) = self.saver.take() {
            saver.finish();
        }
        // From here on a forced exit has nothing older to write over this.
        if let Ok(mut last) = LAST.lock() {
            last.take();
        }
        let store = self.store.as_ref()?;
        let mut entry = self.entry.clone();
        entry.touch();
        match store.save(entry) {
            Ok(()) => {
                self.ok = true;
                None
            }
            Err(error) => {
                self.ok = false;
                self.warning(&error.to_string())
            }
        }
    }

    /// `docbao: warning: …`, the first time only.
    fn warning(&mut self, error: &str) -> Option<String> {
        (!std::mem::replace(&mut self.warned, true)).then(|| format!("docbao: warning: {error}"))
    }

    /// `to go on: docbao read text.txt --voice vi-female --rate 1x --volume 100`: the same
    /// voice, rate and volume; where to start only when the place could not be saved. `more`
    /// are the articles of a queue still to read after this one, as typed.
    pub fn go_on(
        &self,
        args: &ReadArgs,
        status: &Status,
        player: &Player,
        more: &[String],
    ) -> String {
        self.command(args, status, player, more, true)
    }

    /// `to go on: docbao read next.txt …`: the articles after this one (`more`), with the
    /// same voice, rate and volume.
    pub fn go_on_after(
        &self,
        args: &ReadArgs,
        status: &Status,
        player: &Player,
        more: &[String],
    ) -> String {
        self.command(args, status, player, more, false)
    }

    fn command(
        &self,
        args: &ReadArgs,
        status: &Status,
        player: &Player,
        more: &[String],
        this_one: bool,
    ) -> String {
        let mut words = vec!["docbao".to_string(), "read".to_string()];
        match &self.input {
            _ if !this_one => {}
            Input::Named(typed) => words.push(typed.clone()),
            Input::Stdin if !more.is_empty() => words.push("-".into()),
            Input::Stdin => {}
        }
        words.extend(more.iter().cloned());
        // Several articles may be in several languages: each gets its own default voice.
        let voice = match &args.voice.voice {
            Some(voice) => Some(voice.clone()),
            None if more.is_empty() => Some(player.voice().id.clone()),
            None => None,
        };
        if let Some(voice) = voice {
            words.extend(["--voice".into(), voice]);
        }
        if let Some(speaker) = &args.voice.speaker {
            words.extend(["--speaker".into(), speaker.clone()]);
        }
        words.extend(["--rate".into(), rate_arg(status.rate)]);
        words.extend(["--volume".into(), volume_percent(status).to_string()]);
        // Where to start, when the place was not saved or when this reading (a flag, or
        // `from_start` in config.toml) begins at the start instead of resuming.
        if (!self.ok || args.from_start) && this_one {
            words.extend([
                "--from-sentence".into(),
                (self.entry.sentence + 1).to_string(),
            ]);
        }
        let command = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
        if !this_one {
            return tr!("go-on", command = command);
        }
        match (&self.input, self.ok) {
            (Input::Named(_), true) => tr!("go-on", command = command),
            (Input::Named(_), false) => tr!("go-on-unsaved", command = command),
            (Input::Stdin, true) => tr!("go-on-stdin", command = command),
            (Input::Stdin, false) => tr!("go-on-stdin-unsaved", command = command),
        }
    }
}

/// On a forced exit: saves the last place noted, if the lock can be had at once.
pub fn save_last() {
    if let Ok(mut last) = LAST.try_lock()
        && let Some((store, mut entry)) = last.take()
    {
        entry.touch();
        let _ = store.save(entry);
    }
}

fn warning(error: &StateError) -> String {
    format!("docbao: warning: {error}")
}

fn volume_percent(status: &Status) -> u16 {
    (status.volume * 100.0).round().clamp(0.0, 150.0) as u16
}

/// The rate as `--rate` takes it.
fn rate_arg(rate: Rate) -> String {
    match rate {
        Rate::Factor(factor) => format!("{factor}x"),
        Rate::Wpm(wpm) => format!("{wpm}wpm"),
    }
}

/// `word` as a POSIX shell reads it back: as it is when it is safe, else in single quotes.
fn quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@%+,=".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(quote("text.txt"), "text.txt");
        assert_eq!(quote("https://a.vn/b?c=1&d"), "'https://a.vn/b?c=1&d'");
        assert_eq!(quote("Giọng nữ"), "'Giọng nữ'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn rates_read_back_as_given() {
        assert_eq!(rate_arg(Rate::Factor(1.21)), "1.21x");
        assert_eq!(rate_arg(Rate::Factor(1.0)), "1x");
        assert_eq!(rate_arg(Rate::Wpm(300)), "300wpm");
        for rate in [Rate::Factor(1.21), Rate::Wpm(300)] {
            assert_eq!(rate_arg(rate).parse::<Rate>(), Ok(rate));
        }
    }
}
