//! The hotline: the `hotline` message, then the number read out digit by
//! digit from the language's digit clips, and the number shown large.

use super::chrome;
use super::{Intent, ViewContext};
use crate::catalog::Hotline;
use crate::text::TextCache;
use eframe::egui::{RichText, Ui};

/// The message ids that read out `hotline`: the message, then one digit clip per digit.
pub fn readout_ids(hotline: &Hotline) -> Vec<String> {
    std::iter::once("hotline".to_owned())
        .chain(hotline.digits().into_iter().map(|d| format!("digit_{d}")))
        .collect()
}

/// The hotline panel.
pub fn hotline_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    chrome::heading_ui(ui, text, s, s.get("hotline"));
    let profile = view.profile();
    if profile.hotline.is_empty() {
        chrome::label_ui(ui, text, s, s.get("hotline_none"));
        return;
    }
    for hotline in &profile.hotline {
        chrome::label_ui(ui, text, s, &hotline.label);
        ui.label(RichText::new(&hotline.number).size(30.0).strong());
        if chrome::button_ui(ui, text, s, s.get("hotline_play")).clicked() {
            view.send(Intent::ReadHotline(hotline.clone()));
        }
    }
}
