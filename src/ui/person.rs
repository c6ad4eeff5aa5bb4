//! The person view: turned to the person, full screen. The current message in
//! large text in their script, and big YES / NO / DON'T KNOW / REPEAT buttons
//! labelled in their language, with ✓ ✗ ? ↻.

use super::{Answer, App};
use crate::text::widget::{Look, paint_shaped};
use eframe::egui::{self, Color32, RichText, Sense, Stroke, Ui, Vec2, WidgetInfo};

fn answer_color(answer: Answer) -> Color32 {
    match answer {
        Answer::Yes => Color32::from_rgb(30, 130, 60),
        Answer::No => Color32::from_rgb(170, 40, 40),
        Answer::DontKnow => Color32::from_rgb(90, 90, 100),
        Answer::Repeat => Color32::from_rgb(40, 90, 160),
    }
}

/// The whole person view.
pub fn person_view_ui(app: &mut App, ui: &mut Ui) {
    let Some(code) = app.lang.clone() else {
        return;
    };
    if ui
        .small_button(app.strings.get("close_person_view"))
        .clicked()
    {
        app.person_view = false;
    }
    let id = app
        .current
        .clone()
        .unwrap_or_else(|| "language_check".to_owned());
    let text = app.text_of(&id).unwrap_or_default();
    let width = ui.available_width();
    let height = ui.available_height();
    let buttons_height = (height * 0.42).clamp(160.0, 420.0);
    let text_height = height - buttons_height - 24.0;
    let color = ui.visuals().strong_text_color();
    let shaped = app
        .text
        .get(ui.ctx(), &text, &code, Look::new(44.0, width - 32.0, color));
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(width, text_height.max(shaped.size.y)),
        Sense::hover(),
    );
    paint_shaped(ui, &shaped, rect.shrink(16.0), false);
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &text));
    if let Some(number) = &app.hotline_shown
        && app.current.as_deref() == Some("hotline")
    {
        ui.label(RichText::new(number).size(64.0).strong());
    }
    let gap = 12.0;
    let button = Vec2::new((width - gap) / 2.0, (buttons_height - gap) / 2.0);
    for row in Answer::ALL.chunks(2) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing = Vec2::splat(gap);
            for answer in row {
                if answer_button_ui(app, ui, *answer, button).clicked() {
                    app.answer(*answer);
                }
            }
        });
    }
}

fn answer_button_ui(app: &mut App, ui: &mut Ui, answer: Answer, size: Vec2) -> egui::Response {
    let code = app.lang.clone().unwrap_or_default();
    let label = app
        .text_of(answer.message_id())
        .unwrap_or_else(|| answer.as_str().to_owned());
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let mut fill = answer_color(answer);
    if response.hovered() {
        fill = fill.gamma_multiply(1.2);
    }
    ui.painter().rect(
        rect,
        12.0,
        fill,
        Stroke::new(2.0, Color32::WHITE),
        egui::StrokeKind::Inside,
    );
    let symbol = app.text.get(
        ui.ctx(),
        answer.symbol(),
        "en",
        Look::centered(48.0, size.x, Color32::WHITE),
    );
    let text = app.text.get(
        ui.ctx(),
        &label,
        &code,
        Look::centered(34.0, size.x - 24.0, Color32::WHITE),
    );
    let total = symbol.size.y + text.size.y;
    let top = rect.center().y - total / 2.0;
    paint_shaped(
        ui,
        &symbol,
        egui::Rect::from_min_size(
            egui::pos2(rect.min.x, top),
            Vec2::new(size.x, symbol.size.y),
        ),
        true,
    );
    paint_shaped(
        ui,
        &text,
        egui::Rect::from_min_size(
            egui::pos2(rect.min.x, top + symbol.size.y),
            Vec2::new(size.x, text.size.y),
        ),
        true,
    );
    let alt = format!("{} {label}", answer.symbol());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &alt));
    response
}
