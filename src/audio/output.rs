//! Output devices: the real one through cpal, and an in-memory one for tests
//! and benchmarks. The engine opens them through [`OutputFactory`]; nothing
//! else in the app touches cpal.

use super::prepare::DeviceFormat;
use super::render::Renderer;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Why no output could be opened.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OutputError {
    #[error("no audio output device found")]
    NoDevice,
    #[error("no audio output device named {0:?} (run `safevoice devices`)")]
    NotFound(String),
    #[error("cannot open {device:?}: {detail}")]
    Open { device: String, detail: String },
}

/// An input or output device that is open. Dropping it closes the device.
pub trait OpenDevice {
    /// The device's sample layout.
    fn format(&self) -> DeviceFormat;
    /// The device's name.
    fn name(&self) -> String;
    /// Start the stream (output streams open paused, so the engine can queue
    /// the first clip before the device starts pulling). Starting a running
    /// stream does nothing.
    fn start(&mut self) -> Result<(), String>;
}

/// A cpal stream that is playing or capturing.
pub(crate) struct CpalDevice {
    pub(crate) _stream: cpal::Stream,
    pub(crate) format: DeviceFormat,
    pub(crate) name: String,
}

impl OpenDevice for CpalDevice {
    fn format(&self) -> DeviceFormat {
        self.format
    }
    fn name(&self) -> String {
        self.name.clone()
    }
    fn start(&mut self) -> Result<(), String> {
        self._stream
            .play()
            .map_err(|e| format!("cannot start {}: {e}", self.name))
    }
}

/// An in-memory device: its thread runs once started, until this is dropped.
pub(crate) struct MemoryDevice {
    pub(crate) format: DeviceFormat,
    pub(crate) stop: Arc<AtomicBool>,
    pub(crate) started: Arc<AtomicBool>,
}

impl OpenDevice for MemoryDevice {
    fn format(&self) -> DeviceFormat {
        self.format
    }
    fn name(&self) -> String {
        "memory".into()
    }
    fn start(&mut self) -> Result<(), String> {
        self.started.store(true, Ordering::SeqCst);
        Ok(())
    }
}

impl Drop for MemoryDevice {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// A cpal error callback that forwards fatal stream errors to `errors`
/// (xruns and a refused real-time priority are not fatal).
pub(crate) fn forward_fatal_errors(
    errors: Sender<String>,
) -> impl FnMut(cpal::Error) + Send + 'static {
    move |err: cpal::Error| {
        if !matches!(
            err.kind(),
            cpal::ErrorKind::Xrun | cpal::ErrorKind::RealtimeDenied
        ) {
            let _ = errors.send(err.to_string());
        }
    }
}

/// Something that can open an output device.
pub trait OutputFactory: Send {
    /// Open `device` (or the default). `make_renderer` is called once the
    /// device's format is known. Fatal stream errors are sent to `errors`.
    fn open(
        &mut self,
        device: Option<&str>,
        make_renderer: &mut dyn FnMut(DeviceFormat) -> Renderer,
        errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError>;

    /// Names of the output devices, for `--device` and the settings.
    fn devices(&self) -> Vec<String>;
}

/// The system's audio output, through cpal.
#[derive(Debug, Default)]
pub struct CpalOutput;

/// How a device is listed (`safevoice devices`, the settings): its id, and
/// its description when that says more.
pub(crate) fn device_label(device: &cpal::Device) -> String {
    match (device.id(), device.description()) {
        (Ok(id), Ok(desc)) if desc.name() != id.to_string() => format!("{id} ({})", desc.name()),
        (Ok(id), _) => id.to_string(),
        (Err(_), Ok(desc)) => desc.name().to_owned(),
        (Err(_), Err(_)) => "unknown device".into(),
    }
}

/// Whether a device with this id, description and label is the one the
/// user named: any of the three, ignoring case, or the last part of the id
/// (`hw:CARD=PCH,DEV=0` as `CARD=PCH,DEV=0`).
fn name_matches(id: &str, desc: &str, label: &str, wanted: &str) -> bool {
    let wanted = wanted.trim().to_lowercase();
    let (id, desc, label) = (id.to_lowercase(), desc.to_lowercase(), label.to_lowercase());
    !wanted.is_empty()
        && (id == wanted
            || desc == wanted
            || label == wanted
            || id.ends_with(&format!(":{wanted}")))
}

/// The device the user named, among `devices`: the one rule for outputs and
/// inputs, so a name from `safevoice devices` or the settings finds both.
pub(crate) fn find_device(
    devices: impl IntoIterator<Item = cpal::Device>,
    wanted: &str,
) -> Option<cpal::Device> {
    devices.into_iter().find(|device| {
        let id = device.id().map(|id| id.to_string()).unwrap_or_default();
        let desc = device
            .description()
            .map(|d| d.name().to_owned())
            .unwrap_or_default();
        name_matches(&id, &desc, &device_label(device), wanted)
    })
}

/// Which side of the sound system a device is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Input,
    Output,
}

/// The device the user named (by [`find_device`]'s rule), or the system's
/// default one for `direction`, with its label for messages.
pub(crate) fn choose_device(
    wanted: Option<&str>,
    direction: Direction,
) -> Result<(cpal::Device, String), OutputError> {
    let host = cpal::default_host();
    let device = match (wanted, direction) {
        (None, Direction::Input) => host.default_input_device(),
        (None, Direction::Output) => host.default_output_device(),
        (Some(wanted), Direction::Input) => host
            .input_devices()
            .ok()
            .and_then(|devices| find_device(devices, wanted)),
        (Some(wanted), Direction::Output) => host
            .output_devices()
            .ok()
            .and_then(|devices| find_device(devices, wanted)),
    };
    let device = match (device, wanted) {
        (Some(device), _) => device,
        (None, None) => return Err(OutputError::NoDevice),
        (None, Some(wanted)) => return Err(OutputError::NotFound(wanted.to_owned())),
    };
    let name = device_label(&device);
    Ok((device, name))
}

impl OutputFactory for CpalOutput {
    fn open(
        &mut self,
        device: Option<&str>,
        make_renderer: &mut dyn FnMut(DeviceFormat) -> Renderer,
        errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError> {
        let (device, name) = choose_device(device, Direction::Output)?;
        let open_err = |detail: String| OutputError::Open {
            device: name.clone(),
            detail,
        };
        // The common layout first, set directly: probing every format the
        // device supports costs ALSA's plug layer about 10 ms. Any other
        // device gets its own default layout.
        let preferred = cpal::StreamConfig {
            channels: 2,
            sample_rate: 48_000,
            buffer_size: period_frames(
                &cpal::SupportedBufferSize::Range {
                    min: 0,
                    max: u32::MAX,
                },
                48_000,
            ),
        };
        let built = build_output(
            &device,
            preferred,
            cpal::SampleFormat::I16,
            make_renderer,
            &errors,
        )
        .or_else(|_| {
            let supported = device.default_output_config().map_err(|e| e.to_string())?;
            let sample_format = supported.sample_format();
            let buffer_size = period_frames(supported.buffer_size(), supported.sample_rate());
            let mut config: cpal::StreamConfig = supported.into();
            config.buffer_size = buffer_size;
            build_output(&device, config, sample_format, make_renderer, &errors)
        });
        // Built paused: the engine starts it once the first clip is queued.
        let (stream, format) = built.map_err(open_err)?;
        Ok(Box::new(CpalDevice {
            _stream: stream,
            format,
            name,
        }))
    }

    fn devices(&self) -> Vec<String> {
        let host = cpal::default_host();
        host.output_devices()
            .map(|devices| devices.map(|d| device_label(&d)).collect())
            .unwrap_or_default()
    }
}

/// Expand `$build!(T)` with the Rust sample type `T` of the cpal sample
/// format `$format`, or `$fallback` (with the format bound to `$other`) for a
/// format without one. Shared by input and output, whose cpal stream
/// builders differ.
macro_rules! by_sample_type {
    ($format:expr, $build:ident, $other:ident => $fallback:expr) => {
        match $format {
            cpal::SampleFormat::F32 => $build!(f32),
            cpal::SampleFormat::I16 => $build!(i16),
            cpal::SampleFormat::I32 => $build!(i32),
            cpal::SampleFormat::U16 => $build!(u16),
            cpal::SampleFormat::U8 => $build!(u8),
            cpal::SampleFormat::I8 => $build!(i8),
            cpal::SampleFormat::F64 => $build!(f64),
            $other => $fallback,
        }
    };
}
pub(crate) use by_sample_type;

/// Build a paused output stream in `config`, with a renderer made for it.
fn build_output(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    sample_format: cpal::SampleFormat,
    make_renderer: &mut dyn FnMut(DeviceFormat) -> Renderer,
    errors: &Sender<String>,
) -> Result<(cpal::Stream, DeviceFormat), String> {
    let format = DeviceFormat {
        rate: config.sample_rate,
        channels: config.channels,
    };
    let mut renderer = make_renderer(format);
    let rate = u128::from(format.rate);
    let on_error = forward_fatal_errors(errors.clone());
    macro_rules! build {
        ($t:ty) => {
            device.build_output_stream(
                config,
                move |data: &mut [$t], info: &cpal::OutputCallbackInfo| {
                    renderer.render(data, delay_frames(info, rate))
                },
                on_error,
                None,
            )
        };
    }
    let stream = by_sample_type!(sample_format, build, other => {
        return Err(format!("unsupported sample format {other}"))
    })
    .map_err(|e| e.to_string())?;
    Ok((stream, format))
}

/// Frames the device still holds, not yet played, when it calls back: the
/// time from the callback to the predicted playback of what it writes.
fn delay_frames(info: &cpal::OutputCallbackInfo, rate: u128) -> u64 {
    let ts = info.timestamp();
    let nanos = ts.playback.duration_since(ts.callback).as_nanos();
    u64::try_from(nanos * rate / 1_000_000_000).unwrap_or(u64::MAX)
}

/// Frames per period to ask of an output device: about 20 ms (1024 frames at
/// 48 kHz, a power of two), within what the device supports. Left to the
/// device when it does not say; some (ALSA's file and null plugins) would
/// otherwise pick a single frame and cost a system call per frame.
fn period_frames(supported: &cpal::SupportedBufferSize, rate: u32) -> cpal::BufferSize {
    let wanted = (rate / 50).max(64).next_power_of_two();
    match supported {
        cpal::SupportedBufferSize::Range { min, max } if min <= max => {
            cpal::BufferSize::Fixed(wanted.clamp(*min, *max))
        }
        _ => cpal::BufferSize::Default,
    }
}

/// What an in-memory output has played.
#[derive(Debug, Default)]
pub struct CaptureState {
    /// Every sample handed to the "device", interleaved.
    pub samples: Vec<f32>,
    /// When the first non-silent sample was handed over.
    pub first_sound: Option<Instant>,
    /// How many times the device was opened.
    pub opened: usize,
}

/// A handle on an in-memory output's capture and state, shared with tests.
#[derive(Clone, Debug, Default)]
pub struct MemoryCapture {
    state: Arc<Mutex<CaptureState>>,
    available: Arc<AtomicBool>,
    unplugged: Arc<AtomicBool>,
}

impl MemoryCapture {
    /// Run `f` on the captured state.
    pub fn with<R>(&self, f: impl FnOnce(&mut CaptureState) -> R) -> R {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Plug the device in or out. Unplugging a playing device raises a stream error.
    pub fn set_available(&self, available: bool) {
        self.available.store(available, Ordering::SeqCst);
        if !available {
            self.unplugged.store(true, Ordering::SeqCst);
        }
    }
}

/// An output device in memory: a thread pulls from the renderer one period at
/// a time, `speed` times faster than real time, and records every sample.
#[derive(Debug)]
pub struct MemoryOutput {
    pub format: DeviceFormat,
    /// Frames per callback.
    pub period: usize,
    /// 1.0 is real time; larger runs faster.
    pub speed: f64,
    pub capture: MemoryCapture,
}

impl MemoryOutput {
    /// A 48 kHz stereo device with 256-frame periods, running at `speed`.
    pub fn new(speed: f64) -> Self {
        let capture = MemoryCapture::default();
        capture.available.store(true, Ordering::SeqCst);
        Self {
            format: DeviceFormat {
                rate: 48_000,
                channels: 2,
            },
            period: 256,
            speed,
            capture,
        }
    }
}

impl OutputFactory for MemoryOutput {
    fn open(
        &mut self,
        device: Option<&str>,
        make_renderer: &mut dyn FnMut(DeviceFormat) -> Renderer,
        errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError> {
        if let Some(name) = device.filter(|n| *n != "memory") {
            return Err(OutputError::NotFound(name.to_owned()));
        }
        if !self.capture.available.load(Ordering::SeqCst) {
            return Err(OutputError::NoDevice);
        }
        self.capture.unplugged.store(false, Ordering::SeqCst);
        self.capture.with(|s| s.opened += 1);
        let mut renderer = make_renderer(self.format);
        let stop = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let thread_started = Arc::clone(&started);
        let capture = self.capture.clone();
        let samples = self.period * usize::from(self.format.channels);
        let pause = Duration::from_secs_f64(
            self.period as f64 / f64::from(self.format.rate) / self.speed.max(0.001),
        );
        std::thread::Builder::new()
            .name("memory-output".into())
            .spawn(move || {
                let mut buf = vec![0f32; samples];
                while !thread_stop.load(Ordering::SeqCst) {
                    if capture.unplugged.load(Ordering::SeqCst) {
                        let _ = errors.send("the device was disconnected".into());
                        return;
                    }
                    if !thread_started.load(Ordering::SeqCst) {
                        std::thread::sleep(pause);
                        continue;
                    }
                    renderer.render(&mut buf, 0);
                    capture.with(|s| {
                        if s.first_sound.is_none() && buf.iter().any(|x| *x != 0.0) {
                            s.first_sound = Some(Instant::now());
                        }
                        s.samples.extend_from_slice(&buf);
                    });
                    std::thread::sleep(pause);
                }
            })
            .map_err(|e| OutputError::Open {
                device: "memory".into(),
                detail: e.to_string(),
            })?;
        Ok(Box::new(MemoryDevice {
            format: self.format,
            stop,
            started,
        }))
    }

    fn devices(&self) -> Vec<String> {
        vec!["memory".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::name_matches;

    #[test]
    fn a_device_is_found_by_id_description_label_or_id_tail() {
        let (id, desc) = ("hw:CARD=PCH,DEV=0", "HDA Intel PCH");
        let label = "hw:CARD=PCH,DEV=0 (HDA Intel PCH)";
        for wanted in [
            "hw:CARD=PCH,DEV=0",
            "HW:card=pch,dev=0",
            "HDA Intel PCH",
            "hda intel pch",
            label,
            "CARD=PCH,DEV=0",
            " HDA Intel PCH ",
        ] {
            assert!(name_matches(id, desc, label, wanted), "{wanted:?}");
        }
        for wanted in ["", "PCH", "hw:CARD=PCH", "HDA Intel"] {
            assert!(!name_matches(id, desc, label, wanted), "{wanted:?}");
        }
    }
}
