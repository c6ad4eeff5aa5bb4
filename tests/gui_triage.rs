//! The live triage summary in the window: answers raise exactly their
//! indicators and the child group, a DON'T KNOW withdraws what an earlier
//! answer raised, and snapshots of the panel in English and French.
//!
//! Regenerate the snapshots after an intended change with
//! `UPDATE_SNAPSHOTS=1 scripts/test.sh --test gui_triage`.

mod common;

use common::step_until;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog::{self, Gender, Referral, TriageGroup};
use safevoice::triage;
use safevoice::ui::i18n::Strings;
use safevoice::ui::triage::triage_ui;
use safevoice::ui::{Answer, App, Intent};

/// Play `question`, then answer it with `key`.
fn ask(h: &mut Harness<'static, App>, question: &str, key: Key) {
    let before = h.state().model().answers.len();
    h.state_mut().apply(Intent::Play(vec![question.to_owned()]));
    step_until(h, "the question to wait for an answer", |a| {
        a.awaiting.as_deref() == Some(question)
    });
    h.key_press(key);
    step_until(h, "the answer", |a| a.answers.len() > before);
}

/// The names of the indicators the panel shows.
fn shown_indicators(h: &Harness<'static, App>, cat: &catalog::Catalog) -> Vec<String> {
    cat.indicators
        .iter()
        .filter(|i| h.query_by_label(&i.name).is_some())
        .map(|i| i.name.clone())
        .collect()
}

#[test]
fn answers_raise_exactly_their_indicators_and_dont_know_withdraws_one() {
    let cat = catalog::load(&common::root().join("messages"));
    let names = catalog::load::load_only(&common::root().join("messages"), &[]);
    let dir = tempfile::tempdir().unwrap();
    let mut h = common::app_harness(
        cat,
        MemoryOutput::new(40.0),
        Some(dir.path().join("settings.toml")),
        dir.path().join("sessions"),
        None,
        false,
    );
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    h.run_steps(2);
    assert!(
        h.query_by_label(triage::DISCLAIMER).is_none(),
        "no summary before the first answer"
    );

    ask(&mut h, "q_documents_taken", Key::Y);
    ask(&mut h, "q_free_to_leave", Key::N);
    ask(&mut h, "q_under_18", Key::Y);
    h.run_steps(2);
    assert_eq!(
        shown_indicators(&h, &names),
        ["Restriction of movement", "Retention of identity documents"]
    );
    h.get_by_label("Child");
    assert!(h.query_by_label("Urgent").is_none());
    h.get_by_label(triage::DISCLAIMER);
    // Each line names its question and answer.
    h.get_by_label_contains("“Does someone else keep your passport or ID card?”");
    h.get_by_label_contains("“Can you leave your work or your home whenever you want?”");
    h.get_by_label_contains("“Are you younger than 18?”");

    ask(&mut h, "q_documents_taken", Key::D);
    h.run_steps(2);
    assert_eq!(shown_indicators(&h, &names), ["Restriction of movement"]);
    h.get_by_label("Child");
    assert!(
        h.query_by_label_contains("“Does someone else keep your passport or ID card?”")
            .is_none()
    );
    // The change stays visible in the log: both answers to the question are there.
    let answers: Vec<(&str, Answer)> = h
        .state()
        .model()
        .answers
        .iter()
        .map(|r| (r.question.as_str(), r.answer))
        .collect();
    assert_eq!(
        answers,
        [
            ("q_documents_taken", Answer::Yes),
            ("q_free_to_leave", Answer::No),
            ("q_under_18", Answer::Yes),
            ("q_documents_taken", Answer::DontKnow),
        ]
    );
}

/// The panel alone, for the three answers, in UI language `code`,
/// with a test profile's child-protection line (test data, never shipped).
fn panel_snapshot(code: &str) {
    let mut cat = catalog::load::load_only(&common::root().join("messages"), &[code]);
    let mut profile = cat.profiles["generic"].clone();
    profile.referral = vec![Referral {
        group: TriageGroup::Child,
        label: "Child-protection service (test)".into(),
        number: Some("000 000".into()),
    }];
    cat.profiles.insert("test".into(), profile);
    let summary = triage::summarise(
        &cat,
        "test",
        [
            ("q_documents_taken", "yes"),
            ("q_free_to_leave", "no"),
            ("q_under_18", "yes"),
            ("q_hurt", "yes"),
        ],
    );
    let strings = Strings::load(code);
    let meaning = move |id: &str| -> String {
        cat.language(code)
            .filter(|_| code != "en")
            .and_then(|l| l.text(id, Gender::Female))
            .map(str::to_owned)
            .or_else(|| cat.message(id).map(|m| m.text.clone()))
            .unwrap_or_else(|| id.to_owned())
    };
    let mut first_frame = true;
    let mut cache = safevoice::text::TextCache::default();
    let mut h = Harness::builder()
        .with_size([320.0, 640.0])
        .wgpu()
        .build_ui(move |ui| {
            // The app's fonts (bundled Noto Sans) take effect from the next frame.
            if first_frame {
                safevoice::ui::install_fonts(ui.ctx());
                first_frame = false;
                return;
            }
            triage_ui(ui, &mut cache, &strings, &summary, &meaning);
        });
    h.run_steps(3);
    h.snapshot(format!("triage_panel_{code}"));
}

#[test]
fn the_panel_in_english() {
    panel_snapshot("en");
}

#[test]
fn the_panel_in_french() {
    panel_snapshot("fr");
}
