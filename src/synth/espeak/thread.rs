//! The one thread that owns libespeak-ng. Everything else sends it jobs. It keeps the engine
//! as initialized, with its voice loaded, and makes each sentence in a child process forked
//! from it ([`super::fork`]), so that every sentence starts from the same state.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char, c_int, c_short, c_void};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, Sender};

use super::fork::{self, Failure};
use super::lead::Lead;
use super::{NAME, Settings, ffi};
use crate::cancel::CancelToken;
use crate::synth::{Speech, SynthError, WordMark};

/// A handle on the engine thread.
pub(super) struct Owner {
    jobs: Sender<Job>,
    sample_rate: u32,
    data_dir: PathBuf,
}

enum Job {
    /// Start a child making the text; the reply is that child.
    Synthesize {
        text: String,
        settings: Settings,
        rate_wpm: u32,
        /// Made at a lower priority than the process'.
        nicer: bool,
        reply: Sender<Result<fork::Child, SynthError>>,
    },
    CheckVoice {
        voice: String,
        reply: Sender<Result<(), SynthError>>,
    },
    #[cfg_attr(not(feature = "piper"), allow(dead_code))] // used by the piper engine
    Phonemes {
        text: String,
        voice: String,
        reply: Sender<Result<Vec<Clause>, SynthError>>,
    },
}

/// One clause of a text in IPA, as `espeak_TextToPhonemes` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Clause {
    /// Byte range of the clause in the text, punctuation included.
    pub text: std::ops::Range<usize>,
    /// The clause's phonemes in IPA, words separated by spaces, without punctuation.
    pub phonemes: String,
}

/// Seed for `rand()` before each synthesis, so output is reproducible.
const NOISE_SEED: u32 = 1;

/// Where streamed samples go.
type OnAudio<'a> = &'a mut dyn FnMut(&[i16]);

static OWNER: OnceLock<Result<Owner, String>> = OnceLock::new();

/// The engine thread, started on first use.
pub(super) fn owner() -> Result<&'static Owner, SynthError> {
    OWNER
        .get_or_init(start)
        .as_ref()
        .map_err(|reason| SynthError::Unavailable {
            engine: NAME,
            reason: reason.clone(),
        })
}

fn start() -> Result<Owner, String> {
    let (jobs, inbox) = mpsc::channel();
    let (ready, started) = mpsc::channel();
    std::thread::Builder::new()
        .name("espeak-ng".into())
        .spawn(move || run(inbox, ready))
        .map_err(|e| format!("cannot start its thread: {e}"))?;
    let (sample_rate, data_dir) = started
        .recv()
        .map_err(|_| "its thread stopped while starting".to_string())??;
    Ok(Owner {
        jobs,
        sample_rate,
        data_dir,
    })
}

impl Owner {
    pub(super) fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Checks that espeak-ng has the voice, and its variant if one is named (`vi+f3`):
    /// libespeak-ng itself ignores an unknown variant without a word.
    pub(super) fn check_voice(&self, voice: &str) -> Result<(), SynthError> {
        if let Some((_, variant)) = voice.split_once('+') {
            let file = self.data_dir.join("voices").join("!v").join(variant);
            if variant.is_empty() || variant.contains(['/', '\\']) || !file.is_file() {
                return Err(SynthError::NoSuchVoice {
                    engine: NAME,
                    voice: voice.to_string(),
                });
            }
        }
        let (reply, answer) = mpsc::channel();
        self.send(Job::CheckVoice {
            voice: voice.to_string(),
            reply,
        })?;
        answer.recv().map_err(|_| stopped())?
    }

    /// Synthesizes in a child of the engine thread (`nicer`: at a lower priority), handing
    /// each block to `on_audio` as it comes. Calls from several threads run at once, each in
    /// its own child.
    pub(super) fn synthesize(
        &self,
        text: &str,
        settings: &Settings,
        rate_wpm: u32,
        nicer: bool,
        cancel: &CancelToken,
        on_audio: OnAudio<'_>,
    ) -> Result<Speech, SynthError> {
        if cancel.is_cancelled() {
            return Err(SynthError::Cancelled);
        }
        let (reply, answer) = mpsc::channel();
        self.send(Job::Synthesize {
            text: text.to_string(),
            settings: settings.clone(),
            rate_wpm,
            nicer,
            reply,
        })?;
        let child = answer.recv().map_err(|_| stopped())??;
        let made = child
            .receive(cancel, on_audio)
            .map_err(|failure| match failure {
                Failure::Cancelled => SynthError::Cancelled,
                Failure::Broken(error) => SynthError::Failed {
                    engine: NAME,
                    reason: format!("its synthesis process stopped ({error})"),
                },
            })?;
        if made.status != ffi::EE_OK {
            return Err(SynthError::Failed {
                engine: NAME,
                reason: format!("espeak_Synth returned {}", made.status),
            });
        }
        Ok(Speech {
            words: word_marks(text, &made.words, made.skipped),
            samples: made.samples,
            sample_rate: self.sample_rate,
        })
    }

    /// The text in IPA, clause by clause, with `voice`'s pronunciation (for Piper voices).
    #[cfg_attr(not(feature = "piper"), allow(dead_code))] // used by the piper engine
    pub(crate) fn phonemes(&self, text: &str, voice: &str) -> Result<Vec<Clause>, SynthError> {
        let (reply, answer) = mpsc::channel();
        self.send(Job::Phonemes {
            text: text.to_string(),
            voice: voice.to_string(),
            reply,
        })?;
        answer.recv().map_err(|_| stopped())?
    }

    fn send(&self, job: Job) -> Result<(), SynthError> {
        self.jobs.send(job).map_err(|_| stopped())
    }
}

fn stopped() -> SynthError {
    SynthError::Failed {
        engine: NAME,
        reason: "its thread has stopped".into(),
    }
}

/// The engine thread: initialise, then serve jobs until every handle is gone.
fn run(inbox: Receiver<Job>, ready: Sender<Result<(u32, PathBuf), String>>) {
    crate::trace::mark("espeak: initialize");
    // SAFETY: this thread is the only one that ever calls into libespeak-ng.
    let sample_rate = unsafe {
        ffi::espeak_Initialize(
            ffi::AUDIO_OUTPUT_SYNCHRONOUS,
            0,
            std::ptr::null(),
            ffi::INITIALIZE_DONT_EXIT,
        )
    };
    if sample_rate <= 0 {
        let _ = ready.send(Err(
            "libespeak-ng found no voice data (install the espeak-ng-data package)".into(),
        ));
        return;
    }
    let mut data: *const c_char = std::ptr::null();
    // SAFETY: espeak_Info writes a pointer to a static string it owns.
    unsafe { ffi::espeak_Info(&mut data) };
    let data_dir = if data.is_null() {
        PathBuf::new()
    } else {
        // SAFETY: non-null, NUL-terminated, owned by libespeak-ng for the process' life.
        PathBuf::from(
            unsafe { CStr::from_ptr(data) }
                .to_string_lossy()
                .into_owned(),
        )
    };
    // SAFETY: `collect` follows the callback contract and never unwinds.
    unsafe { ffi::espeak_SetSynthCallback(Some(collect)) };
    crate::trace::mark("espeak: initialized");
    if ready.send(Ok((sample_rate as u32, data_dir))).is_err() {
        return;
    }

    let mut current: Option<String> = None;
    for job in inbox {
        match job {
            Job::CheckVoice { voice, reply } => {
                // The voice is selected whole, variant and all, as a synthesis with it does
                // (the variant file was checked): the first synthesis need not load it again.
                current = None;
                let result = select_voice(&voice).map_err(|_| SynthError::NoSuchVoice {
                    engine: NAME,
                    voice: voice.clone(),
                });
                if result.is_ok() {
                    current = Some(voice);
                }
                let _ = reply.send(result);
            }
            Job::Phonemes { text, voice, reply } => {
                let result = if current.as_deref() == Some(voice.as_str()) {
                    Ok(())
                } else {
                    current = None;
                    select_voice(&voice).map(|()| current = Some(voice.clone()))
                };
                let result = result
                    .map_err(|()| SynthError::NoSuchVoice {
                        engine: NAME,
                        voice: voice.clone(),
                    })
                    .map(|()| phonemes(&text));
                let _ = reply.send(result);
            }
            Job::Synthesize {
                text,
                settings,
                rate_wpm,
                nicer,
                reply,
            } => {
                let child = start_synthesis(text, &settings, rate_wpm, nicer, &mut current);
                let _ = reply.send(child);
            }
        }
    }
}

/// Splits `text` into clauses and translates each to IPA with the current voice.
fn phonemes(text: &str) -> Vec<Clause> {
    // A NUL would end the C string early; a space keeps the byte offsets.
    let c_text = CString::new(text.replace('\0', " ")).expect("NUL bytes were replaced");
    let base = c_text.as_ptr() as usize;
    let mut clauses = Vec::new();
    let mut cursor: *const c_void = c_text.as_ptr().cast();
    let mut start = 0;
    while !cursor.is_null() && start < text.len() {
        // SAFETY: engine thread; `cursor` points into `c_text`, which is NUL-terminated and
        // outlives the call; the returned string is copied before the next call.
        let ipa = unsafe {
            let ipa = ffi::espeak_TextToPhonemes(
                &mut cursor,
                ffi::CHARS_UTF8 as c_int,
                ffi::PHONEMES_IPA,
            );
            if ipa.is_null() {
                String::new()
            } else {
                CStr::from_ptr(ipa).to_string_lossy().into_owned()
            }
        };
        let end = if cursor.is_null() {
            text.len()
        } else {
            (cursor as usize)
                .saturating_sub(base)
                .clamp(start, text.len())
        };
        // espeak-ng moves by bytes of UTF-8; never split a character.
        let end = (end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        // It reads a character past the clause: give back a word begun there.
        let end = if !cursor.is_null() && text[start..end].ends_with(char::is_alphanumeric) {
            text[start..end]
                .rfind(|c: char| !c.is_alphanumeric())
                .map(|at| start + at + text[start + at..].chars().next().map_or(1, char::len_utf8))
                .filter(|&at| at > start)
                .unwrap_or(end)
        } else {
            end
        };
        if end == start && !cursor.is_null() {
            break; // no progress: stop rather than loop
        }
        let phonemes = ipa.split_whitespace().collect::<Vec<_>>().join(" ");
        if !phonemes.is_empty() {
            clauses.push(Clause {
                text: start..end,
                phonemes,
            });
        }
        start = end;
    }
    clauses
}

fn select_voice(voice: &str) -> Result<(), ()> {
    let name = CString::new(voice).map_err(drop)?;
    // SAFETY: engine thread; `name` is NUL-terminated.
    match unsafe { ffi::espeak_SetVoiceByName(name.as_ptr()) } {
        ffi::EE_OK => Ok(()),
        _ => Err(()),
    }
}

/// Loads the voice if another is loaded, then forks the child that makes `text`.
fn start_synthesis(
    text: String,
    settings: &Settings,
    rate_wpm: u32,
    nicer: bool,
    current: &mut Option<String>,
) -> Result<fork::Child, SynthError> {
    if current.as_deref() != Some(settings.voice.as_str()) {
        *current = None;
        select_voice(&settings.voice).map_err(|_| SynthError::NoSuchVoice {
            engine: NAME,
            voice: settings.voice.clone(),
        })?;
        *current = Some(settings.voice.clone());
    }
    let settings = settings.clone();
    fork::spawn(move |out| {
        if nicer {
            lower_priority();
        }
        synthesize(&text, &settings, rate_wpm, out)
    })
    .map_err(|error| SynthError::Failed {
        engine: NAME,
        reason: format!("cannot start its synthesis process ({error})"),
    })
}

/// How much nicer a sentence made ahead in a reading is than the process.
const NICENESS: libc::c_int = 10;

/// In the child: gives way to the process that reads (its audio thread above all).
fn lower_priority() {
    // SAFETY: plain system calls on the calling (the child's only) thread; a failure leaves
    // the priority as it was.
    unsafe {
        let current = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, (current + NICENESS).min(19));
    }
}

/// In the child: makes `text` with the voice loaded, sending its audio to `out` as it comes.
fn synthesize(text: &str, settings: &Settings, rate_wpm: u32, out: &mut fork::Sender) {
    // SAFETY: the child's only thread, the engine thread's copy. Parameters are set after the
    // voice, which resets them.
    unsafe {
        ffi::espeak_SetParameter(ffi::PARAM_RATE, rate_wpm as c_int, 0);
        ffi::espeak_SetParameter(ffi::PARAM_PITCH, settings.pitch.into(), 0);
        ffi::espeak_SetParameter(ffi::PARAM_RANGE, settings.range.into(), 0);
        ffi::espeak_SetParameter(ffi::PARAM_VOLUME, 100, 0);
        // The same text gives the same breath noise.
        ffi::srand(NOISE_SEED);
    }
    // A NUL would end the C string early; it has nothing to say anyway.
    let c_text = CString::new(text.replace('\0', " ")).expect("NUL bytes were replaced");
    let sender: *mut fork::Sender = out;
    COLLECTOR.with(|c| {
        *c.borrow_mut() = Some(Collector {
            out: sender,
            ..Collector::default()
        })
    });
    // SAFETY: the text is NUL-terminated UTF-8 and outlives the call, which (in synchronous
    // mode) returns only when synthesis is over; `out` outlives it too.
    let status = unsafe {
        ffi::espeak_Synth(
            c_text.as_ptr().cast::<c_void>(),
            c_text.as_bytes_with_nul().len(),
            0,
            ffi::POS_CHARACTER,
            0,
            ffi::CHARS_UTF8,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    let mut collected = COLLECTOR
        .with(|c| c.borrow_mut().take())
        .unwrap_or_default();
    if !collected.broken && collected.lead.finish(&mut |b| out.block(b)).is_ok() {
        let _ = out.end(status, collected.lead.skipped(), &collected.words);
    }
}

/// Turns espeak's word events (1-based character position and length) into byte ranges, and
/// their sample offsets into offsets in the audio kept (`skipped` leading samples dropped).
fn word_marks(text: &str, events: &[(usize, usize, usize)], skipped: usize) -> Vec<WordMark> {
    let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    starts.push(text.len());
    let byte_at = |chars: usize| starts[chars.min(starts.len() - 1)];
    events
        .iter()
        .filter(|(_, position, _)| *position >= 1)
        .map(|&(sample, position, length)| WordMark {
            sample: sample.saturating_sub(skipped),
            text: byte_at(position - 1)..byte_at(position - 1 + length),
        })
        // espeak-ng can end with a mark past the last character: no word there.
        .filter(|mark| !mark.text.is_empty())
        .collect()
}

/// What the callback gathers during one `espeak_Synth` call, in the child.
struct Collector {
    /// Where each block goes as it is made (the child's pipe, alive for the whole call).
    out: *mut fork::Sender,
    /// (sample offset, 1-based character position, length in characters).
    words: Vec<(usize, usize, usize)>,
    /// The pipe is closed: no one wants the rest.
    broken: bool,
    /// Where the sound starts.
    lead: Lead,
}

impl Default for Collector {
    fn default() -> Self {
        Collector {
            out: std::ptr::null_mut(),
            words: Vec::new(),
            broken: false,
            lead: Lead::default(),
        }
    }
}

thread_local! {
    static COLLECTOR: RefCell<Option<Collector>> = const { RefCell::new(None) };
}

/// The synthesis callback: sends audio on, gathers word events; returns 1 to abort when the
/// pipe is closed.
unsafe extern "C" fn collect(wav: *mut c_short, count: c_int, events: *mut ffi::Event) -> c_int {
    COLLECTOR.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return 1;
        };
        let Some(collector) = slot.as_mut() else {
            return 1;
        };
        let mut event = events;
        // SAFETY: libespeak-ng passes an array of events ended by EVENT_LIST_TERMINATED.
        unsafe {
            while !event.is_null() && (*event).kind != ffi::EVENT_LIST_TERMINATED {
                if (*event).kind == ffi::EVENT_WORD {
                    collector.words.push((
                        (*event).sample.max(0) as usize,
                        (*event).text_position.max(0) as usize,
                        (*event).length.max(0) as usize,
                    ));
                }
                event = event.add(1);
            }
        }
        if !wav.is_null() && count > 0 {
            // SAFETY: `wav` holds `count` samples for the duration of the call.
            let block = unsafe { std::slice::from_raw_parts(wav, count as usize) };
            // SAFETY: `out` points to the child's sender for the whole `espeak_Synth` call.
            let Some(out) = (unsafe { collector.out.as_mut() }) else {
                return 1;
            };
            let mut send = |b: &[i16]| if b.is_empty() { Ok(()) } else { out.block(b) };
            if collector.lead.feed(block, &mut send).is_err() {
                collector.broken = true;
                return 1;
            }
        }
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_cover_the_text_on_word_boundaries() {
        let text = "It has two hundred seats, and it stays open. Số 1990, ở Huế!";
        let clauses = owner().unwrap().phonemes(text, "en-us").unwrap();
        let pieces: Vec<&str> = clauses.iter().map(|c| &text[c.text.clone()]).collect();
        assert_eq!(pieces.concat(), text);
        assert!(pieces[0].ends_with(", "), "{pieces:?}");
        assert!(pieces[1].starts_with("and"), "{pieces:?}");
        assert!(clauses.iter().all(|c| !c.phonemes.is_empty()));
        assert!(owner().unwrap().phonemes("", "en-us").unwrap().is_empty());
        let vi = "Sáng nay trời mưa nhỏ ở Hà Nội, nhiều người vẫn đi làm sớm. Ừ!";
        let clauses = owner().unwrap().phonemes(vi, "vi").unwrap();
        let pieces: Vec<&str> = clauses.iter().map(|c| &vi[c.text.clone()]).collect();
        assert_eq!(pieces.concat(), vi);
        assert!(pieces[0].ends_with("Nội, "), "{pieces:?}");
        assert!(owner().unwrap().phonemes("a", "no-such-voice").is_err());
    }

    #[test]
    fn word_events_map_characters_to_bytes() {
        let text = "Xin chào các bạn.";
        let marks = word_marks(
            text,
            &[
                (0, 1, 3),
                (10, 5, 4),
                (20, 10, 3),
                (30, 14, 3),
                (40, 99, 2),
                (50, 0, 1),
            ],
            4,
        );
        let words: Vec<&str> = marks.iter().map(|m| &text[m.text.clone()]).collect();
        assert_eq!(words, ["Xin", "chào", "các", "bạn"]);
        // Offsets count from the first sound: 4 silent samples were dropped.
        assert_eq!((marks[0].sample, marks[1].sample), (0, 6));
    }
}
