//! The About box: what safevoice is, and the attribution the bundled
//! pictograms (OpenMoji, CC BY-SA 4.0) and fonts require. Its open/closed
//! state lives in egui's memory, so it needs nothing from the app.

use super::chrome::{self, Style};
use super::i18n::Strings;
use crate::text::TextCache;
use eframe::egui::{self, Ui};

fn open_id() -> egui::Id {
    egui::Id::unique("safevoice-about-open")
}

/// The top bar's About button: opens (or closes) the box.
pub fn about_button_ui(ui: &mut Ui, text: &mut TextCache, strings: &Strings) {
    if super::chrome::button_ui(ui, text, strings, strings.get("about")).clicked() {
        let id = open_id();
        ui.ctx()
            .data_mut(|d| *d.get_temp_mut_or_default::<bool>(id) ^= true);
    }
}

/// Whether the About box is open.
pub fn is_open(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(open_id()).unwrap_or(false))
}

/// The About box, when open.
pub fn about_window(ctx: &egui::Context, text: &mut TextCache, strings: &Strings) {
    let mut open = is_open(ctx);
    if !open {
        return;
    }
    if strings.shaped() {
        // egui would draw the title unshaped: a title drawn inside instead.
        egui::Window::new("about")
            .title_bar(false)
            .resizable(false)
            .show(ctx, |ui| {
                chrome::row_ui(ui, strings, |ui| {
                    chrome::heading_ui(ui, text, strings, strings.get("about"));
                    if ui.button("✗").clicked() {
                        open = false;
                    }
                });
                ui.separator();
                about_ui(ui, text, strings);
            });
    } else {
        egui::Window::new(strings.get("about"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| about_ui(ui, text, strings));
    }
    ctx.data_mut(|d| d.insert_temp(open_id(), open));
}

/// The About text.
pub fn about_ui(ui: &mut Ui, text: &mut TextCache, strings: &Strings) {
    ui.set_max_width(460.0);
    let s = strings;
    chrome::column_ui(ui, s, |ui| {
        let app = s.fill("about_app", &[("version", env!("CARGO_PKG_VERSION"))]);
        chrome::styled_label_ui(ui, text, s, &app, Style::default().strong());
        ui.add_space(6.0);
        chrome::label_ui(ui, text, s, s.get("about_pictograms"));
        ui.hyperlink_to("openmoji.org", "https://openmoji.org");
        ui.hyperlink_to(
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        );
        ui.add_space(6.0);
        chrome::label_ui(ui, text, s, s.get("about_fonts"));
        chrome::label_ui(ui, text, s, s.get("about_code"));
    });
}
