//! The session record: crash safety under SIGKILL, a torn last line, file
//! permissions, exports, the command line, and the HTML report laid out by a
//! real browser (headless Chromium).

mod common;

use safevoice::session::{ChainState, Entry, SessionLog, Store, now_rfc3339, report};
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

/// Run by the crash tests in a child process (ignored otherwise): append
/// answers, printing each number only after append (write + fsync)
/// returned; forever, or `SAFEVOICE_CRASH_COUNT` times. Run on its own
/// (`--ignored`) it fails: it needs the folder the parent gives it.
#[test]
#[ignore = "run by every_acknowledged_event_survives_sigkill and the strace test"]
fn crash_writer_child() {
    let dir = std::env::var_os("SAFEVOICE_CRASH_DIR")
        .expect("SAFEVOICE_CRASH_DIR is not set: this is the child of the crash tests, not a test on its own");
    let count: usize = std::env::var("SAFEVOICE_CRASH_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX);
    let mut log =
        SessionLog::create(Path::new(&dir), "crash", &start_entry("crash", "ar", "rtl")).unwrap();
    for n in 0..count {
        log.append(&answer(n)).unwrap();
        println!("ack {n}");
    }
}

/// The child writer, as a command.
fn crash_writer(dir: &Path) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "crash_writer_child",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("SAFEVOICE_CRASH_DIR", dir);
    cmd
}

#[test]
fn every_acknowledged_event_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = crash_writer(dir.path())
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
    // The chain holds up to the last whole line; a torn line is a crash, not tampering.
    match &session.chain {
        ChainState::Intact { lines, .. } | ChainState::Torn { lines, .. } => {
            assert_eq!(*lines, questions.len() + 1, "{:?}", session.chain)
        }
        other => panic!("after SIGKILL the record reads as {other}"),
    }
}

#[test]
fn the_child_writer_refuses_to_run_without_its_folder() {
    let out = crash_writer(Path::new("unused"))
        .env_remove("SAFEVOICE_CRASH_DIR")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "crash_writer_child passed with no folder"
    );
}

/// Every acknowledgement is preceded by the write of its line and an fsync
/// of the session file, as strace sees the system calls: a missing or late
/// fsync fails this test (the SIGKILL test alone cannot see it, since the
/// page cache survives a killed process).
#[test]
fn every_acknowledgement_follows_the_write_and_its_fsync() {
    let strace = ["/usr/bin/strace", "/bin/strace"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("strace is needed for this test: scripts/install-deps.sh --test installs it");
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.txt");
    let child = crash_writer(dir.path());
    let out = Command::new(strace)
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=write,fsync,fdatasync",
            "-s",
            "24",
            "-o",
        ])
        .arg(&trace)
        .arg(child.get_program())
        .args(child.get_args())
        .env("SAFEVOICE_CRASH_DIR", dir.path())
        .env("SAFEVOICE_CRASH_COUNT", "40")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = std::fs::read_to_string(&trace).unwrap();
    let call = |line: &str| -> Option<(String, i64, String)> {
        // `[pid 12] write(3, "...", 80) = 80` or `write(3, ...)`.
        let line = line.trim_start_matches(|c: char| c == '[' || c.is_ascii_digit() || c == ' ');
        let line = line.strip_prefix("pid").map_or(line, |l| {
            l.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == ']')
        });
        let (name, rest) = line.split_once('(')?;
        let (fd, rest) = rest.split_once([',', ')'])?;
        Some((name.to_owned(), fd.trim().parse().ok()?, rest.to_owned()))
    };
    let mut session_fd = None;
    let mut written = false;
    let mut synced = false;
    let mut acks = 0;
    for line in trace.lines() {
        let Some((name, fd, rest)) = call(line) else {
            continue;
        };
        match name.as_str() {
            "write" if rest.contains(r#"{\"v\":"#) && fd > 2 => {
                session_fd = Some(fd);
                written = true;
                synced = false;
            }
            "fsync" | "fdatasync" if Some(fd) == session_fd && written => synced = true,
            "write" if fd == 1 && rest.contains("ack ") => {
                assert!(
                    written && synced,
                    "acknowledged before its line was written and fsynced: {line}\n{trace}"
                );
                written = false;
                synced = false;
                acks += 1;
            }
            _ => {}
        }
    }
    assert_eq!(acks, 40, "{trace}");
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

/// Unix only: on Windows the sessions folder is in the user's local profile
/// (`%LOCALAPPDATA%`), whose access list already admits only that user (and
/// administrators); there is no mode to set.
#[cfg(unix)]
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
    log.append(&Entry::End { at: now_rfc3339() }).unwrap();
    id.into()
}

/// The triage summary of a session under the bundled catalog.
fn summary_of(session: &safevoice::session::Session) -> safevoice::triage::Summary {
    let catalog = safevoice::catalog::load::load_only(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("messages"),
        &[],
    );
    safevoice::triage::of_session(&catalog, session)
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
    let triage = summary_of(&session);
    let html = report::html(&session, &triage);
    assert!(html.contains(r#"<td class="person" lang="ar" dir="rtl">هل أنتِ مصابة أو تشعرين بألم؟</td><td><strong>YES</strong>"#), "{html}");
    assert!(html.contains("machine-drafted text, synthetic voice"));
    assert!(html.contains("CASE-42") && html.contains("I am a police officer"));
    assert!(
        !html.contains("<script"),
        "the report is self-contained and static"
    );
    assert!(html.contains("intact (8 lines)"), "{html}");
    // Markup typed as a case reference stays text.
    let mut hostile = session.clone();
    hostile.entries.push(Entry::CaseRef {
        at: now_rfc3339(),
        case_ref: "<script>alert(1)</script>".into(),
    });
    let html = report::html(&hostile, &triage);
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let csv = report::csv(&session, &triage).unwrap();
    // Header, the summary's fixed line and its urgent line, two messages, one
    // answer, and the record's state.
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert!(csv.lines().last().unwrap().starts_with("record,"), "{csv}");
    assert!(csv.contains("answer,") && csv.contains(",yes,"));
    let json = report::json(&session, &triage);
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
</script>"#;
    let page = report::html(&session, &summary_of(&session));
    let probe = common::chromium_probe(dir.path(), &page, probe);
    assert_eq!(probe["direction"], "rtl", "{probe}");
    let f = |k: &str| probe[k].as_f64().unwrap();
    // The first letters are at the right end of the cell, the last ones to their left.
    assert!(f("firstRight") > f("lastLeft"), "{probe}");
    assert!(
        f("cellRight") - f("firstRight") < 20.0,
        "text hugs the right edge: {probe}"
    );
}

#[test]
fn csv_cells_from_the_session_file_are_never_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let id = "20261123-170000-f00d";
    let mut log = SessionLog::create(dir.path(), id, &start_entry(id, "en", "ltr")).unwrap();
    log.append(&Entry::MessageStarted {
        at: now_rfc3339(),
        message: "q_hurt".into(),
        language: "en".into(),
        gender: None,
        text: "=HYPERLINK(\"http://example.invalid\",\"x\")".into(),
        meaning: "+1+2".into(),
        draft: true,
        audio: "@synthetic".into(),
    })
    .unwrap();
    log.append(&Entry::Answer {
        at: now_rfc3339(),
        question: "q_hurt".into(),
        answer: "-yes".into(),
        language: "en".into(),
    })
    .unwrap();
    drop(log);
    let session = Store {
        dir: dir.path().to_path_buf(),
    }
    .load(id)
    .unwrap();
    let csv = report::csv(&session, &summary_of(&session)).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "cell {cell:?} would run as a formula:\n{csv}"
            );
        }
    }
    assert!(cells > 0);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

/// Markup in every field of a session file, the time slice that the report
/// shows as a clock included, stays text: in the HTML source and in the DOM
/// Chromium builds from it (no element comes from the data).
#[test]
fn markup_in_every_field_stays_text_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let evil =
        "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";
    // Characters 11..19 of a time are what the report shows as the clock.
    let at = format!("2026-11-23T<script>{evil}");
    let mut log = SessionLog::create(
        dir.path(),
        "evil",
        &Entry::Start {
            session: evil.into(),
            at: at.clone(),
            language: evil.into(),
            language_name: evil.into(),
            direction: evil.into(),
            profile: evil.into(),
            role: Some(evil.into()),
            app_version: evil.into(),
        },
    )
    .unwrap();
    log.append(&Entry::CaseRef {
        at: at.clone(),
        case_ref: evil.into(),
    })
    .unwrap();
    log.append(&Entry::MessageStarted {
        at: at.clone(),
        message: evil.into(),
        language: evil.into(),
        gender: Some(evil.into()),
        text: evil.into(),
        meaning: evil.into(),
        draft: true,
        audio: evil.into(),
    })
    .unwrap();
    log.append(&Entry::MessageEnded {
        at: at.clone(),
        message: evil.into(),
        how: evil.into(),
    })
    .unwrap();
    log.append(&Entry::Answer {
        at: format!("2026-11-23T<img src=x onerror=alert(1)>{evil}"),
        question: evil.into(),
        answer: evil.into(),
        language: evil.into(),
    })
    .unwrap();
    log.append(&Entry::End { at: at.clone() }).unwrap();
    let session = Store {
        dir: dir.path().to_path_buf(),
    }
    .load("evil")
    .unwrap();
    let html = report::html(&session, &summary_of(&session));
    for tag in ["<script", "<img", "onerror=\""] {
        assert!(!html.contains(tag), "{tag} reached the HTML:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;"), "{html}");
    let file = dir.path().join("report.html");
    std::fs::write(&file, &html).unwrap();
    let dom = common::dump_dom(&file, &dir.path().join("chromium-profile"));
    assert!(
        dom.contains("<h1>Contact record</h1>"),
        "Chromium loaded nothing: {dom}"
    );
    for tag in ["<script", "<img", "pwned</title>"] {
        assert!(!dom.contains(tag), "{tag} in the DOM:\n{dom}");
    }
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
    // CSV: no cell a spreadsheet would run.
    let mut formulas = session.clone();
    formulas.entries.push(Entry::Answer {
        at: "=1+1".into(),
        question: "+cmd|' /C calc'!A0".into(),
        answer: "@SUM(A1:A2)".into(),
        language: "-2+3".into(),
    });
    let csv = report::csv(&formulas, &summary_of(&formulas)).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?} in\n{csv}"
            );
        }
    }
    assert!(
        csv.contains("'=1+1") && csv.contains("'@SUM(A1:A2)"),
        "{csv}"
    );
}

/// A session file with lines changed by `edit`, checked by `sessions verify`.
fn verify_after(edit: impl FnOnce(&mut Vec<String>)) -> (bool, String) {
    let data = tempfile::tempdir().unwrap();
    let sessions = data.path().join("sessions");
    let id = arabic_session(&sessions);
    let path = sessions.join(format!("{id}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    edit(&mut lines);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["sessions", "verify", &id])
        .env("SAFEVOICE_DATA_DIR", data.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn sessions_verify_names_the_first_bad_line() {
    let (ok, said) = verify_after(|_| {});
    assert!(ok && said.contains("intact (8 lines)"), "{said}");
    // Lines: 1 start, 2 case reference, 3-6 two messages, 7 the answer, 8 end.
    let altered_at = |line: usize, edit: &dyn Fn(&mut Vec<String>)| {
        let (ok, said) = verify_after(|lines| edit(lines));
        assert!(
            !ok && said.contains(&format!("altered or removed at line {line}")),
            "{said}"
        );
    };
    // A line removed.
    altered_at(4, &|lines| {
        lines.remove(3);
    });
    // How a message ended, changed.
    altered_at(4, &|lines| {
        lines[3] = lines[3].replace("finished", "stopped");
        assert!(lines[3].contains("stopped"));
    });
    // An answer changed from yes to no.
    altered_at(7, &|lines| {
        lines[6] = lines[6].replace("\"yes\"", "\"no\"");
        assert!(lines[6].contains("\"no\""));
    });
    // The case reference changed.
    altered_at(2, &|lines| {
        lines[1] = lines[1].replace("CASE-42", "CASE-43");
        assert!(lines[1].contains("CASE-43"));
    });
    // Two lines swapped.
    altered_at(5, &|lines| lines.swap(4, 5));
}

#[test]
fn an_altered_record_shows_in_every_export() {
    let dir = tempfile::tempdir().unwrap();
    let id = arabic_session(dir.path());
    let path = dir.path().join(format!("{id}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("CASE-42", "CASE-99")).unwrap();
    let session = Store {
        dir: dir.path().to_path_buf(),
    }
    .load(&id)
    .unwrap();
    assert_eq!(session.chain, ChainState::Altered { line: 2 });
    let html = report::html(&session, &summary_of(&session));
    assert!(
        html.contains("<div class=\"altered\" role=\"alert\">This record was changed after it was written: altered or removed at line 2."),
        "{html}"
    );
    let csv = report::csv(&session, &summary_of(&session)).unwrap();
    assert!(csv.contains("altered or removed at line 2"), "{csv}");
    let json = report::json(&session, &summary_of(&session));
    assert_eq!(json["record"]["altered"], true);
    assert_eq!(json["record"]["state"], "altered or removed at line 2");
    // In Chromium, the red box is there and red.
    let file = dir.path().join("report.html");
    let probe = r#"<script>
const box = document.querySelector('div.altered');
document.body.setAttribute('data-probe', JSON.stringify({
  border: getComputedStyle(box).borderTopColor, text: box.textContent,
}));
</script></body>"#;
    std::fs::write(&file, html.replace("</body>", probe)).unwrap();
    let dom = common::dump_dom(&file, &dir.path().join("chromium-profile"));
    assert!(dom.contains("rgb(204, 0, 0)"), "{dom}");
}

#[test]
fn older_records_are_read_and_newer_ones_refused_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // Version 1: the lines of before the chain, with no `v`.
    std::fs::write(
        dir.path().join("old.jsonl"),
        concat!(
            r#"{"event":"start","session":"old","at":"2026-11-01T10:00:00Z","language":"ar","language_name":"Arabic","direction":"rtl","profile":"Generic","app_version":"0.1.0"}"#,
            "\n",
            r#"{"event":"answer","at":"2026-11-01T10:01:00Z","question":"q_hurt","answer":"no","language":"ar"}"#,
            "\n"
        ),
    )
    .unwrap();
    let store = Store {
        dir: dir.path().to_path_buf(),
    };
    let old = store.load("old").unwrap();
    assert_eq!(old.answers(), [("2026-11-01T10:01:00Z", "q_hurt", "no")]);
    assert_eq!(old.chain, ChainState::Unchained { lines: 2 });
    let id = arabic_session(dir.path());
    let path = dir.path().join(format!("{id}.jsonl"));
    let mut text = std::fs::read_to_string(&path).unwrap();
    text += r#"{"v":3,"n":9,"prev":"x","event":"hologram","at":"2030-01-01T00:00:00Z"}"#;
    text += "\n";
    std::fs::write(&path, text).unwrap();
    let err = store.load(&id).unwrap_err().to_string();
    assert!(
        err.contains(&format!("{id}.jsonl:9: session record version 3 is newer")),
        "{err}"
    );
}

/// The README's recipe checks the chain with sha256sum and jq alone, on the
/// session file and on the JSON export.
#[test]
fn the_readme_recipe_checks_the_chain_without_the_app() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- chain-recipe -->")
        .expect("the README has the chain recipe");
    let block = &readme[start..];
    let code_start = block.find("```sh\n").unwrap() + "```sh\n".len();
    let code = &block[code_start..code_start + block[code_start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("check-chain.sh");
    std::fs::write(&script, code).unwrap();
    let id = arabic_session(dir.path());
    let record = dir.path().join(format!("{id}.jsonl"));
    let run = |file: &Path| {
        let out = Command::new("bash")
            .arg(&script)
            .arg(file)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (ok, said) = run(&record);
    assert!(ok && said.contains("intact (8 lines)"), "{said}");
    // The JSON export carries the lines: the same check from it.
    let session = Store {
        dir: dir.path().to_path_buf(),
    }
    .load(&id)
    .unwrap();
    let export = dir.path().join("export.json");
    std::fs::write(
        &export,
        report::json(&session, &summary_of(&session)).to_string(),
    )
    .unwrap();
    let from_export = dir.path().join("from-export.jsonl");
    let out = Command::new("jq")
        .args(["-r", ".record.lines[]"])
        .arg(&export)
        .output()
        .unwrap();
    std::fs::write(&from_export, out.stdout).unwrap();
    let (ok, said) = run(&from_export);
    assert!(ok && said.contains("intact (8 lines)"), "{said}");
    // The head hash the export prints is the last line's sha256sum.
    let head = Command::new("bash")
        .arg("-c")
        .arg(format!("tail -n 1 '{}' | sha256sum", record.display()))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&head.stdout).starts_with(json_str(
            &report::json(&session, &summary_of(&session))["record"]["head_sha256"]
        )),
        "head"
    );
    // Altered: the recipe says where, and fails.
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, text.replace("CASE-42", "CASE-43")).unwrap();
    let (ok, said) = run(&record);
    assert!(!ok && said.contains("line 3"), "{said}");
}

fn json_str(v: &serde_json::Value) -> &str {
    v.as_str().unwrap()
}
