//! The whole pipeline in one call: document → sentences → spoken text → engine → timeline,
//! into memory or into a WAV file with subtitles.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::article::{BlockKind, Document};
use crate::audio::timeline::{Pauses, TimedSentence, TimedWord, Timeline};
use crate::cancel::CancelToken;
use crate::error::Error;
use crate::export::subtitles::{SubtitleFormat, SubtitleStyle};
use crate::export::{
    AudioFormat, AudioOutput, Chapter, Encoding, ExportError, OutputFile, Tags, commit_all,
};
use crate::rate::Rate;
use crate::synth::{self, Engine, Speech};
use crate::text::{self, Sentence};
use crate::voice::Voice;

/// How to render.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Speaking rate.
    pub rate: Rate,
    /// Silence between sentences, paragraphs and after the title.
    pub pauses: Pauses,
    /// Set it to stop rendering early ([`Error::Cancelled`]).
    pub cancel: CancelToken,
    /// How [`Renderer::render_to_files`] cuts subtitles into cues (one per sentence by
    /// default).
    pub subtitle_style: SubtitleStyle,
    /// Sentences synthesized at once, where the engine can (a Piper voice: a session of its
    /// model each, about 300 MB for a medium voice); 0, the default, is one per core, at most
    /// four. The samples are the same whatever it is.
    pub threads: usize,
}

/// The most threads a render uses by default (each Piper session holds its own copy of the
/// model's working memory).
const DEFAULT_MAX_THREADS: usize = 4;

/// How far a render has come, reported after each sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Sentences done (spoken or found silent).
    pub done: usize,
    /// Sentences in the document.
    pub total: usize,
    /// Audio rendered so far.
    pub audio: Duration,
}

/// How the audio file of a render is written: its format, bit rate and tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AudioSettings {
    /// The format; `None`: the one the audio path's extension names
    /// ([`AudioFormat::from_path`]).
    pub format: Option<AudioFormat>,
    /// Bits per second of Opus or MP3; `None`: the format's default.
    pub bitrate: Option<u32>,
    /// The tags; `None`: the document's own ([`Tags::of`]: title, language, and what the
    /// page says of its site, author, date and address).
    pub tags: Option<Tags>,
    /// Chapters written into the file's header; `None`: one per section heading of the
    /// document ([`Chapter::of`]).
    pub chapters: Option<Vec<Chapter>>,
}

/// Threads a renderer synthesizes on when [`RenderOptions::threads`] is 0: one per core, at
/// most [`DEFAULT_MAX_THREADS`].
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(DEFAULT_MAX_THREADS)
}

/// A document rendered in memory.
#[derive(Clone, Debug)]
pub struct Rendering {
    /// Mono 16-bit samples at `timeline.sample_rate`.
    pub samples: Vec<i16>,
    /// Where each sentence and word is.
    pub timeline: Timeline,
}

/// Renders documents with one voice. Opening the engine once serves many documents.
pub struct Renderer {
    voice: Voice,
    engine: Arc<dyn Engine>,
    options: RenderOptions,
}

impl Renderer {
    /// Opens `voice`'s engine (failing if it cannot speak here), ready to synthesize on
    /// [`RenderOptions::threads`] threads where the engine can.
    pub fn new(voice: &Voice, options: RenderOptions) -> Result<Renderer, Error> {
        let threads = match options.threads {
            0 => default_threads(),
            n => n,
        };
        Ok(Renderer {
            voice: voice.clone(),
            engine: Arc::from(synth::open_parallel(voice, threads)?),
            options,
        })
    }

    /// A renderer for `voice` that speaks through `engine`, an engine already open for that
    /// voice ([`synth::open_parallel`]) and possibly shared: a server keeps its voices'
    /// engines open across renderings (a Piper model takes a while to load), each rendering
    /// with its own rate and cancel token.
    pub fn with_engine(voice: &Voice, engine: Arc<dyn Engine>, options: RenderOptions) -> Renderer {
        Renderer {
            voice: voice.clone(),
            engine,
            options,
        }
    }

    /// The voice this renderer speaks with.
    pub fn voice(&self) -> &Voice {
        &self.voice
    }

    /// Samples per second of the audio it produces.
    pub fn sample_rate(&self) -> u32 {
        self.engine.sample_rate()
    }

    /// Renders `doc` into memory.
    pub fn render(&self, doc: &Document) -> Result<Rendering, Error> {
        let mut samples = Vec::new();
        let timeline = self.render_with(
            doc,
            &mut |chunk| {
                samples.extend_from_slice(chunk);
                Ok(())
            },
            &mut |_| {},
        )?;
        Ok(Rendering { samples, timeline })
    }

    /// Renders `doc` to an audio file and, if asked, subtitles (`.srt` or `.vtt`, by extension).
    /// The audio's format is told by its extension ([`AudioFormat::from_path`]: `.wav`,
    /// `.opus`/`.ogg`, `.mp3`, `.flac`). Both paths are checked before any audio is made; an
    /// audio path whose extension names another format (`.m4a`) is refused
    /// ([`ExportError::UnknownAudioFormat`]), never written as WAV under that name. Regular
    /// files appear together, and only once complete; a device or a pipe (`/dev/stdout`, a
    /// FIFO; `-` is standard output) receives the audio as it is made (see [`crate::export`]).
    /// Opus, MP3 and FLAC files are tagged with the document's title and language and have a
    /// chapter per section heading; [`render_to_files_with`](Self::render_to_files_with)
    /// chooses the format, bit rate, tags and chapters.
    pub fn render_to_files(
        &self,
        doc: &Document,
        audio_path: &Path,
        subtitles: Option<&Path>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Timeline, Error> {
        self.render_to_files_with(
            doc,
            audio_path,
            subtitles,
            &AudioSettings::default(),
            progress,
        )
    }

    /// Like [`render_to_files`](Self::render_to_files), with the audio written as `settings`
    /// say: a format whatever the path (`-` as Opus), a bit rate, tags and chapters of one's
    /// own.
    pub fn render_to_files_with(
        &self,
        doc: &Document,
        audio_path: &Path,
        subtitles: Option<&Path>,
        settings: &AudioSettings,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Timeline, Error> {
        if subtitles.is_some_and(|s| same_file(s, audio_path)) {
            return Err(ExportError::SamePath {
                path: audio_path.into(),
            }
            .into());
        }
        let audio_format = match settings.format {
            Some(format) => format,
            None => AudioFormat::from_path(audio_path)?,
        };
        let encoding = Encoding {
            bitrate: settings.bitrate,
            tags: settings.tags.clone().unwrap_or_else(|| Tags::of(doc)),
        };
        let subtitles = match subtitles {
            Some(path) => {
                let format = SubtitleFormat::from_path(path)
                    .ok_or_else(|| ExportError::UnknownSubtitleFormat { path: path.into() })?;
                Some((format, OutputFile::create(path)?))
            }
            None => None,
        };
        let audio = OutputFile::create(audio_path)?;
        if let Some((_, text)) = &subtitles
            && same_file(text.target(), audio.target())
        {
            return Err(ExportError::SamePath {
                path: audio_path.into(),
            }
            .into());
        }
        let mut output = AudioOutput::with(audio_format, audio, self.sample_rate(), &encoding)?;
        let timeline = self.render_with(doc, &mut |chunk| Ok(output.write(chunk)?), progress)?;
        let chapters = match &settings.chapters {
            Some(chapters) => chapters.clone(),
            None => Chapter::of(doc, &timeline),
        };
        let mut files = vec![output.finish_with_chapters(&chapters)?];
        if let Some((format, text)) = subtitles {
            use std::io::Write as _;
            text.file()
                .write_all(
                    format
                        .render_styled(&timeline, self.options.subtitle_style)
                        .as_bytes(),
                )
                .map_err(|source| ExportError::Io {
                    path: text.path().into(),
                    source,
                })?;
            files.push(text);
        }
        commit_all(files)?;
        Ok(timeline)
    }

    /// Renders `doc`, handing samples to `sink` as they are made and reporting `progress`
    /// after each sentence. Returns where everything landed.
    pub fn render_with(
        &self,
        doc: &Document,
        sink: &mut dyn FnMut(&[i16]) -> Result<(), Error>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Timeline, Error> {
        self.render_with_sentences(doc, sink, &mut |_| {}, progress)
    }

    /// Like [`render_with`](Self::render_with), also handing each sentence to `on_sentence`
    /// with its place in the audio as soon as its samples went to `sink` (a listener can be
    /// shown the sentence being read while the rest is made).
    pub fn render_with_sentences(
        &self,
        doc: &Document,
        sink: &mut dyn FnMut(&[i16]) -> Result<(), Error>,
        on_sentence: &mut dyn FnMut(&TimedSentence),
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Timeline, Error> {
        let sentences = text::segment(doc);
        let total = sentences.len();
        let sample_rate = self.sample_rate();
        let speedup = self.options.rate.speedup(self.voice.rate_wpm);
        let mut timeline = Timeline {
            sample_rate,
            sentences: Vec::with_capacity(total),
            len: 0,
        };
        let mut previous: Option<(Sentence, BlockKind)> = None;
        let mut place = |done: usize,
                         sentence: Sentence,
                         (spoken, speech): (String, Option<Speech>)|
         -> Result<(), Error> {
            if let Some(speech) = speech {
                if let Some((before, kind)) = &previous {
                    let gap = self.options.pauses.between(
                        (before, *kind),
                        &sentence,
                        speedup,
                        sample_rate,
                    );
                    write_silence(sink, gap)?;
                    timeline.len += gap;
                }
                let start = timeline.len;
                sink(&speech.samples)?;
                timeline.len += speech.samples.len() as u64;
                let kind = doc
                    .blocks()
                    .get(sentence.block)
                    .map_or(BlockKind::Paragraph, |b| b.kind);
                previous = Some((sentence.clone(), kind));
                timeline.sentences.push(TimedSentence {
                    sentence,
                    spoken,
                    start,
                    end: timeline.len,
                    words: speech
                        .words
                        .into_iter()
                        .map(|w| TimedWord {
                            start: start + w.sample as u64,
                            spoken: w.text,
                        })
                        .collect(),
                });
                if let Some(timed) = timeline.sentences.last() {
                    on_sentence(timed);
                }
            }
            progress(Progress {
                done: done + 1,
                total,
                audio: timeline.duration(),
            });
            Ok(())
        };
        let threads = self.engine.parallelism().min(total).max(1);
        crate::trace::mark("render: synthesis starts");
        if threads == 1 {
            for (done, sentence) in sentences.into_iter().enumerate() {
                let speech = self.speak(doc, &sentence)?;
                place(done, sentence, speech)?;
            }
        } else {
            self.speak_in_parallel(doc, sentences, threads, &mut place)?;
        }
        crate::trace::mark("render: synthesis ends");
        if timeline.sentences.is_empty() {
            return Err(Error::NothingToSay);
        }
        Ok(timeline)
    }

    /// The spoken form of `sentence` and its speech (`None`: nothing to say).
    fn speak(
        &self,
        doc: &Document,
        sentence: &Sentence,
    ) -> Result<(String, Option<Speech>), Error> {
        if self.options.cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let spoken = text::normalize_for(&sentence.text, doc.lang(), self.voice.region());
        let speech = if spoken.is_empty() {
            None
        } else {
            let wpm = self.options.rate.wpm(self.voice.rate_wpm);
            Some(self.engine.synthesize(&spoken, wpm, &self.options.cancel)?)
                .filter(|s| !s.samples.is_empty())
        };
        Ok((spoken, speech))
    }

    /// Synthesizes `sentences` on `threads` threads at once, handing each to `place` in order
    /// (the samples are those of one sentence after the other). At most a few sentences are
    /// made ahead of the one being placed, so memory stays small.
    fn speak_in_parallel(
        &self,
        doc: &Document,
        sentences: Vec<Sentence>,
        threads: usize,
        place: &mut dyn FnMut(usize, Sentence, (String, Option<Speech>)) -> Result<(), Error>,
    ) -> Result<(), Error> {
        use std::collections::BTreeMap;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::sync::{Condvar, Mutex, mpsc};

        let ahead = 2 * threads;
        let next = AtomicUsize::new(0);
        // The index of the next sentence to place, and a wake-up for threads that are ahead.
        let placed = (Mutex::new(0usize), Condvar::new());
        let stop = AtomicBool::new(false);
        let sentences = &sentences;
        std::thread::scope(|scope| {
            let (done, results) = mpsc::channel();
            for _ in 0..threads {
                let done = done.clone();
                let (next, placed, stop) = (&next, &placed, &stop);
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        if index >= sentences.len() {
                            return;
                        }
                        {
                            let (lock, wake) = placed;
                            let mut at = lock.lock().unwrap_or_else(|p| p.into_inner());
                            while index >= *at + ahead && !stop.load(Ordering::SeqCst) {
                                at = wake.wait(at).unwrap_or_else(|p| p.into_inner());
                            }
                        }
                        if stop.load(Ordering::SeqCst) {
                            return;
                        }
                        let result = self.speak(doc, &sentences[index]);
                        let failed = result.is_err();
                        if done.send((index, result)).is_err() || failed {
                            return;
                        }
                    }
                });
            }
            drop(done);
            let finish = |result: Result<(), Error>| {
                stop.store(true, Ordering::SeqCst);
                placed.1.notify_all();
                result
            };
            let mut waiting = BTreeMap::new();
            let mut expected = 0;
            for (index, result) in results {
                waiting.insert(index, result);
                while let Some(result) = waiting.remove(&expected) {
                    // Sentences made before a cancel are not placed after it.
                    if self.options.cancel.is_cancelled() {
                        return finish(Err(Error::Cancelled));
                    }
                    let placing = result
                        .and_then(|speech| place(expected, sentences[expected].clone(), speech));
                    if let Err(error) = placing {
                        return finish(Err(error));
                    }
                    expected += 1;
                    *placed.0.lock().unwrap_or_else(|p| p.into_inner()) = expected;
                    placed.1.notify_all();
                }
            }
            if expected < sentences.len() {
                // A thread ended early without an error it could send: only a cancel does.
                return finish(Err(Error::Cancelled));
            }
            finish(Ok(()))
        })
    }
}

/// Renders `doc` with `voice` into memory.
pub fn render(doc: &Document, voice: &Voice, options: &RenderOptions) -> Result<Rendering, Error> {
    Renderer::new(voice, options.clone())?.render(doc)
}

fn write_silence(
    sink: &mut dyn FnMut(&[i16]) -> Result<(), Error>,
    mut samples: u64,
) -> Result<(), Error> {
    const ZEROS: [i16; 4096] = [0; 4096];
    while samples > 0 {
        let n = samples.min(ZEROS.len() as u64) as usize;
        sink(&ZEROS[..n])?;
        samples -= n as u64;
    }
    Ok(())
}

/// Whether two paths name the same file (compared as given, then through their folders).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    let resolve = |p: &Path| {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        dir.canonicalize()
            .ok()
            .zip(p.file_name())
            .map(|(d, n)| d.join(n))
    };
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}
