//! The hotline: the `hotline` message, then the number read out digit by
//! digit from the language's digit clips, and the number shown large.

use super::App;
use crate::catalog::Hotline;
use eframe::egui::{RichText, Ui};

/// The message ids that read out `hotline`: the message, then one digit clip per digit.
pub fn readout_ids(hotline: &Hotline) -> Vec<String> {
    std::iter::once("hotline".to_owned())
        .chain(hotline.digits().into_iter().map(|d| format!("digit_{d}")))
        .collect()
}

/// The hotline panel.
pub fn hotline_ui(app: &mut App, ui: &mut Ui) {
    ui.heading(app.strings.get("hotline"));
    let profile = app.profile();
    if profile.hotline.is_empty() {
        ui.label(app.strings.get("hotline_none"));
        return;
    }
    for hotline in &profile.hotline {
        ui.label(&hotline.label);
        ui.label(RichText::new(&hotline.number).size(30.0).strong());
        if ui
            .button(app.strings.get("hotline_play").to_owned())
            .clicked()
        {
            let ids = readout_ids(hotline);
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            app.hotline_shown = Some(hotline.number.clone());
            app.play_messages(&refs);
        }
    }
}
