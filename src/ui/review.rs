//! The Review panel (responder side, beside Record): a bilingual reviewer
//! sitting at the laptop picks a language, gives initials once, and walks its
//! messages one by one: the English meaning, the text (or both gender
//! variants) large in its script through the cosmic-text path, the
//! back-translation and the note, Play; then Approve, Edit (a text field with
//! a live preview in the script) or Flag (a comment the responder sees as low
//! confidence).
//!
//! [`review_ui`] only draws from what it is given and returns a
//! [`ReviewIntent`]; `App::apply` hands a decision to the file worker, which
//! writes it through [`crate::review::apply_decision`], the checks and writer
//! of `translations import`.

use super::chrome;
use super::i18n::Strings;
use crate::catalog::edit::TextEdit;
use crate::catalog::{Catalog, Gender, Language, TextStatus};
use crate::text::TextCache;
use crate::text::widget::person_text_ui;
use eframe::egui::{self, Color32, RichText, Ui};

/// What the reviewer is doing with the current message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Walk,
    Edit,
    Flag,
}

/// The panel's own state (what the reviewer typed and where they are).
#[derive(Debug, Default)]
pub struct ReviewState {
    /// The language under review.
    pub lang: Option<String>,
    pub initials: String,
    /// Whether the initials were given (they are asked once).
    pub signed: bool,
    /// Index into the catalog's messages.
    pub index: usize,
    pub mode: Mode,
    /// The edited texts, one per variant, while editing.
    pub drafts: Vec<(Option<Gender>, String)>,
    /// The flag comment, while flagging.
    pub comment: String,
    /// The outcome of the last action.
    pub status: Option<String>,
}

impl ReviewState {
    /// After a decision was written: back to walking, on the next message.
    pub fn saved(&mut self, total: usize) {
        self.mode = Mode::Walk;
        self.drafts.clear();
        self.comment.clear();
        if self.index + 1 < total {
            self.index += 1;
        }
    }
}

/// What the panel reads.
pub struct ReviewContext<'a> {
    pub catalog: &'a Catalog,
    pub strings: &'a Strings,
}

/// What the reviewer asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewIntent {
    /// Write a decision (approve, edit or flag) as `reviewer`.
    Apply {
        language: String,
        edit: TextEdit,
        reviewer: String,
    },
    /// Play the clip of a message's variant.
    Play {
        language: String,
        message: String,
        gender: Gender,
    },
}

/// How many of `language`'s messages are reviewed (or the source).
pub fn reviewed_count(catalog: &Catalog, language: &Language) -> usize {
    catalog
        .messages
        .iter()
        .filter(|m| {
            language
                .texts
                .get(m.id())
                .is_some_and(|t| !t.status.is_draft())
        })
        .count()
}

/// The Review panel.
pub fn review_ui(
    ui: &mut Ui,
    ctx: &ReviewContext,
    state: &mut ReviewState,
    text: &mut TextCache,
) -> Option<ReviewIntent> {
    let s = ctx.strings;
    let mut intent = None;
    chrome::heading_ui(ui, text, s, s.get("review_title"));
    chrome::small_ui(ui, text, s, s.get("review_intro"));
    ui.horizontal(|ui| {
        let label = chrome::label_ui(ui, text, s, s.get("review_language"));
        let current = state
            .lang
            .as_deref()
            .and_then(|c| ctx.catalog.language(c))
            .map_or_else(
                || s.get("review_choose").to_owned(),
                |l| format!("{} ({})", l.meta.name, l.meta.code),
            );
        // egui would draw the prompt unshaped: beside the box instead.
        let current = if s.shaped() && state.lang.is_none() {
            chrome::label_ui(ui, text, s, &current);
            "…".to_owned()
        } else {
            current
        };
        egui::ComboBox::from_id_salt("review_language")
            .selected_text(current)
            .height(400.0)
            .show_ui(ui, |ui| {
                for language in ctx.catalog.languages.values() {
                    if language
                        .texts
                        .values()
                        .all(|t| t.status == TextStatus::Source)
                    {
                        continue;
                    }
                    let code = &language.meta.code;
                    let chosen = state.lang.as_deref() == Some(code.as_str());
                    let name = format!("{} ({code})", language.meta.name);
                    if ui.selectable_label(chosen, name).clicked() && !chosen {
                        state.lang = Some(code.clone());
                        state.index = 0;
                        state.mode = Mode::Walk;
                        state.status = None;
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.separator();
        if state.signed {
            chrome::label_ui(
                ui,
                text,
                s,
                &s.fill("review_signed", &[("initials", state.initials.trim())]),
            );
            if chrome::small_button_ui(ui, text, s, s.get("review_change_initials")).clicked() {
                state.signed = false;
            }
        } else {
            let label = chrome::label_ui(ui, text, s, s.get("review_initials"));
            let field = ui
                .add(egui::TextEdit::singleline(&mut state.initials).desired_width(80.0))
                .labelled_by(label.id);
            let ready = !state.initials.trim().is_empty();
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if chrome::enabled_button_ui(ui, text, s, ready, s.get("review_start")).clicked()
                || (ready && enter)
            {
                state.signed = true;
            }
        }
    });
    let Some(language) = state.lang.as_deref().and_then(|c| ctx.catalog.language(c)) else {
        chrome::label_ui(ui, text, s, s.get("review_choose_hint"));
        return None;
    };
    let total = ctx.catalog.messages.len();
    if total == 0 {
        return None;
    }
    state.index = state.index.min(total - 1);
    let done = reviewed_count(ctx.catalog, language);
    ui.horizontal(|ui| {
        let progress = s.fill(
            "review_progress",
            &[("done", &done.to_string()), ("total", &total.to_string())],
        );
        chrome::styled_label_ui(ui, text, s, &progress, chrome::Style::default().strong());
        ui.add(egui::ProgressBar::new(done as f32 / total as f32).desired_width(200.0));
    });
    let walking = state.mode == Mode::Walk;
    ui.horizontal(|ui| {
        if chrome::enabled_button_ui(
            ui,
            text,
            s,
            walking && state.index > 0,
            s.get("review_previous"),
        )
        .clicked()
        {
            state.index -= 1;
            state.status = None;
        }
        ui.label(format!("{} / {total}", state.index + 1));
        if chrome::enabled_button_ui(
            ui,
            text,
            s,
            walking && state.index + 1 < total,
            s.get("review_next"),
        )
        .clicked()
        {
            state.index += 1;
            state.status = None;
        }
        let next_draft = (state.index + 1..total).chain(0..state.index).find(|&i| {
            language
                .texts
                .get(ctx.catalog.messages[i].id())
                .is_some_and(|t| t.status.is_draft())
        });
        if chrome::enabled_button_ui(
            ui,
            text,
            s,
            walking && next_draft.is_some(),
            s.get("review_next_draft"),
        )
        .clicked()
            && let Some(i) = next_draft
        {
            state.index = i;
            state.status = None;
        }
    });
    ui.separator();

    let message = &ctx.catalog.messages[state.index];
    let id = message.id();
    let Some(entry) = language.texts.get(id) else {
        chrome::label_ui(ui, text, s, s.get("review_no_text"));
        return None;
    };
    let code = language.meta.code.clone();
    egui::ScrollArea::vertical()
        .id_salt("review")
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{id} · {} · {}",
                    message.category,
                    message.kind.as_str()
                ))
                .small()
                .weak(),
            );
            chrome::small_ui(ui, text, s, s.get("review_english"));
            ui.label(RichText::new(&message.text).size(18.0).strong());
            ui.add_space(8.0);
            let color = ui.visuals().strong_text_color();
            for &variant in entry.variants() {
                let Some(current) = entry.variant_text(variant) else {
                    continue;
                };
                if let Some(g) = variant {
                    let key = match g {
                        Gender::Female => "review_to_f",
                        Gender::Male => "review_to_m",
                    };
                    chrome::small_ui(ui, text, s, s.get(key));
                }
                ui.horizontal(|ui| {
                    let gender = variant.unwrap_or(Gender::Female);
                    let has_clip = language.clip(id, gender).is_some();
                    if chrome::enabled_button_ui(ui, text, s, has_clip, s.get("review_play"))
                        .clicked()
                    {
                        intent = Some(ReviewIntent::Play {
                            language: code.clone(),
                            message: id.to_owned(),
                            gender,
                        });
                    }
                    if language.clip(id, gender).is_some_and(|c| c.out_of_date) {
                        let red = chrome::Style::small().color(Color32::from_rgb(220, 60, 60));
                        let badge = s.get("badge_voice_out_of_date");
                        chrome::styled_label_ui(ui, text, s, badge, red);
                    }
                });
                person_text_ui(ui, text, current, &code, 30.0, color);
                let back = match variant {
                    Some(g) => entry.back_for(g),
                    None => entry.back.as_deref(),
                };
                let back = match back {
                    Some(back) => chrome::isolate(s, back),
                    None => s.get("review_back_none").to_owned(),
                };
                let line = format!(
                    "{}: {back}",
                    s.get(if entry.status == TextStatus::BackTranslated {
                        "review_back_blind"
                    } else {
                        "review_back"
                    }),
                );
                chrome::styled_label_ui(ui, text, s, &line, chrome::Style::default().italics());
                ui.add_space(6.0);
            }
            if let Some(note) = &entry.note {
                let line = format!("{}: {}", s.get("review_note"), chrome::isolate(s, note));
                chrome::label_ui(ui, text, s, &line);
            }
            let status = match (&entry.reviewer, &entry.reviewed_on) {
                (Some(who), Some(on)) => format!("{} ({who}, {on})", entry.status.as_str()),
                _ => entry.status.as_str().to_owned(),
            };
            let line = s.fill(
                "review_status",
                &[
                    ("status", &status),
                    (
                        "confidence",
                        &format!("{:?}", entry.confidence).to_lowercase(),
                    ),
                ],
            );
            chrome::small_ui(ui, text, s, &line);
            if let Some(flag) = &entry.flag {
                let line = format!(
                    "{} ({}): {}",
                    s.get("badge_low"),
                    chrome::isolate(s, entry.flagged_by.as_deref().unwrap_or("")),
                    chrome::isolate(s, flag)
                );
                let red = chrome::Style::default().color(Color32::from_rgb(220, 60, 60));
                chrome::styled_label_ui(ui, text, s, &line, red);
            }
            ui.separator();
            let reviewer = state.initials.trim().to_owned();
            let apply = |edit: TextEdit| ReviewIntent::Apply {
                language: code.clone(),
                edit,
                reviewer: reviewer.clone(),
            };
            match state.mode {
                Mode::Walk => {
                    if !state.signed {
                        chrome::label_ui(ui, text, s, s.get("review_sign_first"));
                    }
                    ui.horizontal(|ui| {
                        if chrome::enabled_button_ui(
                            ui,
                            text,
                            s,
                            state.signed,
                            s.get("review_approve"),
                        )
                        .clicked()
                        {
                            intent = Some(apply(TextEdit::Review {
                                message: id.to_owned(),
                                texts: Vec::new(),
                            }));
                        }
                        if chrome::enabled_button_ui(
                            ui,
                            text,
                            s,
                            state.signed,
                            s.get("review_edit"),
                        )
                        .clicked()
                        {
                            state.mode = Mode::Edit;
                            state.drafts = entry
                                .variants()
                                .iter()
                                .map(|v| {
                                    (*v, entry.variant_text(*v).unwrap_or_default().to_owned())
                                })
                                .collect();
                            state.status = None;
                        }
                        if chrome::enabled_button_ui(
                            ui,
                            text,
                            s,
                            state.signed,
                            s.get("review_flag"),
                        )
                        .clicked()
                        {
                            state.mode = Mode::Flag;
                            state.comment = entry.flag.clone().unwrap_or_default();
                            state.status = None;
                        }
                    });
                }
                Mode::Edit => {
                    for (variant, draft) in &mut state.drafts {
                        let key = match variant {
                            Some(Gender::Female) => "review_edit_f",
                            Some(Gender::Male) => "review_edit_m",
                            None => "review_edit_text",
                        };
                        let label = chrome::label_ui(ui, text, s, s.get(key));
                        ui.add(
                            egui::TextEdit::multiline(draft)
                                .desired_rows(2)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                        chrome::small_ui(ui, text, s, s.get("review_preview"));
                        person_text_ui(ui, text, draft, &code, 30.0, color);
                    }
                    ui.horizontal(|ui| {
                        if chrome::button_ui(ui, text, s, s.get("review_save")).clicked() {
                            let texts = state
                                .drafts
                                .iter()
                                .map(|(v, t)| (*v, t.trim().to_owned()))
                                .collect();
                            intent = Some(apply(TextEdit::Review {
                                message: id.to_owned(),
                                texts,
                            }));
                        }
                        if chrome::button_ui(ui, text, s, s.get("review_cancel")).clicked() {
                            state.mode = Mode::Walk;
                            state.drafts.clear();
                        }
                    });
                }
                Mode::Flag => {
                    let label = chrome::label_ui(ui, text, s, s.get("review_comment"));
                    ui.add(
                        egui::TextEdit::multiline(&mut state.comment)
                            .desired_rows(2)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                    ui.horizontal(|ui| {
                        let ready = !state.comment.trim().is_empty();
                        if chrome::enabled_button_ui(ui, text, s, ready, s.get("review_save_flag"))
                            .clicked()
                        {
                            intent = Some(apply(TextEdit::Flag {
                                message: id.to_owned(),
                                comment: state.comment.trim().to_owned(),
                            }));
                        }
                        if chrome::button_ui(ui, text, s, s.get("review_cancel")).clicked() {
                            state.mode = Mode::Walk;
                            state.comment.clear();
                        }
                    });
                }
            }
            if let Some(status) = &state.status {
                ui.separator();
                chrome::styled_label_ui(ui, text, s, status, chrome::Style::default().strong());
            }
        });
    intent
}
