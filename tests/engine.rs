//! The engine with an in-memory output: events, stop, pause, volume,
//! preloading, and what happens when there is no device or it goes away.

mod common;

use common::{mono, similarity, trim};
use safevoice::audio::output::MemoryOutput;
use safevoice::audio::prepare::DeviceFormat;
use safevoice::audio::{Command, Engine, Event, PlayItem};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn clip(id: &str) -> PathBuf {
    common::root().join(format!("messages/en/audio/{id}.ogg"))
}

fn item(id: &str) -> PlayItem {
    PlayItem {
        path: clip(id),
        tag: id.into(),
    }
}

/// Collect events until `until` matches one (or the time runs out).
fn events_until(engine: &Engine, until: impl Fn(&Event) -> bool) -> Vec<Event> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut events = Vec::new();
    while Instant::now() < deadline {
        if let Some(e) = engine.next_event(Duration::from_millis(50)) {
            let stop = until(&e);
            events.push(e);
            if stop {
                break;
            }
        }
    }
    events
}

/// Wait for the engine's error event and return its message.
fn next_error(engine: &Engine) -> String {
    let events = events_until(engine, |e| matches!(e, Event::Error { .. }));
    match events.last() {
        Some(Event::Error { message }) => message.clone(),
        _ => panic!("no error event: {events:?}"),
    }
}

/// Plug the device back in: a clip then plays to the end.
fn plug_in_and_play(engine: &Engine, capture: &safevoice::audio::MemoryCapture) {
    capture.set_available(true);
    engine.send(Command::Play(vec![item("q_hurt")]));
    let events = events_until(engine, |e| matches!(e, Event::SequenceFinished));
    assert!(
        matches!(events.last(), Some(Event::SequenceFinished)),
        "{events:?}"
    );
}

/// An engine whose in-memory device is unplugged.
fn start_unplugged() -> (Engine, safevoice::audio::MemoryCapture) {
    let output = MemoryOutput::new(20.0);
    let capture = output.capture.clone();
    capture.set_available(false);
    (Engine::start(Box::new(output)).unwrap(), capture)
}

/// The next error says, in so many words, that there is no output.
fn assert_no_output(engine: &Engine) {
    let message = next_error(engine);
    assert!(
        message.starts_with("No audio output available: "),
        "{message}"
    );
}

fn start(speed: f64) -> (Engine, safevoice::audio::MemoryCapture) {
    let output = MemoryOutput::new(speed);
    let capture = output.capture.clone();
    (Engine::start(Box::new(output)).unwrap(), capture)
}

#[test]
fn a_clip_plays_whole_and_reports_its_events() {
    let (engine, capture) = start(20.0);
    engine.send(Command::Play(vec![item("q_hurt")]));
    let events = events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    assert!(
        matches!(
            events[0],
            Event::DeviceOpened {
                rate: 48_000,
                channels: 2,
                ..
            }
        ),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Started { index: 0, tag, .. } if tag == "q_hurt"))
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Finished { index: 0, tag } if tag == "q_hurt"))
    );
    assert!(matches!(events.last(), Some(Event::SequenceFinished)));
    let played = capture.with(|s| mono(&s.samples, 2));
    let d = safevoice::audio::decode_file(&clip("q_hurt")).unwrap();
    let source = safevoice::audio::convert::resample(&d.samples, 1, d.rate, 48_000).unwrap();
    let (c, _) = similarity(trim(&source, 0.01), trim(&played, 0.01), 48_000, 0.05);
    assert!(c > 0.98, "correlation {c}");
}

#[test]
fn clips_are_normalised_to_the_same_loudness() {
    let (engine, capture) = start(50.0);
    for id in ["q_hurt", "do_not_fear"] {
        capture.with(|s| s.samples.clear());
        engine.send(Command::Play(vec![item(id)]));
        events_until(&engine, |e| matches!(e, Event::SequenceFinished));
        let played = capture.with(|s| s.samples.clone());
        let m = safevoice::audio::loudness::measure(trim(&played, 1e-4), 2, 48_000).unwrap();
        let lufs = m.lufs.unwrap();
        assert!(
            (lufs - safevoice::audio::loudness::TARGET_LUFS).abs() < 1.5,
            "{id}: {lufs} LUFS"
        );
        assert!(m.true_peak <= 0.92, "{id}: true peak {}", m.true_peak);
    }
}

#[test]
fn stop_cuts_the_clip_short() {
    let (engine, capture) = start(1.0);
    engine.send(Command::Play(vec![item("do_not_fear")]));
    events_until(&engine, |e| matches!(e, Event::Started { .. }));
    std::thread::sleep(Duration::from_millis(300));
    engine.send(Command::Stop);
    let events = events_until(&engine, |e| matches!(e, Event::Stopped));
    assert!(matches!(events.last(), Some(Event::Stopped)), "{events:?}");
    std::thread::sleep(Duration::from_millis(300));
    let (len, sound_after) = capture.with(|s| {
        let n = s.samples.len();
        let tail = &s.samples[n.saturating_sub(48_000 / 10 * 2)..];
        (n, tail.iter().any(|x| x.abs() > 1e-6))
    });
    assert!(!sound_after, "still sounding after stop");
    // do_not_fear is over 5 s; far less than that was heard.
    let heard_seconds = len as f64 / 96_000.0;
    assert!(heard_seconds < 2.5, "{heard_seconds} s");
    assert!(!events.iter().any(|e| matches!(e, Event::Finished { .. })));
}

#[test]
fn pause_holds_and_volume_scales() {
    let (engine, capture) = start(10.0);
    engine.send(Command::SetVolume(0.5));
    engine.send(Command::Play(vec![item("q_cold")]));
    events_until(&engine, |e| matches!(e, Event::Started { .. }));
    engine.send(Command::Pause);
    std::thread::sleep(Duration::from_millis(100));
    let before = capture.with(|s| s.samples.len());
    std::thread::sleep(Duration::from_millis(200));
    let (during, silent) = capture.with(|s| {
        (
            s.samples.len(),
            s.samples[before..].iter().all(|x| *x == 0.0),
        )
    });
    assert!(during > before, "the device keeps running while paused");
    assert!(silent, "nothing plays while paused");
    engine.send(Command::Resume);
    events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    let peak = capture.with(|s| s.samples.iter().fold(0f32, |m, x| m.max(x.abs())));
    // Normalised clips peak at or below -1 dBTP (0.89); half volume stays under 0.45.
    assert!(peak > 0.1 && peak <= 0.45, "peak {peak}");
}

#[test]
fn no_device_gives_a_clear_error_and_play_works_once_it_is_back() {
    let (engine, capture) = start_unplugged();
    engine.send(Command::Play(vec![item("q_hurt")]));
    assert_no_output(&engine);
    plug_in_and_play(&engine, &capture);
}

#[test]
fn a_device_that_vanishes_mid_play_is_reported_and_replaced() {
    let (engine, capture) = start(1.0);
    engine.send(Command::Play(vec![item("do_not_fear")]));
    events_until(&engine, |e| matches!(e, Event::Started { .. }));
    capture.set_available(false);
    let message = next_error(&engine);
    assert!(
        message.contains("No audio output available") && message.contains("disconnected"),
        "{message}"
    );
    plug_in_and_play(&engine, &capture);
    assert_eq!(capture.with(|s| s.opened), 2);
}

#[test]
fn a_bad_clip_is_reported_and_the_sequence_goes_on() {
    let (engine, _capture) = start(20.0);
    let bad = PlayItem {
        path: common::fixture("bad_random.ogg"),
        tag: "broken".into(),
    };
    engine.send(Command::Play(vec![bad, item("q_hurt")]));
    let events = events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    assert!(events.iter().any(|e| matches!(e, Event::ClipError { tag, message } if tag == "broken" && message.contains("bad_random.ogg"))), "{events:?}");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Finished { tag, .. } if tag == "q_hurt"))
    );
}

#[test]
fn preloading_prepares_clips_ahead() {
    let (engine, _capture) = start(20.0);
    let format = DeviceFormat {
        rate: 48_000,
        channels: 2,
    };
    engine.send(Command::Preload(vec![clip("q_food"), clip("q_rest")]));
    let events = events_until(&engine, |e| matches!(e, Event::Preloaded { .. }));
    assert_eq!(
        events.last(),
        Some(&Event::Preloaded {
            count: 2,
            failed: 0
        })
    );
    assert!(engine.cache().contains(&clip("q_food"), format));
    assert!(engine.cache().contains(&clip("q_rest"), format));
}

#[test]
fn an_opened_output_waits_for_its_first_clip() {
    let (engine, capture) = start_unplugged();
    // Opening with no device reports it at once, before anything is played.
    engine.send(Command::OpenOutput);
    assert_no_output(&engine);
    capture.set_available(true);
    engine.send(Command::OpenOutput);
    let events = events_until(&engine, |e| matches!(e, Event::DeviceOpened { .. }));
    assert!(
        matches!(events.last(), Some(Event::DeviceOpened { .. })),
        "{events:?}"
    );
    // The open device pulls nothing until a clip is queued...
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(capture.with(|s| s.samples.len()), 0);
    // ...and then the clip comes first, with no silence before it.
    engine.send(Command::Play(vec![item("q_hurt")]));
    events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    let played = capture.with(|s| mono(&s.samples, 2));
    let lead = played
        .iter()
        .position(|s| s.abs() > 0.01)
        .unwrap_or(usize::MAX);
    let source = safevoice::audio::decode_file(&clip("q_hurt")).unwrap();
    let source_lead = source.samples.iter().position(|s| s.abs() > 0.01).unwrap();
    let source_lead_48k = source_lead as f64 * 48_000.0 / f64::from(source.rate);
    assert!(
        (lead as f64) < source_lead_48k + 480.0,
        "{lead} samples before the first sound (the clip has {source_lead_48k:.0})"
    );
    assert_eq!(capture.with(|s| s.opened), 1);
}

/// Stop is handled while a long clip is still being decoded (on its own
/// worker, not the engine's command thread), and the next play starts
/// without waiting for that decoding.
#[test]
fn stop_and_the_next_play_do_not_wait_for_a_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.wav");
    // 60 s at 44.1 kHz: decoded, measured and resampled before it could play.
    let samples: Vec<f32> = (0..44_100 * 60)
        .map(|i| ((i % 97) as f32 / 97.0 - 0.5) * 0.4)
        .collect();
    common::write_f32_wav(&long, 44_100, 1, samples);
    let output = MemoryOutput::new(20.0);
    let engine = Engine::start(Box::new(output)).unwrap();
    let format = DeviceFormat {
        rate: 48_000,
        channels: 2,
    };
    // Open the device and have the short clip ready, as a preload does.
    engine.send(Command::Play(vec![item("q_hurt")]));
    events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    engine.send(Command::Play(vec![PlayItem {
        path: long.clone(),
        tag: "long".into(),
    }]));
    engine.send(Command::Stop);
    let events = events_until(&engine, |e| matches!(e, Event::Stopped));
    assert!(matches!(events.last(), Some(Event::Stopped)), "{events:?}");
    assert!(
        !engine.cache().contains(&long, format),
        "Stop was handled only once the long clip was decoded"
    );
    engine.send(Command::Play(vec![item("q_hurt")]));
    let events = events_until(&engine, |e| matches!(e, Event::Started { .. }));
    assert!(
        matches!(events.last(), Some(Event::Started { tag, .. }) if tag == "q_hurt"),
        "{events:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Started { tag, .. } if tag == "long")),
        "the stopped clip played: {events:?}"
    );
    assert!(
        !engine.cache().contains(&long, format),
        "the next play waited for the long clip's decoding"
    );
    // The stopped sequence's decoding still completes (and is cached), but
    // never plays.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !engine.cache().contains(&long, format) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let events = events_until(&engine, |e| matches!(e, Event::SequenceFinished));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Started { tag, .. } if tag == "long")),
        "{events:?}"
    );
}
