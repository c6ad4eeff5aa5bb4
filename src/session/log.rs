//! Appending session events: one JSON line each, written and fsynced before
//! the caller shows the event as recorded. Files are created with mode 0600.
//!
//! Each line is a [`Record`]: the schema version `v`, the line number `n`
//! and `prev`, the hash of the previous line (see [`super::chain`]), then
//! the event's fields.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One line of a session file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Entry {
    /// The first line.
    Start {
        session: String,
        at: String,
        language: String,
        language_name: String,
        direction: String,
        profile: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        app_version: String,
    },
    /// The responder typed or changed the case reference.
    CaseRef { at: String, case_ref: String },
    /// A message started playing (or was shown, when it has no audio).
    MessageStarted {
        at: String,
        message: String,
        language: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gender: Option<String>,
        /// The exact text shown to the person.
        text: String,
        /// The English meaning.
        meaning: String,
        /// The text is a machine draft (not native-reviewed).
        draft: bool,
        /// "synthetic", "recorded" or "none" (text only).
        audio: String,
    },
    /// A message finished, was stopped, or failed to play.
    MessageEnded {
        at: String,
        message: String,
        how: String,
    },
    /// The person answered.
    Answer {
        at: String,
        question: String,
        answer: String,
        language: String,
    },
    /// The responder chose whom the messages address (`f` or `m`), in a
    /// language that marks the addressee's gender.
    Addressing { at: String, gender: String },
    /// The responder marked the person as a child (or no longer).
    Child { at: String, child: bool },
    /// The responder ended the session.
    End { at: String },
}

impl Entry {
    /// When it happened.
    pub fn at(&self) -> &str {
        match self {
            Entry::Start { at, .. }
            | Entry::CaseRef { at, .. }
            | Entry::MessageStarted { at, .. }
            | Entry::MessageEnded { at, .. }
            | Entry::Answer { at, .. }
            | Entry::Addressing { at, .. }
            | Entry::Child { at, .. }
            | Entry::End { at } => at,
        }
    }
}

/// One line as written: the chain fields, then the event.
#[derive(Serialize)]
struct RecordOut<'a> {
    v: u32,
    n: u64,
    prev: &'a str,
    #[serde(flatten)]
    entry: &'a Entry,
}

/// One line as read back. Version 1 lines (before the chain) have no `v`,
/// `n` or `prev`.
#[derive(Clone, Debug, Deserialize)]
pub struct Record {
    #[serde(default = "version_1")]
    pub v: u32,
    #[serde(default)]
    pub n: Option<u64>,
    #[serde(default)]
    pub prev: Option<String>,
    #[serde(flatten)]
    pub entry: Entry,
}

fn version_1() -> u32 {
    1
}

/// Why an event could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{path}: cannot write the session record: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode a session event: {0}")]
    Encode(#[from] serde_json::Error),
}

/// An open session file, appended to event by event.
#[derive(Debug)]
pub struct SessionLog {
    path: PathBuf,
    file: File,
    pub id: String,
    /// Lines written so far.
    lines: u64,
    /// The hash of the last line written.
    prev: String,
}

impl SessionLog {
    /// Create `dir/<id>.jsonl` (mode 0600) and write its start entry.
    pub fn create(dir: &Path, id: &str, start: &Entry) -> Result<Self, LogError> {
        let path = dir.join(format!("{id}.jsonl"));
        let io = |source| LogError::Io {
            path: path.clone(),
            source,
        };
        create_private_dir(dir).map_err(io)?;
        let mut options = OpenOptions::new();
        options.append(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(io)?;
        let mut log = Self {
            path,
            file,
            id: id.to_owned(),
            lines: 0,
            prev: super::chain::genesis(),
        };
        log.append(start)?;
        // Make the new file's directory entry durable too.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(log)
    }

    /// Append one event and fsync it. Only when this returns Ok may the
    /// event be shown as recorded.
    pub fn append(&mut self, entry: &Entry) -> Result<(), LogError> {
        let mut line = serde_json::to_vec(&RecordOut {
            v: super::chain::VERSION,
            n: self.lines + 1,
            prev: &self.prev,
            entry,
        })?;
        line.push(b'\n');
        let path = self.path.clone();
        let io = |source| LogError::Io { path, source };
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(io)?;
        self.lines += 1;
        self.prev = super::chain::line_hash(&line);
        Ok(())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Create `dir` (and parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
