//! Input devices for the recorder: the real one through cpal, and an
//! in-memory one for tests. The device callback only converts samples and
//! pushes them into a lock-free ring: it never allocates or locks.

use super::output::{
    CpalDevice, Direction, MemoryDevice, OpenDevice, OutputError, by_sample_type, choose_device,
    device_label, forward_fatal_errors,
};
use super::prepare::DeviceFormat;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, Sample};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The callback's half of the capture ring.
pub struct CaptureSink {
    producer: rtrb::Producer<f32>,
    /// Samples dropped because the ring was full.
    pub dropped: Arc<AtomicU64>,
}

impl CaptureSink {
    /// A ring of `capacity` samples: the sink for the callback, the consumer for the engine.
    pub fn new(capacity: usize) -> (Self, rtrb::Consumer<f32>) {
        let (producer, consumer) = rtrb::RingBuffer::new(capacity);
        (
            Self {
                producer,
                dropped: Arc::new(AtomicU64::new(0)),
            },
            consumer,
        )
    }

    /// Push interleaved device samples. Allocation-free and lock-free.
    pub fn push<T: Sample>(&mut self, data: &[T])
    where
        f32: FromSample<T>,
    {
        let n = data.len().min(self.producer.slots());
        if let Ok(chunk) = self.producer.write_chunk_uninit(n) {
            chunk.fill_from_iter(data.iter().map(|s| f32::from_sample(*s)));
        }
        if n < data.len() {
            self.dropped
                .fetch_add((data.len() - n) as u64, Ordering::Relaxed);
        }
    }
}

/// Something that can open an input device.
pub trait InputFactory: Send {
    /// Open `device` (or the default). `make_sink` is called once the format is known.
    fn open(
        &mut self,
        device: Option<&str>,
        make_sink: &mut dyn FnMut(DeviceFormat) -> CaptureSink,
        errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError>;

    /// Names of the input devices, for `--device` and the settings.
    fn devices(&self) -> Vec<String>;
}

/// The system's audio input, through cpal.
#[derive(Debug, Default)]
pub struct CpalInput;

impl InputFactory for CpalInput {
    fn open(
        &mut self,
        device: Option<&str>,
        make_sink: &mut dyn FnMut(DeviceFormat) -> CaptureSink,
        errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError> {
        let (device, name) = choose_device(device, Direction::Input)?;
        let open_err = |detail: String| OutputError::Open {
            device: name.clone(),
            detail,
        };
        let default = device
            .default_input_config()
            .map_err(|e| open_err(e.to_string()))?;
        // Microphones are 16-bit: ask for 16-bit at the default rate and
        // layout when the device offers it, so nothing converts on the way.
        let supported = device
            .supported_input_configs()
            .ok()
            .and_then(|mut configs| {
                configs.find(|c| {
                    c.sample_format() == cpal::SampleFormat::I16
                        && c.channels() == default.channels()
                        && c.min_sample_rate() <= default.sample_rate()
                        && default.sample_rate() <= c.max_sample_rate()
                })
            })
            .map_or(default, |c| c.with_sample_rate(default.sample_rate()));
        let sample_format = supported.sample_format();
        let config: cpal::StreamConfig = supported.into();
        let format = DeviceFormat {
            rate: config.sample_rate,
            channels: config.channels,
        };
        let mut sink = make_sink(format);
        let on_error = forward_fatal_errors(errors);
        macro_rules! build {
            ($t:ty) => {
                device.build_input_stream(
                    config,
                    move |data: &[$t], _: &cpal::InputCallbackInfo| sink.push(data),
                    on_error,
                    None,
                )
            };
        }
        let stream = by_sample_type!(sample_format, build, other => {
            return Err(open_err(format!("unsupported sample format {other}")))
        })
        .map_err(|e| open_err(e.to_string()))?;
        stream.play().map_err(|e| open_err(e.to_string()))?;
        Ok(Box::new(CpalDevice {
            _stream: stream,
            format,
            name,
        }))
    }

    fn devices(&self) -> Vec<String> {
        cpal::default_host()
            .input_devices()
            .map(|devices| devices.map(|d| device_label(&d)).collect())
            .unwrap_or_default()
    }
}

/// An input in memory: a thread feeds `signal` (then silence) one period at
/// a time, `speed` times faster than real time.
#[derive(Clone, Debug)]
pub struct MemoryInput {
    pub format: DeviceFormat,
    pub signal: Arc<Vec<f32>>,
    pub speed: f64,
}

impl InputFactory for MemoryInput {
    fn open(
        &mut self,
        _device: Option<&str>,
        make_sink: &mut dyn FnMut(DeviceFormat) -> CaptureSink,
        _errors: Sender<String>,
    ) -> Result<Box<dyn OpenDevice>, OutputError> {
        let mut sink = make_sink(self.format);
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let signal = Arc::clone(&self.signal);
        let period = 256 * usize::from(self.format.channels);
        let pause =
            Duration::from_secs_f64(256.0 / f64::from(self.format.rate) / self.speed.max(0.001));
        std::thread::Builder::new()
            .name("memory-input".into())
            .spawn(move || {
                let silence = vec![0f32; period];
                let mut at = 0;
                while !thread_stop.load(Ordering::SeqCst) {
                    let end = (at + period).min(signal.len());
                    if at < end {
                        sink.push(&signal[at..end]);
                        at = end;
                    } else {
                        sink.push(&silence);
                    }
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
            started: Arc::new(AtomicBool::new(true)),
        }))
    }

    fn devices(&self) -> Vec<String> {
        vec!["memory".into()]
    }
}

/// Drop leading and trailing silence (below -45 dBFS), keeping 80 ms of
/// margin each side.
pub fn trim_silence(samples: &[f32], channels: u16, rate: u32) -> &[f32] {
    let ch = usize::from(channels.max(1));
    let threshold = 10f32.powf(-45.0 / 20.0);
    let loud = |frame: &[f32]| frame.iter().any(|s| s.abs() > threshold);
    let frames: Vec<&[f32]> = samples.chunks_exact(ch).collect();
    let Some(first) = frames.iter().position(|f| loud(f)) else {
        return &samples[..0];
    };
    let last = frames.iter().rposition(|f| loud(f)).unwrap_or(first);
    let margin = (rate as usize * 80) / 1000;
    let start = first.saturating_sub(margin);
    let end = (last + 1 + margin).min(frames.len());
    &samples[start * ch..end * ch]
}

/// A captured or imported take, ready to save: mono, silence trimmed.
pub fn prepare_take(samples: &[f32], channels: u16, rate: u32) -> Vec<f32> {
    let trimmed = trim_silence(samples, channels, rate);
    super::convert::map_channels(trimmed, channels, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_keeps_the_sound_and_a_margin() {
        let mut s = vec![0.0f32; 48_000];
        for x in &mut s[20_000..30_000] {
            *x = 0.5;
        }
        let t = trim_silence(&s, 1, 48_000);
        assert_eq!(t.len(), 10_000 + 2 * 3_840);
        assert!(trim_silence(&[0.0; 100], 1, 48_000).is_empty());
    }

    #[test]
    fn the_sink_counts_what_it_drops() {
        let (mut sink, mut consumer) = CaptureSink::new(4);
        sink.push(&[0.1f32, 0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(sink.dropped.load(Ordering::Relaxed), 2);
        assert_eq!(consumer.pop(), Ok(0.1));
        sink.push(&[i16::MAX]);
        assert_eq!(consumer.slots(), 4);
    }
}
