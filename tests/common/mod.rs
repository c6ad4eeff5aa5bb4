//! Helpers shared by the integration tests: fixtures, signal comparison, and
//! an ALSA configuration whose default PCM writes into a WAV file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture under tests/fixtures/audio.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/audio").join(name)
}

/// Make `link` a symbolic link to the file `target` (on Windows, a file
/// symlink: this needs Developer Mode or an administrator, as on CI).
pub fn symlink_file(target: &Path, link: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).expect("symlink");
    #[cfg(windows)]
    std::os::windows::fs::symlink_file(target, link).expect("symlink");
}

/// Mix interleaved samples down to mono.
pub fn mono(samples: &[f32], channels: u16) -> Vec<f32> {
    safevoice::audio::convert::map_channels(samples, channels, 1)
}

/// Normalised cross-correlation of `a` and `b` at `lag` (b delayed by -lag), on the overlap.
pub fn correlation_at(a: &[f32], b: &[f32], lag: isize) -> f64 {
    let (x, y) = if lag >= 0 {
        (a.get(lag as usize..).unwrap_or(&[]), b)
    } else {
        (a, b.get((-lag) as usize..).unwrap_or(&[]))
    };
    let n = x.len().min(y.len());
    let (mut xy, mut xx, mut yy) = (0f64, 0f64, 0f64);
    for i in 0..n {
        let (p, q) = (f64::from(x[i]), f64::from(y[i]));
        xy += p * q;
        xx += p * p;
        yy += q * q;
    }
    if xx > 0.0 && yy > 0.0 {
        xy / (xx.sqrt() * yy.sqrt())
    } else {
        0.0
    }
}

/// Best normalised cross-correlation of `a` and `b` over lags up to `max_lag` either way.
pub fn best_correlation(a: &[f32], b: &[f32], max_lag: usize) -> (f64, isize) {
    let max_lag = max_lag as isize;
    (-max_lag..=max_lag)
        .map(|lag| (correlation_at(a, b, lag), lag))
        .fold((f64::MIN, 0), |best, c| if c.0 > best.0 { c } else { best })
}

/// Compare two signals at `rate` Hz: find the lag at 1/4 of the rate, then
/// refine it at full rate. Returns the correlation and the lag in samples.
pub fn similarity(a: &[f32], b: &[f32], rate: u32, max_lag_seconds: f64) -> (f64, isize) {
    use safevoice::audio::convert::resample;
    let coarse_rate = rate / 4;
    let a4 = resample(a, 1, rate, coarse_rate).expect("resample");
    let b4 = resample(b, 1, rate, coarse_rate).expect("resample");
    let (_, coarse) = best_correlation(
        &a4,
        &b4,
        (max_lag_seconds * f64::from(coarse_rate)) as usize,
    );
    (coarse * 4 - 6..=coarse * 4 + 6)
        .map(|lag| (correlation_at(a, b, lag), lag))
        .fold((f64::MIN, 0), |best, c| if c.0 > best.0 { c } else { best })
}

/// Drop leading and trailing near-silence.
pub fn trim(samples: &[f32], threshold: f32) -> &[f32] {
    let start = samples
        .iter()
        .position(|s| s.abs() > threshold)
        .unwrap_or(0);
    let end = samples
        .iter()
        .rposition(|s| s.abs() > threshold)
        .map_or(start, |e| e + 1);
    &samples[start..end]
}

/// An ALSA configuration (written to `dir/asound.conf`) whose default PCM
/// is a plug (S16_LE, 48 kHz, stereo) over a `file` PCM writing to `out` as
/// WAV, reading `capture_from` when given (the recorder's input).
pub fn alsa_file_sink(dir: &Path, out: &Path, capture_from: Option<&Path>) -> PathBuf {
    let infile = capture_from
        .map(|p| format!("    infile \"{}\"\n", p.display()))
        .unwrap_or_default();
    alsa_sink_conf(dir, &out.display().to_string(), "wav", &infile)
}

/// The same plug over a `file` PCM whose `file` is `file` (a path, or
/// `|command` for a pipe) in `format`, with `extra` lines.
pub fn alsa_sink_conf(dir: &Path, file: &str, format: &str, extra: &str) -> PathBuf {
    let conf = format!(
        r#"pcm.!default {{
    type plug
    slave {{
        pcm "sink"
        format S16_LE
        rate 48000
        channels 2
    }}
}}
pcm.sink {{
    type file
    slave.pcm {{ type null }}
    file "{file}"
{extra}    format "{format}"
}}
"#
    );
    let path = dir.join("asound.conf");
    std::fs::write(&path, conf).expect("write asound.conf");
    path
}

/// The real app in a kittest harness (1280x900), over `catalog`, with an
/// in-memory output and the given settings file and sessions folder;
/// rendered with wgpu when `wgpu` is set (snapshots).
/// Let the engine's first events (the device, the device lists) arrive and
/// the frames that follow them settle.
pub fn settle(h: &mut egui_kittest::Harness<'static, safevoice::ui::App>) {
    for _ in 0..6 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

pub fn app_harness(
    catalog: safevoice::catalog::Catalog,
    output: safevoice::audio::output::MemoryOutput,
    settings_path: Option<PathBuf>,
    sessions_dir: PathBuf,
    start_lang: Option<String>,
    wgpu: bool,
) -> egui_kittest::Harness<'static, safevoice::ui::App> {
    let builder = egui_kittest::Harness::builder().with_size([1280.0, 900.0]);
    let builder = if wgpu { builder.wgpu() } else { builder };
    let mut harness = builder.build_eframe(move |cc| {
        safevoice::ui::App::new(
            &cc.egui_ctx,
            safevoice::ui::AppConfig {
                settings: safevoice::ui::worker::read_settings(settings_path.as_deref()),
                settings_path,
                start_lang,
                sessions_dir: Some(sessions_dir),
                ..safevoice::ui::AppConfig::new(catalog, Box::new(output))
            },
        )
        .expect("the app starts")
    });
    // The pictograms are parsed by the file worker: wait for them, so that
    // every frame a test looks at (and every snapshot) has them.
    step_until_app(&mut harness, "the pictograms", |app| app.pictograms_ready());
    harness
}

/// Copy the bundled catalog's `catalog.toml`, `indicators.toml`, `profiles` and the given
/// languages into `dir/messages`, for tests that change the catalog.
pub fn catalog_copy(dir: &Path, languages: &[&str]) -> PathBuf {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let path = entry.expect("entry").path();
            let dest = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy_dir(&path, &dest);
            } else {
                std::fs::copy(&path, &dest).expect("copy");
            }
        }
    }
    let bundled = root().join("messages");
    let copy = dir.join("messages");
    std::fs::create_dir_all(&copy).expect("mkdir");
    std::fs::copy(bundled.join("catalog.toml"), copy.join("catalog.toml")).expect("copy catalog");
    std::fs::copy(
        bundled.join("indicators.toml"),
        copy.join("indicators.toml"),
    )
    .expect("copy indicators");
    copy_dir(&bundled.join("profiles"), &copy.join("profiles"));
    for code in languages {
        copy_dir(&bundled.join(code), &copy.join(code));
    }
    copy
}

/// Write `samples` (interleaved, `channels` channels) as a 32-bit float WAV.
pub fn write_f32_wav(
    path: &Path,
    rate: u32,
    channels: u16,
    samples: impl IntoIterator<Item = f32>,
) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        writer.write_sample(s).unwrap();
    }
    writer.finalize().unwrap();
}

/// Step the UI until `done` holds (the engine and the file worker answer
/// from their own threads).
pub fn step_until(
    h: &mut egui_kittest::Harness<'static, safevoice::ui::App>,
    what: &str,
    done: impl Fn(&safevoice::ui::Model) -> bool,
) {
    step_until_app(h, what, |app| done(app.model()));
}

/// Like [`step_until`], for state outside the model (a screen's own state).
pub fn step_until_app(
    h: &mut egui_kittest::Harness<'static, safevoice::ui::App>,
    what: &str,
    done: impl Fn(&safevoice::ui::App) -> bool,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done(h.state()) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.step();
}

/// Debian's Chromium.
pub fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect(
            "Chromium is needed for this test: scripts/test.sh installs it (apt package chromium)",
        )
}

/// The DOM of `file` after headless Chromium loaded it (profile folder
/// `profile`; no network, no first-run work).
pub fn dump_dom(file: &Path, profile: &Path) -> String {
    let out = std::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1024,768",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", file.display()),
        ])
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Open `page` (HTML) in headless Chromium, with `probe` (a script that
/// stores JSON in `body[data-probe]`) added before `</body>`, and return
/// what the probe stored. Files go under `dir`.
pub fn chromium_probe(dir: &Path, page: &str, probe: &str) -> serde_json::Value {
    let file = dir.join("report.html");
    std::fs::write(&file, page.replace("</body>", &format!("{probe}</body>")))
        .expect("write the page");
    let dom = dump_dom(&file, &dir.join("chromium-profile"));
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let end = start + dom[start..].find('"').expect("the probe's end");
    serde_json::from_str(
        &dom[start..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
    .expect("the probe's JSON")
}
