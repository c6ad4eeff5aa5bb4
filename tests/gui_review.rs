//! The Review panel in the real app (kittest): Approve, Edit and Flag change
//! `texts.toml` through the import's writer, the progress follows, and
//! snapshots of the panel in Arabic and Hindi (wgpu on lavapipe).
//!
//! Regenerate the snapshots after an intended change with
//! `UPDATE_SNAPSHOTS=1 scripts/test.sh --test gui_review`.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog;
use safevoice::ui::App;
use std::fs;
use std::path::Path;

fn harness(messages: &Path, lang: &str, wgpu: bool) -> Harness<'static, App> {
    let cat = catalog::load(messages);
    let sessions = tempfile::tempdir().unwrap().keep();
    let mut h = common::app_harness(
        cat,
        MemoryOutput::new(40.0),
        None,
        sessions,
        Some(lang.to_owned()),
        wgpu,
    );
    common::settle(&mut h);
    h.state_mut().set_focus_search(false);
    h.run_steps(2);
    h
}

/// Step until the worker answered the last decision (the status changed).
fn wait_for_the_worker(h: &mut Harness<'static, App>) {
    let before = h.state().review().status.clone();
    common::step_until_app(h, "the review decision", |app| {
        app.review().status != before
    });
    h.run_steps(2);
}

fn table(toml: &str, id: &str) -> toml::Table {
    let parsed: toml::Table = toml::from_str(toml).unwrap();
    parsed[id].as_table().unwrap().clone()
}

#[test]
fn approve_edit_and_flag_write_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["ar"]);
    let texts = messages.join("ar/texts.toml");
    let before = fs::read_to_string(&texts).unwrap();
    let mut h = harness(&messages, "ar", false);

    h.get_by_label("Review").click();
    h.run_steps(2);
    // Nothing can be decided before the reviewer gives initials.
    h.get_by_label_contains("Give your initials first.");
    h.state_mut().review_mut().initials = "AB".to_owned();
    h.run_steps(2);
    h.get_by_label("Start").click();
    h.run_steps(2);
    h.get_by_label("Reviewer: AB");
    h.get_by_label("0 of 68 reviewed");
    h.get_by_label("Hello. This recording is in [the person's language]. If you understand it, press the green button or raise your hand.");

    // Approve: the first message becomes native-reviewed by AB today.
    h.get_by_label("Approve").click();
    wait_for_the_worker(&mut h);
    let after_approve = fs::read_to_string(&texts).unwrap();
    let today = catalog::edit::today();
    let first = table(&after_approve, "language_check");
    assert_eq!(first["status"].as_str(), Some("native-reviewed"));
    assert_eq!(first["reviewer"].as_str(), Some("AB"));
    assert_eq!(first["reviewed_on"].as_str(), Some(today.as_str()));
    assert_eq!(
        table(&after_approve, "language_check")["text_f"],
        table(&before, "language_check")["text_f"]
    );
    h.get_by_label("1 of 68 reviewed");
    assert_eq!(
        h.state().review().index,
        1,
        "Approve moves to the next message"
    );

    // Edit the feminine text of the second message, with its live preview.
    h.get_by_label("Edit").click();
    h.run_steps(2);
    // Two fields: to a woman or girl, then to a man or boy.
    h.get_by_label("Corrected text, to a woman or girl");
    assert_eq!(h.get_all_by_role(Role::MultilineTextInput).count(), 2);
    h.state_mut().review_mut().drafts[0].1.push_str(" شكرا");
    h.run_steps(2);
    let draft = h.state().review().drafts[0].1.clone();
    assert!(draft.contains("شكرا"), "{draft}");
    // The preview shows the edited text through the cosmic-text path.
    h.get_by_label(&draft);
    h.get_by_label("Save as reviewed").click();
    wait_for_the_worker(&mut h);
    let after_edit = fs::read_to_string(&texts).unwrap();
    let second = table(&after_edit, "do_not_fear");
    assert_eq!(second["text_f"].as_str(), Some(draft.trim()));
    assert_eq!(second["status"].as_str(), Some("native-reviewed"));
    assert_eq!(second["reviewer"].as_str(), Some("AB"));
    assert_eq!(second["text_m"], table(&before, "do_not_fear")["text_m"]);
    assert!(
        second.get("back_f").is_none(),
        "the old back-translation of text_f stays"
    );
    assert!(second.get("back_m").is_some());
    h.get_by_label("2 of 68 reviewed");

    // Flag the third: a comment, by AB; the status stays a draft.
    h.get_by_label("Flag").click();
    h.run_steps(2);
    h.get_by_label("What is wrong or doubtful (in English)");
    h.state_mut().review_mut().comment = "Too formal for a child".to_owned();
    h.run_steps(2);
    h.get_by_label("Save flag").click();
    wait_for_the_worker(&mut h);
    let after_flag = fs::read_to_string(&texts).unwrap();
    let third = table(&after_flag, "interpreter_coming");
    assert_eq!(third["flag"].as_str(), Some("Too formal for a child"));
    assert_eq!(third["flagged_by"].as_str(), Some("AB"));
    assert_eq!(third["status"].as_str(), Some("machine-drafted"));
    h.get_by_label("2 of 68 reviewed");
    let language = h.state().model().catalog.language("ar").unwrap().clone();
    assert!(language.texts["interpreter_coming"].is_low_confidence());

    // Every table the panel did not touch is byte for byte as it was.
    let untouched = |s: &str| {
        let at = s.find("\n[free_of_charge]").unwrap();
        s[at..].to_owned()
    };
    assert_eq!(untouched(&after_flag), untouched(&before));
    let report = catalog::load(&messages);
    assert!(
        report
            .problems
            .iter()
            .all(|p| !p.file.ends_with("texts.toml")),
        "{:?}",
        report.problems
    );
}

#[test]
fn an_edit_in_the_wrong_script_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["ar"]);
    let texts = messages.join("ar/texts.toml");
    let before = fs::read(&texts).unwrap();
    let mut h = harness(&messages, "ar", false);
    h.get_by_label("Review").click();
    h.run_steps(2);
    h.state_mut().review_mut().initials = "AB".to_owned();
    h.run_steps(1);
    h.get_by_label("Start").click();
    h.run_steps(2);
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.state_mut().review_mut().drafts[0].1 = "Hello, this is in English".to_owned();
    h.run_steps(1);
    h.get_by_label("Save as reviewed").click();
    wait_for_the_worker(&mut h);
    h.get_by_label_contains("not in the language's script (Arabic)");
    assert_eq!(fs::read(&texts).unwrap(), before);
}

/// The Record panel's "Mark as native-reviewed" and "Save correction" pass
/// the same checks as the Review panel: a correction in the wrong script is
/// refused and nothing is written; a mark is written with its reviewer.
#[test]
fn the_record_panel_review_goes_through_the_same_checks() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["ar"]);
    let texts = messages.join("ar/texts.toml");
    let before = fs::read(&texts).unwrap();
    let mut h = harness(&messages, "ar", false);
    h.get_by_label("Record").click();
    h.run_steps(2);
    let wait = |h: &mut Harness<'static, App>| {
        let before = h.state().recorder().status.clone();
        common::step_until_app(h, "the recorder's edit", |app| {
            app.recorder().status != before
        });
        h.run_steps(2);
    };

    h.state_mut().recorder_mut().reviewer = "AB".to_owned();
    h.state_mut().recorder_mut().correction = "Hello, this is in English".to_owned();
    h.run_steps(2);
    h.get_by_label("Save correction").click();
    wait(&mut h);
    h.get_by_label_contains("not in the language's script (Arabic)");
    assert_eq!(fs::read(&texts).unwrap(), before, "nothing is written");

    h.get_by_label("Mark as native-reviewed").click();
    wait(&mut h);
    let first = table(&fs::read_to_string(&texts).unwrap(), "language_check");
    assert_eq!(first["status"].as_str(), Some("native-reviewed"));
    assert_eq!(first["reviewer"].as_str(), Some("AB"));
}

fn snapshot(lang: &str) {
    let mut h = harness(&common::root().join("messages"), lang, true);
    h.get_by_label("Review").click();
    h.run_steps(2);
    h.state_mut().review_mut().initials = "AB".to_owned();
    h.run_steps(1);
    h.get_by_label("Start").click();
    // The children's message "Did someone hurt you?": both gender variants.
    let index = h
        .state()
        .model()
        .catalog
        .messages
        .iter()
        .position(|m| m.id() == "q_someone_hurt_you")
        .unwrap();
    h.state_mut().review_mut().index = index;
    h.run_steps(3);
    h.snapshot(format!("review_{lang}"));
}

#[test]
fn review_panel_arabic() {
    snapshot("ar");
}

#[test]
fn review_panel_hindi() {
    snapshot("hi");
}
