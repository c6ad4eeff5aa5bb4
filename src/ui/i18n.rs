//! The responder-facing UI strings, from `assets/i18n/<code>.toml` (compiled
//! in). English is complete; a missing key in another language falls back to
//! English.
//!
//! Each UI language also says how its chrome is drawn: egui lays out no
//! right-to-left text and shapes some scripts poorly, so for Arabic (right to
//! left) and for Hindi and Thai (complex scripts) every chrome string goes
//! through cosmic-text ([`super::chrome`]), and in a right-to-left interface
//! the layout is mirrored and inserted values are bidi-isolated.

use std::collections::BTreeMap;

/// One UI language: its code, its strings, and how its chrome is drawn.
#[derive(Clone, Copy, Debug)]
pub struct UiLanguage {
    pub code: &'static str,
    /// The TOML source (compiled in).
    pub source: &'static str,
    /// Written right to left: the layout is mirrored.
    pub rtl: bool,
    /// Its chrome is shaped and drawn through cosmic-text, not egui (right
    /// to left, or a script egui cannot shape well).
    pub shaped: bool,
}

const fn ui(code: &'static str, source: &'static str) -> UiLanguage {
    UiLanguage {
        code,
        source,
        rtl: false,
        shaped: false,
    }
}

/// The UI languages, in the order the Settings list shows them.
pub const UI_LANGUAGES: [UiLanguage; 13] = [
    ui("en", include_str!("../../assets/i18n/en.toml")),
    ui("fr", include_str!("../../assets/i18n/fr.toml")),
    ui("es", include_str!("../../assets/i18n/es.toml")),
    ui("pt", include_str!("../../assets/i18n/pt.toml")),
    ui("ru", include_str!("../../assets/i18n/ru.toml")),
    ui("de", include_str!("../../assets/i18n/de.toml")),
    UiLanguage {
        rtl: true,
        shaped: true,
        ..ui("ar", include_str!("../../assets/i18n/ar.toml"))
    },
    ui("zh-Hans", include_str!("../../assets/i18n/zh-Hans.toml")),
    ui("it", include_str!("../../assets/i18n/it.toml")),
    ui("el", include_str!("../../assets/i18n/el.toml")),
    ui("tr", include_str!("../../assets/i18n/tr.toml")),
    UiLanguage {
        shaped: true,
        ..ui("th", include_str!("../../assets/i18n/th.toml"))
    },
    UiLanguage {
        shaped: true,
        ..ui("hi", include_str!("../../assets/i18n/hi.toml"))
    },
];

/// First strong isolate: what follows keeps its own direction.
pub const FSI: char = '\u{2068}';
/// Pop directional isolate: ends an [`FSI`].
pub const PDI: char = '\u{2069}';

/// `text` without bidi isolates (for egui, which would draw them as boxes).
pub fn strip_isolates(text: &str) -> String {
    text.chars().filter(|c| *c != FSI && *c != PDI).collect()
}

/// The UI language for a POSIX locale name (`ar_EG.UTF-8`, `zh_CN`,
/// `pt_BR@euro`, `de`), when it is one of [`UI_LANGUAGES`].
/// Traditional Chinese (`zh_TW`, `zh_HK`, `zh_MO`, `zh-Hant`) has none.
pub fn ui_language_for_locale(locale: &str) -> Option<&'static str> {
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    let mut parts = name.split(['_', '-']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    let rest: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
    let code = match language.as_str() {
        "zh" => {
            let traditional = rest
                .iter()
                .any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
            if traditional {
                return None;
            }
            "zh-Hans"
        }
        other => other,
    };
    UI_LANGUAGES.iter().map(|l| l.code).find(|c| *c == code)
}

/// The UI language to start with when there are no settings yet: from the
/// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set (as POSIX reads
/// them), looked up with `env`; English when it is not a UI language.
pub fn first_start_language(env: impl Fn(&str) -> Option<String>) -> &'static str {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.is_empty())
        .and_then(|locale| ui_language_for_locale(&locale))
        .unwrap_or("en")
}

/// One UI language's strings, with English behind it.
#[derive(Clone, Debug)]
pub struct Strings {
    pub code: String,
    map: BTreeMap<String, String>,
    english: BTreeMap<String, String>,
    rtl: bool,
    shaped: bool,
}

fn parse(source: &str) -> BTreeMap<String, String> {
    toml::from_str(source).unwrap_or_default()
}

impl Strings {
    /// The strings of UI language `code` (English when unknown).
    pub fn load(code: &str) -> Self {
        let english = parse(UI_LANGUAGES[0].source);
        let language = UI_LANGUAGES
            .iter()
            .find(|l| l.code == code)
            .unwrap_or(&UI_LANGUAGES[0]);
        Self {
            code: language.code.to_owned(),
            map: parse(language.source),
            english,
            rtl: language.rtl,
            shaped: language.shaped,
        }
    }

    /// Whether the interface is right to left (the layout is mirrored).
    pub fn rtl(&self) -> bool {
        self.rtl
    }

    /// Whether chrome strings are shaped through cosmic-text.
    pub fn shaped(&self) -> bool {
        self.shaped
    }

    /// The string for `key`; the key itself if even English lacks it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map
            .get(key)
            .or_else(|| self.english.get(key))
            .map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders filled in. In a
    /// right-to-left interface each value is bidi-isolated (FSI ... PDI), so
    /// Latin, digits and paths inside keep their own direction.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key).to_owned(), |s, (k, v)| {
            let value = if self.rtl {
                format!("{FSI}{v}{PDI}")
            } else {
                (*v).to_owned()
            };
            s.replace(&format!("{{{k}}}"), &value)
        })
    }

    /// The name of each UI language, in itself.
    pub fn choices() -> Vec<(String, String)> {
        UI_LANGUAGES
            .iter()
            .map(|l| {
                let name = parse(l.source)
                    .remove("language_name")
                    .unwrap_or_else(|| l.code.to_owned());
                (l.code.to_owned(), name)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::review::ui_strings::placeholders;

    #[test]
    fn every_ui_language_is_complete_and_keeps_placeholders() {
        let english = parse(UI_LANGUAGES[0].source);
        assert!(english.len() > 50);
        assert_eq!(UI_LANGUAGES.len(), 13);
        for UiLanguage { code, source, .. } in UI_LANGUAGES {
            let map: BTreeMap<String, String> =
                toml::from_str(source).unwrap_or_else(|e| panic!("{code}: {e}"));
            let missing: Vec<_> = english.keys().filter(|k| !map.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            let extra: Vec<_> = map.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(extra.is_empty(), "{code} has unknown keys {extra:?}");
            for (key, value) in &english {
                assert_eq!(
                    placeholders(value),
                    placeholders(&map[key]),
                    "{code}.{key}: placeholders differ"
                );
                assert!(!map[key].trim().is_empty(), "{code}.{key} is empty");
            }
        }
    }

    #[test]
    fn placeholders_are_compared_by_name() {
        assert_eq!(placeholders("a {x} b {y}"), vec!["{x}", "{y}"]);
        assert_ne!(placeholders("{x}"), placeholders("{z}"));
    }

    #[test]
    fn fill_replaces_placeholders() {
        let s = Strings::load("en");
        assert_eq!(
            s.fill("no_match", &[("query", "xyz")]),
            "No language matches \"xyz\"."
        );
        assert_eq!(Strings::load("zz").code, "en");
    }

    #[test]
    fn right_to_left_fill_isolates_the_values() {
        let ar = Strings::load("ar");
        assert!(ar.rtl() && ar.shaped());
        let filled = ar.fill("no_match", &[("query", "abc 12")]);
        assert!(
            filled.contains("\u{2068}abc 12\u{2069}"),
            "not isolated: {filled:?}"
        );
        assert_eq!(
            strip_isolates(&filled),
            ar.get("no_match").replace("{query}", "abc 12")
        );
        // Left-to-right interfaces are left as they were.
        let fr = Strings::load("fr");
        assert!(!fr.rtl() && !fr.shaped());
        assert!(!fr.fill("no_match", &[("query", "abc")]).contains(FSI));
        assert!(Strings::load("hi").shaped() && !Strings::load("hi").rtl());
        assert!(Strings::load("th").shaped());
        assert!(!Strings::load("zh-Hans").shaped());
    }

    #[test]
    fn locales_map_to_ui_languages() {
        for (locale, code) in [
            ("ar_EG.UTF-8", Some("ar")),
            ("ar", Some("ar")),
            ("zh_CN", Some("zh-Hans")),
            ("zh_CN.GB2312", Some("zh-Hans")),
            ("zh_SG.UTF-8", Some("zh-Hans")),
            ("zh-Hans", Some("zh-Hans")),
            ("zh_TW.UTF-8", None),
            ("zh_HK", None),
            ("pt_BR", Some("pt")),
            ("pt_PT.UTF-8", Some("pt")),
            ("de_DE@euro", Some("de")),
            ("hi_IN", Some("hi")),
            ("th_TH.UTF-8", Some("th")),
            ("el_GR.UTF-8", Some("el")),
            ("tr_TR", Some("tr")),
            ("it_IT", Some("it")),
            ("EN_us", Some("en")),
            ("C", None),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("ja_JP.UTF-8", None),
            ("", None),
        ] {
            assert_eq!(ui_language_for_locale(locale), code, "{locale}");
        }
    }

    #[test]
    fn the_first_start_follows_lc_all_then_lc_messages_then_lang() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(first_start_language(env(&[("LANG", "ar_EG.UTF-8")])), "ar");
        assert_eq!(
            first_start_language(env(&[("LANG", "ar_EG.UTF-8"), ("LC_MESSAGES", "hi_IN")])),
            "hi"
        );
        assert_eq!(
            first_start_language(env(&[
                ("LANG", "ar_EG.UTF-8"),
                ("LC_MESSAGES", "hi_IN"),
                ("LC_ALL", "th_TH.UTF-8")
            ])),
            "th"
        );
        // An empty variable is skipped, as POSIX does.
        assert_eq!(
            first_start_language(env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")])),
            "zh-Hans"
        );
        assert_eq!(first_start_language(env(&[("LANG", "ja_JP.UTF-8")])), "en");
        assert_eq!(first_start_language(env(&[("LANG", "C.UTF-8")])), "en");
        assert_eq!(first_start_language(env(&[])), "en");
    }

    #[test]
    fn every_ui_language_is_named_in_itself() {
        let choices = Strings::choices();
        assert_eq!(choices.len(), 13);
        let name = |code: &str| {
            choices
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, n)| n.clone())
        };
        assert_eq!(name("ar").as_deref(), Some("العربية"));
        assert_eq!(name("zh-Hans").as_deref(), Some("简体中文"));
        assert_eq!(name("hi").as_deref(), Some("हिन्दी"));
        let codes: Vec<&str> = choices.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(
            codes,
            [
                "en", "fr", "es", "pt", "ru", "de", "ar", "zh-Hans", "it", "el", "tr", "th", "hi"
            ]
        );
    }
}
