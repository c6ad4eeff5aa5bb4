//! The window's file worker: everything that touches a file runs here, off
//! the UI thread, in the order it was asked for.
//!
//! The session log lives on this thread: an entry is appended and fsynced
//! here, and only the [`Done::Appended`] that comes back lets the window show
//! it as recorded. Settings are written atomically; sessions are listed,
//! opened, exported and deleted; the catalog is edited (recordings, reviews,
//! corrections) and loaded again; takes are decoded and prepared. Each
//! result comes back as a [`Done`], and the window is woken to draw it.

use super::context::ExportFormat;
use super::settings::Settings;
use crate::audio::decode_file;
use crate::audio::input::prepare_take;
use crate::audio::preview::Preview;
use crate::catalog::edit::{self, Provenance, TextEdit};
use crate::catalog::{self, Catalog, Gender, Language};
use crate::session::{Entry, Session, SessionLog, Store, Summary, report};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// Something for the worker to do.
pub enum Job {
    /// Create the session file with its start line, then append `then`.
    StartSession {
        id: String,
        start: Box<Entry>,
        then: Vec<(u64, Entry)>,
    },
    /// Append and fsync one entry to the open session; `token` comes back.
    Append {
        token: u64,
        entry: Box<Entry>,
    },
    /// Append the end line and close the session file.
    EndSession(Box<Entry>),
    SaveSettings {
        path: PathBuf,
        settings: Settings,
    },
    ListSessions,
    OpenSession(String),
    Export {
        id: String,
        format: ExportFormat,
        /// The catalog the summary at the top of the export is computed with.
        catalog: Arc<Catalog>,
    },
    DeleteSession(String),
    PurgeOlderThan(u32),
    /// Trim and prepare a recorded take, and write its preview.
    PrepareTake {
        samples: Arc<Vec<f32>>,
        channels: u16,
        rate: u32,
    },
    /// Save a take as the clip of `message` in `language`, then reload the catalog.
    SaveTake {
        take: Take,
        language: Box<Language>,
        message: String,
        gender: Gender,
        speaker: String,
    },
    /// Decode a file, prepare it and save it as a clip, then reload the catalog.
    ImportFile {
        path: PathBuf,
        language: Box<Language>,
        message: String,
        gender: Gender,
        speaker: String,
    },
    /// Parse the catalog's pictogram SVGs (at start-up, off the UI thread).
    ParsePictograms(Arc<Catalog>),
    /// A reviewer's decision (approve, edit or flag), from the Review panel
    /// or the Record panel, checked and written as `translations import` does.
    Review {
        catalog: Arc<Catalog>,
        language: String,
        edit: TextEdit,
        reviewer: String,
        from: ReviewFrom,
    },
}

/// The panel a review decision came from, which shows its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewFrom {
    /// The Review panel.
    Review,
    /// The Record panel's "Mark as native-reviewed" and "Save correction".
    Recorder,
}

/// A finished take, trimmed and mono, with a private WAV copy to play it back
/// (removed when the last copy of the take is dropped).
#[derive(Clone, Debug)]
pub struct Take {
    pub mono: Arc<Vec<f32>>,
    pub rate: u32,
    pub preview: Arc<Preview>,
}

/// What the worker did.
pub enum Done {
    SessionStarted {
        id: String,
        path: PathBuf,
    },
    /// Whether the entry with `token` reached the disk (fsynced).
    Appended {
        token: u64,
        result: Result<(), String>,
    },
    /// A session write failed outside an answer (start, message, end).
    RecordFailed(String),
    SettingsSaved(Result<(), String>),
    /// The sessions' summaries from the store's index, newest first.
    SessionsListed {
        rows: Vec<Summary>,
        problems: Vec<String>,
    },
    SessionOpened(Result<Box<Session>, String>),
    Exported(Result<PathBuf, String>),
    SessionDeleted(Result<String, String>),
    /// A prepared take; `None` when nothing was heard.
    TakeReady(Result<Option<Take>, String>),
    /// The catalog after an edit, and what was done.
    CatalogEdited {
        catalog: Box<Catalog>,
        edit: Edited,
    },
    /// An edit failed: nothing was changed.
    EditFailed(String),
    /// A Review panel decision was refused: nothing was changed.
    ReviewFailed(String),
    /// The pictograms that parsed, and how many did not.
    PictogramsParsed {
        trees: std::collections::BTreeMap<String, resvg::usvg::Tree>,
        problems: usize,
    },
}

/// An edit of the catalog that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edited {
    /// A clip saved as `file` (relative to the language folder).
    Recorded {
        file: String,
        language: String,
    },
    Reviewed {
        message: String,
        reviewer: String,
    },
    Corrected {
        message: String,
    },
    /// A Review panel decision written: approved or corrected, or flagged.
    Review {
        message: String,
        reviewer: String,
        flagged: bool,
    },
}

/// The worker thread's handle.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

impl Worker {
    /// Start the worker on `store`, with the catalog at `catalog_root`;
    /// `wake` is called after each result.
    pub fn start(
        store: Store,
        catalog_root: PathBuf,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> std::io::Result<Self> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("safevoice-files".into())
            .spawn(move || {
                let mut state = State {
                    store,
                    catalog_root,
                    log: None,
                };
                for job in job_rx {
                    for result in state.run(job) {
                        if done_tx.send(result).is_err() {
                            return;
                        }
                        wake();
                    }
                }
            })?;
        Ok(Self { jobs, done })
    }

    /// Queue a job.
    pub fn send(&self, job: Job) {
        let _ = self.jobs.send(job);
    }

    /// The next result, if one is waiting.
    pub fn try_done(&self) -> Option<Done> {
        self.done.try_recv().ok()
    }
}

struct State {
    store: Store,
    catalog_root: PathBuf,
    log: Option<SessionLog>,
}

impl State {
    fn run(&mut self, job: Job) -> Vec<Done> {
        match job {
            Job::StartSession { id, start, then } => {
                self.log = None;
                match self.store.start(&id, &start) {
                    Ok(log) => {
                        let path = log.path().to_owned();
                        self.log = Some(log);
                        let mut out = vec![Done::SessionStarted { id, path }];
                        for (token, entry) in then {
                            out.push(self.append(token, &entry));
                        }
                        out
                    }
                    Err(err) => vec![Done::RecordFailed(err.to_string())],
                }
            }
            Job::Append { token, entry } => vec![self.append(token, &entry)],
            Job::EndSession(entry) => {
                let result = self.append(0, &entry);
                self.log = None;
                vec![result]
            }
            Job::SaveSettings { path, settings } => {
                vec![Done::SettingsSaved(
                    write_settings(&path, &settings).map_err(|err| {
                        format!("Cannot save settings to {}: {err}", path.display())
                    }),
                )]
            }
            Job::ListSessions => vec![self.list()],
            Job::OpenSession(id) => vec![Done::SessionOpened(
                self.store
                    .load(&id)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            )],
            Job::Export {
                id,
                format,
                catalog,
            } => vec![Done::Exported(self.export(&id, format, &catalog))],
            Job::DeleteSession(id) => {
                let result = self
                    .store
                    .delete(&id)
                    .map(|()| id)
                    .map_err(|e| e.to_string());
                vec![Done::SessionDeleted(result), self.list()]
            }
            Job::PurgeOlderThan(days) => {
                self.store.purge_older_than(days);
                Vec::new()
            }
            Job::PrepareTake {
                samples,
                channels,
                rate,
            } => vec![Done::TakeReady(make_take(&samples, channels, rate))],
            Job::SaveTake {
                take,
                language,
                message,
                gender,
                speaker,
            } => vec![self.save_take(&take, &language, &message, gender, &speaker)],
            Job::ImportFile {
                path,
                language,
                message,
                gender,
                speaker,
            } => {
                let take = decode_file(&path)
                    .map_err(|err| err.to_string())
                    .and_then(|d| make_take(&d.samples, d.channels, d.rate));
                match take {
                    Ok(Some(take)) => {
                        vec![self.save_take(&take, &language, &message, gender, &speaker)]
                    }
                    Ok(None) => vec![Done::EditFailed(format!(
                        "{}: no sound above silence",
                        path.display()
                    ))],
                    Err(err) => vec![Done::EditFailed(err)],
                }
            }
            Job::ParsePictograms(catalog) => {
                let mut problems = Vec::new();
                let trees = catalog.pictograms.parse_all(&mut problems);
                vec![Done::PictogramsParsed {
                    trees,
                    problems: problems.len(),
                }]
            }
            Job::Review {
                catalog,
                language,
                edit,
                reviewer,
                from,
            } => {
                let result = crate::review::apply_decision(
                    &catalog,
                    &language,
                    &edit,
                    &reviewer,
                    &edit::today(),
                );
                let message = edit.message().to_owned();
                let done = match (from, &edit) {
                    (ReviewFrom::Review, _) => Edited::Review {
                        message,
                        flagged: matches!(edit, TextEdit::Flag { .. }),
                        reviewer,
                    },
                    (ReviewFrom::Recorder, TextEdit::Review { texts, .. }) if texts.is_empty() => {
                        Edited::Reviewed { message, reviewer }
                    }
                    (ReviewFrom::Recorder, _) => Edited::Corrected { message },
                };
                match (from, result) {
                    (ReviewFrom::Review, Err(err)) => vec![Done::ReviewFailed(err)],
                    (_, result) => vec![self.edited(result.map(|()| done))],
                }
            }
        }
    }

    fn append(&mut self, token: u64, entry: &Entry) -> Done {
        let result = match self.log.as_mut() {
            Some(log) => log.append(entry).map_err(|e| e.to_string()),
            None => Err("no session is being recorded".to_owned()),
        };
        match (token, result) {
            (0, Err(err)) => Done::RecordFailed(err),
            (token, result) => Done::Appended { token, result },
        }
    }

    /// The index (each file parsed only when it changed since it was indexed).
    fn list(&self) -> Done {
        let index = self.store.index();
        Done::SessionsListed {
            rows: index.sessions,
            problems: index.problems,
        }
    }

    /// Write one export of session `id`, led by the triage summary of its
    /// answers under `catalog`.
    fn export(&self, id: &str, format: ExportFormat, catalog: &Catalog) -> Result<PathBuf, String> {
        let session = self.store.load(id).map_err(|e| e.to_string())?;
        let triage = crate::triage::of_session(catalog, &session);
        let body = match format {
            ExportFormat::Html => report::html(&session, &triage),
            ExportFormat::Csv => report::csv(&session, &triage).map_err(|e| e.to_string())?,
            ExportFormat::Json => serde_json::to_string_pretty(&report::json(&session, &triage))
                .map_err(|e| e.to_string())?,
        };
        let dir = self.store.dir.join("exports");
        crate::session::log::create_private_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("{}.{}", session.id, format.ext()));
        edit::write_atomic(&path, body.as_bytes()).map_err(|e| e.to_string())?;
        Ok(path)
    }

    fn save_take(
        &mut self,
        take: &Take,
        language: &Language,
        message: &str,
        gender: Gender,
        speaker: &str,
    ) -> Done {
        let who = Provenance {
            speaker: Some(speaker.to_owned()),
            date: edit::today(),
        };
        let result =
            edit::save_recording(language, message, Some(gender), &take.mono, take.rate, &who)
                .map(|clip| Edited::Recorded {
                    file: clip.file,
                    language: language.meta.name.clone(),
                })
                .map_err(|e| e.to_string());
        self.edited(result)
    }

    /// After an edit: the catalog loaded again, or the error.
    fn edited(&self, result: Result<Edited, String>) -> Done {
        match result {
            Ok(edit) => Done::CatalogEdited {
                catalog: Box::new(catalog::load(&self.catalog_root)),
                edit,
            },
            Err(err) => Done::EditFailed(err),
        }
    }
}

/// Trim and mix a take to mono, and write a private preview WAV for playback.
fn make_take(samples: &[f32], channels: u16, rate: u32) -> Result<Option<Take>, String> {
    let mono = prepare_take(samples, channels, rate);
    if mono.is_empty() {
        return Ok(None);
    }
    let preview = Preview::write(&mono, rate).map_err(|e| e.to_string())?;
    Ok(Some(Take {
        mono: Arc::new(mono),
        rate,
        preview: Arc::new(preview),
    }))
}

/// The settings the window starts with, read before it opens (by
/// [`super::run`], or a test's harness), so that the UI thread reads no file.
#[derive(Debug, Default)]
pub struct StartSettings {
    pub settings: Settings,
    /// Why the file could not be used (shown once).
    pub warning: Option<String>,
}

/// Read the settings at `path` (defaults when there is none). On the first
/// start (no file there yet) the interface takes the system locale's
/// language when it is a UI language; an unreadable file gives the defaults
/// and a warning naming it.
pub fn read_settings(path: Option<&Path>) -> StartSettings {
    let Some(path) = path else {
        return StartSettings::default();
    };
    let defaults = |warning: Option<String>| StartSettings {
        settings: Settings::default(),
        warning,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match toml::from_str(&text) {
            Ok(settings) => StartSettings {
                settings,
                warning: None,
            },
            Err(err) => defaults(Some(format!(
                "{}: {}; using default settings",
                path.display(),
                err.message()
            ))),
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => StartSettings {
            settings: Settings {
                ui_language: super::i18n::first_start_language(|name| std::env::var(name).ok())
                    .to_owned(),
                ..Settings::default()
            },
            warning: None,
        },
        Err(err) => defaults(Some(format!(
            "{}: {err}; using default settings",
            path.display()
        ))),
    }
}

/// Write the settings to `path` atomically and durably (see [`crate::atomic`]).
pub fn write_settings(path: &Path, settings: &Settings) -> std::io::Result<()> {
    let text = toml::to_string(settings).map_err(std::io::Error::other)?;
    Ok(crate::atomic::write(
        path,
        text.as_bytes(),
        crate::atomic::Access::Private,
    )?)
}

/// Write an egui image as an RGBA PNG (the window's screenshot, on a thread
/// of its own).
pub fn save_png(path: &Path, image: &eframe::egui::ColorImage) -> anyhow::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let [width, height] = image.size;
    let mut encoder = png::Encoder::new(file, u32::try_from(width)?, u32::try_from(height)?);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|p| p.to_srgba_unmultiplied())
        .collect();
    writer.write_image_data(&bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_survive_a_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/settings.toml");
        let mut s = Settings {
            gender: Gender::Male,
            ..Settings::default()
        };
        s.touch_recent("ar");
        s.touch_recent("fa");
        s.touch_recent("ar");
        write_settings(&path, &s).unwrap();
        let StartSettings {
            settings: back,
            warning,
        } = read_settings(Some(&path));
        assert_eq!(back, s);
        assert!(warning.is_none());
        assert_eq!(back.recent, vec!["ar", "fa"]);
        std::fs::write(&path, "volume = \"loud\"").unwrap();
        let StartSettings {
            settings: fallback,
            warning,
        } = read_settings(Some(&path));
        assert_eq!(fallback, Settings::default());
        assert!(warning.unwrap().contains("settings.toml"));
    }
}
