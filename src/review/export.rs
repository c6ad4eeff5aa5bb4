//! Export one language's texts as a gettext PO file (written by `polib`).

use super::{addressee, context};
use crate::catalog::{Catalog, Language, TextStatus};
use polib::catalog::Catalog as PoCatalog;
use polib::message::{Message, MessageFlags};
use polib::metadata::CatalogMetadata;
use std::io::BufWriter;

/// The `Last-Translator` of an exported file, until the translator's tool
/// replaces it; the import never takes it as a reviewer.
pub const LAST_TRANSLATOR_UNKNOWN: &str = "unknown";

/// Why a language cannot be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} is the source language (English): it is not exported as a translation")]
    Source(String),
    #[error("cannot write the PO file: {0}")]
    Write(#[from] std::io::Error),
}

/// The explanation at the top of every exported file, for the translator.
fn preheader(language: &Language) -> Vec<String> {
    let m = &language.meta;
    [
        format!(
            "safevoice: the messages in {} ({}), for review.",
            m.name, m.autonym
        ),
        String::new(),
        "msgctxt is the message id; |f or |m marks the variant that addresses a".to_owned(),
        "woman or girl, or a man or boy. msgid is the English meaning, msgstr the text.".to_owned(),
        "Entries marked fuzzy have not been reviewed by a native speaker. Correct".to_owned(),
        "the text where needed and clear the fuzzy flag of each entry you confirm.".to_owned(),
        "Keep every number of the English. Say no more than the English promises.".to_owned(),
        "Bring it back with: safevoice translations import FILE --reviewer INITIALS".to_owned(),
    ]
    .into()
}

/// One line of an extracted comment (a value never spans lines).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PO file of `language`, as bytes. The same catalog always gives the
/// same bytes (no creation date, entries in board order).
pub fn export_language(catalog: &Catalog, language: &Language) -> Result<Vec<u8>, ExportError> {
    if language
        .texts
        .values()
        .all(|t| t.status == TextStatus::Source)
    {
        return Err(ExportError::Source(language.meta.code.clone()));
    }
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = format!("safevoice {}", env!("CARGO_PKG_VERSION"));
    // The last review or flag; a language no one has reviewed yet was last
    // revised by this export.
    let last = language
        .texts
        .values()
        .flat_map(|t| [t.reviewed_on.as_deref(), t.flagged_on.as_deref()])
        .flatten()
        .max()
        .map_or_else(crate::catalog::edit::today, str::to_owned);
    metadata.po_revision_date = format!("{last} 00:00+0000");
    // Never a real name: the translator's tool fills it in, and the import
    // takes it as the reviewer.
    metadata.last_translator = LAST_TRANSLATOR_UNKNOWN.to_owned();
    metadata.language_team = format!("{} reviewers", language.meta.name);
    metadata.mime_version = "1.0".to_owned();
    metadata.content_type = "text/plain; charset=UTF-8".to_owned();
    metadata.content_transfer_encoding = "8bit".to_owned();
    metadata.language = language.meta.code.clone();
    let mut po = PoCatalog::new(metadata);
    po.preheader = preheader(language);

    for message in &catalog.messages {
        let Some(entry) = language.texts.get(message.id()) else {
            continue;
        };
        for &variant in entry.variants() {
            let Some(text) = entry.variant_text(variant) else {
                continue;
            };
            let mut comments = vec![format!(
                "category: {}; kind: {}; audience: {}",
                message.category,
                message.kind.as_str(),
                match message.audience {
                    crate::catalog::Audience::All => "all",
                    crate::catalog::Audience::Child => "child",
                }
            )];
            comments.push(format!("addresses: {}", addressee(variant)));
            if let Some(flag) = message.flag() {
                comments.push(format!(
                    "rights flag: {flag} (played only where the jurisdiction grants it)"
                ));
            }
            let back = match variant {
                Some(g) => entry.back_for(g),
                None => entry.back.as_deref(),
            };
            if let Some(back) = back {
                comments.push(format!("back-translation: {}", one_line(back)));
            }
            if let Some(note) = &entry.note {
                comments.push(format!("note: {}", one_line(note)));
            }
            comments.push(format!(
                "confidence: {}; status: {}",
                format!("{:?}", entry.confidence).to_lowercase(),
                entry.status.as_str()
            ));
            if let (Some(who), Some(on)) = (&entry.reviewer, &entry.reviewed_on) {
                comments.push(format!("reviewed by {} on {on}", one_line(who)));
            }
            if let Some(flag) = &entry.flag {
                comments.push(format!(
                    "flagged by {} on {}: {}",
                    one_line(entry.flagged_by.as_deref().unwrap_or("?")),
                    entry.flagged_on.as_deref().unwrap_or("?"),
                    one_line(flag)
                ));
            }
            let mut flags = MessageFlags::new();
            if entry.status != TextStatus::NativeReviewed {
                flags.add_flag("fuzzy");
            }
            po.append_or_update(
                Message::build_singular()
                    .with_extracted_comments(comments.join("\n"))
                    .with_flags(flags)
                    .with_msgctxt(context(message.id(), variant))
                    .with_msgid(message.text.clone())
                    .with_msgstr(text.to_owned())
                    .done(),
            );
        }
    }
    let mut writer = BufWriter::new(Vec::new());
    polib::po_file::write(&po, &mut writer)?;
    writer
        .into_inner()
        .map_err(|e| ExportError::Write(e.into_error()))
}
