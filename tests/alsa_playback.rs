//! End-to-end playback through real alsa-lib: the tests point
//! `ALSA_CONFIG_PATH` at a configuration whose default PCM is a plug over a
//! `file` PCM, so every sample cpal writes lands in a WAV file, which is then
//! compared with the source clip.
//!
//! Linux only: alsa-lib only exists on Linux.
#![cfg(target_os = "linux")]

mod common;

use common::{alsa_file_sink, mono, similarity, trim};
use safevoice::audio::convert::resample;
use safevoice::audio::{Command, CpalOutput, Engine, Event, PlayItem, decode_file};
use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

/// The source clip as 48 kHz mono.
fn source_48k(path: &Path) -> Vec<f32> {
    let d = decode_file(path).unwrap();
    resample(&mono(&d.samples, d.channels), 1, d.rate, 48_000).unwrap()
}

/// The captured WAV as mono f32, checking its format.
fn captured(path: &Path) -> Vec<f32> {
    let d = decode_file(path).unwrap_or_else(|e| panic!("capture: {e}"));
    assert_eq!(
        (d.rate, d.channels),
        (48_000, 2),
        "the plug converts to the file's format"
    );
    mono(&d.samples, d.channels)
}

fn assert_matches(source: &[f32], capture: &[f32]) {
    let src = trim(source, 0.01);
    let cap = trim(capture, 0.01);
    let ratio = cap.len() as f64 / src.len() as f64;
    assert!(
        (0.97..1.03).contains(&ratio),
        "length ratio {ratio:.3} ({} vs {})",
        cap.len(),
        src.len()
    );
    let (c, lag) = similarity(src, cap, 48_000, 0.05);
    assert!(c > 0.95, "correlation {c:.3} at lag {lag}");
}

/// Samples before the first one above `threshold`.
fn lead(samples: &[f32], threshold: f32) -> usize {
    samples
        .iter()
        .position(|s| s.abs() > threshold)
        .unwrap_or(samples.len())
}

/// `safevoice play en <id>` into the file sink: the capture is the clip, whole
/// and without gaps, with no silence added before it (the file sink pulls
/// faster than real time, so a stream started before its clip was ready would
/// write a gap). How much silence follows it depends on how soon the process
/// gets the CPU back, so it is not checked.
fn play_through_alsa(id: &str, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capture.wav");
    let conf = alsa_file_sink(dir.path(), &out, None);
    let run = Process::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["play", "en", id])
        .env("ALSA_CONFIG_PATH", &conf)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "exit {:?}\n{stdout}\n{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains(&format!("Playing [1/1] {id}")), "{stdout}");
    assert!(stdout.contains(text), "{stdout}");
    let source = source_48k(&common::root().join(format!("messages/en/audio/{id}.ogg")));
    let capture = captured(&out);
    assert_matches(&source, &capture);
    let extra_lead = lead(&capture, 0.01) as f64 - lead(&source, 0.01) as f64;
    assert!(
        extra_lead < 0.02 * 48_000.0,
        "{:.0} ms of silence before the clip",
        extra_lead / 48.0
    );
}

#[test]
fn safevoice_play_is_heard_through_alsa() {
    play_through_alsa("q_hurt", "Are you hurt or in pain?");
}

#[test]
fn a_long_clip_plays_whole_through_alsa() {
    // 9.9 s, pulled far faster than real time: no gap may open while the
    // engine thread sleeps.
    play_through_alsa("not_punished", "allows the authorities not to punish");
}

#[test]
fn the_engine_api_plays_a_sequence_through_alsa() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capture.wav");
    let conf = alsa_file_sink(dir.path(), &out, None);
    // SAFETY: the only test in this binary that reads the environment after
    // this point; alsa-lib reads the variable when the device is opened below.
    unsafe { std::env::set_var("ALSA_CONFIG_PATH", &conf) };
    let clips =
        ["q_water", "q_food"].map(|id| common::root().join(format!("messages/en/audio/{id}.ogg")));
    {
        let engine = Engine::start(Box::new(CpalOutput)).unwrap();
        engine.send(Command::Play(
            clips
                .iter()
                .zip(["q_water", "q_food"])
                .map(|(path, tag)| PlayItem {
                    path: path.clone(),
                    tag: tag.into(),
                })
                .collect(),
        ));
        let mut events = Vec::new();
        while let Some(event) = engine.next_event(Duration::from_secs(20)) {
            let done = matches!(event, Event::SequenceFinished | Event::Error { .. });
            events.push(event);
            if done {
                break;
            }
        }
        let started: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Started { tag, .. } => Some(tag.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(started, ["q_water", "q_food"], "{events:?}");
        assert!(
            matches!(events.last(), Some(Event::SequenceFinished)),
            "{events:?}"
        );
    }
    let mut both = source_48k(&clips[0]);
    let second = source_48k(&clips[1]);
    let capture = captured(&out);
    // The two clips follow each other: the capture matches their concatenation.
    both.extend_from_slice(&second);
    assert_matches(&both, &capture);
}
