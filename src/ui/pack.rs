//! The pack's state in the window: the header ("Pack: <label> ✓"), the red
//! banner naming refused files, the yellow banner for a pack that is not
//! signed by a trusted key or was modified on this computer, and a session
//! record's chain state. Free functions drawing from read-only data
//! ([`PackView`], [`ChainState`]); they return no intent.

use super::chrome::{self, Style};
use super::i18n::Strings;
use crate::pack::{FileState, PackStatus, Trust};
use crate::session::ChainState;
use crate::text::TextCache;
use eframe::egui::{self, Color32, Ui};

/// What the window shows of the pack check (built from a [`PackStatus`]
/// when the check moves; drawn every frame).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackView {
    /// Whose signature, once the pack is open (`None`: not checked, or the
    /// check could not start).
    pub trust: Option<Trust>,
    /// Files hashed so far, and in all.
    pub checked: usize,
    pub total: usize,
    /// Refused files: relative path and why.
    pub refused: Vec<(String, String)>,
    /// Files changed by this app on this computer.
    pub modified: Vec<String>,
    /// The check could not run at all.
    pub failed: Option<String>,
}

impl PackView {
    /// The view of a status.
    pub fn of(status: &PackStatus) -> Self {
        Self {
            trust: Some(status.trust.clone()),
            checked: status
                .files
                .values()
                .filter(|s| **s != FileState::Pending)
                .count(),
            total: status.files.len(),
            refused: status
                .refused()
                .into_iter()
                .map(|(p, s)| (p.to_owned(), s.describe()))
                .collect(),
            modified: status
                .locally_modified()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            failed: None,
        }
    }

    /// Whether every file has been hashed.
    pub fn done(&self) -> bool {
        self.checked == self.total
    }

    /// Whether a banner is to be shown.
    pub fn has_banner(&self) -> bool {
        self.failed.is_some()
            || !self.refused.is_empty()
            || !self.modified.is_empty()
            || matches!(
                self.trust,
                Some(
                    Trust::Development { .. }
                        | Trust::UnknownKey { .. }
                        | Trust::Unsigned
                        | Trust::BadSignature { .. }
                )
            )
    }
}

const GREEN: Color32 = Color32::from_rgb(20, 120, 40);
const RED: Color32 = Color32::from_rgb(150, 20, 20);
const YELLOW: Color32 = Color32::from_rgb(250, 205, 60);

/// The header item: "Pack: <label> ✓" once a trusted pack is checked whole
/// and intact; otherwise a short state (the banner says more).
pub fn pack_header_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, view: &PackView) {
    let Some(trust) = &view.trust else {
        if view.failed.is_some() {
            chrome::styled_label_ui(
                ui,
                cache,
                s,
                s.get("pack_not_checked"),
                Style::default().strong().color(RED),
            );
        }
        return;
    };
    let (text, color) = if !view.refused.is_empty() {
        (
            s.fill(
                "pack_refused",
                &[("count", &view.refused.len().to_string())],
            ),
            RED,
        )
    } else if !view.done() {
        (
            s.fill(
                "pack_checking",
                &[
                    ("checked", &view.checked.to_string()),
                    ("total", &view.total.to_string()),
                ],
            ),
            ui.visuals().weak_text_color(),
        )
    } else if !view.modified.is_empty() {
        (
            s.get("pack_modified").to_owned(),
            ui.visuals().warn_fg_color,
        )
    } else {
        match trust {
            Trust::Trusted { label, .. } => (s.fill("pack_trusted", &[("label", label)]), GREEN),
            Trust::Development { .. } => (
                s.get("pack_development").to_owned(),
                ui.visuals().warn_fg_color,
            ),
            Trust::UnknownKey { .. } => (
                s.get("pack_unknown_key").to_owned(),
                ui.visuals().warn_fg_color,
            ),
            Trust::Unsigned => (
                s.get("pack_unsigned").to_owned(),
                ui.visuals().warn_fg_color,
            ),
            Trust::BadSignature { .. } => (s.get("pack_bad_signature").to_owned(), RED),
        }
    };
    chrome::styled_label_ui(ui, cache, s, &text, Style::default().strong().color(color));
}

fn strip_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    s: &Strings,
    fill: Color32,
    text_color: Color32,
    lines: &[String],
) {
    egui::Frame::new()
        .fill(fill)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            for (i, line) in lines.iter().enumerate() {
                let style = Style::default().color(text_color);
                let style = if i == 0 { style.strong() } else { style };
                chrome::styled_label_ui(ui, cache, s, line, style);
            }
        });
}

/// The banners: red for refused files (named), yellow for a pack not
/// signed by a trusted key, and yellow for files modified on this computer.
pub fn pack_banner_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, view: &PackView) {
    if let Some(why) = &view.failed {
        strip_ui(
            ui,
            cache,
            s,
            RED,
            Color32::WHITE,
            &[s.fill("pack_banner_failed", &[("why", why)])],
        );
    }
    if !view.refused.is_empty() {
        let mut lines = vec![s.fill(
            "pack_banner_refused",
            &[("count", &view.refused.len().to_string())],
        )];
        lines.extend(
            view.refused
                .iter()
                .map(|(path, why)| format!("• {path}: {why}")),
        );
        strip_ui(ui, cache, s, RED, Color32::WHITE, &lines);
    }
    let trust_line = match &view.trust {
        Some(Trust::Development { key_id }) => {
            Some(s.fill("pack_banner_development", &[("key", key_id)]))
        }
        Some(Trust::UnknownKey { key_id }) => {
            Some(s.fill("pack_banner_unknown_key", &[("key", key_id)]))
        }
        Some(Trust::Unsigned) => Some(s.get("pack_banner_unsigned").to_owned()),
        Some(Trust::BadSignature { detail }) => {
            Some(s.fill("pack_banner_bad_signature", &[("detail", detail)]))
        }
        _ => None,
    };
    if let Some(line) = trust_line {
        strip_ui(ui, cache, s, YELLOW, Color32::BLACK, &[line]);
    }
    if !view.modified.is_empty() {
        let mut lines = vec![s.fill(
            "pack_banner_modified",
            &[("count", &view.modified.len().to_string())],
        )];
        lines.extend(view.modified.iter().map(|p| format!("• {p}")));
        strip_ui(ui, cache, s, YELLOW, Color32::BLACK, &lines);
    }
}

/// A session record's chain state, red when it was altered.
pub fn chain_ui(ui: &mut Ui, cache: &mut TextCache, s: &Strings, chain: &ChainState) {
    let text = s.fill("record_state", &[("state", &chain.to_string())]);
    match chain {
        ChainState::Altered { .. } => {
            strip_ui(ui, cache, s, RED, Color32::WHITE, &[text]);
        }
        ChainState::Intact { .. } => {
            chrome::styled_label_ui(ui, cache, s, &text, Style::default().color(GREEN));
        }
        _ => {
            let warn = ui.visuals().warn_fg_color;
            chrome::styled_label_ui(ui, cache, s, &text, Style::default().color(warn));
        }
    }
}
