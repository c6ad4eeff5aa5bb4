//! Where sessions live, and reading them back: a torn last line (the process
//! was killed mid-write) is skipped with a warning; earlier lines are intact
//! because every line was fsynced before the next was written. Every
//! version up to [`chain::VERSION`] is read (version 1 lines have no `v`);
//! a newer one is refused, naming the file and line.

use super::chain::{self, ChainState};
use super::index::{self, Index, Summary};
use super::log::{Entry, LogError, Record, SessionLog};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a session could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("no session {0:?} (see `safevoice sessions list`)")]
    NotFound(String),
    #[error("{0:?} is not a session id")]
    BadId(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the file has no start line: not a session")]
    NoStart { path: PathBuf },
    #[error(
        "{path}:{line}: session record version {version} is newer than this app reads (up to {known}): update safevoice to open it"
    )]
    Newer {
        path: PathBuf,
        line: usize,
        version: u64,
        known: u32,
    },
    #[error(transparent)]
    Log(#[from] LogError),
}

/// A session read back from its file.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: String,
    pub path: PathBuf,
    pub entries: Vec<Entry>,
    /// Lines that could not be read (a torn last line, damage), with their number.
    pub warnings: Vec<String>,
    /// Whether the record is as written (its hash chain).
    pub chain: ChainState,
    /// The whole lines as written, without their newline (for the JSON
    /// export, so the chain can be checked without the app).
    pub lines: Vec<String>,
}

/// The fields of a session's start line.
#[derive(Clone, Copy, Debug, Default)]
pub struct StartInfo<'a> {
    pub language: &'a str,
    pub language_name: &'a str,
    pub direction: &'a str,
    pub profile: &'a str,
    pub role: Option<&'a str>,
    pub at: &'a str,
}

impl StartInfo<'_> {
    /// One line for lists and headers: language, profile, role, start time.
    pub fn summary(&self) -> String {
        format!(
            "{} ({}) · profile {} · role {} · started {}",
            self.language_name,
            self.language,
            self.profile,
            self.role.unwrap_or("not stated"),
            self.at
        )
    }
}

/// A message as played, pairing its start and end lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Played {
    pub message: String,
    pub gender: Option<String>,
    pub text: String,
    pub meaning: String,
    pub draft: bool,
    pub audio: String,
    pub started: String,
    pub ended: Option<String>,
    pub how: Option<String>,
}

impl Session {
    /// The start line's fields (empty when missing).
    pub fn start(&self) -> StartInfo<'_> {
        self.entries
            .iter()
            .find_map(|e| match e {
                Entry::Start {
                    language,
                    language_name,
                    direction,
                    profile,
                    role,
                    at,
                    ..
                } => Some(StartInfo {
                    language,
                    language_name,
                    direction,
                    profile,
                    role: role.as_deref(),
                    at,
                }),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The latest case reference.
    pub fn case_ref(&self) -> Option<&str> {
        self.entries.iter().rev().find_map(|e| match e {
            Entry::CaseRef { case_ref, .. } => Some(case_ref.as_str()),
            _ => None,
        })
    }

    /// When the last event happened.
    pub fn last_at(&self) -> Option<&str> {
        self.entries.last().map(Entry::at)
    }

    /// Every message in the order played, with how it ended.
    pub fn played(&self) -> Vec<Played> {
        let mut out: Vec<Played> = Vec::new();
        for entry in &self.entries {
            match entry {
                Entry::MessageStarted {
                    at,
                    message,
                    gender,
                    text,
                    meaning,
                    draft,
                    audio,
                    ..
                } => out.push(Played {
                    message: message.clone(),
                    gender: gender.clone(),
                    text: text.clone(),
                    meaning: meaning.clone(),
                    draft: *draft,
                    audio: audio.clone(),
                    started: at.clone(),
                    ended: None,
                    how: None,
                }),
                Entry::MessageEnded { at, message, how } => {
                    if let Some(p) = out
                        .iter_mut()
                        .rev()
                        .find(|p| &p.message == message && p.ended.is_none())
                    {
                        p.ended = Some(at.clone());
                        p.how = Some(how.clone());
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Every answer: (at, question, answer).
    pub fn answers(&self) -> Vec<(&str, &str, &str)> {
        self.entries
            .iter()
            .filter_map(|e| match e {
                Entry::Answer {
                    at,
                    question,
                    answer,
                    ..
                } => Some((at.as_str(), question.as_str(), answer.as_str())),
                _ => None,
            })
            .collect()
    }
}

/// The folder of session files.
#[derive(Clone, Debug)]
pub struct Store {
    pub dir: PathBuf,
}

/// Read a session file, skipping lines that cannot be read.
pub fn read_session(path: &Path) -> Result<Session, SessionError> {
    let bytes = std::fs::read(path).map_err(|source| SessionError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut whole = Vec::new();
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if i + 1 < lines.len() {
            whole.push((*line).to_owned());
        }
        if line.trim().is_empty() {
            continue;
        }
        // Every acknowledged line ends with a newline (it was written whole,
        // then fsynced): a last line without one was never acknowledged.
        if i + 1 == lines.len() && !complete {
            warnings.push(format!(
                "{}:{}: torn last line skipped (the app stopped while writing it)",
                path.display(),
                i + 1
            ));
            continue;
        }
        let record = serde_json::from_str::<Record>(line);
        // A newer version may hold events this build does not know: look at
        // `v` alone before calling the line unreadable.
        let version = match &record {
            Ok(r) => u64::from(r.v),
            Err(_) => serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("v")?.as_u64())
                .unwrap_or(1),
        };
        if version > u64::from(chain::VERSION) {
            return Err(SessionError::Newer {
                path: path.to_path_buf(),
                line: i + 1,
                version,
                known: chain::VERSION,
            });
        }
        match record {
            Ok(record) => entries.push(record.entry),
            Err(err) => warnings.push(format!(
                "{}:{}: unreadable line skipped: {err}",
                path.display(),
                i + 1
            )),
        }
    }
    if !matches!(entries.first(), Some(Entry::Start { .. })) {
        return Err(SessionError::NoStart {
            path: path.to_path_buf(),
        });
    }
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    Ok(Session {
        id,
        path: path.to_path_buf(),
        entries,
        warnings,
        chain: chain::verify(&bytes),
        lines: whole,
    })
}

impl Store {
    /// `$SAFEVOICE_DATA_DIR/sessions`, or the platform data folder's `sessions`.
    pub fn default_dir() -> PathBuf {
        crate::paths::data_dir().map_or_else(
            || PathBuf::from("safevoice-sessions"),
            |dir| dir.join("sessions"),
        )
    }

    /// The store in the default folder.
    pub fn open_default() -> Self {
        Self {
            dir: Self::default_dir(),
        }
    }

    /// A new id: a UUID v7 (the time in milliseconds and 74 random bits, so
    /// two sessions never collide). Ids of older versions
    /// (`20261123-165519-3f2a`) stay valid.
    pub fn new_id() -> String {
        uuid::Uuid::now_v7().to_string()
    }

    /// Start a session: create its file with `start` as the first line.
    pub fn start(&self, id: &str, start: &Entry) -> Result<SessionLog, SessionError> {
        Ok(SessionLog::create(&self.dir, id, start)?)
    }

    fn path_of(&self, id: &str) -> Result<PathBuf, SessionError> {
        let ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(SessionError::BadId(id.to_owned()));
        }
        let path = self.dir.join(format!("{id}.jsonl"));
        if !path.is_file() {
            return Err(SessionError::NotFound(id.to_owned()));
        }
        Ok(path)
    }

    /// Read one session.
    pub fn load(&self, id: &str) -> Result<Session, SessionError> {
        read_session(&self.path_of(id)?)
    }

    /// Every session's summary, newest first, and the files that could not
    /// be read, from the folder's index (see [`index`]): only files written
    /// since the last listing are parsed. Safe to call from any thread.
    pub fn index(&self) -> Index {
        index::build(&self.dir)
    }

    /// Every session's summary, newest first.
    pub fn summaries(&self) -> Vec<Summary> {
        self.index().sessions
    }

    /// Every session read in full, newest first, and the problems with the
    /// others. Parses every file: lists use [`Store::index`].
    pub fn list(&self) -> (Vec<Session>, Vec<String>) {
        let mut sessions = Vec::new();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (sessions, problems);
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.extension().is_some_and(|e| e == "jsonl") {
                match read_session(&path) {
                    Ok(s) => sessions.push(s),
                    Err(err) => problems.push(err.to_string()),
                }
            }
        }
        sessions.sort_by_cached_key(|s| {
            let at = s.start().at;
            (
                std::cmp::Reverse(crate::times::parse(at)),
                std::cmp::Reverse(s.id.clone()),
            )
        });
        (sessions, problems)
    }

    /// Delete a session's file.
    pub fn delete(&self, id: &str) -> Result<(), SessionError> {
        let path = self.path_of(id)?;
        std::fs::remove_file(&path).map_err(|source| SessionError::Io {
            path: path.clone(),
            source,
        })?;
        index::forget(&self.dir, &[format!("{id}.jsonl")]);
        Ok(())
    }

    /// Delete sessions whose file was last written more than `days` days ago. Returns their ids.
    pub fn purge_older_than(&self, days: u32) -> Vec<String> {
        let limit = Duration::from_secs(u64::from(days) * 86_400);
        let mut deleted = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return deleted;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let old = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > limit);
            if old
                && path.extension().is_some_and(|e| e == "jsonl")
                && std::fs::remove_file(&path).is_ok()
            {
                deleted.extend(path.file_stem().and_then(|s| s.to_str()).map(str::to_owned));
            }
        }
        let names: Vec<String> = deleted.iter().map(|id| format!("{id}.jsonl")).collect();
        index::forget(&self.dir, &names);
        deleted
    }
}
