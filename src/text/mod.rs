//! Text in the person's language: shaping, bidi and line breaking with
//! cosmic-text, using only the bundled Noto fonts.
//!
//! egui shapes many scripts but has no bidi, so every person-facing string
//! (autonyms, message texts, answer labels) goes through [`layout::TextEngine`]
//! into an RGBA image, and [`widget`] shows that image in egui with alt text
//! for AccessKit.

pub mod fonts;
pub mod layout;
pub mod widget;

pub use layout::{RenderedText, TextEngine, TextStyle};
pub use widget::TextCache;
