//! The inference thread: one per loaded voice, owning its model, at a lower scheduling
//! priority than the rest of docbao, so that a sentence being synthesized never starves the
//! audio thread or the terminal view on a busy machine.

use std::sync::mpsc::{self, Sender};

use super::config::Inference;
use super::model::{Model, Output};

/// How much nicer than the rest of the process the inference thread is (Linux `nice`). A
/// little: enough that the audio and interface threads win the processor when they wake, not
/// so much that on a machine busy with other work the next sentence (or the first) comes late.
const NICENESS: i32 = 4;

struct Job {
    ids: Vec<i64>,
    scales: Inference,
    speaker: i64,
    reply: Sender<Result<Output, String>>,
}

/// A handle on the inference thread; the thread ends when the handle is dropped.
pub(crate) struct Worker {
    jobs: Sender<Job>,
}

impl Worker {
    /// Starts the thread, which takes `model` over.
    pub(crate) fn start(mut model: Model) -> Result<Worker, String> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("piper".into())
            .spawn(move || {
                lower_priority();
                for job in inbox {
                    // A panic inside ONNX Runtime's bindings must not take the thread's
                    // callers down with it: it becomes an error.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        model.run(&job.ids, job.scales, job.speaker)
                    }))
                    .unwrap_or_else(|_| Err("inference panicked".into()));
                    let _ = job.reply.send(result);
                }
            })
            .map_err(|e| format!("cannot start the inference thread: {e}"))?;
        Ok(Worker { jobs })
    }

    /// Runs the model on `ids` and waits for the result.
    pub(crate) fn run(
        &self,
        ids: Vec<i64>,
        scales: Inference,
        speaker: i64,
    ) -> Result<Output, String> {
        let (reply, answer) = mpsc::channel();
        let stopped = |_| "the inference thread has stopped".to_string();
        self.jobs
            .send(Job {
                ids,
                scales,
                speaker,
                reply,
            })
            .map_err(|_| "the inference thread has stopped".to_string())?;
        answer.recv().map_err(stopped)?
    }
}

/// Makes the calling thread nicer (on Linux `setpriority` applies to one thread).
fn lower_priority() {
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
