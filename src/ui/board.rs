//! The message board of the chosen language: categories in order, each
//! message a large button with its meaning for the responder and its text in
//! the person's script, provenance badges, and play/stop with progress.

use super::App;
use crate::catalog::{AudioSource, Category, Confidence, MessageDef};
use crate::text::widget::{Look, paint_shaped, person_text_ui};
use eframe::egui::{self, Color32, FontId, RichText, Ui, Vec2, WidgetInfo};

/// The ids of the opening sequence.
pub fn opening_ids(app: &App) -> Vec<String> {
    app.catalog
        .messages
        .iter()
        .filter(|m| m.category == Category::Opening)
        .map(|m| m.id().to_owned())
        .collect()
}

/// The messages of `category` the active profile allows, and how many it hides.
pub fn visible_messages(app: &App, category: Category) -> (Vec<MessageDef>, usize) {
    let profile = app.profile();
    let all: Vec<&MessageDef> = app
        .catalog
        .messages
        .iter()
        .filter(|m| m.category == category)
        .collect();
    let shown: Vec<MessageDef> = all
        .iter()
        .filter(|m| profile.allows(m))
        .map(|m| (*m).clone())
        .collect();
    let hidden = all.len() - shown.len();
    (shown, hidden)
}

/// The board.
pub fn board_ui(app: &mut App, ui: &mut Ui) {
    let Some(language) = app.language().cloned() else {
        return;
    };
    let s = app.strings.clone();
    let code = language.meta.code.clone();
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_max_width(ui.available_width() * 0.6);
            person_text_ui(
                ui,
                &mut app.text,
                &language.meta.autonym,
                &code,
                34.0,
                ui.visuals().strong_text_color(),
            );
            ui.label(
                RichText::new(format!(
                    "{} · {} · {}",
                    language.meta.name, code, language.meta.script
                ))
                .small(),
            );
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if app.is_playing()
                && ui
                    .button(RichText::new(s.get("stop").to_owned()).size(18.0))
                    .clicked()
            {
                app.stop();
            }
            if ui
                .button(RichText::new(s.get("play_opening").to_owned()).size(18.0))
                .clicked()
            {
                let ids = opening_ids(app);
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                app.play_messages(&refs);
            }
        });
    });
    if !language.meta.gesture_note.is_empty() {
        ui.label(
            RichText::new(format!(
                "{}: {}",
                s.get("gestures"),
                language.meta.gesture_note
            ))
            .small(),
        );
    }
    if language.texts.values().any(|t| t.status.is_draft()) {
        ui.label(
            RichText::new(s.get("drafts_note").to_owned())
                .small()
                .color(Color32::from_rgb(200, 140, 0)),
        );
    }
    if !language.has_audio() {
        ui.label(
            RichText::new(s.get("no_audio_language").to_owned())
                .color(Color32::from_rgb(200, 140, 0)),
        );
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("board")
        .show(ui, |ui| {
            for category in Category::ALL.into_iter().filter(|c| c.on_board()) {
                let (messages, hidden) = visible_messages(app, category);
                ui.add_space(6.0);
                ui.label(RichText::new(s.get(&format!("category_{category}"))).heading());
                if hidden > 0 {
                    let profile = app.profile().name;
                    ui.label(
                        RichText::new(s.fill(
                            "rights_hidden",
                            &[("count", &hidden.to_string()), ("profile", &profile)],
                        ))
                        .small()
                        .italics(),
                    );
                }
                for message in &messages {
                    if message_button_ui(app, ui, message).clicked() {
                        if app.playing.tag.as_deref() == Some(message.id()) {
                            app.stop();
                        } else {
                            app.play_messages(&[message.id()]);
                        }
                    }
                    ui.add_space(4.0);
                }
            }
        });
}

/// One message: the meaning (responder), the person's text, badges, progress.
fn message_button_ui(app: &mut App, ui: &mut Ui, message: &MessageDef) -> egui::Response {
    let id = message.id();
    let s = app.strings.clone();
    let code = app.lang.clone().unwrap_or_default();
    let meaning = app.meaning_of(id);
    let person_text = app.text_of(id).unwrap_or_default();
    let entry = app.language().and_then(|l| l.texts.get(id)).cloned();
    let clip_source = app
        .language()
        .and_then(|l| l.clip(id, app.gender()))
        .map(|c| c.def.source);
    let playing = app.playing.tag.as_deref() == Some(id);

    let mut badges: Vec<(String, Color32)> = Vec::new();
    if let Some(entry) = &entry {
        if entry.status.is_draft() {
            badges.push((
                s.get("badge_draft").to_owned(),
                Color32::from_rgb(200, 140, 0),
            ));
        }
        if entry.confidence == Confidence::Low {
            badges.push((
                s.get("badge_low").to_owned(),
                Color32::from_rgb(220, 60, 60),
            ));
        }
    }
    match clip_source {
        Some(AudioSource::Synthetic) => {
            badges.push((s.get("badge_synthetic").to_owned(), Color32::GRAY))
        }
        Some(AudioSource::Recorded) => badges.push((
            s.get("badge_recorded").to_owned(),
            Color32::from_rgb(60, 160, 60),
        )),
        None => badges.push((
            s.get("no_audio_yet").to_owned(),
            Color32::from_rgb(200, 140, 0),
        )),
    }

    let width = ui.available_width();
    let inner = width - 24.0;
    let text_color = ui.visuals().strong_text_color();
    let meaning_galley = ui.painter().layout(
        format!(
            "{} {meaning}",
            if message.kind == crate::catalog::Kind::Question {
                "?"
            } else {
                "•"
            }
        ),
        FontId::proportional(14.0),
        ui.visuals().text_color(),
        inner * 0.7,
    );
    let shaped = app.text.get(
        ui.ctx(),
        &person_text,
        &code,
        Look::new(22.0, inner, text_color),
    );
    let height = meaning_galley.size().y + shaped.size.y + 26.0;
    let (rect, response) = super::card_ui(ui, Vec2::new(width, height), playing);
    let top = rect.min + Vec2::new(12.0, 8.0);
    ui.painter()
        .galley(top, meaning_galley.clone(), ui.visuals().text_color());
    // Badges, right-aligned on the meaning line (responder side only).
    let mut x = rect.max.x - 12.0;
    for (badge, color) in badges.iter().rev() {
        let galley = ui.painter().layout_no_wrap(
            badge.clone(),
            FontId::proportional(11.0),
            color.to_owned(),
        );
        x -= galley.size().x;
        ui.painter()
            .galley(egui::pos2(x, top.y), galley.clone(), *color);
        x -= 10.0;
    }
    let text_rect = egui::Rect::from_min_size(
        egui::pos2(rect.min.x + 12.0, top.y + meaning_galley.size().y + 6.0),
        Vec2::new(inner, shaped.size.y),
    );
    paint_shaped(ui, &shaped, text_rect, false);
    if playing && app.playing.seconds > 0.0 {
        let fraction = (app.playing.position / app.playing.seconds).clamp(0.0, 1.0) as f32;
        let bar = egui::Rect::from_min_size(
            egui::pos2(rect.min.x, rect.max.y - 4.0),
            Vec2::new(width * fraction, 4.0),
        );
        ui.painter()
            .rect_filled(bar, 2.0, ui.visuals().selection.stroke.color);
    }
    let label = format!("{meaning} | {person_text}");
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
    response
}
