//! The responder's chrome (labels, headings, buttons, selectable tabs) in
//! any UI language.
//!
//! egui lays out no right-to-left text (Arabic comes out unjoined and in
//! reversed order) and shapes Devanagari and Thai poorly. For a UI language
//! whose [`Strings::shaped`] is set, every helper here shapes its text
//! through cosmic-text (the same [`TextCache`] and [`paint_shaped`] path as
//! the person's texts), allocates the widget itself with egui's button or
//! selectable visuals, and sets its [`WidgetInfo`] to the logical string, so
//! screen readers and kittest's `get_by_label` find it. For the other
//! languages they are plain egui widgets. Bidi isolates that
//! [`Strings::fill`] adds in a right-to-left interface are drawn (as nothing)
//! by cosmic-text only, and stripped before any text reaches egui.
//!
//! The row helpers mirror the layout: in a right-to-left interface a row
//! starts at the right.

use super::i18n::{Strings, strip_isolates};
use crate::text::TextCache;
use crate::text::widget::{Look, paint_shaped};
use eframe::egui::{
    self, Align, Color32, InnerResponse, Layout, Response, RichText, Sense, StrokeKind, TextStyle,
    TextWrapMode, Ui, Vec2, WidgetInfo,
};

/// Widest a button's or tab's text is laid out (they do not wrap).
const NO_WRAP: f32 = 4000.0;

/// The size of a chrome text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Size {
    #[default]
    Body,
    Small,
    Heading,
    Points(f32),
}

/// How a chrome text looks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Style {
    pub size: Size,
    /// The strong text colour (as egui's `RichText::strong`).
    pub strong: bool,
    pub color: Option<Color32>,
    /// Italics (egui path only; cosmic-text draws it upright).
    pub italics: bool,
}

impl Style {
    /// Heading size.
    pub fn heading() -> Self {
        Self {
            size: Size::Heading,
            ..Self::default()
        }
    }

    /// Small size.
    pub fn small() -> Self {
        Self {
            size: Size::Small,
            ..Self::default()
        }
    }

    /// `points` in size.
    pub fn points(points: f32) -> Self {
        Self {
            size: Size::Points(points),
            ..Self::default()
        }
    }

    /// In the strong text colour.
    pub fn strong(self) -> Self {
        Self {
            strong: true,
            ..self
        }
    }

    /// In `color`.
    pub fn color(self, color: Color32) -> Self {
        Self {
            color: Some(color),
            ..self
        }
    }

    /// In italics.
    pub fn italics(self) -> Self {
        Self {
            italics: true,
            ..self
        }
    }

    fn points_in(self, ui: &Ui) -> f32 {
        let of = |style: TextStyle, default: f32| {
            ui.style()
                .text_styles
                .get(&style)
                .map_or(default, |f| f.size)
        };
        match self.size {
            Size::Body => of(TextStyle::Body, 14.0),
            Size::Small => of(TextStyle::Small, 10.0),
            Size::Heading => of(TextStyle::Heading, 18.0),
            Size::Points(points) => points,
        }
    }

    /// The egui text, without bidi isolates.
    fn rich(self, text: &str) -> RichText {
        let mut rich = RichText::new(strip_isolates(text));
        rich = match self.size {
            Size::Body => rich,
            Size::Small => rich.small(),
            Size::Heading => rich.heading(),
            Size::Points(points) => rich.size(points),
        };
        if self.strong {
            rich = rich.strong();
        }
        if let Some(color) = self.color {
            rich = rich.color(color);
        }
        if self.italics {
            rich = rich.italics();
        }
        rich
    }
}

/// Which script engine draws a text, and for which language.
#[derive(Clone, Copy, Debug)]
struct Voice<'a> {
    lang: &'a str,
    shaped: bool,
}

impl<'a> Voice<'a> {
    fn of(s: &'a Strings) -> Self {
        Self {
            lang: &s.code,
            shaped: s.shaped(),
        }
    }

    /// Whether cosmic-text draws `text`: in a shaped UI language, and in any
    /// other for a text holding right-to-left letters (a case reference, a
    /// name typed in Arabic), which egui would show unjoined and reversed.
    fn draws(self, text: &str) -> bool {
        self.shaped || has_rtl(text)
    }
}

/// `value` (a number, code, English text or path inserted into a string of
/// the UI language) bidi-isolated in a right-to-left interface, so it keeps
/// its own direction; as it is otherwise.
pub fn isolate(s: &Strings, value: &str) -> String {
    if s.rtl() {
        format!("{}{value}{}", super::i18n::FSI, super::i18n::PDI)
    } else {
        value.to_owned()
    }
}

/// A label in the UI language (wrapped at the available width).
pub fn label_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    styled_label_ui(ui, cache, s, text, Style::default())
}

/// A heading in the UI language.
pub fn heading_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    styled_label_ui(ui, cache, s, text, Style::heading())
}

/// A small label in the UI language.
pub fn small_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    styled_label_ui(ui, cache, s, text, Style::small())
}

/// A label in the UI language, in `style`.
pub fn styled_label_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    text: &str,
    style: Style,
) -> Response {
    label_in_ui(ui, cache, Voice::of(s), text, style)
}

fn label_in_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    voice: Voice,
    text: &str,
    style: Style,
) -> Response {
    if !voice.draws(text) {
        return ui.label(style.rich(text));
    }
    let color = style.color.unwrap_or_else(|| {
        if style.strong {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().text_color()
        }
    });
    // Wrapped at the available width where egui would wrap a label (not in
    // a grid cell or a plain row).
    let width = if ui.wrap_mode() == TextWrapMode::Extend {
        NO_WRAP
    } else {
        ui.available_width().max(40.0)
    };
    let shaped = cache.get(
        ui.ctx(),
        text,
        voice.lang,
        Look::new(style.points_in(ui), width, color),
    );
    let (rect, response) = ui.allocate_exact_size(shaped.size, Sense::hover());
    if ui.is_rect_visible(rect) {
        paint_shaped(ui, &shaped, rect, false);
    }
    let enabled = ui.is_enabled();
    let label = strip_isolates(text);
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, enabled, &label));
    response
}

/// A button in the UI language.
pub fn button_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    styled_button_ui(ui, cache, s, text, Style::default(), Vec2::ZERO)
}

/// A button in the UI language that can be disabled.
pub fn enabled_button_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    enabled: bool,
    text: &str,
) -> Response {
    ui.add_enabled_ui(enabled, |ui| button_ui(ui, cache, s, text))
        .inner
}

/// A small button in the UI language.
pub fn small_button_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    styled_button_ui(ui, cache, s, text, Style::small(), Vec2::ZERO)
}

/// A button in the UI language, in `style`, at least `min_size` big.
pub fn styled_button_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    text: &str,
    style: Style,
    min_size: Vec2,
) -> Response {
    clickable_ui(ui, cache, Voice::of(s), text, style, None, min_size)
}

/// A selectable tab or choice in the UI language.
pub fn selectable_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    selected: bool,
    text: &str,
) -> Response {
    styled_selectable_ui(ui, cache, s, selected, text, Style::default(), Vec2::ZERO)
}

/// A selectable choice in the UI language, in `style`, at least `min_size` big.
pub fn styled_selectable_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    selected: bool,
    text: &str,
    style: Style,
    min_size: Vec2,
) -> Response {
    clickable_ui(
        ui,
        cache,
        Voice::of(s),
        text,
        style,
        Some(selected),
        min_size,
    )
}

/// A selectable choice showing `text` in language `lang`, always shaped
/// through cosmic-text (the Settings list of UI languages, each named in
/// itself whatever the interface language).
pub fn autonym_selectable_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    lang: &str,
    selected: bool,
    text: &str,
) -> Response {
    let voice = Voice { lang, shaped: true };
    clickable_ui(
        ui,
        cache,
        voice,
        text,
        Style::default(),
        Some(selected),
        Vec2::ZERO,
    )
}

/// A button (`selected` None) or a selectable (Some), drawn by egui or,
/// for a shaped language, allocated and painted here with egui's visuals.
fn clickable_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    voice: Voice,
    text: &str,
    style: Style,
    selected: Option<bool>,
    min_size: Vec2,
) -> Response {
    let small = style.size == Size::Small;
    if !voice.draws(text) {
        // A small button as `ui.small_button` makes it (less padding).
        let rich = if small {
            Style {
                size: Size::Body,
                ..style
            }
            .rich(text)
        } else {
            style.rich(text)
        };
        let button = match selected {
            Some(selected) => egui::Button::selectable(selected, rich),
            None => egui::Button::new(rich),
        };
        let button = if small { button.small() } else { button };
        return ui.add(button.min_size(min_size));
    }
    let points = style.points_in(ui);
    let idle = style
        .color
        .unwrap_or_else(|| ui.visuals().widgets.inactive.text_color());
    let measured = cache.get(ui.ctx(), text, voice.lang, Look::new(points, NO_WRAP, idle));
    let mut padding = ui.spacing().button_padding;
    if small {
        padding.y = 0.0;
    }
    let size = (measured.size + 2.0 * padding)
        .max(min_size)
        .max(Vec2::new(0.0, ui.spacing().interact_size.y));
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    if ui.is_rect_visible(rect) {
        let visuals = match selected {
            Some(selected) => ui.style().interact_selectable(&response, selected),
            None => *ui.style().interact(&response),
        };
        let framed = match selected {
            None => true,
            Some(selected) => {
                selected
                    || response.hovered()
                    || response.has_focus()
                    || response.is_pointer_button_down_on()
            }
        };
        if framed {
            ui.painter().rect(
                rect.expand(visuals.expansion),
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                StrokeKind::Inside,
            );
        }
        let color = style.color.unwrap_or_else(|| visuals.text_color());
        let shaped = cache.get(
            ui.ctx(),
            text,
            voice.lang,
            Look::new(points, NO_WRAP, color),
        );
        paint_shaped(ui, &shaped, rect, true);
    }
    let enabled = ui.is_enabled();
    let label = strip_isolates(text);
    response.widget_info(|| match selected {
        Some(selected) => WidgetInfo::selected(egui::Role::Button, enabled, selected, &label),
        None => WidgetInfo::labeled(egui::Role::Button, enabled, &label),
    });
    response
}

/// A choice of `current` among `options` (value, label) whose labels may be
/// in the UI language: egui's combo box (showing `current_label`, at least
/// `width` wide), or, for a shaped UI language whose labels egui cannot
/// draw, a wrapping row of shaped selectables. The combo box's response, to
/// name it by its label (the selectables name themselves).
#[allow(clippy::too_many_arguments)]
pub fn choice_ui<T: Clone + PartialEq>(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    id: &str,
    current: &mut T,
    current_label: &str,
    options: &[(T, String)],
    width: Option<f32>,
) -> Option<Response> {
    if s.shaped() {
        ui.scope(|ui| {
            ui.set_max_width(width.unwrap_or(0.0).max(420.0));
            wrapped_row_ui(ui, s, |ui| {
                for (value, label) in options {
                    if selectable_ui(ui, cache, s, *current == *value, label).clicked() {
                        *current = value.clone();
                    }
                }
            });
        });
        return None;
    }
    let mut combo = egui::ComboBox::from_id_salt(id).selected_text(strip_isolates(current_label));
    if let Some(width) = width {
        combo = combo.width(width);
    }
    let shown = combo.show_ui(ui, |ui| {
        for (value, label) in options {
            ui.selectable_value(current, value.clone(), strip_isolates(label));
        }
    });
    Some(shown.response)
}

/// Show `text` when the pointer rests on `response`.
pub fn hover_ui(response: Response, cache: &mut TextCache, s: &Strings, text: &str) -> Response {
    if Voice::of(s).draws(text) {
        response.on_hover_ui(|ui| {
            label_ui(ui, cache, s, text);
        })
    } else {
        response.on_hover_text(strip_isolates(text))
    }
}

/// The layout of a row: from the right in a right-to-left interface.
pub fn row_layout(s: &Strings) -> Layout {
    if s.rtl() {
        Layout::right_to_left(Align::Center)
    } else {
        Layout::left_to_right(Align::Center)
    }
}

/// The layout of the rest of a row, from its far end (the top bar's
/// trailing buttons).
pub fn row_end_layout(s: &Strings) -> Layout {
    if s.rtl() {
        Layout::left_to_right(Align::Center)
    } else {
        Layout::right_to_left(Align::Center)
    }
}

/// A row (as `ui.horizontal`), starting at the right when the interface is
/// right to left.
pub fn row_ui<R>(ui: &mut Ui, s: &Strings, add: impl FnOnce(&mut Ui) -> R) -> InnerResponse<R> {
    if !s.rtl() {
        return ui.horizontal(add);
    }
    let size = Vec2::new(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, row_layout(s), add)
}

/// A wrapping row (as `ui.horizontal_wrapped`), mirrored when right to left.
pub fn wrapped_row_ui<R>(
    ui: &mut Ui,
    s: &Strings,
    add: impl FnOnce(&mut Ui) -> R,
) -> InnerResponse<R> {
    if !s.rtl() {
        return ui.horizontal_wrapped(add);
    }
    let size = Vec2::new(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(size, row_layout(s).with_main_wrap(true), add)
}

/// A column whose items sit at the right when the interface is right to
/// left (left to right, `ui` itself).
pub fn column_ui<R>(ui: &mut Ui, s: &Strings, add: impl FnOnce(&mut Ui) -> R) -> R {
    if s.rtl() {
        ui.with_layout(Layout::top_down(Align::Max), add).inner
    } else {
        add(ui)
    }
}

/// Whether `text` holds a right-to-left letter (Hebrew, Arabic, Syriac,
/// Thaana, NKo and their presentation forms).
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
    })
}

/// Over a text field that does not have the focus, its right-to-left text
/// shaped by cosmic-text in place of egui's (unjoined, in the wrong order),
/// so the field itself reads right once typing is over; while it is being
/// typed, [`typed_preview_ui`] shows it under the field.
pub fn shaped_field_ui(ui: &Ui, cache: &mut TextCache, field: &Response, typed: &str) {
    if field.has_focus() || !has_rtl(typed) || !ui.is_rect_visible(field.rect) {
        return;
    }
    let inner = field.rect.shrink(2.0);
    let size = ui
        .style()
        .text_styles
        .get(&TextStyle::Body)
        .map_or(14.0, |f| f.size)
        .max(inner.height() * 0.6);
    let color = ui.visuals().strong_text_color();
    let shaped = cache.get(ui.ctx(), typed, "ar", Look::new(size, NO_WRAP, color));
    ui.painter()
        .rect_filled(inner, 2.0, ui.visuals().extreme_bg_color);
    let text_rect = egui::Align2::RIGHT_CENTER
        .align_size_within_rect(shaped.size, inner.shrink2(Vec2::new(4.0, 0.0)));
    let clip = ui.painter().with_clip_rect(inner);
    clip.image(
        shaped.texture.id(),
        text_rect,
        egui::Rect::from_min_max(egui::Pos2::ZERO, egui::Pos2::new(1.0, 1.0)),
        Color32::WHITE,
    );
}

/// Under a text field, what was typed into it shaped by cosmic-text, when
/// it holds right-to-left letters (egui's field shows them unjoined and in
/// the wrong order). Its alt text is the typed text.
pub fn typed_preview_ui(ui: &mut Ui, cache: &mut TextCache, typed: &str, size: f32) {
    if !has_rtl(typed) {
        return;
    }
    let color = ui.visuals().strong_text_color();
    let width = ui.available_width().clamp(40.0, 600.0);
    let shaped = cache.get(ui.ctx(), typed, "ar", Look::new(size, width, color));
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, shaped.size.y), Sense::hover());
    if ui.is_rect_visible(rect) {
        ui.painter()
            .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
        paint_shaped(ui, &shaped, rect, false);
    }
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, typed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_letters_are_found() {
        assert!(has_rtl("قضية 12"));
        assert!(has_rtl("abc שלום"));
        assert!(!has_rtl("case 12/A"));
        assert!(!has_rtl("हिन्दी ไทย 中文"));
    }

    #[test]
    fn rows_start_at_the_right_in_a_right_to_left_interface() {
        let ar = Strings::load("ar");
        let en = Strings::load("en");
        assert_eq!(row_layout(&ar), Layout::right_to_left(Align::Center));
        assert_eq!(row_layout(&en), Layout::left_to_right(Align::Center));
        assert_eq!(row_end_layout(&ar), Layout::left_to_right(Align::Center));
    }
}
