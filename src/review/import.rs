//! Import a reviewed PO file: validate everything, then write `texts.toml` once.

use super::check::text_problems;
use super::po::{PoEntry, PoFile, read};
use super::{context, parse_context};
use crate::catalog::edit::{TextEdit, apply_text_edits};
use crate::catalog::{Catalog, Gender, Language, Problem, TextStatus};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has faults; each names the file and line.
    #[error("{} problem(s); nothing was imported:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("{0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error(transparent)]
    Write(#[from] crate::catalog::edit::EditError),
}

/// What an import will do (or did).
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The language code.
    pub language: String,
    /// Who reviewed (from `--reviewer` or `Last-Translator`), when anything is reviewed.
    pub reviewer: Option<String>,
    /// The writes, one per message that changes.
    pub edits: Vec<TextEdit>,
    /// Strings (message variants) that become native-reviewed.
    pub reviewed: Vec<String>,
    /// Strings whose text changes.
    pub changed: Vec<String>,
    /// Entries still fuzzy whose text differs from the catalog: not imported.
    pub fuzzy_changes: Vec<String>,
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub plan: Plan,
    /// Clip files (relative to the language folder) that now speak an old text.
    pub out_of_date: Vec<String>,
}

impl Outcome {
    /// The summary printed after an import.
    pub fn summary(&self) -> String {
        let p = &self.plan;
        let mut out = format!(
            "{}: {} string(s) reviewed{}, {} text(s) changed, {} clip(s) now out of date.",
            p.language,
            p.reviewed.len(),
            p.reviewer
                .as_deref()
                .map(|r| format!(" by {r}"))
                .unwrap_or_default(),
            p.changed.len(),
            self.out_of_date.len()
        );
        if !p.changed.is_empty() {
            out += &format!("\nChanged: {}", p.changed.join(", "));
        }
        if !self.out_of_date.is_empty() {
            out += &format!(
                "\nOut of date (re-render synthetic clips with scripts/render_audio.py {}; record the others again): {}",
                p.language,
                self.out_of_date.join(", ")
            );
        }
        if !p.fuzzy_changes.is_empty() {
            out += &format!(
                "\nNot imported, still fuzzy (clear the flag to confirm them): {}",
                p.fuzzy_changes.join(", ")
            );
        }
        out
    }
}

/// The reviewer of a `Last-Translator` header: the name, without the
/// e-mail address; none for gettext's placeholder.
fn reviewer_from_header(header: &str) -> Option<String> {
    let name = header.split('<').next().unwrap_or_default().trim();
    let placeholder = name == "FULL NAME" || name == super::export::LAST_TRANSLATOR_UNKNOWN;
    (!name.is_empty() && !placeholder).then(|| name.to_owned())
}

/// Validate a reviewer id: one line, 1 to 64 characters.
pub fn check_reviewer(reviewer: &str) -> Result<String, String> {
    let r = reviewer.trim();
    if r.is_empty() || r.chars().count() > 64 || r.chars().any(char::is_control) {
        return Err(format!(
            "reviewer {reviewer:?}: give initials or an id of 1 to 64 characters on one line"
        ));
    }
    Ok(r.to_owned())
}

/// The language a file's `Language` header names (`zh_Hans` is `zh-Hans`).
fn language_of<'a>(
    catalog: &'a Catalog,
    po: &PoFile,
    path: &Path,
) -> Result<&'a Language, Problem> {
    let at = |message: String| Problem {
        file: path.to_path_buf(),
        line: Some(po.header_line),
        message,
    };
    let code = po.language.trim().replace('_', "-");
    if code.is_empty() {
        return Err(at("the header has no Language".to_owned()));
    }
    let language = catalog.language(&code).ok_or_else(|| {
        at(format!(
            "Language {:?} is not a language of the catalog {}",
            po.language,
            catalog.root.display()
        ))
    })?;
    if language
        .texts
        .values()
        .all(|t| t.status == TextStatus::Source)
    {
        return Err(at(format!(
            "Language {code:?} is the source language: it is not imported"
        )));
    }
    Ok(language)
}

/// A message's PO entries, each with its gender variant (none: the one text).
type Variants<'a> = Vec<(Option<Gender>, &'a PoEntry)>;

/// Read and validate `bytes` (the PO file `path`) against `catalog`: the
/// edits it makes, or every problem found, each with its line.
pub fn plan(
    catalog: &Catalog,
    path: &Path,
    bytes: &[u8],
    reviewer: Option<&str>,
) -> Result<Plan, Vec<Problem>> {
    let po = read(path, bytes)?;
    let language = language_of(catalog, &po, path).map_err(|p| vec![p])?;
    let mut problems = Vec::new();
    let problem = |problems: &mut Vec<Problem>, line: usize, message: String| {
        problems.push(Problem {
            file: path.to_path_buf(),
            line: Some(line),
            message,
        });
    };
    // msgctxt -> the entry, for every known string of the language.
    let mut found: HashMap<String, &PoEntry> = HashMap::new();
    for entry in &po.entries {
        let ctx = entry.msgctxt.clone().unwrap_or_default();
        let known = parse_context(&ctx).and_then(|(id, variant)| {
            let message = catalog.message(id)?;
            let text = language.texts.get(id)?;
            text.variants()
                .contains(&variant)
                .then_some((message, text, variant))
        });
        let Some((message, text, variant)) = known else {
            problem(
                &mut problems,
                entry.line,
                format!(
                    "unknown msgctxt {ctx:?}: not a message (and variant) of {}",
                    language.meta.name
                ),
            );
            continue;
        };
        if let Some(first) = found.get(&ctx) {
            problem(
                &mut problems,
                entry.line,
                format!(
                    "duplicate entry {ctx:?}: the same as the entry at line {}",
                    first.line
                ),
            );
            continue;
        }
        found.insert(ctx.clone(), entry);
        if entry.msgid != message.text {
            problem(
                &mut problems,
                entry.line,
                format!(
                    "{ctx}: the msgid is not the current English of the message (the catalog changed since the export: export again)"
                ),
            );
        }
        if entry.msgstr.trim().is_empty() {
            problem(
                &mut problems,
                entry.msgstr_line,
                format!("{ctx}: empty msgstr"),
            );
            continue;
        }
        let old = text.variant_text(variant).unwrap_or_default();
        for p in text_problems(&language.meta, &message.text, old, &entry.msgstr) {
            problem(&mut problems, entry.msgstr_line, format!("{ctx}: {p}"));
        }
    }
    let mut missing = Vec::new();
    for message in &catalog.messages {
        if let Some(text) = language.texts.get(message.id()) {
            for &variant in text.variants() {
                let ctx = context(message.id(), variant);
                if !found.contains_key(&ctx) {
                    missing.push(ctx);
                }
            }
        }
    }
    if !missing.is_empty() {
        problem(
            &mut problems,
            po.lines,
            format!(
                "the file ends without {} entr{} ({}{}): is it truncated? Export the language again",
                missing.len(),
                if missing.len() == 1 { "y" } else { "ies" },
                missing
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if missing.len() > 5 { ", ..." } else { "" }
            ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut plan = Plan {
        language: language.meta.code.clone(),
        ..Plan::default()
    };
    // Decide per message: all its variants confirmed (not fuzzy), or none.
    let mut by_message: BTreeMap<usize, (&str, Variants)> = BTreeMap::new();
    for (index, message) in catalog.messages.iter().enumerate() {
        if let Some(text) = language.texts.get(message.id()) {
            let variants = text
                .variants()
                .iter()
                .filter_map(|v| found.get(&context(message.id(), *v)).map(|e| (*v, *e)))
                .collect();
            by_message.insert(index, (message.id(), variants));
        }
    }
    for (id, variants) in by_message.values() {
        let Some(text) = language.texts.get(*id) else {
            continue;
        };
        let changes: Vec<(Option<Gender>, String)> = variants
            .iter()
            .filter(|(v, e)| text.variant_text(*v) != Some(e.msgstr.as_str()))
            .map(|(v, e)| (*v, e.msgstr.clone()))
            .collect();
        if variants.iter().any(|(_, e)| e.fuzzy) {
            plan.fuzzy_changes
                .extend(changes.iter().map(|(v, _)| context(id, *v)));
            continue;
        }
        if text.status == TextStatus::NativeReviewed && changes.is_empty() {
            continue;
        }
        plan.reviewed
            .extend(variants.iter().map(|(v, _)| context(id, *v)));
        plan.changed
            .extend(changes.iter().map(|(v, _)| context(id, *v)));
        plan.edits.push(TextEdit::Review {
            message: (*id).to_owned(),
            texts: changes,
        });
    }
    if !plan.edits.is_empty() {
        let given = reviewer
            .map(str::to_owned)
            .or_else(|| reviewer_from_header(&po.last_translator));
        match given.map(|r| check_reviewer(&r)) {
            Some(Ok(r)) => plan.reviewer = Some(r),
            Some(Err(e)) => return Err(vec![Problem::file(path, e)]),
            None => {
                return Err(vec![Problem {
                    file: path.to_path_buf(),
                    line: Some(po.header_line),
                    message: "who reviewed it? Give --reviewer INITIALS, or fill in the Last-Translator header".to_owned(),
                }]);
            }
        }
    }
    Ok(plan)
}

/// Import the PO file `path` into `catalog` (loaded from its folder) as
/// reviewed on `date`: validate everything, then write the language's
/// `texts.toml` once, atomically. Nothing is written when anything is wrong.
pub fn import(
    catalog: &Catalog,
    path: &Path,
    reviewer: Option<&str>,
    date: &str,
) -> Result<Outcome, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read(path.to_path_buf(), e))?;
    let plan = plan(catalog, path, &bytes, reviewer).map_err(ImportError::Invalid)?;
    let Some(language) = catalog.language(&plan.language) else {
        return Err(ImportError::Invalid(vec![Problem::file(
            path,
            "language vanished",
        )]));
    };
    if let Some(reviewer) = &plan.reviewer {
        apply_text_edits(&language.dir, &plan.edits, reviewer, date)?;
    }
    let reloaded = crate::catalog::load::load_only(&catalog.root, &[plan.language.as_str()]);
    let out_of_date = reloaded
        .language(&plan.language)
        .map(|l| {
            l.clips
                .iter()
                .filter(|c| c.out_of_date)
                .map(|c| c.def.file.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(Outcome { plan, out_of_date })
}
