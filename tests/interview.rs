//! The guided interview, as a responder runs it: the addressed gender on the
//! board, Start interview, answers in the person view that move the
//! interview on by themselves, and the whole first contact from the
//! keyboard alone (no pointer events).

mod common;

use common::step_until;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog::{self, Gender};
use safevoice::session::{Entry, Store};
use safevoice::ui::{App, Intent};

struct Setup {
    harness: Harness<'static, App>,
    dir: tempfile::TempDir,
}

fn setup() -> Setup {
    setup_with(false)
}

/// `wgpu`: rendered on lavapipe, for snapshots.
fn setup_with(wgpu: bool) -> Setup {
    let cat = catalog::load(&common::root().join("messages"));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::app_harness(
        cat,
        MemoryOutput::new(40.0),
        Some(dir.path().join("settings.toml")),
        dir.path().join("sessions"),
        None,
        wgpu,
    );
    // A short pause between steps keeps the test quick; the default is 1.5 s.
    let mut settings = harness.state().model().settings.clone();
    settings.interview_pause = 0.2;
    harness.state_mut().apply(Intent::UpdateSettings(settings));
    harness.run_steps(2);
    Setup { harness, dir }
}

/// The answers of the session being recorded, as stored in its file, once
/// every answer shown has been confirmed by the file worker.
fn stored(h: &mut Harness<'static, App>, dir: &std::path::Path) -> Vec<Entry> {
    step_until(h, "the answers saved", |m| {
        m.answers.iter().all(|a| a.saved == Some(true))
    });
    let id = h.state().model().session.as_ref().unwrap().id.clone();
    let store = Store {
        dir: dir.join("sessions"),
    };
    store.load(&id).unwrap().entries
}

fn answers(entries: &[Entry]) -> Vec<(String, String)> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Answer {
                question, answer, ..
            } => Some((question.clone(), answer.clone())),
            _ => None,
        })
        .collect()
}

/// The interview's first three questions, in catalog order.
const QUESTIONS: [&str; 3] = ["language_check", "q_hurt", "q_doctor_now"];

/// What the flows store for [`QUESTIONS`], answered YES, NO, DON'T KNOW.
fn expected_answers() -> Vec<(String, String)> {
    QUESTIONS
        .iter()
        .zip(["yes", "no", "dont_know"])
        .map(|(q, a)| ((*q).to_owned(), a.to_owned()))
        .collect()
}

#[test]
fn an_arabic_interview_for_a_man_runs_from_the_person_view() {
    let mut s = setup();
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("ar".into()));
    h.run_steps(2);
    let ar = h.state().model().catalog.language("ar").unwrap().clone();
    let feminine = ar.text("do_not_fear", Gender::Female).unwrap().to_owned();
    let masculine = ar.text("do_not_fear", Gender::Male).unwrap().to_owned();
    assert_ne!(feminine, masculine, "Arabic marks the addressee's gender");
    h.get_by_label_contains(&feminine);
    // 1. The gender choice is on the board.
    h.get_by_label("man / boy").click();
    h.run_steps(2);
    h.get_by_label_contains(&masculine);
    assert!(h.query_by_label_contains(&feminine).is_none());
    // 2. Start interview, and turn the screen to the person.
    h.get_by_label("Start interview").click();
    h.run_steps(2);
    h.get_by_label("Person view (F11)").click();
    step_until(h, "the person view", |m| m.person_view);
    // 3. Three answers in the person view; the board is never touched.
    let yes = ar.text("answer_yes", Gender::Male).unwrap();
    let no = ar.text("answer_no", Gender::Male).unwrap();
    let dont_know = ar.text("answer_dont_know", Gender::Male).unwrap();
    for (question, label) in QUESTIONS.iter().zip([yes, no, dont_know]) {
        step_until(h, question, |m| m.awaiting.as_deref() == Some(*question));
        h.get_by_label_contains("question ");
        h.get_by_label(&format!(
            "{} {label}",
            match label {
                l if l == yes => "✓",
                l if l == no => "✗",
                _ => "?",
            }
        ))
        .click();
        h.step();
    }
    assert!(h.state().model().person_view, "never left the person view");
    let entries = stored(h, s.dir.path());
    assert_eq!(answers(&entries), expected_answers());
    assert!(
        entries
            .iter()
            .any(|e| matches!(e, Entry::Addressing { gender, .. } if gender == "m")),
        "the gender change is logged"
    );
    // Every step played was the Arabic masculine text.
    assert!(entries.iter().any(|e| matches!(
        e,
        Entry::MessageStarted { message, text, .. } if message == "do_not_fear" && *text == masculine
    )));
}

/// From launch to the third answer with keys and typed text only.
fn keyboard_only(search: &str, code: &str) {
    let mut s = setup();
    let h = &mut s.harness;
    // The search field has the focus at launch.
    h.event(egui::Event::Text(search.into()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    step_until(h, "the language", |m| m.lang.as_deref() == Some(code));
    h.run_steps(2);
    // Right starts the interview.
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.key_press(Key::F11);
    step_until(h, "the person view", |m| m.person_view);
    for (question, key) in QUESTIONS.iter().zip([Key::Y, Key::N, Key::D]) {
        step_until(h, question, |m| m.awaiting.as_deref() == Some(*question));
        h.key_press(key);
        h.step();
    }
    let entries = stored(h, s.dir.path());
    assert_eq!(answers(&entries), expected_answers(), "{code}");
}

#[test]
fn an_interview_in_english_from_the_keyboard_alone() {
    keyboard_only("english", "en");
}

#[test]
fn an_interview_in_hindi_from_the_keyboard_alone() {
    keyboard_only("hindi", "hi");
}

#[test]
fn keys_move_the_current_message_and_space_plays_the_first_one() {
    let mut s = setup();
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    h.run_steps(2);
    assert!(h.state().model().current.is_none());
    // Space with nothing played yet plays the board's first message.
    h.key_press(Key::Space);
    step_until(h, "the first message", |m| {
        m.heard.first().map(String::as_str) == Some("language_check")
    });
    h.key_press(Key::Escape);
    h.key_press(Key::ArrowDown);
    h.key_press(Key::J);
    h.step();
    assert_eq!(
        h.state().model().current.as_deref(),
        Some("interpreter_coming")
    );
    h.key_press(Key::K);
    h.key_press(Key::Enter);
    step_until(h, "the current message", |m| {
        m.heard.last().map(String::as_str) == Some("do_not_fear")
    });
    // G has nothing to switch in English (no gender marking).
    h.key_press(Key::G);
    h.step();
    assert_eq!(h.state().model().settings.gender, Gender::Female);
    // F1 opens the list of keys, Esc closes it.
    h.key_press(Key::F1);
    h.run_steps(2);
    h.get_by_label_contains("Move the current message");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Move the current message")
            .is_none()
    );
}

#[test]
fn back_skip_and_resume() {
    let mut s = setup();
    let h = &mut s.harness;
    h.state_mut().apply(Intent::ChooseLanguage("en".into()));
    h.state_mut().apply(Intent::StartInterview);
    step_until(h, "the first question", |m| {
        m.awaiting.as_deref() == Some("language_check")
    });
    // Skip moves on without an answer, Back returns.
    h.state_mut().apply(Intent::Step(1));
    step_until(h, "the next step", |m| {
        m.heard.last().map(String::as_str) == Some("do_not_fear")
    });
    h.state_mut().apply(Intent::Step(-1));
    step_until(h, "the step before", |m| {
        m.awaiting.as_deref() == Some("language_check")
    });
    // Playing another card leaves the sequence; Resume replays its step.
    h.state_mut().apply(Intent::Play(vec!["q_cold".into()]));
    step_until(h, "the card", |m| m.awaiting.as_deref() == Some("q_cold"));
    assert!(h.state().model().interview.as_ref().unwrap().paused);
    h.get_by_label("Resume").click();
    step_until(h, "the interview again", |m| {
        m.awaiting.as_deref() == Some("language_check")
            && m.interview.as_ref().is_some_and(|i| !i.paused)
    });
}

/// Snapshots (wgpu on lavapipe): the gender choice on an Arabic board, the
/// interview's strip in the person view while a question waits, and the key
/// overlay (F1). Regenerate after an intended change with
/// `UPDATE_SNAPSHOTS=1 scripts/test.sh --test interview`.
#[test]
fn snapshots_of_the_gender_choice_the_strip_and_the_keys() {
    let mut s = setup_with(true);
    let h = &mut s.harness;
    h.state_mut().set_focus_search(false);
    h.state_mut().apply(Intent::ChooseLanguage("ar".into()));
    h.run_steps(3);
    h.get_by_label("man / boy").click();
    h.run_steps(3);
    h.snapshot("interview_gender_choice_ar");
    h.get_by_label("Start interview").click();
    h.run_steps(2);
    h.get_by_label("Person view (F11)").click();
    step_until(h, "the first question", |m| {
        m.person_view && m.awaiting.as_deref() == Some(QUESTIONS[0])
    });
    h.run_steps(3);
    h.get_by_label_contains("question ");
    h.snapshot("interview_strip_ar");
    h.key_press(Key::F11);
    step_until(h, "the responder view", |m| !m.person_view);
    h.key_press(Key::F1);
    step_until(h, "the key overlay", |m| m.show_help);
    h.run_steps(3);
    h.snapshot("interview_keys_ar");
}
