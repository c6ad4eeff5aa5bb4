//! Serde types of the catalog's TOML files. See `messages/README.md`.

use serde::{Deserialize, Serialize};
use std::fmt;
use toml::Spanned;

/// Which part of the message board a message belongs to, in board order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Opening,
    Roles,
    Safety,
    Needs,
    Rights,
    Children,
    Closing,
    Answers,
    Digits,
}

impl Category {
    /// Every category, in board order.
    pub const ALL: [Category; 9] = [
        Category::Opening,
        Category::Roles,
        Category::Safety,
        Category::Needs,
        Category::Rights,
        Category::Children,
        Category::Closing,
        Category::Answers,
        Category::Digits,
    ];

    /// Whether the message board shows it (answer labels and digits are used
    /// by the person view and the hotline instead).
    pub fn on_board(self) -> bool {
        !matches!(self, Category::Answers | Category::Digits)
    }

    /// The TOML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Opening => "opening",
            Category::Roles => "roles",
            Category::Safety => "safety",
            Category::Needs => "needs",
            Category::Rights => "rights",
            Category::Children => "children",
            Category::Closing => "closing",
            Category::Answers => "answers",
            Category::Digits => "digits",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a message does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Statement,
    Question,
    Instruction,
    /// Answer labels and digits.
    Label,
}

impl Kind {
    /// The TOML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Statement => "statement",
            Kind::Question => "question",
            Kind::Instruction => "instruction",
            Kind::Label => "label",
        }
    }
}

/// Who a message is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    All,
    Child,
}

/// The rights flags a jurisdiction profile may switch on.
pub const RIGHTS_FLAGS: [&str; 8] = [
    "assistance_unconditional",
    "non_punishment",
    "legal_aid",
    "reflection_period",
    "residence_permit",
    "assisted_return",
    "asylum",
    "compensation",
];

/// One entry of `catalog.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageDef {
    pub id: Spanned<String>,
    pub category: Category,
    pub kind: Kind,
    pub audience: Audience,
    pub order: Spanned<i64>,
    #[serde(default)]
    pub flag: Option<Spanned<String>>,
    /// What the person sees: one to three pictogram ids of
    /// `assets/pictograms/pictograms.toml`, drawn side by side.
    #[serde(default)]
    pub pictogram: Option<Spanned<PictogramRef>>,
    /// English meaning, shown to the responder.
    pub text: String,
    /// Triage: the answer (`yes` or `no`) that calls for immediate action.
    #[serde(default)]
    pub urgent_if: Option<Spanned<String>>,
    /// Triage: the answer that means the person is a child.
    #[serde(default)]
    pub child_if: Option<Spanned<String>>,
    /// Triage: the indicators an answer raises (`[]`: this question raises none).
    #[serde(default)]
    pub indicators: Option<Vec<IndicatorRef>>,
}

/// `pictogram = "id"` or `pictogram = ["id", "id"]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum PictogramRef {
    One(String),
    Many(Vec<String>),
}

impl PictogramRef {
    /// The ids, in drawing order.
    pub fn ids(&self) -> &[String] {
        match self {
            PictogramRef::One(id) => std::slice::from_ref(id),
            PictogramRef::Many(ids) => ids,
        }
    }
}

impl MessageDef {
    /// The message id.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The rights flag that gates this message, if any.
    pub fn flag(&self) -> Option<&str> {
        self.flag.as_ref().map(|f| f.get_ref().as_str())
    }

    /// The ids of its pictograms (empty when it has none).
    pub fn pictograms(&self) -> &[String] {
        self.pictogram.as_ref().map_or(&[], |p| p.get_ref().ids())
    }
}

/// One `indicators = [{ id, if }]` entry of a question.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRef {
    /// An indicator id of `indicators.toml`.
    pub id: Spanned<String>,
    /// The answer that raises it: `yes` or `no`.
    #[serde(rename = "if")]
    pub when: Spanned<String>,
}

/// The answer a triage mapping reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Yes,
    No,
}

impl Polarity {
    /// `yes` or `no`; anything else is not a polarity (DON'T KNOW and REPEAT
    /// never raise anything).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yes" => Some(Polarity::Yes),
            "no" => Some(Polarity::No),
            _ => None,
        }
    }

    /// The TOML (and session log) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Yes => "yes",
            Polarity::No => "no",
        }
    }
}

/// One `[[indicator]]` of `indicators.toml`: a recognised indicator of forced
/// labour or trafficking that an answer may raise.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// `[a-z0-9_]+`, unique.
    pub id: String,
    /// English name, as the source words it.
    pub name: String,
    /// One line for the responder: what it means and what to raise.
    pub explanation: String,
    /// Where it comes from (publication and indicator).
    pub source: String,
}

/// The whole of `indicators.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    #[serde(default)]
    pub indicator: Vec<Spanned<IndicatorDef>>,
}

/// The whole of `catalog.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    #[serde(default)]
    pub message: Vec<MessageDef>,
}

/// Text direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The TOML (and HTML `dir`) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// `<code>/language.toml`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageMeta {
    /// BCP-47 code, the same as the folder name.
    pub code: String,
    /// English name.
    pub name: String,
    /// The language's own name, in its own script.
    pub autonym: String,
    /// ISO 15924 script code.
    pub script: String,
    pub direction: Direction,
    /// ISO 3166-1 alpha-2 codes of where it is spoken.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Broad regions, for restricting the Listen carousel.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Whether the language marks the gender of the person addressed.
    #[serde(default)]
    pub gendered: bool,
    /// English advice to the responder about yes/no gestures.
    #[serde(default)]
    pub gesture_note: String,
    /// The espeak-ng voice that renders the synthetic clips, if one exists.
    #[serde(default)]
    pub voice: Option<String>,
}

/// How far a translation has been checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextStatus {
    /// Written by machine translation; no speaker has checked it.
    MachineDrafted,
    /// A separate, blind pass (one that saw only the target text, never the
    /// English) translated it back, and that was compared with the meaning.
    BackTranslated,
    /// A native speaker reviewed it.
    NativeReviewed,
    /// The catalog's own source language.
    Source,
}

impl TextStatus {
    /// The TOML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TextStatus::MachineDrafted => "machine-drafted",
            TextStatus::BackTranslated => "back-translated",
            TextStatus::NativeReviewed => "native-reviewed",
            TextStatus::Source => "source",
        }
    }

    /// Whether the responder should be told this text is a draft.
    pub fn is_draft(self) -> bool {
        matches!(
            self,
            TextStatus::MachineDrafted | TextStatus::BackTranslated
        )
    }
}

/// The translator's confidence in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Addressee gender, for languages that mark it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Gender {
    #[serde(rename = "f")]
    Female,
    #[serde(rename = "m")]
    Male,
}

impl Gender {
    /// `f` or `m`.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "f",
            Gender::Male => "m",
        }
    }
}

impl std::str::FromStr for Gender {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "f" | "female" => Ok(Gender::Female),
            "m" | "male" => Ok(Gender::Male),
            other => Err(format!("unknown gender {other:?}: use f or m")),
        }
    }
}

/// One message's text in one language (`<code>/texts.toml`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_f: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_m: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_f: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_m: Option<String>,
    pub status: TextStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_on: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A reviewer's doubt about the text; the responder sees it as low confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Who flagged it (initials or id); required with `flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flagged_by: Option<String>,
    /// When it was flagged (`YYYY-MM-DD`); required with `flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flagged_on: Option<String>,
}

impl TextEntry {
    /// Whether the responder should be warned about this text: the translator
    /// gave it low confidence, or a reviewer flagged it.
    pub fn is_low_confidence(&self) -> bool {
        self.confidence == Confidence::Low || self.flag.is_some()
    }

    /// Its variants: `[None]` for a common text, `[Some(f), Some(m)]` with gender variants.
    pub fn variants(&self) -> &'static [Option<Gender>] {
        if self.has_gender_variants() {
            &[Some(Gender::Female), Some(Gender::Male)]
        } else {
            &[None]
        }
    }

    /// The text of one variant (`None`: the common text).
    pub fn variant_text(&self, variant: Option<Gender>) -> Option<&str> {
        match variant {
            Some(g) => self.text_for(g),
            None => self.text.as_deref(),
        }
    }

    /// Whether this entry has separate feminine and masculine texts.
    pub fn has_gender_variants(&self) -> bool {
        self.text_f.is_some() || self.text_m.is_some()
    }

    /// The text for an addressee of `gender`; the common text when there are no variants.
    pub fn text_for(&self, gender: Gender) -> Option<&str> {
        let variant = match gender {
            Gender::Female => self.text_f.as_deref(),
            Gender::Male => self.text_m.as_deref(),
        };
        variant.or(self.text.as_deref())
    }

    /// The back-translation for an addressee of `gender`.
    pub fn back_for(&self, gender: Gender) -> Option<&str> {
        let variant = match gender {
            Gender::Female => self.back_f.as_deref(),
            Gender::Male => self.back_m.as_deref(),
        };
        variant.or(self.back.as_deref())
    }
}

/// Where a clip came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudioSource {
    /// Rendered by a speech synthesiser.
    Synthetic,
    /// Recorded by a person.
    Recorded,
}

/// One `[[clip]]` of `<code>/audio.toml`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClipDef {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    pub file: String,
    pub source: AudioSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
}

/// The whole of `<code>/audio.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioFile {
    #[serde(default)]
    pub clip: Vec<Spanned<ClipDef>>,
}

/// A hotline number of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    /// What the number is for, in English (shown to the responder).
    pub label: String,
    /// The number as dialled: digits, spaces, and an optional leading `+`.
    pub number: String,
}

impl Hotline {
    /// The digits of the number, in order (what is read out).
    pub fn digits(&self) -> Vec<u8> {
        self.number
            .chars()
            .filter_map(|c| c.to_digit(10))
            .filter_map(|d| u8::try_from(d).ok())
            .collect()
    }
}

/// A jurisdiction profile (`profiles/<name>.toml`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Shown in the settings.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Rights flags switched on: only rights the country really gives.
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub hotline: Vec<Hotline>,
    /// Where to refer, shown with the triage summary when its group is non-empty.
    #[serde(default)]
    pub referral: Vec<Referral>,
}

/// Which group of the triage summary a referral line goes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageGroup {
    Urgent,
    Child,
    Indicators,
}

/// A referral line of a profile: the national referral mechanism, or the
/// child-protection service with its number. Only what has been checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    /// The group it goes with.
    pub group: TriageGroup,
    /// What to do or whom to call, in English (shown to the responder).
    pub label: String,
    /// The number to call, if any: digits and spaces, optional leading `+`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

impl Profile {
    /// Whether the profile switches `flag` on.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// The referral lines that go with `group`.
    pub fn referrals(&self, group: TriageGroup) -> impl Iterator<Item = &Referral> {
        self.referral.iter().filter(move |r| r.group == group)
    }

    /// Whether a message is offered under this profile.
    pub fn allows(&self, message: &MessageDef) -> bool {
        message.flag().is_none_or(|flag| self.has_flag(flag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gender_variant_falls_back_to_common_text() {
        let entry: TextEntry = toml::from_str(
            r#"text_f = "F"
text_m = "M"
back = "B"
status = "machine-drafted"
confidence = "high""#,
        )
        .unwrap();
        assert_eq!(entry.text_for(Gender::Female), Some("F"));
        assert_eq!(entry.text_for(Gender::Male), Some("M"));
        assert_eq!(entry.back_for(Gender::Male), Some("B"));
        let common: TextEntry =
            toml::from_str("text = \"T\"\nstatus = \"source\"\nconfidence = \"low\"").unwrap();
        assert_eq!(common.text_for(Gender::Female), Some("T"));
    }

    #[test]
    fn hotline_digits_skip_spaces_and_plus() {
        let h = Hotline {
            label: "x".into(),
            number: "+44 800 12".into(),
        };
        assert_eq!(h.digits(), vec![4, 4, 8, 0, 0, 1, 2]);
    }

    #[test]
    fn drafts_are_drafts() {
        assert!(TextStatus::MachineDrafted.is_draft());
        assert!(TextStatus::BackTranslated.is_draft());
        assert!(!TextStatus::NativeReviewed.is_draft());
    }
}
