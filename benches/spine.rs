//! Spine benchmarks: catalog load, clip preparation (decode + resample +
//! normalise), and the time from the play command to the first sample handed
//! to the output (in-memory output, real-time periods of 256 frames at 48 kHz).

use criterion::{Criterion, criterion_group, criterion_main};
use safevoice::audio::output::MemoryOutput;
use safevoice::audio::prepare::{DeviceFormat, prepare};
use safevoice::audio::{Command, Engine, Event, PlayItem};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn messages() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/messages"))
}

fn catalog_load(c: &mut Criterion) {
    let dir = messages();
    c.bench_function("catalog load (60 languages)", |b| {
        b.iter(|| safevoice::catalog::load(&dir))
    });
}

fn clip_prepare(c: &mut Criterion) {
    let clip = messages().join("en/audio/do_not_fear.ogg");
    let format = DeviceFormat {
        rate: 48_000,
        channels: 2,
    };
    c.bench_function(
        "prepare one clip (decode+loudness+resample, 5.7 s Vorbis)",
        |b| b.iter(|| prepare(&clip, format, None)),
    );
}

fn play_to_first_sample(c: &mut Criterion) {
    let output = MemoryOutput::new(1.0);
    let capture = output.capture.clone();
    let Ok(engine) = Engine::start(Box::new(output)) else {
        return;
    };
    let item = PlayItem {
        path: messages().join("en/audio/q_hurt.ogg"),
        tag: "q_hurt".into(),
    };
    // Open the device and preload, as the app does when a language is chosen.
    engine.send(Command::Play(vec![item.clone()]));
    while !matches!(
        engine.next_event(Duration::from_secs(5)),
        Some(Event::SequenceFinished) | None
    ) {}
    c.bench_function(
        "play command to first sample (preloaded, in-memory output)",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    capture.with(|s| s.first_sound = None);
                    let start = Instant::now();
                    engine.send(Command::Play(vec![item.clone()]));
                    let first = loop {
                        if let Some(t) = capture.with(|s| s.first_sound) {
                            break t;
                        }
                        std::thread::sleep(Duration::from_micros(50));
                    };
                    total += first.saturating_duration_since(start);
                    engine.send(Command::Stop);
                    while engine.try_event().is_some() {}
                }
                total
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4));
    targets = catalog_load, clip_prepare, play_to_first_sample
}
criterion_main!(benches);
