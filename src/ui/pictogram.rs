//! Pictograms on screen: each message's OpenMoji SVGs, rendered by resvg at
//! the size they are drawn and cached as egui textures.
//!
//! [`install`] puts the parsed SVGs into the egui context once, at start-up;
//! drawing functions then only need a `&mut Ui` and the ids to draw
//! ([`pictograms_ui`], [`paint_pictograms`]). A pictogram is rendered once per
//! size bucket (powers of two from 32 to 1024 pixels), so resizing the window
//! does not render it again. Also here: the "Picture first" choice of the
//! person view ([`PictureFirst`]).

use crate::catalog::{Catalog, Language, Problem};
use eframe::egui::{self, Color32, ColorImage, Rect, TextureHandle, TextureOptions, Ui, Vec2};
use resvg::{tiny_skia, usvg};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Render sizes, in pixels: a pictogram is rendered at the first one at least
/// as large as it is drawn (the largest for anything bigger).
const BUCKETS: [u32; 6] = [32, 64, 128, 256, 512, 1024];

/// Space between pictograms drawn side by side, as a fraction of their height.
const GAP: f32 = 0.12;

/// When the person view puts the picture first (pictogram large, text small).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PictureFirst {
    /// For languages that have no recorded or synthetic voice.
    #[default]
    Unvoiced,
    /// In every language.
    Always,
    /// Never: text first, with the pictogram above it.
    Never,
}

impl PictureFirst {
    /// Every choice, in menu order.
    pub const ALL: [PictureFirst; 3] = [
        PictureFirst::Unvoiced,
        PictureFirst::Always,
        PictureFirst::Never,
    ];

    /// Whether the person view puts the picture first for `language`.
    pub fn applies_to(self, language: &Language) -> bool {
        match self {
            PictureFirst::Unvoiced => !language.has_audio(),
            PictureFirst::Always => true,
            PictureFirst::Never => false,
        }
    }

    /// The key of its label in the UI strings.
    pub fn string_key(self) -> &'static str {
        match self {
            PictureFirst::Unvoiced => "picture_first_unvoiced",
            PictureFirst::Always => "picture_first_always",
            PictureFirst::Never => "picture_first_never",
        }
    }
}

/// The parsed SVGs and the textures rendered from them so far.
struct Store {
    trees: BTreeMap<String, usvg::Tree>,
    textures: Mutex<HashMap<(String, u32), TextureHandle>>,
}

fn store_id() -> egui::Id {
    egui::Id::unique("safevoice-pictograms")
}

fn store(ctx: &egui::Context) -> Option<Arc<Store>> {
    ctx.data(|d| d.get_temp::<Arc<Store>>(store_id()))
}

/// Parse every SVG of the catalog's pictogram set and keep them in `ctx` for
/// drawing. Returns the problems (a missing or broken SVG): the others work.
pub fn install(ctx: &egui::Context, catalog: &Catalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let trees = catalog.pictograms.parse_all(&mut problems);
    install_trees(ctx, trees);
    problems
}

/// Keep already parsed SVGs in `ctx` for drawing (replacing any before).
pub fn install_trees(ctx: &egui::Context, trees: BTreeMap<String, usvg::Tree>) {
    let store = Arc::new(Store {
        trees,
        textures: Mutex::new(HashMap::new()),
    });
    ctx.data_mut(|d| d.insert_temp(store_id(), store));
}

/// Render `tree` into a `px` by `px` image, centred, keeping its proportions.
/// None when `px` is 0 or too large for a pixmap.
pub fn rasterize(tree: &usvg::Tree, px: u32) -> Option<ColorImage> {
    let mut pixmap = tiny_skia::Pixmap::new(px, px)?;
    let size = tree.size();
    let scale = px as f32 / size.width().max(size.height());
    let dx = (px as f32 - size.width() * scale) / 2.0;
    let dy = (px as f32 - size.height() * scale) / 2.0;
    let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(dx, dy);
    resvg::render(tree, transform, &mut pixmap.as_mut());
    let side = usize::try_from(px).ok()?;
    Some(ColorImage::from_rgba_premultiplied(
        [side, side],
        pixmap.data(),
    ))
}

/// The render size for a pictogram drawn `pixels` wide.
pub fn bucket(pixels: f32) -> u32 {
    BUCKETS
        .into_iter()
        .find(|&b| b as f32 >= pixels)
        .unwrap_or(BUCKETS[BUCKETS.len() - 1])
}

/// The texture of pictogram `id` rendered at `px` pixels (rendering it the
/// first time). None when the pictogram is unknown or did not parse.
pub fn texture(ctx: &egui::Context, id: &str, px: u32) -> Option<TextureHandle> {
    let store = store(ctx)?;
    let mut textures = store.textures.lock().ok()?;
    let key = (id.to_owned(), px);
    if let Some(texture) = textures.get(&key) {
        return Some(texture.clone());
    }
    let image = rasterize(store.trees.get(id)?, px)?;
    let texture = ctx.load_texture(
        format!("pictogram:{id}@{px}"),
        image,
        TextureOptions::LINEAR,
    );
    textures.insert(key, texture.clone());
    Some(texture)
}

/// The width of `count` pictograms `height` high, side by side.
pub fn row_width(count: usize, height: f32) -> f32 {
    let n = count as f32;
    if count == 0 {
        0.0
    } else {
        n * height + (n - 1.0) * height * GAP
    }
}

/// Paint pictograms `ids` side by side, as large as fits in `rect`, centred.
/// Nothing for an unknown id (`check` reports it).
pub fn paint_pictograms(ui: &Ui, ids: &[String], rect: Rect) {
    if ids.is_empty() || rect.width() <= 0.0 || rect.height() <= 0.0 {
        return;
    }
    let unit = row_width(ids.len(), 1.0);
    let side = rect.height().min(rect.width() / unit);
    let total = row_width(ids.len(), side);
    let px = bucket(side * ui.ctx().pixels_per_point());
    let mut x = rect.center().x - total / 2.0;
    let top = rect.center().y - side / 2.0;
    for id in ids {
        if let Some(texture) = texture(ui.ctx(), id, px) {
            let at = Rect::from_min_size(egui::pos2(x, top), Vec2::splat(side));
            ui.painter().image(
                texture.id(),
                at,
                Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                Color32::WHITE,
            );
        }
        x += side * (1.0 + GAP);
    }
}

/// A light rounded plate behind the row of `ids` fitted in `rect`: OpenMoji's
/// black outlines are drawn for a light background, and the theme is dark.
fn plate(ui: &Ui, ids: &[String], rect: Rect) {
    if ids.is_empty() || rect.width() <= 0.0 || rect.height() <= 0.0 {
        return;
    }
    let side = rect.height().min(rect.width() / row_width(ids.len(), 1.0));
    let row = Rect::from_center_size(rect.center(), Vec2::new(row_width(ids.len(), side), side));
    ui.painter().rect_filled(
        row.expand(side * 0.06),
        side * 0.12,
        Color32::from_gray(236),
    );
}

/// Pictograms `ids` in a row `height` high across the available width, with
/// `alt` (what they mean) for screen readers.
pub fn pictograms_ui(ui: &mut Ui, ids: &[String], height: f32, alt: &str) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), height.max(0.0)),
        egui::Sense::hover(),
    );
    plate(ui, ids, rect);
    paint_pictograms(ui, ids, rect);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, alt));
    response
}

/// The width of a board card's pictogram column, on its left.
pub const CARD_COLUMN: f32 = 96.0;

/// On a board card (`card`): paint `ids` small in the left column. Returns
/// the rest of the card, for its text.
pub fn card_pictograms_ui(ui: &Ui, ids: &[String], card: Rect) -> Rect {
    let column = Rect::from_min_size(card.min, Vec2::new(CARD_COLUMN, card.height()));
    let side = (column.height() - 16.0).clamp(16.0, 48.0);
    let area = Rect::from_center_size(column.center(), Vec2::new(column.width() - 12.0, side));
    plate(ui, ids, area);
    paint_pictograms(ui, ids, area);
    Rect::from_min_max(egui::pos2(column.max.x, card.min.y), card.max)
}

/// Whether the answer with label `message_id` gets a pictogram beside its
/// symbol: DON'T KNOW (a shrug) and REPEAT (an ear and a repeat arrow). YES
/// and NO are already a check mark and a cross.
pub fn helps_answer(message_id: &str) -> bool {
    matches!(message_id, "answer_dont_know" | "answer_repeat")
}

/// On an answer button: paint the pictograms `ids` of the answer labelled
/// `message_id` (when [`helps_answer`]) on a white plate beside its symbol,
/// the pair centred in `row`. Returns where to paint the symbol (`row`
/// itself when there is no pictogram; the symbol is centred in it).
pub fn answer_symbol_ui(ui: &Ui, message_id: &str, ids: &[String], row: Rect) -> Rect {
    if !helps_answer(message_id) || ids.is_empty() {
        return row;
    }
    let side = row.height();
    let pictures = row_width(ids.len(), side);
    let glyph = side * 0.6;
    let gap = side * 0.3;
    let left = row.center().x - (glyph + gap + pictures) / 2.0;
    let plate = Rect::from_min_size(
        egui::pos2(left + glyph + gap, row.min.y),
        Vec2::new(pictures, side),
    );
    ui.painter()
        .rect_filled(plate.expand(4.0), 8.0, Color32::WHITE);
    paint_pictograms(ui, ids, plate);
    row.translate(Vec2::new(left + glyph / 2.0 - row.center().x, 0.0))
}

/// How the person view shares its height: pictogram, text, answer buttons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PersonLayout {
    pub pictogram: f32,
    pub text_pt: f32,
    pub buttons: f32,
}

/// The person view's layout for a screen `height` high: in picture-first
/// mode the pictogram takes most of it and the text is small; otherwise the
/// pictogram sits large above large text.
pub fn person_layout(height: f32, picture_first: bool) -> PersonLayout {
    if picture_first {
        let buttons = (height * 0.28).clamp(130.0, 320.0);
        PersonLayout {
            pictogram: (height - buttons - 110.0).max(height * 0.3),
            text_pt: 24.0,
            buttons,
        }
    } else {
        PersonLayout {
            pictogram: (height * 0.2).clamp(80.0, 240.0),
            text_pt: 44.0,
            buttons: (height * 0.38).clamp(160.0, 400.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_up_and_stop_at_the_largest() {
        assert_eq!(bucket(1.0), 32);
        assert_eq!(bucket(64.0), 64);
        assert_eq!(bucket(65.0), 128);
        assert_eq!(bucket(5000.0), 1024);
    }

    #[test]
    fn picture_first_takes_most_of_the_screen() {
        let first = person_layout(1000.0, true);
        let normal = person_layout(1000.0, false);
        assert!(first.pictogram > 500.0, "{first:?}");
        assert!(first.pictogram > normal.pictogram);
        assert!(first.text_pt < normal.text_pt);
        assert!(first.pictogram + first.buttons < 1000.0);
    }

    #[test]
    fn rows_get_gaps_between() {
        assert_eq!(row_width(0, 10.0), 0.0);
        assert_eq!(row_width(1, 10.0), 10.0);
        assert!((row_width(2, 10.0) - 21.2).abs() < 1e-4);
    }
}
