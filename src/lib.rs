//! # docbao — đọc báo, *reading the news*
//!
//! Reads articles aloud: plain text in, spoken audio out — on the sound card with pause, seek
//! and speed, or into files — with a timeline of every sentence and word. Vietnamese first,
//! English too; the voices are libespeak-ng's, run in process.
//!
//! The data flows one way:
//!
//! ```text
//!  input ─▶ article ─▶ text ─────────────▶ synth ─────────▶ audio ──────────▶ output
//!  file     Document   segment  normalize   Engine(voice)    Timeline / plan   sound card (Player)
//!  stdin    blocks     Sentence spoken      PCM + word marks sample offsets    WAV file, SRT/VTT
//! ```
//!
//! - [`Document`] (module [`article`]): the text, its title and paragraphs, its [`Lang`].
//! - [`text::segment`] and [`text::normalize`]: sentences, and what the engine is given.
//! - [`Voices`] and [`Voice`]: voice profiles, built-in (`voices/`) and the user's own.
//! - [`synth`]: engines; `espeak` is libespeak-ng on a thread of its own, `command` runs an
//!   external voice program per sentence, `system` (feature `system`) is the platform speech
//!   service, which the [`Player`] drives sentence by sentence.
//! - [`Renderer`] / [`render`]: the whole pipeline, into memory or into files, giving a
//!   [`Timeline`] of where each sentence and word is.
//! - [`export`]: files that are never left half-written or destroyed ([`OutputFile`]: devices
//!   and pipes written through, links followed, several files committed together), the
//!   streamed [`WavOutput`] (RF64 past 4 GiB), subtitles.
//! - [`state`]: where each article was left, and which were read lately (docbao's state
//!   folder), so a reading resumes where it stopped.
//! - [`Player`] (feature `player`, on by default): plays while synthesizing, takes
//!   [`Command`]s (the same as the keys and plain mode of `docbao read`) and reports
//!   [`Event`]s.
//! - `serve` (feature `serve`, on by default): the HTTP service behind `docbao serve` — an
//!   OpenAI-compatible speech endpoint, an article API streaming audio as it is synthesized,
//!   and an accessible web player.
//!
//! ```no_run
//! use docbao::{Document, RenderOptions, Voices};
//!
//! let doc = Document::from_text("Xin chào. Hôm nay trời đẹp.", None)?;
//! let voice = Voices::builtin().and_user().default_for(doc.lang())?;
//! let rendering = docbao::render(&doc, &voice, &RenderOptions::default())?;
//! for timed in &rendering.timeline.sentences {
//!     println!("{:?} {}", rendering.timeline.time_of(timed.start), timed.sentence.text);
//! }
//! # Ok::<(), docbao::Error>(())
//! ```

pub mod article;
pub mod audio;
mod cancel;
pub mod config;
mod config_file;
mod error;
pub mod export;
mod lang;
mod rate;
mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod state;
pub mod synth;
pub mod text;
#[doc(hidden)]
pub mod trace;
pub mod voice;

pub use article::{Block, BlockKind, Document, InputError, Metadata};
#[cfg(feature = "player")]
pub use audio::command::{Command, CommandError};
#[cfg(feature = "player")]
pub use audio::event::{Event, Refusal, Status};
#[cfg(feature = "player")]
pub use audio::output::AudioError;
#[cfg(feature = "player")]
pub use audio::player::{CurrentSentence, Place, Player, PlayerOptions, Start};
#[cfg(feature = "player")]
pub use audio::sleep::{SleepChange, SleepEvent};
pub use audio::timeline::{Pauses, TimedSentence, TimedWord, Timeline};
pub use cancel::CancelToken;
pub use error::Error;
pub use export::subtitles::{SubtitleFormat, SubtitleStyle};
pub use export::{
    AudioFormat, AudioOutput, Chapter, Encoding, ExportError, OutputFile, Tags, WavOutput,
};
pub use lang::{Lang, LangError};
pub use rate::{Rate, RateError};
pub use render::{AudioSettings, Progress, RenderOptions, Renderer, Rendering, render};
pub use synth::{Engine, Speech, SynthError, WordMark};
pub use text::Sentence;
pub use voice::{EngineKind, Gender, Voice, VoiceError, Voices};
