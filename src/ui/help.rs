//! The keys: read once a frame, and the overlay (F1 or ?) that lists them in
//! the interface language. Everything works from the keyboard, on the board
//! and in the person view.

use super::chrome;
use super::{Answer, Intent, ViewContext};
use crate::text::TextCache;
use eframe::egui::{self, InputState, Key, RichText};

/// The key table: keys as shown, and the interface string that says what they do.
pub const TABLE: [(&str, &str); 12] = [
    ("Space", "key_space"),
    ("Up / Down, K / J", "key_move"),
    ("Enter", "key_enter"),
    ("Right / Left", "key_steps"),
    ("Y / N / D / R", "key_answers"),
    ("G", "key_gender"),
    ("F11", "key_person_view"),
    ("Esc", "key_stop"),
    ("F1 / ?", "key_help"),
    ("Ctrl+F", "key_search"),
    ("Tab", "key_tab"),
    ("", "key_note"),
];

/// The keys pressed this frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct Keys {
    pub play_stop: bool,
    pub play: bool,
    pub up: bool,
    pub down: bool,
    pub next: bool,
    pub previous: bool,
    pub gender: bool,
    pub person_view: bool,
    pub stop: bool,
    /// F1 (works even while typing).
    pub help: bool,
    /// "?" (a character: not while typing).
    pub help_char: bool,
    pub search: bool,
    /// Y, N, D, R in [`Answer::ALL`] order.
    pub answers: [bool; 4],
}

impl Keys {
    /// Read this frame's keys (letters without Ctrl or Cmd).
    pub fn read(i: &InputState) -> Self {
        let plain = |key: Key| i.key_pressed(key) && !i.modifiers.command && !i.modifiers.alt;
        Self {
            play_stop: plain(Key::Space),
            play: plain(Key::Enter),
            up: plain(Key::ArrowUp) || plain(Key::K),
            down: plain(Key::ArrowDown) || plain(Key::J),
            next: plain(Key::ArrowRight),
            previous: plain(Key::ArrowLeft),
            gender: plain(Key::G),
            person_view: i.key_pressed(Key::F11),
            stop: i.key_pressed(Key::Escape),
            help: i.key_pressed(Key::F1),
            help_char: plain(Key::Questionmark)
                || i.events
                    .iter()
                    .any(|e| matches!(e, egui::Event::Text(t) if t == "?")),
            search: i.modifiers.command && i.key_pressed(Key::F),
            answers: Answer::ALL.map(|a| plain(a.key())),
        }
    }
}

/// The overlay listing every key.
pub fn help_ui(view: &ViewContext, text: &mut TextCache, ctx: &egui::Context) {
    let s = &view.strings;
    let mut open = true;
    let table_ui = |ui: &mut egui::Ui, text: &mut TextCache| {
        egui::Grid::new("help_keys")
            .num_columns(2)
            .spacing([24.0, 8.0])
            .show(ui, |ui| {
                for (keys, what) in TABLE {
                    ui.label(RichText::new(keys).monospace().strong());
                    chrome::label_ui(ui, text, s, s.get(what));
                    ui.end_row();
                }
            });
    };
    if s.shaped() {
        // egui would draw the title unshaped: a title drawn inside instead.
        egui::Window::new("help")
            .title_bar(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                chrome::row_ui(ui, s, |ui| {
                    chrome::heading_ui(ui, text, s, s.get("help_title"));
                    if ui.button("✗").clicked() {
                        open = false;
                    }
                });
                ui.separator();
                table_ui(ui, text);
            });
    } else {
        egui::Window::new(s.get("help_title"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| table_ui(ui, text));
    }
    if !open {
        view.send(Intent::ToggleHelp);
    }
}
