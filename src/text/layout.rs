//! Shaping, bidi, line breaking and rasterising with cosmic-text.

use super::fonts;
use cosmic_text::{Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache};

/// How to lay out a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Font size in pixels.
    pub size: f32,
    /// Wrap lines longer than this many pixels.
    pub max_width: f32,
    /// RGBA.
    pub color: [u8; 4],
    /// Centre every line (tiles, buttons) instead of following the paragraph direction.
    pub center: bool,
}

/// A laid-out text as an RGBA image (straight alpha).
#[derive(Clone, Debug)]
pub struct RenderedText {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
    /// Lines after wrapping.
    pub lines: usize,
    /// Whether the first paragraph is right-to-left.
    pub rtl: bool,
    /// Glyphs in visual order (left to right), per line: x position, byte
    /// offset of the character they come from, and glyph id.
    pub glyphs: Vec<Vec<(f32, usize, u16)>>,
    /// Glyphs drawn with no font covering their character (notdef).
    pub missing: usize,
}

/// Owns the font system and glyph cache. One per app.
pub struct TextEngine {
    fonts: FontSystem,
    swash: SwashCache,
}

impl Default for TextEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl TextEngine {
    /// An engine over the bundled fonts only.
    pub fn new() -> Self {
        Self {
            fonts: FontSystem::new_with_locale_and_db("en-US".into(), fonts::database()),
            swash: SwashCache::new(),
        }
    }

    fn buffer(&mut self, text: &str, lang: &str, style: &TextStyle, width: f32) -> Buffer {
        let metrics = Metrics::new(style.size, (style.size * line_height_factor(lang)).ceil());
        let mut buffer = Buffer::new(&mut self.fonts, metrics);
        let attrs = Attrs::new().family(Family::Name(fonts::family_for(lang)));
        let align = style.center.then_some(Align::Center);
        buffer.set_size(Some(width.max(1.0)), None);
        buffer.set_text(text, &attrs, Shaping::Advanced, align);
        buffer.shape_until_scroll(&mut self.fonts, false);
        buffer
    }

    /// Lay out and rasterise `text` (of language `lang`).
    pub fn render(&mut self, text: &str, lang: &str, style: &TextStyle) -> RenderedText {
        // First pass: wrap at max_width and measure; second: lay out in the
        // tight width so right-to-left and centred lines align inside it.
        let measure = self.buffer(text, lang, style, style.max_width);
        let used = measure
            .layout_runs()
            .fold(0f32, |w, run| w.max(run.line_w))
            .ceil()
            + 2.0;
        let mut buffer = self.buffer(text, lang, style, used.min(style.max_width.max(1.0)));
        let mut lines = 0;
        let mut bottom = 0f32;
        let mut rtl = false;
        let mut glyphs = Vec::new();
        let mut missing = 0;
        for (i, run) in buffer.layout_runs().enumerate() {
            if i == 0 {
                rtl = run.rtl;
            }
            lines += 1;
            bottom = bottom.max(run.line_top + run.line_height);
            let mut line: Vec<(f32, usize, u16)> = run
                .glyphs
                .iter()
                .map(|g| (g.x, g.start, g.glyph_id))
                .collect();
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            missing += run.glyphs.iter().filter(|g| g.glyph_id == 0).count();
            glyphs.push(line);
        }
        let width = used.min(style.max_width.max(1.0)) as usize + 1;
        let height = (bottom.ceil() as usize).max(1) + 1;
        let mut coverage = vec![0f32; width * height];
        let [r, g, b, a] = style.color;
        buffer.draw(
            &mut self.fonts,
            &mut self.swash,
            Color::rgba(r, g, b, a),
            |x, y, w, h, color| {
                let alpha = f32::from(color.a()) / 255.0;
                for dy in 0..h as i32 {
                    for dx in 0..w as i32 {
                        let (px, py) = (x + dx, y + dy);
                        if px >= 0 && py >= 0 && (px as usize) < width && (py as usize) < height {
                            let cell = &mut coverage[py as usize * width + px as usize];
                            *cell = (*cell + alpha * (1.0 - *cell)).min(1.0);
                        }
                    }
                }
            },
        );
        let mut rgba = Vec::with_capacity(width * height * 4);
        for c in coverage {
            rgba.extend_from_slice(&[r, g, b, (c * f32::from(a)).round() as u8]);
        }
        RenderedText {
            width,
            height,
            rgba,
            lines,
            rtl,
            glyphs,
            missing,
        }
    }

    /// Characters of `text` that no bundled font can draw.
    pub fn missing_chars(&mut self, text: &str, lang: &str) -> Vec<char> {
        let style = TextStyle {
            size: 16.0,
            max_width: 100_000.0,
            color: [0, 0, 0, 255],
            center: false,
        };
        let buffer = self.buffer(text, lang, &style, style.max_width);
        let mut out = Vec::new();
        for run in buffer.layout_runs() {
            for glyph in run.glyphs.iter().filter(|g| g.glyph_id == 0) {
                if let Some(c) = run.text[glyph.start..glyph.end].chars().next()
                    && !c.is_whitespace()
                    && !is_format_char(c)
                    && !out.contains(&c)
                {
                    out.push(c);
                }
            }
        }
        out
    }
}

/// Zero-width format characters (ZWJ, ZWNJ, marks) that are never drawn.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Scripts with tall stacks (Nastaliq, Myanmar, Khmer, Sinhala...) need more line height.
fn line_height_factor(lang: &str) -> f32 {
    match lang {
        "ur" => 2.1,
        "my" | "km" | "si" | "lo" | "th" | "bo" => 1.7,
        _ => 1.4,
    }
}
