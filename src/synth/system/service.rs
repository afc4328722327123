//! One thread owns the `tts` handle (it is not `Send`) and speaks on request; callbacks
//! report when each utterance begins, ends or is stopped.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::{NAME, SystemVoice, gender_from_name, settings};
use crate::synth::SynthError;
use crate::voice::{Gender, Voice};

/// Longest wait for the service to answer a request (connect, list, set up).
const ANSWER: Duration = Duration::from_secs(10);

/// What the service reports about the utterance it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utterance {
    /// It started to be heard.
    Began,
    /// It was heard to the end.
    Ended,
    /// It was stopped before the end.
    Stopped,
}

enum Job {
    List(Sender<Result<Vec<SystemVoice>, SynthError>>),
    Open(String, Sender<Result<(), SynthError>>),
    Speak {
        text: String,
        rate: f32,
        volume: f32,
        reply: Sender<Result<Option<String>, SynthError>>,
    },
    Stop,
}

/// A connection to the speech service, speaking with one voice.
pub struct Service {
    jobs: Sender<Job>,
    utterances: Reports,
    /// The key of the utterance last handed over, when the service gave one: reports about
    /// earlier ones (a late "stopped" after a seek) are not about it.
    current: std::sync::Mutex<Option<String>>,
}

/// A key for an utterance id (on macOS the id only implements `Debug`).
fn key(id: &tts::UtteranceId) -> String {
    format!("{id:?}")
}

fn failed(reason: impl Into<String>) -> SynthError {
    SynthError::Failed {
        engine: NAME,
        reason: reason.into(),
    }
}

fn no_answer() -> SynthError {
    failed(format!(
        "the speech service did not answer within {} s",
        ANSWER.as_secs()
    ))
}

/// Starts an owner thread connected to the service; returns its job queue and the
/// utterance reports.
/// Reports from the service: the utterance's key and what happened to it.
type Reports = Receiver<(String, Utterance)>;

fn connect() -> Result<(Sender<Job>, Reports), SynthError> {
    let (jobs, queue) = mpsc::channel::<Job>();
    let (reports, utterances) = mpsc::channel::<(String, Utterance)>();
    let (ready, connected) = mpsc::channel::<Result<(), SynthError>>();
    std::thread::Builder::new()
        .name("docbao-system-tts".into())
        .spawn(move || own(queue, reports, ready))
        .map_err(|e| failed(format!("cannot start its thread ({e})")))?;
    match connected.recv_timeout(ANSWER) {
        Ok(Ok(())) => Ok((jobs, utterances)),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(no_answer()),
    }
}

/// The owner thread: connects, then serves jobs until every handle is gone.
fn own(
    queue: Receiver<Job>,
    reports: Sender<(String, Utterance)>,
    ready: Sender<Result<(), SynthError>>,
) {
    let tts = match std::panic::catch_unwind(tts::Tts::default) {
        Ok(Ok(tts)) => tts,
        Ok(Err(e)) => {
            let _ = ready.send(Err(SynthError::Unavailable {
                engine: NAME,
                reason: format!("the speech service cannot be reached ({e})"),
            }));
            return;
        }
        Err(_) => {
            let _ = ready.send(Err(SynthError::Unavailable {
                engine: NAME,
                reason: "the speech service cannot be reached".into(),
            }));
            return;
        }
    };
    let mut tts = tts;
    for (report, what) in [
        (reports.clone(), Utterance::Began),
        (reports.clone(), Utterance::Ended),
        (reports.clone(), Utterance::Stopped),
    ] {
        let callback: Box<dyn FnMut(tts::UtteranceId)> = Box::new(move |id| {
            let _ = report.send((key(&id), what));
        });
        let set = match what {
            Utterance::Began => tts.on_utterance_begin(Some(callback)),
            Utterance::Ended => tts.on_utterance_end(Some(callback)),
            Utterance::Stopped => tts.on_utterance_stop(Some(callback)),
        };
        if let Err(e) = set {
            let _ = ready.send(Err(failed(format!(
                "the speech service gives no progress reports ({e})"
            ))));
            return;
        }
    }
    let _ = ready.send(Ok(()));
    while let Ok(job) = queue.recv() {
        // The crate panics on some calls (`voice()` is unimplemented on Speech Dispatcher):
        // a panic is a failed request, not a dead program.
        let _ = std::panic::catch_unwind(AssertUnwindSafe(|| serve(&mut tts, job)));
    }
    let _ = tts.stop();
}

fn serve(tts: &mut tts::Tts, job: Job) {
    match job {
        Job::List(reply) => {
            let _ = reply.send(voices(tts));
        }
        Job::Open(name, reply) => {
            let result = tts
                .voices()
                .map_err(|e| failed(format!("cannot list voices ({e})")))
                .and_then(|voices| {
                    let voice = voices.into_iter().find(|v| v.name() == name).ok_or(
                        SynthError::NoSuchVoice {
                            engine: NAME,
                            voice: name.clone(),
                        },
                    )?;
                    tts.set_voice(&voice)
                        .map_err(|e| failed(format!("cannot choose the voice '{name}' ({e})")))
                });
            let _ = reply.send(result);
        }
        Job::Speak {
            text,
            rate,
            volume,
            reply,
        } => {
            let rate = rate.clamp(tts.min_rate(), tts.max_rate());
            let (quiet, loud) = (tts.min_volume(), tts.normal_volume());
            let volume = quiet + (loud - quiet) * volume.clamp(0.0, 1.0);
            let result = tts
                .set_rate(rate)
                .map(drop)
                .and_then(|()| tts.set_volume(volume).map(drop))
                .and_then(|()| tts.speak(text, true).map(|id| id.as_ref().map(key)))
                .map_err(|e| failed(format!("it did not take the sentence ({e})")));
            let _ = reply.send(result);
        }
        Job::Stop => {
            let _ = tts.stop();
        }
    }
}

fn voices(tts: &tts::Tts) -> Result<Vec<SystemVoice>, SynthError> {
    let voices = tts
        .voices()
        .map_err(|e| failed(format!("cannot list voices ({e})")))?;
    // Thousands of voices share a few dozen variants: look each variant up once.
    let mut known: std::collections::HashMap<String, Option<Gender>> = Default::default();
    Ok(voices
        .into_iter()
        .map(|v| {
            let name = v.name();
            let gender = match v.gender() {
                Some(tts::Gender::Female) => Some(Gender::Female),
                Some(tts::Gender::Male) => Some(Gender::Male),
                None => {
                    let variant = name.rsplit_once('+').map_or("", |(_, v)| v).to_string();
                    *known
                        .entry(variant)
                        .or_insert_with(|| gender_from_name(&name))
                }
            };
            SystemVoice {
                language: v.language().to_string(),
                name,
                gender,
            }
        })
        .collect())
}

/// The voices of the speech service, sorted by language, then name.
pub fn list_voices() -> Result<Vec<SystemVoice>, SynthError> {
    let (jobs, _utterances) = connect()?;
    let (reply, answer) = mpsc::channel();
    jobs.send(Job::List(reply)).map_err(|_| no_answer())?;
    let mut voices = answer.recv_timeout(ANSWER).map_err(|_| no_answer())??;
    voices.sort_by(|a, b| (&a.language, &a.name).cmp(&(&b.language, &b.name)));
    Ok(voices)
}

impl Service {
    /// Connects to the service and chooses the profile's voice.
    pub fn open(voice: &Voice) -> Result<Service, SynthError> {
        let settings = settings(voice)?;
        let (jobs, utterances) = connect()?;
        let (reply, answer) = mpsc::channel();
        jobs.send(Job::Open(settings.voice.clone(), reply))
            .map_err(|_| no_answer())?;
        answer.recv_timeout(ANSWER).map_err(|_| no_answer())??;
        Ok(Service {
            jobs,
            utterances,
            current: std::sync::Mutex::new(None),
        })
    }

    /// Starts speaking `text` (stopping whatever was being said) at `rate`, the service's
    /// own scale where 0 is normal and ±100 the extremes (Speech Dispatcher), and `volume`
    /// from 0 (the service's quietest) to 1 (its normal volume, which is also its loudest).
    pub fn speak(&self, text: &str, rate: f32, volume: f32) -> Result<(), SynthError> {
        // Reports of an earlier utterance are stale now.
        while self.utterances.try_recv().is_ok() {}
        let (reply, answer) = mpsc::channel();
        self.jobs
            .send(Job::Speak {
                text: text.to_string(),
                rate,
                volume,
                reply,
            })
            .map_err(|_| no_answer())?;
        let id = answer.recv_timeout(ANSWER).map_err(|_| no_answer())??;
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = id;
        Ok(())
    }

    /// Stops speaking.
    pub fn stop(&self) {
        let _ = self.jobs.send(Job::Stop);
    }

    /// The next report about the utterance last handed over, waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<Utterance> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let (id, report) = self.utterances.recv_timeout(left).ok()?;
            let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
            if current.as_ref().is_none_or(|current| *current == id) {
                return Some(report);
            }
        }
    }
}

/// The service's rate (0 normal, −100…100) for `speedup` times the voice's normal speed:
/// Speech Dispatcher doubles the speed every 50 steps.
pub fn service_rate(speedup: f64) -> f32 {
    (50.0 * speedup.max(0.01).log2()).clamp(-100.0, 100.0) as f32
}
