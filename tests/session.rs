//! The session record: crash safety under SIGKILL, a torn last line, file
//! permissions, exports, the command line, and the HTML report laid out by a
//! real browser (headless Chromium).

use safevoice::session::{Entry, SessionLog, Store, now_rfc3339, report};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn start_entry(id: &str, language: &str, direction: &str) -> Entry {
    Entry::Start {
        session: id.into(),
        at: now_rfc3339(),
        language: language.into(),
        language_name: "Arabic (Modern Standard)".into(),
        direction: direction.into(),
        profile: "Generic (no country)".into(),
        role: Some("I am a police officer. I am here to help you.".into()),
        app_version: "test".into(),
    }
}

fn answer(n: usize) -> Entry {
    Entry::Answer {
        at: now_rfc3339(),
        question: format!("q_{n}"),
        answer: "yes".into(),
        language: "ar".into(),
    }
}

/// Run by the crash test in a child process: append answers forever,
/// printing each number only after append (write + fsync) returned.
#[test]
fn crash_writer_child() {
    let Some(dir) = std::env::var_os("SAFEVOICE_CRASH_DIR") else {
        return; // only meaningful as the child of the crash test
    };
    let mut log =
        SessionLog::create(Path::new(&dir), "crash", &start_entry("crash", "ar", "rtl")).unwrap();
    for n in 0.. {
        log.append(&answer(n)).unwrap();
        println!("ack {n}");
    }
}

#[test]
fn every_acknowledged_event_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash_writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SAFEVOICE_CRASH_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acked = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while acked.len() < 300 {
        let line = lines.next().expect("child output").unwrap();
        if let Some(n) = line.strip_prefix("ack ") {
            acked.push(n.parse::<usize>().unwrap());
        }
    }
    // SIGKILL in the middle of the burst.
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store {
        dir: dir.path().to_path_buf(),
    };
    let session = store.load("crash").unwrap();
    let questions: Vec<String> = session
        .answers()
        .iter()
        .map(|(_, q, _)| q.to_string())
        .collect();
    for n in &acked {
        assert!(
            questions.contains(&format!("q_{n}")),
            "acknowledged event {n} lost"
        );
    }
    // Nothing corrupted before the end: events are in order with no gaps.
    for (i, q) in questions.iter().enumerate() {
        assert_eq!(q, &format!("q_{i}"));
    }
    assert!(session.warnings.len() <= 1, "{:?}", session.warnings);
}

#[test]
fn a_torn_last_line_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut log =
        SessionLog::create(dir.path(), "torn", &start_entry("torn", "ar", "rtl")).unwrap();
    log.append(&answer(0)).unwrap();
    log.append(&answer(1)).unwrap();
    let path = log.path().to_path_buf();
    drop(log);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(br#"{"event":"answer","at":"2026-11-23T17:00:00Z","quest"#);
    std::fs::write(&path, bytes).unwrap();
    let session = Store {
        dir: dir.path().to_path_buf(),
    }
    .load("torn")
    .unwrap();
    assert_eq!(session.answers().len(), 2);
    assert_eq!(session.warnings.len(), 1);
    assert!(
        session.warnings[0].contains("torn.jsonl:4: torn last line skipped"),
        "{:?}",
        session.warnings
    );
}

#[test]
fn session_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    let log =
        SessionLog::create(&sessions, "private", &start_entry("private", "ar", "rtl")).unwrap();
    let mode = std::fs::metadata(log.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir_mode = std::fs::metadata(&sessions).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
}

/// A session as the app writes it: Arabic, two messages, one answer.
fn arabic_session(dir: &Path) -> String {
    let id = "20261123-170000-beef";
    let mut log = SessionLog::create(dir, id, &start_entry(id, "ar", "rtl")).unwrap();
    log.append(&Entry::CaseRef {
        at: now_rfc3339(),
        case_ref: "CASE-42".into(),
    })
    .unwrap();
    for (message, text, meaning) in [
        (
            "do_not_fear",
            "لا تخافي. لستِ في ورطة.",
            "Do not be afraid. You are not in trouble.",
        ),
        (
            "q_hurt",
            "هل أنتِ مصابة أو تشعرين بألم؟",
            "Are you hurt or in pain?",
        ),
    ] {
        log.append(&Entry::MessageStarted {
            at: now_rfc3339(),
            message: message.into(),
            language: "ar".into(),
            gender: Some("f".into()),
            text: text.into(),
            meaning: meaning.into(),
            draft: true,
            audio: "synthetic".into(),
        })
        .unwrap();
        log.append(&Entry::MessageEnded {
            at: now_rfc3339(),
            message: message.into(),
            how: "finished".into(),
        })
        .unwrap();
    }
    log.append(&Entry::Answer {
        at: now_rfc3339(),
        question: "q_hurt".into(),
        answer: "yes".into(),
        language: "ar".into(),
    })
    .unwrap();
    id.into()
}

/// The Arabic session, written by the log and read back by the store.
fn loaded_arabic_session(dir: &Path) -> safevoice::session::Session {
    let id = arabic_session(dir);
    Store {
        dir: dir.to_path_buf(),
    }
    .load(&id)
    .unwrap()
}

#[test]
fn exports_carry_the_texts_answers_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let session = loaded_arabic_session(dir.path());
    let html = report::html(&session);
    assert!(html.contains(r#"<td class="person" lang="ar" dir="rtl">هل أنتِ مصابة أو تشعرين بألم؟</td><td><strong>YES</strong>"#), "{html}");
    assert!(html.contains("machine-drafted text, synthetic voice"));
    assert!(html.contains("CASE-42") && html.contains("I am a police officer"));
    assert!(
        !html.contains("<script"),
        "the report is self-contained and static"
    );
    let csv = report::csv(&session).unwrap();
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains("answer,") && csv.contains(",yes,"));
    let json = report::json(&session);
    assert_eq!(json["answers"][0]["answer"], "yes");
    assert_eq!(json["messages"].as_array().unwrap().len(), 2);
    assert_eq!(json["case_ref"], "CASE-42");
}

#[test]
fn the_command_line_lists_shows_exports_and_deletes() {
    let data = tempfile::tempdir().unwrap();
    let id = arabic_session(&data.path().join("sessions"));
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
            .args(args)
            .env("SAFEVOICE_DATA_DIR", data.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["sessions", "list"]).contains(&id));
    assert!(run(&["sessions", "show", &id]).contains("answer to q_hurt: yes"));
    for (format, needle) in [
        ("html", "<!doctype html>"),
        ("csv", "kind,time_utc"),
        ("json", "\"case_ref\": \"CASE-42\""),
    ] {
        assert!(
            run(&["sessions", "export", &id, "--format", format]).contains(needle),
            "{format}"
        );
    }
    run(&["sessions", "delete", &id]);
    assert!(!data.path().join(format!("sessions/{id}.jsonl")).exists());
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["sessions", "show", &id])
        .env("SAFEVOICE_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no session"));
}

#[test]
fn the_report_lays_out_arabic_right_to_left_in_chromium() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect(
            "Chromium is needed for this test: scripts/test.sh installs it (apt package chromium)",
        );
    let dir = tempfile::tempdir().unwrap();
    let session = loaded_arabic_session(dir.path());
    // The report itself has no script; the test adds one that measures the
    // answer row and writes what it found into the page.
    let probe = r#"<script>
const cell = document.querySelector('tr.answer td.person');
const text = cell.firstChild;
const range = document.createRange();
range.setStart(text, 0); range.setEnd(text, 2);
const first = range.getBoundingClientRect();
range.setStart(text, text.length - 2); range.setEnd(text, text.length);
const last = range.getBoundingClientRect();
const box = cell.getBoundingClientRect();
document.body.setAttribute('data-probe', JSON.stringify({
  direction: getComputedStyle(cell).direction,
  firstRight: first.right, lastLeft: last.left, cellRight: box.right, cellLeft: box.left,
}));
</script></body>"#;
    let page = report::html(&session).replace("</body>", probe);
    let file = dir.path().join("report.html");
    std::fs::write(&file, page).unwrap();
    let profile = dir.path().join("chromium-profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &format!("file://{}", file.display()),
        ])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    let probe: serde_json::Value =
        serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).unwrap();
    assert_eq!(probe["direction"], "rtl", "{probe}");
    let f = |k: &str| probe[k].as_f64().unwrap();
    // The first letters are at the right end of the cell, the last ones to their left.
    assert!(f("firstRight") > f("lastLeft"), "{probe}");
    assert!(
        f("cellRight") - f("firstRight") < 20.0,
        "text hugs the right edge: {probe}"
    );
}
