//! Engine latency: from the play command to the first non-silent sample the
//! output callback receives, over 1,000 plays of a pre-decoded clip, with an
//! in-memory output running in real time with 128-frame periods at 48 kHz
//! (2.7 ms). Prints p50, p99 and max. Goal: p99 at or below 5 ms.

use safevoice::audio::output::MemoryOutput;
use safevoice::audio::{Command, Engine, Event, PlayItem};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let quick = std::env::args().any(|a| a == "--test");
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
    micros.sort_unstable();
    let pct = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
    println!(
        "play command to first sound, {plays} plays, 128-frame periods at 48 kHz: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}
