//! The tamper-evident hash chain of a session file.
//!
//! Every line (schema version 2 and later) carries `v`, the schema version,
//! `n`, its line number (from 1), and `prev`, the SHA-256 (hex) of the
//! previous line as written, newline included; the first line's `prev` is
//! the SHA-256 of nothing. Changing, removing or moving a line breaks the
//! chain at that line. Whoever rewrites the whole file from a point on can
//! make a new consistent chain, so exports also print the hash of the last
//! line (the head): written into a case file, it pins the record.
//!
//! A last line without its newline is a torn write (the app was killed while
//! writing it, so it was never acknowledged): it is reported as such, not as
//! tampering. Lines of version 1 files (written before the chain) have no
//! `v`: such a file is reported as not chained.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// The schema version this build writes.
pub const VERSION: u32 = 2;

/// The SHA-256 (hex) of a line as written, newline included.
pub fn line_hash(line_with_newline: &[u8]) -> String {
    crate::pack::manifest::hex(&Sha256::digest(line_with_newline))
}

/// The `prev` of a first line: the SHA-256 of nothing.
pub fn genesis() -> String {
    line_hash(b"")
}

/// What the chain says about a session file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainState {
    /// Every line is in place and unchanged; `head` is the last line's hash.
    Intact { lines: usize, head: String },
    /// Intact up to `lines`, then a torn last line (a crash mid-write).
    Torn { lines: usize, head: String },
    /// Line `line` (1-based) was altered, or a line was removed or moved there.
    Altered { line: usize },
    /// A version 1 file, written before the chain: nothing to check.
    Unchained { lines: usize },
}

impl ChainState {
    /// Whether the record shows a change after the fact.
    pub fn is_altered(&self) -> bool {
        matches!(self, ChainState::Altered { .. })
    }

    /// The hash of the last whole line, when the chain holds.
    pub fn head(&self) -> Option<&str> {
        match self {
            ChainState::Intact { head, .. } | ChainState::Torn { head, .. } => Some(head),
            _ => None,
        }
    }
}

impl fmt::Display for ChainState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainState::Intact { lines, .. } => write!(f, "intact ({lines} lines)"),
            ChainState::Torn { lines, .. } => write!(
                f,
                "intact ({lines} lines), then a torn last line (the app stopped while writing it; it was never recorded)"
            ),
            ChainState::Altered { line } => write!(f, "altered or removed at line {line}"),
            ChainState::Unchained { lines } => write!(
                f,
                "not chained ({lines} lines, written before records carried a hash chain): cannot be verified"
            ),
        }
    }
}

/// The chain fields of a line.
#[derive(Deserialize)]
struct Link {
    #[serde(default)]
    v: Option<u32>,
    #[serde(default)]
    n: Option<u64>,
    #[serde(default)]
    prev: Option<String>,
}

/// Check the chain of a session file's bytes.
pub fn verify(bytes: &[u8]) -> ChainState {
    let mut prev = genesis();
    let mut lines = 0usize;
    let mut chained = None;
    let mut rest = bytes;
    while !rest.is_empty() {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            // No newline: a torn last line.
            return match chained {
                Some(false) => ChainState::Unchained { lines },
                _ => ChainState::Torn { lines, head: prev },
            };
        };
        let (line, tail) = rest.split_at(end + 1);
        rest = tail;
        lines += 1;
        let Ok(link) = serde_json::from_slice::<Link>(line) else {
            return ChainState::Altered { line: lines };
        };
        let this_chained = link.v.is_some_and(|v| v >= 2);
        match chained {
            None => chained = Some(this_chained),
            Some(c) if c != this_chained => return ChainState::Altered { line: lines },
            Some(_) => {}
        }
        if this_chained {
            if link.n != Some(lines as u64) {
                return ChainState::Altered { line: lines };
            }
            if link.prev.as_deref() != Some(prev.as_str()) {
                // The previous line changed (or this line's `prev` did).
                return ChainState::Altered {
                    line: lines.saturating_sub(1).max(1),
                };
            }
        }
        prev = line_hash(line);
    }
    match chained {
        Some(false) => ChainState::Unchained { lines },
        _ => ChainState::Intact { lines, head: prev },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_of_nothing_is_the_known_one() {
        assert_eq!(
            genesis(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn an_empty_file_is_intact_with_no_lines() {
        assert_eq!(
            verify(b""),
            ChainState::Intact {
                lines: 0,
                head: genesis()
            }
        );
    }
}
