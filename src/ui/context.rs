//! What a panel is given and what it gives back.
//!
//! Modelled on the rerun viewer's `ViewerContext` and command sender: a panel
//! draws from a read-only [`ViewContext`] (the [`Model`]: catalog, strings,
//! settings, what plays, the answers) and *sends* [`Intent`]s. It never holds
//! the engine, the session store, the settings file or any other file; one
//! place, `App::apply`, turns intents into engine commands, worker jobs and
//! model changes.

use super::settings::Settings;
use super::{Answer, AnswerRecord, Playing, Screen};
use crate::catalog::{Catalog, Gender, Hotline, Language, Profile};
use std::cell::RefCell;
use std::path::PathBuf;

/// Everything the panels draw from. Only `App` changes it, between frames
/// and when it applies intents and events.
pub struct Model {
    /// Shared with the file worker (exports sum up the answers with it).
    pub catalog: std::sync::Arc<Catalog>,
    pub strings: super::i18n::Strings,
    pub settings: Settings,
    pub screen: Screen,
    /// The chosen language.
    pub lang: Option<String>,
    pub person_view: bool,
    pub show_settings: bool,
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
    /// A problem (loading, saving, recording), shown until dismissed.
    pub notice: Option<String>,
    pub devices: Vec<String>,
    pub input_devices: Vec<String>,
    /// The hotline number being read out, shown large.
    pub hotline_shown: Option<String>,
    /// Tags of the clips started, in order (what the person heard).
    pub heard: Vec<String>,
    /// The session being recorded: its id, and its file once the worker has created it.
    pub session: Option<SessionInfo>,
    /// The guided interview, when one was started for this language.
    pub interview: Option<super::interview::Interview>,
    /// The responder marked the person as a child (the children's set is asked).
    pub child: bool,
    /// The key overlay (F1 or ?) is open.
    pub show_help: bool,
    /// What the window shows of the pack check (header and banner).
    pub pack: super::pack::PackView,
    /// Profiles whose file the pack check has not vouched for yet (not
    /// hashed yet, or refused): their hotlines are not offered meanwhile.
    pub unvouched_profiles: std::collections::BTreeSet<String>,
}

/// The session being recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: String,
    /// Set when the worker has created the file.
    pub path: Option<PathBuf>,
}

impl Model {
    /// The chosen language.
    pub fn language(&self) -> Option<&Language> {
        self.lang
            .as_deref()
            .and_then(|code| self.catalog.language(code))
    }

    /// The active jurisdiction profile (generic when the chosen one is missing).
    pub fn profile(&self) -> Profile {
        let vouched = |id: &str| !self.unvouched_profiles.contains(id);
        self.catalog
            .profiles
            .get(&self.settings.profile)
            .filter(|_| vouched(&self.settings.profile))
            .or_else(|| {
                self.catalog
                    .profiles
                    .get("generic")
                    .filter(|_| vouched("generic"))
            })
            .cloned()
            .unwrap_or(Profile {
                name: "generic".into(),
                description: String::new(),
                flags: Vec::new(),
                hotline: Vec::new(),
                referral: Vec::new(),
            })
    }

    /// Addressee gender used for texts and clips.
    pub fn gender(&self) -> Gender {
        self.settings.gender
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

    /// Whether a clip is sounding.
    pub fn is_playing(&self) -> bool {
        self.playing.tag.is_some()
    }

    /// The messages of the board, in order: every board category, what the
    /// profile allows.
    pub fn board_messages(&self) -> Vec<&crate::catalog::MessageDef> {
        let profile = self.profile();
        crate::catalog::Category::ALL
            .into_iter()
            .filter(|c| c.on_board())
            .flat_map(|category| {
                self.catalog
                    .messages
                    .iter()
                    .filter(move |m| m.category == category)
            })
            .filter(|m| profile.allows(m))
            .collect()
    }

    /// The person's latest answer to `question` in this session.
    pub fn answer_to(&self, question: &str) -> Option<Answer> {
        self.answers
            .iter()
            .rev()
            .find(|a| a.question == question && a.answer != Answer::Repeat)
            .map(|a| a.answer)
    }

    /// Whether the chosen language marks the addressee's gender.
    pub fn gendered(&self) -> bool {
        self.language().is_some_and(|l| l.meta.gendered)
    }
}

/// What a panel asks for. `App::apply` is the only place that acts on them.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// Open a language's board (starts a session).
    ChooseLanguage(String),
    /// Play these messages of the chosen language, in order.
    Play(Vec<String>),
    /// Stop whatever plays (and the Listen carousel).
    Stop,
    /// The person answered.
    Answer(Answer),
    /// Start the Listen carousel over the languages of `region` ("" for all).
    StartListening {
        region: String,
    },
    /// Read out a hotline number: the message, then digit by digit.
    ReadHotline(Hotline),
    Show(Screen),
    SetPersonView(bool),
    ToggleSettings,
    /// The settings as the responder changed them.
    UpdateSettings(Settings),
    PlayTestSound,
    /// The responder typed a case reference.
    CaseRef(String),
    /// End the session and start a new one for the same language.
    NewSession,
    DismissNotice,
    /// List the stored sessions again (the Sessions screen).
    RefreshSessions,
    OpenSession(String),
    ExportSession {
        id: String,
        format: ExportFormat,
    },
    DeleteSession(String),
    /// The recorder.
    StartRecording,
    StopRecording,
    PlayTake,
    /// Save the current take as the clip of `message`.
    AcceptTake {
        message: String,
        speaker: String,
    },
    /// Import an audio file as the clip of `message`.
    ImportFile {
        message: String,
        path: PathBuf,
        speaker: String,
    },
    MarkReviewed {
        message: String,
        reviewer: String,
    },
    CorrectText {
        message: String,
        /// The variant corrected, when the text has gender variants.
        gender: Option<Gender>,
        text: String,
        reviewer: String,
    },
    /// The Review panel's decision or play.
    Review(super::review::ReviewIntent),
    /// The recorder moved to another message: the take is dropped.
    DiscardTake,
    /// Address the person as a woman or girl, or a man or boy (logged).
    SetGender(Gender),
    /// Mark the person as a child, or not (logged).
    SetChild(bool),
    /// Start the guided interview from its first step.
    StartInterview,
    /// Continue the interview where it stopped (replays that step).
    ResumeInterview,
    /// Pause the interview (nothing moves on), or go on.
    PauseInterview(bool),
    /// Step the interview: +1 next (skip), -1 back.
    Step(i32),
    EndInterview,
    /// Move the current message on the board by this many places.
    MoveCurrent(i32),
    ToggleHelp,
}

/// An export format of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Html,
    Csv,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Html, ExportFormat::Csv, ExportFormat::Json];

    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// The read-only context a panel draws from, and where it sends intents.
pub struct ViewContext<'a> {
    pub model: &'a Model,
    intents: RefCell<Vec<Intent>>,
}

impl<'a> ViewContext<'a> {
    /// A context over `model` with no intents yet.
    pub fn new(model: &'a Model) -> Self {
        Self {
            model,
            intents: RefCell::new(Vec::new()),
        }
    }

    /// Ask for something; applied after the frame's panels have drawn.
    pub fn send(&self, intent: Intent) {
        self.intents.borrow_mut().push(intent);
    }

    /// The intents sent, in order.
    pub fn into_intents(self) -> Vec<Intent> {
        self.intents.into_inner()
    }
}

impl std::ops::Deref for ViewContext<'_> {
    type Target = Model;

    fn deref(&self) -> &Model {
        self.model
    }
}
