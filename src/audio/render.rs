//! The real-time side of playback.
//!
//! The engine thread pushes ready samples into a lock-free ring ([`rtrb`]);
//! the device callback runs [`Renderer::render`], which only pops samples,
//! applies the volume and updates atomic counters. It never allocates, locks
//! or blocks. Stop is a position, not a message: the callback discards
//! samples up to [`Transport::discard_until`], so no race can drop the next
//! clip or play the old one.

use cpal::{FromSample, Sample};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// Counters and controls shared between the engine thread and the callback.
#[derive(Debug)]
pub struct Transport {
    /// Samples taken out of the ring (played or discarded).
    pub consumed: AtomicU64,
    /// Samples handed to the device, silence included.
    pub rendered: AtomicU64,
    /// Samples before this position are discarded, not played (stop).
    pub discard_until: AtomicU64,
    /// When set, the callback plays silence and keeps its place.
    pub paused: AtomicBool,
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

/// Make a ring of `capacity` samples: the producer for the engine, the renderer for the device.
pub fn channel(capacity: usize, transport: Arc<Transport>) -> (rtrb::Producer<f32>, Renderer) {
    let (producer, consumer) = rtrb::RingBuffer::new(capacity);
    (
        producer,
        Renderer {
            consumer,
            transport,
        },
    )
}

/// The callback's half. Moved into the device callback.
pub struct Renderer {
    consumer: rtrb::Consumer<f32>,
    transport: Arc<Transport>,
}

impl Renderer {
    /// Fill `out` (interleaved device samples). Allocation-free and lock-free.
    pub fn render<T: Sample + FromSample<f32>>(&mut self, out: &mut [T]) {
        let t = &*self.transport;
        // Discard what a stop cut off.
        let consumed = t.consumed.load(Ordering::Relaxed);
        let discard_until = t.discard_until.load(Ordering::Acquire);
        if consumed < discard_until {
            let n = (discard_until - consumed).min(self.consumer.slots() as u64) as usize;
            if let Ok(chunk) = self.consumer.read_chunk(n) {
                chunk.commit_all();
                t.consumed.fetch_add(n as u64, Ordering::Release);
            }
        }
        let mut written = 0;
        if !t.paused.load(Ordering::Relaxed) {
            let volume = t.volume();
            let n = out.len().min(self.consumer.slots());
            if let Ok(chunk) = self.consumer.read_chunk(n) {
                let (a, b) = chunk.as_slices();
                for (dst, src) in out.iter_mut().zip(a.iter().chain(b.iter())) {
                    *dst = T::from_sample(*src * volume);
                }
                chunk.commit_all();
                t.consumed.fetch_add(n as u64, Ordering::Release);
                written = n;
            }
        }
        for dst in &mut out[written..] {
            *dst = T::EQUILIBRIUM;
        }
        t.rendered.fetch_add(out.len() as u64, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plays_then_fills_silence() {
        let transport = Arc::new(Transport::default());
        let (mut producer, mut renderer) = channel(16, Arc::clone(&transport));
        for s in [0.5f32, -0.5, 0.25] {
            producer.push(s).unwrap();
        }
        let mut out = [9.0f32; 5];
        renderer.render(&mut out);
        assert_eq!(out, [0.5, -0.5, 0.25, 0.0, 0.0]);
        assert_eq!(transport.consumed.load(Ordering::Relaxed), 3);
        assert_eq!(transport.rendered.load(Ordering::Relaxed), 5);
    }

    #[test]
    fn stop_discards_and_pause_holds() {
        let transport = Arc::new(Transport::default());
        let (mut producer, mut renderer) = channel(16, Arc::clone(&transport));
        for s in [0.1f32, 0.2, 0.3, 0.4] {
            producer.push(s).unwrap();
        }
        transport.discard_until.store(3, Ordering::Release);
        transport.paused.store(true, Ordering::Relaxed);
        let mut out = [1.0f32; 2];
        renderer.render(&mut out);
        assert_eq!(out, [0.0, 0.0]);
        transport.paused.store(false, Ordering::Relaxed);
        transport.set_volume(0.5);
        renderer.render(&mut out);
        assert_eq!(out, [0.2, 0.0]);
    }

    #[test]
    fn converts_to_integer_samples() {
        let transport = Arc::new(Transport::default());
        let (mut producer, mut renderer) = channel(4, transport);
        producer.push(1.0).unwrap();
        let mut out = [0i16; 2];
        renderer.render(&mut out);
        assert_eq!(out, [i16::MAX, 0]);
    }
}
