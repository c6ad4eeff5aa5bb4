//! The bundled fonts (assets/fonts, SIL OFL), compiled into the binary so the
//! app never depends on system fonts.

/// Family used for most scripts (Latin, Cyrillic, Greek, Vietnamese...).
pub const DEFAULT_FAMILY: &str = "Noto Sans";
/// Arabic-script languages other than Urdu.
pub const NASKH_FAMILY: &str = "Noto Naskh Arabic";
/// Urdu, whose readers prefer Nastaliq.
pub const NASTALIQ_FAMILY: &str = "Noto Nastaliq Urdu";

/// Every bundled font file, by name.
pub const FONTS: [(&str, &[u8]); 19] = [
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold.ttf",
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoNastaliqUrdu-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoNastaliqUrdu-Regular.ttf"),
    ),
    (
        "NotoSansDevanagari-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    ),
    (
        "NotoSansBengali-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf"),
    ),
    (
        "NotoSansGurmukhi-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansGurmukhi-Regular.ttf"),
    ),
    (
        "NotoSansTamil-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansTamil-Regular.ttf"),
    ),
    (
        "NotoSansSinhala-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansSinhala-Regular.ttf"),
    ),
    (
        "NotoSansThai-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf"),
    ),
    (
        "NotoSansLao-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansLao-Regular.ttf"),
    ),
    (
        "NotoSansKhmer-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansKhmer-Regular.ttf"),
    ),
    (
        "NotoSansMyanmar-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansMyanmar-Regular.ttf"),
    ),
    (
        "NotoSansEthiopic-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansEthiopic-Regular.ttf"),
    ),
    (
        "NotoSansGeorgian-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf"),
    ),
    (
        "NotoSansArmenian-Regular.ttf",
        include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf"),
    ),
    (
        "NotoSansSC-Regular-subset.otf",
        include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.otf"),
    ),
    (
        "NotoSansSymbols2-subset.ttf",
        include_bytes!("../../assets/fonts/NotoSansSymbols2-subset.ttf"),
    ),
    (
        "NotoSansMath-subset.ttf",
        include_bytes!("../../assets/fonts/NotoSansMath-subset.ttf"),
    ),
];

/// A font database holding the bundled fonts and nothing else.
pub fn database() -> cosmic_text::fontdb::Database {
    let mut db = cosmic_text::fontdb::Database::new();
    for (_, data) in FONTS {
        db.load_font_data(data.to_vec());
    }
    db.set_sans_serif_family(DEFAULT_FAMILY);
    db
}

/// The family to ask for first for a language, by its code.
pub fn family_for(code: &str) -> &'static str {
    match code {
        "ur" => NASTALIQ_FAMILY,
        "ar" | "fa" | "prs" | "ps" | "ckb" => NASKH_FAMILY,
        _ => DEFAULT_FAMILY,
    }
}

/// The characters of `text` that no bundled font has a glyph for (each
/// once, in order; spaces and invisible format characters such as bidi
/// isolates are never drawn and not counted). These are the fonts egui's
/// chrome falls back to (see `ui::install_fonts`) and cosmic-text uses.
pub fn uncovered_chars(text: &str) -> Vec<char> {
    use cosmic_text::skrifa::{FontRef, MetadataProvider};
    let charmaps: Vec<_> = FONTS
        .iter()
        .filter(|(name, _)| !name.contains("-Bold"))
        .filter_map(|(_, data)| FontRef::new(data).ok())
        .map(|font| font.charmap())
        .collect();
    let mut out = Vec::new();
    for c in text.chars() {
        let invisible = c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if !invisible && !out.contains(&c) && charmaps.iter().all(|m| m.map(c).is_none()) {
            out.push(c);
        }
    }
    out
}
