//! The responder-facing UI strings, from `assets/i18n/<code>.toml` (compiled
//! in). English is complete; a missing key in another language falls back to
//! English.

use std::collections::BTreeMap;

/// The UI languages: (code, TOML source).
pub const UI_LANGUAGES: [(&str, &str); 6] = [
    ("en", include_str!("../../assets/i18n/en.toml")),
    ("fr", include_str!("../../assets/i18n/fr.toml")),
    ("es", include_str!("../../assets/i18n/es.toml")),
    ("pt", include_str!("../../assets/i18n/pt.toml")),
    ("ru", include_str!("../../assets/i18n/ru.toml")),
    ("de", include_str!("../../assets/i18n/de.toml")),
];

/// One UI language's strings, with English behind it.
#[derive(Clone, Debug)]
pub struct Strings {
    pub code: String,
    map: BTreeMap<String, String>,
    english: BTreeMap<String, String>,
}

fn parse(source: &str) -> BTreeMap<String, String> {
    toml::from_str(source).unwrap_or_default()
}

impl Strings {
    /// The strings of UI language `code` (English when unknown).
    pub fn load(code: &str) -> Self {
        let english = parse(UI_LANGUAGES[0].1);
        let (code, map) = UI_LANGUAGES.iter().find(|(c, _)| *c == code).map_or_else(
            || ("en".to_owned(), english.clone()),
            |(c, src)| ((*c).to_owned(), parse(src)),
        );
        Self { code, map, english }
    }

    /// The string for `key`; the key itself if even English lacks it.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map
            .get(key)
            .or_else(|| self.english.get(key))
            .map_or(key, String::as_str)
    }

    /// The string for `key` with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key).to_owned(), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), v)
        })
    }

    /// The name of each UI language, in itself.
    pub fn choices() -> Vec<(String, String)> {
        UI_LANGUAGES
            .iter()
            .map(|(code, src)| {
                let name = parse(src)
                    .remove("language_name")
                    .unwrap_or_else(|| (*code).to_owned());
                ((*code).to_owned(), name)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_language_is_complete_and_keeps_placeholders() {
        let english = parse(UI_LANGUAGES[0].1);
        assert!(english.len() > 50);
        for (code, src) in UI_LANGUAGES {
            let map: BTreeMap<String, String> =
                toml::from_str(src).unwrap_or_else(|e| panic!("{code}: {e}"));
            let missing: Vec<_> = english.keys().filter(|k| !map.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            let extra: Vec<_> = map.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(extra.is_empty(), "{code} has unknown keys {extra:?}");
            for (key, value) in &english {
                let holes = |s: &str| s.match_indices('{').count();
                assert_eq!(
                    holes(value),
                    holes(&map[key]),
                    "{code}.{key}: placeholders differ"
                );
            }
        }
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
}
