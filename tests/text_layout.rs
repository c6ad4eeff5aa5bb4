//! Shaping and bidi with the bundled fonts: trap strings for every script
//! family the catalog uses, and a walk of the whole catalog for missing glyphs.

mod common;

use safevoice::catalog::{self, Gender};
use safevoice::text::{RenderedText, TextEngine, TextStyle};

fn render(engine: &mut TextEngine, text: &str, lang: &str) -> RenderedText {
    let style = TextStyle {
        size: 32.0,
        max_width: 4000.0,
        color: [0, 0, 0, 255],
        center: false,
    };
    let r = engine.render(text, lang, &style);
    assert_eq!(r.missing, 0, "{lang}: missing glyphs in {text:?}");
    r
}

/// Byte offsets of the source characters, from left to right on line 0.
fn visual_offsets(r: &RenderedText) -> Vec<usize> {
    let mut out: Vec<usize> = r.glyphs[0].iter().map(|g| g.1).collect();
    out.dedup();
    out
}

fn x_of(r: &RenderedText, byte: usize) -> f32 {
    r.glyphs[0]
        .iter()
        .find(|g| g.1 == byte)
        .map(|g| g.0)
        .expect("glyph for byte")
}

#[test]
fn digits_inside_arabic_stay_left_to_right_and_words_run_right_to_left() {
    let mut e = TextEngine::new();
    let text = "اتصل بالرقم 1234 الآن";
    let r = render(&mut e, text, "ar");
    assert!(r.rtl);
    let one = text.find('1').unwrap();
    let four = text.find('4').unwrap();
    assert!(x_of(&r, one) < x_of(&r, four), "digits reversed");
    // The first word is at the right, the last at the left.
    let last_word = text.find("الآن").unwrap();
    assert!(
        x_of(&r, 0) > x_of(&r, last_word),
        "words in the wrong order"
    );
    // The number sits between the two words visually.
    assert!(x_of(&r, one) > x_of(&r, last_word) && x_of(&r, four) < x_of(&r, 0));
}

#[test]
fn brackets_in_rtl_text_are_mirrored_into_place() {
    let mut e = TextEngine::new();
    let text = "(مرحبا) 18";
    let r = render(&mut e, text, "ar");
    assert!(r.rtl);
    let offsets = visual_offsets(&r);
    // Logical first character "(" is drawn at the right end; ")" left of the word.
    assert_eq!(*offsets.last().unwrap(), 0, "{offsets:?}");
    let close = text.find(')').unwrap();
    let word = text.find('م').unwrap();
    assert!(x_of(&r, close) < x_of(&r, word));
    // "18" after the bracket is to its left, still reading 1 then 8.
    let one = text.find('1').unwrap();
    assert!(x_of(&r, one) < x_of(&r, close));
    assert!(x_of(&r, one) < x_of(&r, one + 1));
}

#[test]
fn mixed_direction_keeps_each_run_in_its_own_order() {
    let mut e = TextEngine::new();
    let text = "Call UNODC: الأمم المتحدة today";
    let r = render(&mut e, text, "en");
    assert!(!r.rtl, "an English paragraph is left-to-right");
    let alef = text.find("الأمم").unwrap();
    let mim = text.find("المتحدة").unwrap();
    assert!(
        x_of(&r, alef) > x_of(&r, mim),
        "the Arabic run reads right to left"
    );
    assert!(x_of(&r, 0) < x_of(&r, text.find("today").unwrap()));
}

#[test]
fn persian_zwnj_breaks_the_join() {
    let mut e = TextEngine::new();
    let with = render(&mut e, "می\u{200C}خواهم", "fa");
    let without = render(&mut e, "میخواهم", "fa");
    assert_ne!(with.rgba, without.rgba, "ZWNJ must change the shaping");
    assert!(with.width > without.width, "the unjoined form is wider");
}

#[test]
fn devanagari_i_matra_is_drawn_before_its_consonant() {
    let mut e = TextEngine::new();
    let r = render(&mut e, "कि", "hi");
    // Two glyphs, and the consonant क is the second one from the left: the
    // i-matra (written after it) is drawn before it.
    let glyphs = &r.glyphs[0];
    assert_eq!(glyphs.len(), 2, "{glyphs:?}");
    let ka = render(&mut e, "क", "hi").glyphs[0][0].2;
    assert_eq!(glyphs[1].2, ka, "{glyphs:?}");
    assert_ne!(glyphs[0].2, ka, "{glyphs:?}");
}

#[test]
fn khmer_coeng_makes_a_subscript() {
    let mut e = TextEngine::new();
    // ស + ្ + ត: the second consonant goes under the first, so the cluster is
    // no wider than the first consonant plus a little.
    let stacked = render(&mut e, "ស្ត", "km");
    let side_by_side = render(&mut e, "សត", "km");
    assert!(
        stacked.width < side_by_side.width,
        "{} vs {}",
        stacked.width,
        side_by_side.width
    );
    assert!(stacked.height >= side_by_side.height);
}

#[test]
fn burmese_kinzi_sits_above_the_next_consonant() {
    let mut e = TextEngine::new();
    // သင်္ချိုင်း (cemetery): င်္ is the kinzi, drawn above ချ rather than after သ.
    let kinzi = render(&mut e, "သင်္ချိုင်း", "my");
    let spelled = render(&mut e, "သင်ချိုင်း", "my");
    assert!(
        kinzi.width < spelled.width,
        "{} vs {}",
        kinzi.width,
        spelled.width
    );
}

#[test]
fn thai_wraps_without_spaces() {
    let mut e = TextEngine::new();
    let text = "เราอยากรู้ว่าคุณปลอดภัยและสบายดีเราขอล่ามที่พูดภาษาของคุณแล้ว";
    let style = TextStyle {
        size: 24.0,
        max_width: 200.0,
        color: [0, 0, 0, 255],
        center: false,
    };
    let r = e.render(text, "th", &style);
    assert!(r.lines >= 3, "{} lines", r.lines);
    assert!(r.width <= 202);
    assert_eq!(r.missing, 0);
}

#[test]
fn the_bundled_fonts_cover_every_character_of_the_catalog() {
    let cat = catalog::load(&common::root().join("messages"));
    let mut e = TextEngine::new();
    let mut gaps = Vec::new();
    for (code, lang) in &cat.languages {
        let mut strings: Vec<&str> = vec![lang.meta.autonym.as_str()];
        for entry in lang.texts.values() {
            for g in [Gender::Female, Gender::Male] {
                strings.extend(entry.text_for(g));
            }
        }
        for s in strings {
            let missing = e.missing_chars(s, code);
            if !missing.is_empty() {
                gaps.push(format!("{code}: {missing:?} in {s:?}"));
            }
        }
    }
    assert!(
        !e.missing_chars("𐌰", "en").is_empty(),
        "the detector must see a gap"
    );
    for symbol in ["✓", "✗", "?", "↻"] {
        if !e.missing_chars(symbol, "en").is_empty() {
            gaps.push(format!("answer symbol {symbol}"));
        }
    }
    assert!(gaps.is_empty(), "missing glyphs:\n{}", gaps.join("\n"));
}
