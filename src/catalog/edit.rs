//! Changing the catalog from the app: saving recorded or imported clips,
//! marking texts reviewed, correcting texts. Every write is atomic (a
//! temporary file, fsynced, then renamed), so a crash leaves either the old
//! file or the new one, never half of either.

use super::load::{Language, text_sha256};
use super::model::{AudioSource, ClipDef, Gender};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why a change could not be made. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {detail}")]
    Toml { path: PathBuf, detail: String },
    #[error("{path}: cannot write the WAV file: {detail}")]
    Wav { path: PathBuf, detail: String },
    #[error("{language} has no message {message:?}")]
    NoText { language: String, message: String },
    #[error("the recording is silent: nothing to save")]
    Silent,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EditError + '_ {
    move |source| EditError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `bytes` to `path` atomically (see [`crate::atomic`]); new catalog
/// files are readable by all, as the bundled ones are.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EditError> {
    crate::atomic::write(path, bytes, crate::atomic::Access::Shared).map_err(|err| EditError::Io {
        path: err.path,
        source: err.source,
    })
}

/// Write a file of the pack atomically and note it in the local edits
/// journal, so that the pack check shows it as "modified on this computer,
/// not signed" instead of refusing it.
fn write_pack_file(path: &Path, bytes: &[u8]) -> Result<(), EditError> {
    write_atomic(path, bytes)?;
    crate::pack::journal::note_write(path, bytes).map_err(io(path))
}

/// Encode mono 16-bit PCM WAV in memory.
fn wav_bytes(samples: &[f32], rate: u32, path: &Path) -> Result<Vec<u8>, EditError> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut cursor = std::io::Cursor::new(Vec::new());
    let wav_err = |e: hound::Error| EditError::Wav {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let mut writer = hound::WavWriter::new(&mut cursor, spec).map_err(wav_err)?;
    for s in samples {
        writer
            .write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
            .map_err(wav_err)?;
    }
    writer.finalize().map_err(wav_err)?;
    Ok(cursor.into_inner())
}

#[derive(Serialize)]
struct AudioToml<'a> {
    clip: &'a [ClipDef],
}

/// Rewrite `audio.toml` with `clips`, atomically.
fn write_audio_toml(lang_dir: &Path, name: &str, clips: &[ClipDef]) -> Result<(), EditError> {
    let path = lang_dir.join("audio.toml");
    let body = toml::to_string(&AudioToml { clip: clips }).map_err(|e| EditError::Toml {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    let text = format!(
        "# Clips of {name}. Synthetic clips are written by scripts/render_audio.py;\n# recorded clips by the app's recorder. See messages/README.md.\n\n{body}"
    );
    write_pack_file(&path, text.as_bytes())
}

/// The clips of `audio.toml` as they are on disk (empty when there is none).
fn read_clips(lang_dir: &Path) -> Result<Vec<ClipDef>, EditError> {
    let path = lang_dir.join("audio.toml");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let file: super::model::AudioFile = toml::from_str(&text).map_err(|e| EditError::Toml {
        path: path.clone(),
        detail: e.message().to_owned(),
    })?;
    Ok(file
        .clip
        .into_iter()
        .map(toml::Spanned::into_inner)
        .collect())
}

/// Who recorded a clip and when.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// Speaker id or initials (optional: never the person's name if they are a victim).
    pub speaker: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// Save a mono recording as the clip of `message` (and `gender`, for a
/// language with variants of that message): 16-bit WAV in the language's
/// `audio/` folder, and an `audio.toml` entry with source `recorded`,
/// speaker, date and the hash of the text it speaks.
pub fn save_recording(
    language: &Language,
    message: &str,
    gender: Option<Gender>,
    mono: &[f32],
    rate: u32,
    who: &Provenance,
) -> Result<ClipDef, EditError> {
    let entry = language
        .texts
        .get(message)
        .ok_or_else(|| EditError::NoText {
            language: language.meta.name.clone(),
            message: message.to_owned(),
        })?;
    let gender = gender.filter(|_| entry.has_gender_variants());
    let text = match gender {
        Some(g) => entry.text_for(g),
        None => entry.text.as_deref().or(entry.text_f.as_deref()),
    }
    .unwrap_or_default();
    if mono.iter().all(|s| s.abs() < 1e-4) {
        return Err(EditError::Silent);
    }
    let file = match gender {
        Some(g) => format!("audio/{message}.{}.rec.wav", g.as_str()),
        None => format!("audio/{message}.rec.wav"),
    };
    let path = language.dir.join(&file);
    std::fs::create_dir_all(language.dir.join("audio")).map_err(io(&language.dir))?;
    write_pack_file(&path, &wav_bytes(mono, rate, &path)?)?;
    let clip = ClipDef {
        message: message.to_owned(),
        gender,
        file,
        source: AudioSource::Recorded,
        engine: None,
        voice: None,
        speaker: who.speaker.clone().filter(|s| !s.trim().is_empty()),
        recorded_on: Some(who.date.clone()),
        text_sha256: Some(text_sha256(text)),
    };
    let mut clips = read_clips(&language.dir)?;
    match clips
        .iter_mut()
        .find(|c| c.message == message && c.gender == gender)
    {
        Some(old) => *old = clip.clone(),
        None => clips.push(clip.clone()),
    }
    write_audio_toml(&language.dir, &language.meta.name, &clips)?;
    Ok(clip)
}

/// One change to one message of a language's `texts.toml`. The Review
/// panel, the recorder and `translations import` all write through
/// [`apply_text_edits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextEdit {
    /// A native speaker confirmed the message: it becomes `native-reviewed`,
    /// with the variant texts they changed (`None`: the common text). A flag
    /// on it is cleared.
    Review {
        message: String,
        texts: Vec<(Option<Gender>, String)>,
    },
    /// A reviewer doubts the text: the comment is stored as its `flag`, and
    /// the responder sees it as low confidence. The status does not change.
    Flag { message: String, comment: String },
}

impl TextEdit {
    /// The message it changes.
    pub fn message(&self) -> &str {
        match self {
            TextEdit::Review { message, .. } | TextEdit::Flag { message, .. } => message,
        }
    }
}

/// Set `key` to the string `value`, keeping the key's place and its comments.
fn set_str(table: &mut toml_edit::Table, key: &str, value: &str) {
    match table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(value);
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, toml_edit::value(value));
        }
    }
}

fn get_str<'a>(table: &'a toml_edit::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(toml_edit::Item::as_str)
}

/// The `text` key of a variant, and the `back` key of the same variant.
fn variant_keys(variant: Option<Gender>) -> (&'static str, &'static str) {
    match variant {
        Some(Gender::Female) => ("text_f", "back_f"),
        Some(Gender::Male) => ("text_m", "back_m"),
        None => ("text", "back"),
    }
}

/// Replace one variant's text. The back-translation that described the old
/// text is dropped (the other variant keeps its own), so no back-translation
/// ever describes a text it was not made from.
fn replace_text(table: &mut toml_edit::Table, variant: Option<Gender>, new_text: &str) {
    let has_variants = table.contains_key("text_f") || table.contains_key("text_m");
    let variant = variant.filter(|_| has_variants);
    let (text_key, back_key) = variant_keys(variant);
    if get_str(table, text_key) == Some(new_text) {
        return;
    }
    set_str(table, text_key, new_text);
    if let Some(g) = variant {
        let other = match g {
            Gender::Female => Gender::Male,
            Gender::Male => Gender::Female,
        };
        let (_, other_back) = variant_keys(Some(other));
        if !table.contains_key(other_back)
            && let Some(common) = get_str(table, "back").map(str::to_owned)
        {
            set_str(table, other_back, &common);
        }
        table.remove("back");
    }
    table.remove(back_key);
}

/// Apply `edits` to the `texts.toml` in `lang_dir` in one atomic write, as
/// `reviewer` on `date`. Only the keys an edit changes are touched: every
/// other table, comment and blank line stays byte for byte as it was.
pub fn apply_text_edits(
    lang_dir: &Path,
    edits: &[TextEdit],
    reviewer: &str,
    date: &str,
) -> Result<(), EditError> {
    let path = lang_dir.join("texts.toml");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| EditError::Toml {
                path: path.clone(),
                detail: e.to_string(),
            })?;
    for edit in edits {
        let message = edit.message();
        let table = doc
            .get_mut(message)
            .and_then(toml_edit::Item::as_table_mut)
            .ok_or_else(|| EditError::Toml {
                path: path.clone(),
                detail: format!("no [{message}] table"),
            })?;
        match edit {
            TextEdit::Review { texts, .. } => {
                for (variant, new_text) in texts {
                    replace_text(table, *variant, new_text);
                }
                set_str(table, "status", "native-reviewed");
                set_str(table, "reviewer", reviewer);
                set_str(table, "reviewed_on", date);
                for key in ["flag", "flagged_by", "flagged_on"] {
                    table.remove(key);
                }
            }
            TextEdit::Flag { comment, .. } => {
                set_str(table, "flag", comment);
                set_str(table, "flagged_by", reviewer);
                set_str(table, "flagged_on", date);
            }
        }
    }
    let out = doc.to_string();
    if out == text {
        return Ok(());
    }
    write_pack_file(&path, out.as_bytes())
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
