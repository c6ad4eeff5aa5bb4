//! The Record panel (responder side, never the person view): native speakers
//! record or import clips message by message, review and correct texts, and
//! see the language's coverage.

use super::App;
use crate::audio::input::prepare_take;
use crate::audio::{Command, Event, PlayItem, decode_file};
use crate::catalog::coverage::Coverage;
use crate::catalog::edit::{self, Provenance};
use crate::catalog::{AudioSource, Gender};
use crate::text::widget::person_text_ui;
use eframe::egui::{self, Color32, RichText, Ui};
use std::collections::VecDeque;
use std::path::PathBuf;

/// Longest take, in seconds.
pub const MAX_TAKE_SECONDS: f64 = 60.0;

/// A finished take, trimmed and mono, with a WAV copy to play it back.
#[derive(Clone, Debug)]
pub struct Take {
    pub mono: Vec<f32>,
    pub rate: u32,
    pub preview: PathBuf,
}

/// The recorder's state.
#[derive(Debug, Default)]
pub struct RecorderState {
    /// Index into the catalog's messages.
    pub index: usize,
    pub recording: bool,
    /// Recent input peaks, for the meter and waveform.
    pub levels: VecDeque<f32>,
    pub clipped: bool,
    pub take: Option<Take>,
    pub speaker: String,
    pub reviewer: String,
    pub correction: String,
    pub import_path: String,
    pub status: Option<String>,
}

impl App {
    /// Handle the recorder's engine events.
    pub fn recorder_event(&mut self, event: Event) {
        let r = &mut self.recorder;
        match event {
            Event::RecordingStarted { .. } => {
                r.recording = true;
                r.levels.clear();
                r.clipped = false;
                r.take = None;
            }
            Event::Level { peak, clipped, .. } => {
                r.levels.push_back(peak);
                while r.levels.len() > 240 {
                    r.levels.pop_front();
                }
                r.clipped |= clipped;
            }
            Event::Recorded {
                rate,
                channels,
                samples,
                ..
            } => {
                r.recording = false;
                let mono = prepare_take(&samples, channels, rate);
                if mono.is_empty() {
                    r.status = Some(self.strings.get("rec_nothing_heard").to_owned());
                    return;
                }
                let preview =
                    std::env::temp_dir().join(format!("safevoice-take-{}.wav", std::process::id()));
                if let Err(err) = write_preview(&preview, &mono, rate) {
                    r.status = Some(err);
                }
                r.take = Some(Take {
                    mono,
                    rate,
                    preview,
                });
            }
            Event::RecordError { message } => {
                r.recording = false;
                r.status = Some(message);
            }
            _ => {}
        }
    }

    fn recorder_message(&self) -> Option<String> {
        self.catalog
            .messages
            .get(self.recorder.index)
            .map(|m| m.id().to_owned())
    }

    /// Reload the catalog after a change, keeping the chosen language.
    fn reload_catalog(&mut self) {
        let root = self.catalog.root.clone();
        let profiles = std::mem::take(&mut self.catalog.profiles);
        self.catalog = crate::catalog::load(&root);
        // Profiles added at run time (tests, deployers) stay.
        for (id, profile) in profiles {
            self.catalog.profiles.entry(id).or_insert(profile);
        }
    }

    /// Save the current take as the clip of the current message.
    pub fn accept_take(&mut self) {
        let (Some(take), Some(id)) = (self.recorder.take.clone(), self.recorder_message()) else {
            return;
        };
        let Some(language) = self.language().cloned() else {
            return;
        };
        let who = Provenance {
            speaker: Some(self.recorder.speaker.clone()),
            date: edit::today(),
        };
        let gender = Some(self.gender());
        self.recorder.status = Some(
            match edit::save_recording(&language, &id, gender, &take.mono, take.rate, &who) {
                Ok(clip) => {
                    self.recorder.take = None;
                    self.reload_catalog();
                    self.strings.fill(
                        "rec_saved",
                        &[("file", &clip.file), ("name", &language.meta.name)],
                    )
                }
                Err(err) => err.to_string(),
            },
        );
    }

    /// Import an audio file as the clip of the current message.
    pub fn import_file(&mut self, path: &std::path::Path) {
        match decode_file(path) {
            Ok(decoded) => {
                let mono = prepare_take(&decoded.samples, decoded.channels, decoded.rate);
                let preview =
                    std::env::temp_dir().join(format!("safevoice-take-{}.wav", std::process::id()));
                if let Err(err) = write_preview(&preview, &mono, decoded.rate) {
                    self.recorder.status = Some(err);
                    return;
                }
                self.recorder.take = Some(Take {
                    mono,
                    rate: decoded.rate,
                    preview,
                });
                self.accept_take();
            }
            Err(err) => self.recorder.status = Some(err.to_string()),
        }
    }
}

fn write_preview(path: &std::path::Path, mono: &[f32], rate: u32) -> Result<(), String> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w =
        hound::WavWriter::create(path, spec).map_err(|e| format!("{}: {e}", path.display()))?;
    for s in mono {
        w.write_sample(*s)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    w.finalize().map_err(|e| format!("{}: {e}", path.display()))
}

fn coverage_ui(app: &App, ui: &mut Ui) {
    let Some(language) = app.language() else {
        return;
    };
    let c = Coverage::of(&app.catalog, language);
    let missing = c.messages - c.messages_with_audio;
    let n = |v: usize| v.to_string();
    let text = app.strings.fill(
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
    ui.label(RichText::new(text).strong());
}

fn meter_ui(app: &App, ui: &mut Ui) {
    let peak = app.recorder.levels.back().copied().unwrap_or(0.0);
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
    let n = app.recorder.levels.len().max(1);
    for (i, level) in app.recorder.levels.iter().enumerate() {
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
        egui::WidgetInfo::labeled(egui::Role::Meter, true, app.strings.get("rec_level"))
    });
    if app.recorder.clipped {
        ui.label(RichText::new(app.strings.get("rec_clipping")).color(Color32::RED));
    }
}

/// The panel.
pub fn recorder_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    let Some(language) = app.language().cloned() else {
        ui.label(s.get("rec_choose_language"));
        return;
    };
    let code = language.meta.code.clone();
    ui.heading(s.fill("rec_title", &[("name", &language.meta.name)]));
    coverage_ui(app, ui);
    ui.separator();
    let count = app.catalog.messages.len();
    if count == 0 {
        return;
    }
    app.recorder.index = app.recorder.index.min(count - 1);
    ui.horizontal(|ui| {
        if ui.button(s.get("rec_previous")).clicked() && app.recorder.index > 0 {
            app.recorder.index -= 1;
            app.recorder.take = None;
        }
        let current = app.catalog.messages[app.recorder.index].id().to_owned();
        egui::ComboBox::from_id_salt("rec_message")
            .selected_text(&current)
            .width(260.0)
            .show_ui(ui, |ui| {
                for (i, m) in app.catalog.messages.iter().enumerate() {
                    ui.selectable_value(&mut app.recorder.index, i, m.id());
                }
            });
        if ui.button(s.get("rec_next")).clicked() && app.recorder.index + 1 < count {
            app.recorder.index += 1;
            app.recorder.take = None;
        }
        if ui.button(s.get("rec_next_missing")).clicked() {
            let next = (app.recorder.index + 1..count)
                .chain(0..app.recorder.index)
                .find(|&i| {
                    let id = app.catalog.messages[i].id();
                    language
                        .clip(id, app.settings.gender)
                        .is_none_or(|c| c.def.source != AudioSource::Recorded)
                });
            if let Some(i) = next {
                app.recorder.index = i;
                app.recorder.take = None;
            }
        }
    });
    let Some(id) = app.recorder_message() else {
        return;
    };
    ui.label(RichText::new(app.meaning_of(&id)).italics());
    let text = app.text_of(&id).unwrap_or_default();
    person_text_ui(
        ui,
        &mut app.text,
        &text,
        &code,
        36.0,
        ui.visuals().strong_text_color(),
    );
    let entry = language.texts.get(&id).cloned();
    let clip = language.clip(&id, app.settings.gender).cloned();
    ui.label(match &clip {
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
    });
    if entry.as_ref().is_some_and(|e| e.has_gender_variants()) {
        ui.label(s.get(if app.settings.gender == Gender::Female {
            "rec_variant_f"
        } else {
            "rec_variant_m"
        }));
    }
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label(s.get("rec_speaker"));
        ui.add(egui::TextEdit::singleline(&mut app.recorder.speaker).desired_width(120.0))
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        if app.recorder.recording {
            if ui
                .button(RichText::new(s.get("rec_stop")).size(18.0))
                .clicked()
            {
                app.engine.send(Command::StopRecording);
            }
        } else if ui
            .button(RichText::new(s.get("rec_record")).size(18.0))
            .clicked()
        {
            app.recorder.status = None;
            app.engine.send(Command::StartRecording {
                device: app.settings.input_device.clone(),
                max_seconds: MAX_TAKE_SECONDS,
            });
        }
        if let Some(take) = app.recorder.take.clone() {
            let seconds = format!("{:.1}", take.mono.len() as f64 / f64::from(take.rate));
            ui.label(s.fill("rec_take", &[("seconds", &seconds)]));
            if ui.button(s.get("rec_play_take")).clicked() {
                app.engine.send(Command::Play(vec![PlayItem {
                    path: take.preview.clone(),
                    tag: "take".into(),
                }]));
            }
            if ui.button(s.get("rec_again")).clicked() {
                app.recorder.take = None;
                app.engine.send(Command::StartRecording {
                    device: app.settings.input_device.clone(),
                    max_seconds: MAX_TAKE_SECONDS,
                });
            }
            if ui
                .button(RichText::new(s.get("rec_accept")).strong())
                .clicked()
            {
                app.accept_take();
            }
        }
    });
    if app.recorder.recording || !app.recorder.levels.is_empty() {
        meter_ui(app, ui);
    }
    ui.horizontal(|ui| {
        let label = ui.label(s.get("rec_import"));
        ui.add(egui::TextEdit::singleline(&mut app.recorder.import_path).desired_width(320.0))
            .labelled_by(label.id);
        if ui.button(s.get("rec_browse")).clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter(
                    "audio",
                    &["wav", "mp3", "ogg", "oga", "flac", "m4a", "mp4", "aac"],
                )
                .pick_file()
        {
            app.recorder.import_path = path.display().to_string();
        }
        if ui.button(s.get("rec_import_button")).clicked() {
            let path = PathBuf::from(app.recorder.import_path.trim());
            app.import_file(&path);
        }
    });
    ui.separator();
    ui.label(RichText::new(s.get("rec_review")).strong());
    if let Some(entry) = &entry {
        let status = match &entry.reviewer {
            Some(r) => format!("{} ({r})", entry.status.as_str()),
            None => entry.status.as_str().to_owned(),
        };
        ui.label(s.fill(
            "rec_status",
            &[
                ("status", &status),
                (
                    "confidence",
                    &format!("{:?}", entry.confidence).to_lowercase(),
                ),
                ("back", entry.back_for(app.settings.gender).unwrap_or("")),
            ],
        ));
    }
    ui.horizontal(|ui| {
        let label = ui.label(s.get("rec_reviewer"));
        ui.add(egui::TextEdit::singleline(&mut app.recorder.reviewer).desired_width(160.0))
            .labelled_by(label.id);
        let named = !app.recorder.reviewer.trim().is_empty();
        if ui
            .add_enabled(named, egui::Button::new(s.get("rec_mark_reviewed")))
            .clicked()
        {
            let reviewer = app.recorder.reviewer.trim().to_owned();
            app.recorder.status = Some(
                match edit::mark_reviewed(&language.dir, &id, &reviewer, &edit::today()) {
                    Ok(()) => {
                        app.reload_catalog();
                        s.fill("rec_marked", &[("id", &id), ("reviewer", &reviewer)])
                    }
                    Err(err) => err.to_string(),
                },
            );
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label(s.get("rec_correction"));
        ui.add(
            egui::TextEdit::multiline(&mut app.recorder.correction)
                .desired_rows(2)
                .desired_width(480.0),
        )
        .labelled_by(label.id);
        let ready =
            !app.recorder.reviewer.trim().is_empty() && !app.recorder.correction.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(s.get("rec_save_correction")))
            .clicked()
        {
            let gender = entry
                .as_ref()
                .filter(|e| e.has_gender_variants())
                .map(|_| app.settings.gender);
            let reviewer = app.recorder.reviewer.trim().to_owned();
            let corrected = app.recorder.correction.trim().to_owned();
            let result = edit::correct_text(
                &language.dir,
                &id,
                gender,
                &corrected,
                &reviewer,
                &edit::today(),
            );
            app.recorder.status = Some(match result {
                Ok(()) => {
                    app.reload_catalog();
                    app.recorder.correction.clear();
                    s.get("rec_corrected").to_owned()
                }
                Err(err) => err.to_string(),
            });
        }
    });
    if let Some(status) = &app.recorder.status {
        ui.separator();
        ui.label(RichText::new(status).strong());
    }
}
