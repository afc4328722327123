//! Syntheses: a bounded number at once, a bounded queue behind them, and one synthesis per
//! rendering however many clients ask for it at once (they all read the file it writes).
//!
//! Each espeak sentence is made in a process of its own (see `synth::espeak`), so syntheses
//! running at once run side by side, as does their encoding (MP3, Opus). `workers` bounds how
//! many run at once; `queue` how many more may wait.

use std::collections::HashMap;
use std::fs::File;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tokio::sync::{Semaphore, watch};

use super::App;
use super::cache::{SentenceTime, Timing};
use super::encode::{StreamEncoder, StreamFormat};
use super::error::ApiError;
use crate::{
    CancelToken, Document, Error, Rate, RenderOptions, Renderer, SubtitleFormat, SubtitleStyle,
    Tags, Timeline, Voice,
};

/// What to synthesize.
#[derive(Clone)]
pub(crate) struct Spec {
    /// The rendering's key (article, voice, rate).
    pub key: String,
    pub format: StreamFormat,
    pub doc: Arc<Document>,
    pub voice: Voice,
    pub rate: Rate,
}

/// How far a synthesis has come.
#[derive(Clone, Debug, Default)]
pub(crate) struct Progress {
    /// Bytes of the file that readers may read (from the first sentence on).
    pub written: u64,
    /// The sentences synthesized so far.
    pub sentences: Vec<SentenceTime>,
    /// `Some` once over: whether the file is complete.
    pub outcome: Option<Result<(), ApiError>>,
}

/// A synthesis under way: the file it writes, and how far it has come.
pub(crate) struct Job {
    pub file: Arc<File>,
    pub progress: watch::Receiver<Progress>,
}

/// Where a response's audio comes from.
pub(crate) enum Source {
    /// The cache: complete.
    Cached(File, Timing),
    /// A synthesis, started for this request (`false`) or joined (`true`).
    Running(Arc<Job>, bool),
}

pub(crate) struct Jobs {
    running: Mutex<HashMap<(String, StreamFormat), Arc<Job>>>,
    /// Syntheses accepted and not over (running or waiting).
    pending: AtomicUsize,
    workers: usize,
    queue: usize,
    slots: Arc<Semaphore>,
    max_time: Duration,
}

impl Jobs {
    pub fn new(workers: usize, queue: usize, max_time: Duration) -> Jobs {
        let workers = workers.max(1);
        Jobs {
            running: Mutex::new(HashMap::new()),
            pending: AtomicUsize::new(0),
            workers,
            queue,
            slots: Arc::new(Semaphore::new(workers)),
            max_time,
        }
    }

    /// The longest a client waits for a synthesis to start and finish: its own time, and
    /// the time of those ahead of it in the queue.
    pub fn longest_wait(&self) -> Duration {
        let rounds = 1 + self.queue.div_ceil(self.workers);
        self.max_time * rounds as u32 + Duration::from_secs(5)
    }

    /// The synthesis of `key` under way, in any format.
    pub fn progress_of(&self, key: &str) -> Option<Progress> {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running
            .iter()
            .find(|((k, _), _)| k == key)
            .map(|(_, job)| job.progress.borrow().clone())
    }

    /// The audio `spec` asks for: from the cache, from a synthesis under way, or from one
    /// started now (refused with 503 when the queue is full).
    pub fn audio(&self, app: &Arc<App>, spec: Spec) -> Result<Source, ApiError> {
        if let Some((file, timing)) = app.cache.open_audio(&spec.key, spec.format) {
            return Ok(Source::Cached(file, timing));
        }
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        let id = (spec.key.clone(), spec.format);
        if let Some(job) = running.get(&id) {
            return Ok(Source::Running(job.clone(), true));
        }
        // A synthesis may have put its file in place since the first look.
        if let Some((file, timing)) = app.cache.open_audio(&spec.key, spec.format) {
            return Ok(Source::Cached(file, timing));
        }
        if self.pending.load(Ordering::SeqCst) >= self.workers + self.queue {
            let ahead = (self.queue / self.workers).max(1) as u64;
            return Err(ApiError::busy(ahead.clamp(1, 30)));
        }
        let part = app
            .cache
            .new_part(&spec.key, spec.format)
            .and_then(|part| Ok((part.reopen()?, part)))
            .map_err(|e| {
                ApiError::internal(format!("the cache folder cannot be written to: {e}"))
            })?;
        let (reader, part) = part;
        crate::export::register_unfinished(part.path());
        let (tx, rx) = watch::channel(Progress::default());
        let job = Arc::new(Job {
            file: Arc::new(reader),
            progress: rx,
        });
        running.insert(id, job.clone());
        self.pending.fetch_add(1, Ordering::SeqCst);
        drop(running);
        tokio::spawn(run(app.clone(), spec, part, tx));
        Ok(Source::Running(job, false))
    }
}

/// Waits for a slot, synthesizes, and reports the outcome.
async fn run(
    app: Arc<App>,
    spec: Spec,
    part: tempfile::NamedTempFile,
    tx: watch::Sender<Progress>,
) {
    let jobs = &app.jobs;
    let permit = jobs.slots.clone().acquire_owned().await;
    let cancel = CancelToken::new();
    let watchdog = {
        let cancel = cancel.clone();
        let limit = jobs.max_time;
        tokio::spawn(async move {
            tokio::time::sleep(limit).await;
            cancel.cancel();
        })
    };
    let tx = Arc::new(tx);
    let outcome = {
        let (app, spec, tx, cancel) = (app.clone(), spec.clone(), tx.clone(), cancel.clone());
        tokio::task::spawn_blocking(move || synthesize(&app, &spec, part, &tx, &cancel))
            .await
            .unwrap_or_else(|e| Err(ApiError::internal(format!("the synthesis failed: {e}"))))
    };
    watchdog.abort();
    drop(permit);
    let outcome = outcome.map_err(|error| {
        if cancel.is_cancelled() {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "synthesis_timeout",
                format!(
                    "the synthesis took longer than {} s, the most this server allows",
                    jobs.max_time.as_secs()
                ),
            )
        } else {
            error
        }
    });
    {
        let mut running = jobs.running.lock().unwrap_or_else(|p| p.into_inner());
        running.remove(&(spec.key.clone(), spec.format));
        jobs.pending.fetch_sub(1, Ordering::SeqCst);
    }
    tx.send_modify(|progress| progress.outcome = Some(outcome));
}

/// Synthesizes `spec` into `part`, telling `tx` of every sentence, and puts the file in the
/// cache once complete.
fn synthesize(
    app: &App,
    spec: &Spec,
    part: tempfile::NamedTempFile,
    tx: &watch::Sender<Progress>,
    cancel: &CancelToken,
) -> Result<(), ApiError> {
    let path = part.path().to_path_buf();
    let result = synthesize_into(app, spec, part, tx, cancel);
    crate::export::forget_unfinished(&path);
    result
}

fn synthesize_into(
    app: &App,
    spec: &Spec,
    part: tempfile::NamedTempFile,
    tx: &watch::Sender<Progress>,
    cancel: &CancelToken,
) -> Result<(), ApiError> {
    let started = Instant::now();
    let engine = app
        .engines
        .get(&spec.voice)
        .map_err(|e| ApiError::from_render(&e.into()))?;
    let renderer = Renderer::with_engine(
        &spec.voice,
        engine,
        RenderOptions {
            rate: spec.rate,
            cancel: cancel.clone(),
            ..RenderOptions::default()
        },
    );
    let sample_rate = renderer.sample_rate();
    let writer = part
        .as_file()
        .try_clone()
        .map_err(|e| ApiError::internal(format!("the cache file cannot be written: {e}")))?;
    let mut encoder = StreamEncoder::new(
        spec.format,
        writer,
        part.path(),
        sample_rate,
        Tags::of(&spec.doc),
    )
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let length = || part.as_file().metadata().map_or(0, |m| m.len());
    let seconds =
        |sample: u64| (sample as f64 / f64::from(sample_rate.max(1)) * 1000.0).round() / 1000.0;
    let max_time = app.jobs.max_time;
    let timeline: Result<Timeline, Error> = renderer.render_with_sentences(
        &spec.doc,
        &mut |samples| {
            if started.elapsed() > max_time {
                cancel.cancel();
                return Err(Error::Cancelled);
            }
            encoder.write(samples)?;
            Ok(())
        },
        &mut |timed| {
            let time = SentenceTime {
                index: timed.sentence.index,
                start: seconds(timed.start),
                end: seconds(timed.end),
            };
            let written = length();
            tx.send_modify(|progress| {
                progress.written = written;
                progress.sentences.push(time);
            });
        },
        &mut |_| {},
    );
    let timeline = timeline.map_err(|e| ApiError::from_render(&e))?;
    encoder
        .finish()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let timing = Timing {
        duration: seconds(timeline.len),
        sentences: tx.borrow().sentences.clone(),
        vtt: SubtitleFormat::Vtt.render_styled(&timeline, SubtitleStyle::Sentences),
    };
    let written = length();
    app.cache
        .commit_audio(part, &spec.key, spec.format, &timing)
        .map_err(|e| ApiError::internal(format!("the cache file cannot be kept: {e}")))?;
    tx.send_modify(|progress| progress.written = written);
    Ok(())
}
