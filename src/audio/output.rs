//! The sound card: rodio over cpal, the PulseAudio server in pure Rust where one runs, ALSA
//! otherwise. A rodio source pulls a few milliseconds at a time from the player's state.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cpal::traits::HostTrait;

use super::player::Shared;

/// Samples taken from the player at a time: 128 at 22 050 Hz is 5.8 ms, the most a seek or
/// pause waits for what was already taken.
const CHUNK: usize = 128;
/// Device buffer asked of PulseAudio, in milliseconds (the server keeps two): short, so seeks
/// and pauses land quickly, long enough not to run dry on a busy two-core machine. Measured
/// with a Piper voice synthesizing while `stress-ng --cpu 2` held both cores: 20 ms ran dry
/// (gaps in the sound) in most runs; 50 ms did not, in 8 runs of the Piper and espeak playback
/// tests. (Lowering the synthesis thread's priority instead made it worse: it holds the
/// player's lock now and then, and a starved lock holder starves the sound card's thread.)
/// The device's thread also asks for real-time scheduling where allowed (`priority.rs`):
/// with it, what the card played matched the render sample for sample in 10 runs of 10 at a
/// load average of 11, against 2 of 10 without.
const PULSE_BUFFER_MS: u32 = 50;
/// How long opening the device may take: a PulseAudio server that is frozen (stopped, or a
/// machine swapping) never answers, and the player says so rather than wait for ever.
const OPEN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the device may go without taking any audio while the stream is alive before
/// the player reports that it stopped answering. The stream pulls silence while paused, so
/// this holds in pause too.
const STALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long closing may wait for the device to let go.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// Why the sound card cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// No sound server and no sound card.
    #[error("no audio output device found")]
    NoDevice,
    /// The device is there but refused.
    #[error("the audio output device failed: {0}")]
    Device(String),
    /// The sound server took the connection but did not answer.
    #[error("the sound server did not answer within {} seconds", .0.as_secs())]
    NotResponding(Duration),
}

/// An open output, fed from the player's state; closed when dropped.
pub(crate) struct Output {
    close: Option<mpsc::Sender<()>>,
    /// Disconnected when the output thread ends.
    ended: mpsc::Receiver<()>,
    pulse: Arc<Pulse>,
}

impl Output {
    /// Opens the default output device and starts pulling audio from `shared`. The stream
    /// lives on a thread of its own (a cpal stream need not be `Send`), until dropped. A
    /// device that does not open within [`OPEN_TIMEOUT`], or that stops taking audio for
    /// [`STALL_TIMEOUT`], is reported (the first as an error, the second through
    /// [`Shared::device_failed`]); its thread is then left to the operating system.
    pub(crate) fn open(shared: Arc<Shared>, sample_rate: u32) -> Result<Output, AudioError> {
        let (opened_tx, opened) = mpsc::channel();
        let (close, closed) = mpsc::channel::<()>();
        let (ended_tx, ended) = mpsc::channel::<()>();
        let pulse = Arc::new(Pulse::new());
        let feed_pulse = Arc::clone(&pulse);
        let feed_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("docbao-output".into())
            .spawn(move || {
                let _ended = ended_tx;
                match open_sink(Arc::clone(&feed_shared), sample_rate) {
                    Ok(sink) => {
                        feed_pulse.beat();
                        sink.mixer()
                            .add(Feed::new(feed_shared, sample_rate, feed_pulse));
                        let _ = opened_tx.send(Ok(()));
                        // Keep the stream alive until the player closes it.
                        let _ = closed.recv();
                        drop(sink);
                    }
                    Err(error) => {
                        let _ = opened_tx.send(Err(error));
                    }
                }
            })
            .map_err(|e| AudioError::Device(format!("cannot start the output thread: {e}")))?;
        match opened.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(())) => {
                watch(shared, Arc::clone(&pulse));
                Ok(Output {
                    close: Some(close),
                    ended,
                    pulse,
                })
            }
            Ok(Err(error)) => Err(error),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(AudioError::NotResponding(OPEN_TIMEOUT)),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(AudioError::Device(
                "the output thread stopped while opening the device".into(),
            )),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.pulse.alive.store(false, Ordering::Relaxed);
        self.close.take();
        // A frozen server may never let go of the stream: wait a moment, not for ever.
        let _ = self.ended.recv_timeout(CLOSE_TIMEOUT);
    }
}

/// When the device last took audio, and whether the stream still wants any (false once the
/// source has ended or the output is closed).
struct Pulse {
    start: Instant,
    last_ms: AtomicU64,
    alive: AtomicBool,
}

impl Pulse {
    fn new() -> Pulse {
        Pulse {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            alive: AtomicBool::new(true),
        }
    }

    fn beat(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn silent_for(&self) -> Duration {
        let now = self.start.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)))
    }
}

/// Watches the stream while the output is open: a device that takes no audio for
/// [`STALL_TIMEOUT`] while the stream is alive has stopped answering.
fn watch(shared: Arc<Shared>, pulse: Arc<Pulse>) {
    let spawned = std::thread::Builder::new()
        .name("docbao-output-watch".into())
        .spawn(move || {
            let tick = Duration::from_millis(250);
            loop {
                std::thread::sleep(tick);
                if !pulse.alive.load(Ordering::Relaxed) {
                    return;
                }
                if pulse.silent_for() >= STALL_TIMEOUT {
                    shared.device_failed(format!(
                        "the sound server stopped answering (no audio taken for {} seconds)",
                        STALL_TIMEOUT.as_secs()
                    ));
                    return;
                }
            }
        });
    drop(spawned);
}

fn open_sink(shared: Arc<Shared>, sample_rate: u32) -> Result<rodio::MixerDeviceSink, AudioError> {
    quiet_alsa();
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or(AudioError::NoDevice)?;
    let mut builder = rodio::DeviceSinkBuilder::from_device(device).map_err(classify)?;
    if host.id() == cpal::HostId::PulseAudio {
        // The server takes any rate and channel count and converts itself.
        if let (Some(rate), Some(mono)) = (NonZero::new(sample_rate), NonZero::new(1)) {
            builder = builder
                .with_sample_rate(rate)
                .with_channels(mono)
                .with_buffer_size(cpal::BufferSize::Fixed(
                    sample_rate * PULSE_BUFFER_MS / 1000,
                ));
        }
    }
    let on_error =
        move |error: cpal::Error| shared.device_failed(format!("the audio output failed: {error}"));
    let mut sink = builder
        .with_error_callback(on_error)
        .open_sink_or_fallback()
        .map_err(classify)?;
    sink.log_on_drop(false);
    Ok(sink)
}

fn classify(error: rodio::DeviceSinkError) -> AudioError {
    use rodio::DeviceSinkError as E;
    match error {
        E::NoDevice => AudioError::NoDevice,
        E::DefaultSinkConfigError(e) | E::SupportedConfigsError(e)
            if matches!(e.kind(), cpal::ErrorKind::DeviceNotAvailable) =>
        {
            AudioError::NoDevice
        }
        other => AudioError::Device(other.to_string()),
    }
}

/// ALSA prints its own errors on stderr when there is no sound card; docbao reports that in
/// one sentence instead.
#[cfg(target_os = "linux")]
fn quiet_alsa() {
    unsafe extern "C" {
        fn docbao_alsa_quiet();
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: sets a process-wide handler that ignores its arguments; done once.
    ONCE.call_once(|| unsafe { docbao_alsa_quiet() });
}

#[cfg(not(target_os = "linux"))]
fn quiet_alsa() {}

/// The rodio source: mono samples at the engine's rate, taken from the player a chunk at a
/// time.
struct Feed {
    shared: Arc<Shared>,
    pulse: Arc<Pulse>,
    chunk: Vec<f32>,
    next: usize,
    generation: u64,
    sample_rate: u32,
    /// Whether the device's thread has asked for its priority yet (on the first pull: the
    /// thread is the audio library's, not ours to spawn).
    raised: bool,
}

impl Feed {
    fn new(shared: Arc<Shared>, sample_rate: u32, pulse: Arc<Pulse>) -> Feed {
        Feed {
            generation: shared.generation(),
            shared,
            pulse,
            chunk: Vec::with_capacity(CHUNK),
            next: 0,
            sample_rate,
            raised: false,
        }
    }
}

impl Iterator for Feed {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if !self.raised {
            self.raised = true;
            super::priority::raise_current_thread();
        }
        // After a seek or rate change, what is still held belongs to the old place.
        if self.next >= self.chunk.len() || self.shared.generation() != self.generation {
            self.pulse.beat();
            let Some(generation) = self.shared.fill(&mut self.chunk, CHUNK) else {
                self.pulse.alive.store(false, Ordering::Relaxed);
                return None;
            };
            self.generation = generation;
            self.next = 0;
        }
        let sample = self.chunk.get(self.next).copied();
        self.next += 1;
        sample
    }
}

impl rodio::Source for Feed {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::<u16>::MIN
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(self.sample_rate).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
