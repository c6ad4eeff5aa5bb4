//! The message board of the chosen language: categories in order, each
//! message a large button with its meaning for the responder and its text in
//! the person's script, its pictograms (a language without a voice says so,
//! with a shortcut to the Record panel), provenance badges, and play/stop with progress.

use super::chrome::{self, Style};
use super::i18n::{FSI, PDI};
use super::{Answer, Intent, Model, ViewContext};
use crate::catalog::Gender;
use crate::catalog::{AudioSource, Category, MessageDef};
use crate::text::TextCache;
use crate::text::widget::{Look, paint_shaped, person_text_ui};
use eframe::egui::{self, Color32, FontId, RichText, Ui, Vec2, WidgetInfo};

/// The ids of the opening sequence.
pub fn opening_ids(model: &Model) -> Vec<String> {
    model
        .catalog
        .messages
        .iter()
        .filter(|m| m.category == Category::Opening)
        .map(|m| m.id().to_owned())
        .collect()
}

/// The messages of `category` the active profile allows, and how many it hides.
pub fn visible_messages(model: &Model, category: Category) -> (Vec<&MessageDef>, usize) {
    let profile = model.profile();
    let all: Vec<&MessageDef> = model
        .catalog
        .messages
        .iter()
        .filter(|m| m.category == category)
        .collect();
    let shown: Vec<&MessageDef> = all.iter().copied().filter(|m| profile.allows(m)).collect();
    let hidden = all.len() - shown.len();
    (shown, hidden)
}

/// The board's own state.
#[derive(Debug, Default)]
pub struct BoardState {
    /// The message last scrolled into view (scroll again only when the
    /// current message changes).
    scrolled_to: Option<String>,
}

/// The colour of an answer (the person view's buttons use the same).
pub fn answer_color(answer: Answer) -> Color32 {
    match answer {
        Answer::Yes => Color32::from_rgb(30, 130, 60),
        Answer::No => Color32::from_rgb(170, 40, 40),
        Answer::DontKnow => Color32::from_rgb(90, 90, 100),
        Answer::Repeat => Color32::from_rgb(40, 90, 160),
    }
}

/// Whom the messages address, the child mark, and the interview's controls.
fn interview_bar_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    let big_size = Vec2::new(48.0, 32.0);
    chrome::wrapped_row_ui(ui, s, |ui| {
        if view.gendered() {
            chrome::styled_label_ui(ui, text, s, s.get("addressing"), Style::default().strong());
            for (gender, key) in [
                (Gender::Female, "addressing_woman"),
                (Gender::Male, "addressing_man"),
            ] {
                let chosen = view.gender() == gender;
                let style = Style::points(16.0);
                if chrome::styled_selectable_ui(ui, text, s, chosen, s.get(key), style, big_size)
                    .clicked()
                {
                    view.send(Intent::SetGender(gender));
                }
            }
            ui.separator();
        }
        let mut child = view.child;
        if s.shaped() {
            // A checkbox's label would be drawn by egui: a selectable instead.
            if chrome::selectable_ui(ui, text, s, child, s.get("child_mark")).clicked() {
                view.send(Intent::SetChild(!child));
            }
        } else if ui.checkbox(&mut child, s.get("child_mark")).changed() {
            view.send(Intent::SetChild(child));
        }
        ui.separator();
        let big = |ui: &mut Ui, text: &mut TextCache, label: &str| {
            chrome::styled_button_ui(ui, text, s, label, Style::points(16.0), big_size).clicked()
        };
        match &view.interview {
            None => {
                if big(ui, text, s.get("start_interview")) {
                    view.send(Intent::StartInterview);
                }
            }
            Some(interview) => {
                let (n, total) = interview.question_progress(view);
                let progress = s.fill(
                    "interview_progress",
                    &[
                        ("n", &n.min(total).to_string()),
                        ("total", &total.to_string()),
                    ],
                );
                chrome::label_ui(ui, text, s, &progress);
                if interview.paused {
                    if big(ui, text, s.get("resume_interview")) {
                        view.send(Intent::ResumeInterview);
                    }
                } else if big(ui, text, s.get("interview_pause")) {
                    view.send(Intent::PauseInterview(true));
                }
                if big(ui, text, s.get("end_interview")) {
                    view.send(Intent::EndInterview);
                }
            }
        }
    });
}

/// The board.
pub fn board_ui(view: &ViewContext, state: &mut BoardState, text: &mut TextCache, ui: &mut Ui) {
    let Some(language) = view.language() else {
        return;
    };
    let s = &view.strings;
    let code = language.meta.code.clone();
    let name_line = format!(
        "{} · {} · {}",
        language.meta.name, code, language.meta.script
    );
    let title_ui = |ui: &mut Ui, text: &mut TextCache| {
        person_text_ui(
            ui,
            text,
            &language.meta.autonym,
            &code,
            34.0,
            ui.visuals().strong_text_color(),
        );
        ui.label(RichText::new(&name_line).small());
    };
    chrome::row_ui(ui, s, |ui| {
        if s.rtl() {
            // The language's name at the right, its column sized before it
            // is filled (a right-to-left row grows from the right).
            let width = ui.available_width() * 0.6;
            ui.allocate_ui_with_layout(
                Vec2::new(width, 0.0),
                egui::Layout::top_down(egui::Align::Max),
                |ui| title_ui(ui, text),
            );
        } else {
            ui.vertical(|ui| {
                ui.set_max_width(ui.available_width() * 0.6);
                title_ui(ui, text);
            });
        }
        ui.with_layout(chrome::row_end_layout(s), |ui| {
            let big = Style::points(18.0);
            if view.is_playing()
                && chrome::styled_button_ui(ui, text, s, s.get("stop"), big, Vec2::ZERO).clicked()
            {
                view.send(Intent::Stop);
            }
            let opening = s.get("play_opening");
            if chrome::styled_button_ui(ui, text, s, opening, big, Vec2::ZERO).clicked() {
                view.send(Intent::Play(opening_ids(view)));
            }
        });
    });
    interview_bar_ui(view, text, ui);
    if !language.meta.gesture_note.is_empty() {
        // The note is English: isolated in a right-to-left interface.
        let note = if s.rtl() {
            format!("{FSI}{}{PDI}", language.meta.gesture_note)
        } else {
            language.meta.gesture_note.clone()
        };
        chrome::small_ui(ui, text, s, &format!("{}: {note}", s.get("gestures")));
    }
    if language.texts.values().any(|t| t.status.is_draft()) {
        let amber = Style::small().color(Color32::from_rgb(200, 140, 0));
        chrome::styled_label_ui(ui, text, s, s.get("drafts_note"), amber);
    }
    match super::unvoiced::board_notice_ui(ui, text, language, view.settings.picture_first, s) {
        Some(super::unvoiced::UnvoicedIntent::OpenRecorder) => {
            view.send(Intent::Show(super::Screen::Recorder));
        }
        Some(super::unvoiced::UnvoicedIntent::SetPictureFirst(choice)) => {
            let mut settings = view.settings.clone();
            settings.picture_first = choice;
            view.send(Intent::UpdateSettings(settings));
        }
        None => {}
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("board")
        .show(ui, |ui| {
            for category in Category::ALL.into_iter().filter(|c| c.on_board()) {
                let (messages, hidden) = visible_messages(view, category);
                ui.add_space(6.0);
                let key = format!("category_{category}");
                chrome::heading_ui(ui, text, s, s.get(&key));
                if hidden > 0 {
                    let profile = view.profile().name;
                    let note = s.fill(
                        "rights_hidden",
                        &[("count", &hidden.to_string()), ("profile", &profile)],
                    );
                    chrome::styled_label_ui(ui, text, s, &note, Style::small().italics());
                }
                for message in messages {
                    let response = message_button_ui(view, text, ui, message);
                    let is_current = view.current.as_deref() == Some(message.id());
                    if is_current && state.scrolled_to.as_deref() != Some(message.id()) {
                        response.scroll_to_me(Some(egui::Align::Center));
                        state.scrolled_to = Some(message.id().to_owned());
                    }
                    if response.clicked() {
                        if view.playing.tag.as_deref() == Some(message.id()) {
                            view.send(Intent::Stop);
                        } else {
                            view.send(Intent::Play(vec![message.id().to_owned()]));
                        }
                    }
                    ui.add_space(4.0);
                }
            }
        });
}

/// One message: the meaning (responder), the person's text, badges, progress.
fn message_button_ui(
    view: &ViewContext,
    text: &mut TextCache,
    ui: &mut Ui,
    message: &MessageDef,
) -> egui::Response {
    let id = message.id();
    let s = &view.strings;
    let code = view.lang.clone().unwrap_or_default();
    let meaning = view.meaning_of(id);
    let person_text = view.text_of(id).unwrap_or_default();
    let entry = view.language().and_then(|l| l.texts.get(id));
    let clip = view.language().and_then(|l| l.clip(id, view.gender()));
    let clip_source = clip.map(|c| c.def.source);
    let voice_out_of_date = clip.is_some_and(|c| c.out_of_date);
    let playing = view.playing.tag.as_deref() == Some(id);
    let current = view.current.as_deref() == Some(id);

    let mut badges: Vec<(String, Color32)> = Vec::new();
    if let Some(entry) = entry {
        if entry.status.is_draft() {
            badges.push((
                s.get("badge_draft").to_owned(),
                Color32::from_rgb(200, 140, 0),
            ));
        }
        if entry.is_low_confidence() {
            badges.push((
                s.get("badge_low").to_owned(),
                Color32::from_rgb(220, 60, 60),
            ));
        }
    }
    if voice_out_of_date {
        badges.push((
            s.get("badge_voice_out_of_date").to_owned(),
            Color32::from_rgb(220, 60, 60),
        ));
    }
    if let Some(answer) = view.answer_to(id) {
        badges.push((
            format!("{} {}", answer.symbol(), s.get(answer.message_id())),
            answer_color(answer),
        ));
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
    let inner = width - 24.0 - super::pictogram::CARD_COLUMN;
    let text_color = ui.visuals().strong_text_color();
    let meaning_line = format!(
        "{} {meaning}",
        if message.kind == crate::catalog::Kind::Question {
            "?"
        } else {
            "•"
        }
    );
    // The meaning is in the UI language: shaped by cosmic-text when egui
    // cannot lay it out, else an egui galley.
    let meaning_color = ui.visuals().text_color();
    let meaning_text = if s.shaped() {
        let look = Look::new(14.0, inner * 0.62, meaning_color);
        Meaning::Shaped(text.get(ui.ctx(), &meaning_line, &s.code, look))
    } else {
        Meaning::Galley(ui.painter().layout(
            meaning_line,
            FontId::proportional(14.0),
            meaning_color,
            inner * 0.62,
        ))
    };
    let shaped = text.get(
        ui.ctx(),
        &person_text,
        &code,
        Look::new(22.0, inner, text_color),
    );
    let height = meaning_text.size().y + shaped.size.y + 26.0;
    let (rect, response) = super::card_ui(ui, Vec2::new(width, height), playing);
    if current && !playing {
        ui.painter().rect_stroke(
            rect,
            6.0,
            egui::Stroke::new(3.0, ui.visuals().selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    }
    let body = super::pictogram::card_pictograms_ui(ui, message.pictograms(), rect);
    let top = body.min + Vec2::new(12.0, 8.0);
    let rtl = s.rtl();
    match &meaning_text {
        Meaning::Galley(galley) => {
            ui.painter().galley(top, galley.clone(), meaning_color);
        }
        Meaning::Shaped(line) => {
            // At the right of the card in a right-to-left interface.
            let area = if rtl {
                egui::Rect::from_min_max(
                    egui::pos2(rect.max.x - 12.0 - line.size.x, top.y),
                    egui::pos2(rect.max.x - 12.0, top.y + line.size.y),
                )
            } else {
                egui::Rect::from_min_size(top, line.size)
            };
            paint_shaped(ui, line, area, false);
        }
    }
    // Badges on the meaning line, at its far end (responder side only).
    if rtl {
        let mut x = top.x;
        for (badge, color) in &badges {
            let shaped_badge = text.get(ui.ctx(), badge, &s.code, Look::new(11.0, 4000.0, *color));
            let area = egui::Rect::from_min_size(egui::pos2(x, top.y), shaped_badge.size);
            paint_shaped(ui, &shaped_badge, area, false);
            x += shaped_badge.size.x + 10.0;
        }
    } else {
        let mut x = rect.max.x - 12.0;
        for (badge, color) in badges.iter().rev() {
            if s.shaped() {
                let look = Look::new(11.0, 4000.0, *color);
                let shaped_badge = text.get(ui.ctx(), badge, &s.code, look);
                x -= shaped_badge.size.x;
                let area = egui::Rect::from_min_size(egui::pos2(x, top.y), shaped_badge.size);
                paint_shaped(ui, &shaped_badge, area, false);
            } else {
                let galley = ui.painter().layout_no_wrap(
                    badge.clone(),
                    FontId::proportional(11.0),
                    color.to_owned(),
                );
                x -= galley.size().x;
                ui.painter()
                    .galley(egui::pos2(x, top.y), galley.clone(), *color);
            }
            x -= 10.0;
        }
    }
    let text_rect = egui::Rect::from_min_size(
        egui::pos2(body.min.x + 12.0, top.y + meaning_text.size().y + 6.0),
        Vec2::new(inner, shaped.size.y),
    );
    paint_shaped(ui, &shaped, text_rect, false);
    if playing && view.playing.seconds > 0.0 {
        let fraction = (view.playing.position / view.playing.seconds).clamp(0.0, 1.0) as f32;
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

/// A card's meaning line: laid out by egui, or shaped by cosmic-text.
enum Meaning {
    Galley(std::sync::Arc<egui::Galley>),
    Shaped(crate::text::widget::ShapedText),
}

impl Meaning {
    fn size(&self) -> Vec2 {
        match self {
            Meaning::Galley(galley) => galley.size(),
            Meaning::Shaped(shaped) => shaped.size,
        }
    }
}
