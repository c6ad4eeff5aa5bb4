//! The window. A plain viewer of the catalog until the player lands.

use crate::catalog::{self, Catalog};
use std::path::Path;

/// Open the window on the catalog in `dir`, optionally on language `lang`.
pub fn run(dir: &Path, lang: Option<&str>) -> anyhow::Result<()> {
    let catalog = catalog::load(dir);
    let selected = lang.map(str::to_owned);
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("safevoice")
            .with_inner_size([1100.0, 760.0]),
        ..Default::default()
    };
    eframe::run_native(
        "safevoice",
        options,
        Box::new(move |_cc| Ok(Box::new(PlainApp { catalog, selected }))),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}

struct PlainApp {
    catalog: Catalog,
    selected: Option<String>,
}

impl eframe::App for PlainApp {
    fn ui(&mut self, ui: &mut eframe::egui::Ui, _frame: &mut eframe::Frame) {
        ui.heading("safevoice");
        ui.label(format!(
            "{} languages, {} messages, {} problems",
            self.catalog.languages.len(),
            self.catalog.messages.len(),
            self.catalog.problems.len()
        ));
        if let Some(code) = &self.selected {
            ui.label(format!("Language: {code}"));
        }
    }
}
