//! The checks a reviewed text must pass before it is written: not empty, in
//! the language's script, and keeping the numbers and bracketed placeholders
//! of the English that the catalog's text kept.

use crate::catalog::LanguageMeta;
use unicode_script::{Script, UnicodeScript};

/// What is wrong with `new`, the reviewed text of a message whose English is
/// `english` and whose current text is `old`, in `language`. Empty when it
/// may be written.
pub fn text_problems(language: &LanguageMeta, english: &str, old: &str, new: &str) -> Vec<String> {
    let mut out = Vec::new();
    if new.trim().is_empty() {
        out.push("empty text".to_owned());
        return out;
    }
    if let Some(problem) = script_problem(&language.script, new) {
        out.push(problem);
    }
    let (old_numbers, new_numbers) = (numbers(old), numbers(new));
    for number in numbers(english) {
        if old_numbers.contains(&number) && !new_numbers.contains(&number) {
            out.push(format!("the number {number} of the English is missing"));
        }
    }
    for placeholder in placeholders(english) {
        if old.contains(placeholder) && !new.contains(placeholder) {
            out.push(format!(
                "the placeholder {placeholder} of the English is missing"
            ));
        }
    }
    out
}

/// The Unicode script of an ISO 15924 code (`Hans` and `Hant` are Han).
fn script_of(code: &str) -> Option<Script> {
    match code {
        "Hans" | "Hant" => Some(Script::Han),
        other => Script::from_short_name(other),
    }
}

/// Why `text` is not in the script `code`, if it is not: at least half of its
/// words (runs of letters of one script) must be of that script, so a brand
/// name in Latin letters may stay in an Ethiopic sentence.
fn script_problem(code: &str, text: &str) -> Option<String> {
    let expected = script_of(code)?;
    let mut words: Vec<Script> = Vec::new();
    let mut previous: Option<Script> = None;
    for c in text.chars() {
        let script = c.script();
        let letter = c.is_alphabetic() && script != Script::Common && script != Script::Inherited;
        if !letter {
            // Combining marks continue the word they follow.
            if !(c.is_alphabetic() || script == Script::Inherited) {
                previous = None;
            }
            continue;
        }
        if previous != Some(script) {
            words.push(script);
        }
        previous = Some(script);
    }
    let in_script = words.iter().filter(|s| **s == expected).count();
    if words.is_empty() || in_script * 2 >= words.len() {
        return None;
    }
    let found = words
        .iter()
        .find(|s| **s != expected)
        .map_or("another", |s| s.full_name());
    Some(format!(
        "the text is not in the language's script ({}): {in_script} of {} words are, the others are {found}",
        expected.full_name(),
        words.len()
    ))
}

/// The zero of each decimal digit block the catalog's scripts use.
const ZEROS: [u32; 16] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xDE6, 0xE50, 0xED0,
    0x1040, 0x17E0, 0x1810,
];

/// The value of a decimal digit in any of the [`ZEROS`] blocks.
fn digit_value(c: char) -> Option<u32> {
    let cp = u32::from(c);
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&cp))
        .map(|zero| cp - zero)
}

/// The numbers written with digits in `text`, in ASCII (`١٨` and `18` are both `18`).
pub fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        match digit_value(c).and_then(|d| char::from_digit(d, 10)) {
            Some(d) => current.push(d),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The bracketed placeholders of an English text (`[the person's language]`).
pub fn placeholders(english: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = english;
    while let Some(start) = rest.find('[') {
        let Some(len) = rest[start..].find(']') else {
            break;
        };
        out.push(&rest[start..=start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(script: &str) -> LanguageMeta {
        toml::from_str(&format!(
            "code = \"xx\"\nname = \"X\"\nautonym = \"X\"\nscript = \"{script}\"\ndirection = \"ltr\""
        ))
        .unwrap()
    }

    #[test]
    fn latin_text_for_amharic_is_refused() {
        let am = meta("Ethi");
        assert!(text_problems(&am, "Hello.", "ሰላም።", "ሰላም። WhatsApp").is_empty());
        let p = text_problems(&am, "Hello.", "ሰላም።", "Selam.");
        assert!(p[0].contains("Ethiopic"), "{p:?}");
        assert!(text_problems(&meta("Hans"), "Yes", "是", "是的").is_empty());
    }

    #[test]
    fn numbers_are_kept_in_any_digits() {
        let ar = meta("Arab");
        let english = "Are you younger than 18?";
        assert!(
            text_problems(&ar, english, "هل عمرك أقل من 18؟", "هل عمرك أقل من ١٨ سنة؟").is_empty()
        );
        let p = text_problems(&ar, english, "هل عمرك أقل من 18؟", "هل أنت صغير؟");
        assert_eq!(p, vec!["the number 18 of the English is missing"]);
        // A text that spelled the number out may keep doing so.
        let ak = meta("Latn");
        assert!(text_problems(&ak, english, "mfeɛ dunwɔtwe", "mfeɛ dunwɔtwe?").is_empty());
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            placeholders("in [the language]. [x] y"),
            vec!["[the language]", "[x]"]
        );
        assert_eq!(numbers("a 12 b ١٢٣ c"), vec!["12", "123"]);
    }
}
