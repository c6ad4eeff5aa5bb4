//! Years of records: 3,000 generated sessions (20 to 60 events each, some
//! with a case reference, a few torn or damaged), then
//!
//! - `safevoice sessions list` as a whole process: the first run (which
//!   builds the index), then the median and p95 of 20 runs (goal: 100 ms or
//!   less; about 316 ms before the index);
//! - `Store::index()` in this process, warm (the Sessions screen's listing);
//! - `Store::load()` of one session (opening it; goal 200 ms or less).
//!
//! Prints figures; `--test` (as `cargo test --benches` runs it) uses 30
//! sessions and 2 runs.

use safevoice::session::{Entry, Store};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LANGUAGES: [(&str, &str, &str); 5] = [
    ("ar", "Arabic", "rtl"),
    ("ro", "Romanian", "ltr"),
    ("vi", "Vietnamese", "ltr"),
    ("ti", "Tigrinya", "ltr"),
    ("zh-Hans", "Chinese (Mandarin, Simplified)", "ltr"),
];

fn at(day: u64, second: u64) -> String {
    let t = time::OffsetDateTime::UNIX_EPOCH
        + time::Duration::seconds((1_700_000_000 + day * 86_400 / 3 + second) as i64);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Write `n` sessions into `dir` (straight to the files: no fsync needed here).
fn generate(dir: &Path, n: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..n {
        let id = format!("bench-{i:05}");
        let (code, name, direction) = LANGUAGES[(i % 5) as usize];
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(dir.join(format!("{id}.jsonl")))?);
        let mut line = |entry: &Entry| -> std::io::Result<()> {
            let text = serde_json::to_string(entry).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")
        };
        line(&Entry::Start {
            session: id.clone(),
            at: at(i, 0),
            language: code.into(),
            language_name: name.into(),
            direction: direction.into(),
            profile: "generic".into(),
            role: Some("police".into()),
            app_version: "0.1.0".into(),
        })?;
        if i % 3 == 0 {
            line(&Entry::CaseRef {
                at: at(i, 1),
                case_ref: format!("CASE-{}", 1000 + i),
            })?;
        }
        let events = 10 + i % 20;
        for e in 0..events {
            let message = format!("q_{e}");
            line(&Entry::MessageStarted {
                at: at(i, 2 + e * 10),
                message: message.clone(),
                language: code.into(),
                gender: None,
                text: "هل أنت بخير؟ يمكنك أن تجيب بنعم أو لا.".into(),
                meaning: "Are you all right? You can answer yes or no.".into(),
                draft: e % 2 == 0,
                audio: "synthetic".into(),
            })?;
            line(&Entry::MessageEnded {
                at: at(i, 5 + e * 10),
                message: message.clone(),
                how: "finished".into(),
            })?;
            if e % 2 == 1 {
                line(&Entry::Answer {
                    at: at(i, 8 + e * 10),
                    question: message,
                    answer: "yes".into(),
                    language: code.into(),
                })?;
            }
        }
        line(&Entry::End {
            at: at(i, 9 + events * 10),
        })?;
        if i % 500 == 7 {
            // A torn last line, as after a crash.
            write!(out, "{{\"event\":\"answer\",\"at\":\"2026-")?;
        }
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort_unstable();
    ms(times[((times.len() - 1) as f64 * p).round() as usize])
}

fn list_once(data: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["sessions", "list"])
        .env("SAFEVOICE_DATA_DIR", data)
        .output();
    let elapsed = start.elapsed();
    if let Ok(out) = out
        && !out.status.success()
    {
        eprintln!(
            "sessions list failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    elapsed
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test --all-targets` runs this unoptimised and without `--bench`:
    // a quick pass then, the figures only from `cargo bench`.
    let quick = cfg!(debug_assertions) || std::env::args().any(|a| a == "--test");
    let (n, runs) = if quick { (30, 2) } else { (3_000, 20) };
    let Ok(data) = tempfile::tempdir() else {
        eprintln!("no temporary folder");
        return;
    };
    let dir = data.path().join("sessions");
    if let Err(err) = generate(&dir, n) {
        eprintln!("cannot generate the sessions: {err}");
        return;
    }
    let first = list_once(data.path());
    let mut times: Vec<Duration> = (0..runs).map(|_| list_once(data.path())).collect();
    println!(
        "safevoice sessions list, {n} sessions: first run {:.1} ms, then median {:.1} ms, p95 {:.1} ms ({runs} runs)",
        ms(first),
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.95)
    );
    let store = Store { dir };
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let index = store.index();
            let elapsed = start.elapsed();
            assert_eq!(index.sessions.len() as u64, n);
            elapsed
        })
        .collect();
    println!(
        "Store::index(), {n} sessions, warm: median {:.2} ms, p95 {:.2} ms",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.95)
    );
    let id = format!("bench-{:05}", n - 2);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let _ = store.load(&id);
            start.elapsed()
        })
        .collect();
    println!(
        "Store::load() of one session: median {:.2} ms, max {:.2} ms",
        percentile(&mut times, 0.5),
        percentile(&mut times, 1.0)
    );
}
