//! The inference threads: one per loaded voice (more for a render, one per core), each owning
//! a session of the model (of each of its parts). A job is a piece of a sentence; its audio
//! comes back whole, or in chunks of latent frames as they are made (for a reading's first
//! piece of a sentence). The threads take jobs from one queue, so sentences asked for at
//! once are synthesized at once. For a reading, they run at a lower scheduling priority than
//! the rest of docbao once they have made their first audio (which the first sound waits
//! for), so that a sentence being synthesized never starves the audio thread or the terminal
//! view on a busy machine; for a render, where the synthesis is the work itself, they keep the
//! process' priority.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use super::config::Inference;
use super::model::{Front, Model, Prepared};
use super::pieces;
use crate::cancel::CancelToken;

/// How much nicer than the rest of the process the inference thread is (Linux `nice`). A
/// little: enough that the audio and interface threads win the processor when they wake, not
/// so much that on a machine busy with other work the next sentence (or the first) comes late.
const NICENESS: i32 = 4;

struct Job {
    ids: Vec<i64>,
    scales: Inference,
    speaker: i64,
    first_chunk: Option<usize>,
    /// A job whose sentence was cancelled before a thread took it is not run.
    cancel: CancelToken,
    reply: Sender<Result<Part, String>>,
}

/// Audio of a piece, as it is made: the whole piece, or one of its chunks.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Part {
    /// Mono samples, about −1 to 1.
    pub audio: Vec<f32>,
    /// Frames each input id lasts, when the model tells (with the first part).
    pub durations: Option<Vec<f32>>,
    /// Samples in the whole piece.
    pub total: usize,
    /// This is the piece's last part.
    pub last: bool,
}

/// A handle on the inference threads; they end when the handle is dropped.
pub(crate) struct Worker {
    jobs: Sender<Job>,
    inbox: Inbox,
    yields: bool,
    threads: usize,
}

/// The queue the threads take jobs from.
type Inbox = Arc<Mutex<Receiver<Job>>>;

impl Worker {
    /// Starts `more` threads that each make a session of their own from `prepared`, at once
    /// and in the background, while the caller makes its own (they take jobs once ready; one
    /// that cannot load leaves the others working). The engine is not open, so no job is
    /// queued, before [`adopt`](Self::adopt) has added the caller's. With `yields`, each
    /// thread becomes [`NICENESS`] nicer after its first job.
    pub(crate) fn start(prepared: &Arc<Prepared>, more: usize, yields: bool) -> Worker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let inbox: Inbox = Arc::new(Mutex::new(inbox));
        let mut threads = 0;
        for _ in 0..more {
            let prepared = prepared.clone();
            if spawn(inbox.clone(), yields, move || Model::new(&prepared).ok()).is_ok() {
                threads += 1;
            }
        }
        Worker {
            jobs,
            inbox,
            yields,
            threads,
        }
    }

    /// Adds the thread that takes `model` over (the caller's, already made).
    pub(crate) fn adopt(&mut self, model: Model) -> Result<(), String> {
        spawn(self.inbox.clone(), self.yields, move || Some(model))
            .map_err(|e| format!("cannot start the inference thread: {e}"))?;
        self.threads += 1;
        Ok(())
    }

    /// How many sentences can be synthesized at once.
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    /// Queues the model's run on `ids`: the first free thread takes it (none does once
    /// `cancel` is set). Its audio comes as [`Pending::receive`] hands it over: whole, or, with
    /// `first_chunk`, in chunks of latent frames as they are made (the first of that many
    /// frames, each later one up to [`pieces::CHUNK_GROWTH`] times the frames before it; see
    /// [`pieces::chunks`]), each made while the ones before it play. The audio is the same
    /// either way, to float rounding. Several pieces queued at once are made on as many
    /// threads.
    pub(crate) fn submit(
        &self,
        ids: Vec<i64>,
        scales: Inference,
        speaker: i64,
        first_chunk: Option<usize>,
        cancel: &CancelToken,
    ) -> Result<Pending, String> {
        let (reply, answer) = mpsc::channel();
        self.jobs
            .send(Job {
                ids,
                scales,
                speaker,
                first_chunk,
                cancel: cancel.clone(),
                reply,
            })
            .map_err(|_| stopped())?;
        Ok(Pending { answer })
    }
}

/// A queued piece's audio, to come.
pub(crate) struct Pending {
    answer: Receiver<Result<Part, String>>,
}

impl Pending {
    /// Hands `on_part` the piece's audio as it is made; `on_part` returning `false` stops
    /// the piece.
    pub(crate) fn receive(self, on_part: &mut dyn FnMut(Part) -> bool) -> Result<(), String> {
        loop {
            let part = self.answer.recv().map_err(|_| stopped())??;
            let last = part.last;
            if !on_part(part) || last {
                return Ok(());
            }
        }
    }
}

fn stopped() -> String {
    "the inference thread has stopped".to_string()
}

/// Runs `job` on `model`, sending its parts; stops when nobody is listening any more.
fn work(model: &mut Model, job: &Job) -> Result<(), String> {
    let (latent, durations) = match model.front(&job.ids, job.scales, job.speaker)? {
        Front::Whole(output) => {
            let _ = job.reply.send(Ok(Part {
                total: output.audio.len(),
                audio: output.audio,
                durations: output.durations,
                last: true,
            }));
            return Ok(());
        }
        Front::Latent(latent, durations) => (latent, durations),
    };
    let frames = latent.frames();
    let chunks = match job.first_chunk {
        Some(first) => pieces::chunks(frames, first),
        None => std::iter::once(0..frames).collect(),
    };
    let mut durations = durations;
    let count = chunks.len();
    for (n, chunk) in chunks.into_iter().enumerate() {
        let length = chunk.len();
        let audio = model.decode(&latent, chunk, job.speaker)?;
        let hop = audio.len() / length.max(1);
        let part = Part {
            audio,
            durations: durations.take(),
            total: hop * frames,
            last: n + 1 == count,
        };
        if job.reply.send(Ok(part)).is_err() {
            break;
        }
    }
    if count == 0 {
        let _ = job.reply.send(Ok(Part {
            last: true,
            durations,
            ..Part::default()
        }));
    }
    Ok(())
}

/// Starts an inference thread with the model `load` gives (none: the thread ends), nicer
/// after its first job if it `yields`.
fn spawn(
    inbox: Inbox,
    yields: bool,
    load: impl FnOnce() -> Option<Model> + Send + 'static,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("piper".into())
        .spawn(move || {
            // The model is loaded and the first job run at the process' own priority: they
            // are what the first sound waits for, and nothing plays yet to be starved.
            let Some(mut model) = load() else { return };
            let mut first = true;
            loop {
                if !std::mem::take(&mut first) && yields {
                    lower_priority();
                }
                // The lock is held while waiting, so one idle thread waits and the others
                // wait for it; a job goes to whichever thread is free.
                let job = match inbox.lock() {
                    Ok(inbox) => inbox.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                if job.cancel.is_cancelled() {
                    continue; // its caller is not waiting for it any more
                }
                // A panic inside ONNX Runtime's bindings must not take the thread's callers
                // down with it: it becomes an error.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    work(&mut model, &job)
                }))
                .unwrap_or_else(|_| Err("inference panicked".into()));
                if let Err(error) = result {
                    let _ = job.reply.send(Err(error));
                }
            }
        })
        .map(drop)
}

/// Makes the calling thread nicer (on Linux `setpriority` applies to one thread), once.
fn lower_priority() {
    thread_local! {
        static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if LOWERED.with(|lowered| lowered.replace(true)) {
        return;
    }
    // SAFETY: plain system calls on the calling thread; failure leaves the priority as it was.
    unsafe {
        let tid = libc::gettid();
        let current = libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t);
        libc::setpriority(
            libc::PRIO_PROCESS,
            tid as libc::id_t,
            (current + NICENESS).min(19),
        );
    }
}
