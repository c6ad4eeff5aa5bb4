//! The interface strings as their own gettext domain: `safevoice
//! translations export --ui CODE` writes a PO file that GNU gettext's
//! `msgfmt --check` accepts, and `translations import FILE --ui --into DIR`
//! brings it back into `DIR/CODE.toml`, changing only the values (comments
//! and order kept) and refusing a file with a problem without writing.

mod common;

use safevoice::ui::i18n::UI_LANGUAGES;
use std::path::Path;
use std::process::{Command, Output};

fn safevoice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(args)
        .output()
        .expect("run safevoice")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A copy of assets/i18n in `dir`.
fn i18n_copy(dir: &Path) -> std::path::PathBuf {
    let copy = dir.join("i18n");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(common::root().join("assets/i18n")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    copy
}

fn export(dir: &Path, code: &str) -> std::path::PathBuf {
    let po = dir.join(format!("{code}.po"));
    let out = safevoice(&[
        "translations",
        "export",
        "--ui",
        code,
        "-o",
        po.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    po
}

fn import(po: &Path, into: &Path) -> Output {
    safevoice(&[
        "translations",
        "import",
        po.to_str().unwrap(),
        "--ui",
        "--into",
        into.to_str().unwrap(),
    ])
}

#[test]
fn every_ui_language_exports_a_file_msgfmt_accepts() {
    let dir = tempfile::tempdir().unwrap();
    for language in UI_LANGUAGES.iter().filter(|l| l.code != "en") {
        let po = export(dir.path(), language.code);
        let out = Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null", po.to_str().unwrap()])
            .output()
            .expect("msgfmt (apt package gettext) is needed for this test");
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "msgfmt --check {}: {}",
            po.display(),
            text(&out)
        );
    }
    // English is the source, and an unknown code is refused.
    assert!(
        !safevoice(&["translations", "export", "--ui", "en"])
            .status
            .success()
    );
    assert!(
        !safevoice(&["translations", "export", "--ui", "xx"])
            .status
            .success()
    );
}

#[test]
fn the_round_trip_changes_only_what_the_translator_changed() {
    let dir = tempfile::tempdir().unwrap();
    let into = i18n_copy(dir.path());
    let before = std::fs::read_to_string(into.join("ar.toml")).unwrap();
    let po = export(dir.path(), "ar");
    // Unchanged: nothing written.
    let out = import(&po, &into);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("ar: 0 interface string(s) changed"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(into.join("ar.toml")).unwrap(),
        before
    );
    // One correction.
    let po_text = std::fs::read_to_string(&po).unwrap();
    let edited = po_text.replace(
        "msgctxt \"about\"\nmsgid \"About\"\nmsgstr \"حول\"",
        "msgctxt \"about\"\nmsgid \"About\"\nmsgstr \"عن التطبيق\"",
    );
    assert_ne!(edited, po_text, "the entry to edit is in the export");
    std::fs::write(&po, edited).unwrap();
    let out = import(&po, &into);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("ar: 1 interface string(s) changed"),
        "{}",
        text(&out)
    );
    let after = std::fs::read_to_string(into.join("ar.toml")).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("about = \"حول\"", "about = \"عن التطبيق\"")]);
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(after.starts_with("# safevoice UI strings (responder's side), Arabic"));
}

#[test]
fn a_file_with_a_problem_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let into = i18n_copy(dir.path());
    let before = std::fs::read_to_string(into.join("ar.toml")).unwrap();
    let po = export(dir.path(), "ar");
    let po_text = std::fs::read_to_string(&po).unwrap();
    for (what, bad) in [
        ("a placeholder", po_text.replacen("{query}", "{استعلام}", 2)),
        (
            "an unknown key",
            po_text.replace("msgctxt \"about\"", "msgctxt \"abut\""),
        ),
        (
            "the source language",
            po_text.replace("Language: ar", "Language: en"),
        ),
    ] {
        assert_ne!(bad, po_text, "{what}: the edit applies");
        std::fs::write(&po, bad).unwrap();
        let out = import(&po, &into);
        assert!(!out.status.success(), "{what} was accepted: {}", text(&out));
        assert!(
            text(&out).contains("nothing was imported"),
            "{what}: {}",
            text(&out)
        );
        assert_eq!(
            std::fs::read_to_string(into.join("ar.toml")).unwrap(),
            before,
            "{what}: the file was changed"
        );
    }
}
