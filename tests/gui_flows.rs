//! The window driven like a responder would, with egui_kittest and an
//! in-memory audio output: search, play, answer, banners, gender, profiles,
//! hotline.

mod common;

use common::{step_until, step_until_app};

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use safevoice::audio::MemoryCapture;
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog::{self, Hotline, Profile};
use safevoice::session::Store;
use safevoice::ui::{Answer, App, Intent};
use std::time::{Duration, Instant};

struct Setup {
    harness: Harness<'static, App>,
    capture: MemoryCapture,
    dir: tempfile::TempDir,
}

fn setup(available: bool, edit: impl FnOnce(&mut catalog::Catalog)) -> Setup {
    let mut cat = catalog::load(&common::root().join("messages"));
    edit(&mut cat);
    let output = MemoryOutput::new(40.0);
    let capture = output.capture.clone();
    capture.set_available(available);
    let dir = tempfile::tempdir().unwrap();
    let settings_path = dir.path().join("settings.toml");
    let sessions_dir = dir.path().join("sessions");
    let harness = common::app_harness(cat, output, Some(settings_path), sessions_dir, None, false);
    Setup {
        harness,
        capture,
        dir,
    }
}

#[test]
fn search_pick_play_answer_and_see_the_record() {
    let mut s = setup(true, |_| {});
    let h = &mut s.harness;
    h.step();
    // Before the search, every language is offered.
    h.get_by_label_contains("Bulgarian");
    h.get_by_label_contains("Arabic (Modern Standard)");
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("arab");
    h.step();
    h.step();
    assert!(
        h.query_by_label_contains("Bulgarian").is_none(),
        "the search filters"
    );
    h.get_by_label_contains("Arabic (Modern Standard)").click();
    step_until(h, "Arabic chosen", |a| a.lang.as_deref() == Some("ar"));
    h.get_by_label_contains("Are you hurt or in pain?")
        .click_accesskit();
    step_until(h, "q_hurt to play", |a| {
        a.heard.iter().any(|t| t == "q_hurt")
    });
    step_until(h, "the question to wait for an answer", |a| {
        a.awaiting.as_deref() == Some("q_hurt")
    });
    h.key_press(Key::F11);
    step_until(h, "person view", |a| a.person_view);
    // The question in Arabic script, and the answer buttons labelled in Arabic.
    h.get_by_label("هل أنتِ مصابة أو تشعرين بألم؟");
    h.get_by_label("✓ نعم").click();
    step_until(h, "the answer, fsynced", |a| {
        a.answers.first().is_some_and(|r| r.saved.is_some())
    });
    let record = &h.state().model().answers[0];
    assert_eq!(
        (
            record.question.as_str(),
            record.answer,
            record.lang.as_str()
        ),
        ("q_hurt", Answer::Yes, "ar")
    );
    assert!(h.state().model().awaiting.is_none());
    assert_eq!(h.state().model().answers[0].saved, Some(true), "fsynced");
    // The session file holds the message played and the answer.
    let session_id = h
        .state()
        .model()
        .session
        .as_ref()
        .map(|l| l.id.clone())
        .unwrap();
    let store = Store {
        dir: s.dir.path().join("sessions"),
    };
    let session = store.load(&session_id).unwrap();
    assert_eq!(
        session.answers(),
        [(session.answers()[0].0, "q_hurt", "yes")]
    );
    let played = session.played();
    assert_eq!(played[0].message, "q_hurt");
    assert_eq!(played[0].text, "هل أنتِ مصابة أو تشعرين بألم؟");
    assert!(played[0].draft && played[0].audio == "synthetic");
    h.key_press(Key::F11);
    step_until(h, "responder view", |a| !a.person_view);
    h.get_by_label("✓ Yes");
}

#[test]
fn deleting_a_record_needs_a_confirmation() {
    let mut s = setup(true, |_| {});
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("fr".into()));
    step_until(h, "the session file", |m| {
        m.session.as_ref().is_some_and(|x| x.path.is_some())
    });
    let path = h
        .state()
        .model()
        .session
        .as_ref()
        .unwrap()
        .path
        .clone()
        .unwrap();
    let id = h.state().model().session.as_ref().unwrap().id.clone();
    // Another language starts another session; the French one is closed.
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    step_until(h, "the next session", |m| {
        m.session
            .as_ref()
            .is_some_and(|x| x.id != id && x.path.is_some())
    });
    h.get_by_label("Sessions").click();
    h.state_mut().apply(Intent::OpenSession(id.clone()));
    step_until_app(h, "the session opened", |app| {
        app.sessions().opened.as_ref().is_some_and(|o| o.id == id)
    });
    h.run_steps(3);
    // One click only asks.
    h.get_by_label("Delete this session").click();
    h.run_steps(2);
    h.get_by_label("Delete this record for good? This cannot be undone.");
    h.get_by_label("Keep it").click();
    h.run_steps(2);
    assert!(path.exists(), "Keep it keeps the record");
    h.get_by_label("Delete this session").click();
    h.run_steps(2);
    h.get_by_label("Yes, delete it").click();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while path.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the record was not deleted"
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn repeat_replays_the_question() {
    let mut s = setup(true, |_| {});
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    h.state_mut().apply(Intent::Play(vec!["q_cold".into()]));
    step_until(h, "question heard", |a| {
        a.awaiting.as_deref() == Some("q_cold")
    });
    h.key_press(Key::R);
    step_until(h, "replay", |a| {
        a.heard.iter().filter(|t| *t == "q_cold").count() == 2
    });
    assert_eq!(
        h.state().model().answers.last().map(|r| r.answer),
        Some(Answer::Repeat)
    );
}

#[test]
fn no_device_shows_a_banner_and_keeps_the_text() {
    let mut s = setup(false, |_| {});
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    // Choosing a language opens the output, so the responder is told before
    // tapping anything.
    step_until(h, "the device error", |a| a.device_error.is_some());
    h.get_by_label_contains("No audio output available");
    h.get_by_label_contains("Are you thirsty?")
        .click_accesskit();
    // The question still waits for its answer, on screen.
    step_until(h, "the question to wait for its answer", |a| {
        a.awaiting.as_deref() == Some("q_water")
    });
    h.get_by_label_contains("No audio output available");
    h.get_by_label_contains("Are you hungry?");
    s.capture.set_available(true);
    h.get_by_label_contains("Are you thirsty?")
        .click_accesskit();
    step_until(h, "play once the device is back", |a| {
        a.heard.iter().any(|t| t == "q_water")
    });
    step_until(h, "the banner to go", |a| a.device_error.is_none());
}

#[test]
fn switching_gender_changes_the_text() {
    let mut s = setup(true, |_| {});
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("ar".into()));
    h.step();
    h.get_by_label_contains("هل أنتِ مصابة أو تشعرين بألم؟");
    h.get_by_label("Settings").click();
    h.run_steps(3);
    h.get_by_label("Man / boy").click();
    h.step();
    h.step();
    assert!(h.query_by_label_contains("هل أنتِ مصابة").is_none());
    h.get_by_label_contains("هل أنتَ مصاب أو تشعر بألم؟");
}

/// Choose a profile as the settings panel would.
fn set_profile(h: &mut Harness<'static, App>, profile: &str) {
    let mut settings = h.state().model().settings.clone();
    settings.profile = profile.into();
    h.state_mut().apply(Intent::UpdateSettings(settings));
    h.step();
    h.step();
}

fn with_test_profile(cat: &mut catalog::Catalog) {
    cat.profiles.insert(
        "test".into(),
        Profile {
            name: "Test country".into(),
            description: String::new(),
            flags: vec!["legal_aid".into()],
            // Test data only: never shipped in a profile.
            hotline: vec![Hotline {
                label: "Test line".into(),
                number: "90 12".into(),
            }],
            referral: Vec::new(),
        },
    );
}

#[test]
fn a_profile_hides_flagged_rights() {
    let mut s = setup(true, with_test_profile);
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    h.step();
    assert!(
        h.query_by_label_contains("free advice from a lawyer")
            .is_none(),
        "generic gives no legal aid"
    );
    h.get_by_label_contains("8 rights messages are hidden");
    set_profile(h, "test");
    h.get_by_label_contains("free advice from a lawyer");
    assert!(h.query_by_label_contains("ask for protection").is_none());
    h.get_by_label_contains("7 rights messages are hidden");
}

#[test]
fn the_hotline_readout_plays_the_digit_clips_in_order() {
    let mut s = setup(true, with_test_profile);
    let h = &mut s.harness;
    set_profile(h, "test");
    h.state_mut().apply(Intent::ChooseLanguage("fr".into()));
    h.step();
    h.get_by_label_contains("Read out the number").click();
    step_until(h, "the readout", |a| a.heard.len() >= 5 && !a.is_playing());
    assert_eq!(
        h.state().model().heard,
        ["hotline", "digit_9", "digit_0", "digit_1", "digit_2"]
    );
    assert_eq!(h.state().model().hotline_shown.as_deref(), Some("90 12"));
}

#[test]
fn settings_persist_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    for round in 0..2 {
        let cat = catalog::load(&common::root().join("messages"));
        let p = path.clone();
        let sd = dir.path().join("sessions");
        let mut h = common::app_harness(cat, MemoryOutput::new(40.0), Some(p), sd, None, false);
        h.step();
        if round == 0 {
            h.state_mut().apply(Intent::ChooseLanguage("uk".into()));
            h.get_by_label("Settings").click();
            h.run_steps(3);
            h.get_by_label("Man / boy").click();
            h.step();
            // Written by the file worker once the change has ended.
            let deadline = Instant::now() + Duration::from_secs(20);
            while !std::fs::read_to_string(&path).is_ok_and(|t| t.contains("gender = \"m\"")) {
                assert!(Instant::now() < deadline, "settings never written");
                h.step();
                std::thread::sleep(Duration::from_millis(10));
            }
        } else {
            assert_eq!(
                h.state()
                    .model()
                    .settings
                    .recent
                    .first()
                    .map(String::as_str),
                Some("uk")
            );
            assert_eq!(h.state().model().settings.gender, catalog::Gender::Male);
        }
    }
}
