//! The real-time side of playback.
//!
//! The engine thread hands prepared clips (immutable, shared sample buffers)
//! to the device callback through a lock-free ring ([`rtrb`]). The callback
//! runs [`Renderer::render`]: it reads the clips in place, applies the volume,
//! updates atomic counters and hands each finished clip back through a second
//! ring, so that the engine thread, never the callback, frees it. It never
//! allocates, locks or blocks, and since whole clips are queued ahead, a
//! device that pulls faster than real time (a file sink) is never starved.
//!
//! Clips are mono (speech): the callback sends each sample to every channel
//! of the device, so a prepared clip takes half the memory on a stereo
//! device. Positions count frames in the stream of queued clips. Stop is a
//! position, not a message: the callback skips frames up to
//! [`Transport::discard_until`], so no race can drop the next clip or play
//! the old one. The callback wakes the engine thread (an unpark: an atomic
//! and at most one futex wake, no lock) when a clip starts or ends and when
//! the rendered count reaches [`Transport::wake_at`].

use cpal::{FromSample, Sample};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::thread::Thread;

/// A prepared clip's mono samples at the device's rate.
pub type Samples = Arc<Vec<f32>>;

/// Counters and controls shared between the engine thread and the callback.
#[derive(Debug)]
pub struct Transport {
    /// Frames taken out of the queued clips (played or discarded).
    pub consumed: AtomicU64,
    /// Frames handed to the device, silence included.
    pub rendered: AtomicU64,
    /// Frames before this position are discarded, not played (stop).
    pub discard_until: AtomicU64,
    /// When set, the callback plays silence and keeps its place.
    pub paused: AtomicBool,
    /// Frames the device has played by its own reckoning: `rendered`
    /// before the last callback minus what the device still held then.
    pub heard: AtomicU64,
    /// Wake the engine when `heard` reaches this (`u64::MAX`: never).
    pub wake_at: AtomicU64,
    /// The `rendered` count at which the queued clips last ran out (stored
    /// before `consumed`, so it is current once `consumed` shows the end).
    pub drained_at: AtomicU64,
    /// Volume as f32 bits, 0.0 ..= 1.0.
    volume: AtomicU32,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            consumed: AtomicU64::new(0),
            rendered: AtomicU64::new(0),
            discard_until: AtomicU64::new(0),
            paused: AtomicBool::new(false),
            heard: AtomicU64::new(0),
            wake_at: AtomicU64::new(u64::MAX),
            drained_at: AtomicU64::new(0),
            volume: AtomicU32::new(1f32.to_bits()),
        }
    }
}

impl Transport {
    /// Set the volume (clamped to 0..=1).
    pub fn set_volume(&self, volume: f32) {
        let v = if volume.is_finite() {
            volume.clamp(0.0, 1.0)
        } else {
            1.0
        };
        self.volume.store(v.to_bits(), Ordering::Relaxed);
    }

    /// The volume.
    pub fn volume(&self) -> f32 {
        f32::from_bits(self.volume.load(Ordering::Relaxed))
    }
}

/// Make the rings for up to `capacity` clips in flight: the feed for the
/// engine, the renderer for the device. `waker` is the thread to unpark when
/// something happens (the engine's).
pub fn channel(
    capacity: usize,
    channels: u16,
    transport: Arc<Transport>,
    waker: Option<Thread>,
) -> (Feed, Renderer) {
    let capacity = capacity.max(1);
    let (clips, clips_rx) = rtrb::RingBuffer::new(capacity);
    // One more than can be in flight, so the callback can always give back.
    let (spent_tx, spent) = rtrb::RingBuffer::new(capacity + 1);
    (
        Feed {
            clips,
            spent,
            in_flight: 0,
            capacity,
        },
        Renderer {
            queue: ClipQueue {
                clips: clips_rx,
                spent: spent_tx,
                current: None,
                offset: 0,
            },
            transport,
            waker,
            drained: true,
            channels: usize::from(channels.max(1)),
        },
    )
}

/// The engine's half: queues clips and takes back the finished ones.
pub struct Feed {
    clips: rtrb::Producer<Samples>,
    spent: rtrb::Consumer<Samples>,
    /// Clips handed over and not yet given back.
    in_flight: usize,
    capacity: usize,
}

impl Feed {
    /// Queue a clip after the others. Gives it back if too many are in flight.
    pub fn push(&mut self, samples: Samples) -> Result<(), Samples> {
        self.collect();
        if self.in_flight >= self.capacity {
            return Err(samples);
        }
        match self.clips.push(samples) {
            Ok(()) => {
                self.in_flight += 1;
                Ok(())
            }
            Err(rtrb::PushError::Full(samples)) => Err(samples),
        }
    }

    /// Drop the clips the callback has finished with (here, not in the callback).
    pub fn collect(&mut self) {
        while let Ok(done) = self.spent.pop() {
            drop(done);
            self.in_flight = self.in_flight.saturating_sub(1);
        }
    }
}

/// The callback's half. Moved into the device callback.
pub struct Renderer {
    queue: ClipQueue,
    transport: Arc<Transport>,
    waker: Option<Thread>,
    /// Whether the queue has run out (since `drained_at`).
    drained: bool,
    /// Samples per device frame.
    channels: usize,
}

/// The clips the callback has been given, and its place in them.
struct ClipQueue {
    clips: rtrb::Consumer<Samples>,
    spent: rtrb::Producer<Samples>,
    current: Option<Samples>,
    /// Samples of `current` already taken.
    offset: usize,
}

impl ClipQueue {
    /// Make sure `current` has samples left, moving on to the next clip if
    /// needed. Returns how many are left (0: nothing queued) and whether a
    /// clip ended or began.
    fn ready(&mut self) -> (usize, bool) {
        let mut changed = false;
        loop {
            if let Some(clip) = &self.current {
                if self.offset < clip.len() {
                    return (clip.len() - self.offset, changed);
                }
                if let Some(done) = self.current.take() {
                    // The ring has room for every clip in flight; if it ever
                    // had not, dropping here would only decrement a count
                    // while the engine's cache holds the clip.
                    let _ = self.spent.push(done);
                }
                changed = true;
            }
            match self.clips.pop() {
                Ok(next) => {
                    self.current = Some(next);
                    self.offset = 0;
                    changed = true;
                }
                Err(_) => return (0, changed),
            }
        }
    }
}

impl Renderer {
    /// Fill `out` (interleaved device samples). `delay_frames` is how many
    /// frames the device still holds, not yet played, when it asks (0 for a
    /// device that plays what it is given at once). Allocation-free and
    /// lock-free.
    pub fn render<T: Sample + FromSample<f32>>(&mut self, out: &mut [T], delay_frames: u64) {
        let t = &*self.transport;
        let q = &mut self.queue;
        // Only the callback writes `consumed`.
        let mut consumed = t.consumed.load(Ordering::Relaxed);
        let mut changed = false;
        // Skip what a stop cut off.
        let discard_until = t.discard_until.load(Ordering::Acquire);
        while consumed < discard_until {
            let (left, c) = q.ready();
            changed |= c;
            if left == 0 {
                break;
            }
            let n = left.min((discard_until - consumed) as usize);
            q.offset += n;
            consumed += n as u64;
        }
        let ch = self.channels;
        let frames = out.len() / ch;
        // Frames written.
        let mut written = 0;
        if !t.paused.load(Ordering::Relaxed) {
            let volume = t.volume();
            while written < frames {
                let (left, c) = q.ready();
                changed |= c;
                let Some(clip) = q.current.as_deref().filter(|_| left > 0) else {
                    break;
                };
                let n = left.min(frames - written);
                let src = &clip[q.offset..q.offset + n];
                let dst = &mut out[written * ch..(written + n) * ch];
                for (frame, s) in dst.chunks_exact_mut(ch).zip(src) {
                    frame.fill(T::from_sample(*s * volume));
                }
                q.offset += n;
                written += n;
                consumed += n as u64;
            }
            // Notice a clip that ended exactly at the end of this buffer.
            let (left, c) = q.ready();
            changed |= c;
            let before = t.rendered.load(Ordering::Relaxed);
            if left > 0 {
                self.drained = false;
            } else if !self.drained || written > 0 {
                self.drained = true;
                t.drained_at
                    .store(before + written as u64, Ordering::Relaxed);
            }
        }
        for dst in &mut out[written * ch..] {
            *dst = T::EQUILIBRIUM;
        }
        t.consumed.store(consumed, Ordering::Release);
        let before = t.rendered.fetch_add(frames as u64, Ordering::AcqRel);
        let heard = before.saturating_sub(delay_frames);
        t.heard.store(heard, Ordering::Release);
        let wake = heard >= t.wake_at.load(Ordering::Acquire);
        if wake {
            t.wake_at.store(u64::MAX, Ordering::Release);
        }
        if (changed || wake)
            && let Some(waker) = &self.waker
        {
            waker.unpark();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(samples: &[f32]) -> Samples {
        Arc::new(samples.to_vec())
    }

    #[test]
    fn plays_across_clips_then_fills_silence() {
        let transport = Arc::new(Transport::default());
        let (mut feed, mut renderer) = channel(4, 1, Arc::clone(&transport), None);
        feed.push(clip(&[0.5, -0.5])).unwrap();
        feed.push(clip(&[0.25])).unwrap();
        let mut out = [9.0f32; 5];
        renderer.render(&mut out, 0);
        assert_eq!(out, [0.5, -0.5, 0.25, 0.0, 0.0]);
        assert_eq!(transport.consumed.load(Ordering::Relaxed), 3);
        assert_eq!(transport.rendered.load(Ordering::Relaxed), 5);
        assert_eq!(transport.drained_at.load(Ordering::Relaxed), 3);
        // Both clips come back to the engine's side to be freed there.
        feed.collect();
        assert_eq!(feed.in_flight, 0);
    }

    #[test]
    fn stop_discards_and_pause_holds() {
        let transport = Arc::new(Transport::default());
        let (mut feed, mut renderer) = channel(4, 1, Arc::clone(&transport), None);
        feed.push(clip(&[0.1, 0.2])).unwrap();
        feed.push(clip(&[0.3, 0.4])).unwrap();
        transport.discard_until.store(3, Ordering::Release);
        transport.paused.store(true, Ordering::Relaxed);
        let mut out = [1.0f32; 2];
        renderer.render(&mut out, 0);
        assert_eq!(out, [0.0, 0.0]);
        transport.paused.store(false, Ordering::Relaxed);
        transport.set_volume(0.5);
        renderer.render(&mut out, 0);
        assert_eq!(out, [0.2, 0.0]);
    }

    #[test]
    fn a_full_feed_gives_the_clip_back() {
        let transport = Arc::new(Transport::default());
        let (mut feed, mut renderer) = channel(1, 1, transport, None);
        feed.push(clip(&[0.1])).unwrap();
        assert!(feed.push(clip(&[0.2])).is_err());
        let mut out = [0.0f32; 2];
        renderer.render(&mut out, 0);
        feed.push(clip(&[0.2])).unwrap();
        renderer.render(&mut out, 0);
        assert_eq!(out, [0.2, 0.0]);
    }

    #[test]
    fn wakes_the_engine_at_clip_edges_and_when_asked() {
        let transport = Arc::new(Transport::default());
        let me = std::thread::current();
        let (mut feed, mut renderer) = channel(2, 1, Arc::clone(&transport), Some(me));
        let woken = |renderer: &mut Renderer, len: usize| {
            let mut out = vec![0.0f32; len];
            renderer.render(&mut out, 0);
            // An unpark that happened makes this return at once; otherwise it waits.
            let start = std::time::Instant::now();
            std::thread::park_timeout(std::time::Duration::from_millis(200));
            start.elapsed() < std::time::Duration::from_millis(100)
        };
        feed.push(clip(&[0.1; 8])).unwrap();
        assert!(woken(&mut renderer, 2), "a clip began");
        assert!(!woken(&mut renderer, 2), "nothing happened");
        assert!(woken(&mut renderer, 8), "the clip ended");
        // 12 frames handed over so far; the device holds none of them.
        transport.wake_at.store(16, Ordering::Release);
        assert!(!woken(&mut renderer, 4));
        assert!(woken(&mut renderer, 4), "heard reached wake_at");
        assert_eq!(transport.wake_at.load(Ordering::Relaxed), u64::MAX);
    }

    #[test]
    fn heard_lags_by_what_the_device_still_holds() {
        let transport = Arc::new(Transport::default());
        let (_feed, mut renderer) = channel(2, 2, Arc::clone(&transport), None);
        let mut out = [0.0f32; 8];
        renderer.render(&mut out, 0);
        renderer.render(&mut out, 0);
        // Each call hands over 4 stereo frames; `heard` counts those handed
        // before the call, less what the device holds (nothing here).
        assert_eq!(transport.heard.load(Ordering::Relaxed), 4);
        // The device says it still holds 3 of the 8 frames handed before.
        renderer.render(&mut out, 3);
        assert_eq!(transport.heard.load(Ordering::Relaxed), 5);
        renderer.render(&mut out, 100);
        assert_eq!(transport.heard.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_mono_clip_plays_on_every_channel() {
        let transport = Arc::new(Transport::default());
        let (mut feed, mut renderer) = channel(2, 2, Arc::clone(&transport), None);
        feed.push(clip(&[0.5, -0.25, 1.0])).unwrap();
        let mut out = [9.0f32; 8];
        renderer.render(&mut out, 0);
        assert_eq!(out, [0.5, 0.5, -0.25, -0.25, 1.0, 1.0, 0.0, 0.0]);
        assert_eq!(transport.consumed.load(Ordering::Relaxed), 3);
        assert_eq!(transport.rendered.load(Ordering::Relaxed), 4);
        assert_eq!(transport.drained_at.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn converts_to_integer_samples() {
        let transport = Arc::new(Transport::default());
        let (mut feed, mut renderer) = channel(4, 1, transport, None);
        feed.push(clip(&[1.0])).unwrap();
        let mut out = [0i16; 2];
        renderer.render(&mut out, 0);
        assert_eq!(out, [i16::MAX, 0]);
    }
}
