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

/// How much nicer than the rest of the process the inference thread is (Linux `nice`). A
/// little: enough that the audio and interface threads win the processor when they wake, not
/// so much that on a machine busy with other work the next sentence (or the first) comes late.
const NICENESS: i32 = 4;

struct Job {
    ids: Vec<i64>,
    scales: Inference,
    speaker: i64,
    first_chunk: Option<usize>,
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
    threads: usize,
}

/// The queue the threads take jobs from.
type Inbox = Arc<Mutex<Receiver<Job>>>;

impl Worker {
    /// Starts the first thread, which takes `model` over, and `more` threads that each make a
    /// session of their own from `prepared` (in the background: they take jobs once ready; one
    /// that cannot load leaves the others working). With `yields`, each thread becomes
    /// [`NICENESS`] nicer after its first job.
    pub(crate) fn start(
        model: Model,
        prepared: Arc<Prepared>,
        more: usize,
        yields: bool,
    ) -> Result<Worker, String> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let inbox: Inbox = Arc::new(Mutex::new(inbox));
        spawn(inbox.clone(), yields, move || Some(model))
            .map_err(|e| format!("cannot start the inference thread: {e}"))?;
        let mut threads = 1;
        for _ in 0..more {
            let prepared = prepared.clone();
            if spawn(inbox.clone(), yields, move || Model::new(&prepared).ok()).is_ok() {
                threads += 1;
            }
        }
        Ok(Worker { jobs, threads })
    }

    /// How many sentences can be synthesized at once.
    pub(crate) fn threads(&self) -> usize {
        self.threads
    }

    /// Runs the model on `ids` and hands `on_part` its audio: whole, or, with `first_chunk`,
    /// in chunks of latent frames as they are made (the first of that many frames, each
    /// later one up to [`pieces::CHUNK_GROWTH`] times the frames before it; see
    /// [`pieces::chunks`]), each made while the ones before it play. The audio is the same
    /// either way, to float rounding. `on_part` returning `false` stops the piece.
    pub(crate) fn run(
        &self,
        ids: Vec<i64>,
        scales: Inference,
        speaker: i64,
        first_chunk: Option<usize>,
        on_part: &mut dyn FnMut(Part) -> bool,
    ) -> Result<(), String> {
        let (reply, answer) = mpsc::channel();
        let stopped = |_| "the inference thread has stopped".to_string();
        self.jobs
            .send(Job {
                ids,
                scales,
                speaker,
                first_chunk,
                reply,
            })
            .map_err(|_| "the inference thread has stopped".to_string())?;
        loop {
            let part = answer.recv().map_err(stopped)??;
            let last = part.last;
            if !on_part(part) || last {
                return Ok(());
            }
        }
    }
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
