//! The Sessions panel: past contacts, opened, exported or deleted.

use super::App;
use crate::session::{Session, report};
use eframe::egui::{self, RichText, Ui};

/// Write one export of `session` next to the sessions, returning its path.
fn export(app: &App, session: &Session, ext: &str) -> Result<std::path::PathBuf, String> {
    let body = match ext {
        "html" => report::html(session),
        "csv" => report::csv(session).map_err(|e| e.to_string())?,
        _ => serde_json::to_string_pretty(&report::json(session)).map_err(|e| e.to_string())?,
    };
    let dir = app.store.dir.join("exports");
    crate::session::log::create_private_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{}.{ext}", session.id));
    std::fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// The panel.
pub fn sessions_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    ui.heading(s.get("sessions"));
    let (sessions, problems) = app.store.list();
    for problem in problems {
        ui.label(RichText::new(problem).color(egui::Color32::from_rgb(200, 140, 0)));
    }
    if sessions.is_empty() {
        ui.label(s.get("no_sessions"));
        return;
    }
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical()
            .id_salt("session_list")
            .show(&mut cols[0], |ui| {
                for session in &sessions {
                    let name = session.start().language_name;
                    let label = format!(
                        "{}  {}  {}  ({} / {})",
                        session.id,
                        name,
                        session.case_ref().unwrap_or(""),
                        session.played().len(),
                        session.answers().len()
                    );
                    let selected = app.opened_session.as_deref() == Some(session.id.as_str());
                    if ui.selectable_label(selected, label).clicked() {
                        app.opened_session = Some(session.id.clone());
                    }
                }
            });
        let ui = &mut cols[1];
        let Some(session) = app
            .opened_session
            .as_deref()
            .and_then(|id| sessions.iter().find(|x| x.id == id))
        else {
            return;
        };
        ui.label(RichText::new(&session.id).strong());
        ui.label(session.start().summary());
        for warning in &session.warnings {
            ui.label(RichText::new(warning).color(egui::Color32::from_rgb(200, 140, 0)));
        }
        ui.horizontal_wrapped(|ui| {
            for (key, ext) in [
                ("export_html", "html"),
                ("export_csv", "csv"),
                ("export_json", "json"),
            ] {
                if ui.button(s.get(key)).clicked() {
                    app.notice = Some(match export(app, session, ext) {
                        Ok(path) => s.fill("exported_to", &[("path", &path.display().to_string())]),
                        Err(err) => err,
                    });
                }
            }
            if ui.button(s.get("delete_session")).clicked() {
                if let Err(err) = app.store.delete(&session.id) {
                    app.notice = Some(err.to_string());
                }
                app.opened_session = None;
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("session_view")
            .show(ui, |ui| {
                for p in session.played() {
                    ui.label(format!(
                        "{}  {}  [{}]",
                        &p.started.get(11..19).unwrap_or(""),
                        p.meaning,
                        p.how.as_deref().unwrap_or("…")
                    ));
                }
                for (at, question, answer) in session.answers() {
                    ui.label(
                        RichText::new(format!(
                            "{}  {question}: {answer}",
                            at.get(11..19).unwrap_or("")
                        ))
                        .strong(),
                    );
                }
            });
    });
}
