//! The index of the session folder: one summary per session file, so that
//! listing N sessions reads one small file instead of parsing N logs.
//!
//! The index (`.index.json` in the sessions folder, mode 0600 like the
//! sessions: it holds case references) maps each file name to its size,
//! modification time and summary. It is only a cache: every listing checks
//! each file's size and time against it and re-reads the files that changed
//! (a session still being written grows, so its entry goes stale and is read
//! again), reads the files it lacks and drops the entries of files that are
//! gone. A crash, a copy from another machine or a hand edit can therefore
//! make it slower, never wrong. It is written atomically, only when it
//! changed, and at once when a session is deleted (so no case reference of a
//! deleted session stays in it).

use super::log::Entry;
use super::store::{Session, read_session};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The index file's name in the sessions folder.
pub const INDEX_FILE: &str = ".index.json";
/// Bumped when [`Summary`] changes: an index of another version is rebuilt.
const VERSION: u32 = 1;

/// What the session list shows of one session, without its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    /// RFC 3339 UTC, as recorded.
    pub started: String,
    /// When the last event happened (RFC 3339 UTC).
    pub last_at: String,
    pub language: String,
    pub language_name: String,
    pub direction: String,
    pub profile: String,
    pub role: Option<String>,
    /// The latest case reference.
    pub case_ref: Option<String>,
    /// Messages played.
    pub messages: usize,
    pub answers: usize,
    /// Lines that could not be read (a torn last line, damage).
    pub warnings: usize,
    /// The responder ended it.
    pub ended: bool,
}

impl Summary {
    /// The summary of a session read back.
    pub fn of(session: &Session) -> Self {
        let start = session.start();
        Self {
            id: session.id.clone(),
            started: start.at.to_owned(),
            last_at: session.last_at().unwrap_or(start.at).to_owned(),
            language: start.language.to_owned(),
            language_name: start.language_name.to_owned(),
            direction: start.direction.to_owned(),
            profile: start.profile.to_owned(),
            role: start.role.map(str::to_owned),
            case_ref: session.case_ref().map(str::to_owned),
            messages: session.played().len(),
            answers: session.answers().len(),
            warnings: session.warnings.len(),
            ended: session
                .entries
                .iter()
                .any(|e| matches!(e, Entry::End { .. })),
        }
    }

    /// The start time, local and human-readable (`Mon 23 Nov 2026, 16:55:19`).
    pub fn started_local(&self) -> String {
        crate::times::human_of_rfc3339(&self.started)
    }

    /// Whether every word of `query` is found, ignoring case, in the case
    /// reference, the language (code or name) or the start date (as shown,
    /// or as `2026-11-23`). An empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!(
            "{} {} {} {} {}",
            self.case_ref.as_deref().unwrap_or(""),
            self.language,
            self.language_name,
            self.started_local(),
            self.started.get(..10).unwrap_or("")
        )
        .to_lowercase();
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}

/// Every session of the folder, newest first, and the files that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    pub sessions: Vec<Summary>,
    /// One message per unreadable file, naming it.
    pub problems: Vec<String>,
}

/// One file as last seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Seen {
    size: u64,
    /// Modification time: seconds and nanoseconds since the epoch.
    secs: u64,
    nanos: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    files: BTreeMap<String, Seen>,
}

fn stamp(meta: &std::fs::Metadata) -> (u64, u32) {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or((0, 0), |d| (d.as_secs(), d.subsec_nanos()))
}

fn read_index(dir: &Path) -> IndexFile {
    std::fs::read(dir.join(INDEX_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<IndexFile>(&bytes).ok())
        .filter(|index| index.version == VERSION)
        .unwrap_or_default()
}

fn write_index(dir: &Path, index: &IndexFile) {
    // The index is a cache: when it cannot be written, the next listing
    // reads the files again.
    if let Ok(bytes) = serde_json::to_vec(index) {
        let _ = crate::atomic::write(
            &dir.join(INDEX_FILE),
            &bytes,
            crate::atomic::Access::Private,
        );
    }
}

/// The sessions of `dir`, from the index, re-reading only the files that
/// changed since it was written; the index is brought up to date.
pub fn build(dir: &Path) -> Index {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Index::default();
    };
    let mut old = read_index(dir);
    let mut fresh = IndexFile {
        version: VERSION,
        files: BTreeMap::new(),
    };
    let mut changed = false;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let (secs, nanos) = stamp(&meta);
        let size = meta.len();
        let seen = match old.files.remove(&name) {
            Some(seen) if seen.size == size && seen.secs == secs && seen.nanos == nanos => seen,
            _ => {
                changed = true;
                let (summary, problem) = match read_session(&path) {
                    Ok(session) => (Some(Summary::of(&session)), None),
                    Err(err) => (None, Some(err.to_string())),
                };
                Seen {
                    size,
                    secs,
                    nanos,
                    summary,
                    problem,
                }
            }
        };
        fresh.files.insert(name, seen);
    }
    // Entries left in `old` are files that are gone.
    changed |= !old.files.is_empty();
    if changed {
        write_index(dir, &fresh);
    }
    let mut index = Index::default();
    for seen in fresh.files.into_values() {
        index.sessions.extend(seen.summary);
        index.problems.extend(seen.problem);
    }
    sort_newest_first(&mut index.sessions);
    index
}

/// Drop the entries of these session files (deleted) from the index at once.
pub fn forget(dir: &Path, names: &[String]) {
    let mut index = read_index(dir);
    let before = index.files.len();
    for name in names {
        index.files.remove(name);
    }
    if index.files.len() != before {
        write_index(dir, &index);
    }
}

/// Newest first by start time (ids no longer sort by time: old ones are
/// dates, new ones UUIDs), then by id.
pub fn sort_newest_first(sessions: &mut [Summary]) {
    let key = |s: &Summary| {
        crate::times::parse(&s.started).map_or(SystemTime::UNIX_EPOCH, SystemTime::from)
    };
    sessions.sort_by_cached_key(|s| (std::cmp::Reverse(key(s)), std::cmp::Reverse(s.id.clone())));
}
