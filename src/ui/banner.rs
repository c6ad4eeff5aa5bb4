//! The banner for a missing audio device and for load problems. Everything
//! else keeps working, and the text is still shown.

use super::App;
use eframe::egui::{self, Color32, RichText, Ui};

/// The banner strip.
pub fn banner_ui(app: &mut App, ui: &mut Ui) {
    if let Some(error) = app.device_error.clone() {
        let detail = error
            .trim_start_matches("No audio output available: ")
            .to_owned();
        let text = app.strings.fill("no_device", &[("detail", &detail)]);
        egui::Frame::new()
            .fill(Color32::from_rgb(140, 24, 24))
            .inner_margin(8.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(text).color(Color32::WHITE).strong());
            });
    }
    if let Some(notice) = app.notice.clone() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(notice).color(Color32::from_rgb(200, 140, 0)));
            if ui.small_button("x").clicked() {
                app.notice = None;
            }
        });
    }
}
