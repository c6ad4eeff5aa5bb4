//! The banner for a missing audio device and for load problems. Everything
//! else keeps working, and the text is still shown.

use super::chrome::{self, Style};
use super::{Intent, ViewContext};
use crate::text::TextCache;
use eframe::egui::{self, Color32, Ui};

/// The banner strip.
pub fn banner_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    if let Some(error) = &view.device_error {
        let detail = error.trim_start_matches("No audio output available: ");
        let message = s.fill("no_device", &[("detail", detail)]);
        egui::Frame::new()
            .fill(Color32::from_rgb(140, 24, 24))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                chrome::column_ui(ui, s, |ui| {
                    chrome::styled_label_ui(
                        ui,
                        text,
                        s,
                        &message,
                        Style::default().strong().color(Color32::WHITE),
                    );
                });
            });
    }
    if let Some(notice) = &view.notice {
        chrome::row_ui(ui, s, |ui| {
            let style = Style::default().color(Color32::from_rgb(200, 140, 0));
            chrome::styled_label_ui(ui, text, s, notice, style);
            if ui.small_button("x").clicked() {
                view.send(Intent::DismissNotice);
            }
        });
    }
}
