//! Settings, persisted across restarts in the platform config directory, and
//! the settings panel.

use super::chrome;
use super::i18n::Strings;
use super::{Intent, ViewContext};
use crate::catalog::Gender;
use crate::text::TextCache;
use eframe::egui::{self, Align, Layout, Response, Ui, Vec2};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Most languages kept in "recently used".
const RECENT: usize = 6;

/// What the responder chose, kept between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Output device name; None for the default.
    pub device: Option<String>,
    /// Input device for the recorder; None for the default.
    pub input_device: Option<String>,
    pub volume: f32,
    pub gender: Gender,
    pub profile: String,
    pub ui_language: String,
    /// Most recent first.
    pub recent: Vec<String>,
    /// The responder's role message id (role_police...), for the session record.
    pub role: Option<String>,
    /// Delete sessions older than this many days at start-up (0 keeps them).
    pub retention_days: u32,
    /// When the person view puts the pictogram first.
    pub picture_first: super::pictogram::PictureFirst,
    /// Seconds between an answer and the next question of the interview.
    pub interview_pause: f32,
    /// Keep the audio output open between messages, so the next one starts
    /// at once (the default). `false` (settings.toml only) closes it after
    /// each message, for a device other programs must be able to take, or a
    /// sink that should only receive what is played.
    pub keep_output_open: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            device: None,
            input_device: None,
            volume: 1.0,
            gender: Gender::Female,
            profile: "generic".into(),
            ui_language: "en".into(),
            recent: Vec::new(),
            role: None,
            retention_days: 0,
            picture_first: super::pictogram::PictureFirst::default(),
            interview_pause: 1.5,
            keep_output_open: true,
        }
    }
}

impl Settings {
    /// `<config dir>/safevoice/settings.toml`, where the platform has one.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "safevoice", "safevoice")
            .map(|dirs| dirs.config_dir().join("settings.toml"))
    }

    /// Put `code` first in the recent list.
    pub fn touch_recent(&mut self, code: &str) {
        self.recent.retain(|c| c != code);
        self.recent.insert(0, code.to_owned());
        self.recent.truncate(RECENT);
    }
}

/// A device: the system default or one of `devices`.
fn device_choice_ui(
    ui: &mut Ui,
    text: &mut TextCache,
    s: &Strings,
    id: &str,
    choice: &mut Option<String>,
    devices: &[String],
) -> Option<Response> {
    let default = s.get("default_device");
    let current = choice.clone().unwrap_or_else(|| default.to_owned());
    let options: Vec<(Option<String>, String)> = std::iter::once((None, default.to_owned()))
        .chain(devices.iter().map(|d| (Some(d.clone()), d.clone())))
        .collect();
    chrome::choice_ui(ui, text, s, id, choice, &current, &options, None)
}

/// One row of the settings grid: `label`, then what `control` draws in one
/// cell, which the label names for screen readers (the response `control`
/// returns). In a right-to-left interface the row is mirrored: the control,
/// then the label, both flush towards the right, the labels right-aligned
/// in a column as wide as the widest of them (measured on the frame before).
fn setting_row_ui(
    ui: &mut Ui,
    text: &mut TextCache,
    s: &Strings,
    label: &str,
    control: impl FnOnce(&mut Ui, &mut TextCache) -> Option<Response>,
) {
    let (label, control) = if s.rtl() {
        let control = ui
            .with_layout(Layout::top_down(Align::Max), |ui| control(ui, text))
            .inner;
        let id = ui.scope_id().with("settings_label_width");
        let width = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(0.0);
        let label = ui
            .allocate_ui_with_layout(
                Vec2::new(width, 0.0),
                Layout::right_to_left(Align::Center),
                |ui| chrome::label_ui(ui, text, s, label),
            )
            .inner;
        if label.rect.width() > width {
            ui.data_mut(|d| d.insert_temp(id, label.rect.width()));
            ui.ctx().request_repaint();
        }
        (label, control)
    } else {
        let label = chrome::label_ui(ui, text, s, label);
        (label, ui.vertical(|ui| control(ui, text)).inner)
    };
    if let Some(control) = control {
        control.labelled_by(label.id);
    }
    ui.end_row();
}

/// The settings panel (a window): edits a copy of the settings and sends it
/// back as an intent when anything changed.
pub fn settings_ui(view: &ViewContext, text: &mut TextCache, ui: &mut Ui) {
    let s = &view.strings;
    let mut settings = view.settings.clone();
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([16.0, 10.0])
        .show(ui, |ui| {
            setting_row_ui(ui, text, s, s.get("output_device"), |ui, text| {
                chrome::row_ui(ui, s, |ui| {
                    let device = &mut settings.device;
                    let choice = device_choice_ui(ui, text, s, "device", device, &view.devices);
                    if chrome::button_ui(ui, text, s, s.get("test_sound")).clicked() {
                        view.send(Intent::PlayTestSound);
                    }
                    choice
                })
                .inner
            });

            setting_row_ui(ui, text, s, s.get("input_device"), |ui, text| {
                device_choice_ui(
                    ui,
                    text,
                    s,
                    "input_device",
                    &mut settings.input_device,
                    &view.input_devices,
                )
            });

            setting_row_ui(ui, text, s, s.get("volume"), |ui, _| {
                Some(ui.add(egui::Slider::new(&mut settings.volume, 0.0..=1.0).show_value(true)))
            });

            setting_row_ui(ui, text, s, s.get("gender"), |ui, text| {
                chrome::row_ui(ui, s, |ui| {
                    for (gender, key) in [
                        (Gender::Female, "gender_female"),
                        (Gender::Male, "gender_male"),
                    ] {
                        if !s.shaped() {
                            ui.radio_value(&mut settings.gender, gender, s.get(key));
                        } else if chrome::selectable_ui(
                            ui,
                            text,
                            s,
                            settings.gender == gender,
                            s.get(key),
                        )
                        .clicked()
                        {
                            settings.gender = gender;
                        }
                    }
                });
                chrome::small_ui(ui, text, s, s.get("gender_note"));
                None
            });

            setting_row_ui(ui, text, s, s.get("profile"), |ui, _| {
                let current = view
                    .catalog
                    .profiles
                    .get(&settings.profile)
                    .map_or(settings.profile.clone(), |p| p.name.clone());
                let combo = egui::ComboBox::from_id_salt("profile")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for (id, profile) in &view.catalog.profiles {
                            ui.selectable_value(&mut settings.profile, id.clone(), &profile.name);
                        }
                    });
                Some(combo.response)
            });

            setting_row_ui(ui, text, s, s.get("role"), |ui, text| {
                let current = settings
                    .role
                    .as_deref()
                    .map_or_else(|| s.get("role_none").to_owned(), |r| view.meaning_of(r));
                let roles: Vec<(Option<String>, String)> =
                    std::iter::once((None, s.get("role_none").to_owned()))
                        .chain(
                            view.catalog
                                .messages
                                .iter()
                                .filter(|m| m.category == crate::catalog::Category::Roles)
                                .map(|role| {
                                    (Some(role.id().to_owned()), view.meaning_of(role.id()))
                                }),
                        )
                        .collect();
                let role = &mut settings.role;
                chrome::choice_ui(ui, text, s, "role", role, &current, &roles, Some(320.0))
            });

            setting_row_ui(ui, text, s, s.get("interview_pause_setting"), |ui, _| {
                Some(
                    ui.add(
                        egui::Slider::new(&mut settings.interview_pause, 0.0..=10.0)
                            .step_by(0.5)
                            .suffix(" s"),
                    ),
                )
            });

            setting_row_ui(ui, text, s, s.get("picture_first"), |ui, text| {
                super::unvoiced::picture_first_setting_ui(ui, text, &mut settings.picture_first, s)
            });

            setting_row_ui(ui, text, s, s.get("retention"), |ui, _| {
                Some(ui.add(egui::DragValue::new(&mut settings.retention_days).range(0..=3650)))
            });

            // Each language by its own name, in its own script (shaped by
            // cosmic-text whatever the interface language).
            setting_row_ui(ui, text, s, s.get("ui_language"), |ui, text| {
                chrome::wrapped_row_ui(ui, s, |ui| {
                    ui.set_max_width(420.0);
                    for (code, name) in Strings::choices() {
                        let chosen = settings.ui_language == code;
                        if chrome::autonym_selectable_ui(ui, text, &code, chosen, &name).clicked() {
                            settings.ui_language = code;
                        }
                    }
                });
                None
            });
        });
    if settings != view.settings {
        view.send(Intent::UpdateSettings(settings));
    }
}
