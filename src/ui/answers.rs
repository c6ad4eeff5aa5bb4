//! The record of the person's answers, shown to the responder.

use super::App;
use eframe::egui::{self, RichText, Ui};
use std::time::UNIX_EPOCH;

/// The answers list.
pub fn answers_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    let label = ui.label(s.get("case_ref"));
    let edit = ui
        .add(egui::TextEdit::singleline(&mut app.case_ref).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if edit.lost_focus() && !app.case_ref.trim().is_empty() {
        let case_ref = app.case_ref.trim().to_owned();
        app.record(crate::session::Entry::CaseRef {
            at: crate::session::now_rfc3339(),
            case_ref,
        });
    }
    let file = app.session.as_ref().map(|log| {
        s.fill(
            "session_file",
            &[("path", &log.path().display().to_string())],
        )
    });
    let button = ui.small_button(s.get("new_session"));
    let button = match file {
        Some(file) => button.on_hover_text(file),
        None => button,
    };
    if button.clicked() {
        app.start_session();
    }
    ui.separator();
    ui.heading(app.strings.get("answers"));
    if app.answers.is_empty() {
        ui.label(app.strings.get("no_answers"));
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("answers_scroll")
        .max_height(320.0)
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for record in &app.answers {
                let secs = record
                    .at
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let clock = format!(
                    "{:02}:{:02}:{:02}",
                    secs / 3600 % 24,
                    secs / 60 % 60,
                    secs % 60
                );
                let answer = app.strings.get(record.answer.message_id()).to_owned();
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(clock).monospace().small());
                    ui.label(
                        RichText::new(format!("{} {answer}", record.answer.symbol())).strong(),
                    );
                    ui.label(format!("— {}", app.meaning_of(&record.question)));
                    if !record.saved {
                        ui.label(RichText::new(s.get("not_saved")).color(egui::Color32::RED));
                    }
                });
            }
        });
}
