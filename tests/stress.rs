//! Stress: 10,000 random commands against the engine (in-memory output),
//! checking that no two clips ever sound at once and that memory stays flat;
//! and 1,000 random interactions with the window under kittest.

mod common;

use safevoice::audio::output::MemoryOutput;
use safevoice::audio::{Command, Engine, Event, PlayItem};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// xorshift, so every run does the same thing.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Both tests share one process: the window test must not run while the
/// engine test reads RSS, or its memory would be counted as the engine's.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Clips of constant level (48 kHz stereo f32, so nothing resamples): clip
/// k plays the value `LEVELS[k]`; any other value in the output means two
/// clips were mixed. A constant has no loudness, so no gain changes it.
const LEVELS: [f32; 6] = [0.11, 0.23, 0.37, 0.41, 0.53, 0.67];

fn level_clips(dir: &std::path::Path) -> Vec<PathBuf> {
    LEVELS
        .iter()
        .enumerate()
        .map(|(k, level)| {
            let path = dir.join(format!("level{k}.wav"));
            let frames = 4_800 + k * 960;
            common::write_f32_wav(&path, 48_000, 2, std::iter::repeat_n(*level, frames * 2));
            path
        })
        .collect()
}

#[test]
fn ten_thousand_random_engine_commands() {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let clips = level_clips(dir.path());
    let output = MemoryOutput::new(20.0);
    let capture = output.capture.clone();
    let engine = Engine::start(Box::new(output)).unwrap();
    let mut rng = Rng(0x5eed_cafe);
    let item = |k: usize| PlayItem {
        path: clips[k].clone(),
        tag: format!("c{k}"),
    };
    let mut rss_start = 0;
    let mut sounding = 0;
    // 500 commands of warm-up (caches, allocator), then 10,000 measured.
    for i in 0..10_500 {
        if i == 500 {
            rss_start = rss_kib();
        }
        let command = match rng.below(8) {
            0 | 1 => Command::Play(vec![item(rng.below(clips.len()))]),
            2 => Command::Play(
                (0..1 + rng.below(4))
                    .map(|_| item(rng.below(clips.len())))
                    .collect(),
            ),
            3 => Command::Stop,
            4 => Command::Pause,
            5 => Command::Resume,
            // A language switch: preload another set of clips.
            6 => Command::Preload(
                (0..3)
                    .map(|_| clips[rng.below(clips.len())].clone())
                    .collect(),
            ),
            _ => Command::Play(vec![]),
        };
        engine.send(command);
        if i % 50 == 0 {
            // Let the engine catch up, as a person at a screen would: without
            // it the commands queue up faster than clips evicted by the
            // preloads can be prepared again, and the queue is all RSS shows.
            engine.send(Command::ListDevices);
            let deadline = Instant::now() + Duration::from_secs(20);
            while !matches!(
                engine.next_event(Duration::from_millis(100)),
                Some(Event::Devices(_))
            ) {
                assert!(Instant::now() < deadline, "the engine stopped answering");
            }
        }
        while engine.try_event().is_some() {}
        if i % 100 == 0 {
            // Keep the capture small; check it as we go.
            let samples = capture.with(|s| std::mem::take(&mut s.samples));
            sounding += check_levels(&samples);
        }
    }
    capture.with(|s| s.samples = Vec::new());
    let rss_end = rss_kib();
    assert!(
        sounding > 10_000,
        "the clips were heard ({sounding} samples)"
    );
    // Still alive: a clip plays to the end.
    engine.send(Command::Resume);
    engine.send(Command::Play(vec![item(0)]));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(Instant::now() < deadline, "the engine stopped answering");
        if let Some(Event::SequenceFinished) = engine.next_event(Duration::from_millis(100)) {
            break;
        }
    }
    assert!(check_levels(&capture.with(|s| std::mem::take(&mut s.samples))) > 0);
    eprintln!("RSS at start {rss_start} KiB, at end {rss_end} KiB");
    assert!(
        // Flat: the prepared clips and queues are bounded, so 10,000 commands
        // may leave the allocator a little fuller, not megabytes (a leak of
        // 400 bytes a command would fail this).
        rss_end < rss_start + 4 * 1024,
        "memory grew from {rss_start} to {rss_end} KiB"
    );
}

/// Check every sample; returns how many were sounding.
fn check_levels(samples: &[f32]) -> usize {
    for (i, s) in samples.iter().enumerate() {
        let ok = *s == 0.0 || LEVELS.iter().any(|l| (s - l).abs() < 1e-4);
        assert!(
            ok,
            "sample {i} is {s}: two clips sounded at once (or a clip was altered)"
        );
    }
    samples.iter().filter(|s| **s != 0.0).count()
}

#[test]
fn a_thousand_random_interactions_with_the_window() {
    use egui_kittest::kittest::{NodeT, Queryable};
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["en", "ar", "ti", "fr"]);
    let cat = safevoice::catalog::load(&messages);
    let mut h = common::app_harness(
        cat,
        MemoryOutput::new(50.0),
        Some(dir.path().join("settings.toml")),
        dir.path().join("sessions"),
        None,
        false,
    );
    let mut rng = Rng(0xdead_beef);
    let keys = [
        egui::Key::Space,
        egui::Key::Escape,
        egui::Key::Y,
        egui::Key::N,
        egui::Key::D,
        egui::Key::R,
        egui::Key::F11,
    ];
    h.run_steps(2);
    for _ in 0..1000 {
        match rng.below(5) {
            0 => h.key_press(keys[rng.below(keys.len())]),
            _ => {
                // Click a random button (not the file dialog, which would wait for a person).
                let buttons: Vec<_> = h
                    .get_all_by_role(egui::accesskit::Role::Button)
                    .filter(|n| {
                        n.accesskit_node()
                            .label()
                            .is_none_or(|l| !l.contains("Browse"))
                    })
                    .collect();
                if !buttons.is_empty() {
                    buttons[rng.below(buttons.len())].click_accesskit();
                }
            }
        }
        h.step();
    }
    // Still drawing and answering.
    h.run_steps(2);
    assert!(h.query_all_by_label("Settings").next().is_some() || h.state().person_view);
}
