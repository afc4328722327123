//! The player's second backend: the platform speech service, which speaks straight to the
//! sound card and gives no samples back.
//!
//! A driver thread hands the service one sentence at a time and waits for its reports:
//! the begin report starts the sentence's clock, the end report moves on to the next one.
//! Pausing stops the service in the middle of the sentence, and playing again speaks that
//! sentence again from its start; seeking moves by whole sentences. With no samples there is
//! no exact timer: times come from a speaking rate calibrated on the sentences heard so far
//! and are always shown as estimated. A service that stops reporting (no audio output, a
//! hung module) is caught by a time limit and reported in one sentence.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::audio::command::Command;
use crate::audio::event::{Event, Refusal, Status};
use crate::audio::player::{CurrentSentence, PlayerOptions, Start};
use crate::audio::sleep::{SleepEvent, SleepTimer};
use crate::error::Error;
use crate::rate::Rate;
use crate::synth::SynthError;
use crate::synth::system::{Service, Utterance, service_rate};
use crate::text::Sentence;
use crate::voice::Voice;

/// "Previous sentence" restarts the current one when it has played longer than this.
const RESTART_AFTER: Duration = Duration::from_millis(1500);
/// How often the driver looks at the service's reports and the caller's changes.
const TICK: Duration = Duration::from_millis(20);
/// Rate step of [`Command::Faster`] and [`Command::Slower`].
const RATE_STEP: f64 = 1.1;

/// The speech-service backend of a [`Player`](crate::Player).
pub(crate) struct Direct {
    shared: Arc<(Mutex<State>, Condvar)>,
    driver: Option<JoinHandle<()>>,
}

struct State {
    /// (sentence, spoken text, words in it).
    sentences: Vec<(Sentence, String, usize)>,
    index: usize,
    playing: bool,
    finished: bool,
    quit: bool,
    /// Bumped by every change the driver must act on (pause, seek, rate, stop).
    generation: u64,
    rate: Rate,
    normal_wpm: u32,
    volume: f32,
    muted: bool,
    /// Seconds per word at the voice's normal rate: first from its profile, then measured.
    seconds_per_word: f64,
    /// When the current sentence began to be heard.
    began: Option<Instant>,
    /// Time heard before the current sentence began (estimated).
    heard: Duration,
    /// Listening left before pausing at a sentence's end (counted sentence by sentence).
    sleep: SleepTimer,
    events: Sender<Event>,
}

impl State {
    fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    fn speedup(&self) -> f64 {
        self.rate.speedup(self.normal_wpm)
    }

    /// Estimated length of sentence `index` at the current rate.
    fn length(&self, index: usize) -> Duration {
        let words = self.sentences.get(index).map_or(0, |s| s.2) as f64;
        Duration::from_secs_f64(words * self.seconds_per_word / self.speedup().max(0.01))
    }

    fn start_of(&self, index: usize) -> Duration {
        (0..index.min(self.sentences.len()))
            .map(|i| self.length(i))
            .sum()
    }

    fn in_sentence(&self) -> Duration {
        self.began
            .map_or(Duration::ZERO, |began| began.elapsed())
            .min(self.length(self.index))
    }

    fn position(&self) -> Duration {
        if self.finished {
            return self.start_of(self.sentences.len());
        }
        self.start_of(self.index) + self.in_sentence()
    }

    fn status(&self) -> Status {
        Status {
            position: self.position(),
            duration: self.start_of(self.sentences.len()),
            estimated: true,
            sentence: self.index,
            sentences: self.sentences.len(),
            playing: self.playing && !self.finished,
            finished: self.finished,
            rate: self.rate,
            speedup: self.speedup(),
            wpm: self.rate.wpm(self.normal_wpm),
            volume: self.volume,
            muted: self.muted,
            played: self.heard + self.in_sentence(),
            sleep: self.sleep.remaining(),
        }
    }

    fn announce(&self) {
        if let Some((sentence, _, _)) = self.sentences.get(self.index) {
            self.emit(Event::SentenceStarted {
                index: self.index,
                total: self.sentences.len(),
                span: sentence.span.clone(),
                text: sentence.text.clone(),
            });
        }
    }

    /// Moves to sentence `index` (clamped), from its start.
    fn go_to(&mut self, index: usize) {
        self.index = index.min(self.sentences.len().saturating_sub(1));
        self.finished = false;
        self.began = None;
        self.generation += 1;
        let to = self.start_of(self.index);
        self.emit(Event::Seeked {
            to,
            sentence: self.index,
            total: self.sentences.len(),
        });
        self.announce();
    }
}

impl Direct {
    /// Connects to the service with `voice` and starts reading `sentences`.
    pub(crate) fn start(
        sentences: Vec<(Sentence, String)>,
        voice: &Voice,
        options: &PlayerOptions,
        events: Sender<Event>,
    ) -> Result<Direct, Error> {
        let service = Service::open(voice)?;
        let timeout = voice.system.as_ref().map_or(10, |s| s.timeout_secs).into();
        let sentences: Vec<(Sentence, String, usize)> = sentences
            .into_iter()
            .map(|(sentence, spoken)| {
                let words = spoken.split_whitespace().count().max(1);
                (sentence, spoken, words)
            })
            .collect();
        let mut state = State {
            sentences,
            index: 0,
            playing: false,
            finished: false,
            quit: false,
            generation: 0,
            rate: options.rate,
            normal_wpm: voice.rate_wpm,
            volume: options.volume,
            muted: false,
            seconds_per_word: 60.0 / f64::from(voice.rate_wpm.max(1)),
            began: None,
            heard: Duration::ZERO,
            sleep: SleepTimer::new(options.sleep),
            events,
        };
        let sentences = state.sentences.len();
        state.index = match options.start {
            Start::Beginning => 0,
            Start::Sentence(index) if index >= sentences => {
                state.emit(Event::Refused(Refusal::NoSuchSentence {
                    asked: index,
                    sentences,
                }));
                0
            }
            Start::Sentence(index) => index,
            Start::Place(place) => place.sentence.min(sentences - 1),
            Start::Time(time) => match sentence_at(&state, time) {
                Some(index) => index,
                None => {
                    refuse_time(&state, time);
                    0
                }
            },
        };
        let shared = Arc::new((Mutex::new(state), Condvar::new()));
        let driver = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("docbao-speech-service".into())
                .spawn(move || drive(&shared, &service, Duration::from_secs(timeout)))
                .map_err(|e| {
                    Error::from(SynthError::Failed {
                        engine: "system",
                        reason: format!("cannot start its thread ({e})"),
                    })
                })?
        };
        let direct = Direct {
            shared,
            driver: Some(driver),
        };
        if options.autoplay {
            direct.apply(Command::Play);
        } else {
            direct.lock().announce();
        }
        Ok(direct)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Carries out a command; times are rounded to whole sentences.
    pub(crate) fn apply(&self, command: Command) {
        let mut state = self.lock();
        if state.quit {
            return;
        }
        match command {
            Command::Play => play(&mut state),
            Command::Pause => pause(&mut state),
            Command::Toggle => {
                if state.playing && !state.finished {
                    pause(&mut state)
                } else {
                    play(&mut state)
                }
            }
            Command::SeekBy(millis) => {
                let here = state.position();
                let delta = Duration::from_millis(millis.unsigned_abs());
                let to = if millis < 0 {
                    here.saturating_sub(delta)
                } else {
                    here + delta
                };
                seek_time(&mut state, to);
            }
            Command::SeekTo(to) => match sentence_at(&state, to) {
                Some(index) => state.go_to(index),
                None => refuse_time(&state, to),
            },
            Command::Sentence(index) if index >= state.sentences.len() => {
                let sentences = state.sentences.len();
                state.emit(Event::Refused(Refusal::NoSuchSentence {
                    asked: index,
                    sentences,
                }));
            }
            Command::Sentence(index) => state.go_to(index),
            Command::Next => {
                if state.index + 1 < state.sentences.len() {
                    let next = state.index + 1;
                    state.go_to(next);
                } else {
                    let sentences = state.sentences.len();
                    state.emit(Event::Refused(Refusal::LastSentence { sentences }));
                }
            }
            Command::Previous => {
                let index = if state.in_sentence() > RESTART_AFTER {
                    state.index
                } else {
                    state.index.saturating_sub(1)
                };
                state.go_to(index);
            }
            Command::Faster | Command::Slower => {
                let factor = if command == Command::Faster {
                    RATE_STEP
                } else {
                    1.0 / RATE_STEP
                };
                let speedup = state.speedup();
                set_rate(
                    &mut state,
                    Rate::Factor(((speedup * factor) * 100.0).round() / 100.0),
                );
            }
            Command::SetRate(rate) => set_rate(&mut state, rate),
            Command::ChangeVolume(delta) => {
                let volume = state.volume;
                set_volume(&mut state, volume + delta);
            }
            Command::SetVolume(volume) => set_volume(&mut state, volume),
            Command::ToggleMute => {
                state.muted = !state.muted;
                state.generation += 1;
                state.began = None;
                let (volume, muted) = (state.volume, state.muted);
                state.emit(Event::VolumeChanged { volume, muted });
            }
            Command::Status => {
                let status = state.status();
                state.emit(Event::Status(status));
            }
            Command::Sleep(change) => {
                let event = state.sleep.change(change);
                state.emit(Event::Sleep(event));
            }
            Command::Quit => {
                state.quit = true;
                state.playing = false;
                state.generation += 1;
            }
        }
        drop(state);
        self.shared.1.notify_all();
    }

    /// Where playback stands (times estimated).
    pub(crate) fn status(&self) -> Status {
        self.lock().status()
    }

    /// The sentence being heard.
    pub(crate) fn current_sentence(&self) -> CurrentSentence {
        let state = self.lock();
        let (sentence, _, _) = &state.sentences[state.index];
        CurrentSentence {
            index: state.index,
            total: state.sentences.len(),
            text: sentence.text.clone(),
            span: sentence.span.clone(),
        }
    }
}

impl Drop for Direct {
    fn drop(&mut self) {
        self.apply(Command::Quit);
        if let Some(driver) = self.driver.take() {
            let _ = driver.join();
        }
    }
}

fn play(state: &mut State) {
    if state.playing && !state.finished {
        return;
    }
    if state.finished {
        state.go_to(0);
    } else if state.began.is_none() {
        state.announce();
    }
    state.playing = true;
    state.generation += 1;
    let at = state.position();
    state.emit(Event::Resumed { at });
}

fn pause(state: &mut State) {
    if state.playing {
        state.playing = false;
        // The sentence is spoken again from its start.
        state.began = None;
        state.generation += 1;
        let at = state.position();
        state.emit(Event::Paused { at });
    }
}

fn seek_time(state: &mut State, to: Duration) {
    match sentence_at(state, to) {
        Some(index) => state.go_to(index),
        None => finish(state),
    }
}

/// The sentence heard at `to`, or `None` at or past the end.
fn sentence_at(state: &State, to: Duration) -> Option<usize> {
    let index = (0..state.sentences.len())
        .take_while(|&i| state.start_of(i + 1) <= to)
        .count();
    (index < state.sentences.len()).then_some(index)
}

/// Says that `to` is past the end.
fn refuse_time(state: &State, to: Duration) {
    state.emit(Event::Refused(Refusal::PastTheEnd {
        asked: to,
        duration: state.start_of(state.sentences.len()),
        estimated: true,
    }));
}

fn set_rate(state: &mut State, rate: Rate) {
    state.rate = rate;
    state.generation += 1;
    // The sentence is spoken again at the new rate.
    state.began = None;
    let (speedup, wpm) = (state.speedup(), rate.wpm(state.normal_wpm));
    state.emit(Event::RateChanged { rate, speedup, wpm });
}

fn set_volume(state: &mut State, volume: f32) {
    state.volume = if volume.is_finite() {
        (volume * 100.0).round().clamp(0.0, 150.0) / 100.0
    } else {
        1.0
    };
    state.muted = false;
    state.generation += 1;
    state.began = None;
    let volume = state.volume;
    state.emit(Event::VolumeChanged {
        volume,
        muted: false,
    });
}

fn finish(state: &mut State) {
    state.index = state.sentences.len().saturating_sub(1);
    state.finished = true;
    state.playing = false;
    state.began = None;
    state.generation += 1;
    state.emit(Event::Finished);
}

/// What the driver is waiting for.
enum Waiting {
    Nothing,
    /// The sentence was handed over at this time; its begin report has not come.
    Begin(Instant),
    /// It is being heard.
    End,
}

/// The driver thread: speaks the sentence under the cursor while playing.
fn drive(shared: &Arc<(Mutex<State>, Condvar)>, service: &Service, timeout: Duration) {
    let lock = || shared.0.lock().unwrap_or_else(|e| e.into_inner());
    let mut spoken_for: Option<u64> = None; // the generation the current utterance belongs to
    let mut waiting = Waiting::Nothing;
    loop {
        let state = lock();
        if state.quit {
            service.stop();
            return;
        }
        // A change from the caller: whatever is being said no longer counts.
        if spoken_for.is_some_and(|g| g != state.generation) {
            service.stop();
            spoken_for = None;
            waiting = Waiting::Nothing;
        }
        if !state.playing || state.finished {
            spoken_for = None;
            let _ = shared.1.wait_timeout(state, TICK * 10);
            continue;
        }
        if spoken_for.is_none() {
            let (_, text, _) = &state.sentences[state.index];
            let text = text.clone();
            let rate = service_rate(state.speedup());
            // Volume changes are heard from the next sentence (or at once, as they restart
            // the current one: see `set_volume`).
            let volume = if state.muted { 0.0 } else { state.volume };
            let generation = state.generation;
            drop(state);
            if let Err(e) = service.speak(&text, rate, volume) {
                fail(&mut lock(), &e.to_string());
                return;
            }
            spoken_for = Some(generation);
            waiting = Waiting::Begin(Instant::now());
            continue;
        }
        drop(state);
        let report = service.next(TICK);
        let mut state = lock();
        if spoken_for != Some(state.generation) {
            continue;
        }
        match (report, &waiting) {
            (Some(Utterance::Began), _) => {
                state.began = Some(Instant::now());
                waiting = Waiting::End;
            }
            (Some(Utterance::Ended), _) => {
                let heard = state.began.map_or(Duration::ZERO, |b| b.elapsed());
                calibrate(&mut state, heard);
                state.heard += heard;
                state.began = None;
                spoken_for = None;
                waiting = Waiting::Nothing;
                if let Some(event) = state.sleep.advance(heard) {
                    state.emit(Event::Sleep(event));
                }
                if state.index + 1 < state.sentences.len() {
                    state.index += 1;
                    if state.sleep.is_due() {
                        // The sentence is finished: pause for the sleep timer.
                        state.sleep.stopped();
                        state.playing = false;
                        let at = state.position();
                        state.emit(Event::Sleep(SleepEvent::Stopped { at }));
                    } else {
                        state.announce();
                    }
                } else {
                    finish(&mut state);
                }
            }
            (Some(Utterance::Stopped), _) => {
                // Stopped from outside docbao (another client, the user's screen reader).
                pause(&mut state);
            }
            (None, Waiting::Begin(since)) if since.elapsed() > timeout => {
                let message = format!(
                    "the speech service took the sentence but did not start speaking within {} s (is its audio output working?)",
                    timeout.as_secs()
                );
                fail(&mut state, &message);
                drop(state);
                service.stop();
                return;
            }
            (None, Waiting::End) => {
                let limit = state.length(state.index) * 3 + timeout;
                if state.began.is_some_and(|b| b.elapsed() > limit) {
                    let message = format!(
                        "the speech service did not finish a sentence within {} s: it seems stuck",
                        limit.as_secs()
                    );
                    fail(&mut state, &message);
                    drop(state);
                    service.stop();
                    return;
                }
            }
            (None, _) => {}
        }
    }
}

/// Learns the voice's pace from a sentence heard to the end.
fn calibrate(state: &mut State, heard: Duration) {
    let words = state.sentences[state.index].2 as f64;
    if heard.is_zero() || words < 3.0 {
        return;
    }
    let measured = heard.as_secs_f64() * state.speedup() / words;
    state.seconds_per_word = 0.5 * state.seconds_per_word + 0.5 * measured;
}

fn fail(state: &mut State, message: &str) {
    state.quit = true;
    state.playing = false;
    state.emit(Event::Error {
        message: message.to_string(),
        fatal: true,
    });
}
