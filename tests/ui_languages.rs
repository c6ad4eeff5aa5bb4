//! Every interface language: every key of English present, the same
//! `{name}` placeholders, and every character of every string drawable by a
//! bundled font (egui's chrome and cosmic-text fall back to the same Noto
//! fonts, and the Chinese one is a subset: `scripts/make_fonts.sh` rebuilds
//! it from `assets/i18n/*.toml`).

use safevoice::text::fonts::uncovered_chars;
use safevoice::text::{TextEngine, TextStyle};
use safevoice::ui::i18n::{Strings, UI_LANGUAGES};
use std::collections::BTreeMap;

fn strings(source: &str) -> BTreeMap<String, String> {
    toml::from_str(source).expect("a UI language's TOML")
}

fn placeholders(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .match_indices('{')
        .filter_map(|(i, _)| s[i..].find('}').map(|j| s[i..=i + j].to_owned()))
        .collect();
    out.sort();
    out
}

#[test]
fn thirteen_languages_with_every_key_and_the_same_placeholders() {
    let english = strings(UI_LANGUAGES[0].source);
    let codes: Vec<&str> = UI_LANGUAGES.iter().map(|l| l.code).collect();
    assert_eq!(
        codes,
        [
            "en", "fr", "es", "pt", "ru", "de", "ar", "zh-Hans", "it", "el", "tr", "th", "hi"
        ]
    );
    for language in UI_LANGUAGES {
        let map = strings(language.source);
        for (key, value) in &english {
            let Some(translated) = map.get(key) else {
                panic!("{}: no {key}", language.code);
            };
            assert_eq!(
                placeholders(value),
                placeholders(translated),
                "{}.{key}: placeholders differ",
                language.code
            );
        }
        assert_eq!(map.len(), english.len(), "{}: unknown keys", language.code);
    }
}

#[test]
fn every_character_of_every_ui_string_has_a_bundled_glyph() {
    let mut problems = Vec::new();
    for language in UI_LANGUAGES {
        for (key, value) in strings(language.source) {
            let missing = uncovered_chars(&value);
            if !missing.is_empty() {
                problems.push(format!("{}.{key}: {missing:?}", language.code));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "no bundled font draws these (run scripts/make_fonts.sh for Chinese):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_glyph_check_finds_what_no_font_has() {
    // A private-use character, and a rare CJK character the Chinese subset
    // leaves out: the check must be able to fail.
    assert_eq!(uncovered_chars("ok \u{10FFFD}"), vec!['\u{10FFFD}']);
    assert_eq!(uncovered_chars("设置龘"), vec!['龘']);
    // Bidi isolates and spaces are never drawn.
    assert!(uncovered_chars("\u{2068}abc\u{2069} ").is_empty());
    // cosmic-text, which draws the shaped chrome, agrees.
    let mut engine = TextEngine::new();
    assert_eq!(engine.missing_chars("设置龘", "zh-Hans"), vec!['龘']);
    let style = TextStyle {
        size: 12.0,
        max_width: 4000.0,
        color: [0, 0, 0, 255],
        center: false,
    };
    assert!(engine.render("设置龘", "zh-Hans", &style).missing > 0);
}

#[test]
fn shaped_ui_strings_draw_without_notdef_through_cosmic_text() {
    let mut engine = TextEngine::new();
    let style = TextStyle {
        size: 12.0,
        max_width: 4000.0,
        color: [0, 0, 0, 255],
        center: false,
    };
    for language in UI_LANGUAGES.iter().filter(|l| l.shaped) {
        let s = Strings::load(language.code);
        for (key, value) in strings(language.source) {
            // With the isolates fill() adds in a right-to-left interface.
            let text = if s.rtl() {
                value.replace('{', "\u{2068}{").replace('}', "}\u{2069}")
            } else {
                value
            };
            // Every glyph drawn, the isolates included (never a box).
            let rendered = engine.render(&text, language.code, &style);
            assert_eq!(rendered.missing, 0, "{}.{key}: {text:?}", language.code);
        }
    }
}
