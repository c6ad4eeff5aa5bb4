//! The window: find the person's language, play messages, show the words in
//! the person's script, take their answers.
//!
//! UI architecture (after the rerun viewer and the egui demo app):
//! - [`context::Model`] is everything the panels draw from. Panels get it
//!   read-only, through a [`context::ViewContext`], plus their own screen's
//!   UI state (search text, selection), and *send* [`context::Intent`]s.
//!   No panel can reach the audio engine, the session store, the settings
//!   file or any other file.
//! - [`App::apply`] is the one place that turns intents into engine
//!   [`Command`]s, file [`worker::Job`]s and model changes.
//! - The UI thread only draws. Every file read or write (the session log and
//!   its fsync, settings, listing and opening sessions, exports, catalog
//!   edits and reloads, preparing a recorded take) runs on the
//!   [`worker`] thread, and its result comes back as a [`worker::Done`].
//! - The window repaints only on input, or when the engine or the worker
//!   wakes it with something new: idle, it costs nothing.
//!
//! One panel per file: [`finder`], [`board`], [`person`], [`hotline`],
//! [`settings`], [`banner`], [`answers`], [`sessions`], [`recorder`],
//! [`review`], [`top_bar`]. The chrome (labels, buttons, tabs) goes
//! through [`chrome`], which shapes it with cosmic-text for right-to-left and
//! complex-script UI languages; a right-to-left interface is mirrored (the
//! navigation starts at the right, the Answers sit on the left).

pub mod about;
pub mod answers;
pub mod banner;
pub mod board;
pub mod chrome;
pub mod context;
pub mod finder;
pub mod help;
pub mod hotline;
pub mod i18n;
pub mod interview;
pub mod pack;
pub mod person;
pub mod pictogram;
pub mod recorder;
pub mod review;
pub mod sessions;
pub mod settings;
pub mod top_bar;
pub mod triage;
pub mod unvoiced;
pub mod worker;

use crate::audio::{Command, CpalOutput, Engine, Event, OutputFactory, PlayItem};
use crate::catalog::edit::TextEdit;
use crate::catalog::{self, AudioSource, Catalog, Gender, Kind};
use crate::session::{Entry, Store, now_rfc3339};
use crate::text::TextCache;
pub use context::{ExportFormat, Intent, Model, SessionInfo, ViewContext};
use eframe::egui::{self, Key, Ui};
use i18n::Strings;
use settings::Settings;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use worker::{Done, Edited, Job, ReviewFrom, Worker};

/// What the app is started with (tests pass an in-memory output and a temp settings file).
pub struct AppConfig {
    pub catalog: Catalog,
    pub output: Box<dyn OutputFactory>,
    /// Where settings persist; None keeps them in memory only.
    pub settings_path: Option<PathBuf>,
    /// The settings to start with, read from `settings_path` before the
    /// window opens ([`worker::read_settings`]).
    pub settings: worker::StartSettings,
    /// Open straight on this language.
    pub start_lang: Option<String>,
    /// Where session records go; None for the platform data folder.
    pub sessions_dir: Option<PathBuf>,
    /// The recorder's input; None for the system's (cpal).
    pub input: Option<Box<dyn crate::audio::input::InputFactory>>,
}

impl AppConfig {
    /// `catalog` played through `output`, with everything else at its
    /// default: settings in memory only, the finder first, sessions in the
    /// platform data folder, the system's input.
    pub fn new(catalog: Catalog, output: Box<dyn OutputFactory>) -> Self {
        Self {
            catalog,
            output,
            settings_path: None,
            settings: worker::StartSettings::default(),
            start_lang: None,
            sessions_dir: None,
            input: None,
        }
    }
}

/// The main screens of the responder's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Finder,
    /// "Turn to the person": every autonym, big.
    Picker,
    Board,
    /// Past sessions: open, export, delete.
    Sessions,
    /// Record, import and review (responder side).
    Recorder,
    /// Walk a language's strings with a bilingual reviewer (responder side).
    Review,
}

/// One of the person's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    DontKnow,
    Repeat,
}

impl Answer {
    pub const ALL: [Answer; 4] = [Answer::Yes, Answer::No, Answer::DontKnow, Answer::Repeat];

    /// The catalog id of its label.
    pub fn message_id(self) -> &'static str {
        match self {
            Answer::Yes => "answer_yes",
            Answer::No => "answer_no",
            Answer::DontKnow => "answer_dont_know",
            Answer::Repeat => "answer_repeat",
        }
    }

    /// The symbol shown with it.
    pub fn symbol(self) -> &'static str {
        match self {
            Answer::Yes => "✓",
            Answer::No => "✗",
            Answer::DontKnow => "?",
            Answer::Repeat => "↻",
        }
    }

    /// The key that gives it.
    pub fn key(self) -> Key {
        match self {
            Answer::Yes => Key::Y,
            Answer::No => Key::N,
            Answer::DontKnow => Key::D,
            Answer::Repeat => Key::R,
        }
    }

    /// Short English name, for logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::DontKnow => "dont_know",
            Answer::Repeat => "repeat",
        }
    }
}

/// An answer as recorded and shown to the responder.
#[derive(Clone, Debug)]
pub struct AnswerRecord {
    pub at: SystemTime,
    pub lang: String,
    pub question: String,
    pub answer: Answer,
    /// Whether it reached the session file (fsynced): `None` until the file
    /// worker confirms it, then whether it did.
    pub saved: Option<bool>,
    /// Matches the worker's confirmation.
    token: u64,
}

/// What is playing now.
#[derive(Clone, Debug, Default)]
pub struct Playing {
    /// Tag of the clip sounding (a message id, `listen:<code>` or `digit_<n>`).
    pub tag: Option<String>,
    pub position: f64,
    pub seconds: f64,
}

/// The app: the model the panels draw from, each screen's own state, and
/// the engine and file worker that only [`App::apply`] talks to.
pub struct App {
    model: Model,
    engine: Engine,
    worker: Worker,
    text: TextCache,
    settings_path: Option<PathBuf>,
    /// Settings changed since they were last written; written when the change ends.
    settings_dirty: bool,
    finder: finder::FinderState,
    board: board::BoardState,
    answers: answers::AnswersState,
    sessions: sessions::SessionsState,
    recorder: recorder::RecorderState,
    /// The next token for a session entry whose confirmation is awaited.
    next_token: u64,
    review: review::ReviewState,
    /// Whether the window was put full screen for the person view.
    fullscreen: bool,
    /// Save a screenshot of the window here after a few frames, then close
    /// (`SAFEVOICE_SCREENSHOT`, for the README and the real-window test).
    pub auto_screenshot: Option<(PathBuf, u32)>,
    /// The pack check running in the background (none in tests that do not
    /// ask for one; what the window shows of it is `Model::pack`), its last
    /// generation taken in, and the messages held back until their clips'
    /// hashes are known.
    pack: Option<crate::pack::PackWatch>,
    pack_generation: u64,
    held: Vec<String>,
    /// The pictograms have been parsed by the worker and installed.
    pictograms_ready: bool,
}

impl App {
    /// Build the app from `config`.
    pub fn new(ctx: &egui::Context, config: AppConfig) -> anyhow::Result<Self> {
        install_fonts(ctx);
        let engine = match config.input {
            Some(input) => Engine::start_with_input(config.output, input)?,
            None => Engine::start(config.output)?,
        };
        let repaint = ctx.clone();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || repaint.request_repaint());
        engine.set_waker(Arc::clone(&wake));
        let store = config
            .sessions_dir
            .map_or_else(Store::open_default, |dir| Store { dir });
        let worker = Worker::start(store, config.catalog.root.clone(), wake)?;
        let worker::StartSettings { settings, warning } = config.settings;
        let notice = match (&warning, config.catalog.problems.len()) {
            (Some(w), _) => Some(w.clone()),
            (None, 0) => None,
            (None, n) => Some(format!(
                "{n} problem(s) in the catalog {}: run `safevoice check` for the list. Everything that loaded works.",
                config.catalog.root.display()
            )),
        };
        let model = Model {
            catalog: std::sync::Arc::new(config.catalog),
            strings: Strings::load(&settings.ui_language),
            settings,
            screen: Screen::Finder,
            lang: None,
            person_view: false,
            show_settings: false,
            listening: false,
            playing: Playing::default(),
            current: None,
            awaiting: None,
            answers: Vec::new(),
            device_error: None,
            notice,
            devices: Vec::new(),
            input_devices: Vec::new(),
            hotline_shown: None,
            heard: Vec::new(),
            session: None,
            interview: None,
            child: false,
            show_help: false,
            pack: pack::PackView::default(),
            unvouched_profiles: Default::default(),
        };
        let mut app = Self {
            model,
            engine,
            worker,
            text: TextCache::default(),
            settings_path: config.settings_path,
            settings_dirty: false,
            finder: finder::FinderState::default(),
            board: board::BoardState::default(),
            answers: answers::AnswersState::default(),
            sessions: sessions::SessionsState::default(),
            recorder: recorder::RecorderState::default(),
            next_token: 1,
            review: review::ReviewState::default(),
            fullscreen: false,
            auto_screenshot: None,
            pack: None,
            pack_generation: u64::MAX,
            held: Vec::new(),
            pictograms_ready: false,
        };
        // The SVGs are parsed by the worker; cards draw without their
        // pictograms until they arrive (a few frames).
        app.worker
            .send(Job::ParsePictograms(Arc::clone(&app.model.catalog)));
        if app.model.settings.retention_days > 0 {
            app.worker
                .send(Job::PurgeOlderThan(app.model.settings.retention_days));
        }
        app.apply_audio_settings();
        app.engine.send(Command::ListDevices);
        if let Some(code) = config.start_lang {
            if app.model.catalog.language(&code).is_some() {
                app.apply(Intent::ChooseLanguage(code));
            } else {
                app.model.notice = Some(format!(
                    "Unknown language {code:?}: choose one from the list."
                ));
            }
        }
        Ok(app)
    }

    /// What the panels draw from.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Whether the pictograms have been parsed and can be drawn.
    pub fn pictograms_ready(&self) -> bool {
        self.pictograms_ready
    }

    /// The Review screen's state.
    pub fn review(&self) -> &review::ReviewState {
        &self.review
    }

    /// The Review screen's state, to type into it (tests, as a reviewer
    /// would type in its fields).
    pub fn review_mut(&mut self) -> &mut review::ReviewState {
        &mut self.review
    }

    /// The Record screen's state.
    pub fn recorder(&self) -> &recorder::RecorderState {
        &self.recorder
    }

    /// The Record screen's state, to type into it (tests, as a responder
    /// would type in its fields).
    pub fn recorder_mut(&mut self) -> &mut recorder::RecorderState {
        &mut self.recorder
    }

    /// The Sessions screen's state.
    pub fn sessions(&self) -> &sessions::SessionsState {
        &self.sessions
    }

    /// Whether the finder will take the keyboard focus on its next frame
    /// (tests turn it off so that snapshots have no blinking cursor).
    pub fn set_focus_search(&mut self, focus: bool) {
        self.finder.focus_search = focus;
    }

    /// Apply one intent: the only place that reaches the engine, the file
    /// worker and the model.
    pub fn apply(&mut self, intent: Intent) {
        match intent {
            Intent::ChooseLanguage(code) => self.choose_language(&code),
            Intent::Play(ids) => {
                // Playing anything but the interview's own step leaves the
                // sequence; Resume continues where it stopped.
                if let Some(interview) = self.model.interview.as_mut()
                    && !(ids.len() == 1 && interview.current() == Some(ids[0].as_str()))
                {
                    interview.paused = true;
                    interview.next_at = None;
                }
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                self.play_messages(&refs);
            }
            Intent::Stop => {
                self.stop();
                if let Some(interview) = self.model.interview.as_mut() {
                    interview.next_at = None;
                    interview.paused = true;
                }
            }
            Intent::Answer(answer) => self.answer(answer),
            Intent::StartListening { region } => self.start_listening(&region),
            Intent::ReadHotline(hotline) => {
                let ids = hotline::readout_ids(&hotline);
                self.model.hotline_shown = Some(hotline.number.clone());
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                self.play_messages(&refs);
            }
            Intent::Show(screen) => {
                self.model.screen = screen;
                self.model.person_view = false;
                match screen {
                    Screen::Finder => self.finder.focus_search = true,
                    Screen::Sessions => self.worker.send(Job::ListSessions),
                    Screen::Review if self.review.lang.is_none() => {
                        self.review.lang = self.model.lang.clone().filter(|l| l != "en");
                    }
                    _ => {}
                }
            }
            Intent::SetPersonView(on) => {
                self.model.person_view = on && self.model.lang.is_some();
            }
            Intent::ToggleSettings => {
                self.model.show_settings = !self.model.show_settings;
                if self.model.show_settings {
                    self.engine.send(Command::ListDevices);
                }
            }
            Intent::UpdateSettings(settings) => self.update_settings(settings),
            Intent::PlayTestSound => self.play_test_sound(),
            Intent::CaseRef(case_ref) => {
                let case_ref = case_ref.trim().to_owned();
                if !case_ref.is_empty() {
                    self.record(Entry::CaseRef {
                        at: now_rfc3339(),
                        case_ref,
                    });
                }
            }
            Intent::NewSession => self.start_session(),
            Intent::DismissNotice => self.model.notice = None,
            Intent::RefreshSessions => self.worker.send(Job::ListSessions),
            Intent::OpenSession(id) => self.worker.send(Job::OpenSession(id)),
            Intent::ExportSession { id, format } => self.worker.send(Job::Export {
                id,
                format,
                catalog: std::sync::Arc::clone(&self.model.catalog),
            }),
            Intent::DeleteSession(id) => self.worker.send(Job::DeleteSession(id)),
            Intent::StartRecording => {
                self.recorder.status = None;
                self.recorder.take = None;
                self.engine.send(Command::StartRecording {
                    device: self.model.settings.input_device.clone(),
                    max_seconds: recorder::MAX_TAKE_SECONDS,
                });
            }
            Intent::StopRecording => self.engine.send(Command::StopRecording),
            Intent::PlayTake => {
                if let Some(take) = &self.recorder.take {
                    self.engine.send(Command::Play(vec![PlayItem {
                        path: take.preview.path().to_path_buf(),
                        tag: "take".into(),
                    }]));
                }
            }
            Intent::DiscardTake => self.recorder.take = None,
            Intent::SetGender(gender) => {
                if gender != self.model.settings.gender {
                    let mut settings = self.model.settings.clone();
                    settings.gender = gender;
                    self.update_settings(settings);
                    self.record(Entry::Addressing {
                        at: now_rfc3339(),
                        gender: gender.as_str().to_owned(),
                    });
                }
            }
            Intent::SetChild(child) => {
                if child != self.model.child {
                    self.model.child = child;
                    self.record(Entry::Child {
                        at: now_rfc3339(),
                        child,
                    });
                }
            }
            Intent::StartInterview => {
                if self.model.lang.is_some() {
                    self.model.interview =
                        Some(interview::Interview::new(&self.model, self.model.child));
                    self.play_step();
                }
            }
            Intent::ResumeInterview => {
                if let Some(interview) = self.model.interview.as_mut() {
                    interview.paused = false;
                    self.play_step();
                }
            }
            Intent::PauseInterview(pause) => {
                if pause {
                    self.stop();
                }
                if let Some(interview) = self.model.interview.as_mut() {
                    interview.paused = pause;
                    interview.next_at = None;
                }
                if !pause {
                    self.play_step();
                }
            }
            Intent::Step(delta) => match self.model.interview.as_mut() {
                Some(interview) => {
                    interview.pos = interview
                        .pos
                        .saturating_add_signed(delta as isize)
                        .min(interview.steps.len());
                    interview.paused = false;
                    self.play_step();
                }
                None if delta > 0 => self.apply(Intent::StartInterview),
                None => {}
            },
            Intent::EndInterview => {
                self.model.interview = None;
                self.stop();
            }
            Intent::MoveCurrent(delta) => {
                let ids: Vec<String> = self
                    .model
                    .board_messages()
                    .iter()
                    .map(|m| m.id().to_owned())
                    .collect();
                if !ids.is_empty() {
                    let at = self
                        .model
                        .current
                        .as_ref()
                        .and_then(|c| ids.iter().position(|i| i == c));
                    let next = match at {
                        Some(i) => i.saturating_add_signed(delta as isize).min(ids.len() - 1),
                        None => 0,
                    };
                    self.model.current = Some(ids[next].clone());
                }
            }
            Intent::ToggleHelp => self.model.show_help = !self.model.show_help,
            Intent::AcceptTake { message, speaker } => {
                if let (Some(take), Some(language)) =
                    (self.recorder.take.clone(), self.model.language().cloned())
                {
                    self.worker.send(Job::SaveTake {
                        take,
                        language: Box::new(language),
                        message,
                        gender: self.model.gender(),
                        speaker,
                    });
                }
            }
            Intent::ImportFile {
                message,
                path,
                speaker,
            } => {
                if let Some(language) = self.model.language().cloned() {
                    self.recorder.status = None;
                    self.worker.send(Job::ImportFile {
                        path,
                        language: Box::new(language),
                        message,
                        gender: self.model.gender(),
                        speaker,
                    });
                }
            }
            Intent::Review(review::ReviewIntent::Apply {
                language,
                edit,
                reviewer,
            }) => self.worker.send(Job::Review {
                catalog: Arc::clone(&self.model.catalog),
                language,
                edit,
                reviewer,
                from: ReviewFrom::Review,
            }),
            Intent::Review(review::ReviewIntent::Play {
                language,
                message,
                gender,
            }) => {
                let clip = self
                    .model
                    .catalog
                    .language(&language)
                    .and_then(|l| l.clip(&message, gender));
                if let Some(clip) = clip {
                    self.engine.send(Command::OpenOutput);
                    self.engine.send(Command::Play(vec![PlayItem {
                        path: clip.path.clone(),
                        tag: format!("review:{message}"),
                    }]));
                }
            }
            Intent::MarkReviewed { message, reviewer } => {
                let edit = TextEdit::Review {
                    message,
                    texts: Vec::new(),
                };
                self.recorder_review(edit, reviewer);
            }
            Intent::CorrectText {
                message,
                gender,
                text,
                reviewer,
            } => {
                let edit = TextEdit::Review {
                    message,
                    texts: vec![(gender, text)],
                };
                self.recorder_review(edit, reviewer);
            }
        }
    }

    /// A Record panel review decision on the current language, checked and
    /// written as the Review panel's are.
    fn recorder_review(&mut self, edit: TextEdit, reviewer: String) {
        if let Some(language) = self.model.lang.clone() {
            self.worker.send(Job::Review {
                catalog: Arc::clone(&self.model.catalog),
                language,
                edit,
                reviewer,
                from: ReviewFrom::Recorder,
            });
        }
    }

    /// Choose a language: open its board and decode its clips ahead.
    fn choose_language(&mut self, code: &str) {
        self.stop();
        self.model.lang = Some(code.to_owned());
        self.model.screen = Screen::Board;
        self.model.current = None;
        self.model.awaiting = None;
        self.model.hotline_shown = None;
        self.model.interview = None;
        self.model.child = false;
        let mut settings = self.model.settings.clone();
        settings.touch_recent(code);
        self.update_settings(settings);
        self.start_session();
        // Open the output now: the first message then starts at once, clips
        // are decoded for the device's real format, and a missing device is
        // reported before the responder taps anything.
        self.engine.send(Command::OpenOutput);
        if let Some(language) = self.model.catalog.language(code) {
            let paths: Vec<PathBuf> = language.clips.iter().map(|c| c.path.clone()).collect();
            if !paths.is_empty() {
                self.engine.send(Command::Preload(paths));
            }
        }
    }

    /// Start recording a new session for the chosen language (ending the last one).
    fn start_session(&mut self) {
        self.end_session();
        let Some(language) = self.model.language() else {
            return;
        };
        let id = Store::new_id();
        let start = Entry::Start {
            session: id.clone(),
            at: now_rfc3339(),
            language: language.meta.code.clone(),
            language_name: language.meta.name.clone(),
            direction: language.meta.direction.as_str().to_owned(),
            profile: self.model.profile().name,
            role: self
                .model
                .settings
                .role
                .as_deref()
                .map(|r| self.model.meaning_of(r)),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        let mut then = Vec::new();
        let case_ref = self.answers.case_ref.trim();
        if !case_ref.is_empty() {
            then.push((
                0,
                Entry::CaseRef {
                    at: now_rfc3339(),
                    case_ref: case_ref.to_owned(),
                },
            ));
        }
        self.worker.send(Job::StartSession {
            id: id.clone(),
            start: Box::new(start),
            then,
        });
        self.model.session = Some(SessionInfo { id, path: None });
        self.model.answers.clear();
    }

    /// End the session being recorded.
    fn end_session(&mut self) {
        if self.model.session.take().is_some() {
            self.worker
                .send(Job::EndSession(Box::new(Entry::End { at: now_rfc3339() })));
        }
    }

    /// Queue an event for the session file (appended and fsynced by the
    /// worker). Returns the token its confirmation will carry, or None when
    /// no session is being recorded.
    fn record(&mut self, entry: Entry) -> Option<u64> {
        self.model.session.as_ref()?;
        let token = self.next_token;
        self.next_token += 1;
        self.worker.send(Job::Append {
            token,
            entry: Box::new(entry),
        });
        Some(token)
    }

    fn record_message_started(&mut self, id: &str) {
        let Some(language) = self.model.language() else {
            return;
        };
        let gender = self.model.gender();
        let entry = language.texts.get(id);
        let audio = match language.clip(id, gender).map(|c| c.def.source) {
            Some(AudioSource::Synthetic) => "synthetic",
            Some(AudioSource::Recorded) => "recorded",
            None => "none",
        };
        let event = Entry::MessageStarted {
            at: now_rfc3339(),
            message: id.to_owned(),
            language: language.meta.code.clone(),
            gender: entry
                .filter(|e| e.has_gender_variants())
                .map(|_| gender.as_str().to_owned()),
            text: entry
                .and_then(|e| e.text_for(gender))
                .unwrap_or_default()
                .to_owned(),
            meaning: self
                .model
                .catalog
                .message(id)
                .map(|m| m.text.clone())
                .unwrap_or_default(),
            draft: entry.is_none_or(|e| e.status.is_draft()),
            audio: audio.to_owned(),
        };
        self.record(event);
    }

    fn record_message_ended(&mut self, id: &str, how: &str) {
        if self.model.catalog.message(id).is_some() {
            self.record(Entry::MessageEnded {
                at: now_rfc3339(),
                message: id.to_owned(),
                how: how.to_owned(),
            });
        }
    }

    /// Play messages of the chosen language in order. Messages without a
    /// clip are skipped; the first message is shown in the person view anyway.
    fn play_messages(&mut self, ids: &[&str]) {
        let Some(language) = self.model.language() else {
            return;
        };
        let gender = self.model.gender();
        // A clip whose hash is not known yet is hashed first and played then.
        let unknown: Vec<PathBuf> = self.pack.as_ref().map_or_else(Vec::new, |watch| {
            ids.iter()
                .filter_map(|id| language.clip(id, gender))
                .filter(|c| watch.state_of(&c.path) == Some(crate::pack::FileState::Pending))
                .map(|c| c.path.clone())
                .collect()
        });
        let refused = |path: &Path| {
            self.pack
                .as_ref()
                .and_then(|w| w.state_of(path))
                .is_some_and(|s| s.is_refused())
        };
        let items: Vec<PlayItem> = ids
            .iter()
            .filter_map(|id| {
                let clip = language.clip(id, gender).filter(|c| !refused(&c.path));
                clip.map(|clip| PlayItem {
                    path: clip.path.clone(),
                    tag: (*id).to_owned(),
                })
            })
            .collect();
        if let Some(watch) = self.pack.as_ref().filter(|_| !unknown.is_empty()) {
            watch.prioritise(&unknown);
            self.held = ids.iter().map(|id| (*id).to_owned()).collect();
            return;
        }
        self.model.listening = false;
        self.model.awaiting = None;
        if let Some(first) = ids.first() {
            self.model.current = Some((*first).to_owned());
        }
        self.model.playing = Playing::default();
        if items.is_empty() {
            // Text only: shown, recorded, and a question still waits for its answer.
            if let Some(first) = ids.first() {
                self.record_message_started(first);
                self.record_message_ended(first, "shown");
                self.mark_question_heard(first);
                let chars = self.model.text_of(first).map_or(0, |t| t.chars().count());
                // Time to read it: the pause, and about 60 ms a character.
                let reading = Duration::from_millis(60 * chars as u64);
                self.step_heard(first, reading);
            }
            return;
        }
        self.engine.send(Command::Play(items));
    }

    /// Check the pack with `watch` (started by [`run`]).
    pub fn watch_pack(&mut self, watch: crate::pack::PackWatch) {
        self.pack = Some(watch);
        self.pack_generation = u64::MAX;
    }

    /// Check the pack again from the start (after this app changed it: the
    /// changed files then show as modified on this computer).
    fn restart_pack_check(&mut self) {
        if let Some(watch) = &mut self.pack {
            watch.restart();
            self.pack_generation = u64::MAX;
        }
    }

    /// Take in what the pack check found since the last frame: withhold
    /// refused files, refresh the header, banner and vouched profiles, play
    /// what was held.
    fn poll_pack(&mut self) {
        let Some(watch) = &self.pack else { return };
        let generation = watch.generation();
        if generation == self.pack_generation {
            return;
        }
        self.pack_generation = generation;
        let state = watch.status();
        let view = match &state {
            crate::pack::watch::WatchState::Failed(why) => pack::PackView {
                failed: Some(why.clone()),
                ..pack::PackView::default()
            },
            other => other.status().map(pack::PackView::of).unwrap_or_default(),
        };
        let profiles_dir = self.model.catalog.root.join("profiles");
        self.model.unvouched_profiles = self
            .model
            .catalog
            .profiles
            .keys()
            .filter(|id| {
                !watch
                    .state_of(&profiles_dir.join(format!("{id}.toml")))
                    .is_some_and(|s| s != crate::pack::FileState::Pending && !s.is_refused())
            })
            .cloned()
            .collect();
        if let Some(status) = state.status() {
            let catalog = &self.model.catalog;
            let already: Vec<&PathBuf> = catalog.withheld.values().flatten().collect();
            let new: Vec<PathBuf> = status
                .refused_paths()
                .into_iter()
                .filter(|p| !already.contains(&p))
                .collect();
            if !new.is_empty() {
                Arc::make_mut(&mut self.model.catalog).withhold(&new);
            }
        }
        self.model.pack = view;
        if !self.held.is_empty() {
            let held = std::mem::take(&mut self.held);
            let refs: Vec<&str> = held.iter().map(String::as_str).collect();
            self.play_messages(&refs);
        }
    }

    /// Play the interview's current step, or end it after the last one.
    fn play_step(&mut self) {
        let Some(interview) = self.model.interview.as_mut() else {
            return;
        };
        interview.next_at = None;
        match interview.current().map(str::to_owned) {
            Some(id) => self.play_messages(&[id.as_str()]),
            None => {
                self.model.interview = None;
                self.model.awaiting = None;
            }
        }
    }

    /// The interview's statement `id` has been heard (or shown): the next
    /// step follows after the pause (plus `extra`). Questions wait for their answer.
    fn step_heard(&mut self, id: &str, extra: Duration) {
        let statement = self
            .model
            .catalog
            .message(id)
            .is_some_and(|m| m.kind != Kind::Question);
        let pause = self.pause();
        if let Some(interview) = self.model.interview.as_mut()
            && statement
            && !interview.paused
            && interview.current() == Some(id)
        {
            interview.schedule_next(pause + extra);
        }
    }

    /// The pause between steps of the interview.
    fn pause(&self) -> Duration {
        Duration::from_secs_f32(self.model.settings.interview_pause.clamp(0.0, 60.0))
    }

    /// Move the interview on when its next step is due; ask for a frame when
    /// it will be.
    fn advance_interview(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        let Some(interview) = self.model.interview.as_mut() else {
            return;
        };
        if interview.due(now) {
            interview.pos += 1;
            self.play_step();
        } else if let Some(at) = interview.next_at.filter(|_| !interview.paused) {
            ctx.request_repaint_after(at.saturating_duration_since(now));
        }
    }

    /// Stop whatever plays.
    fn stop(&mut self) {
        if let Some(tag) = self.model.playing.tag.clone() {
            self.record_message_ended(&tag, "stopped");
        }
        self.engine.send(Command::Stop);
        self.model.playing = Playing::default();
        self.model.listening = false;
    }

    /// Start the Listen carousel: every language's greeting in turn (of `region`).
    fn start_listening(&mut self, region: &str) {
        let items: Vec<PlayItem> = self
            .model
            .catalog
            .languages
            .values()
            .filter(|l| region.is_empty() || l.meta.regions.iter().any(|r| r == region))
            .filter_map(|l| {
                l.clip("language_check", Gender::Female)
                    .map(|clip| PlayItem {
                        path: clip.path.clone(),
                        tag: format!("listen:{}", l.meta.code),
                    })
            })
            .collect();
        if items.is_empty() {
            return;
        }
        self.engine.send(Command::Play(items));
        self.model.listening = true;
    }

    fn mark_question_heard(&mut self, id: &str) {
        if self
            .model
            .catalog
            .message(id)
            .is_some_and(|m| m.kind == Kind::Question)
        {
            self.model.awaiting = Some(id.to_owned());
        }
    }

    /// The person answered. REPEAT replays the question; every answer is
    /// recorded, and shown as saved once the worker has fsynced it.
    fn answer(&mut self, answer: Answer) {
        let Some(lang) = self.model.lang.clone() else {
            return;
        };
        let question = self
            .model
            .awaiting
            .clone()
            .or_else(|| self.model.current.clone());
        let Some(question) = question else {
            return;
        };
        let token = self.record(Entry::Answer {
            at: now_rfc3339(),
            question: question.clone(),
            answer: answer.as_str().to_owned(),
            language: lang.clone(),
        });
        self.model.answers.push(AnswerRecord {
            at: SystemTime::now(),
            lang,
            question: question.clone(),
            answer,
            saved: if token.is_some() { None } else { Some(false) },
            token: token.unwrap_or(0),
        });
        if answer == Answer::Repeat {
            self.play_messages(&[question.as_str()]);
        } else {
            self.model.awaiting = None;
            let pause = self.pause();
            if let Some(interview) = self.model.interview.as_mut()
                && !interview.paused
                && interview.current() == Some(question.as_str())
            {
                interview.schedule_next(pause);
            }
        }
    }

    /// Play the language's greeting (or English) as a test sound.
    fn play_test_sound(&mut self) {
        let clip = self
            .model
            .language()
            .and_then(|l| l.clip("language_check", self.model.gender()))
            .or_else(|| {
                self.model
                    .catalog
                    .language("en")
                    .and_then(|l| l.clip("language_check", Gender::Female))
            });
        if let Some(clip) = clip {
            self.engine.send(Command::Play(vec![PlayItem {
                path: clip.path.clone(),
                tag: "test".into(),
            }]));
        }
    }

    /// Take new settings: applied at once, written when the change ends.
    fn update_settings(&mut self, settings: Settings) {
        let before = std::mem::replace(&mut self.model.settings, settings);
        if before == self.model.settings {
            return;
        }
        if before.ui_language != self.model.settings.ui_language {
            self.model.strings = Strings::load(&self.model.settings.ui_language);
        }
        if before.device != self.model.settings.device
            || before.volume != self.model.settings.volume
        {
            self.apply_audio_settings();
        }
        self.settings_dirty = true;
    }

    /// Send the engine what the settings say.
    fn apply_audio_settings(&self) {
        self.engine
            .send(Command::SetDevice(self.model.settings.device.clone()));
        self.engine
            .send(Command::SetVolume(self.model.settings.volume));
        self.engine.send(Command::KeepOutputOpen(
            self.model.settings.keep_output_open,
        ));
    }

    /// Write the settings once a change has ended (no button held, so a
    /// slider being dragged is written once, when it is let go).
    fn save_settings_when_settled(&mut self, ctx: &egui::Context) {
        if !self.settings_dirty || ctx.input(|i| i.pointer.any_down()) {
            return;
        }
        self.settings_dirty = false;
        if let Some(path) = &self.settings_path {
            self.worker.send(Job::SaveSettings {
                path: path.clone(),
                settings: self.model.settings.clone(),
            });
        }
    }

    /// Handle what the engine reported.
    fn poll_engine(&mut self) {
        while let Some(event) = self.engine.try_event() {
            self.engine_event(event);
        }
    }

    fn engine_event(&mut self, event: Event) {
        match event {
            Event::DeviceOpened { .. } => self.model.device_error = None,
            Event::Started { tag, seconds, .. } => {
                self.model.heard.push(tag.clone());
                if self.model.catalog.message(&tag).is_some() {
                    self.record_message_started(&tag);
                }
                self.model.playing = Playing {
                    tag: Some(tag.clone()),
                    position: 0.0,
                    seconds,
                };
                if self
                    .model
                    .catalog
                    .message(&tag)
                    .is_some_and(|m| m.category != catalog::Category::Digits)
                {
                    self.model.current = Some(tag);
                }
            }
            Event::Progress {
                position, seconds, ..
            } => {
                self.model.playing.position = position;
                self.model.playing.seconds = seconds;
            }
            Event::Finished { tag, .. } => {
                self.record_message_ended(&tag, "finished");
                self.mark_question_heard(&tag);
                self.step_heard(&tag, Duration::ZERO);
            }
            Event::SequenceFinished | Event::Stopped => {
                self.model.playing = Playing::default();
                self.model.listening = false;
            }
            Event::Error { message } => {
                if let Some(tag) = self.model.playing.tag.clone() {
                    self.record_message_ended(&tag, "failed");
                }
                self.model.device_error = Some(message);
                self.model.playing = Playing::default();
                self.model.listening = false;
                // The text is still shown, and a question still waits for its answer.
                if let Some(current) = self.model.current.clone() {
                    self.mark_question_heard(&current);
                }
            }
            Event::ClipError { message, .. } => self.model.notice = Some(message),
            Event::Devices(devices) => self.model.devices = devices,
            Event::InputDevices(devices) => self.model.input_devices = devices,
            Event::RecordingStarted { .. } => self.recorder.recording_started(),
            Event::Level { peak, clipped, .. } => self.recorder.level(peak, clipped),
            Event::Recorded {
                rate,
                channels,
                samples,
                ..
            } => {
                self.recorder.recording = false;
                self.worker.send(Job::PrepareTake {
                    samples,
                    channels,
                    rate,
                });
            }
            Event::RecordError { message } => {
                self.recorder.recording = false;
                self.recorder.status = Some(message);
            }
            Event::Preloaded { .. } => {}
        }
    }

    /// Handle what the file worker did.
    fn poll_worker(&mut self, ctx: &egui::Context) {
        while let Some(done) = self.worker.try_done() {
            self.worker_done(done, ctx);
        }
    }

    fn worker_done(&mut self, done: Done, ctx: &egui::Context) {
        let s = &self.model.strings;
        match done {
            Done::SessionStarted { id, path } => {
                if let Some(session) = self.model.session.as_mut().filter(|x| x.id == id) {
                    session.path = Some(path);
                }
            }
            Done::Appended { token, result } => {
                if let Some(record) = self.model.answers.iter_mut().find(|a| a.token == token) {
                    record.saved = Some(result.is_ok());
                }
                if let Err(err) = result {
                    self.model.notice = Some(s.fill("record_failed", &[("detail", &err)]));
                }
            }
            Done::RecordFailed(err) => {
                self.model.notice = Some(s.fill("record_failed", &[("detail", &err)]));
            }
            Done::PictogramsParsed { trees, problems } => {
                pictogram::install_trees(ctx, trees);
                self.pictograms_ready = true;
                if problems > 0 && self.model.notice.is_none() {
                    self.model.notice = Some(format!(
                        "{problems} pictogram(s) of the catalog {} did not load: run `safevoice check` for the list. Everything else works.",
                        self.model.catalog.root.display()
                    ));
                }
            }
            Done::SettingsSaved(result) => {
                if let Err(err) = result {
                    self.model.notice = Some(err);
                }
            }
            Done::SessionsListed { rows, problems } => self.sessions.listed(rows, problems),
            Done::SessionOpened(result) => match result {
                Ok(session) => self.sessions.opened = Some(*session),
                Err(err) => self.model.notice = Some(err),
            },
            Done::Exported(result) => {
                self.model.notice = Some(match result {
                    Ok(path) => s.fill("exported_to", &[("path", &path.display().to_string())]),
                    Err(err) => err,
                });
            }
            Done::SessionDeleted(result) => match result {
                Ok(id) => {
                    if self.sessions.opened.as_ref().is_some_and(|o| o.id == id) {
                        self.sessions.opened = None;
                    }
                }
                Err(err) => self.model.notice = Some(err),
            },
            Done::TakeReady(result) => match result {
                Ok(Some(take)) => self.recorder.take = Some(take),
                Ok(None) => {
                    self.recorder.status = Some(s.get("rec_nothing_heard").to_owned());
                }
                Err(err) => self.recorder.status = Some(err),
            },
            Done::CatalogEdited { catalog, edit } => {
                match &edit {
                    Edited::Recorded { file, language } => {
                        self.recorder.take = None;
                        self.recorder.status =
                            Some(s.fill("rec_saved", &[("file", file), ("name", language)]));
                    }
                    Edited::Reviewed { message, reviewer } => {
                        self.recorder.status =
                            Some(s.fill("rec_marked", &[("id", message), ("reviewer", reviewer)]));
                    }
                    Edited::Corrected { .. } => {
                        self.recorder.correction.clear();
                        self.recorder.status = Some(s.get("rec_corrected").to_owned());
                    }
                    Edited::Review {
                        message,
                        reviewer,
                        flagged,
                    } => {
                        let key = if *flagged {
                            "review_flagged"
                        } else {
                            "review_saved"
                        };
                        self.review.saved(catalog.messages.len());
                        self.review.status =
                            Some(s.fill(key, &[("id", message), ("reviewer", reviewer)]));
                    }
                }
                // Profiles added at run time (tests, deployers) stay.
                let mut catalog = *catalog;
                for (id, profile) in &self.model.catalog.profiles {
                    catalog
                        .profiles
                        .entry(id.clone())
                        .or_insert_with(|| profile.clone());
                }
                self.model.catalog = std::sync::Arc::new(catalog);
                // This app changed the pack: check it again (the changed
                // files then show as modified on this computer).
                self.restart_pack_check();
            }
            Done::EditFailed(err) => self.recorder.status = Some(err),
            Done::ReviewFailed(err) => self.review.status = Some(err),
        }
    }

    /// The keys, read once a frame and turned into intents (the table is
    /// in [`help`], which the F1 / ? overlay shows).
    fn keyboard(&self, ctx: &egui::Context) -> Vec<Intent> {
        let m = &self.model;
        let typing = ctx.egui_wants_keyboard_input();
        let keys = ctx.input(help::Keys::read);
        let mut out = Vec::new();
        if keys.person_view && m.lang.is_some() {
            out.push(Intent::SetPersonView(!m.person_view));
        }
        if keys.search {
            out.push(Intent::Show(Screen::Finder));
        }
        if keys.stop {
            if m.show_help {
                out.push(Intent::ToggleHelp);
            } else {
                out.push(Intent::Stop);
            }
        }
        if keys.help {
            out.push(Intent::ToggleHelp);
        }
        if typing {
            return out;
        }
        if keys.help_char {
            out.push(Intent::ToggleHelp);
        }
        let on_language = m.lang.is_some() && (m.screen == Screen::Board || m.person_view);
        if !on_language {
            return out;
        }
        if keys.play_stop {
            if m.is_playing() {
                out.push(Intent::Stop);
            } else {
                // The current message, or the board's first one.
                let first = m.board_messages().first().map(|x| x.id().to_owned());
                if let Some(id) = m.current.clone().or(first) {
                    out.push(Intent::Play(vec![id]));
                }
            }
        }
        if keys.play
            && let Some(id) = m.current.clone()
        {
            out.push(Intent::Play(vec![id]));
        }
        if keys.up {
            out.push(Intent::MoveCurrent(-1));
        }
        if keys.down {
            out.push(Intent::MoveCurrent(1));
        }
        if keys.next {
            out.push(Intent::Step(1));
        }
        if keys.previous {
            out.push(Intent::Step(-1));
        }
        if keys.gender && m.gendered() {
            out.push(Intent::SetGender(match m.gender() {
                Gender::Female => Gender::Male,
                Gender::Male => Gender::Female,
            }));
        }
        for (answer, pressed) in Answer::ALL.into_iter().zip(keys.answers) {
            if pressed {
                out.push(Intent::Answer(answer));
            }
        }
        out
    }

    /// Count down, ask for a screenshot, save it as PNG, close the window.
    fn auto_screenshot(&mut self, ctx: &egui::Context) {
        let Some((path, frames)) = self.auto_screenshot.take() else {
            return;
        };
        if frames > 1 {
            self.auto_screenshot = Some((path, frames - 1));
            ctx.request_repaint();
            return;
        }
        let ctx2 = ctx.clone();
        ctx.request_screenshot(move |image| {
            // Encode and write off the UI thread; the window closes once the
            // file is written.
            std::thread::spawn(move || {
                if let Err(err) = worker::save_png(&path, &image) {
                    eprintln!(
                        "error: cannot save the screenshot to {}: {err}",
                        path.display()
                    );
                }
                ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
                ctx2.request_repaint();
            });
        });
        ctx.request_repaint();
    }

    /// One frame of the whole window: take in what the engine and the worker
    /// reported, draw every panel from the model, then apply their intents.
    /// Nothing here asks for another frame: the engine and the worker wake
    /// the window when they have something to show, and input wakes it too.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.auto_screenshot(&ctx);
        self.poll_engine();
        self.poll_worker(&ctx);
        self.poll_pack();
        for intent in self.keyboard(&ctx) {
            self.apply(intent);
        }
        self.advance_interview(&ctx);
        // The person view fills the screen; leaving it restores the window.
        let want_fullscreen = self.model.person_view && self.model.lang.is_some();
        if want_fullscreen != self.fullscreen {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(want_fullscreen));
            self.fullscreen = want_fullscreen;
        }
        let view = ViewContext::new(&self.model);
        panels_ui(
            &view,
            &mut self.text,
            &mut Screens {
                finder: &mut self.finder,
                board: &mut self.board,
                answers: &mut self.answers,
                sessions: &mut self.sessions,
                recorder: &mut self.recorder,
                review: &mut self.review,
            },
            ui,
        );
        for intent in view.into_intents() {
            self.apply(intent);
        }
        self.save_settings_when_settled(&ctx);
    }
}

/// Each screen's own state, lent to the panels for one frame.
struct Screens<'a> {
    finder: &'a mut finder::FinderState,
    board: &'a mut board::BoardState,
    answers: &'a mut answers::AnswersState,
    sessions: &'a mut sessions::SessionsState,
    recorder: &'a mut recorder::RecorderState,
    review: &'a mut review::ReviewState,
}

/// Every panel of the window, drawn from `view`. In a right-to-left
/// interface the layout is mirrored: the Answers and the summary sit on the
/// left, and the central panel's items at the right.
fn panels_ui(view: &ViewContext, text: &mut TextCache, screens: &mut Screens, ui: &mut Ui) {
    if view.show_help {
        help::help_ui(view, text, &ui.ctx().clone());
    }
    if view.person_view && view.lang.is_some() {
        egui::CentralPanel::default().show(ui, |ui| person::person_view_ui(view, text, ui));
        return;
    }
    let s = &view.strings;
    egui::Panel::top("top").show(ui, |ui| top_bar::top_bar_ui(view, text, ui));
    if view.pack.has_banner() {
        egui::Panel::top("pack").show(ui, |ui| {
            pack::pack_banner_ui(ui, text, &view.strings, &view.pack)
        });
    }
    if view.device_error.is_some() || view.notice.is_some() {
        egui::Panel::top("banner").show(ui, |ui| banner::banner_ui(view, text, ui));
    }
    // The side panels, on the side a reader of the interface ends a line.
    let side = |id: &str| {
        if s.rtl() {
            egui::Panel::left(id)
        } else {
            egui::Panel::right(id)
        }
    };
    if view.screen == Screen::Board && view.lang.is_some() {
        side("answers").default_size(300.0).show(ui, |ui| {
            chrome::column_ui(ui, s, |ui| {
                answers::answers_ui(view, screens.answers, text, ui);
                ui.separator();
                hotline::hotline_ui(view, text, ui);
            });
        });
        // The triage summary, beside the Answers once there is an answer.
        if !view.answers.is_empty() {
            let summary = crate::triage::summarise(
                &view.catalog,
                &view.settings.profile,
                view.answers
                    .iter()
                    .map(|r| (r.question.as_str(), r.answer.as_str())),
            );
            side("triage").default_size(280.0).show(ui, |ui| {
                chrome::column_ui(ui, s, |ui| {
                    let meaning = |id: &str| view.meaning_of(id);
                    triage::triage_ui(ui, text, &view.strings, &summary, &meaning);
                });
            });
        }
    }
    egui::CentralPanel::default().show(ui, |ui| {
        chrome::column_ui(ui, s, |ui| match view.screen {
            Screen::Finder => finder::finder_ui(view, screens.finder, text, ui),
            Screen::Picker => finder::picker_ui(view, screens.finder, text, ui),
            Screen::Board if view.lang.is_some() => {
                board::board_ui(view, screens.board, text, ui);
            }
            Screen::Board => finder::finder_ui(view, screens.finder, text, ui),
            Screen::Sessions => sessions::sessions_ui(view, screens.sessions, text, ui),
            Screen::Recorder => recorder::recorder_ui(view, screens.recorder, text, ui),
            Screen::Review => {
                let ctx = review::ReviewContext {
                    catalog: &view.catalog,
                    strings: &view.strings,
                };
                if let Some(intent) = review::review_ui(ui, &ctx, screens.review, text) {
                    view.send(Intent::Review(intent));
                }
            }
        });
    });
    about::about_window(&ui.ctx().clone(), text, &view.strings);
    if view.show_settings {
        let ctx = ui.ctx().clone();
        if s.shaped() {
            // egui would draw the title unshaped: a title drawn here instead.
            egui::Window::new("settings")
                .title_bar(false)
                .show(&ctx, |ui| {
                    chrome::row_ui(ui, s, |ui| {
                        chrome::heading_ui(ui, text, s, s.get("settings"));
                        if ui.button("✗").clicked() {
                            view.send(Intent::ToggleSettings);
                        }
                    });
                    ui.separator();
                    settings::settings_ui(view, text, ui);
                });
        } else {
            let mut open = true;
            egui::Window::new(s.get("settings"))
                .open(&mut open)
                .collapsible(false)
                .show(&ctx, |ui| settings::settings_ui(view, text, ui));
            if !open {
                view.send(Intent::ToggleSettings);
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

/// A clickable card (language tile, message): allocated, filled (highlighted
/// when `selected`) and outlined. The caller paints the content.
pub fn card_ui(ui: &mut Ui, size: egui::Vec2, selected: bool) -> (egui::Rect, egui::Response) {
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let visuals = ui.style().interact(&response);
    let fill = if selected {
        ui.visuals().selection.bg_fill
    } else {
        visuals.weak_bg_fill
    };
    ui.painter().rect(
        rect,
        6.0,
        fill,
        egui::Stroke::new(1.0, visuals.fg_stroke.color.gamma_multiply(0.5)),
        egui::StrokeKind::Inside,
    );
    (rect, response)
}

/// Give egui's own text (the responder's chrome) the bundled Noto Sans as a fallback.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, data) in crate::text::fonts::FONTS {
        // Every script's font as a fallback, after Noto Sans: text fields
        // (the Review panel's Edit) show the glyphs of any script; the
        // shaped text is always drawn through cosmic-text.
        if !name.contains("-Bold") {
            fonts.font_data.insert(
                name.into(),
                std::sync::Arc::new(egui::FontData::from_static(data)),
            );
            for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
                fonts.families.entry(family).or_default().push(name.into());
            }
        }
    }
    ctx.set_fonts(fonts);
}

/// Open the window on the catalog in `dir`, optionally on language `lang`.
pub fn run(dir: &Path, lang: Option<&str>) -> anyhow::Result<()> {
    let catalog = catalog::load(dir);
    let start_lang = lang.map(str::to_owned);
    let pack_dir = dir.to_path_buf();
    // Read before the window opens: the UI thread reads no file.
    let settings_path = Settings::default_path();
    let settings = worker::read_settings(settings_path.as_deref());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("safevoice")
            // The desktop entry's name (Wayland app id, X11 WM_CLASS).
            .with_app_id("org.safevoice.safevoice")
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([640.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "safevoice",
        options,
        Box::new(move |cc| {
            let mut app = App::new(
                &cc.egui_ctx,
                AppConfig {
                    settings,
                    settings_path,
                    start_lang,
                    ..AppConfig::new(catalog, Box::new(CpalOutput))
                },
            )?;
            app.auto_screenshot =
                std::env::var_os("SAFEVOICE_SCREENSHOT").map(|p| (PathBuf::from(p), 30));
            let (keys, _) = crate::pack::keys::trusted_keys();
            let ctx = cc.egui_ctx.clone();
            app.watch_pack(crate::pack::PackWatch::start(
                &pack_dir,
                keys,
                crate::pack::journal::Journal::load(),
                move || ctx.request_repaint(),
            ));
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
