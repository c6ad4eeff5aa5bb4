//! Pictograms: the bundled set covers every message and parses, its licence
//! ships, and `check` reports a missing or unknown pictogram id, a missing
//! SVG and an SVG that does not parse, each with its file and line.

mod common;

use safevoice::catalog::{self, Problem};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn pictogram_dir() -> PathBuf {
    common::root().join("assets/pictograms")
}

/// A copy of the bundled pictogram folder under `dir`, for tests that break it.
fn pictogram_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("pictograms");
    fs::create_dir_all(&copy).unwrap();
    for entry in fs::read_dir(pictogram_dir()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    copy
}

/// The 1-based line of the first line of `path` that contains `needle`.
fn line_with(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {}", path.display()))
        + 1
}

fn show(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `safevoice check` on `messages` with the pictograms in `pictograms`: its
/// exit status and its whole output.
fn check(messages: &Path, pictograms: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["check", "--messages"])
        .arg(messages)
        .env("SAFEVOICE_PICTOGRAMS", pictograms)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn every_message_has_known_pictograms_that_parse() {
    let cat = catalog::load(&common::root().join("messages"));
    assert!(cat.problems.is_empty(), "{}", show(&cat.problems));
    assert_eq!(
        cat.pictograms.dir,
        common::root().join("messages/../assets/pictograms")
    );
    let mut problems = Vec::new();
    let trees = cat.pictograms.parse_all(&mut problems);
    assert!(problems.is_empty(), "{}", show(&problems));
    assert!(cat.messages.len() >= 64);
    for message in &cat.messages {
        let ids = message.pictograms();
        assert!(!ids.is_empty(), "{} has no pictogram", message.id());
        for id in ids {
            assert!(
                trees.contains_key(id),
                "{}: {id} did not parse",
                message.id()
            );
        }
    }
    // Only what is used is bundled: every SVG is listed and used.
    let used: std::collections::BTreeSet<&str> = cat
        .messages
        .iter()
        .flat_map(|m| m.pictograms().iter().map(String::as_str))
        .collect();
    let listed: std::collections::BTreeSet<&str> =
        cat.pictograms.defs.keys().map(String::as_str).collect();
    assert_eq!(used, listed, "listed but unused, or used but unlisted");
    let svgs = fs::read_dir(pictogram_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "svg")
        })
        .count();
    assert_eq!(
        svgs,
        listed.len(),
        "an SVG file that the manifest does not list"
    );
}

#[test]
fn the_licence_ships_and_the_readme_names_the_set() {
    let licence = fs::read_to_string(pictogram_dir().join("LICENSE.txt")).unwrap();
    assert!(licence.contains("Attribution-ShareAlike 4.0 International"));
    let manifest = fs::read_to_string(pictogram_dir().join("pictograms.toml")).unwrap();
    assert!(manifest.contains("OpenMoji") && manifest.contains("CC BY-SA 4.0"));
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    assert!(readme.contains("OpenMoji"), "the README names the set");
    assert!(
        readme.contains("CC BY-SA 4.0"),
        "the README names its licence"
    );
    assert!(readme.contains("https://openmoji.org"));
}

#[test]
fn check_passes_on_the_bundled_catalog_and_pictograms() {
    let (ok, out) = check(&common::root().join("messages"), &pictogram_dir());
    assert!(ok, "{out}");
    assert!(out.contains("pictograms"), "{out}");
}

#[test]
fn check_reports_a_missing_and_an_unknown_pictogram_id_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["en"]);
    let path = messages.join("catalog.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("pictogram = \"toilet\"", "pictogram = \"pig\"", 1)
        .replacen(
            "pictogram = [\"ear\", \"repeat\"]",
            "pictogram = [\"ear\", \"thumbs-up\"]",
            1,
        );
    let without: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("pictogram = \"cold-face\""))
        .collect();
    fs::write(&path, without.join("\n")).unwrap();

    let cat = catalog::load_with_pictograms(&messages, &pictogram_dir());
    let file = path.to_string_lossy();
    let expect = [
        (
            line_with(&path, "pictogram = \"pig\""),
            "message \"q_toilet\": unknown pictogram \"pig\"",
        ),
        (
            line_with(&path, "\"thumbs-up\""),
            "message \"answer_repeat\": unknown pictogram \"thumbs-up\"",
        ),
        (
            line_with(&path, "id = \"q_cold\""),
            "message \"q_cold\" has no pictogram",
        ),
    ];
    assert_eq!(cat.problems.len(), expect.len(), "{}", show(&cat.problems));
    let (ok, out) = check(&messages, &pictogram_dir());
    assert!(!ok, "{out}");
    for (line, words) in expect {
        assert!(
            cat.problems
                .iter()
                .any(|p| p.file == path && p.line == Some(line) && p.message.contains(words)),
            "no {words:?} at line {line}:\n{}",
            show(&cat.problems)
        );
        assert!(out.contains(&format!("{file}:{line}: {words}")), "{out}");
    }
    // The messages still load: a bad mapping loses nothing.
    assert!(cat.message("q_cold").is_some() && cat.message("q_toilet").is_some());
}

#[test]
fn check_rejects_an_empty_or_too_long_list() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &[]);
    let path = messages.join("catalog.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("pictogram = \"toilet\"", "pictogram = []", 1)
        .replacen(
            "pictogram = \"pill\"",
            "pictogram = [\"pill\", \"pill\", \"pill\", \"pill\"]",
            1,
        );
    fs::write(&path, text).unwrap();
    let problems = catalog::load_with_pictograms(&messages, &pictogram_dir()).problems;
    assert_eq!(problems.len(), 2, "{}", show(&problems));
    assert_eq!(problems[0].line, Some(line_with(&path, "pictogram = []")));
    assert!(
        problems[0]
            .message
            .contains("give 1 to 3 pictograms, not 0")
    );
    assert!(problems[1].message.contains("not 4"));
}

#[test]
fn check_reports_a_missing_and_a_broken_svg_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["en"]);
    let pictograms = pictogram_copy(dir.path());
    fs::remove_file(pictograms.join("toilet.svg")).unwrap();
    // Line 3 opens an element that never closes.
    fs::write(
        pictograms.join("pill.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 72 72\">\n<g>\n<circle cx=\"36\" cy=\"36\" r=\"20\">\n</g>\n</svg>\n",
    )
    .unwrap();
    fs::write(pictograms.join("ear.svg"), "not an svg at all").unwrap();

    let (ok, out) = check(&messages, &pictograms);
    assert!(!ok, "{out}");
    let manifest = pictograms.join("pictograms.toml");
    let toilet_line = line_with(&manifest, "id = \"toilet\"");
    assert!(
        out.contains(&format!(
            "{}:{toilet_line}: pictogram \"toilet\": cannot read",
            manifest.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{}:4: pictogram \"pill\" is not a valid SVG",
            pictograms.join("pill.svg").display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{}:1: pictogram \"ear\" is not a valid SVG",
            pictograms.join("ear.svg").display()
        )),
        "{out}"
    );
    assert!(out.contains("3 problem(s)"), "{out}");
}

#[test]
fn a_broken_manifest_is_reported_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &[]);
    let pictograms = pictogram_copy(dir.path());
    let manifest = pictograms.join("pictograms.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        format!("{text}\n[[pictogram]]\nid = \"Ear!\"\nopenmoji = \"1F442\"\nannotation = \"ear\"\nauthor = \"x\"\n\n[[pictogram]]\nid = \"ear\"\nopenmoji = \"1F442\"\nannotation = \"ear\"\nauthor = \"x\"\n"),
    )
    .unwrap();
    let problems = catalog::load_with_pictograms(&messages, &pictograms).problems;
    assert_eq!(problems.len(), 2, "{}", show(&problems));
    assert_eq!(
        problems[0].line,
        Some(line_with(&manifest, "id = \"Ear!\""))
    );
    assert!(problems[0].message.contains("bad pictogram id"));
    assert!(
        problems[1]
            .message
            .contains("duplicate pictogram id \"ear\"")
    );
    assert_eq!(
        problems[1].line.map(|l| l > problems[0].line.unwrap()),
        Some(true)
    );

    fs::write(&manifest, "[[pictogram]\n").unwrap();
    let problems = catalog::load_with_pictograms(&messages, &pictograms).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.file == manifest && p.line == Some(1) && p.message.contains("invalid TOML")),
        "{}",
        show(&problems)
    );
}
