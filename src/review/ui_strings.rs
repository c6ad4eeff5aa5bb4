//! The interface strings (`assets/i18n/<code>.toml`) as their own gettext
//! domain: exported to a PO file for a translator's tool, and brought back
//! into the TOML file.
//!
//! Each entry's `msgctxt` is the string's key, `msgid` the English and
//! `msgstr` the translation; every entry is fuzzy (the UI translations are
//! machine drafts). The import checks the whole file first (a UI language,
//! every key present once, no unknown key, no empty text, the same `{name}`
//! placeholders as the English) and writes nothing if anything is wrong; it
//! then changes only the values in the TOML file, keeping its comments and
//! order.

use super::po;
use crate::catalog::Problem;
use crate::ui::i18n::UI_LANGUAGES;
use polib::catalog::Catalog as PoCatalog;
use polib::message::{Message, MessageFlags};
use polib::metadata::CatalogMetadata;
use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::Path;

/// The gettext domain of the interface strings (named in the file's comment).
pub const DOMAIN: &str = "safevoice-ui";

/// Why the interface strings of a language cannot be exported or imported.
#[derive(Debug, thiserror::Error)]
pub enum UiPoError {
    #[error("{0} is not an interface language (one of {1})")]
    Unknown(String, String),
    #[error("en is the source of the interface strings: it is not exported as a translation")]
    Source,
    #[error("cannot write the PO file: {0}")]
    Write(#[from] std::io::Error),
    #[error("{0}")]
    Toml(String),
}

fn strings(source: &str) -> Result<BTreeMap<String, String>, UiPoError> {
    toml::from_str(source).map_err(|e| UiPoError::Toml(e.to_string()))
}

fn known_codes() -> String {
    UI_LANGUAGES
        .iter()
        .map(|l| l.code)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `{name}` placeholders of a string, sorted.
pub fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = s
        .match_indices('{')
        .filter_map(|(i, _)| s[i..].find('}').map(|j| &s[i..=i + j]))
        .collect();
    out.sort_unstable();
    out
}

/// The PO file of UI language `code` (from the strings compiled in), as
/// bytes. The same strings give the same bytes on the same day (the
/// revision date is today's).
pub fn export_ui(code: &str) -> Result<Vec<u8>, UiPoError> {
    if code == "en" {
        return Err(UiPoError::Source);
    }
    let language = UI_LANGUAGES
        .iter()
        .find(|l| l.code == code)
        .ok_or_else(|| UiPoError::Unknown(code.to_owned(), known_codes()))?;
    let english = strings(UI_LANGUAGES[0].source)?;
    let translated = strings(language.source)?;
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = format!("safevoice {}", env!("CARGO_PKG_VERSION"));
    metadata.po_revision_date = format!("{} 00:00+0000", crate::catalog::edit::today());
    metadata.last_translator = super::export::LAST_TRANSLATOR_UNKNOWN.to_owned();
    metadata.language_team = format!("{code} interface translators");
    metadata.mime_version = "1.0".to_owned();
    metadata.content_type = "text/plain; charset=UTF-8".to_owned();
    metadata.content_transfer_encoding = "8bit".to_owned();
    metadata.language = code.to_owned();
    let mut po = PoCatalog::new(metadata);
    po.preheader = vec![
        format!("safevoice: the interface strings in {code}, for review."),
        String::new(),
        "msgctxt is the string's key, msgid the English, msgstr the translation.".to_owned(),
        "Every entry is a machine draft (fuzzy). Keep each {name} placeholder as it is.".to_owned(),
        format!("Bring it back with: safevoice translations import FILE --ui (domain {DOMAIN})"),
    ];
    for (key, english_text) in &english {
        let text = translated.get(key).cloned().unwrap_or_default();
        let mut flags = MessageFlags::new();
        flags.add_flag("fuzzy");
        po.append_or_update(
            Message::build_singular()
                .with_flags(flags)
                .with_msgctxt(key.clone())
                .with_msgid(english_text.clone())
                .with_msgstr(text)
                .done(),
        );
    }
    let mut writer = BufWriter::new(Vec::new());
    polib::po_file::write(&po, &mut writer)?;
    writer
        .into_inner()
        .map_err(|e| UiPoError::Write(e.into_error()))
}

/// A checked import: the language and its new strings, by key.
#[derive(Clone, Debug)]
pub struct UiImport {
    pub code: String,
    pub strings: BTreeMap<String, String>,
}

/// Read and check the PO file `path` (content `bytes`) of interface strings.
pub fn read_ui(path: &Path, bytes: &[u8]) -> Result<UiImport, Vec<Problem>> {
    let file = po::read(path, bytes)?;
    let problem = |line: usize, message: String| Problem {
        file: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let mut problems = Vec::new();
    let code = file.language.trim().to_owned();
    if code == "en" || !UI_LANGUAGES.iter().any(|l| l.code == code) {
        problems.push(problem(
            file.header_line,
            format!(
                "Language {code:?} is not an interface language to import (one of {} but en)",
                known_codes()
            ),
        ));
    }
    let english = strings(UI_LANGUAGES[0].source).unwrap_or_default();
    let mut out = BTreeMap::new();
    for entry in &file.entries {
        let Some(key) = entry.msgctxt.as_deref() else {
            problems.push(problem(entry.line, "no msgctxt (the string's key)".into()));
            continue;
        };
        let Some(english_text) = english.get(key) else {
            problems.push(problem(entry.line, format!("unknown key {key:?}")));
            continue;
        };
        if out.contains_key(key) {
            problems.push(problem(entry.line, format!("{key:?} appears twice")));
            continue;
        }
        if entry.msgstr.trim().is_empty() {
            problems.push(problem(entry.msgstr_line, format!("{key}: empty text")));
            continue;
        }
        if placeholders(english_text) != placeholders(&entry.msgstr) {
            problems.push(problem(
                entry.msgstr_line,
                format!(
                    "{key}: the placeholders {:?} of the English must stay as they are (found {:?})",
                    placeholders(english_text),
                    placeholders(&entry.msgstr)
                ),
            ));
            continue;
        }
        out.insert(key.to_owned(), entry.msgstr.clone());
    }
    for key in english.keys().filter(|k| !out.contains_key(*k)) {
        if !file
            .entries
            .iter()
            .any(|e| e.msgctxt.as_deref() == Some(key))
        {
            problems.push(problem(file.lines, format!("{key} is missing")));
        }
    }
    if problems.is_empty() {
        Ok(UiImport { code, strings: out })
    } else {
        Err(problems)
    }
}

/// The TOML file `old` with the values of `new` (every other line, comment
/// and the order kept). Returns the new text and how many values changed.
pub fn apply_to_toml(
    old: &str,
    new: &BTreeMap<String, String>,
) -> Result<(String, usize), UiPoError> {
    let mut doc: toml_edit::DocumentMut = old
        .parse()
        .map_err(|e: toml_edit::TomlError| UiPoError::Toml(e.to_string()))?;
    let mut changed = 0;
    for (key, value) in new {
        let same = doc.get(key).and_then(|v| v.as_str()) == Some(value.as_str());
        if same {
            continue;
        }
        let decor = doc
            .get(key)
            .and_then(|item| item.as_value())
            .map(|v| v.decor().clone());
        let mut item = toml_edit::value(value.as_str());
        if let (Some(decor), Some(v)) = (decor, item.as_value_mut()) {
            *v.decor_mut() = decor;
        }
        doc[key.as_str()] = item;
        changed += 1;
    }
    Ok((doc.to_string(), changed))
}

/// Import the PO file `path` into `<into>/<code>.toml` (written atomically;
/// nothing is written when the file has a problem). Returns the language and
/// how many strings changed.
pub fn import_ui(path: &Path, into: &Path) -> Result<(String, usize), ImportUiError> {
    let bytes =
        std::fs::read(path).map_err(|e| ImportUiError::Io(path.display().to_string(), e))?;
    let import = read_ui(path, &bytes).map_err(ImportUiError::Invalid)?;
    let target = into.join(format!("{}.toml", import.code));
    let old = std::fs::read_to_string(&target)
        .map_err(|e| ImportUiError::Io(target.display().to_string(), e))?;
    let (text, changed) = apply_to_toml(&old, &import.strings)?;
    if changed > 0 {
        crate::catalog::edit::write_atomic(&target, text.as_bytes())
            .map_err(|e| ImportUiError::Write(e.to_string()))?;
    }
    Ok((import.code, changed))
}

/// Why an import of interface strings failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportUiError {
    #[error("the file has problems")]
    Invalid(Vec<Problem>),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}")]
    Write(String),
    #[error(transparent)]
    Ui(#[from] UiPoError),
}
