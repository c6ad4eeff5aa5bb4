//! Settings, persisted across restarts in the platform config directory, and
//! the settings panel.

use super::App;
use super::i18n::Strings;
use crate::audio::Command;
use crate::catalog::Gender;
use eframe::egui::{self, Ui};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
        }
    }
}

impl Settings {
    /// `<config dir>/safevoice/settings.toml`, where the platform has one.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "safevoice", "safevoice")
            .map(|dirs| dirs.config_dir().join("settings.toml"))
    }

    /// Load from `path`; defaults (and a warning naming the file) when it is unreadable.
    pub fn load(path: &Path) -> (Self, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => match toml::from_str(&text) {
                Ok(settings) => (settings, None),
                Err(err) => (
                    Self::default(),
                    Some(format!(
                        "{}: {}; using default settings",
                        path.display(),
                        err.message()
                    )),
                ),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (Self::default(), None),
            Err(err) => (
                Self::default(),
                Some(format!("{}: {err}; using default settings", path.display())),
            ),
        }
    }

    /// Save to `path` atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// Put `code` first in the recent list.
    pub fn touch_recent(&mut self, code: &str) {
        self.recent.retain(|c| c != code);
        self.recent.insert(0, code.to_owned());
        self.recent.truncate(RECENT);
    }
}

/// A device picker: the default device, then every device by name.
fn device_combo_ui(
    ui: &mut Ui,
    id: &str,
    choice: &mut Option<String>,
    devices: &[String],
    default: &str,
) {
    let current = choice.clone().unwrap_or_else(|| default.to_owned());
    egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(choice, None, default);
            for device in devices {
                ui.selectable_value(choice, Some(device.clone()), device);
            }
        });
}

/// The settings panel (a window).
pub fn settings_ui(app: &mut App, ui: &mut Ui) {
    let s = app.strings.clone();
    let before = app.settings.clone();
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([16.0, 10.0])
        .show(ui, |ui| {
            ui.label(s.get("output_device"));
            ui.horizontal(|ui| {
                device_combo_ui(
                    ui,
                    "device",
                    &mut app.settings.device,
                    &app.devices,
                    s.get("default_device"),
                );
                if ui.button(s.get("test_sound")).clicked() {
                    app.play_test_sound();
                }
            });
            ui.end_row();

            ui.label(s.get("input_device"));
            device_combo_ui(
                ui,
                "input_device",
                &mut app.settings.input_device,
                &app.input_devices,
                s.get("default_device"),
            );
            ui.end_row();

            ui.label(s.get("volume"));
            ui.add(egui::Slider::new(&mut app.settings.volume, 0.0..=1.0).show_value(true));
            ui.end_row();

            ui.label(s.get("gender"));
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(
                        &mut app.settings.gender,
                        Gender::Female,
                        s.get("gender_female"),
                    );
                    ui.radio_value(&mut app.settings.gender, Gender::Male, s.get("gender_male"));
                });
                ui.small(s.get("gender_note"));
            });
            ui.end_row();

            ui.label(s.get("profile"));
            let profiles: Vec<(String, String)> = app
                .catalog
                .profiles
                .iter()
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect();
            let current = profiles
                .iter()
                .find(|(id, _)| *id == app.settings.profile)
                .map_or(app.settings.profile.clone(), |(_, name)| name.clone());
            egui::ComboBox::from_id_salt("profile")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (id, name) in profiles {
                        ui.selectable_value(&mut app.settings.profile, id, name);
                    }
                });
            ui.end_row();

            ui.label(s.get("role"));
            let roles: Vec<String> = app
                .catalog
                .messages
                .iter()
                .filter(|m| m.category == crate::catalog::Category::Roles)
                .map(|m| m.id().to_owned())
                .collect();
            let current = app
                .settings
                .role
                .as_deref()
                .map_or_else(|| s.get("role_none").to_owned(), |r| app.meaning_of(r));
            egui::ComboBox::from_id_salt("role")
                .selected_text(current)
                .width(320.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.settings.role, None, s.get("role_none"));
                    for role in roles {
                        let label = app.meaning_of(&role);
                        ui.selectable_value(&mut app.settings.role, Some(role), label);
                    }
                });
            ui.end_row();

            ui.label(s.get("retention"));
            ui.add(egui::DragValue::new(&mut app.settings.retention_days).range(0..=3650));
            ui.end_row();

            ui.label(s.get("ui_language"));
            let current = Strings::choices()
                .into_iter()
                .find(|(c, _)| *c == app.settings.ui_language)
                .map_or_else(|| app.settings.ui_language.clone(), |(_, n)| n);
            egui::ComboBox::from_id_salt("ui_language")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    for (code, name) in Strings::choices() {
                        ui.selectable_value(&mut app.settings.ui_language, code, name);
                    }
                });
            ui.end_row();
        });
    if app.settings != before {
        app.settings_changed(&before);
    }
}

/// Send the engine what the settings say.
pub fn apply_audio_settings(app: &App) {
    app.engine
        .send(Command::SetDevice(app.settings.device.clone()));
    app.engine.send(Command::SetVolume(app.settings.volume));
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
        s.save(&path).unwrap();
        let (back, warning) = Settings::load(&path);
        assert_eq!(back, s);
        assert!(warning.is_none());
        assert_eq!(back.recent, vec!["ar", "fa"]);
        std::fs::write(&path, "volume = \"loud\"").unwrap();
        let (fallback, warning) = Settings::load(&path);
        assert_eq!(fallback, Settings::default());
        assert!(warning.unwrap().contains("settings.toml"));
    }
}
