//! The player: streams a document to the sound card while it is still being synthesized,
//! with pause, seek by time and by sentence, rate and volume, and an event stream.
//!
//! Three threads cooperate around one shared state:
//! - the **synthesis worker** asks the engine for the sentence under the cursor first, then
//!   the ones after it, then the rest, so the timeline becomes exact; audio far from the
//!   cursor is dropped again to bound memory (its length stays known);
//! - the **audio callback** (in `audio::output`) takes a few milliseconds of samples at a time
//!   from the state, which moves the cursor: the position is what was handed to the device;
//! - the **caller** applies [`Command`]s, which move the cursor or change the rate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::article::{BlockKind, Document};
use crate::audio::command::Command;
use crate::audio::event::{Event, Refusal, Status};
use crate::audio::output::{self, Output};
use crate::audio::plan::{Audio, Cursor, Plan};
use crate::audio::sleep::{SleepEvent, SleepTimer};
use crate::audio::timeline::Pauses;
use crate::cancel::CancelToken;
use crate::error::Error;
use crate::rate::Rate;
use crate::synth::{self, Engine, SynthError};
use crate::text;
use crate::voice::Voice;

/// Synthesized audio kept ahead of the cursor.
const AHEAD: Duration = Duration::from_secs(600);
/// Synthesized audio kept behind the cursor (for seeking back without waiting).
const BEHIND: Duration = Duration::from_secs(300);
/// "Previous sentence" restarts the current one when it has played longer than this.
const RESTART_AFTER: Duration = Duration::from_millis(1500);
/// Rate step of [`Command::Faster`] and [`Command::Slower`].
const RATE_STEP: f64 = 1.1;
/// Loudest volume.
const MAX_VOLUME: f32 = 1.5;

/// Where to start playing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Start {
    /// From the beginning.
    #[default]
    Beginning,
    /// From this time. A time at or past the end starts at the beginning, after an
    /// [`Event::Refused`] saying why.
    Time(Duration),
    /// From the start of this sentence (0-based). A sentence the reading does not have starts
    /// at the beginning, after an [`Event::Refused`] saying why.
    Sentence(usize),
    /// From a place in the text, as [`Player::place`] gave it: the word at that byte of the
    /// sentence's spoken form (the sentence's start when it has no word there; the last
    /// sentence when the index is past it). Voices of the speech service start at the
    /// sentence's start.
    Place(Place),
}

/// A place in the text, not a time: it stays on the same words whatever the rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The sentence (0-based, as [`Status::sentence`] counts them).
    pub sentence: usize,
    /// The byte in that sentence's spoken form (what `docbao normalize` prints) where the
    /// word being heard starts; 0 at the sentence's start.
    pub offset: usize,
}

/// How to play.
#[derive(Clone, Debug)]
pub struct PlayerOptions {
    /// Speaking rate.
    pub rate: Rate,
    /// Volume, 0.0–1.5.
    pub volume: f32,
    /// Pauses between sentences, paragraphs and after the title.
    pub pauses: Pauses,
    /// Where to start.
    pub start: Start,
    /// Start playing at once (otherwise wait for [`Player::play`]).
    pub autoplay: bool,
    /// Start with the sleep timer set to this much listening (see [`Command::Sleep`]); no
    /// event says so.
    pub sleep: Option<Duration>,
}

impl Default for PlayerOptions {
    fn default() -> Self {
        PlayerOptions {
            rate: Rate::default(),
            volume: 1.0,
            pauses: Pauses::default(),
            start: Start::Beginning,
            autoplay: true,
            sleep: None,
        }
    }
}

/// The sentence being heard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentSentence {
    /// 0-based index.
    pub index: usize,
    /// Number of sentences.
    pub total: usize,
    /// The sentence as written.
    pub text: String,
    /// Byte range in the document's text.
    pub span: std::ops::Range<usize>,
}

/// A document playing on the sound card.
///
/// ```no_run
/// use docbao::{Command, Document, Event, Player, PlayerOptions, Voices};
///
/// let doc = Document::from_text("Xin chào. Hôm nay trời đẹp.", None)?;
/// let voice = Voices::builtin().default_for(doc.lang())?;
/// let player = Player::new(&doc, &voice, PlayerOptions::default())?;
/// player.apply(Command::SeekBy(1_000));
/// for event in player.events() {
///     if let Event::SentenceStarted { text, .. } = &event {
///         println!("{text}");
///     }
///     if event == Event::Finished {
///         break;
///     }
/// }
/// # Ok::<(), docbao::Error>(())
/// ```
pub struct Player {
    shared: Arc<Shared>,
    events: Receiver<Event>,
    worker: Option<JoinHandle<()>>,
    output: Option<Output>,
    voice: Voice,
    /// Set for voices of the speech service, which speaks straight to the sound card: then
    /// it plays, and `shared` only holds the plan (see `audio::service`).
    #[cfg(feature = "system")]
    direct: Option<crate::audio::service::Direct>,
}

/// State shared by the caller, the synthesis worker and the audio callback.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Wakes the synthesis worker.
    work: Condvar,
    /// Bumped when the cursor jumps: the audio callback drops the samples it holds.
    generation: AtomicU64,
    sample_rate: u32,
}

/// Silence handed to the device after the last sentence before the reading is finished: what
/// the device buffers (two 50 ms buffers on PulseAudio, see `output.rs`), and a margin.
const END_SILENCE_MS: u64 = 150;

struct State {
    plan: Plan,
    cursor: Cursor,
    playing: bool,
    finished: bool,
    quit: bool,
    volume: f32,
    muted: bool,
    rate: Rate,
    normal_wpm: u32,
    pauses: Pauses,
    /// Bumped on every rate change; synthesis for an older rate is thrown away.
    rate_generation: u64,
    /// What the worker is synthesizing: slot, rate generation, and how to stop it.
    job: Option<(usize, u64, CancelToken)>,
    /// The slot whose start was announced.
    announced: Option<usize>,
    /// The next word of the cursor's slot to announce.
    next_word: usize,
    /// Samples handed to the device (speech and pauses).
    played: u64,
    /// Silence handed to the device after the last sentence, so that what it holds is heard
    /// before the reading says it finished (see [`END_SILENCE_MS`]).
    ending: u64,
    /// Listening left before pausing at a sentence's end.
    sleep: SleepTimer,
    events: Sender<Event>,
}

/// The sentences of `doc` with their spoken text (as `voice` says it) and block kind, the
/// empty ones left out.
fn spoken_sentences(doc: &Document, voice: &Voice) -> Vec<(crate::Sentence, String, BlockKind)> {
    text::segment(doc)
        .into_iter()
        .filter_map(|sentence| {
            let spoken = text::normalize_for(&sentence.text, doc.lang(), voice.region());
            let kind = doc
                .blocks()
                .get(sentence.block)
                .map_or(BlockKind::Paragraph, |b| b.kind);
            (!spoken.is_empty()).then_some((sentence, spoken, kind))
        })
        .collect()
}

impl Player {
    /// Opens `voice`'s engine and the default audio output, and starts playing `doc` (unless
    /// `options.autoplay` is off). Synthesis of the first sentence and opening the device
    /// happen at the same time.
    pub fn new(doc: &Document, voice: &Voice, options: PlayerOptions) -> Result<Player, Error> {
        #[cfg(feature = "system")]
        if voice.engine == crate::voice::EngineKind::System {
            return Self::direct(doc, voice, options);
        }
        // The sound server is connected to while the engine starts and the text is prepared.
        let connecting = output::Connecting::take_or_start()?;
        crate::trace::mark("player: open engine");
        // The text is segmented and normalized on a thread of its own while the engine
        // starts (libespeak-ng loads its voice, a Piper model is read and made ready).
        let (engine, sentences) = std::thread::scope(|scope| {
            let preparing = std::thread::Builder::new()
                .name("docbao-text".into())
                .spawn_scoped(scope, || spoken_sentences(doc, voice));
            let engine = synth::open(voice);
            crate::trace::mark("player: engine open");
            let sentences = match preparing {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: prepared here instead.
                Err(_) => spoken_sentences(doc, voice),
            };
            (engine, sentences)
        });
        let engine = engine?;
        let sample_rate = engine.sample_rate();
        if sentences.is_empty() {
            return Err(Error::NothingToSay);
        }
        crate::trace::mark("player: text prepared");
        let wpm = options.rate.wpm(voice.rate_wpm);
        let speedup = options.rate.speedup(voice.rate_wpm);
        let plan = Plan::new(sentences, sample_rate, wpm, speedup, &options.pauses);
        crate::trace::mark("player: plan made");
        let (events_tx, events) = mpsc::channel();
        let cursor = match options.start {
            Start::Beginning => plan.at_slot(0),
            Start::Time(time) => {
                let (total, estimated) = plan.total();
                let target = samples(time, sample_rate);
                if target >= total {
                    let _ = events_tx.send(Event::Refused(Refusal::PastTheEnd {
                        asked: time,
                        duration: duration(total, sample_rate),
                        estimated,
                    }));
                    plan.at_slot(0)
                } else {
                    plan.locate(target)
                }
            }
            Start::Sentence(index) if index >= plan.slots.len() => {
                let _ = events_tx.send(Event::Refused(Refusal::NoSuchSentence {
                    asked: index,
                    sentences: plan.slots.len(),
                }));
                plan.at_slot(0)
            }
            Start::Sentence(index) => plan.at_slot(index),
            Start::Place(place) => Cursor {
                resume_text: (place.offset > 0).then_some(place.offset),
                ..plan.at_slot(place.sentence)
            },
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                plan,
                cursor,
                playing: false,
                finished: false,
                quit: false,
                volume: options.volume.clamp(0.0, MAX_VOLUME),
                muted: false,
                rate: options.rate,
                normal_wpm: voice.rate_wpm,
                pauses: options.pauses,
                rate_generation: 0,
                job: None,
                announced: None,
                next_word: 0,
                played: 0,
                ending: 0,
                sleep: SleepTimer::new(options.sleep),
                events: events_tx,
            }),
            work: Condvar::new(),
            generation: AtomicU64::new(0),
            sample_rate,
        });
        let worker = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("docbao-synth".into())
                .spawn(move || synthesize_ahead(&shared, engine.as_ref()))
                .map_err(|e| {
                    output::AudioError::Device(format!("cannot start the synthesis thread: {e}"))
                })?
        };
        let mut player = Player {
            shared: Arc::clone(&shared),
            events,
            worker: Some(worker),
            output: None,
            voice: voice.clone(),
            #[cfg(feature = "system")]
            direct: None,
        };
        // On failure, dropping `player` stops the worker.
        player.output = Some(connecting.start(Arc::clone(&shared), sample_rate)?);
        crate::trace::mark("player: output open");
        if options.autoplay {
            player.play();
        }
        Ok(player)
    }

    /// Starts, in the background, what the first [`Player::new`] of this process would
    /// otherwise wait for: the connection to the sound server (which the next player takes
    /// over) and libespeak-ng. Call it as early as possible, before the document is loaded
    /// and the voice chosen; the first sound then comes sooner. Nothing is reported here: a
    /// failure is the player's to report.
    pub fn warm_up() {
        // libespeak-ng first: its start and the voice's loading are on the way to the first
        // sound, the connection has time to spare.
        synth::warm_up();
        output::warm_up();
    }

    /// A player for a voice of the speech service: sentence by sentence, times estimated.
    #[cfg(feature = "system")]
    fn direct(doc: &Document, voice: &Voice, options: PlayerOptions) -> Result<Player, Error> {
        let sentences: Vec<_> = text::segment(doc)
            .into_iter()
            .filter_map(|sentence| {
                let spoken = text::normalize_for(&sentence.text, doc.lang(), voice.region());
                (!spoken.is_empty()).then_some((sentence, spoken))
            })
            .collect();
        if sentences.is_empty() {
            return Err(Error::NothingToSay);
        }
        let with_kinds = sentences
            .iter()
            .map(|(sentence, spoken)| (sentence.clone(), spoken.clone(), BlockKind::Paragraph))
            .collect();
        // The plan is never played: it only keeps `shared` whole.
        let wpm = options.rate.wpm(voice.rate_wpm);
        let speedup = options.rate.speedup(voice.rate_wpm);
        let plan = Plan::new(with_kinds, 1000, wpm, speedup, &options.pauses);
        let cursor = plan.at_slot(0);
        let (events_tx, events) = mpsc::channel();
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                plan,
                cursor,
                playing: false,
                finished: false,
                quit: true,
                volume: 1.0,
                muted: false,
                rate: options.rate,
                normal_wpm: voice.rate_wpm,
                pauses: options.pauses,
                rate_generation: 0,
                job: None,
                announced: None,
                next_word: 0,
                played: 0,
                ending: 0,
                sleep: SleepTimer::default(),
                events: events_tx.clone(),
            }),
            work: Condvar::new(),
            generation: AtomicU64::new(0),
            sample_rate: 1000,
        });
        let direct = crate::audio::service::Direct::start(sentences, voice, &options, events_tx)?;
        Ok(Player {
            shared,
            events,
            worker: None,
            output: None,
            voice: voice.clone(),
            direct: Some(direct),
        })
    }

    /// Hands `command` to the speech service backend, if this player has one.
    fn to_service(&self, command: Command) -> bool {
        #[cfg(feature = "system")]
        if let Some(direct) = &self.direct {
            direct.apply(command);
            return true;
        }
        let _ = command;
        false
    }

    /// The speech service backend's status, if this player has one.
    fn service_status(&self) -> Option<Status> {
        #[cfg(feature = "system")]
        if let Some(direct) = &self.direct {
            return Some(direct.status());
        }
        None
    }

    /// The voice it speaks with.
    pub fn voice(&self) -> &Voice {
        &self.voice
    }

    /// Events, in order. Iterating blocks until the next one; use
    /// [`Receiver::try_recv`] or [`Receiver::recv_timeout`] to poll.
    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// Carries out a command.
    pub fn apply(&self, command: Command) {
        if self.to_service(command.clone()) {
            return;
        }
        match command {
            Command::Play => self.play(),
            Command::Pause => self.pause(),
            Command::Toggle => self.toggle(),
            Command::SeekBy(millis) => self.seek_by(millis),
            Command::SeekTo(to) => self.seek(to),
            Command::Sentence(index) => self.seek_sentence(index),
            Command::Next => self.next_sentence(),
            Command::Previous => self.previous_sentence(),
            Command::Faster => self.change_rate(RATE_STEP),
            Command::Slower => self.change_rate(1.0 / RATE_STEP),
            Command::SetRate(rate) => self.set_rate(rate),
            Command::ChangeVolume(delta) => {
                let volume = self.status().volume;
                self.set_volume(volume + delta);
            }
            Command::SetVolume(volume) => self.set_volume(volume),
            Command::ToggleMute => {
                let mut state = self.shared.lock();
                state.muted = !state.muted;
                let (volume, muted) = (state.volume, state.muted);
                state.emit(Event::VolumeChanged { volume, muted });
            }
            Command::Status => {
                let status = self.status();
                self.shared.lock().emit(Event::Status(status));
            }
            Command::Sleep(change) => {
                let mut state = self.shared.lock();
                let event = state.sleep.change(change);
                state.emit(Event::Sleep(event));
            }
            Command::Quit => self.stop(),
        }
    }

    /// Plays (from the start again when the end was reached).
    pub fn play(&self) {
        if self.to_service(Command::Play) {
            return;
        }
        let mut state = self.shared.lock();
        if state.quit || state.playing {
            return;
        }
        if state.finished {
            state.finished = false;
            let cursor = state.plan.at_slot(0);
            self.shared.jump(&mut state, cursor);
        }
        state.playing = true;
        let at = state.position();
        state.emit(Event::Resumed { at });
        self.shared.work.notify_all();
    }

    /// Pauses.
    pub fn pause(&self) {
        if self.to_service(Command::Pause) {
            return;
        }
        let mut state = self.shared.lock();
        if state.playing {
            state.playing = false;
            let at = state.position();
            state.emit(Event::Paused { at });
        }
    }

    /// Pauses when playing, plays when paused.
    pub fn toggle(&self) {
        if self.status().playing {
            self.pause()
        } else {
            self.play()
        }
    }

    /// Goes to `to` from the start. A time at or past the end is refused
    /// ([`Event::Refused`]): playback goes on where it was.
    pub fn seek(&self, to: Duration) {
        if self.to_service(Command::SeekTo(to)) {
            return;
        }
        let mut state = self.shared.lock();
        let target = samples(to, self.shared.sample_rate);
        let (total, estimated) = state.plan.total();
        if target >= total {
            state.emit(Event::Refused(Refusal::PastTheEnd {
                asked: to,
                duration: duration(total, self.shared.sample_rate),
                estimated,
            }));
            return;
        }
        self.shared.seek_to(&mut state, target);
    }

    /// Moves by `millis` milliseconds, back when negative.
    pub fn seek_by(&self, millis: i64) {
        if self.to_service(Command::SeekBy(millis)) {
            return;
        }
        let mut state = self.shared.lock();
        let here = samples(state.position(), self.shared.sample_rate);
        let delta =
            (millis.unsigned_abs() as u128 * u128::from(self.shared.sample_rate) / 1000) as u64;
        let target = if millis < 0 {
            here.saturating_sub(delta)
        } else {
            here.saturating_add(delta)
        };
        let target = target.min(state.plan.total().0);
        self.shared.seek_to(&mut state, target);
    }

    /// Goes to the start of sentence `index` (0-based). A sentence the reading does not have
    /// is refused ([`Event::Refused`]): playback goes on where it was.
    pub fn seek_sentence(&self, index: usize) {
        if self.to_service(Command::Sentence(index)) {
            return;
        }
        let mut state = self.shared.lock();
        let sentences = state.plan.slots.len();
        if index >= sentences {
            state.emit(Event::Refused(Refusal::NoSuchSentence {
                asked: index,
                sentences,
            }));
            return;
        }
        let cursor = state.plan.at_slot(index);
        self.shared.move_to(&mut state, cursor);
    }

    /// Goes to the start of the next sentence. In the last one, there is none: that is
    /// refused ([`Event::Refused`]) and playback goes on.
    pub fn next_sentence(&self) {
        if self.to_service(Command::Next) {
            return;
        }
        let mut state = self.shared.lock();
        let next = state.cursor.slot + 1;
        let sentences = state.plan.slots.len();
        if next < sentences {
            let cursor = state.plan.at_slot(next);
            self.shared.move_to(&mut state, cursor);
        } else {
            state.emit(Event::Refused(Refusal::LastSentence { sentences }));
        }
    }

    /// Goes to the start of the current sentence, or of the previous one when the current
    /// one has played for less than 1.5 s.
    pub fn previous_sentence(&self) {
        if self.to_service(Command::Previous) {
            return;
        }
        let mut state = self.shared.lock();
        let played = samples(RESTART_AFTER, self.shared.sample_rate);
        let index = if state.cursor.offset > played {
            state.cursor.slot
        } else {
            state.cursor.slot.saturating_sub(1)
        };
        let cursor = state.plan.at_slot(index);
        self.shared.move_to(&mut state, cursor);
    }

    /// Speaks at `rate` from the current word on: the rest is synthesized again by the engine
    /// at that rate (no time-stretching).
    pub fn set_rate(&self, rate: Rate) {
        if self.to_service(Command::SetRate(rate)) {
            return;
        }
        let mut state = self.shared.lock();
        let wpm = rate.wpm(state.normal_wpm);
        let speedup = rate.speedup(state.normal_wpm);
        if wpm == state.rate.wpm(state.normal_wpm) {
            state.rate = rate;
            state.emit(Event::RateChanged { rate, speedup, wpm });
            return;
        }
        let slot = state.cursor.slot;
        let in_speech =
            state.cursor.offset < state.plan.speech_len(slot) && state.cursor.is_settled();
        let word = if in_speech {
            state
                .plan
                .word_at(slot, state.cursor.offset)
                .map(|w| state.plan.slots[slot].words[w].text.start)
        } else {
            state.cursor.resume_text
        };
        let slot = if state.cursor.offset >= state.plan.speech_len(slot)
            && slot + 1 < state.plan.slots.len()
        {
            slot + 1 // in the pause after a sentence: carry on with the next one
        } else {
            slot
        };
        state.rate = rate;
        state.rate_generation += 1;
        if let Some((_, _, cancel)) = &state.job {
            cancel.cancel();
        }
        let pauses = state.pauses;
        state.plan.set_rate(wpm, speedup, &pauses);
        let cursor = Cursor {
            slot,
            offset: 0,
            resume_text: word,
            anchor: None,
            estimate: None,
        };
        state.cursor = cursor;
        state.next_word = 0; // set again when the slot's words are known
        self.shared.generation.fetch_add(1, Ordering::SeqCst);
        state.emit(Event::RateChanged { rate, speedup, wpm });
        self.shared.work.notify_all();
    }

    fn change_rate(&self, factor: f64) {
        let speedup = self.status().speedup;
        self.set_rate(Rate::Factor(((speedup * factor) * 100.0).round() / 100.0));
    }

    /// Sets the volume, 0.0–1.5 (1.0 is the voice as synthesized); unmutes.
    pub fn set_volume(&self, volume: f32) {
        if self.to_service(Command::SetVolume(volume)) {
            return;
        }
        let mut state = self.shared.lock();
        state.volume = if volume.is_finite() {
            (volume * 100.0).round().clamp(0.0, MAX_VOLUME * 100.0) / 100.0
        } else {
            1.0
        };
        state.muted = false;
        let volume = state.volume;
        state.emit(Event::VolumeChanged {
            volume,
            muted: false,
        });
    }

    /// Stops for good: no more sound; the output stays open until the player is dropped.
    pub fn stop(&self) {
        if self.to_service(Command::Quit) {
            return;
        }
        let mut state = self.shared.lock();
        state.quit = true;
        state.playing = false;
        if let Some((_, _, cancel)) = &state.job {
            cancel.cancel();
        }
        self.shared.work.notify_all();
    }

    /// Time from the start of the reading to what was last handed to the device.
    pub fn position(&self) -> Duration {
        if let Some(status) = self.service_status() {
            return status.position;
        }
        self.shared.lock().position()
    }

    /// Length of the reading, and whether it is still an estimate.
    pub fn duration(&self) -> (Duration, bool) {
        if let Some(status) = self.service_status() {
            return (status.duration, status.estimated);
        }
        let state = self.shared.lock();
        let (len, estimated) = state.plan.total();
        (duration(len, self.shared.sample_rate), estimated)
    }

    /// The sentence being heard.
    pub fn current_sentence(&self) -> CurrentSentence {
        #[cfg(feature = "system")]
        if let Some(direct) = &self.direct {
            return direct.current_sentence();
        }
        let state = self.shared.lock();
        let slot = &state.plan.slots[state.cursor.slot];
        CurrentSentence {
            index: state.cursor.slot,
            total: state.plan.slots.len(),
            text: slot.sentence.text.clone(),
            span: slot.sentence.span.clone(),
        }
    }

    /// Where the listener is in the text: the sentence, and the word being heard in it (the
    /// next sentence's start in the pause after a sentence). Unlike
    /// [`position`](Self::position), a time, it does not move when the rate changes: give it
    /// back as [`Start::Place`] to resume there. Voices of the speech service give the
    /// sentence only.
    pub fn place(&self) -> Place {
        if let Some(status) = self.service_status() {
            return Place {
                sentence: status.sentence,
                offset: 0,
            };
        }
        self.shared.lock().place()
    }

    /// Everything at once: position, length, sentence, rate, volume.
    pub fn status(&self) -> Status {
        if let Some(status) = self.service_status() {
            return status;
        }
        self.shared.lock().status()
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.stop();
        // Close the device first: the audio callback holds a reference to the state.
        self.output.take();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data behind (every update is a
        // plain assignment); keep going rather than poison everything after it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Moves the cursor to timeline sample `target` and announces it.
    fn seek_to(&self, state: &mut State, target: u64) {
        let cursor = state.plan.estimate(target);
        if target >= state.plan.total().0 {
            self.jump(state, cursor);
            self.announce_move(state);
            state.finish();
        } else {
            self.move_to(state, cursor);
        }
    }

    /// Moves the cursor (not to the end) and announces it.
    fn move_to(&self, state: &mut State, cursor: Cursor) {
        self.jump(state, cursor);
        self.announce_move(state);
        state.finished = false;
        state.announce();
    }

    fn announce_move(&self, state: &mut State) {
        let (to, sentence, total) = (state.position(), state.cursor.slot, state.plan.slots.len());
        state.emit(Event::Seeked {
            to,
            sentence,
            total,
        });
    }

    /// Puts the cursor somewhere else and drops what the audio callback holds.
    fn jump(&self, state: &mut State, cursor: Cursor) {
        if cursor.slot != state.cursor.slot {
            state.announced = None;
        }
        state.cursor = cursor;
        state.ending = 0;
        state.next_word = state
            .plan
            .word_at(cursor.slot, cursor.offset)
            .map_or(0, |w| {
                let started = state.plan.slots[cursor.slot].words[w].sample as u64 == cursor.offset;
                if started { w } else { w + 1 }
            });
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.work.notify_all();
    }

    /// The current jump generation (see [`Shared::generation`]).
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Fills `out` with the next `want` samples for the device (silence when paused or
    /// waiting for synthesis) and moves the cursor. Returns the jump generation they belong
    /// to, or `None` once the player is stopped for good.
    pub(crate) fn fill(&self, out: &mut Vec<f32>, want: usize) -> Option<u64> {
        let mut state = self.lock();
        if state.quit {
            return None;
        }
        let generation = self.generation();
        out.clear();
        let mut waiting = false;
        if state.playing {
            let ending = state.ending;
            waiting = state.fill(out, want);
            // The silence after the end is not part of the reading.
            let handed = out.len() as u64 - (state.ending - ending);
            state.played += handed;
            let heard = duration(handed, self.sample_rate);
            if let Some(event) = state.sleep.advance(heard) {
                state.emit(Event::Sleep(event));
            }
        }
        out.resize(want, 0.0);
        if waiting {
            self.work.notify_all();
        }
        Some(generation)
    }

    /// Waits until the cursor has audio to hand the device: at least `prebuffer` samples of
    /// its sentence, or all of it, or a pause (silence that is meant) — calling `beat` every
    /// few milliseconds meanwhile. Returns false when the player was closed first.
    pub(crate) fn wait_until_audible(&self, prebuffer: u64, beat: &dyn Fn()) -> bool {
        let mut state = self.lock();
        loop {
            if state.quit {
                return false;
            }
            if state.playing && state.audible(prebuffer) {
                return true;
            }
            beat();
            state = match self.work.wait_timeout(state, Duration::from_millis(20)) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// The device failed: report it and stop.
    pub(crate) fn device_failed(&self, message: String) {
        let mut state = self.lock();
        if !state.quit {
            state.playing = false;
            state.finished = true;
            state.emit(Event::Error {
                message,
                fatal: true,
            });
        }
    }
}

impl State {
    fn emit(&self, event: Event) {
        // Nobody listening is fine.
        let _ = self.events.send(event);
    }

    fn position(&self) -> Duration {
        let slot = self.cursor.slot;
        let sample = match (self.cursor.anchor, self.cursor.resume_text) {
            (Some(anchor), _) => anchor,
            // Waiting to resume at a word (after a rate change, or at a saved place): that
            // word's share of the sentence's estimated length, not the sentence's start.
            (None, Some(byte)) => {
                let text = self.plan.slots[slot].spoken.len().max(1) as f64;
                let share = (byte as f64 / text).min(1.0);
                self.plan.start_of(slot) + (self.plan.speech_len(slot) as f64 * share) as u64
            }
            (None, None) => self.plan.start_of(slot) + self.cursor.offset,
        };
        duration(sample, self.plan.sample_rate)
    }

    fn place(&self) -> Place {
        let slot = self.cursor.slot;
        if let Some(offset) = self.cursor.resume_text {
            return Place {
                sentence: slot,
                offset,
            };
        }
        let offset = self.cursor.offset;
        if self.cursor.is_settled()
            && offset >= self.plan.speech_len(slot)
            && slot + 1 < self.plan.slots.len()
        {
            return Place {
                sentence: slot + 1,
                offset: 0,
            };
        }
        let offset = self
            .plan
            .word_at(slot, offset)
            .map_or(0, |w| self.plan.slots[slot].words[w].text.start);
        Place {
            sentence: slot,
            offset,
        }
    }

    fn status(&self) -> Status {
        let (len, estimated) = self.plan.total();
        Status {
            position: self.position(),
            duration: duration(len, self.plan.sample_rate),
            estimated,
            sentence: self.cursor.slot,
            sentences: self.plan.slots.len(),
            playing: self.playing,
            finished: self.finished,
            rate: self.rate,
            speedup: self.rate.speedup(self.normal_wpm),
            wpm: self.rate.wpm(self.normal_wpm),
            volume: self.volume,
            muted: self.muted,
            played: duration(self.played, self.plan.sample_rate),
            sleep: self.sleep.remaining(),
        }
    }

    /// Announces the cursor's sentence if that was not done yet.
    fn announce(&mut self) {
        let index = self.cursor.slot;
        if self.announced != Some(index) {
            self.announced = Some(index);
            let sentence = &self.plan.slots[index].sentence;
            self.emit(Event::SentenceStarted {
                index,
                total: self.plan.slots.len(),
                span: sentence.span.clone(),
                text: sentence.text.clone(),
            });
        }
    }

    fn finish(&mut self) {
        if !self.finished {
            self.finished = true;
            self.playing = false;
            self.emit(Event::Finished);
        }
    }

    /// Whether [`State::fill`] would hand over what is meant to be heard now (not silence
    /// while synthesis catches up): `prebuffer` samples of the cursor's sentence, or the rest
    /// of it, or the pause after it.
    fn audible(&self, prebuffer: u64) -> bool {
        if self.finished {
            return true;
        }
        let index = self.cursor.slot;
        let offset = self.cursor.offset;
        if !self.cursor.is_settled() {
            return false;
        }
        let slot = &self.plan.slots[index];
        match &slot.audio {
            Audio::Ready(_) => true,
            Audio::Partial(samples) => samples.len() as u64 >= offset + prebuffer,
            Audio::Dropped(_) | Audio::Missing => offset >= self.plan.speech_len(index),
        }
    }

    /// Appends up to `want` samples at the cursor, moving it. Returns whether playback is
    /// waiting for synthesis.
    fn fill(&mut self, out: &mut Vec<f32>, want: usize) -> bool {
        let gain = if self.muted {
            0.0
        } else {
            self.volume / 32768.0
        };
        while out.len() < want {
            let index = self.cursor.slot;
            let speech = self.plan.speech_len(index);
            let offset = self.cursor.offset;
            let available = self.plan.slots[index].available().len() as u64;
            let last = index + 1 >= self.plan.slots.len();
            if self.sleep.is_due() && (offset == 0 || (offset >= speech && !last)) {
                // Between two sentences: pause for the sleep timer, nothing cut.
                self.playing = false;
                self.sleep.stopped();
                let at = self.position();
                self.emit(Event::Sleep(SleepEvent::Stopped { at }));
                return false;
            }
            if offset < speech && (offset >= available || !self.cursor.is_settled()) {
                return true; // the engine has not got this far yet
            }
            if offset < speech {
                self.announce();
                let n = (want - out.len()).min((available - offset) as usize);
                let start = offset as usize;
                let slot = &self.plan.slots[index];
                out.extend(
                    slot.available()[start..start + n]
                        .iter()
                        .map(|&s| f32::from(s) * gain),
                );
                self.cursor.offset += n as u64;
                self.announce_words();
                continue;
            }
            let span = self.plan.span_len(index);
            if offset < span {
                let n = (want - out.len()).min((span - offset) as usize);
                out.resize(out.len() + n, 0.0);
                self.cursor.offset += n as u64;
                continue;
            }
            if index + 1 >= self.plan.slots.len() {
                // The device still holds the last samples: it is handed silence until they
                // have been heard, and only then is the reading finished (a program that
                // closes the device on that news would otherwise cut the last word short).
                let tail = u64::from(self.plan.sample_rate) * END_SILENCE_MS / 1000;
                if self.ending < tail {
                    let n = (want - out.len()).min((tail - self.ending) as usize);
                    out.resize(out.len() + n, 0.0);
                    self.ending += n as u64;
                    continue;
                }
                self.finish();
                return false;
            }
            self.cursor = self.plan.at_slot(index + 1);
            self.next_word = 0;
        }
        false
    }

    /// Announces the words of the cursor's slot that have started by now.
    fn announce_words(&mut self) {
        let index = self.cursor.slot;
        while let Some(mark) = self.plan.slots[index].words.get(self.next_word) {
            if mark.sample as u64 >= self.cursor.offset {
                break;
            }
            let slot = &self.plan.slots[index];
            let word = slot
                .spoken
                .get(mark.text.clone())
                .unwrap_or_default()
                .to_string();
            let spoken = mark.text.clone();
            self.next_word += 1;
            self.emit(Event::Word {
                sentence: index,
                spoken,
                word,
            });
        }
    }

    /// The next slot the worker should synthesize: the cursor's, then those ahead of it up to
    /// [`AHEAD`], then any other whose length is still estimated.
    fn next_job(&self) -> Option<usize> {
        let slots = &self.plan.slots;
        let busy = self.job.as_ref().map(|(slot, _, _)| *slot);
        let needs = |i: usize| {
            Some(i) != busy && matches!(slots[i].audio, Audio::Missing | Audio::Dropped(_))
        };
        let estimated = |i: usize| Some(i) != busy && matches!(slots[i].audio, Audio::Missing);
        let cursor = self.cursor.slot;
        if self.cursor.anchor.is_some() {
            // A time was asked for: make every length up to it exact first.
            if let Some(i) = (0..=cursor).find(|&i| estimated(i)) {
                return Some(i);
            }
        }
        if needs(cursor) {
            return Some(cursor);
        }
        let ahead = samples(AHEAD, self.plan.sample_rate);
        let mut covered = 0;
        for i in cursor + 1..slots.len() {
            if covered > ahead {
                break;
            }
            if needs(i) {
                return Some(i);
            }
            covered += self.plan.span_len(i);
        }
        (cursor + 1..slots.len())
            .chain(0..cursor)
            .find(|&i| estimated(i))
    }

    /// Drops the audio of slots far enough from the cursor that it need not be kept (their
    /// lengths stay known), so memory does not grow with the article.
    fn drop_far_audio(&mut self) {
        let rate = self.plan.sample_rate;
        let starts = self.plan.starts();
        let here = starts[self.cursor.slot];
        let (behind, ahead) = (samples(BEHIND, rate), samples(AHEAD, rate) * 2);
        for (index, slot) in self.plan.slots.iter_mut().enumerate() {
            let far = starts[index + 1] + behind < here || starts[index] > here + ahead;
            if far && let Audio::Ready(audio) = &slot.audio {
                slot.audio = Audio::Dropped(audio.len() as u64);
            }
        }
    }
}

/// The synthesis worker: runs until the player stops.
fn synthesize_ahead(shared: &Shared, engine: &dyn Engine) {
    loop {
        let (index, spoken, wpm, generation, cancel) = {
            let mut state = shared.lock();
            let index = loop {
                if state.quit {
                    return;
                }
                match state.next_job() {
                    Some(index) => break index,
                    None => state = shared.work.wait(state).unwrap_or_else(|p| p.into_inner()),
                }
            };
            let cancel = CancelToken::new();
            let generation = state.rate_generation;
            state.job = Some((index, generation, cancel.clone()));
            state.plan.slots[index].audio = Audio::Partial(Vec::new());
            let wpm = state.rate.wpm(state.normal_wpm);
            (
                index,
                state.plan.slots[index].spoken.clone(),
                wpm,
                generation,
                cancel,
            )
        };
        crate::trace::mark("synth: start");
        let result = engine.synthesize_streaming(&spoken, wpm, &cancel, &mut |block| {
            {
                static N: AtomicU64 = AtomicU64::new(0);
                if N.fetch_add(1, Ordering::Relaxed) < 3 {
                    crate::trace::mark(&format!("synth: block of {}", block.len()));
                }
            }
            let mut state = shared.lock();
            if state.rate_generation == generation
                && let Audio::Partial(samples) = &mut state.plan.slots[index].audio
            {
                samples.extend_from_slice(block);
                // The output may be waiting for the first audio.
                shared.work.notify_all();
            }
        });
        let mut state = shared.lock();
        state.job = None;
        if state.rate_generation != generation {
            continue; // the rate changed meanwhile: the slot was reset already
        }
        match result {
            Ok(speech) => {
                let cursor = state.cursor;
                state.cursor = state
                    .plan
                    .complete(index, speech.samples, speech.words, cursor);
                if let Some(anchor) = cursor.anchor
                    && state.cursor.anchor.is_none()
                    && anchor >= state.plan.total().0
                {
                    // A start time that looked inside the estimated length is past the real
                    // one: say so and start at the beginning.
                    let (total, rate) = (state.plan.total().0, state.plan.sample_rate);
                    state.emit(Event::Refused(Refusal::PastTheEnd {
                        asked: duration(anchor, rate),
                        duration: duration(total, rate),
                        estimated: false,
                    }));
                    state.cursor = state.plan.at_slot(0);
                    state.next_word = 0;
                    shared.generation.fetch_add(1, Ordering::SeqCst);
                }
                if cursor.slot == index && cursor.resume_text.is_some() {
                    // Placed at a word: the words before it are not heard.
                    let offset = state.cursor.offset;
                    state.next_word = state.plan.word_at(index, offset).unwrap_or(0);
                }
            }
            Err(SynthError::Cancelled) => state.plan.slots[index].audio = Audio::Missing,
            Err(error) => {
                // Skip the sentence rather than stall on it.
                let message = format!("sentence {} was skipped: {error}", index + 1);
                state.emit(Event::Error {
                    message,
                    fatal: false,
                });
                let cursor = state.cursor;
                state.cursor = state.plan.complete(index, Vec::new(), Vec::new(), cursor);
            }
        }
        state.drop_far_audio();
        shared.work.notify_all();
    }
}

fn samples(time: Duration, sample_rate: u32) -> u64 {
    (time.as_secs_f64() * f64::from(sample_rate)).round() as u64
}

fn duration(samples: u64, sample_rate: u32) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(sample_rate.max(1)))
}
