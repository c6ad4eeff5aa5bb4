//! The top bar: the screens of the responder's side, the chosen language,
//! the person view and the settings. In a right-to-left interface it is
//! mirrored: the title and the navigation start at the right.

use super::chrome;
use super::{Intent, Screen, ViewContext};
use crate::text::TextCache;
use eframe::egui::Ui;

/// The bar.
pub fn top_bar_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    let tab = |ui: &mut Ui, text: &mut TextCache, screen: Screen, label: &str| {
        if chrome::selectable_ui(ui, text, s, view.screen == screen, label).clicked() {
            view.send(Intent::Show(screen));
        }
    };
    chrome::row_ui(ui, s, |ui| {
        chrome::heading_ui(ui, text, s, s.get("app_title"));
        super::pack::pack_header_ui(ui, text, s, &view.pack);
        ui.separator();
        tab(ui, text, Screen::Finder, s.get("languages"));
        tab(ui, text, Screen::Picker, s.get("turn_to_person"));
        if let Some(language) = view.language() {
            // The language's English name and code: isolated in a
            // right-to-left interface, so it keeps its own direction.
            let name = format!("{} ({})", language.meta.name, language.meta.code);
            let label = if s.rtl() {
                format!("{}{name}{}", super::i18n::FSI, super::i18n::PDI)
            } else {
                name
            };
            tab(ui, text, Screen::Board, &label);
            if chrome::button_ui(ui, text, s, s.get("person_view")).clicked() {
                view.send(Intent::SetPersonView(true));
            }
        }
        ui.with_layout(chrome::row_end_layout(s), |ui| {
            tab(ui, text, Screen::Sessions, s.get("sessions"));
            tab(ui, text, Screen::Recorder, s.get("recorder"));
            tab(ui, text, Screen::Review, s.get("review"));
            super::about::about_button_ui(ui, text, s);
            if chrome::button_ui(ui, text, s, s.get("settings")).clicked() {
                view.send(Intent::ToggleSettings);
            }
        });
    });
}
