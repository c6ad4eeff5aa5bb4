//! The Record panel (responder side, never the person view): native speakers
//! record or import clips message by message, review and correct texts, and
//! see the language's coverage. Recording, saving and decoding run on the
//! engine and the file worker; this panel only draws and sends intents.

use super::chrome;
use super::worker::Take;
use super::{Intent, ViewContext};
use crate::catalog::coverage::Coverage;
use crate::catalog::{AudioSource, Gender};
use crate::text::TextCache;
use crate::text::widget::person_text_ui;
use eframe::egui::{self, Color32, Ui};
use std::collections::VecDeque;
use std::path::PathBuf;

/// Longest take, in seconds.
pub const MAX_TAKE_SECONDS: f64 = 60.0;

/// The recorder's state: what the responder typed and chose, and what the
/// engine and the worker reported (set by the app, drawn by the panel).
#[derive(Debug, Default)]
pub struct RecorderState {
    /// Index into the catalog's messages.
    pub index: usize,
    pub recording: bool,
    /// Recent input peaks, for the meter and waveform.
    pub levels: VecDeque<f32>,
    pub clipped: bool,
    /// The take waiting to be accepted.
    pub take: Option<Take>,
    pub speaker: String,
    pub reviewer: String,
    pub correction: String,
    pub import_path: String,
    pub status: Option<String>,
}

impl RecorderState {
    /// The engine started recording.
    pub fn recording_started(&mut self) {
        self.recording = true;
        self.levels.clear();
        self.clipped = false;
        self.take = None;
    }

    /// An input level report.
    pub fn level(&mut self, peak: f32, clipped: bool) {
        self.levels.push_back(peak);
        while self.levels.len() > 240 {
            self.levels.pop_front();
        }
        self.clipped |= clipped;
    }

    /// Move to message `index`, dropping the take of the last one.
    fn go_to(&mut self, index: usize, view: &ViewContext) {
        if index != self.index {
            self.index = index;
            if self.take.is_some() {
                view.send(Intent::DiscardTake);
            }
        }
    }
}

fn coverage_ui(view: &ViewContext, cache: &mut TextCache, ui: &mut Ui) {
    let Some(language) = view.language() else {
        return;
    };
    let c = Coverage::of(&view.catalog, language);
    let missing = c.messages - c.messages_with_audio;
    let n = |v: usize| v.to_string();
    let text = view.strings.fill(
        "rec_coverage",
        &[
            ("recorded", &n(c.audio_recorded)),
            ("synthetic", &n(c.audio_synthetic)),
            ("missing", &n(missing)),
            ("reviewed", &n(c.text_reviewed)),
            ("draft", &n(c.text_draft)),
            ("low", &n(c.text_low_confidence)),
        ],
    );
    let strong = chrome::Style::default().strong();
    chrome::styled_label_ui(ui, cache, &view.strings, &text, strong);
}

fn meter_ui(view: &ViewContext, state: &RecorderState, cache: &mut TextCache, ui: &mut Ui) {
    let peak = state.levels.back().copied().unwrap_or(0.0);
    ui.add(
        egui::ProgressBar::new(peak)
            .desired_width(300.0)
            .text(format!("{:.0} dBFS", 20.0 * peak.max(1e-5).log10())),
    );
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width().min(600.0), 60.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let n = state.levels.len().max(1);
    for (i, level) in state.levels.iter().enumerate() {
        let x = rect.left() + rect.width() * i as f32 / n as f32;
        let h = rect.height() * level.min(1.0) / 2.0;
        let color = if *level >= 0.99 {
            Color32::RED
        } else {
            Color32::from_rgb(80, 170, 90)
        };
        painter.line_segment(
            [
                egui::pos2(x, rect.center().y - h),
                egui::pos2(x, rect.center().y + h),
            ],
            (2.0, color),
        );
    }
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Meter, true, view.strings.get("rec_level"))
    });
    if state.clipped {
        let s = &view.strings;
        let red = chrome::Style::default().color(Color32::RED);
        chrome::styled_label_ui(ui, cache, s, s.get("rec_clipping"), red);
    }
}

/// The panel.
pub fn recorder_ui(
    view: &ViewContext,
    state: &mut RecorderState,
    cache: &mut TextCache,
    ui: &mut Ui,
) {
    let s = &view.strings;
    let Some(language) = view.language() else {
        chrome::label_ui(ui, cache, s, s.get("rec_choose_language"));
        return;
    };
    let code = &language.meta.code;
    let gender = view.gender();
    chrome::heading_ui(
        ui,
        cache,
        s,
        &s.fill("rec_title", &[("name", &language.meta.name)]),
    );
    coverage_ui(view, cache, ui);
    ui.separator();
    let messages = &view.catalog.messages;
    let count = messages.len();
    if count == 0 {
        return;
    }
    state.index = state.index.min(count - 1);
    ui.horizontal(|ui| {
        if chrome::button_ui(ui, cache, s, s.get("rec_previous")).clicked() && state.index > 0 {
            state.go_to(state.index - 1, view);
        }
        let mut index = state.index;
        let combo = egui::ComboBox::from_id_salt("rec_message")
            .selected_text(messages[state.index].id())
            .width(260.0)
            .show_ui(ui, |ui| {
                for (i, m) in messages.iter().enumerate() {
                    ui.selectable_value(&mut index, i, m.id());
                }
            });
        // Named for screen readers (it has no label beside it).
        let name = super::i18n::strip_isolates(s.get("rec_message"));
        combo
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
        state.go_to(index, view);
        if chrome::button_ui(ui, cache, s, s.get("rec_next")).clicked() && state.index + 1 < count {
            state.go_to(state.index + 1, view);
        }
        if chrome::button_ui(ui, cache, s, s.get("rec_next_missing")).clicked() {
            let next = (state.index + 1..count).chain(0..state.index).find(|&i| {
                language
                    .clip(messages[i].id(), gender)
                    .is_none_or(|c| c.def.source != AudioSource::Recorded)
            });
            if let Some(i) = next {
                state.go_to(i, view);
            }
        }
    });
    let id = messages[state.index].id().to_owned();
    let meaning = view.meaning_of(&id);
    chrome::styled_label_ui(ui, cache, s, &meaning, chrome::Style::default().italics());
    let text = view.text_of(&id).unwrap_or_default();
    person_text_ui(
        ui,
        cache,
        &text,
        code,
        36.0,
        ui.visuals().strong_text_color(),
    );
    let entry = language.texts.get(&id);
    let clip = language.clip(&id, gender);
    let clip_line = match clip {
        Some(c) if c.def.source == AudioSource::Recorded => s.fill(
            "rec_clip_recorded",
            &[
                (
                    "speaker",
                    c.def.speaker.as_deref().unwrap_or(s.get("rec_unnamed")),
                ),
                ("date", c.def.recorded_on.as_deref().unwrap_or("?")),
            ],
        ),
        Some(c) => s.fill(
            "rec_clip_synthetic",
            &[("voice", c.def.voice.as_deref().unwrap_or(""))],
        ),
        None => s.get("rec_no_clip").to_owned(),
    };
    chrome::label_ui(ui, cache, s, &clip_line);
    if entry.is_some_and(|e| e.has_gender_variants()) {
        let variant = s.get(if gender == Gender::Female {
            "rec_variant_f"
        } else {
            "rec_variant_m"
        });
        chrome::label_ui(ui, cache, s, variant);
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = chrome::label_ui(ui, cache, s, s.get("rec_speaker"));
        ui.add(egui::TextEdit::singleline(&mut state.speaker).desired_width(120.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        if state.recording {
            if chrome::styled_button_ui(
                ui,
                cache,
                s,
                s.get("rec_stop"),
                chrome::Style::points(18.0),
                egui::Vec2::ZERO,
            )
            .clicked()
            {
                view.send(Intent::StopRecording);
            }
        } else if chrome::styled_button_ui(
            ui,
            cache,
            s,
            s.get("rec_record"),
            chrome::Style::points(18.0),
            egui::Vec2::ZERO,
        )
        .clicked()
        {
            view.send(Intent::StartRecording);
        }
        if let Some(take) = &state.take {
            let seconds = format!("{:.1}", take.mono.len() as f64 / f64::from(take.rate));
            chrome::label_ui(ui, cache, s, &s.fill("rec_take", &[("seconds", &seconds)]));
            if chrome::button_ui(ui, cache, s, s.get("rec_play_take")).clicked() {
                view.send(Intent::PlayTake);
            }
            if chrome::button_ui(ui, cache, s, s.get("rec_again")).clicked() {
                view.send(Intent::StartRecording);
            }
            if chrome::styled_button_ui(
                ui,
                cache,
                s,
                s.get("rec_accept"),
                chrome::Style::default().strong(),
                egui::Vec2::ZERO,
            )
            .clicked()
            {
                view.send(Intent::AcceptTake {
                    message: id.clone(),
                    speaker: state.speaker.trim().to_owned(),
                });
            }
        }
    });
    if state.recording || !state.levels.is_empty() {
        meter_ui(view, state, cache, ui);
    }
    ui.horizontal(|ui| {
        let label = chrome::label_ui(ui, cache, s, s.get("rec_import"));
        ui.add(egui::TextEdit::singleline(&mut state.import_path).desired_width(320.0))
            .labelled_by(label.id);
        if chrome::button_ui(ui, cache, s, s.get("rec_browse")).clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter(
                    "audio",
                    &["wav", "mp3", "ogg", "oga", "flac", "m4a", "mp4", "aac"],
                )
                .pick_file()
        {
            state.import_path = path.display().to_string();
        }
        if chrome::button_ui(ui, cache, s, s.get("rec_import_button")).clicked() {
            view.send(Intent::ImportFile {
                message: id.clone(),
                path: PathBuf::from(state.import_path.trim()),
                speaker: state.speaker.trim().to_owned(),
            });
        }
    });
    ui.separator();
    chrome::styled_label_ui(
        ui,
        cache,
        s,
        s.get("rec_review"),
        chrome::Style::default().strong(),
    );
    if let Some(entry) = entry {
        let status = match &entry.reviewer {
            Some(r) => format!("{} ({r})", entry.status.as_str()),
            None => entry.status.as_str().to_owned(),
        };
        let line = s.fill(
            "rec_status",
            &[
                ("status", &status),
                (
                    "confidence",
                    &format!("{:?}", entry.confidence).to_lowercase(),
                ),
                ("back", entry.back_for(gender).unwrap_or("")),
            ],
        );
        chrome::label_ui(ui, cache, s, &line);
    }
    ui.horizontal(|ui| {
        let label = chrome::label_ui(ui, cache, s, s.get("rec_reviewer"));
        ui.add(egui::TextEdit::singleline(&mut state.reviewer).desired_width(160.0))
            .labelled_by(label.id);
        let named = !state.reviewer.trim().is_empty();
        if chrome::enabled_button_ui(ui, cache, s, named, s.get("rec_mark_reviewed")).clicked() {
            view.send(Intent::MarkReviewed {
                message: id.clone(),
                reviewer: state.reviewer.trim().to_owned(),
            });
        }
    });
    ui.horizontal(|ui| {
        let label = chrome::label_ui(ui, cache, s, s.get("rec_correction"));
        ui.add(
            egui::TextEdit::multiline(&mut state.correction)
                .desired_rows(2)
                .desired_width(480.0),
        )
        .labelled_by(label.id);
        let ready = !state.reviewer.trim().is_empty() && !state.correction.trim().is_empty();
        if chrome::enabled_button_ui(ui, cache, s, ready, s.get("rec_save_correction")).clicked() {
            view.send(Intent::CorrectText {
                message: id.clone(),
                gender: entry.filter(|e| e.has_gender_variants()).map(|_| gender),
                text: state.correction.trim().to_owned(),
                reviewer: state.reviewer.trim().to_owned(),
            });
        }
    });
    if let Some(status) = &state.status {
        ui.separator();
        chrome::styled_label_ui(ui, cache, s, status, chrome::Style::default().strong());
    }
}
