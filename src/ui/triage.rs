//! The live triage summary, beside the Answers: what the answers so far
//! raise, in three groups (Urgent in red, Child in orange, Indicators in
//! amber), each line with the question and the answer behind it, the
//! profile's referral line under a group that is not empty, and always the
//! fixed line that indicators are not an identification.
//!
//! It draws only from what it is given (a [`Summary`] computed by
//! [`crate::triage::summarise`]) and changes nothing.

use super::chrome::{self, Style};
use super::i18n::Strings;
use crate::catalog::{Polarity, Referral, TriageGroup};
use crate::text::TextCache;
use crate::triage::{Because, Summary};
use eframe::egui::{self, Color32, RichText, Ui};

/// Urgent.
pub const RED: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Child.
pub const ORANGE: Color32 = Color32::from_rgb(0xef, 0x6c, 0x00);
/// Indicators.
pub const AMBER: Color32 = Color32::from_rgb(0xff, 0xb3, 0x00);

/// The group heading: a coloured band with its name.
fn heading_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    strings: &Strings,
    text: &str,
    fill: Color32,
    dark_text: bool,
) {
    let ink = if dark_text {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .corner_radius(3.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            chrome::column_ui(ui, strings, |ui| {
                chrome::styled_label_ui(ui, cache, strings, text, Style::default().color(ink));
            });
        });
}

/// One "answer — question" line.
fn because_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    strings: &Strings,
    meaning: &dyn Fn(&str) -> String,
    b: &Because,
) {
    let (symbol, key) = match b.answer {
        Polarity::Yes => ("✓", "answer_yes"),
        Polarity::No => ("✗", "answer_no"),
    };
    if strings.shaped() {
        let line = format!("{symbol} {}  “{}”", strings.get(key), meaning(&b.question));
        chrome::label_ui(ui, cache, strings, &line);
        return;
    }
    // One label (answer, then question), so it reads as one line.
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style().clone();
    for text in [
        RichText::new(format!("{symbol} {}  ", strings.get(key))).strong(),
        RichText::new(format!("“{}”", meaning(&b.question))),
    ] {
        text.append_to(
            &mut job,
            &style,
            egui::FontSelection::Default,
            egui::Align::Min,
        );
    }
    ui.label(job);
}

/// The referral lines of `group`.
fn referrals_ui<'a>(ui: &mut Ui, referrals: impl Iterator<Item = &'a Referral>) {
    for r in referrals {
        let text = match &r.number {
            Some(number) => format!("• {}: {number}", r.label),
            None => format!("• {}", r.label),
        };
        ui.label(RichText::new(text).strong());
    }
}

/// The panel. `meaning` gives a question's meaning for the responder.
pub fn triage_ui(
    ui: &mut Ui,
    cache: &mut TextCache,
    strings: &Strings,
    summary: &Summary,
    meaning: &dyn Fn(&str) -> String,
) {
    let s = strings;
    chrome::heading_ui(ui, cache, s, s.get("triage"));
    let disclaimer = s.get("triage_disclaimer");
    chrome::styled_label_ui(ui, cache, s, disclaimer, Style::default().italics());
    ui.add_space(4.0);
    if summary.is_empty() {
        chrome::label_ui(ui, cache, s, s.get("triage_nothing"));
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("triage_scroll")
        .show(ui, |ui| {
            for (key, lines, fill, group) in [
                ("triage_urgent", &summary.urgent, RED, TriageGroup::Urgent),
                ("triage_child", &summary.child, ORANGE, TriageGroup::Child),
            ] {
                if lines.is_empty() {
                    continue;
                }
                heading_ui(ui, cache, strings, strings.get(key), fill, false);
                for b in lines {
                    because_ui(ui, cache, strings, meaning, b);
                }
                referrals_ui(ui, summary.referrals(group));
                ui.add_space(6.0);
            }
            if summary.indicators.is_empty() {
                return;
            }
            let indicators = strings.get("triage_indicators");
            heading_ui(ui, cache, strings, indicators, AMBER, true);
            for indicator in &summary.indicators {
                let key = format!("indicator_{}", indicator.id);
                let translated = strings.get(&key);
                let name = if translated == key {
                    indicator.name.as_str()
                } else {
                    translated
                };
                let label = chrome::styled_label_ui(ui, cache, s, name, Style::default().strong());
                label.on_hover_text(&indicator.source);
                ui.label(RichText::new(&indicator.explanation).small());
                ui.indent(("triage_because", &indicator.id), |ui| {
                    for b in &indicator.because {
                        because_ui(ui, cache, strings, meaning, b);
                    }
                });
            }
            if strings.code != "en" {
                let note = strings.get("triage_english_note");
                let weak = Style::small().color(ui.visuals().weak_text_color());
                chrome::styled_label_ui(ui, cache, s, note, weak);
            }
            referrals_ui(ui, summary.referrals(TriageGroup::Indicators));
        });
}
