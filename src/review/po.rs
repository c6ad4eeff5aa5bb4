//! Reading a PO file strictly, with the line of every entry.
//!
//! `polib` does the reading proper (unescaping, flags, the header). Its parser
//! trusts its input, though: it slices unterminated strings, merges entries
//! that lack a blank line between them, keeps only the last of two equal
//! entries and knows no line numbers. So a first pass checks the file's
//! structure line by line, records where each entry starts, and hands
//! `polib` only text it reads correctly; every fault found on the way is a
//! [`Problem`] with its line.

use crate::catalog::Problem;
use std::path::Path;

/// One entry of the file.
#[derive(Clone, Debug)]
pub struct PoEntry {
    /// The line of its first keyword (`msgctxt`, or `msgid`).
    pub line: usize,
    /// The line of its `msgstr`.
    pub msgstr_line: usize,
    pub msgctxt: Option<String>,
    pub msgid: String,
    pub msgstr: String,
    pub fuzzy: bool,
}

/// A whole file.
#[derive(Clone, Debug)]
pub struct PoFile {
    /// The line of the header entry (`msgid ""`).
    pub header_line: usize,
    /// The `Language` header, as written.
    pub language: String,
    /// The `Last-Translator` header, as written.
    pub last_translator: String,
    pub entries: Vec<PoEntry>,
    /// The number of lines (where a truncated file ends).
    pub lines: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Ctxt,
    Id,
    Str,
}

#[derive(Default)]
struct Block {
    first_line: Option<usize>,
    ctxt: Option<usize>,
    id: Option<usize>,
    str_: Option<usize>,
    last: Option<Field>,
    comment_lines: Vec<usize>,
}

impl Block {
    fn has_keyword(&self) -> bool {
        self.last.is_some()
    }
}

/// Check one quoted PO string (`"..."`): closed, no bare quote inside, only
/// the escapes `\\ \" \n \t \r`.
fn check_string(s: &str) -> Result<(), String> {
    let inner = s
        .strip_prefix('"')
        .ok_or_else(|| format!("expected a quoted string, found {s:?}"))?;
    let mut chars = inner.chars();
    loop {
        match chars.next() {
            None => return Err("unterminated string (is the file truncated?)".to_owned()),
            Some('"') => {
                return if chars.as_str().is_empty() {
                    Ok(())
                } else {
                    Err("unescaped quote inside a string (write \\\")".to_owned())
                };
            }
            Some('\\') => match chars.next() {
                Some('\\' | '"' | 'n' | 't' | 'r') => {}
                Some(c) => return Err(format!("unknown escape \\{c}")),
                None => return Err("unterminated string (is the file truncated?)".to_owned()),
            },
            Some(_) => {}
        }
    }
}

/// Read and check the PO file `path`, whose content is `bytes`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PoFile, Vec<Problem>> {
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(err) => {
            let lossy = String::from_utf8_lossy(bytes);
            return Err(vec![Problem::at(
                path,
                &lossy,
                err.valid_up_to(),
                "the file is not UTF-8 (save it as UTF-8)",
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut clean: Vec<String> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut block = Block::default();
    let mut lines = 0;
    let problem = |problems: &mut Vec<Problem>, line: usize, message: String| {
        problems.push(Problem {
            file: path.to_path_buf(),
            line: Some(line),
            message,
        });
    };
    let finish = |block: Block,
                  blocks: &mut Vec<Block>,
                  clean: &mut Vec<String>,
                  problems: &mut Vec<Problem>,
                  end: usize| {
        if !block.has_keyword() {
            // Comments without an entry: polib would make an empty entry of them.
            for line in &block.comment_lines {
                clean[line - 1].clear();
            }
            return;
        }
        let start = block.first_line.unwrap_or(end);
        if block.id.is_none() {
            problem(problems, start, "entry without msgid".to_owned());
        } else if block.str_.is_none() {
            problem(
                problems,
                start,
                format!(
                    "entry without msgstr (the file ends or breaks off at line {end}: is it truncated?)"
                ),
            );
        } else {
            blocks.push(block);
        }
    };
    for (index, raw) in source.split('\n').enumerate() {
        let n = index + 1;
        lines = n;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        clean.push(trimmed.to_owned());
        if trimmed.is_empty() {
            finish(
                std::mem::take(&mut block),
                &mut blocks,
                &mut clean,
                &mut problems,
                n,
            );
            continue;
        }
        if trimmed.starts_with("#~") || trimmed.starts_with("#|") {
            // Obsolete entries and previous strings: not read.
            clean[index].clear();
            continue;
        }
        if trimmed.starts_with('#') {
            if block.str_.is_some() {
                problem(
                    &mut problems,
                    n,
                    "comment after msgstr: separate entries with a blank line".to_owned(),
                );
                continue;
            }
            if trimmed == "#" {
                clean[index] = "# ".to_owned();
            }
            block.comment_lines.push(n);
            block.first_line.get_or_insert(n);
            continue;
        }
        if trimmed.starts_with('"') {
            if block.last.is_none() {
                problem(
                    &mut problems,
                    n,
                    "string without msgid or msgstr before it".to_owned(),
                );
            } else if let Err(e) = check_string(trimmed) {
                problem(&mut problems, n, e);
            }
            continue;
        }
        let (keyword, rest) = trimmed.split_once([' ', '\t']).unwrap_or((trimmed, ""));
        let rest = rest.trim();
        let field = match keyword {
            "msgctxt" => Field::Ctxt,
            "msgid" => Field::Id,
            "msgstr" => Field::Str,
            "msgid_plural" => {
                problem(
                    &mut problems,
                    n,
                    "plural entries are not used by safevoice".to_owned(),
                );
                continue;
            }
            k if k.starts_with("msgstr[") => {
                problem(
                    &mut problems,
                    n,
                    "plural entries are not used by safevoice".to_owned(),
                );
                continue;
            }
            _ => {
                problem(
                    &mut problems,
                    n,
                    format!("not PO syntax: {:?}", truncate(trimmed)),
                );
                continue;
            }
        };
        let order_error = match field {
            Field::Ctxt if block.last.is_some() => {
                Some("msgctxt must come first in an entry (missing blank line?)")
            }
            Field::Id if block.id.is_some() || block.str_.is_some() => {
                Some("a second msgid in one entry (missing blank line?)")
            }
            Field::Str if block.id.is_none() => Some("msgstr without msgid"),
            Field::Str if block.str_.is_some() => Some("a second msgstr in one entry"),
            _ => None,
        };
        if let Some(e) = order_error {
            problem(&mut problems, n, e.to_owned());
            continue;
        }
        if let Err(e) = check_string(rest) {
            problem(&mut problems, n, e);
            continue;
        }
        clean[index] = format!("{keyword} {rest}");
        block.first_line.get_or_insert(n);
        match field {
            Field::Ctxt => block.ctxt = Some(n),
            Field::Id => block.id = Some(n),
            Field::Str => block.str_ = Some(n),
        }
        block.last = Some(field);
    }
    finish(block, &mut blocks, &mut clean, &mut problems, lines);
    if !problems.is_empty() {
        return Err(problems);
    }
    let header = blocks.first().map(|b| b.id.unwrap_or(1));
    let Some(header_line) = header else {
        return Err(vec![Problem::file(path, "no entries: not a PO file")]);
    };
    let text = clean.join("\n");
    let catalog = match polib::po_file::parse_from_reader(text.as_bytes()) {
        Ok(c) => c,
        Err(err) => {
            return Err(vec![Problem {
                file: path.to_path_buf(),
                line: Some(header_line),
                message: format!("{err} (a PO file starts with its header entry, msgid \"\")"),
            }]);
        }
    };
    let messages: Vec<_> = catalog.messages().collect();
    let entries_blocks = &blocks[1..];
    if messages.len() != entries_blocks.len() {
        // polib keeps one of two entries with the same msgctxt and msgid.
        return Err(duplicates(path, source, entries_blocks));
    }
    let mut entries = Vec::new();
    for (message, block) in messages.iter().zip(entries_blocks) {
        let line = block.first_line.unwrap_or(1);
        let keyword_line = block.ctxt.or(block.id).unwrap_or(line);
        let fuzzy = message.is_fuzzy();
        entries.push(PoEntry {
            line: keyword_line,
            msgstr_line: block.str_.unwrap_or(keyword_line),
            msgctxt: message.msgctxt().map(str::to_owned),
            msgid: message.msgid().to_owned(),
            msgstr: message.msgstr().unwrap_or_default().to_owned(),
            fuzzy,
        });
    }
    Ok(PoFile {
        header_line,
        language: catalog.metadata.language.clone(),
        last_translator: catalog.metadata.last_translator.clone(),
        entries,
        lines,
    })
}

/// The lines of entries that repeat an earlier one (same msgctxt and msgid).
fn duplicates(path: &Path, source: &str, blocks: &[Block]) -> Vec<Problem> {
    let lines: Vec<&str> = source.split('\n').collect();
    let key = |b: &Block| {
        let from = b.ctxt.or(b.id).unwrap_or(1) - 1;
        let to = b.str_.unwrap_or(1) - 1;
        lines[from..to].concat()
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for b in blocks {
        let k = key(b);
        let line = b.ctxt.or(b.id).unwrap_or(1);
        match seen.iter().find(|(s, _)| *s == k) {
            Some((_, first)) => out.push(Problem {
                file: path.to_path_buf(),
                line: Some(line),
                message: format!("duplicate entry: the same as the entry at line {first}"),
            }),
            None => seen.push((k, line)),
        }
    }
    if out.is_empty() {
        out.push(Problem::file(path, "the PO reader lost an entry"));
    }
    out
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
