//! The real window, opened by the binary under an X server (Xvfb in
//! `scripts/test.sh` and CI): it grabs its own frame with
//! `request_screenshot`, and runs an interview from xdotool keys with its
//! audio through alsa-lib into a file.
//!
//! Linux only: X11 and alsa-lib.
#![cfg(target_os = "linux")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn the_real_window_opens_and_draws_the_board() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no X display: run the tests with scripts/test.sh (it starts Xvfb)"
    );
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("window.png");
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["gui", "--lang", "ar"])
        .env("SAFEVOICE_SCREENSHOT", &shot)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("ALSA_CONFIG_PATH", dir.path().join("no-alsa.conf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert!(
        info.width >= 640 && info.height >= 480,
        "{}x{}",
        info.width,
        info.height
    );
    let pixels = &buf[..info.buffer_size()];
    let distinct: std::collections::HashSet<&[u8]> = pixels.chunks(4).collect();
    assert!(
        distinct.len() > 200,
        "the frame is nearly blank ({} colours)",
        distinct.len()
    );
}

/// An ALSA configuration whose default PCM appends every sample, as raw
/// 48 kHz stereo S16_LE, to `out`: the window closes and opens the output
/// between messages, and each opening adds to the file (through a pipe to
/// `cat >>`) instead of writing it again from the start.
fn alsa_appending_sink(dir: &Path, out: &Path) -> PathBuf {
    common::alsa_sink_conf(dir, &format!("|cat >> {}", out.display()), "raw", "")
}

/// The raw capture as 48 kHz mono.
fn raw_capture(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes
        .chunks_exact(4)
        .map(|f| {
            let l = i16::from_le_bytes([f[0], f[1]]) as f32;
            let r = i16::from_le_bytes([f[2], f[3]]) as f32;
            (l + r) / 2.0 / 32768.0
        })
        .collect()
}

/// RMS of each 10 ms frame (480 samples at 48 kHz).
fn envelope(samples: &[f32]) -> Vec<f32> {
    samples
        .chunks(480)
        .map(|c| (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt())
        .collect()
}

/// Where `clip` is in `capture`, at or after sample `from`: the start found
/// on the 10 ms envelopes, then the normalised correlation of the samples
/// there (best within one frame). Returns (start, correlation).
fn find_clip(capture: &[f32], clip: &[f32], from: usize) -> (usize, f64) {
    let clip = common::trim(clip, 0.01);
    let (c_env, s_env) = (
        envelope(clip),
        envelope(&capture[from.min(capture.len())..]),
    );
    let norm = |v: &[f32]| v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let c_norm = norm(&c_env);
    let mut best = (0, f64::MIN);
    for start in 0..s_env.len().saturating_sub(c_env.len()) + 1 {
        let window = &s_env[start..(start + c_env.len()).min(s_env.len())];
        let dot: f64 = window
            .iter()
            .zip(&c_env)
            .map(|(a, b)| *a as f64 * *b as f64)
            .sum();
        let score = dot / (norm(window) * c_norm).max(1e-12);
        if score > best.1 {
            best = (start, score);
        }
    }
    let coarse = from + best.0 * 480;
    let mut fine = (coarse, f64::MIN);
    for start in coarse.saturating_sub(480)..coarse + 480 {
        if start + clip.len() > capture.len() {
            break;
        }
        let c = common::correlation_at(clip, &capture[start..start + clip.len()], 0);
        if c > fine.1 {
            fine = (start, c);
        }
    }
    fine
}

/// The one session file in `dir`, read back.
fn the_session(dir: &Path) -> Option<safevoice::session::Session> {
    let id = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".jsonl")
                .map(str::to_owned)
        })
        .next()?;
    safevoice::session::Store {
        dir: dir.to_path_buf(),
    }
    .load(&id)
    .ok()
}

fn xdotool(args: &[&str]) -> String {
    let out = Command::new("xdotool").args(args).output().expect(
        "xdotool is needed for this test (apt package xdotool; scripts/test.sh installs it)",
    );
    assert!(
        out.status.success(),
        "xdotool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The tests that send keys to the focused window take turns: the keyboard
/// focus is one for the whole display.
static KEYBOARD: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn keyboard() -> std::sync::MutexGuard<'static, ()> {
    KEYBOARD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Kills the window when the test ends, passed or not.
struct Window(std::process::Child);

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The real window on language `lang`, with `settings` as its settings
/// file, its data (sessions) in `dir/data` and alsa-lib configured by
/// `alsa_conf`: the process, its X window id, and its sessions folder.
fn open_window(
    dir: &Path,
    settings: &str,
    lang: &str,
    alsa_conf: &Path,
) -> (Window, String, PathBuf) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no X display: run the tests with scripts/test.sh (it starts Xvfb)"
    );
    let config = dir.join("config");
    std::fs::create_dir_all(config.join("safevoice")).unwrap();
    std::fs::write(config.join("safevoice/settings.toml"), settings).unwrap();
    let data = dir.join("data");
    let window = Window(
        Command::new(env!("CARGO_BIN_EXE_safevoice"))
            .args(["gui", "--lang", lang])
            .env("XDG_CONFIG_HOME", &config)
            .env("SAFEVOICE_DATA_DIR", &data)
            .env("ALSA_CONFIG_PATH", alsa_conf)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // This process's window (another test of this file may have one open on
    // the same display).
    let pid = window.0.id().to_string();
    let id = xdotool(&[
        "search",
        "--sync",
        "--onlyvisible",
        "--limit",
        "1",
        "--pid",
        &pid,
    ]);
    (window, id, data.join("sessions"))
}

/// The interview in the real window, from the keyboard alone (xdotool keys
/// into the focused window), with its audio through alsa-lib into a file:
/// Right starts the interview, F11 turns the screen to the person, and Y, N,
/// D answer the first three questions as each finishes playing. The session
/// file holds those answers, and the sink holds the three questions' clips,
/// in that order.
#[test]
fn an_interview_from_the_keyboard_in_the_real_window() {
    let _keyboard = keyboard();
    let dir = tempfile::tempdir().unwrap();
    let sink = dir.path().join("sink.raw");
    let conf = alsa_appending_sink(dir.path(), &sink);
    // A short pause between steps; the output closed after each message, so
    // the sink only takes what is played (it pulls faster than real time).
    let (_window, id, sessions) = open_window(
        dir.path(),
        "interview_pause = 0.3\nkeep_output_open = false\n",
        "en",
        &conf,
    );
    let focus = || xdotool(&["windowfocus", "--sync", &id]);
    let wait_for = |what: &str, done: &dyn Fn(&safevoice::session::Session) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let session = the_session(&sessions);
            if session.as_ref().is_some_and(done) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the record so far: {:?}",
                session.map(|s| s.entries)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // The board is open (the session started) before any key is sent.
    wait_for("the session", &|_| true);
    focus();
    // Keys go to the focused window through XTEST, as a keyboard's would.
    xdotool(&["key", "Right"]);
    xdotool(&["key", "F11"]);
    let questions = ["language_check", "q_hurt", "q_doctor_now"];
    for (question, key) in questions.iter().zip(["y", "n", "d"]) {
        wait_for(&format!("{question} played to its end"), &|s| {
            s.entries.iter().any(|e| {
                matches!(e, safevoice::session::Entry::MessageEnded { message, .. } if message == question)
            })
        });
        focus();
        xdotool(&["key", key]);
        wait_for(&format!("the answer to {question}"), &|s| {
            s.answers().iter().any(|(_, q, _)| q == question)
        });
    }
    let session = the_session(&sessions).unwrap();
    let answers: Vec<(&str, &str)> = session.answers().iter().map(|(_, q, a)| (*q, *a)).collect();
    assert_eq!(
        answers,
        [
            ("language_check", "yes"),
            ("q_hurt", "no"),
            ("q_doctor_now", "dont_know")
        ]
    );
    // What was played, in order, as the record says: the language check
    // (the first step), the rest of the opening, then the next questions.
    let played: Vec<String> = session.played().iter().map(|p| p.message.clone()).collect();
    let at = |id: &str| played.iter().position(|m| m == id).unwrap();
    assert_eq!(at(questions[0]), 0, "{played:?}");
    assert!(
        at(questions[1]) > 1,
        "the opening before q_hurt: {played:?}"
    );
    assert_eq!(at(questions[2]), at(questions[1]) + 1, "{played:?}");
    let capture = raw_capture(&sink);
    let mut from = 0;
    for question in questions {
        let d = safevoice::audio::decode_file(
            &common::root().join(format!("messages/en/audio/{question}.ogg")),
        )
        .unwrap();
        let clip = safevoice::audio::convert::resample(
            &common::mono(&d.samples, d.channels),
            1,
            d.rate,
            48_000,
        )
        .unwrap();
        let (at, c) = find_clip(&capture, &clip, from);
        assert!(
            c > 0.9,
            "{question} is not in the sink after sample {from} (best correlation {c:.3} at {at})"
        );
        from = at + clip.len() / 2;
    }
}

/// The window `window`'s pixels now (xwd, then netpbm's xwdtopnm): width,
/// height and RGB bytes.
fn grab(window: &str) -> (usize, usize, Vec<u8>) {
    let xwd = Command::new("xwd")
        .args(["-id", window, "-silent"])
        .output()
        .expect("xwd is needed for this test (apt package x11-apps)");
    assert!(xwd.status.success(), "xwd failed");
    let mut child = Command::new("xwdtopnm")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("xwdtopnm is needed for this test (apt package netpbm)");
    let mut stdin = child.stdin.take().unwrap();
    let bytes = xwd.stdout;
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    // P6 <width> <height> <max> <RGB bytes>
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P6", "xwdtopnm gave {}", fields[0]);
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, data[at + 1..].to_vec())
}

/// What tesseract reads (Arabic) in the part `(left, top, width, height)`
/// of an RGB image (all of it when `None`), scaled three times up first (the
/// interface's small text is below what it reads well).
fn ocr_arabic(
    dir: &Path,
    (w, h, rgb): &(usize, usize, Vec<u8>),
    part: Option<(usize, usize, usize, usize)>,
) -> String {
    let (left, top, pw, ph) = part.unwrap_or((0, 0, *w, *h));
    let (pw, ph) = (pw.min(w - left), ph.min(h - top));
    let (w3, h3) = (pw * 3, ph * 3);
    let mut big = Vec::with_capacity(w3 * h3 * 3);
    for y in 0..h3 {
        for x in 0..w3 {
            let i = ((top + y / 3) * w + left + x / 3) * 3;
            big.extend_from_slice(&rgb[i..i + 3]);
        }
    }
    let file = dir.join("screen.ppm");
    let mut ppm = format!("P6\n{w3} {h3}\n255\n").into_bytes();
    ppm.extend_from_slice(&big);
    std::fs::write(&file, ppm).unwrap();
    // A part is a block of lines (page segmentation mode 6); the whole
    // window, a page.
    let psm = if part.is_some() { "6" } else { "3" };
    let out = Command::new("tesseract")
        .arg(&file)
        .args(["stdout", "-l", "ara", "--psm", psm])
        .output()
        .expect("tesseract is needed for this test (apt packages tesseract-ocr tesseract-ocr-ara)");
    assert!(
        out.status.success(),
        "tesseract: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Arabic as OCR and comparison need it: no diacritics or tatweel, one alef,
/// final yeh and heh as the letters OCR confuses them with, no punctuation.
fn plain_arabic(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !matches!(*c as u32, 0x064B..=0x065F | 0x0670 | 0x0640))
                .filter(|c| c.is_alphanumeric())
                .map(|c| match c {
                    'أ' | 'إ' | 'آ' => 'ا',
                    'ى' => 'ي',
                    'ة' => 'ه',
                    other => other,
                })
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Edit distance of two words (characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Whether `words` follow each other in `read`, each within one OCR error.
fn reads_in_order(read: &[String], words: &[String]) -> bool {
    !words.is_empty()
        && read.windows(words.len()).any(|window| {
            window
                .iter()
                .zip(words)
                .all(|(r, w)| distance(r, w) <= 1 + w.chars().count() / 6)
        })
}

/// The first row (from the top) of a dark bar at least 200 pixels long in
/// the columns `from..to`: egui's text field (its fill is near black, the
/// panel's is dark grey). Returns its middle point.
fn text_field_at(
    (w, h, rgb): &(usize, usize, Vec<u8>),
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    let dark = |x: usize, y: usize| {
        let i = (y * w + x) * 3;
        rgb[i] < 16 && rgb[i + 1] < 16 && rgb[i + 2] < 16
    };
    (40..*h).find_map(|y| {
        let mut run = 0;
        for x in from..to.min(*w) {
            run = if dark(x, y) { run + 1 } else { 0 };
            if run >= 200 {
                return Some(((from + x) / 2, y + 6));
            }
        }
        None
    })
}

/// The Arabic interface in the real window (Xvfb): tesseract, given a
/// screenshot, reads the menu and button labels of `assets/i18n/ar.toml` in
/// their own word order (and never only reversed), so they are shaped and
/// laid out right to left; a case reference typed in Arabic with xdotool is
/// stored exactly as typed and shown, in the right order, under its field.
#[test]
fn the_arabic_interface_reads_right_to_left_in_the_real_window() {
    let _keyboard = keyboard();
    let dir = tempfile::tempdir().unwrap();
    let conf = common::alsa_file_sink(dir.path(), &dir.path().join("sink.wav"), None);
    let (_window, id, sessions) = open_window(dir.path(), "ui_language = \"ar\"\n", "ar", &conf);
    let deadline = Instant::now() + Duration::from_secs(120);
    while the_session(&sessions).is_none() {
        assert!(Instant::now() < deadline, "the session never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let strings: toml::Table = toml::from_str(
        &std::fs::read_to_string(common::root().join("assets/i18n/ar.toml")).unwrap(),
    )
    .unwrap();
    let keys = [
        "turn_to_person",
        "play_opening",
        "start_interview",
        "no_answers",
        "picture_first",
        "hotline",
    ];
    // The labels read in their own word order, after a check that none of
    // them reads only reversed.
    let in_order_of = |read: &[String]| {
        let mut in_order = Vec::new();
        for key in keys {
            let words = plain_arabic(strings[key].as_str().unwrap());
            let mut reversed = words.clone();
            reversed.reverse();
            let forward = reads_in_order(read, &words);
            assert!(
                forward || !reads_in_order(read, &reversed),
                "{key}: read in reversed word order: {read:?}"
            );
            if forward {
                in_order.push(key);
            }
        }
        in_order
    };
    // Let the board's first frames settle (the pack check's header moves).
    // A screenshot taken while the window is between frames can come back
    // blank under Xvfb and lavapipe (seen once in CI: tesseract read
    // nothing): take another, up to four.
    let mut attempt = 0;
    let (screen, read, in_order) = loop {
        std::thread::sleep(Duration::from_secs(3));
        attempt += 1;
        let screen = grab(&id);
        let read = plain_arabic(&ocr_arabic(dir.path(), &screen, None));
        let in_order = in_order_of(&read);
        if in_order.len() >= 4 || attempt == 4 {
            break (screen, read, in_order);
        }
        eprintln!("screenshot {attempt}: only {in_order:?} read; tesseract read: {read:?}");
    };
    assert!(
        in_order.len() >= 4,
        "only {in_order:?} of {keys:?} read in their word order; tesseract read: {read:?}"
    );
    // The case reference: its field is in the Answers panel, on the left in
    // a right-to-left interface.
    let (x, y) = text_field_at(&screen, 0, screen.0 / 3)
        .expect("no text field in the left third of the window");
    xdotool(&["windowfocus", "--sync", &id]);
    xdotool(&[
        "mousemove",
        "--window",
        &id,
        &x.to_string(),
        &y.to_string(),
        "click",
        "1",
    ]);
    std::thread::sleep(Duration::from_millis(500));
    let typed = "قضية الميناء";
    // With an Arabic group in the keyboard map, xdotool finds every letter
    // on a key (otherwise it remaps one spare key for each letter, and a
    // letter can be read after the map changed again).
    let xkb = Command::new("setxkbmap")
        .args(["-layout", "us,ara"])
        .status()
        .expect("setxkbmap is needed for this test (apt package x11-xkb-utils)");
    assert!(xkb.success(), "setxkbmap failed");
    xdotool(&["type", "--delay", "60", typed]);
    std::thread::sleep(Duration::from_millis(500));
    // Leaving the field records it.
    xdotool(&["key", "Tab"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let stored = loop {
        let found = the_session(&sessions).and_then(|s| {
            s.entries.iter().find_map(|e| match e {
                safevoice::session::Entry::CaseRef { case_ref, .. } => Some(case_ref.clone()),
                _ => None,
            })
        });
        if let Some(found) = found {
            break found;
        }
        assert!(Instant::now() < deadline, "no case reference was recorded");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(stored, typed, "stored exactly as typed");
    std::thread::sleep(Duration::from_secs(1));
    // The field and the shaped line under it.
    let part = (0, y.saturating_sub(20), screen.0 / 4, 80);
    let read = plain_arabic(&ocr_arabic(dir.path(), &grab(&id), Some(part)));
    assert!(
        reads_in_order(&read, &plain_arabic(typed)),
        "the typed case reference is not shown in its word order; tesseract read: {read:?}"
    );
}
