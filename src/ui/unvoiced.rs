//! Languages without a voice, made plain to the responder: a "no voice" badge
//! on the finder's tiles, and on the board the notice "No voice yet: show the
//! screen, or record one" with a shortcut to the Record panel and the
//! Picture-first switch. Free functions over read-only data; the caller
//! applies what they return.

use super::chrome::{self, Style};
use super::i18n::Strings;
use super::pictogram::PictureFirst;
use crate::catalog::Language;
use crate::text::TextCache;
use eframe::egui::{self, Color32, FontId, Rect, Response, Ui};

/// The amber of every "no voice" mark.
pub const NO_VOICE: Color32 = Color32::from_rgb(200, 130, 0);

/// What the responder asked for on the board's notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnvoicedIntent {
    /// Open the Record panel on this language.
    OpenRecorder,
    /// Change the Picture-first setting.
    SetPictureFirst(PictureFirst),
}

/// Whether `language` can be heard: it has at least one clip.
pub fn is_voiced(language: &Language) -> bool {
    language.has_audio()
}

/// Paint the "no voice" badge in the top-right corner of a finder tile
/// (shaped by cosmic-text when the UI language needs it).
pub fn paint_no_voice_badge(ui: &Ui, text: &mut TextCache, tile: Rect, strings: &Strings) {
    let label = strings.get("no_voice_badge");
    let badge_at = |size: egui::Vec2| {
        let size = size + egui::vec2(8.0, 2.0);
        let badge = Rect::from_min_size(
            egui::pos2(tile.max.x - size.x - 4.0, tile.min.y + 4.0),
            size,
        );
        ui.painter().rect_filled(badge, 4.0, NO_VOICE);
        badge
    };
    if strings.shaped() {
        let look = crate::text::widget::Look::new(11.0, 400.0, Color32::WHITE);
        let shaped = text.get(ui.ctx(), label, &strings.code, look);
        let badge = badge_at(shaped.size);
        crate::text::widget::paint_shaped(ui, &shaped, badge, true);
    } else {
        let galley = ui.painter().layout_no_wrap(
            label.to_owned(),
            FontId::proportional(11.0),
            Color32::WHITE,
        );
        let badge = badge_at(galley.size());
        ui.painter()
            .galley(badge.center() - galley.size() / 2.0, galley, Color32::WHITE);
    }
}

/// The board's line about the voice and the picture: for a language without
/// a voice, the notice and the Record shortcut; for every language, the
/// Picture-first switch (showing what the person view will do).
pub fn board_notice_ui(
    ui: &mut Ui,
    text: &mut TextCache,
    language: &Language,
    picture_first: PictureFirst,
    strings: &Strings,
) -> Option<UnvoicedIntent> {
    let mut intent = None;
    chrome::wrapped_row_ui(ui, strings, |ui| {
        if !is_voiced(language) {
            let style = Style::default().strong().color(NO_VOICE);
            chrome::styled_label_ui(ui, text, strings, strings.get("no_voice_yet"), style);
            if chrome::button_ui(ui, text, strings, strings.get("open_recorder")).clicked() {
                intent = Some(UnvoicedIntent::OpenRecorder);
            }
            ui.separator();
        }
        let default = PictureFirst::Unvoiced.applies_to(language);
        let mut on = picture_first.applies_to(language);
        let toggled = if strings.shaped() {
            // A checkbox's label would be drawn by egui: a selectable instead.
            let toggle = chrome::selectable_ui(ui, text, strings, on, strings.get("picture_first"));
            let toggle = chrome::hover_ui(toggle, text, strings, strings.get("picture_first_note"));
            if toggle.clicked() {
                on = !on;
            }
            toggle.clicked()
        } else {
            ui.checkbox(&mut on, strings.get("picture_first"))
                .on_hover_text(strings.get("picture_first_note"))
                .changed()
        };
        if toggled {
            intent = Some(UnvoicedIntent::SetPictureFirst(if on == default {
                PictureFirst::Unvoiced
            } else if on {
                PictureFirst::Always
            } else {
                PictureFirst::Never
            }));
        }
    });
    intent
}

/// The settings row: when the person view puts the picture first (the combo
/// box, to name it by its label, where egui draws one).
pub fn picture_first_setting_ui(
    ui: &mut Ui,
    text: &mut TextCache,
    choice: &mut PictureFirst,
    strings: &Strings,
) -> Option<Response> {
    ui.vertical(|ui| {
        let current = strings.get(choice.string_key()).to_owned();
        let options: Vec<(PictureFirst, String)> = PictureFirst::ALL
            .into_iter()
            .map(|o| (o, strings.get(o.string_key()).to_owned()))
            .collect();
        let combo = chrome::choice_ui(
            ui,
            text,
            strings,
            "picture_first",
            choice,
            &current,
            &options,
            None,
        );
        chrome::small_ui(ui, text, strings, strings.get("picture_first_note"));
        combo
    })
    .inner
}
