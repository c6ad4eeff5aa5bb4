//! The recorder: capture through real alsa-lib (the `file` plugin's `infile`
//! feeds capture), saving a recorded clip with its provenance, surviving a
//! kill in the middle of saving, and the Record panel driven in kittest.
//!
//! Linux only: alsa-lib only exists on Linux.
#![cfg(target_os = "linux")]

mod common;

use common::{alsa_file_sink, catalog_copy, mono, similarity, trim};
use safevoice::audio::convert::resample;
use safevoice::audio::decode_file;
use safevoice::audio::input::MemoryInput;
use safevoice::audio::output::MemoryOutput;
use safevoice::audio::prepare::DeviceFormat;
use safevoice::catalog::{self, AudioSource, Gender};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The English q_hurt clip as 48 kHz mono: the voice we "speak" into the microphone.
fn voice_48k() -> Vec<f32> {
    let d = decode_file(&common::root().join("messages/en/audio/q_hurt.ogg")).unwrap();
    resample(&mono(&d.samples, d.channels), 1, d.rate, 48_000).unwrap()
}

fn safevoice(args: &[&str], alsa: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_safevoice"));
    cmd.args(args);
    if let Some(conf) = alsa {
        cmd.env("ALSA_CONFIG_PATH", conf);
    }
    cmd.output().unwrap()
}

#[test]
fn recording_through_alsa_saves_the_voice_with_its_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let messages = catalog_copy(dir.path(), &["en", "ti"]);
    // Capture reads raw S16_LE 48 kHz stereo from `infile`: half a second of
    // silence, the voice, then silence.
    let voice = voice_48k();
    let mut raw = Vec::new();
    let silence = vec![0f32; 24_000];
    for s in silence.iter().chain(&voice).chain(&silence) {
        let v = (s * 0.7 * 32767.0) as i16;
        raw.extend_from_slice(&v.to_le_bytes());
        raw.extend_from_slice(&v.to_le_bytes());
    }
    let infile = dir.path().join("microphone.raw");
    std::fs::write(&infile, raw).unwrap();
    let conf = alsa_file_sink(dir.path(), &dir.path().join("out.wav"), Some(&infile));
    let m = messages.to_str().unwrap();
    let out = safevoice(
        &[
            "record",
            "--messages",
            m,
            "ti",
            "q_hurt",
            "--seconds",
            "3",
            "--speaker",
            "T1",
        ],
        Some(&conf),
    );
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let cat = catalog::load(&messages);
    let ti = cat.language("ti").unwrap();
    let clip = ti
        .clip("q_hurt", Gender::Female)
        .expect("a clip for q_hurt");
    assert_eq!(clip.def.source, AudioSource::Recorded);
    assert_eq!(clip.def.speaker.as_deref(), Some("T1"));
    assert_eq!(
        clip.def.recorded_on.as_deref(),
        Some(safevoice::catalog::edit::today().as_str())
    );
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);

    // The saved clip is the voice, trimmed.
    let saved = decode_file(&clip.path).unwrap();
    let saved = resample(&saved.samples, 1, saved.rate, 48_000).unwrap();
    let (src, got) = (trim(&voice, 0.01), trim(&saved, 0.01));
    let ratio = got.len() as f64 / src.len() as f64;
    assert!((0.97..1.03).contains(&ratio), "length ratio {ratio}");
    let (c, _) = similarity(src, got, 48_000, 0.05);
    assert!(c > 0.95, "correlation {c}");

    // And it plays from the catalog, through ALSA.
    let out = safevoice(&["play", "--messages", m, "ti", "q_hurt"], Some(&conf));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Playing [1/1] q_hurt"));
}

#[test]
fn import_accepts_every_format_and_refuses_bad_files_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let messages = catalog_copy(dir.path(), &["ti"]);
    let m = messages.to_str().unwrap();
    for fixture in [
        "mp3_44k_stereo.mp3",
        "ogg_22k_mono.ogg",
        "flac_48k_stereo.flac",
        "m4a_44k_stereo.m4a",
        "wav_8k_mono_s16.wav",
    ] {
        let f = common::fixture(fixture);
        let out = safevoice(
            &[
                "import",
                "--messages",
                m,
                "ti",
                "q_water",
                f.to_str().unwrap(),
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{fixture}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bad = common::fixture("bad_random.ogg");
    let out = safevoice(
        &[
            "import",
            "--messages",
            m,
            "ti",
            "q_water",
            bad.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("bad_random.ogg: not a recognised audio file")
    );
    assert!(catalog::load(&messages).problems.is_empty());
}

#[test]
fn a_kill_during_save_leaves_the_clip_and_catalog_intact() {
    let dir = tempfile::tempdir().unwrap();
    let messages = catalog_copy(dir.path(), &["ti"]);
    let m = messages.to_str().unwrap();
    let wav = common::fixture("wav_44k_stereo_s24.wav");
    // A first good import.
    let out = safevoice(
        &[
            "import",
            "--messages",
            m,
            "ti",
            "q_water",
            wav.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success());
    for round in 0..40u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_safevoice"))
            .args([
                "import",
                "--messages",
                m,
                "ti",
                if round % 2 == 0 { "q_water" } else { "q_food" },
                wav.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(500 * (round % 20) * (round % 7 + 1)));
        let _ = child.kill();
        let _ = child.wait();
        let cat = catalog::load(&messages);
        assert!(cat.problems.is_empty(), "round {round}: {:?}", cat.problems);
        let ti = cat.language("ti").unwrap();
        let clip = ti
            .clip("q_water", Gender::Female)
            .expect("the previous clip stays");
        decode_file(&clip.path).unwrap_or_else(|e| panic!("round {round}: {e}"));
    }
}

#[test]
fn the_record_panel_records_accepts_and_updates_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let messages = catalog_copy(dir.path(), &["en", "ti"]);
    let cat = catalog::load(&messages);
    let voice = voice_48k();
    let mut signal = vec![0f32; 9600];
    signal.extend(voice.iter().flat_map(|s| [*s * 0.6, *s * 0.6]));
    let sessions = dir.path().join("sessions");
    let input = MemoryInput {
        format: DeviceFormat {
            rate: 48_000,
            channels: 2,
        },
        signal: signal.into(),
        speed: 20.0,
    };
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| {
            safevoice::ui::App::new(
                &cc.egui_ctx,
                safevoice::ui::AppConfig {
                    start_lang: Some("ti".into()),
                    sessions_dir: Some(sessions),
                    input: Some(Box::new(input)),
                    ..safevoice::ui::AppConfig::new(cat, Box::new(MemoryOutput::new(40.0)))
                },
            )
            .unwrap()
        });
    use egui_kittest::kittest::Queryable;
    let step_until = |h: &mut egui_kittest::Harness<'_, safevoice::ui::App>,
                      what: &str,
                      f: &dyn Fn(&safevoice::ui::App) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !f(h.state()) {
            assert!(Instant::now() < deadline, "timed out: {what}");
            h.step();
            std::thread::sleep(Duration::from_millis(10));
        }
        h.run_steps(2);
    };
    h.run_steps(2);
    h.get_by_label("Record").click();
    h.run_steps(2);
    h.get_by_label_contains("0 recorded");
    h.get_by_label("Record a take").click();
    step_until(&mut h, "recording", &|a| a.recorder().recording);
    step_until(&mut h, "the voice to be heard", &|a| {
        a.recorder().levels.iter().any(|l| *l > 0.1)
    });
    h.get_by_label("Stop recording").click();
    step_until(&mut h, "the take", &|a| a.recorder().take.is_some());
    let preview = h
        .state()
        .recorder()
        .take
        .as_ref()
        .unwrap()
        .preview
        .path()
        .to_path_buf();
    assert!(preview.exists(), "the take's preview is written");
    h.get_by_label("Accept").click();
    step_until(&mut h, "the save", &|a| a.recorder().take.is_none());
    assert!(
        !preview.exists(),
        "the preview is removed once the take is saved"
    );
    let status = h.state().recorder().status.clone().unwrap_or_default();
    assert!(status.starts_with("Saved audio/language_check"), "{status}");
    h.get_by_label_contains("1 recorded");
    let ti = h.state().model().catalog.language("ti").unwrap().clone();
    assert_eq!(
        ti.clip("language_check", Gender::Female)
            .unwrap()
            .def
            .source,
        AudioSource::Recorded
    );
}
