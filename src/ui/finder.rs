//! Finding the person's language: search with recent languages first, and the
//! "turn to the person" grid of autonyms with the Listen carousel.

use super::chrome::{self, Style};
use super::i18n::Strings;
use super::{Intent, Model, ViewContext};
use crate::catalog::load::REGIONS;
use crate::text::TextCache;
use crate::text::widget::{Look, paint_shaped};
use eframe::egui::{self, Align2, FontId, Sense, Ui, Vec2, WidgetInfo};

/// The finder's own state.
#[derive(Debug)]
pub struct FinderState {
    pub search: String,
    /// Give the search field the keyboard focus on the next frame.
    pub focus_search: bool,
    /// Region filter of the Listen carousel and the picker ("" for all).
    pub region: String,
}

impl Default for FinderState {
    fn default() -> Self {
        Self {
            search: String::new(),
            focus_search: true,
            region: String::new(),
        }
    }
}

/// Languages matching `query`, recently used first, then by English name.
pub fn matching_languages(model: &Model, query: &str) -> Vec<String> {
    let mut codes: Vec<&String> = model
        .catalog
        .languages
        .iter()
        .filter(|(_, l)| l.matches(query))
        .map(|(code, _)| code)
        .collect();
    codes.sort_by_key(|code| {
        let recent = model
            .settings
            .recent
            .iter()
            .position(|r| r == *code)
            .unwrap_or(usize::MAX);
        let name = model
            .catalog
            .languages
            .get(*code)
            .map(|l| l.meta.name.to_lowercase());
        (recent, name)
    });
    codes.into_iter().cloned().collect()
}

/// A language tile: the autonym large in its own script, the English name
/// small (omitted in the person-facing grid). Returns whether it was clicked.
fn tile_ui(
    view: &ViewContext,
    text: &mut TextCache,
    ui: &mut Ui,
    code: &str,
    size: Vec2,
    autonym_pt: f32,
    with_name: bool,
) -> bool {
    let Some(language) = view.catalog.language(code) else {
        return false;
    };
    let autonym = &language.meta.autonym;
    let name = &language.meta.name;
    let voiced = super::unvoiced::is_voiced(language);
    let (rect, response) = super::card_ui(ui, size, view.lang.as_deref() == Some(code));
    let color = ui.visuals().strong_text_color();
    let text_area = if with_name {
        egui::Rect::from_min_max(rect.min, egui::pos2(rect.max.x, rect.max.y - 22.0))
    } else {
        rect
    };
    let shaped = text.get(
        ui.ctx(),
        autonym,
        code,
        Look::centered(autonym_pt, size.x - 16.0, color),
    );
    paint_shaped(ui, &shaped, text_area.shrink(4.0), true);
    if with_name && !voiced {
        super::unvoiced::paint_no_voice_badge(ui, text, rect, &view.strings);
    }
    if with_name {
        ui.painter().text(
            egui::pos2(rect.center().x, rect.max.y - 12.0),
            Align2::CENTER_CENTER,
            name,
            FontId::proportional(13.0),
            ui.visuals().text_color(),
        );
    }
    let label = if with_name && !voiced {
        format!(
            "{autonym} — {name} ({})",
            view.strings.get("no_voice_badge")
        )
    } else if with_name {
        format!("{autonym} — {name}")
    } else {
        autonym.clone()
    };
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    response.clicked()
}

fn tiles_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui, codes: &[String]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::splat(10.0);
        for code in codes {
            if tile_ui(view, text, ui, code, Vec2::new(210.0, 96.0), 26.0, true) {
                view.send(Intent::ChooseLanguage(code.clone()));
            }
        }
    });
}

/// The language finder.
pub fn finder_ui(view: &ViewContext, state: &mut FinderState, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    let heading = chrome::heading_ui(ui, text, s, s.get("find_language"));
    let mut field = egui::TextEdit::singleline(&mut state.search)
        .desired_width(420.0)
        .font(FontId::proportional(20.0));
    // egui would draw a right-to-left or complex-script hint unshaped: it
    // goes above the field instead.
    if s.shaped() {
        chrome::small_ui(ui, text, s, s.get("search_hint"));
    } else {
        field = field.hint_text(s.get("search_hint"));
    }
    let search = ui.add(field).labelled_by(heading.id);
    // What was typed, shaped, when egui's field cannot show it.
    chrome::shaped_field_ui(ui, text, &search, &state.search);
    chrome::typed_preview_ui(ui, text, &state.search, 18.0);
    if state.focus_search {
        search.request_focus();
        state.focus_search = false;
    }
    let matches = matching_languages(view, &state.search);
    if search.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = matches.first()
    {
        view.send(Intent::ChooseLanguage(first.clone()));
        return;
    }
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("finder")
        .show(ui, |ui| {
            if matches.is_empty() {
                chrome::label_ui(
                    ui,
                    text,
                    s,
                    &s.fill("no_match", &[("query", &state.search)]),
                );
                return;
            }
            if state.search.trim().is_empty() && !view.settings.recent.is_empty() {
                let recent: Vec<String> = view
                    .settings
                    .recent
                    .iter()
                    .filter(|c| view.catalog.language(c).is_some())
                    .cloned()
                    .collect();
                chrome::styled_label_ui(ui, text, s, s.get("recent"), Style::default().strong());
                tiles_ui(view, text, ui, &recent);
                ui.add_space(12.0);
                let all_languages = s.get("all_languages");
                chrome::styled_label_ui(ui, text, s, all_languages, Style::default().strong());
                let mut all: Vec<String> = view.catalog.languages.keys().cloned().collect();
                all.sort_by_key(|c| view.catalog.languages.get(c).map(|l| l.meta.name.clone()));
                tiles_ui(view, text, ui, &all);
            } else {
                tiles_ui(view, text, ui, &matches);
            }
        });
}

/// The language being heard in the Listen carousel.
pub fn listening_to(model: &Model) -> Option<&str> {
    model
        .playing
        .tag
        .as_deref()
        .and_then(|t| t.strip_prefix("listen:"))
}

/// The region filter: all regions, or one.
fn region_choice_ui(ui: &mut Ui, text: &mut TextCache, s: &Strings, region: &mut String) {
    let current = if region.is_empty() {
        s.get("region_all").to_owned()
    } else {
        region.clone()
    };
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), s.get("region_all").to_owned()))
            .chain(REGIONS.iter().map(|r| ((*r).to_owned(), (*r).to_owned())))
            .collect();
    chrome::choice_ui(ui, text, s, "region", region, &current, &options, None);
}

/// "Turn to the person": every autonym, big enough to point at.
pub fn picker_ui(view: &ViewContext, state: &mut FinderState, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    chrome::row_ui(ui, s, |ui| {
        chrome::label_ui(ui, text, s, s.get("turn_to_person_hint"));
    });
    chrome::row_ui(ui, s, |ui| {
        if view.listening {
            if chrome::button_ui(ui, text, s, s.get("stop_listening")).clicked() {
                view.send(Intent::Stop);
            }
        } else {
            let listen = chrome::button_ui(ui, text, s, s.get("listen"));
            if chrome::hover_ui(listen, text, s, s.get("listen_hint")).clicked() {
                view.send(Intent::StartListening {
                    region: state.region.clone(),
                });
            }
        }
        chrome::label_ui(ui, text, s, s.get("region"));
        if !s.shaped() {
            region_choice_ui(ui, text, s, &mut state.region);
        }
    });
    // Shaped, the regions are a row of their own (no combo box).
    if s.shaped() {
        region_choice_ui(ui, text, s, &mut state.region);
    }
    if let Some(code) = listening_to(view)
        && let Some(language) = view.catalog.language(code)
    {
        let autonym = &language.meta.autonym;
        ui.add_space(6.0);
        let width = ui.available_width();
        let shaped = text.get(
            ui.ctx(),
            autonym,
            code,
            Look::centered(72.0, width, ui.visuals().strong_text_color()),
        );
        let (rect, response) =
            ui.allocate_exact_size(Vec2::new(width, shaped.size.y + 10.0), Sense::click());
        paint_shaped(ui, &shaped, rect, true);
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, autonym));
        if response.clicked() {
            view.send(Intent::ChooseLanguage(code.to_owned()));
            return;
        }
        chrome::label_ui(
            ui,
            text,
            s,
            &s.fill("now_listening", &[("name", &language.meta.name)]),
        );
    }
    ui.separator();
    let region = &state.region;
    let codes: Vec<String> = view
        .catalog
        .languages
        .values()
        .filter(|l| region.is_empty() || l.meta.regions.contains(region))
        .map(|l| l.meta.code.clone())
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("picker")
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = Vec2::splat(12.0);
                for code in &codes {
                    if tile_ui(view, text, ui, code, Vec2::new(250.0, 110.0), 36.0, false) {
                        view.send(Intent::ChooseLanguage(code.clone()));
                    }
                }
            });
        });
}
