//! Changing the catalog from the app: saving recorded or imported clips,
//! marking texts reviewed, correcting texts. Every write is atomic (a
//! temporary file, fsynced, then renamed), so a crash leaves either the old
//! file or the new one, never half of either.

use super::load::{Language, text_sha256};
use super::model::{AudioSource, ClipDef, Gender};
use serde::Serialize;
use std::io::Write;
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

/// Write `bytes` to `path` atomically: temporary file in the same folder,
/// fsync, rename, fsync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EditError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io(&tmp))?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io(path))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
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
    write_atomic(&path, text.as_bytes())
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
    write_atomic(&path, &wav_bytes(mono, rate, &path)?)?;
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

/// Edit one message's table of `texts.toml` (keeping the rest of the file as it is).
fn edit_text_entry(
    lang_dir: &Path,
    message: &str,
    edit: impl FnOnce(&mut toml_edit::Table),
) -> Result<(), EditError> {
    let path = lang_dir.join("texts.toml");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| EditError::Toml {
                path: path.clone(),
                detail: e.to_string(),
            })?;
    let table = doc
        .get_mut(message)
        .and_then(toml_edit::Item::as_table_mut)
        .ok_or_else(|| EditError::Toml {
            path: path.clone(),
            detail: format!("no [{message}] table"),
        })?;
    edit(table);
    write_atomic(&path, doc.to_string().as_bytes())
}

/// Mark `message`'s text native-reviewed by `reviewer` on `date`.
pub fn mark_reviewed(
    lang_dir: &Path,
    message: &str,
    reviewer: &str,
    date: &str,
) -> Result<(), EditError> {
    edit_text_entry(lang_dir, message, |t| {
        t["status"] = toml_edit::value("native-reviewed");
        t["reviewer"] = toml_edit::value(reviewer);
        t["reviewed_on"] = toml_edit::value(date);
    })
}

/// Replace `message`'s text (the `gender` variant, or the common text) with
/// a native speaker's correction; it becomes native-reviewed. Clips made
/// from the old text are then out of date (their text hash no longer matches).
pub fn correct_text(
    lang_dir: &Path,
    message: &str,
    gender: Option<Gender>,
    new_text: &str,
    reviewer: &str,
    date: &str,
) -> Result<(), EditError> {
    let key = match gender {
        Some(Gender::Female) => "text_f",
        Some(Gender::Male) => "text_m",
        None => "text",
    };
    edit_text_entry(lang_dir, message, |t| {
        let key = if t.contains_key(key) { key } else { "text" };
        t[key] = toml_edit::value(new_text);
        t["status"] = toml_edit::value("native-reviewed");
        t["reviewer"] = toml_edit::value(reviewer);
        t["reviewed_on"] = toml_edit::value(date);
    })
}

/// Today as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
