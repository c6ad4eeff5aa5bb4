//! The Sessions screen with years of records: 3,000 stored sessions (a
//! generated fixture), listed by the file worker, drawn virtualised.
//! Prints the time to list them, the frame time (p50 / p95) of the screen
//! once listed, and the time to open one session.
//!
//! `cargo bench --bench sessions_screen` (figures in the README); run by
//! `cargo test --benches` (no `--bench` argument) it uses 30 sessions.

use egui_kittest::Harness;
use safevoice::audio::output::MemoryOutput;
use safevoice::session::{Entry, Store};
use safevoice::ui::{App, AppConfig, Intent, Screen};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn messages() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/messages"))
}

/// Write `n` sessions of a typical first contact: 12 messages and 6 answers.
fn fixture(dir: &Path, n: usize) {
    let store = Store {
        dir: dir.to_owned(),
    };
    for i in 0..n {
        let id = format!("bench{i:05}");
        let day = 1 + i % 28;
        let at = format!("2025-{:02}-{day:02}T{:02}:00:00Z", 1 + i % 12, i % 24);
        let start = Entry::Start {
            session: id.clone(),
            at: at.clone(),
            language: "ar".into(),
            language_name: "Arabic (Modern Standard)".into(),
            direction: "rtl".into(),
            profile: "generic".into(),
            role: None,
            app_version: "bench".into(),
        };
        let mut log = store.start(&id, &start).expect("fixture session");
        log.append(&Entry::CaseRef {
            at: at.clone(),
            case_ref: format!("CASE-{i}"),
        })
        .expect("fixture line");
        for m in 0..12 {
            log.append(&Entry::MessageStarted {
                at: at.clone(),
                message: format!("q_{m}"),
                language: "ar".into(),
                gender: Some("f".into()),
                text: "هل أنتِ مصابة أو تشعرين بألم؟".into(),
                meaning: "Are you hurt or in pain?".into(),
                draft: true,
                audio: "synthetic".into(),
            })
            .expect("fixture line");
            if m % 2 == 0 {
                log.append(&Entry::Answer {
                    at: at.clone(),
                    question: format!("q_{m}"),
                    answer: "yes".into(),
                    language: "ar".into(),
                })
                .expect("fixture line");
            }
        }
    }
}

fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) -> Duration {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out: {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let sessions_count = if full { 3_000 } else { 30 };
    let dir = tempfile::tempdir().expect("temp dir");
    let sessions = dir.path().join("sessions");
    let t = Instant::now();
    fixture(&sessions, sessions_count);
    println!(
        "fixture: {sessions_count} sessions written in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let catalog = safevoice::catalog::load(&messages());
    let mut h = Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| {
            App::new(
                &cc.egui_ctx,
                AppConfig {
                    sessions_dir: Some(sessions),
                    ..AppConfig::new(catalog, Box::new(MemoryOutput::new(1.0)))
                },
            )
            .expect("the app starts")
        });
    h.run_steps(2);
    h.state_mut().apply(Intent::Show(Screen::Sessions));
    let listed = step_until(&mut h, "the listing", |a| {
        a.sessions().rows().count() == sessions_count
    });
    println!(
        "listing {sessions_count} sessions (worker, UI keeps drawing): {:.0} ms",
        listed.as_secs_f64() * 1e3
    );
    let mut frames: Vec<f64> = (0..300)
        .map(|_| {
            let t = Instant::now();
            h.step();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    frames.sort_by(f64::total_cmp);
    let pct = |p: f64| frames[((frames.len() - 1) as f64 * p) as usize];
    println!(
        "Sessions screen frame, {sessions_count} sessions: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
    let id = h
        .state()
        .sessions()
        .rows()
        .nth(sessions_count / 2)
        .map(|r| r.id.clone())
        .expect("a row");
    h.state_mut().apply(Intent::OpenSession(id.clone()));
    let opened = step_until(&mut h, "the session", |a| {
        a.sessions().opened.as_ref().is_some_and(|o| o.id == id)
    });
    h.step();
    println!(
        "opening one session (click to drawn): {:.1} ms",
        opened.as_secs_f64() * 1e3
    );
}
