//! Showing cosmic-text output in egui: a texture cache and the widgets every
//! person-facing string goes through, with alt text for AccessKit.

use super::layout::{RenderedText, TextEngine, TextStyle};
use eframe::egui::{
    self, Align2, Color32, ColorImage, Pos2, Rect, Response, Sense, TextureHandle, TextureOptions,
    Ui, Vec2, WidgetInfo,
};
use std::collections::HashMap;

/// Most textures kept before the cache starts over.
const MAX_ENTRIES: usize = 4000;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    lang: String,
    size: u32,
    width: u32,
    color: [u8; 4],
    center: bool,
}

/// A laid-out text uploaded as a texture.
#[derive(Clone)]
pub struct ShapedText {
    pub texture: TextureHandle,
    /// Size in points.
    pub size: Vec2,
    pub rtl: bool,
}

/// How a person-facing text looks: size and wrap width in points, colour, centring.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub size: f32,
    pub max_width: f32,
    pub color: Color32,
    pub center: bool,
}

impl Look {
    /// Left/right-aligned by direction.
    pub fn new(size: f32, max_width: f32, color: Color32) -> Self {
        Self {
            size,
            max_width,
            color,
            center: false,
        }
    }

    /// Centred.
    pub fn centered(size: f32, max_width: f32, color: Color32) -> Self {
        Self {
            center: true,
            ..Self::new(size, max_width, color)
        }
    }
}

/// Rendered person-facing texts, by content and style.
#[derive(Default)]
pub struct TextCache {
    engine: TextEngine,
    textures: HashMap<Key, ShapedText>,
}

impl TextCache {
    /// The texture for `text` in `lang`, at `size` points wrapped at `max_width` points.
    pub fn get(&mut self, ctx: &egui::Context, text: &str, lang: &str, look: Look) -> ShapedText {
        let Look {
            size,
            max_width,
            color,
            center,
        } = look;
        let ppp = ctx.pixels_per_point();
        let key = Key {
            text: text.to_owned(),
            lang: lang.to_owned(),
            size: (size * ppp).to_bits(),
            width: (max_width * ppp).round() as u32,
            color: color.to_srgba_unmultiplied(),
            center,
        };
        if let Some(shaped) = self.textures.get(&key) {
            return shaped.clone();
        }
        if self.textures.len() > MAX_ENTRIES {
            self.textures.clear();
        }
        let style = TextStyle {
            size: size * ppp,
            max_width: max_width * ppp,
            color: key.color,
            center,
        };
        let rendered: RenderedText = self.engine.render(text, lang, &style);
        let image =
            ColorImage::from_rgba_unmultiplied([rendered.width, rendered.height], &rendered.rgba);
        let texture = ctx.load_texture(
            format!("text:{lang}:{}", self.textures.len()),
            image,
            TextureOptions::LINEAR,
        );
        let shaped = ShapedText {
            texture,
            size: Vec2::new(rendered.width as f32, rendered.height as f32) / ppp,
            rtl: rendered.rtl,
        };
        self.textures.insert(key, shaped.clone());
        shaped
    }

    /// The engine, for measuring without egui.
    pub fn engine(&mut self) -> &mut TextEngine {
        &mut self.engine
    }
}

/// Paint `shaped` in `rect`, aligned by its direction (right for RTL) or centred.
pub fn paint_shaped(ui: &Ui, shaped: &ShapedText, rect: Rect, center: bool) {
    let align = if center {
        Align2::CENTER_CENTER
    } else if shaped.rtl {
        Align2::RIGHT_TOP
    } else {
        Align2::LEFT_TOP
    };
    let image_rect = align.align_size_within_rect(shaped.size, rect);
    ui.painter().image(
        shaped.texture.id(),
        image_rect,
        Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
        Color32::WHITE,
    );
}

/// A block of person-facing text, full width, right-aligned when right-to-left.
/// Its alt text is the text itself.
pub fn person_text_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    text: &str,
    lang: &str,
    size: f32,
    color: Color32,
) -> Response {
    let width = ui.available_width().max(40.0);
    let shaped = cache.get(ui.ctx(), text, lang, Look::new(size, width, color));
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, shaped.size.y), Sense::hover());
    paint_shaped(ui, &shaped, rect, false);
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, text));
    response
}
