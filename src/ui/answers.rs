//! The record of the person's answers, shown to the responder, and the
//! session's case reference.

use super::chrome::{self, Style};
use super::{Intent, ViewContext};
use crate::text::TextCache;
use eframe::egui::{self, Color32, RichText, Ui};

/// The panel's own state: the case reference being typed.
#[derive(Debug, Default)]
pub struct AnswersState {
    pub case_ref: String,
}

/// The answers list.
pub fn answers_ui(view: &ViewContext, state: &mut AnswersState, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    let label = chrome::label_ui(ui, text, s, s.get("case_ref"));
    let edit = ui
        .add(egui::TextEdit::singleline(&mut state.case_ref).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    // egui's field shows Arabic in the wrong order: the typed text, shaped,
    // below it while typing and in the field itself after.
    chrome::shaped_field_ui(ui, text, &edit, &state.case_ref);
    chrome::typed_preview_ui(ui, text, &state.case_ref, 16.0);
    if edit.lost_focus() && !state.case_ref.trim().is_empty() {
        view.send(Intent::CaseRef(state.case_ref.clone()));
    }
    let button = chrome::small_button_ui(ui, text, s, s.get("new_session"));
    let button = match view.session.as_ref().and_then(|x| x.path.as_ref()) {
        Some(path) => {
            let hover = s.fill("session_file", &[("path", &path.display().to_string())]);
            chrome::hover_ui(button, text, s, &hover)
        }
        None => button,
    };
    if button.clicked() {
        view.send(Intent::NewSession);
    }
    ui.separator();
    chrome::heading_ui(ui, text, s, s.get("answers"));
    if view.answers.is_empty() {
        chrome::label_ui(ui, text, s, s.get("no_answers"));
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("answers_scroll")
        .max_height(320.0)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for record in &view.answers {
                let answer = s.get(record.answer.message_id());
                chrome::wrapped_row_ui(ui, s, |ui| {
                    ui.label(
                        RichText::new(crate::times::clock_of(record.at))
                            .monospace()
                            .small(),
                    );
                    let answer = format!("{} {answer}", record.answer.symbol());
                    chrome::styled_label_ui(ui, text, s, &answer, Style::default().strong());
                    chrome::label_ui(
                        ui,
                        text,
                        s,
                        &format!("— {}", view.meaning_of(&record.question)),
                    );
                    match record.saved {
                        Some(true) => {}
                        None => {
                            let saving = ui.label(RichText::new("…").weak());
                            chrome::hover_ui(saving, text, s, s.get("saving"));
                        }
                        Some(false) => {
                            let style = Style::default().color(Color32::RED);
                            chrome::styled_label_ui(ui, text, s, s.get("not_saved"), style);
                        }
                    }
                });
            }
        });
}
