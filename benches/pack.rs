//! Pack verification figures (a bench binary that prints them; `cargo bench
//! --bench pack`): opening the bundled pack (signature check and walk),
//! hashing all of it, and cold start to first frame without a pack check,
//! with the background check (as the app runs), and with a check done
//! before the first frame (what the background check avoids).

use egui_kittest::Harness;
use safevoice::audio::output::MemoryOutput;
use safevoice::pack::{self, journal::Journal};
use safevoice::ui::{App, AppConfig};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn messages() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/messages"))
}

/// Median and worst of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    // `cargo test --all-targets` runs this unoptimised: one run then, the
    // figures only from `cargo bench`.
    let runs = if cfg!(debug_assertions) { 1 } else { runs };
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    all.sort();
    (all[all.len() / 2], all[all.len() - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Catalog load, app, first frame; `check` says how the pack is checked.
fn first_frame(dir: &Path, check: Check) {
    let catalog = safevoice::catalog::load(dir);
    if check == Check::BeforeFirstFrame {
        let status = pack::verify_all(dir, &[]).map(|s| s.refused().len());
        assert_eq!(status.ok(), Some(0));
    }
    let root = dir.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| {
            let mut app = match App::new(
                &cc.egui_ctx,
                AppConfig {
                    sessions_dir: Some(std::env::temp_dir().join("safevoice-bench-sessions")),
                    ..AppConfig::new(catalog, Box::new(MemoryOutput::new(1.0)))
                },
            ) {
                Ok(app) => app,
                Err(err) => panic!("app: {err}"),
            };
            if check == Check::Background {
                let ctx = cc.egui_ctx.clone();
                app.watch_pack(pack::PackWatch::start(
                    &root,
                    Vec::new(),
                    Journal::default(),
                    move || ctx.request_repaint(),
                ));
            }
            app
        });
    h.step();
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    None,
    Background,
    BeforeFirstFrame,
}

fn main() {
    let dir = messages();
    let bytes: u64 = pack::manifest::walk(&dir)
        .map(|l| {
            l.files
                .iter()
                .filter_map(|f| std::fs::metadata(pack::manifest::resolve(&dir, f)).ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    let files = pack::manifest::walk(&dir).map_or(0, |l| l.files.len());
    println!("bundled pack: {files} files, {:.1} MB", bytes as f64 / 1e6);
    let (open, open_max) = time(10, || {
        let status = pack::verify::open(&dir, &[], Journal::default());
        assert!(status.is_ok());
    });
    println!(
        "open (signature check, walk):        median {:7.1} ms  (max {:.1})",
        ms(open),
        ms(open_max)
    );
    let (full, full_max) = time(5, || {
        let status = pack::verify_all(&dir, &[]);
        assert!(status.is_ok_and(|s| s.refused().is_empty()));
    });
    println!(
        "full verification (every file):     median {:7.1} ms  (max {:.1}), {:.0} MB/s",
        ms(full),
        ms(full_max),
        bytes as f64 / 1e6 / full.as_secs_f64()
    );
    for (name, check) in [
        (
            "cold start to first frame, no pack check (before)",
            Check::None,
        ),
        (
            "cold start to first frame, background check (after)",
            Check::Background,
        ),
        (
            "cold start to first frame, check before the frame",
            Check::BeforeFirstFrame,
        ),
    ] {
        first_frame(&dir, check); // warm the page cache
        let (median, max) = time(7, || first_frame(&dir, check));
        println!(
            "{name:<52} median {:7.1} ms  (max {:.1})",
            ms(median),
            ms(max)
        );
    }
}
