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

/// The engine stress below, in a process of its own: the resident memory it
/// measures is then the engine's, not what the window test of this binary
/// left to the allocator.
#[test]
fn ten_thousand_random_engine_commands() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "engine_stress_child",
            "--include-ignored",
            "--nocapture",
        ])
        .env("SAFEVOICE_STRESS_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("1 passed"),
        "the child ran no test:\n{stdout}\n{stderr}"
    );
    eprintln!("{}", stderr.trim());
}

#[test]
#[ignore = "run by ten_thousand_random_engine_commands, in a process of its own"]
fn engine_stress_child() {
    assert!(
        std::env::var_os("SAFEVOICE_STRESS_CHILD").is_some(),
        "run by ten_thousand_random_engine_commands"
    );
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
    // 2,000 commands of warm-up (caches, and the allocator's per-thread
    // arenas, which the decode threads of the first plays create), then
    // 10,000 measured.
    for i in 0..12_000 {
        if i == 2_000 {
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
    use safevoice::session::{Entry, store::read_session};
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["en", "ar", "ti", "fr"]);
    let mut cat = safevoice::catalog::load(&messages);
    // Every clip plays a constant level, so two clips sounding at once show
    // up in the output as a value that is no level.
    let levels = level_clips(dir.path());
    for language in cat.languages.values_mut() {
        for (k, clip) in language.clips.iter_mut().enumerate() {
            clip.path = levels[k % levels.len()].clone();
        }
    }
    let output = MemoryOutput::new(50.0);
    let capture = output.capture.clone();
    let sessions = dir.path().join("sessions");
    let mut h = common::app_harness(
        cat,
        output,
        Some(dir.path().join("settings.toml")),
        sessions.clone(),
        None,
        false,
    );
    let mut rng = Rng(0xdead_beef);
    let ui_languages: Vec<String> = safevoice::ui::i18n::Strings::choices()
        .into_iter()
        .map(|(_, name)| name)
        .collect();
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
    let mut sounding = 0;
    for i in 0..1000 {
        match rng.below(5) {
            0 => h.key_press(keys[rng.below(keys.len())]),
            _ => {
                // Click a random button (not the file dialog, which would wait
                // for a person, nor Delete: the check below needs every record;
                // nor another interface language, whose labels these are not).
                let buttons: Vec<_> = h
                    .get_all_by_role(egui::accesskit::Role::Button)
                    .filter(|n| {
                        n.accesskit_node().label().is_none_or(|l| {
                            !l.contains("Browse")
                                && !l.contains("Delete")
                                && !ui_languages.contains(&l)
                        })
                    })
                    .collect();
                if !buttons.is_empty() {
                    buttons[rng.below(buttons.len())].click_accesskit();
                }
            }
        }
        h.step();
        if i % 100 == 0 {
            sounding += check_levels(&capture.with(|s| std::mem::take(&mut s.samples)));
        }
    }
    // Let the engine and the file worker finish what they were asked.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
        let m = h.state().model();
        let settled = !m.is_playing()
            && m.answers.iter().all(|a| a.saved.is_some())
            && m.session.as_ref().is_none_or(|x| x.path.is_some());
        if settled {
            break;
        }
        assert!(Instant::now() < deadline, "the window never settled");
    }
    h.run_steps(2);
    sounding += check_levels(&capture.with(|s| std::mem::take(&mut s.samples)));
    assert!(sounding > 0, "some clips were heard");
    // Still drawing and answering.
    let model = h.state().model();
    assert!(h.query_all_by_label("Settings").next().is_some() || model.person_view);
    // The record matches what happened: every message the engine started is
    // a message_started line (with audio) in the session files, in order, and
    // the last session's answers are the answers the window shows, all saved.
    let mut files: Vec<_> = std::fs::read_dir(&sessions)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "jsonl").then(|| read_session(&path).unwrap())
        })
        .collect();
    files.sort_by(|a, b| a.start().at.cmp(b.start().at));
    assert!(!files.is_empty(), "sessions were recorded");
    let logged: Vec<&str> = files
        .iter()
        .flat_map(|f| f.entries.iter())
        .filter_map(|e| match e {
            Entry::MessageStarted { message, audio, .. } if audio != "none" => {
                Some(message.as_str())
            }
            _ => None,
        })
        .collect();
    let started: Vec<&str> = model
        .heard
        .iter()
        .map(String::as_str)
        .filter(|t| model.catalog.message(t).is_some())
        .collect();
    assert_eq!(
        logged, started,
        "the log lists every message started, in order"
    );
    let last = files.last().unwrap();
    let logged_answers: Vec<(&str, &str)> =
        last.answers().into_iter().map(|(_, q, a)| (q, a)).collect();
    let shown: Vec<(&str, &str)> = model
        .answers
        .iter()
        .map(|r| (r.question.as_str(), r.answer.as_str()))
        .collect();
    if model.session.as_ref().map(|x| x.id.as_str()) == Some(last.id.as_str()) {
        assert_eq!(
            logged_answers, shown,
            "the answers shown are the answers logged"
        );
    }
    assert!(model.answers.iter().all(|a| a.saved == Some(true)));
}
