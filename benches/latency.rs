//! Engine latency, with an in-memory output running in real time with
//! 128-frame periods at 48 kHz (2.7 ms). Prints p50, p99 and max of:
//!
//! - click to first sample: from the play command to the first non-silent
//!   sample the output callback receives, over 1,000 plays of a pre-decoded
//!   clip. Goal: p99 at or below 5 ms.
//! - stop while decoding: from the stop command to the engine's `Stopped`,
//!   over 200 plays of a 60-second clip (44.1 kHz noise, so it is decoded,
//!   measured and resampled) stopped 1 to 30 ms after the play, while its
//!   decoding runs. Goal: p99 at or below 10 ms.

use safevoice::audio::output::MemoryOutput;
use safevoice::audio::prepare::DeviceFormat;
use safevoice::audio::{Command, Engine, Event, PlayItem};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test --all-targets` runs this unoptimised and without `--bench`:
    // a quick pass then, the figures only from `cargo bench`.
    let quick = cfg!(debug_assertions) || std::env::args().any(|a| a == "--test");
    let mut output = MemoryOutput::new(1.0);
    output.period = 128;
    let capture = output.capture.clone();
    let Ok(engine) = Engine::start(Box::new(output)) else {
        eprintln!("cannot start the engine");
        return;
    };
    let item = PlayItem {
        path: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/messages/en/audio/q_hurt.ogg"
        )),
        tag: "q_hurt".into(),
    };
    // Open the device and decode the clip once (as choosing a language does).
    engine.send(Command::Play(vec![item.clone()]));
    while !matches!(
        engine.next_event(Duration::from_secs(10)),
        Some(Event::SequenceFinished) | None
    ) {}
    let plays = if quick { 20 } else { 1000 };
    let mut micros = Vec::with_capacity(plays);
    let mut jitter = 0x9e37_79b9u32;
    for _ in 0..plays {
        capture.with(|s| {
            s.first_sound = None;
            s.samples.clear();
        });
        // A random pause, so commands land anywhere in the device period.
        jitter ^= jitter << 13;
        jitter ^= jitter >> 17;
        jitter ^= jitter << 5;
        std::thread::sleep(Duration::from_micros(u64::from(jitter % 3000)));
        let start = Instant::now();
        engine.send(Command::Play(vec![item.clone()]));
        let first = loop {
            if let Some(t) = capture.with(|s| s.first_sound) {
                break t;
            }
            std::thread::sleep(Duration::from_micros(20));
        };
        micros.push(first.saturating_duration_since(start).as_micros() as u64);
        engine.send(Command::Stop);
        while engine.try_event().is_some() {}
    }
    let (p50, p99, max) = percentiles(&mut micros);
    println!(
        "play command to first sound, {plays} plays, 128-frame periods at 48 kHz: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
    );
    stop_while_decoding(&engine, if quick { 5 } else { 200 });
}

/// p50, p99 and max in milliseconds.
fn percentiles(micros: &mut [u64]) -> (f64, f64, f64) {
    micros.sort_unstable();
    let pct = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
    (pct(0.5), pct(0.99), pct(1.0))
}

/// 60 seconds of noise at 44.1 kHz, mono 16-bit.
fn write_long_clip(path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let Ok(mut writer) = hound::WavWriter::create(path, spec) else {
        return;
    };
    let mut x = 0x2545_f491u32;
    for _ in 0..44_100 * 60 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let _ = writer.write_sample((x >> 20) as i16 - 2048);
    }
    let _ = writer.finalize();
}

fn stop_while_decoding(engine: &Engine, plays: usize) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("long.wav");
    write_long_clip(&path);
    let format = DeviceFormat {
        rate: 48_000,
        channels: 2,
    };
    let item = PlayItem {
        path: path.clone(),
        tag: "long".into(),
    };
    let mut micros = Vec::with_capacity(plays);
    let mut decode_ms = Vec::with_capacity(plays);
    let mut jitter = 0x1234_5678u32;
    for _ in 0..plays {
        engine.cache().clear_prepared();
        while engine.try_event().is_some() {}
        jitter ^= jitter << 13;
        jitter ^= jitter >> 17;
        jitter ^= jitter << 5;
        let played = Instant::now();
        engine.send(Command::Play(vec![item.clone()]));
        std::thread::sleep(Duration::from_micros(1000 + u64::from(jitter % 29_000)));
        let start = Instant::now();
        engine.send(Command::Stop);
        loop {
            match engine.next_event(Duration::from_secs(30)) {
                Some(Event::Stopped) => break,
                None => {
                    eprintln!("no Stopped event");
                    return;
                }
                Some(_) => {}
            }
        }
        micros.push(start.elapsed().as_micros() as u64);
        // Let the decoding finish before the next play, so one runs at a time.
        while !engine.cache().contains(&path, format) {
            std::thread::sleep(Duration::from_millis(1));
        }
        decode_ms.push(played.elapsed().as_micros() as u64);
    }
    let (p50, p99, max) = percentiles(&mut micros);
    let (decode, _, _) = percentiles(&mut decode_ms);
    println!(
        "stop while a 60 s clip is decoded ({decode:.0} ms each), {plays} stops: p50 {p50:.2} ms, p99 {p99:.2} ms, max {max:.2} ms",
    );
}
