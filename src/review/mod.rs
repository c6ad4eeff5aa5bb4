//! Translation review: taking a language's texts out as gettext PO for a
//! translator's own tool (Poedit, Weblate, Pontoon, Crowdin, memoQ, Trados)
//! and bringing the result back, and the checks a reviewed text must pass.
//!
//! - [`export`]: one PO file per language, one entry per message and gender
//!   variant (`msgctxt` = `id` or `id|f` / `id|m`, `msgid` = the English
//!   meaning, `msgstr` = the text); every string that no native speaker has
//!   reviewed is `fuzzy`.
//! - [`import`]: reads a PO file back, validates every entry first (language,
//!   contexts, duplicates, empty texts, script, digits and placeholders), and
//!   only then writes `texts.toml` once, atomically, through
//!   [`crate::catalog::edit::apply_text_edits`], the same code the Review
//!   panel uses.
//! - [`check`]: the checks of one reviewed text against its language and the English.

pub mod check;
pub mod export;
pub mod import;
mod po;
#[cfg(feature = "gui")]
pub mod ui_strings;

use crate::catalog::edit::{TextEdit, apply_text_edits};
use crate::catalog::{Catalog, Gender};

/// The `msgctxt` of a message's variant: `q_hurt`, `q_hurt|f`, `q_hurt|m`.
pub fn context(message: &str, variant: Option<Gender>) -> String {
    match variant {
        Some(g) => format!("{message}|{}", g.as_str()),
        None => message.to_owned(),
    }
}

/// The message id and variant of a `msgctxt`, when it has that shape.
pub fn parse_context(context: &str) -> Option<(&str, Option<Gender>)> {
    match context.split_once('|') {
        None => Some((context, None)),
        Some((id, "f")) => Some((id, Some(Gender::Female))),
        Some((id, "m")) => Some((id, Some(Gender::Male))),
        Some(_) => None,
    }
}

/// Who a variant addresses, in words for a translator.
pub fn addressee(variant: Option<Gender>) -> &'static str {
    match variant {
        Some(Gender::Female) => "a woman or girl",
        Some(Gender::Male) => "a man or boy",
        None => "anyone",
    }
}

/// Apply one reviewer's decision from the Review panel to `code`'s
/// `texts.toml`, after the same checks the import makes (reviewer, script,
/// numbers, placeholders), through the same writer. The reason when it is refused.
pub fn apply_decision(
    catalog: &Catalog,
    code: &str,
    edit: &TextEdit,
    reviewer: &str,
    date: &str,
) -> Result<(), String> {
    let reviewer = import::check_reviewer(reviewer)?;
    let language = catalog
        .language(code)
        .ok_or_else(|| format!("unknown language {code:?}"))?;
    let id = edit.message();
    let (Some(message), Some(entry)) = (catalog.message(id), language.texts.get(id)) else {
        return Err(format!("{} has no message {id:?}", language.meta.name));
    };
    match edit {
        TextEdit::Review { texts, .. } => {
            let mut problems = Vec::new();
            for (variant, new) in texts {
                let old = entry.variant_text(*variant).unwrap_or_default();
                problems.extend(check::text_problems(
                    &language.meta,
                    &message.text,
                    old,
                    new,
                ));
            }
            if !problems.is_empty() {
                return Err(problems.join("; "));
            }
        }
        TextEdit::Flag { comment, .. } => {
            if comment.trim().is_empty() {
                return Err("write what is wrong with the text".to_owned());
            }
        }
    }
    apply_text_edits(&language.dir, std::slice::from_ref(edit), &reviewer, date)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_round_trip() {
        for variant in [None, Some(Gender::Female), Some(Gender::Male)] {
            let ctx = context("q_hurt", variant);
            assert_eq!(parse_context(&ctx), Some(("q_hurt", variant)));
        }
        assert_eq!(parse_context("q_hurt|x"), None);
    }
}
