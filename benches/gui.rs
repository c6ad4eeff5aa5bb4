//! GUI benchmarks: cold start (catalog load, app construction and the first
//! frame) and the frame time of the language finder with 60 languages, run
//! headless with egui_kittest (layout, shaping and tessellation; no GPU).

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use safevoice::audio::output::MemoryOutput;
use safevoice::ui::{App, AppConfig};
use std::path::PathBuf;
use std::time::Duration;

fn messages() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/messages"))
}

fn harness() -> Harness<'static, App> {
    let catalog = safevoice::catalog::load(&messages());
    Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| {
            match App::new(
                &cc.egui_ctx,
                AppConfig {
                    sessions_dir: Some(std::env::temp_dir().join("safevoice-bench-sessions")),
                    ..AppConfig::new(catalog, Box::new(MemoryOutput::new(1.0)))
                },
            ) {
                Ok(app) => app,
                Err(err) => panic!("app: {err}"),
            }
        })
}

fn cold_start(c: &mut Criterion) {
    c.bench_function(
        "cold start to first frame (load catalog, build app, one frame)",
        |b| {
            b.iter(|| {
                let mut h = harness();
                h.step();
                h
            })
        },
    );
}

fn finder_frame(c: &mut Criterion) {
    let mut h = harness();
    h.run_steps(3);
    c.bench_function(
        "language finder frame, 60 languages (text textures cached)",
        |b| b.iter(|| h.step()),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = cold_start, finder_frame
}
criterion_main!(benches);
