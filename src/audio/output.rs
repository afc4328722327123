//! The sound card: rodio over cpal, the PulseAudio server in pure Rust where one runs, ALSA
//! otherwise. A rodio source pulls a few milliseconds at a time from the player's state.

use std::num::NonZero;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

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
/// load average of 11, against 2 of 10 without. So do the stream's other threads, which take
/// locks the device's thread needs: without them, the device's request came 76–94 ms late
/// now and then under `stress-ng --cpu 2` and the buffer ran dry (3 runs in 120).
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

/// What the output thread is given once the player exists.
struct Begin {
    shared: Arc<Shared>,
    sample_rate: u32,
}

/// A connection to the sound server being made on the output thread, before the player
/// that will use it exists: the first sound need not wait for the connection, nor the
/// connection for the engine (see [`Connecting::start`]).
pub(crate) struct Connecting {
    begin: mpsc::Sender<Begin>,
    /// The connection's (or, on hosts other than PulseAudio, the device's) outcome.
    opened: mpsc::Receiver<Result<(), AudioError>>,
    close: mpsc::Sender<()>,
    ended: mpsc::Receiver<()>,
    pulse: Arc<Pulse>,
}

/// A connection started by [`warm_up`], for the next player to take.
static WARM: Mutex<Option<Connecting>> = Mutex::new(None);

/// Starts connecting to the sound server in the background, for the next [`Output`] of this
/// process to use (see [`crate::Player::warm_up`]).
pub(crate) fn warm_up() {
    let mut warm = WARM.lock().unwrap_or_else(|p| p.into_inner());
    if warm.is_none() {
        *warm = Connecting::new().ok();
    }
}

impl Connecting {
    /// The connection [`warm_up`] started, or a new one.
    pub(crate) fn take_or_start() -> Result<Connecting, AudioError> {
        let warm = WARM.lock().unwrap_or_else(|p| p.into_inner()).take();
        match warm {
            Some(connecting) => Ok(connecting),
            None => Connecting::new(),
        }
    }

    /// Starts the output thread: it connects to the sound server and finds the default
    /// device, then waits for [`Connecting::start`].
    fn new() -> Result<Connecting, AudioError> {
        let (opened_tx, opened) = mpsc::channel();
        let (begin, begun) = mpsc::channel::<Begin>();
        let (close, closed) = mpsc::channel::<()>();
        let (ended_tx, ended) = mpsc::channel::<()>();
        let pulse = Arc::new(Pulse::new());
        let feed_pulse = Arc::clone(&pulse);
        std::thread::Builder::new()
            .name("docbao-output".into())
            .spawn(move || {
                let _ended = ended_tx;
                run_output(&opened_tx, &begun, &closed, feed_pulse);
            })
            .map_err(|e| AudioError::Device(format!("cannot start the output thread: {e}")))?;
        Ok(Connecting {
            begin,
            opened,
            close,
            ended,
            pulse,
        })
    }

    /// Hands the player's state to the output thread and waits for the connection (at most
    /// [`OPEN_TIMEOUT`]). Through PulseAudio the stream itself is made once the first audio
    /// is there to play, so the device is never fed silence ahead of the first sound (which
    /// would come that much later); elsewhere the device is opened before this returns. A
    /// device that stops taking audio for [`STALL_TIMEOUT`] is reported through
    /// [`Shared::device_failed`]; its thread is then left to the operating system.
    pub(crate) fn start(self, shared: Arc<Shared>, sample_rate: u32) -> Result<Output, AudioError> {
        let begin = Begin {
            shared: Arc::clone(&shared),
            sample_rate,
        };
        if self.begin.send(begin).is_err() {
            // The thread ended: it said why, or it stopped.
            return Err(match self.opened.try_recv() {
                Ok(Err(error)) => error,
                _ => {
                    AudioError::Device("the output thread stopped while opening the device".into())
                }
            });
        }
        match self.opened.recv_timeout(OPEN_TIMEOUT) {
            Ok(Ok(())) => {
                self.pulse.beat();
                watch(shared, Arc::clone(&self.pulse));
                Ok(Output {
                    close: Some(self.close),
                    ended: self.ended,
                    pulse: self.pulse,
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

/// The output thread: connects, waits for the player, opens the stream and keeps it until
/// the player closes it.
fn run_output(
    opened: &mpsc::Sender<Result<(), AudioError>>,
    begun: &mpsc::Receiver<Begin>,
    closed: &mpsc::Receiver<()>,
    pulse: Arc<Pulse>,
) {
    quiet_alsa();
    crate::trace::mark("output: connect");
    let host = cpal::default_host();
    crate::trace::mark("output: host");
    let through_pulse = host.id() == cpal::HostId::PulseAudio;
    let Some(device) = host.default_output_device() else {
        let _ = opened.send(Err(AudioError::NoDevice));
        return;
    };
    crate::trace::mark("output: device");
    if through_pulse {
        let _ = opened.send(Ok(()));
    }
    let Ok(Begin {
        shared,
        sample_rate,
    }) = begun.recv()
    else {
        return; // never used
    };
    if !through_pulse {
        match open_sink(device, Arc::clone(&shared)) {
            Ok(sink) => {
                pulse.beat();
                sink.mixer().add(Feed::new(shared, sample_rate, pulse));
                let _ = opened.send(Ok(()));
                // Keep the stream alive until the player closes it.
                let _ = closed.recv();
                drop(sink);
            }
            Err(error) => {
                let _ = opened.send(Err(error));
            }
        }
        return;
    }
    if !wait_for_sound(&shared, &pulse, sample_rate) {
        return;
    }
    crate::trace::mark("output: first audio ready");
    match open_pulse_stream(
        &device,
        Arc::clone(&shared),
        sample_rate,
        Arc::clone(&pulse),
    ) {
        Ok(stream) => {
            crate::trace::mark("output: stream playing");
            let _ = closed.recv();
            drop(stream);
        }
        Err(error) => shared.device_failed(error.to_string()),
    }
}

/// Waits until the player has audio to hand the device (or silence it means: a pause), so
/// the stream starts with it. Returns false when the player was closed meanwhile.
fn wait_for_sound(shared: &Shared, pulse: &Pulse, sample_rate: u32) -> bool {
    // What the server asks for first: its whole buffer.
    let prebuffer = u64::from(sample_rate * PULSE_BUFFER_MS * 2 / 1000);
    shared.wait_until_audible(prebuffer, &|| pulse.beat())
}

/// A PulseAudio stream at the engine's rate, mono (the server converts), pulling from the
/// player, already playing.
fn open_pulse_stream(
    device: &cpal::Device,
    shared: Arc<Shared>,
    sample_rate: u32,
    pulse: Arc<Pulse>,
) -> Result<cpal::Stream, AudioError> {
    let config = cpal::StreamConfig {
        channels: 1,
        sample_rate,
        buffer_size: cpal::BufferSize::Fixed(sample_rate * PULSE_BUFFER_MS / 1000),
    };
    let mut feed = Feed::new(Arc::clone(&shared), sample_rate, pulse);
    let before = super::priority::threads();
    let on_error =
        move |error: cpal::Error| shared.device_failed(format!("the audio output failed: {error}"));
    let stream = device
        .build_output_stream::<f32, _, _>(
            config,
            move |data: &mut [f32], _| {
                for sample in data.iter_mut() {
                    *sample = feed.next().unwrap_or(0.0);
                }
            },
            on_error,
            Some(OPEN_TIMEOUT),
        )
        .map_err(|e| AudioError::Device(e.to_string()))?;
    stream
        .play()
        .map_err(|e| AudioError::Device(e.to_string()))?;
    // The stream's other threads take locks its socket thread needs (see `priority.rs`).
    let raised = super::priority::raise_threads_started_since(&before);
    crate::trace::mark(&format!("output: {raised} audio library threads raised"));
    Ok(stream)
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

/// The device through rodio, on hosts other than PulseAudio (ALSA): rodio converts to what
/// the device takes.
fn open_sink(
    device: cpal::Device,
    shared: Arc<Shared>,
) -> Result<rodio::MixerDeviceSink, AudioError> {
    let builder = rodio::DeviceSinkBuilder::from_device(device).map_err(classify)?;
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
    traced: u8,
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
            traced: 0,
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
            if self.traced < 2 {
                if self.traced == 0 {
                    crate::trace::mark("output: first fill");
                    self.traced = 1;
                }
                if self.chunk.iter().any(|s| *s != 0.0) {
                    crate::trace::mark("output: first sound handed over");
                    self.traced = 2;
                }
            }
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
