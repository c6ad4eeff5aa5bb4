//! The local edits journal: every pack file this app writes on this
//! computer (a recording, an import, a review) is noted with the SHA-256 of
//! what was written, in `pack-edits.jsonl` of the data folder. A file that no
//! longer matches the signed manifest but matches its last noted write is
//! "modified on this computer, not signed" (usable); any other change is
//! refused. The journal lives outside the pack, so copying a pack to another
//! laptop does not carry it.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One noted write.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    path: PathBuf,
    sha256: String,
}

/// The noted writes: full path to the hash of the last write.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    last: HashMap<PathBuf, String>,
}

/// The data folder: `$SAFEVOICE_DATA_DIR`, else the platform data folder.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SAFEVOICE_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "safevoice", "safevoice").map_or_else(
        || PathBuf::from("safevoice-data"),
        |d| d.data_dir().to_path_buf(),
    )
}

/// The journal file.
pub fn journal_path() -> PathBuf {
    data_dir().join("pack-edits.jsonl")
}

fn canonical(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |d| d.join(name)),
        _ => path.to_path_buf(),
    }
}

impl Journal {
    /// Read the journal (empty when there is none; unreadable lines are skipped).
    pub fn load() -> Self {
        Self::load_from(&journal_path())
    }

    /// Read a journal file.
    pub fn load_from(path: &Path) -> Self {
        let mut last = HashMap::new();
        if let Ok(text) = std::fs::read_to_string(path) {
            for line in text.lines() {
                if let Ok(l) = serde_json::from_str::<Line>(line) {
                    last.insert(l.path, l.sha256);
                }
            }
        }
        Self { last }
    }

    /// Whether this computer last wrote `path` with content `sha256`.
    pub fn wrote(&self, path: &Path, sha256: &str) -> bool {
        self.last.get(&canonical(path)).is_some_and(|h| h == sha256)
    }
}

/// Note that this app wrote `bytes` to `path`. Best effort: a journal that
/// cannot be written only makes the file show as changed (refused) instead
/// of modified locally, so the error is returned for the caller to report.
pub fn note_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use sha2::{Digest, Sha256};
    let line = Line {
        path: canonical(path),
        sha256: super::manifest::hex(&Sha256::digest(bytes)),
    };
    let mut text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
    text.push('\n');
    let file = journal_path();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&file)?;
    f.write_all(text.as_bytes())?;
    f.sync_data()
}
