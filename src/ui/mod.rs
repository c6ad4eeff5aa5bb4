//! The window: find the person's language, play messages, show the words in
//! the person's script, take their answers.
//!
//! One panel per file: [`finder`], [`board`], [`person`], [`hotline`],
//! [`settings`], [`banner`], [`answers`]. The app talks to the audio engine
//! only through [`Command`]s and [`Event`]s.

pub mod answers;
pub mod banner;
pub mod board;
pub mod finder;
pub mod hotline;
pub mod i18n;
pub mod person;
pub mod recorder;
pub mod sessions;
pub mod settings;

use crate::audio::{Command, CpalOutput, Engine, Event, OutputFactory, PlayItem};
use crate::catalog::{self, AudioSource, Catalog, Gender, Kind, Language, Profile};
use crate::session::{Entry, SessionLog, Store, now_rfc3339};
use crate::text::TextCache;
use eframe::egui::{self, Key, Ui};
use i18n::Strings;
use settings::Settings;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What the app is started with (tests pass an in-memory output and a temp settings file).
pub struct AppConfig {
    pub catalog: Catalog,
    pub output: Box<dyn OutputFactory>,
    /// Where settings persist; None keeps them in memory only.
    pub settings_path: Option<PathBuf>,
    /// Open straight on this language.
    pub start_lang: Option<String>,
    /// Where session records go; None for the platform data folder.
    pub sessions_dir: Option<PathBuf>,
    /// The recorder's input; None for the system's (cpal).
    pub input: Option<Box<dyn crate::audio::input::InputFactory>>,
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
    /// Whether it reached the session file (fsynced) before being shown.
    pub saved: bool,
}

/// What is playing now.
#[derive(Clone, Debug, Default)]
pub struct Playing {
    /// Tag of the clip sounding (a message id, `listen:<code>` or `digit_<n>`).
    pub tag: Option<String>,
    pub position: f64,
    pub seconds: f64,
}

/// The app state.
pub struct App {
    pub catalog: Catalog,
    pub engine: Engine,
    pub text: TextCache,
    pub strings: Strings,
    pub settings: Settings,
    settings_path: Option<PathBuf>,
    pub screen: Screen,
    /// The chosen language.
    pub lang: Option<String>,
    pub search: String,
    pub focus_search: bool,
    pub person_view: bool,
    pub show_settings: bool,
    /// Region filter of the Listen carousel ("" for all).
    pub region: String,
    /// Whether the Listen carousel is running.
    pub listening: bool,
    pub playing: Playing,
    /// The message last started, shown in the person view.
    pub current: Option<String>,
    /// A question that has played and waits for an answer.
    pub awaiting: Option<String>,
    pub answers: Vec<AnswerRecord>,
    /// "No audio output available: ..." while the device is missing.
    pub device_error: Option<String>,
    /// A problem loading settings or the catalog, shown once.
    pub notice: Option<String>,
    pub devices: Vec<String>,
    pub input_devices: Vec<String>,
    /// The hotline number being read out, shown large.
    pub hotline_shown: Option<String>,
    /// Tags of the clips started, in order (what the person heard).
    pub heard: Vec<String>,
    /// Where sessions are kept.
    pub store: Store,
    /// The session being recorded.
    pub session: Option<SessionLog>,
    /// The case reference typed by the responder.
    pub case_ref: String,
    /// The session opened in the Sessions panel.
    pub opened_session: Option<String>,
    /// The Record panel's state.
    pub recorder: recorder::RecorderState,
    /// Whether the window was put full screen for the person view.
    fullscreen: bool,
    /// Save a screenshot of the window here after a few frames, then close
    /// (`SAFEVOICE_SCREENSHOT`, for the README and the real-window test).
    pub auto_screenshot: Option<(PathBuf, u32)>,
}

impl App {
    /// Build the app from `config`.
    pub fn new(ctx: &egui::Context, config: AppConfig) -> anyhow::Result<Self> {
        install_fonts(ctx);
        let engine = match config.input {
            Some(input) => Engine::start_with_input(config.output, input)?,
            None => Engine::start(config.output)?,
        };
        let (settings, warning) = match &config.settings_path {
            Some(path) => Settings::load(path),
            None => (Settings::default(), None),
        };
        let notice = match (&warning, config.catalog.problems.len()) {
            (Some(w), _) => Some(w.clone()),
            (None, 0) => None,
            (None, n) => Some(format!(
                "{n} problem(s) in the catalog {}: run `safevoice check` for the list. Everything that loaded works.",
                config.catalog.root.display()
            )),
        };
        let mut app = Self {
            catalog: config.catalog,
            engine,
            text: TextCache::default(),
            strings: Strings::load(&settings.ui_language),
            settings,
            settings_path: config.settings_path,
            screen: Screen::Finder,
            lang: None,
            search: String::new(),
            focus_search: true,
            person_view: false,
            show_settings: false,
            region: String::new(),
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
            store: config
                .sessions_dir
                .map_or_else(Store::open_default, |dir| Store { dir }),
            session: None,
            case_ref: String::new(),
            opened_session: None,
            recorder: recorder::RecorderState::default(),
            fullscreen: false,
            auto_screenshot: None,
        };
        if app.settings.retention_days > 0 {
            app.store.purge_older_than(app.settings.retention_days);
        }
        settings::apply_audio_settings(&app);
        app.engine.send(Command::ListDevices);
        if let Some(code) = config.start_lang {
            if app.catalog.language(&code).is_some() {
                app.choose_language(&code);
            } else {
                app.notice = Some(format!(
                    "Unknown language {code:?}: choose one from the list."
                ));
            }
        }
        Ok(app)
    }

    /// The chosen language.
    pub fn language(&self) -> Option<&Language> {
        self.lang
            .as_deref()
            .and_then(|code| self.catalog.language(code))
    }

    /// The active jurisdiction profile (generic when the chosen one is missing).
    pub fn profile(&self) -> Profile {
        self.catalog
            .profiles
            .get(&self.settings.profile)
            .or_else(|| self.catalog.profiles.get("generic"))
            .cloned()
            .unwrap_or(Profile {
                name: "generic".into(),
                description: String::new(),
                flags: Vec::new(),
                hotline: Vec::new(),
            })
    }

    /// Addressee gender used for texts and clips.
    pub fn gender(&self) -> Gender {
        self.settings.gender
    }

    /// Choose a language: open its board and decode its clips ahead.
    pub fn choose_language(&mut self, code: &str) {
        self.stop();
        self.lang = Some(code.to_owned());
        self.screen = Screen::Board;
        self.current = None;
        self.awaiting = None;
        self.hotline_shown = None;
        self.settings.touch_recent(code);
        self.save_settings();
        self.start_session();
        // Open the output now: the first message then starts at once, clips
        // are decoded for the device's real format, and a missing device is
        // reported before the responder taps anything.
        self.engine.send(Command::OpenOutput);
        if let Some(language) = self.catalog.language(code) {
            let paths: Vec<PathBuf> = language.clips.iter().map(|c| c.path.clone()).collect();
            if !paths.is_empty() {
                self.engine.send(Command::Preload(paths));
            }
        }
    }

    /// Start recording a new session for the chosen language (ending the last one).
    pub fn start_session(&mut self) {
        self.end_session();
        let Some(language) = self.language() else {
            return;
        };
        let id = Store::new_id();
        let start = Entry::Start {
            session: id.clone(),
            at: now_rfc3339(),
            language: language.meta.code.clone(),
            language_name: language.meta.name.clone(),
            direction: language.meta.direction.as_str().to_owned(),
            profile: self.profile().name,
            role: self.settings.role.as_deref().map(|r| self.meaning_of(r)),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        match self.store.start(&id, &start) {
            Ok(log) => self.session = Some(log),
            Err(err) => self.record_failed(&err.to_string()),
        }
        self.answers.clear();
        if !self.case_ref.trim().is_empty() {
            let case_ref = self.case_ref.clone();
            self.record(Entry::CaseRef {
                at: now_rfc3339(),
                case_ref,
            });
        }
    }

    /// End the session being recorded.
    pub fn end_session(&mut self) {
        if self.session.is_some() {
            self.record(Entry::End { at: now_rfc3339() });
        }
        self.session = None;
    }

    fn record_failed(&mut self, detail: &str) {
        self.notice = Some(self.strings.fill("record_failed", &[("detail", detail)]));
    }

    /// Append an event to the session file (fsynced). Returns whether it was saved.
    pub fn record(&mut self, entry: Entry) -> bool {
        let Some(log) = self.session.as_mut() else {
            return false;
        };
        match log.append(&entry) {
            Ok(()) => true,
            Err(err) => {
                self.record_failed(&err.to_string());
                false
            }
        }
    }

    fn record_message_started(&mut self, id: &str) {
        let Some(language) = self.language() else {
            return;
        };
        let gender = self.gender();
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
        if self.catalog.message(id).is_some() {
            self.record(Entry::MessageEnded {
                at: now_rfc3339(),
                message: id.to_owned(),
                how: how.to_owned(),
            });
        }
    }

    /// The text of `id` in the chosen language, for the chosen gender.
    pub fn text_of(&self, id: &str) -> Option<String> {
        self.language()
            .and_then(|l| l.text(id, self.gender()))
            .map(str::to_owned)
    }

    /// The responder-facing meaning of `id`, in the UI language when the
    /// catalog has it, else in English.
    pub fn meaning_of(&self, id: &str) -> String {
        let ui = &self.strings.code;
        if ui != "en"
            && let Some(text) = self
                .catalog
                .language(ui)
                .and_then(|l| l.text(id, Gender::Female))
        {
            return text.to_owned();
        }
        self.catalog
            .message(id)
            .map_or_else(|| id.to_owned(), |m| m.text.clone())
    }

    /// Play messages of the chosen language in order. Messages without a
    /// clip are skipped; the first message is shown in the person view anyway.
    pub fn play_messages(&mut self, ids: &[&str]) {
        let Some(language) = self.language() else {
            return;
        };
        let gender = self.gender();
        let items: Vec<PlayItem> = ids
            .iter()
            .filter_map(|id| {
                language.clip(id, gender).map(|clip| PlayItem {
                    path: clip.path.clone(),
                    tag: (*id).to_owned(),
                })
            })
            .collect();
        self.listening = false;
        self.awaiting = None;
        if let Some(first) = ids.first() {
            self.current = Some((*first).to_owned());
        }
        if items.is_empty() {
            // Text only: shown, recorded, and a question still waits for its answer.
            self.playing = Playing::default();
            if let Some(first) = ids.first() {
                self.record_message_started(first);
                self.record_message_ended(first, "shown");
                self.mark_question_heard(first);
            }
            return;
        }
        self.playing = Playing::default();
        self.engine.send(Command::Play(items));
    }

    /// Stop whatever plays.
    pub fn stop(&mut self) {
        if let Some(tag) = self.playing.tag.clone() {
            self.record_message_ended(&tag, "stopped");
        }
        self.engine.send(Command::Stop);
        self.playing = Playing::default();
        self.listening = false;
    }

    /// Whether a clip is sounding.
    pub fn is_playing(&self) -> bool {
        self.playing.tag.is_some()
    }

    fn mark_question_heard(&mut self, id: &str) {
        if self
            .catalog
            .message(id)
            .is_some_and(|m| m.kind == Kind::Question)
        {
            self.awaiting = Some(id.to_owned());
        }
    }

    /// The person answered. REPEAT replays the question; every answer is recorded.
    pub fn answer(&mut self, answer: Answer) {
        let Some(lang) = self.lang.clone() else {
            return;
        };
        let question = self.awaiting.clone().or_else(|| self.current.clone());
        let Some(question) = question else {
            return;
        };
        // Written and fsynced before it is shown.
        let saved = self.record(Entry::Answer {
            at: now_rfc3339(),
            question: question.clone(),
            answer: answer.as_str().to_owned(),
            language: lang.clone(),
        });
        self.answers.push(AnswerRecord {
            at: SystemTime::now(),
            lang,
            question: question.clone(),
            answer,
            saved,
        });
        if answer == Answer::Repeat {
            self.play_messages(&[question.as_str()]);
        } else {
            self.awaiting = None;
        }
    }

    /// Play the language's greeting (or English) as a test sound.
    pub fn play_test_sound(&mut self) {
        let clip = self
            .language()
            .and_then(|l| l.clip("language_check", self.gender()))
            .or_else(|| {
                self.catalog
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

    fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path
            && let Err(err) = self.settings.save(path)
        {
            self.notice = Some(format!("Cannot save settings to {}: {err}", path.display()));
        }
    }

    /// React to a settings change.
    pub fn settings_changed(&mut self, before: &Settings) {
        if before.ui_language != self.settings.ui_language {
            self.strings = Strings::load(&self.settings.ui_language);
        }
        if before.device != self.settings.device || before.volume != self.settings.volume {
            settings::apply_audio_settings(self);
        }
        self.save_settings();
    }

    /// Handle what the engine reported.
    pub fn poll_engine(&mut self) {
        while let Some(event) = self.engine.try_event() {
            match event {
                Event::DeviceOpened { .. } => self.device_error = None,
                Event::Started { tag, seconds, .. } => {
                    self.heard.push(tag.clone());
                    if self.catalog.message(&tag).is_some() {
                        self.record_message_started(&tag);
                    }
                    self.playing = Playing {
                        tag: Some(tag.clone()),
                        position: 0.0,
                        seconds,
                    };
                    if self
                        .catalog
                        .message(&tag)
                        .is_some_and(|m| m.category != catalog::Category::Digits)
                    {
                        self.current = Some(tag);
                    }
                }
                Event::Progress {
                    position, seconds, ..
                } => {
                    self.playing.position = position;
                    self.playing.seconds = seconds;
                }
                Event::Finished { tag, .. } => {
                    self.record_message_ended(&tag, "finished");
                    self.mark_question_heard(&tag);
                }
                Event::SequenceFinished | Event::Stopped => {
                    self.playing = Playing::default();
                    self.listening = false;
                }
                Event::Error { message } => {
                    if let Some(tag) = self.playing.tag.clone() {
                        self.record_message_ended(&tag, "failed");
                    }
                    self.device_error = Some(message);
                    self.playing = Playing::default();
                    self.listening = false;
                    // The text is still shown, and a question still waits for its answer.
                    if let Some(current) = self.current.clone() {
                        self.mark_question_heard(&current);
                    }
                }
                Event::ClipError { message, .. } => self.notice = Some(message),
                Event::Devices(devices) => self.devices = devices,
                Event::InputDevices(devices) => self.input_devices = devices,
                Event::RecordingStarted { .. }
                | Event::Level { .. }
                | Event::Recorded { .. }
                | Event::RecordError { .. } => self.recorder_event(event),
                Event::Preloaded { .. } => {}
            }
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let (f11, esc, ctrl_f, space, answers) = ctx.input(|i| {
            (
                i.key_pressed(Key::F11),
                i.key_pressed(Key::Escape),
                i.modifiers.command && i.key_pressed(Key::F),
                i.key_pressed(Key::Space),
                Answer::ALL.map(|a| i.key_pressed(a.key()) && !i.modifiers.command),
            )
        });
        if f11 && self.lang.is_some() {
            self.person_view = !self.person_view;
        }
        if ctrl_f {
            self.person_view = false;
            self.screen = Screen::Finder;
            self.focus_search = true;
        }
        if esc {
            self.stop();
        }
        if typing {
            return;
        }
        if space {
            if self.is_playing() {
                self.stop();
            } else if let Some(current) = self.current.clone() {
                self.play_messages(&[current.as_str()]);
            }
        }
        if self.lang.is_some() && self.screen == Screen::Board {
            for (answer, pressed) in Answer::ALL.into_iter().zip(answers) {
                if pressed {
                    self.answer(answer);
                }
            }
        }
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
            if let Err(err) = save_png(&path, &image) {
                eprintln!(
                    "error: cannot save the screenshot to {}: {err}",
                    path.display()
                );
            }
            ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
            ctx2.request_repaint();
        });
        ctx.request_repaint();
    }

    /// One frame of the whole window.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.auto_screenshot(&ctx);
        self.poll_engine();
        self.keyboard(&ctx);
        if self.is_playing() || self.listening {
            ctx.request_repaint_after(Duration::from_millis(50));
        } else {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        // The person view fills the screen; leaving it restores the window.
        let want_fullscreen = self.person_view && self.lang.is_some();
        if want_fullscreen != self.fullscreen {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(want_fullscreen));
            self.fullscreen = want_fullscreen;
        }
        if self.person_view && self.lang.is_some() {
            egui::CentralPanel::default().show(ui, |ui| person::person_view_ui(self, ui));
            return;
        }
        egui::Panel::top("top").show(ui, |ui| self.top_bar_ui(ui));
        if self.device_error.is_some() || self.notice.is_some() {
            egui::Panel::top("banner").show(ui, |ui| banner::banner_ui(self, ui));
        }
        if self.screen == Screen::Board && self.lang.is_some() {
            egui::Panel::right("answers")
                .default_size(300.0)
                .show(ui, |ui| {
                    answers::answers_ui(self, ui);
                    ui.separator();
                    hotline::hotline_ui(self, ui);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| match self.screen {
            Screen::Finder => finder::finder_ui(self, ui),
            Screen::Picker => finder::picker_ui(self, ui),
            Screen::Board if self.lang.is_some() => board::board_ui(self, ui),
            Screen::Board => finder::finder_ui(self, ui),
            Screen::Sessions => sessions::sessions_ui(self, ui),
            Screen::Recorder => recorder::recorder_ui(self, ui),
        });
        if self.show_settings {
            let mut open = true;
            let title = self.strings.get("settings").to_owned();
            egui::Window::new(title)
                .open(&mut open)
                .collapsible(false)
                .show(&ctx, |ui| settings::settings_ui(self, ui));
            self.show_settings = open;
        }
    }

    fn top_bar_ui(&mut self, ui: &mut Ui) {
        let s = self.strings.clone();
        ui.horizontal(|ui| {
            ui.heading(s.get("app_title"));
            ui.separator();
            if ui
                .selectable_label(self.screen == Screen::Finder, s.get("languages"))
                .clicked()
            {
                self.screen = Screen::Finder;
                self.focus_search = true;
            }
            if ui
                .selectable_label(self.screen == Screen::Picker, s.get("turn_to_person"))
                .clicked()
            {
                self.screen = Screen::Picker;
            }
            if let Some(language) = self.language() {
                let label = format!("{} ({})", language.meta.name, language.meta.code);
                if ui
                    .selectable_label(self.screen == Screen::Board, label)
                    .clicked()
                {
                    self.screen = Screen::Board;
                }
                if ui.button(s.get("person_view")).clicked() {
                    self.person_view = true;
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .selectable_label(self.screen == Screen::Sessions, s.get("sessions"))
                    .clicked()
                {
                    self.screen = Screen::Sessions;
                }
                if ui
                    .selectable_label(self.screen == Screen::Recorder, s.get("recorder"))
                    .clicked()
                {
                    self.screen = Screen::Recorder;
                }
                if ui.button(s.get("settings")).clicked() {
                    self.show_settings = !self.show_settings;
                    self.engine.send(Command::ListDevices);
                }
            });
        });
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
fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, data) in crate::text::fonts::FONTS {
        if matches!(
            name,
            "NotoSans-Regular.ttf" | "NotoSansSymbols2-subset.ttf" | "NotoSansMath-subset.ttf"
        ) {
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

/// Write an egui image as an RGBA PNG.
fn save_png(path: &Path, image: &egui::ColorImage) -> anyhow::Result<()> {
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

/// Open the window on the catalog in `dir`, optionally on language `lang`.
pub fn run(dir: &Path, lang: Option<&str>) -> anyhow::Result<()> {
    let catalog = catalog::load(dir);
    let start_lang = lang.map(str::to_owned);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("safevoice")
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
                    catalog,
                    output: Box::new(CpalOutput),
                    settings_path: Settings::default_path(),
                    start_lang,
                    sessions_dir: None,
                    input: None,
                },
            )?;
            app.auto_screenshot =
                std::env::var_os("SAFEVOICE_SCREENSHOT").map(|p| (PathBuf::from(p), 30));
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))
}
