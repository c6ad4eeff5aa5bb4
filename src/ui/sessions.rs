//! The Sessions panel: past contacts, newest first, searched by case
//! reference, language or date; one opened, exported or deleted.
//!
//! The list comes from the file worker (never read on the UI thread) and is
//! drawn virtualised, so only the visible rows cost anything however many
//! sessions are stored; the opened session is read once.

use super::chrome;
use super::i18n::{FSI, PDI, strip_isolates};
use super::{ExportFormat, Intent, ViewContext};
use crate::session::{Session, Summary};
use crate::text::TextCache;
use crate::times::clock_of_rfc3339 as clock_of;
use eframe::egui::{self, Color32, RichText, Ui};

/// A listed session with the line the list shows, computed once.
#[derive(Clone, Debug)]
struct Listed {
    row: Summary,
    label: String,
}

/// The Sessions screen's own state.
#[derive(Debug, Default)]
pub struct SessionsState {
    listed: Vec<Listed>,
    problems: Vec<String>,
    /// Whether a listing has arrived.
    loaded: bool,
    /// The search text.
    pub query: String,
    /// Indices into `listed` matching `filtered_for`.
    filtered: Vec<usize>,
    filtered_for: Option<String>,
    /// The session opened, read once by the worker.
    pub opened: Option<Session>,
    /// The session whose Delete was pressed once and waits for the
    /// confirmation (a contact record is never lost to one stray click).
    confirm_delete: Option<String>,
}

impl SessionsState {
    /// Take a new listing (newest first).
    pub fn listed(&mut self, rows: Vec<Summary>, problems: Vec<String>) {
        self.listed = rows
            .into_iter()
            .map(|row| {
                // Each field isolated, so an Arabic case reference does not
                // reorder the numbers around it (stripped before egui draws it).
                let label = format!(
                    "{FSI}{}{PDI}  {FSI}{}{PDI}  {FSI}{}{PDI}  {FSI}({} / {}){PDI}",
                    row.started_local(),
                    row.language_name,
                    row.case_ref.as_deref().unwrap_or(""),
                    row.messages,
                    row.answers
                );
                Listed { row, label }
            })
            .collect();
        self.problems = problems;
        self.loaded = true;
        self.filtered_for = None;
    }

    /// The rows listed (newest first).
    pub fn rows(&self) -> impl Iterator<Item = &Summary> {
        self.listed.iter().map(|l| &l.row)
    }

    /// Filter again only when the query or the listing changed.
    fn refilter(&mut self) {
        if self.filtered_for.as_deref() == Some(self.query.as_str()) {
            return;
        }
        self.filtered = self
            .listed
            .iter()
            .enumerate()
            .filter(|(_, l)| l.row.matches(&self.query))
            .map(|(i, _)| i)
            .collect();
        self.filtered_for = Some(self.query.clone());
    }
}

/// The panel.
pub fn sessions_ui(
    view: &ViewContext,
    state: &mut SessionsState,
    text: &mut TextCache,
    ui: &mut Ui,
) {
    let s = &view.strings;
    chrome::heading_ui(ui, text, s, s.get("sessions"));
    for problem in &state.problems {
        ui.label(RichText::new(problem).color(Color32::from_rgb(200, 140, 0)));
    }
    if !state.loaded {
        chrome::label_ui(ui, text, s, s.get("sessions_loading"));
        return;
    }
    if state.listed.is_empty() {
        chrome::label_ui(ui, text, s, s.get("no_sessions"));
        return;
    }
    let hint = strip_isolates(s.get("sessions_search_hint"));
    let mut field = egui::TextEdit::singleline(&mut state.query).desired_width(420.0);
    // egui would draw a right-to-left or complex-script hint unshaped.
    if !s.shaped() {
        field = field.hint_text(hint.as_str());
    } else {
        chrome::small_ui(ui, text, s, &hint);
    }
    let search = ui.add(field);
    search.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &hint));
    chrome::shaped_field_ui(ui, text, &search, &state.query);
    chrome::typed_preview_ui(ui, text, &state.query, 16.0);
    state.refilter();
    chrome::small_ui(
        ui,
        text,
        s,
        &s.fill(
            "sessions_count",
            &[
                ("shown", &state.filtered.len().to_string()),
                ("total", &state.listed.len().to_string()),
            ],
        ),
    );
    // The list first in reading order: on the right when right to left.
    let (list, detail) = if s.rtl() { (1, 0) } else { (0, 1) };
    ui.columns(2, |cols| {
        // Shaped rows are taller than egui's (scripts with marks above and below).
        let row_height = if s.shaped() {
            30.0
        } else {
            cols[list].spacing().interact_size.y
        };
        egui::ScrollArea::vertical()
            .id_salt("session_list")
            .show_rows(
                &mut cols[list],
                row_height,
                state.filtered.len(),
                |ui, range| {
                    for &i in &state.filtered[range] {
                        let listed = &state.listed[i];
                        let selected = state.opened.as_ref().is_some_and(|o| o.id == listed.row.id);
                        let row = chrome::styled_selectable_ui(
                            ui,
                            text,
                            s,
                            selected,
                            &listed.label,
                            chrome::Style::default(),
                            egui::Vec2::new(0.0, row_height),
                        );
                        if row.clicked() {
                            view.send(Intent::OpenSession(listed.row.id.clone()));
                        }
                    }
                },
            );
        if let Some(session) = &state.opened {
            opened_ui(
                view,
                session,
                &mut state.confirm_delete,
                text,
                &mut cols[detail],
            );
        }
    });
}

/// The opened session: its summary, exports, delete, and what happened.
fn opened_ui(
    view: &ViewContext,
    session: &Session,
    confirm_delete: &mut Option<String>,
    text: &mut TextCache,
    ui: &mut Ui,
) {
    let s = &view.strings;
    ui.label(RichText::new(&session.id).strong());
    // The summary can hold a case reference in any script.
    chrome::label_ui(ui, text, s, &session.start().summary());
    super::pack::chain_ui(ui, text, s, &session.chain);
    for warning in &session.warnings {
        ui.label(RichText::new(warning).color(Color32::from_rgb(200, 140, 0)));
    }
    chrome::wrapped_row_ui(ui, s, |ui| {
        for format in ExportFormat::ALL {
            let key = format!("export_{}", format.ext());
            if chrome::button_ui(ui, text, s, s.get(&key)).clicked() {
                view.send(Intent::ExportSession {
                    id: session.id.clone(),
                    format,
                });
            }
        }
        if confirm_delete.as_deref() == Some(session.id.as_str()) {
            let red = chrome::Style::default().color(Color32::from_rgb(200, 40, 40));
            chrome::styled_label_ui(ui, text, s, s.get("delete_confirm"), red);
            if chrome::button_ui(ui, text, s, s.get("delete_confirm_yes")).clicked() {
                view.send(Intent::DeleteSession(session.id.clone()));
                *confirm_delete = None;
            }
            if chrome::button_ui(ui, text, s, s.get("delete_confirm_no")).clicked() {
                *confirm_delete = None;
            }
        } else if chrome::button_ui(ui, text, s, s.get("delete_session")).clicked() {
            *confirm_delete = Some(session.id.clone());
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("session_view")
        .show(ui, |ui| {
            for p in session.played() {
                ui.label(format!(
                    "{}  {}  [{}]",
                    clock_of(&p.started),
                    p.meaning,
                    p.how.as_deref().unwrap_or("…")
                ));
            }
            for (at, question, answer) in session.answers() {
                ui.label(RichText::new(format!("{}  {question}: {answer}", clock_of(at))).strong());
            }
        });
}
