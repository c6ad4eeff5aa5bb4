//! A problem found while loading the catalog, with the file and line it is in.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong in the catalog. Loading collects all of them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file the problem is in (or the folder, for a missing file).
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, in words a deployer understands.
    pub message: String,
}

impl Problem {
    /// A problem at a byte offset of `source` (the text of `file`).
    pub fn at(file: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: Some(line_of(source, offset)),
            message: message.into(),
        }
    }

    /// A problem with a whole file (or folder).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// The 1-based line number of byte `offset` in `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let src = "a = 1\nb = 2\nc = 3\n";
        assert_eq!(line_of(src, 0), 1);
        assert_eq!(line_of(src, 6), 2);
        assert_eq!(line_of(src, 13), 3);
        assert_eq!(line_of(src, 999), 4);
    }

    #[test]
    fn display_names_file_and_line() {
        let p = Problem::at(Path::new("x/texts.toml"), "a\nb", 2, "bad");
        assert_eq!(p.to_string(), "x/texts.toml:2: bad");
    }
}
