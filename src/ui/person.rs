//! The person view: turned to the person, full screen. The current message's
//! pictogram, large, above its text in their script (in "Picture first" mode
//! the pictogram fills most of the screen and the text is smaller), and big
//! YES / NO / DON'T KNOW / REPEAT buttons labelled in their language, with
//! ✓ ✗ ? ↻ (and a pictogram beside ? and ↻).

use super::board::answer_color;
use super::chrome;
use super::{Answer, Intent, ViewContext, pictogram};
use crate::text::TextCache;
use crate::text::widget::{Look, paint_shaped};
use eframe::egui::{self, Color32, RichText, Sense, Stroke, Ui, Vec2, WidgetInfo};

/// The whole person view.
pub fn person_view_ui(view: &ViewContext, cache: &mut TextCache, ui: &mut Ui) {
    let Some(code) = view.lang.clone() else {
        return;
    };
    let s = &view.strings;
    let close = s.get("close_person_view");
    let size = Vec2::new(48.0, 48.0);
    if chrome::styled_button_ui(ui, cache, s, close, chrome::Style::default(), size).clicked() {
        view.send(Intent::SetPersonView(false));
    }
    if view.interview.is_some() {
        sequence_strip_ui(view, cache, ui);
    }
    let id = view.current.as_deref().unwrap_or("language_check");
    let text = view.text_of(id).unwrap_or_default();
    let width = ui.available_width();
    let height = ui.available_height();
    let picture_first = view
        .language()
        .is_some_and(|l| view.settings.picture_first.applies_to(l));
    let layout = pictogram::person_layout(height, picture_first);
    let pictograms = view.catalog.message(id).map(|m| m.pictograms());
    pictogram::pictograms_ui(
        ui,
        pictograms.unwrap_or_default(),
        layout.pictogram,
        &view.meaning_of(id),
    );
    let buttons_height = layout.buttons;
    let text_height = height - buttons_height - layout.pictogram - 32.0;
    let color = ui.visuals().strong_text_color();
    let shaped = cache.get(
        ui.ctx(),
        &text,
        &code,
        Look::new(layout.text_pt, width - 32.0, color),
    );
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(width, text_height.max(shaped.size.y)),
        Sense::hover(),
    );
    paint_shaped(ui, &shaped, rect.shrink(16.0), false);
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &text));
    if let Some(number) = &view.hotline_shown
        && view.current.as_deref() == Some("hotline")
    {
        ui.label(RichText::new(number).size(64.0).strong());
    }
    let gap = 12.0;
    let button = Vec2::new((width - gap) / 2.0, (buttons_height - gap) / 2.0);
    for row in Answer::ALL.chunks(2) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing = Vec2::splat(gap);
            for answer in row {
                if answer_button_ui(view, cache, ui, *answer, button).clicked() {
                    view.send(Intent::Answer(*answer));
                }
            }
        });
    }
}

fn answer_button_ui(
    view: &ViewContext,
    cache: &mut TextCache,
    ui: &mut Ui,
    answer: Answer,
    size: Vec2,
) -> egui::Response {
    let code = view.lang.clone().unwrap_or_default();
    let label = view
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
    let symbol = cache.get(
        ui.ctx(),
        answer.symbol(),
        "en",
        Look::centered(48.0, size.x, Color32::WHITE),
    );
    let text = cache.get(
        ui.ctx(),
        &label,
        &code,
        Look::centered(34.0, size.x - 24.0, Color32::WHITE),
    );
    let total = symbol.size.y + text.size.y;
    let top = rect.center().y - total / 2.0;
    let symbol_row = egui::Rect::from_min_size(
        egui::pos2(rect.min.x, top),
        Vec2::new(size.x, symbol.size.y),
    );
    let pictograms = view
        .catalog
        .message(answer.message_id())
        .map(|m| m.pictograms());
    let symbol_rect = pictogram::answer_symbol_ui(
        ui,
        answer.message_id(),
        pictograms.unwrap_or_default(),
        symbol_row,
    );
    paint_shaped(ui, &symbol, symbol_rect, true);
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

/// The responder's strip in the person view: "question 4 of 17", Back, Skip
/// and Pause / Resume, each at least 48 x 48 points for touch screens.
pub fn sequence_strip_ui(view: &ViewContext, cache: &mut TextCache, ui: &mut Ui) {
    let Some(interview) = &view.interview else {
        return;
    };
    let s = &view.strings;
    let (n, total) = interview.question_progress(view);
    chrome::row_ui(ui, s, |ui| {
        ui.spacing_mut().item_spacing = Vec2::splat(8.0);
        let button = |ui: &mut Ui, cache: &mut TextCache, label: &str| {
            let style = chrome::Style::points(18.0);
            chrome::styled_button_ui(ui, cache, s, label, style, Vec2::splat(48.0)).clicked()
        };
        let progress = s.fill(
            "interview_progress",
            &[
                ("n", &n.min(total).to_string()),
                ("total", &total.to_string()),
            ],
        );
        chrome::styled_label_ui(ui, cache, s, &progress, chrome::Style::points(16.0));
        if button(ui, cache, s.get("interview_back")) {
            view.send(Intent::Step(-1));
        }
        if button(ui, cache, s.get("interview_skip")) {
            view.send(Intent::Step(1));
        }
        if interview.paused {
            if button(ui, cache, s.get("resume_interview")) {
                view.send(Intent::ResumeInterview);
            }
        } else if button(ui, cache, s.get("interview_pause")) {
            view.send(Intent::PauseInterview(true));
        }
    });
}
