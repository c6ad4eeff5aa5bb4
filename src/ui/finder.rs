//! Finding the person's language: search with recent languages first, and the
//! "turn to the person" grid of autonyms with the Listen carousel.

use super::App;
use crate::audio::{Command, PlayItem};
use crate::catalog::Gender;
use crate::catalog::load::REGIONS;
use crate::text::widget::{Look, paint_shaped};
use eframe::egui::{self, Align2, FontId, Sense, Ui, Vec2, WidgetInfo};

/// Languages matching the search, recently used first, then by English name.
pub fn matching_languages(app: &App) -> Vec<String> {
    let mut codes: Vec<&String> = app
        .catalog
        .languages
        .iter()
        .filter(|(_, l)| l.matches(&app.search))
        .map(|(code, _)| code)
        .collect();
    codes.sort_by_key(|code| {
        let recent = app
            .settings
            .recent
            .iter()
            .position(|r| r == *code)
            .unwrap_or(usize::MAX);
        let name = app
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
    app: &mut App,
    ui: &mut Ui,
    code: &str,
    size: Vec2,
    autonym_pt: f32,
    with_name: bool,
) -> bool {
    let Some(language) = app.catalog.language(code) else {
        return false;
    };
    let autonym = language.meta.autonym.clone();
    let name = language.meta.name.clone();
    let (rect, response) = super::card_ui(ui, size, app.lang.as_deref() == Some(code));
    let color = ui.visuals().strong_text_color();
    let text_area = if with_name {
        egui::Rect::from_min_max(rect.min, egui::pos2(rect.max.x, rect.max.y - 22.0))
    } else {
        rect
    };
    let shaped = app.text.get(
        ui.ctx(),
        &autonym,
        code,
        Look::centered(autonym_pt, size.x - 16.0, color),
    );
    paint_shaped(ui, &shaped, text_area.shrink(4.0), true);
    if with_name {
        ui.painter().text(
            egui::pos2(rect.center().x, rect.max.y - 12.0),
            Align2::CENTER_CENTER,
            &name,
            FontId::proportional(13.0),
            ui.visuals().text_color(),
        );
    }
    let label = if with_name {
        format!("{autonym} — {name}")
    } else {
        autonym
    };
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    response.clicked()
}

fn tiles_ui(app: &mut App, ui: &mut Ui, codes: &[String]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = Vec2::splat(10.0);
        for code in codes {
            if tile_ui(app, ui, code, Vec2::new(210.0, 96.0), 26.0, true) {
                app.choose_language(code);
            }
        }
    });
}

/// The language finder.
pub fn finder_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    let heading = ui.heading(s.get("find_language"));
    let search = ui.add(
        egui::TextEdit::singleline(&mut app.search)
            .hint_text(s.get("search_hint"))
            .desired_width(420.0)
            .font(FontId::proportional(20.0)),
    );
    let search = search.labelled_by(heading.id);
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    if search.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = matching_languages(app).first().cloned()
    {
        app.choose_language(&first);
        return;
    }
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("finder")
        .show(ui, |ui| {
            let matches = matching_languages(app);
            if matches.is_empty() {
                ui.label(s.fill("no_match", &[("query", &app.search)]));
                return;
            }
            if app.search.trim().is_empty() && !app.settings.recent.is_empty() {
                let recent: Vec<String> = app
                    .settings
                    .recent
                    .iter()
                    .filter(|c| app.catalog.language(c).is_some())
                    .cloned()
                    .collect();
                ui.label(egui::RichText::new(s.get("recent")).strong());
                tiles_ui(app, ui, &recent);
                ui.add_space(12.0);
                ui.label(egui::RichText::new(s.get("all_languages")).strong());
                let mut all: Vec<String> = app.catalog.languages.keys().cloned().collect();
                all.sort_by_key(|c| app.catalog.languages.get(c).map(|l| l.meta.name.clone()));
                tiles_ui(app, ui, &all);
            } else {
                tiles_ui(app, ui, &matches);
            }
        });
}

/// Whether `language` is in the region chosen for the carousel (all when none is).
fn in_region(app: &App, language: &crate::catalog::Language) -> bool {
    app.region.is_empty() || language.meta.regions.contains(&app.region)
}

/// Start the Listen carousel: every language's greeting in turn (of the chosen region).
pub fn start_listening(app: &mut App) {
    let items: Vec<PlayItem> = app
        .catalog
        .languages
        .values()
        .filter(|l| in_region(app, l))
        .filter_map(|l| {
            l.clip("language_check", Gender::Female)
                .map(|clip| PlayItem {
                    path: clip.path.clone(),
                    tag: format!("listen:{}", l.meta.code),
                })
        })
        .collect();
    if items.is_empty() {
        return;
    }
    app.engine.send(Command::Play(items));
    app.listening = true;
}

/// The language being heard in the Listen carousel.
pub fn listening_to(app: &App) -> Option<String> {
    app.playing
        .tag
        .as_deref()
        .and_then(|t| t.strip_prefix("listen:"))
        .map(str::to_owned)
}

/// "Turn to the person": every autonym, big enough to point at.
pub fn picker_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    ui.horizontal(|ui| {
        ui.label(s.get("turn_to_person_hint"));
    });
    ui.horizontal(|ui| {
        if app.listening {
            if ui.button(s.get("stop_listening").to_owned()).clicked() {
                app.stop();
            }
        } else if ui
            .button(s.get("listen").to_owned())
            .on_hover_text(s.get("listen_hint"))
            .clicked()
        {
            start_listening(app);
        }
        ui.label(s.get("region"));
        let current = if app.region.is_empty() {
            s.get("region_all").to_owned()
        } else {
            app.region.clone()
        };
        egui::ComboBox::from_id_salt("region")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut app.region, String::new(), s.get("region_all"));
                for region in REGIONS {
                    ui.selectable_value(&mut app.region, region.to_owned(), region);
                }
            });
    });
    if let Some(code) = listening_to(app)
        && let Some(language) = app.catalog.language(&code)
    {
        {
            let autonym = language.meta.autonym.clone();
            ui.add_space(6.0);
            let width = ui.available_width();
            let shaped = app.text.get(
                ui.ctx(),
                &autonym,
                &code,
                Look::centered(72.0, width, ui.visuals().strong_text_color()),
            );
            let (rect, response) =
                ui.allocate_exact_size(Vec2::new(width, shaped.size.y + 10.0), Sense::click());
            paint_shaped(ui, &shaped, rect, true);
            response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &autonym));
            if response.clicked() {
                app.choose_language(&code);
                return;
            }
            ui.label(s.fill("now_listening", &[("name", &language.meta.name)]));
        }
    }
    ui.separator();
    let codes: Vec<String> = app
        .catalog
        .languages
        .values()
        .filter(|l| in_region(app, l))
        .map(|l| l.meta.code.clone())
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("picker")
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = Vec2::splat(12.0);
                for code in &codes {
                    if tile_ui(app, ui, code, Vec2::new(250.0, 110.0), 36.0, false) {
                        app.choose_language(code);
                    }
                }
            });
        });
}
