//! Per-language coverage: how much text, audio and review each language has.

use super::load::{Catalog, Language};
use super::model::{AudioSource, Confidence, TextStatus};
use serde::Serialize;

/// What one language has. Field names are the `check --json` schema.
#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    pub code: String,
    pub name: String,
    pub autonym: String,
    pub direction: &'static str,
    pub messages: usize,
    pub messages_with_text: usize,
    pub messages_with_audio: usize,
    pub audio_recorded: usize,
    pub audio_synthetic: usize,
    pub text_reviewed: usize,
    pub text_draft: usize,
    pub text_low_confidence: usize,
    /// Texts a reviewer flagged (shown to the responder as low confidence).
    pub text_flagged: usize,
    /// Clips that speak an older text than the current one.
    pub clips_out_of_date: usize,
}

impl Coverage {
    /// Count what `language` has against the catalog's messages.
    pub fn of(catalog: &Catalog, language: &Language) -> Self {
        let ids = catalog.messages.iter().map(|m| m.id());
        let mut c = Coverage {
            code: language.meta.code.clone(),
            name: language.meta.name.clone(),
            autonym: language.meta.autonym.clone(),
            direction: language.meta.direction.as_str(),
            messages: catalog.messages.len(),
            messages_with_text: 0,
            messages_with_audio: 0,
            audio_recorded: 0,
            audio_synthetic: 0,
            text_reviewed: 0,
            text_draft: 0,
            text_low_confidence: 0,
            text_flagged: 0,
            clips_out_of_date: 0,
        };
        for id in ids {
            if let Some(text) = language.texts.get(id) {
                c.messages_with_text += 1;
                match text.status {
                    TextStatus::NativeReviewed | TextStatus::Source => c.text_reviewed += 1,
                    TextStatus::MachineDrafted | TextStatus::BackTranslated => c.text_draft += 1,
                }
                if text.confidence == Confidence::Low {
                    c.text_low_confidence += 1;
                }
                if text.flag.is_some() {
                    c.text_flagged += 1;
                }
            }
            if language.clips.iter().any(|clip| clip.def.message == id) {
                c.messages_with_audio += 1;
            }
        }
        for clip in &language.clips {
            if clip.out_of_date {
                c.clips_out_of_date += 1;
            }
            match clip.def.source {
                AudioSource::Recorded => c.audio_recorded += 1,
                AudioSource::Synthetic => c.audio_synthetic += 1,
            }
        }
        c
    }

    /// Coverage of every language in the catalog, by code.
    /// The counts every coverage table ends with, in its column order:
    /// recorded, synthetic, reviewed, drafted, flagged, low confidence, stale.
    pub fn tail_counts(&self) -> [usize; 7] {
        [
            self.audio_recorded,
            self.audio_synthetic,
            self.text_reviewed,
            self.text_draft,
            self.text_flagged,
            self.text_low_confidence,
            self.clips_out_of_date,
        ]
    }

    pub fn all(catalog: &Catalog) -> Vec<Coverage> {
        catalog
            .languages
            .values()
            .map(|l| Coverage::of(catalog, l))
            .collect()
    }
}
