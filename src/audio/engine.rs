//! The playback engine: a thread that owns the output device.
//!
//! The UI and the CLI send [`Command`]s and read [`Event`]s; they never touch
//! the device. The engine thread only schedules: clips already prepared
//! (through a shared [`ClipCache`], so a preloaded language starts at once)
//! are queued for the device callback at once; the others are decoded and
//! prepared on a worker thread of their own, one per play, that hands them
//! back as they are ready. So a command (Stop above all) is handled within
//! one pass of the engine loop whatever is being decoded, and a stale worker
//! stops at its next clip. A new stream starts only once its first clips are
//! queued, so it never begins with a gap.

use super::input::{CaptureSink, CpalInput, InputFactory};
use super::output::{OpenDevice, OutputFactory};
use super::prepare::{ClipCache, DeviceFormat, PreparedClip};
use super::render::{Feed, Renderer, Transport, channel};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Seconds of audio queued ahead of the device (whole clips; at least one).
const LOOKAHEAD_SECONDS: f64 = 8.0;
/// Clips that can be queued for the callback at once.
const CLIPS_IN_FLIGHT: usize = 64;
/// Seconds of input the capture ring holds.
const CAPTURE_RING_SECONDS: f64 = 1.0;
/// Seconds past the last clip's end, by the device's own count of what it has
/// played, before the sequence counts as finished: a margin for the
/// converter after the device's buffer.
const TAIL_SECONDS: f64 = 0.02;
/// How often progress is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// One clip to play, with a tag (the message id) that comes back in events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayItem {
    pub path: PathBuf,
    pub tag: String,
}

/// What the engine is asked to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Play these clips in order, replacing whatever is playing.
    Play(Vec<PlayItem>),
    /// Stop at once.
    Stop,
    Pause,
    Resume,
    /// 0.0 ..= 1.0.
    SetVolume(f32),
    /// Use this device (None: the default) from the next play on.
    SetDevice(Option<String>),
    /// Open the output now (paused), so that the first play starts at once
    /// and a missing device is reported before anything is played.
    OpenOutput,
    /// Whether the output stays open once a sequence has been heard (true,
    /// the default: the window plays again at once). False closes it as soon
    /// as the device has played the last clip, before
    /// [`Event::SequenceFinished`] is sent: a one-shot player (the command
    /// line) then exits with nothing left to flush.
    KeepOutputOpen(bool),
    /// Decode ahead, so that these start at once. Clips prepared for other
    /// paths are dropped, so memory stays bounded to one language.
    Preload(Vec<PathBuf>),
    /// Report the output devices ([`Event::Devices`]).
    ListDevices,
    /// Start capturing from an input device (None: the default), for at most `max_seconds`.
    StartRecording {
        device: Option<String>,
        max_seconds: f64,
    },
    /// Stop capturing and report [`Event::Recorded`].
    StopRecording,
    Shutdown,
}

/// What the engine reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    DeviceOpened {
        name: String,
        rate: u32,
        channels: u16,
    },
    Started {
        index: usize,
        tag: String,
        seconds: f64,
    },
    Progress {
        index: usize,
        tag: String,
        position: f64,
        seconds: f64,
    },
    Finished {
        index: usize,
        tag: String,
    },
    /// The whole sequence has been heard.
    SequenceFinished,
    Stopped,
    /// One clip could not be played; the rest of the sequence goes on.
    ClipError {
        tag: String,
        message: String,
    },
    /// No device, or it went away. The message starts "No audio output available: ".
    Error {
        message: String,
    },
    /// Clips decoded ahead by a Preload.
    Preloaded {
        count: usize,
        failed: usize,
    },
    /// The output devices, answering ListDevices.
    Devices(Vec<String>),
    /// The input devices, answering ListDevices.
    InputDevices(Vec<String>),
    /// Capture started.
    RecordingStarted {
        device: String,
        rate: u32,
        channels: u16,
    },
    /// The input level over the last ~50 ms (linear peak and RMS), and
    /// whether any sample clipped.
    Level {
        peak: f32,
        rms: f32,
        clipped: bool,
    },
    /// Capture ended: everything captured, interleaved.
    Recorded {
        rate: u32,
        channels: u16,
        samples: Arc<Vec<f32>>,
        dropped: u64,
    },
    /// No input device, or it failed ("No audio input available: ...").
    RecordError {
        message: String,
    },
}

/// Handle on the engine thread. Dropping it shuts the engine down.
pub struct Engine {
    commands: Sender<Command>,
    events: Receiver<Event>,
    thread: Option<JoinHandle<()>>,
    cache: Arc<ClipCache>,
    waker: Arc<OnceLock<Waker>>,
}

/// Called after every event the engine sends (the window wakes up to draw it).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

impl Engine {
    /// Start the engine on `output`, recording from the system's input.
    pub fn start(output: Box<dyn OutputFactory>) -> std::io::Result<Self> {
        Self::start_with_input(output, Box::new(CpalInput))
    }

    /// Start the engine on `output` and `input`.
    pub fn start_with_input(
        output: Box<dyn OutputFactory>,
        input: Box<dyn InputFactory>,
    ) -> std::io::Result<Self> {
        let (commands, command_rx) = mpsc::channel();
        let (event_tx, events) = mpsc::channel();
        let cache = Arc::new(ClipCache::default());
        let worker_cache = Arc::clone(&cache);
        let waker: Arc<OnceLock<Waker>> = Arc::default();
        let worker_waker = Arc::clone(&waker);
        let thread = std::thread::Builder::new()
            .name("safevoice-audio".into())
            .spawn(move || {
                super::alsa_log::route_this_thread();
                let mut worker = Worker::new(output, input, worker_cache, event_tx);
                worker.waker = worker_waker;
                worker.run(&command_rx);
            })?;
        Ok(Self {
            commands,
            events,
            thread: Some(thread),
            cache,
            waker,
        })
    }

    /// Call `waker` after every event from now on (once; later calls are ignored).
    pub fn set_waker(&self, waker: Waker) {
        let _ = self.waker.set(waker);
    }

    /// Send a command.
    pub fn send(&self, command: Command) {
        let _ = self.commands.send(command);
        if let Some(thread) = &self.thread {
            thread.thread().unpark();
        }
    }

    /// The next event, if one is waiting.
    pub fn try_event(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// Wait up to `timeout` for the next event.
    pub fn next_event(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    /// The clip cache (to check what is preloaded).
    pub fn cache(&self) -> &ClipCache {
        &self.cache
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Active {
    output: Box<dyn OpenDevice>,
    feed: Feed,
    transport: Arc<Transport>,
    format: DeviceFormat,
    /// Whether the stream has been started.
    started: bool,
}

struct Queued {
    item: PlayItem,
    clip: Option<Arc<PreparedClip>>,
    /// Stream position of its first sample (set when queued).
    start: Option<u64>,
    /// Stream position just past its last sample (set when queued).
    end: Option<u64>,
    started: bool,
    failed: bool,
}

struct Capture {
    _input: Box<dyn OpenDevice>,
    consumer: rtrb::Consumer<f32>,
    format: DeviceFormat,
    samples: Vec<f32>,
    limit: usize,
    window_peak: f32,
    window_sum: f64,
    window_n: usize,
    window_clipped: bool,
    last_level: Instant,
    dropped: Arc<std::sync::atomic::AtomicU64>,
}

struct Worker {
    factory: Box<dyn OutputFactory>,
    input: Box<dyn InputFactory>,
    capture: Option<Capture>,
    cache: Arc<ClipCache>,
    events: Sender<Event>,
    waker: Arc<OnceLock<Waker>>,
    device: Option<String>,
    volume: f32,
    keep_open: bool,
    active: Option<Active>,
    last_format: DeviceFormat,
    errors_tx: Sender<String>,
    errors_rx: Receiver<String>,
    input_errors_tx: Sender<String>,
    input_errors_rx: Receiver<String>,
    queue: Vec<Queued>,
    push_index: usize,
    report_index: usize,
    pushed: u64,
    tail_until: Option<u64>,
    last_progress: Instant,
    /// The preloader thread, started by the first preload.
    preload_tx: Option<Sender<(Vec<PathBuf>, DeviceFormat)>>,
    /// Bumped by every cut: clips prepared for an older sequence are not queued.
    generation: Arc<AtomicU64>,
    /// Clips prepared by the play workers, for the sequence of that generation.
    prepared_tx: Sender<Prepared>,
    prepared_rx: Receiver<Prepared>,
}

/// A clip prepared (or failed) by a play worker: generation, index in the
/// queue, the clip or why not.
type Prepared = (u64, usize, Result<Arc<PreparedClip>, String>);

impl Worker {
    fn new(
        factory: Box<dyn OutputFactory>,
        input: Box<dyn InputFactory>,
        cache: Arc<ClipCache>,
        events: Sender<Event>,
    ) -> Self {
        let (errors_tx, errors_rx) = mpsc::channel();
        let (input_errors_tx, input_errors_rx) = mpsc::channel();
        let (prepared_tx, prepared_rx) = mpsc::channel();
        Self {
            factory,
            input,
            capture: None,
            cache,
            events,
            waker: Arc::default(),
            device: None,
            volume: 1.0,
            keep_open: true,
            active: None,
            last_format: DeviceFormat {
                rate: 48_000,
                channels: 2,
            },
            errors_tx,
            errors_rx,
            input_errors_tx,
            input_errors_rx,
            queue: Vec::new(),
            push_index: 0,
            report_index: 0,
            pushed: 0,
            tail_until: None,
            last_progress: Instant::now(),
            preload_tx: None,
            generation: Arc::new(AtomicU64::new(0)),
            prepared_tx,
            prepared_rx,
        }
    }

    fn emit(&self, event: Event) {
        let _ = self.events.send(event);
        if let Some(wake) = self.waker.get() {
            wake();
        }
    }

    /// The engine loop. It sleeps in `park_timeout`: [`Engine::send`] and the
    /// device callback (when a clip starts or ends, or the device has played the tail)
    /// unpark it, and the timeout paces progress and level reports.
    fn run(mut self, commands: &Receiver<Command>) {
        loop {
            loop {
                match commands.try_recv() {
                    Ok(Command::Shutdown) | Err(TryRecvError::Disconnected) => return,
                    Ok(command) => self.handle(command),
                    Err(TryRecvError::Empty) => break,
                }
            }
            self.check_device();
            self.take_prepared();
            self.pump();
            self.drain_capture();
            let wait = if self.capture.is_some() {
                Duration::from_millis(5)
            } else if !self.queue.is_empty() {
                Duration::from_millis(20)
            } else {
                Duration::from_millis(200)
            };
            std::thread::park_timeout(wait);
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Play(items) => self.play(items),
            Command::Stop => {
                if self.cut() {
                    self.emit(Event::Stopped);
                }
            }
            Command::OpenOutput => {
                self.ensure_output();
            }
            Command::KeepOutputOpen(keep) => self.keep_open = keep,
            Command::Pause => self.set_paused(true),
            Command::Resume => self.set_paused(false),
            Command::SetVolume(volume) => {
                self.volume = volume;
                if let Some(active) = &self.active {
                    active.transport.set_volume(volume);
                }
            }
            Command::SetDevice(device) => {
                if device != self.device {
                    self.cut();
                    self.active = None;
                    self.device = device;
                }
            }
            Command::Preload(paths) => {
                let format = self.active.as_ref().map_or(self.last_format, |a| a.format);
                if self.preload_tx.is_none() {
                    self.preload_tx = spawn_preloader(Arc::clone(&self.cache), self.events.clone());
                }
                if let Some(tx) = &self.preload_tx {
                    let _ = tx.send((paths, format));
                }
            }
            Command::StartRecording {
                device,
                max_seconds,
            } => self.start_recording(device, max_seconds),
            Command::StopRecording => self.stop_recording(),
            Command::ListDevices => {
                let devices = self.factory.devices();
                self.emit(Event::Devices(devices));
                let inputs = self.input.devices();
                self.emit(Event::InputDevices(inputs));
            }
            Command::Shutdown => {}
        }
    }

    fn set_paused(&self, paused: bool) {
        if let Some(active) = &self.active {
            active.transport.paused.store(paused, Ordering::Relaxed);
        }
    }

    /// Stop what is queued; returns whether anything was.
    fn cut(&mut self) -> bool {
        let had = !self.queue.is_empty();
        // Workers preparing the old sequence stop at their next clip.
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(active) = &self.active {
            active
                .transport
                .discard_until
                .store(self.pushed, Ordering::Release);
            active.transport.paused.store(false, Ordering::Relaxed);
            active.transport.wake_at.store(u64::MAX, Ordering::Release);
        }
        self.queue.clear();
        self.push_index = 0;
        self.report_index = 0;
        self.tail_until = None;
        had
    }

    fn ensure_output(&mut self) -> bool {
        if self.active.is_some() {
            return true;
        }
        // Drain errors of a previous stream.
        while self.errors_rx.try_recv().is_ok() {}
        let transport = Arc::new(Transport::default());
        transport.set_volume(self.volume);
        let mut feed = None;
        let waker = std::thread::current();
        let mut make = |format: DeviceFormat| -> Renderer {
            let (f, renderer) = channel(
                CLIPS_IN_FLIGHT,
                format.channels,
                Arc::clone(&transport),
                Some(waker.clone()),
            );
            feed = Some(f);
            renderer
        };
        match self
            .factory
            .open(self.device.as_deref(), &mut make, self.errors_tx.clone())
        {
            Ok(output) => {
                let Some(feed) = feed else {
                    self.emit(no_output("the device gave no stream"));
                    return false;
                };
                let format = output.format();
                self.last_format = format;
                self.pushed = 0;
                self.emit(Event::DeviceOpened {
                    name: output.name(),
                    rate: format.rate,
                    channels: format.channels,
                });
                self.active = Some(Active {
                    output,
                    feed,
                    transport,
                    format,
                    started: false,
                });
                true
            }
            Err(err) => {
                self.emit(no_output(&err.to_string()));
                false
            }
        }
    }

    fn play(&mut self, items: Vec<PlayItem>) {
        self.cut();
        if items.is_empty() || !self.ensure_output() {
            return;
        }
        let Some(format) = self.active.as_ref().map(|a| a.format) else {
            return;
        };
        self.queue = items
            .into_iter()
            .map(|item| Queued {
                clip: self.cache.peek(&item.path, format),
                item,
                start: None,
                end: None,
                started: false,
                failed: false,
            })
            .collect();
        let missing: Vec<(usize, PathBuf)> = self
            .queue
            .iter()
            .enumerate()
            .filter(|(_, q)| q.clip.is_none())
            .map(|(i, q)| (i, q.item.path.clone()))
            .collect();
        if !missing.is_empty() {
            self.spawn_preparer(missing, format);
        }
        self.pump();
    }

    /// Prepare `missing` clips (index in the queue, path), in order, on a
    /// thread of their own, which hands each one back and wakes the engine.
    fn spawn_preparer(&mut self, missing: Vec<(usize, PathBuf)>, format: DeviceFormat) {
        let generation = Arc::clone(&self.generation);
        let mine = generation.load(Ordering::Acquire);
        let cache = Arc::clone(&self.cache);
        let results = self.prepared_tx.clone();
        let engine = std::thread::current();
        let spawned = std::thread::Builder::new()
            .name("safevoice-prepare".into())
            .spawn(move || {
                for (index, path) in missing {
                    if generation.load(Ordering::Acquire) != mine {
                        return; // stopped, or another sequence replaced this one
                    }
                    let result = cache.get(&path, format).map_err(|err| err.to_string());
                    if results.send((mine, index, result)).is_err() {
                        return;
                    }
                    engine.unpark();
                }
            });
        if let Err(err) = spawned {
            // No thread: every missing clip fails, and the others play.
            let indexes: Vec<usize> = self
                .queue
                .iter()
                .enumerate()
                .filter(|(_, q)| q.clip.is_none())
                .map(|(i, _)| i)
                .collect();
            for index in indexes {
                self.fail(index, format!("cannot start a decoding thread: {err}"));
            }
        }
    }

    /// Take the clips the workers have prepared for the current sequence.
    fn take_prepared(&mut self) {
        let current = self.generation.load(Ordering::Acquire);
        while let Ok((generation, index, result)) = self.prepared_rx.try_recv() {
            if generation != current || index >= self.queue.len() {
                continue;
            }
            match result {
                Ok(clip) => self.queue[index].clip = Some(clip),
                Err(message) => self.fail(index, message),
            }
        }
    }

    /// Mark a queued clip as failed and report it.
    fn fail(&mut self, index: usize, message: String) {
        let queued = &mut self.queue[index];
        if queued.failed {
            return;
        }
        queued.failed = true;
        let tag = queued.item.tag.clone();
        self.emit(Event::ClipError { tag, message });
    }

    fn start_recording(&mut self, device: Option<String>, max_seconds: f64) {
        self.capture = None;
        let mut consumer = None;
        let mut dropped = None;
        let mut make = |format: DeviceFormat| -> CaptureSink {
            let capacity = (f64::from(format.rate)
                * f64::from(format.channels)
                * CAPTURE_RING_SECONDS) as usize;
            let (sink, c) = CaptureSink::new(capacity.max(4096));
            dropped = Some(Arc::clone(&sink.dropped));
            consumer = Some(c);
            sink
        };
        while self.input_errors_rx.try_recv().is_ok() {}
        match self
            .input
            .open(device.as_deref(), &mut make, self.input_errors_tx.clone())
        {
            Ok(input) => {
                let (Some(consumer), Some(dropped)) = (consumer, dropped) else {
                    self.emit(Event::RecordError {
                        message: "No audio input available: no stream".into(),
                    });
                    return;
                };
                let format = input.format();
                let per_second = f64::from(format.rate) * f64::from(format.channels);
                self.emit(Event::RecordingStarted {
                    device: input.name(),
                    rate: format.rate,
                    channels: format.channels,
                });
                self.capture = Some(Capture {
                    _input: input,
                    consumer,
                    format,
                    samples: Vec::with_capacity((per_second * max_seconds.min(120.0)) as usize),
                    limit: (per_second * max_seconds.clamp(0.1, 600.0)) as usize,
                    window_peak: 0.0,
                    window_sum: 0.0,
                    window_n: 0,
                    window_clipped: false,
                    last_level: Instant::now(),
                    dropped,
                });
            }
            Err(err) => self.emit(Event::RecordError {
                message: format!("No audio input available: {err}"),
            }),
        }
    }

    fn drain_capture(&mut self) {
        if self.capture.is_some()
            && let Ok(message) = self.input_errors_rx.try_recv()
        {
            self.stop_recording();
            self.emit(Event::RecordError {
                message: format!("No audio input available: {message}"),
            });
            return;
        }
        let Some(capture) = self.capture.as_mut() else {
            return;
        };
        let n = capture.consumer.slots();
        if let Ok(chunk) = capture.consumer.read_chunk(n) {
            let (a, b) = chunk.as_slices();
            for &s in a.iter().chain(b) {
                let level = s.abs();
                capture.window_peak = capture.window_peak.max(level);
                capture.window_sum += f64::from(s * s);
                capture.window_n += 1;
                capture.window_clipped |= level >= 0.999;
            }
            capture.samples.extend_from_slice(a);
            capture.samples.extend_from_slice(b);
            chunk.commit_all();
        }
        if capture.last_level.elapsed() >= Duration::from_millis(50) && capture.window_n > 0 {
            let event = Event::Level {
                peak: capture.window_peak,
                rms: (capture.window_sum / capture.window_n as f64).sqrt() as f32,
                clipped: capture.window_clipped,
            };
            capture.window_peak = 0.0;
            capture.window_sum = 0.0;
            capture.window_n = 0;
            capture.window_clipped = false;
            capture.last_level = Instant::now();
            self.emit(event);
        }
        if self
            .capture
            .as_ref()
            .is_some_and(|c| c.samples.len() >= c.limit)
        {
            self.stop_recording();
        }
    }

    fn stop_recording(&mut self) {
        let Some(mut capture) = self.capture.take() else {
            return;
        };
        // Take what is still in the ring, then close the device.
        let n = capture.consumer.slots();
        if let Ok(chunk) = capture.consumer.read_chunk(n) {
            let (a, b) = chunk.as_slices();
            capture.samples.extend_from_slice(a);
            capture.samples.extend_from_slice(b);
            chunk.commit_all();
        }
        capture.samples.truncate(capture.limit);
        let frame = usize::from(capture.format.channels.max(1));
        capture
            .samples
            .truncate(capture.samples.len() / frame * frame);
        self.emit(Event::Recorded {
            rate: capture.format.rate,
            channels: capture.format.channels,
            samples: Arc::new(capture.samples),
            dropped: capture.dropped.load(Ordering::Relaxed),
        });
    }

    fn check_device(&mut self) {
        if let Ok(message) = self.errors_rx.try_recv() {
            self.cut();
            if let Some(active) = self.active.take() {
                drop(active.output);
            }
            self.emit(no_output(&format!("the device stopped working: {message}")));
        }
    }

    fn pump(&mut self) {
        if let Some(active) = self.active.as_mut() {
            active.feed.collect();
        }
        if self.queue.is_empty() {
            return;
        }
        self.queue_clips();
        self.start_stream();
        self.report();
    }

    /// Start a new stream once its clips are queued (or have failed), or
    /// once those queued cover [`LOOKAHEAD_SECONDS`], so that a device that
    /// pulls at once never plays a gap between the first clips.
    fn start_stream(&mut self) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        if active.started {
            return;
        }
        let lookahead = (f64::from(active.format.rate) * LOOKAHEAD_SECONDS) as u64;
        if self.push_index == 0 || (self.push_index < self.queue.len() && self.pushed < lookahead) {
            return; // clips still being prepared
        }
        match active.output.start() {
            Ok(()) => active.started = true,
            Err(message) => {
                self.cut();
                self.active = None;
                self.emit(no_output(&message));
            }
        }
    }

    /// Queue the next prepared clips for the callback, in order, up to
    /// [`LOOKAHEAD_SECONDS`] ahead of what it has taken; stops at a clip
    /// still being prepared.
    fn queue_clips(&mut self) {
        let Some(format) = self.active.as_ref().map(|a| a.format) else {
            return;
        };
        let lookahead = (f64::from(format.rate) * LOOKAHEAD_SECONDS) as u64;
        while self.push_index < self.queue.len() {
            let Some(active) = self.active.as_mut() else {
                return;
            };
            let t = &active.transport;
            let taken = t
                .consumed
                .load(Ordering::Acquire)
                .max(t.discard_until.load(Ordering::Acquire));
            if self.pushed.saturating_sub(taken) >= lookahead {
                return;
            }
            let index = self.push_index;
            let queued = &mut self.queue[index];
            if queued.clip.is_none() && !queued.failed {
                return; // being prepared: the worker wakes the engine
            }
            if let Some(clip) = queued.clip.as_ref() {
                if active.feed.push(Arc::clone(&clip.samples)).is_err() {
                    return; // too many clips in flight; continue next round
                }
                queued.start = Some(self.pushed);
                self.pushed += clip.frames() as u64;
            } else {
                queued.start = Some(self.pushed);
            }
            queued.end = Some(self.pushed);
            self.push_index += 1;
        }
    }

    fn report(&mut self) {
        let Some(active) = self.active.as_ref() else {
            return;
        };
        let consumed = active.transport.consumed.load(Ordering::Acquire);
        let rendered = active.transport.rendered.load(Ordering::Acquire);
        let per_second = f64::from(active.format.rate);
        let mut out = Vec::new();
        while self.report_index < self.queue.len() {
            let index = self.report_index;
            let q = &mut self.queue[index];
            let (Some(start), end) = (q.start, q.end) else {
                break;
            };
            let seconds = q.clip.as_ref().map_or(0.0, |c| c.seconds());
            if !q.failed && !q.started && (consumed > start || end == Some(start)) {
                q.started = true;
                out.push(Event::Started {
                    index,
                    tag: q.item.tag.clone(),
                    seconds,
                });
            }
            match end {
                Some(end) if consumed >= end => {
                    if !q.failed {
                        out.push(Event::Finished {
                            index,
                            tag: q.item.tag.clone(),
                        });
                    }
                    self.report_index += 1;
                }
                _ => {
                    if q.started && self.last_progress.elapsed() >= PROGRESS_EVERY {
                        self.last_progress = Instant::now();
                        out.push(Event::Progress {
                            index,
                            tag: q.item.tag.clone(),
                            position: consumed.saturating_sub(start) as f64 / per_second,
                            seconds,
                        });
                    }
                    break;
                }
            }
        }
        if self.report_index == self.queue.len() {
            let drained_at = active.transport.drained_at.load(Ordering::Relaxed);
            let tail = *self.tail_until.get_or_insert_with(|| {
                // Counted from when the clips ran out, not from when this
                // thread noticed: a sink that pulls faster than real time
                // may be far ahead by then. Finished once the device says it
                // has played that far (its buffer has drained), so a real
                // device is heard to the end and a file sink, which plays at
                // once, gets no long tail of silence.
                let tail = drained_at.min(rendered) + (per_second * TAIL_SECONDS) as u64;
                active.transport.wake_at.store(tail, Ordering::Release);
                tail
            });
            // Read after `wake_at` is set: the callback may have passed the
            // tail before it could see it.
            let heard = active.transport.heard.load(Ordering::Acquire);
            if heard >= tail {
                out.push(Event::SequenceFinished);
                self.queue.clear();
                self.push_index = 0;
                self.report_index = 0;
                self.tail_until = None;
                if !self.keep_open {
                    // Closed here, at once: a sink faster than real time
                    // would otherwise take silence until the caller reacts.
                    self.active = None;
                }
            }
        }
        for event in out {
            self.emit(event);
        }
    }
}

fn no_output(detail: &str) -> Event {
    Event::Error {
        message: format!("No audio output available: {detail}"),
    }
}

type PreloadRequest = (Vec<PathBuf>, DeviceFormat);

fn spawn_preloader(cache: Arc<ClipCache>, events: Sender<Event>) -> Option<Sender<PreloadRequest>> {
    let (tx, rx) = mpsc::channel::<PreloadRequest>();
    std::thread::Builder::new()
        .name("safevoice-preload".into())
        .spawn(move || {
            while let Ok(mut request) = rx.recv() {
                // Only the newest request matters (each one replaces the set
                // of clips kept), so requests that queued up while this one
                // was being prepared are skipped, and the queue stays short
                // however fast the languages are switched.
                while let Ok(newer) = rx.try_recv() {
                    request = newer;
                }
                let (paths, format) = request;
                cache.retain_only(&paths);
                let mut count = 0;
                let mut failed = 0;
                for path in paths {
                    match cache.get(&path, format) {
                        Ok(_) => count += 1,
                        Err(_) => failed += 1,
                    }
                }
                let _ = events.send(Event::Preloaded { count, failed });
            }
        })
        .ok()
        .map(|_| tx)
}
