//! Reading and validating a catalog folder.
//!
//! [`load`] never stops at the first problem: it loads every language it can
//! and records each problem, with its file and line, in [`Catalog::problems`].
//! A broken language is left out; the others load as usual.

use super::model::{
    AudioFile, CatalogFile, ClipDef, Gender, IndicatorDef, IndicatorFile, Kind, LanguageMeta,
    MessageDef, Polarity, Profile, RIGHTS_FLAGS, TextEntry, TextStatus,
};
use super::pictogram::{self, PictogramSet};
use super::problem::Problem;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The regions a language may name (for the Listen carousel).
pub const REGIONS: [&str; 16] = [
    "West Africa",
    "Central Africa",
    "East Africa",
    "Horn of Africa",
    "North Africa",
    "Middle East",
    "South Asia",
    "South-East Asia",
    "East Asia",
    "Central Asia",
    "Caucasus",
    "Eastern Europe",
    "South-Eastern Europe",
    "Western Europe",
    "Latin America",
    "Caribbean",
];

/// A loaded catalog: every message, every language that loaded, every profile,
/// and every problem found on the way.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// The folder it was loaded from.
    pub root: PathBuf,
    /// Messages in board order.
    pub messages: Vec<MessageDef>,
    /// Languages by code.
    pub languages: BTreeMap<String, Language>,
    /// Jurisdiction profiles by file stem.
    pub profiles: BTreeMap<String, Profile>,
    /// The pictogram set the messages name (its manifest; the SVGs are parsed
    /// by [`PictogramSet::parse_all`]).
    pub pictograms: PictogramSet,
    /// The indicators questions may raise (`indicators.toml`), in file order.
    pub indicators: Vec<IndicatorDef>,
    /// Everything wrong, in the order found.
    pub problems: Vec<Problem>,
    /// Languages with content withheld by the pack check, and the refused files.
    pub withheld: BTreeMap<String, Vec<PathBuf>>,
}

impl Catalog {
    /// The message with `id`.
    pub fn message(&self, id: &str) -> Option<&MessageDef> {
        self.messages.iter().find(|m| m.id() == id)
    }

    /// The indicator with `id`.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The language with `code`.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.get(code)
    }
}

/// One language that loaded.
#[derive(Clone, Debug)]
pub struct Language {
    pub meta: LanguageMeta,
    /// Its folder.
    pub dir: PathBuf,
    /// Texts by message id.
    pub texts: BTreeMap<String, TextEntry>,
    /// Clips whose file exists inside the language folder.
    pub clips: Vec<Clip>,
}

/// A clip with its resolved path.
#[derive(Clone, Debug)]
pub struct Clip {
    pub def: ClipDef,
    /// Absolute or catalog-relative path of the file, inside the language folder.
    pub path: PathBuf,
    /// The text it was made from (`text_sha256`) is no longer the text: it
    /// must be rendered or recorded again.
    pub out_of_date: bool,
}

impl Language {
    /// The text of message `id` for an addressee of `gender`.
    pub fn text(&self, id: &str, gender: Gender) -> Option<&str> {
        self.texts.get(id).and_then(|t| t.text_for(gender))
    }

    /// The clip of message `id` for `gender`: the gender variant when there is
    /// one, else the common clip.
    pub fn clip(&self, id: &str, gender: Gender) -> Option<&Clip> {
        let for_id = || self.clips.iter().filter(move |c| c.def.message == id);
        for_id()
            .find(|c| c.def.gender == Some(gender))
            .or_else(|| for_id().find(|c| c.def.gender.is_none()))
    }

    /// Whether any clip exists.
    pub fn has_audio(&self) -> bool {
        !self.clips.is_empty()
    }

    /// Whether a finder query matches this language: its English name,
    /// autonym, code, or a country where it is spoken (code or English name).
    /// Case-insensitive; an empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return true;
        }
        let m = &self.meta;
        m.name.to_lowercase().contains(&q)
            || m.autonym.to_lowercase().contains(&q)
            || m.code.to_lowercase() == q
            || m.countries.iter().any(|c| {
                c.to_lowercase() == q
                    || super::countries::name(c).is_some_and(|n| n.to_lowercase().contains(&q))
            })
    }
}

/// The SHA-256 (hex) of a text, as stored in `text_sha256`.
pub fn text_sha256(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

/// Load and validate the catalog under `root`, with the pictograms of
/// [`pictogram::default_dir`].
pub fn load(root: &Path) -> Catalog {
    load_filtered(root, None, &pictogram::default_dir(root))
}

/// Load and validate the catalog under `root`, with the pictograms in `pictograms`.
pub fn load_with_pictograms(root: &Path, pictograms: &Path) -> Catalog {
    load_filtered(root, None, pictograms)
}

/// Load `catalog.toml`, the profiles and only the languages in `codes`
/// (what `play` needs: faster than validating all sixty).
pub fn load_only(root: &Path, codes: &[&str]) -> Catalog {
    load_filtered(root, Some(codes), &pictogram::default_dir(root))
}

fn load_filtered(root: &Path, codes: Option<&[&str]>, pictograms: &Path) -> Catalog {
    let mut catalog = Catalog {
        root: root.to_path_buf(),
        ..Catalog::default()
    };
    let problems = &mut catalog.problems;
    catalog.pictograms = PictogramSet::load(pictograms, problems);
    catalog.indicators = load_indicators(&root.join("indicators.toml"), problems);
    catalog.messages = load_messages(
        &root.join("catalog.toml"),
        &catalog.pictograms,
        &catalog.indicators,
        problems,
    );
    catalog.profiles = load_profiles(&root.join("profiles"), problems);

    let dirs = match language_dirs(root) {
        Ok(dirs) => dirs,
        Err(err) => {
            problems.push(Problem::file(root, format!("cannot read folder: {err}")));
            return catalog;
        }
    };
    let dirs = dirs
        .into_iter()
        .filter(|p| {
            codes.is_none_or(|codes| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| codes.contains(&n))
            })
        })
        .collect::<Vec<_>>();
    // Languages are independent: parse them on all cores, then merge in
    // folder order so problems are reported in the same order every time.
    let messages = &catalog.messages;
    let loaded = crate::parallel::map(&dirs, |dir| load_language_dir(dir, messages));
    for (code, language, mut found) in loaded {
        problems.append(&mut found);
        if let (Some(code), Some(language)) = (code, language) {
            catalog.languages.insert(code, language);
        }
    }
    catalog
}

/// A language folder's code, language and problems.
type LoadedLanguage = (Option<String>, Option<Language>, Vec<Problem>);

fn load_language_dir(dir: &Path, messages: &[MessageDef]) -> LoadedLanguage {
    let mut problems = Vec::new();
    let Some(code) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
        problems.push(Problem::file(dir, "folder name is not valid UTF-8"));
        return (None, None, problems);
    };
    let language = load_language(dir, &code, messages, &mut problems);
    (Some(code), language, problems)
}

/// The folders under `root` that may hold a language (every folder but
/// `profiles`), sorted.
fn language_dirs(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "profiles"))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The codes of the languages under `root` (folders with a `language.toml`),
/// sorted, without parsing any file: for an error that lists them.
pub fn language_codes(root: &Path) -> Vec<String> {
    language_dirs(root)
        .unwrap_or_default()
        .into_iter()
        .filter(|dir| dir.join("language.toml").is_file())
        .filter_map(|dir| dir.file_name()?.to_str().map(str::to_owned))
        .collect()
}

/// Read a TOML file into `T`, recording a problem (with line) when it fails.
pub(super) fn read_toml<T: DeserializeOwned>(
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<(T, String)> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            problems.push(Problem::file(path, format!("cannot read: {err}")));
            return None;
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(err.as_bytes()).into_owned();
            problems.push(Problem::at(
                path,
                &source,
                offset,
                "file is not valid UTF-8",
            ));
            return None;
        }
    };
    match toml::from_str::<T>(&source) {
        Ok(value) => Some((value, source)),
        Err(err) => {
            let message = format!("invalid TOML: {}", err.message().trim());
            problems.push(match err.span() {
                Some(span) => Problem::at(path, &source, span.start, message),
                None => Problem::file(path, message),
            });
            None
        }
    }
}

fn is_message_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn load_messages(
    path: &Path,
    pictograms: &PictogramSet,
    indicators: &[IndicatorDef],
    problems: &mut Vec<Problem>,
) -> Vec<MessageDef> {
    let Some((file, source)) = read_toml::<CatalogFile>(path, problems) else {
        return Vec::new();
    };
    let mut seen_ids = HashSet::new();
    let mut seen_orders = HashSet::new();
    let mut messages = Vec::new();
    for message in file.message {
        let id_at = message.id.span().start;
        let mut ok = true;
        if !is_message_id(message.id()) {
            problems.push(Problem::at(
                path,
                &source,
                id_at,
                format!("bad message id {:?}: use a-z, 0-9 and _", message.id()),
            ));
            ok = false;
        }
        if !seen_ids.insert(message.id().to_owned()) {
            problems.push(Problem::at(
                path,
                &source,
                id_at,
                format!("duplicate message id {:?}", message.id()),
            ));
            ok = false;
        }
        if !seen_orders.insert(*message.order.get_ref()) {
            problems.push(Problem::at(
                path,
                &source,
                message.order.span().start,
                format!(
                    "duplicate order {} (message {:?})",
                    message.order.get_ref(),
                    message.id()
                ),
            ));
        }
        if let Some(flag) = &message.flag {
            if !RIGHTS_FLAGS.contains(&flag.get_ref().as_str()) {
                problems.push(Problem::at(
                    path,
                    &source,
                    flag.span().start,
                    format!("unknown rights flag {:?}", flag.get_ref()),
                ));
            } else if message.category != super::Category::Rights {
                problems.push(Problem::at(
                    path,
                    &source,
                    flag.span().start,
                    "only rights messages may carry a flag",
                ));
            }
        }
        pictogram::check_message(&message, pictograms, path, &source, problems);
        if ok {
            let mut message = message;
            check_triage(&mut message, indicators, path, &source, problems);
            messages.push(message);
        }
    }
    messages.sort_by_key(|m| *m.order.get_ref());
    messages
}

/// Read `indicators.toml`, if there is one (a catalog without it defines no
/// indicator, and any question naming one is reported).
fn load_indicators(path: &Path, problems: &mut Vec<Problem>) -> Vec<IndicatorDef> {
    if !path.exists() {
        return Vec::new();
    }
    let Some((file, source)) = read_toml::<IndicatorFile>(path, problems) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for indicator in file.indicator {
        let at = indicator.span().start;
        let def = indicator.into_inner();
        let mut problem = |message: String| problems.push(Problem::at(path, &source, at, message));
        if !is_message_id(&def.id) {
            problem(format!("bad indicator id {:?}: use a-z, 0-9 and _", def.id));
            continue;
        }
        if !seen.insert(def.id.clone()) {
            problem(format!("duplicate indicator id {:?}", def.id));
            continue;
        }
        let empty: Vec<&str> = [
            ("name", &def.name),
            ("explanation", &def.explanation),
            ("source", &def.source),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
        if !empty.is_empty() {
            problem(format!(
                "indicator {:?}: empty {}",
                def.id,
                empty.join(", ")
            ));
            continue;
        }
        out.push(def);
    }
    out
}

/// Check a message's triage mapping: polarities are `yes` or `no`, indicator
/// ids are defined, only questions carry a mapping, and every question has
/// one (or an explicit `indicators = []`). A bad entry is reported and
/// dropped, so it can never raise anything.
fn check_triage(
    message: &mut MessageDef,
    indicators: &[IndicatorDef],
    path: &Path,
    source: &str,
    problems: &mut Vec<Problem>,
) {
    let id = message.id().to_owned();
    let id_at = message.id.span().start;
    let is_question = message.kind == Kind::Question;
    let mapped =
        message.urgent_if.is_some() || message.child_if.is_some() || message.indicators.is_some();
    if is_question && !mapped {
        problems.push(Problem::at(
            path,
            source,
            id_at,
            format!(
                "question {id:?} has no triage mapping: add urgent_if, child_if or indicators (indicators = [] when it raises none)"
            ),
        ));
    }
    if !is_question && mapped {
        problems.push(Problem::at(
            path,
            source,
            id_at,
            format!(
                "{id:?} is not a question: only questions carry urgent_if, child_if or indicators"
            ),
        ));
        message.urgent_if = None;
        message.child_if = None;
        message.indicators = None;
        return;
    }
    for (field, value) in [
        ("urgent_if", &mut message.urgent_if),
        ("child_if", &mut message.child_if),
    ] {
        if let Some(v) = value
            && Polarity::parse(v.get_ref()).is_none()
        {
            problems.push(Problem::at(
                path,
                source,
                v.span().start,
                format!(
                    "{id}: {field} = {:?}: the answer must be \"yes\" or \"no\"",
                    v.get_ref()
                ),
            ));
            *value = None;
        }
    }
    if let Some(list) = &mut message.indicators {
        let mut seen = HashSet::new();
        list.retain(|r| {
            let mut ok = true;
            if !indicators.iter().any(|i| &i.id == r.id.get_ref()) {
                problems.push(Problem::at(
                    path,
                    source,
                    r.id.span().start,
                    format!(
                        "{id}: unknown indicator id {:?} (see indicators.toml)",
                        r.id.get_ref()
                    ),
                ));
                ok = false;
            }
            if Polarity::parse(r.when.get_ref()).is_none() {
                problems.push(Problem::at(
                    path,
                    source,
                    r.when.span().start,
                    format!(
                        "{id}: indicator {:?} if = {:?}: the answer must be \"yes\" or \"no\"",
                        r.id.get_ref(),
                        r.when.get_ref()
                    ),
                ));
                ok = false;
            }
            if ok && !seen.insert(r.id.get_ref().clone()) {
                problems.push(Problem::at(
                    path,
                    source,
                    r.id.span().start,
                    format!("{id}: indicator {:?} listed twice", r.id.get_ref()),
                ));
                ok = false;
            }
            ok
        });
    }
}

/// Whether a phone number is digits and spaces, with an optional leading `+`.
fn is_phone_number(number: &str) -> bool {
    number
        .trim_start_matches('+')
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ')
        && number.chars().any(|c| c.is_ascii_digit())
}

fn load_profiles(dir: &Path, problems: &mut Vec<Problem>) -> BTreeMap<String, Profile> {
    let mut profiles = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        problems.push(Problem::file(
            dir,
            "missing profiles folder (ship at least generic.toml)",
        ));
        return profiles;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            problems.push(Problem::file(&path, "file name is not valid UTF-8"));
            continue;
        };
        let Some((profile, _)) = read_toml::<Profile>(&path, problems) else {
            continue;
        };
        let mut ok = true;
        for flag in &profile.flags {
            if !RIGHTS_FLAGS.contains(&flag.as_str()) {
                problems.push(Problem::file(
                    &path,
                    format!("unknown rights flag {flag:?}"),
                ));
                ok = false;
            }
        }
        for hotline in &profile.hotline {
            if !is_phone_number(&hotline.number) {
                problems.push(Problem::file(
                    &path,
                    format!("hotline {:?}: number {:?} must be digits and spaces, with an optional leading +", hotline.label, hotline.number),
                ));
                ok = false;
            }
            if hotline.label.trim().is_empty() {
                problems.push(Problem::file(&path, "a hotline needs a label"));
                ok = false;
            }
        }
        for referral in &profile.referral {
            if let Some(number) = &referral.number
                && !is_phone_number(number)
            {
                problems.push(Problem::file(
                    &path,
                    format!("referral {:?}: number {number:?} must be digits and spaces, with an optional leading +", referral.label),
                ));
                ok = false;
            }
            if referral.label.trim().is_empty() {
                problems.push(Problem::file(&path, "a referral needs a label"));
                ok = false;
            }
        }
        if ok {
            profiles.insert(stem, profile);
        }
    }
    if !profiles.contains_key("generic") {
        problems.push(Problem::file(dir, "no valid generic.toml profile"));
    }
    profiles
}

/// Whether `code` has the shape of the BCP-47 tags the catalog uses:
/// language (2-3 letters), optional script (4 letters, title case), optional region.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    lang_ok
        && parts.all(|p| {
            let b = p.as_bytes();
            (p.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase))
                || (p.len() == 2 && b.iter().all(u8::is_ascii_uppercase))
        })
}

fn check_meta(
    meta: &LanguageMeta,
    code: &str,
    path: &Path,
    source: &str,
    problems: &mut Vec<Problem>,
) -> bool {
    let before = problems.len();
    let at = |needle: &str| source.find(needle).unwrap_or(0);
    if meta.code != code {
        problems.push(Problem::at(
            path,
            source,
            at("code"),
            format!("code {:?} does not match its folder {code:?}", meta.code),
        ));
    }
    if !is_language_code(code) {
        problems.push(Problem::at(
            path,
            source,
            at("code"),
            format!("{code:?} is not a BCP-47 language code"),
        ));
    }
    let script_ok = meta.script.len() == 4
        && meta
            .script
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        && meta.script.chars().skip(1).all(|c| c.is_ascii_lowercase());
    if !script_ok {
        problems.push(Problem::at(
            path,
            source,
            at("script"),
            format!("script {:?} is not an ISO 15924 code", meta.script),
        ));
    }
    for (field, value) in [("name", &meta.name), ("autonym", &meta.autonym)] {
        if value.trim().is_empty() {
            problems.push(Problem::at(
                path,
                source,
                at(field),
                format!("{field} is empty"),
            ));
        }
    }
    for country in &meta.countries {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            problems.push(Problem::at(
                path,
                source,
                at(country),
                format!("country {country:?} is not an ISO 3166 alpha-2 code"),
            ));
        }
    }
    for region in &meta.regions {
        if !REGIONS.contains(&region.as_str()) {
            problems.push(Problem::at(
                path,
                source,
                at(region),
                format!("unknown region {region:?}"),
            ));
        }
    }
    problems.len() == before
}

fn load_language(
    dir: &Path,
    code: &str,
    messages: &[MessageDef],
    problems: &mut Vec<Problem>,
) -> Option<Language> {
    let meta_path = dir.join("language.toml");
    let texts_path = dir.join("texts.toml");
    let (meta, meta_source) = read_toml::<LanguageMeta>(&meta_path, problems)?;
    if !check_meta(&meta, code, &meta_path, &meta_source, problems) {
        return None;
    }
    let (texts, texts_source) =
        read_toml::<BTreeMap<Spanned<String>, Spanned<TextEntry>>>(&texts_path, problems)?;
    let known: HashSet<&str> = messages.iter().map(MessageDef::id).collect();

    let mut out = BTreeMap::new();
    for (id, entry) in texts {
        let at = id.span().start;
        let id = id.into_inner();
        if !known.contains(id.as_str()) {
            problems.push(Problem::at(
                &texts_path,
                &texts_source,
                at,
                format!("unknown message id {id:?}"),
            ));
            continue;
        }
        let entry = entry.into_inner();
        for message in check_text(&entry, meta.gendered) {
            problems.push(Problem::at(
                &texts_path,
                &texts_source,
                at,
                format!("{id}: {message}"),
            ));
        }
        out.insert(id, entry);
    }
    for message in messages {
        if !out.contains_key(message.id()) {
            problems.push(Problem::file(
                &texts_path,
                format!("missing text for message {:?}", message.id()),
            ));
        }
    }

    let mut language = Language {
        meta,
        dir: dir.to_path_buf(),
        texts: out,
        clips: Vec::new(),
    };
    load_clips(&mut language, &known, problems);
    if language.meta.voice.is_some() {
        check_audio_complete(&language, messages, problems);
    }
    Some(language)
}

fn check_text(entry: &TextEntry, gendered: bool) -> Vec<String> {
    let mut out = Vec::new();
    let variants = entry.text_f.is_some() as u8 + entry.text_m.is_some() as u8;
    match (entry.text.is_some(), variants) {
        (true, 0) | (false, 2) => {}
        (false, 0) => out.push("no text (give text, or text_f and text_m)".into()),
        (true, _) => out.push("give either text or text_f/text_m, not both".into()),
        (false, _) => out.push("text_f and text_m must come together".into()),
    }
    if variants > 0 && !gendered {
        out.push("gender variants in a language whose language.toml says gendered = false".into());
    }
    for text in [&entry.text, &entry.text_f, &entry.text_m]
        .into_iter()
        .flatten()
    {
        if text.trim().is_empty() {
            out.push("empty text".into());
        }
    }
    // A native-reviewed text may have lost its back-translation: the import
    // drops a back-translation that no longer describes a text the reviewer changed.
    let needs_back = !matches!(
        entry.status,
        TextStatus::Source | TextStatus::NativeReviewed
    );
    let back_missing = entry
        .variants()
        .iter()
        .any(|v| back_of(entry, *v).is_none_or(|b| b.trim().is_empty()));
    if needs_back && back_missing {
        out.push("missing back-translation (back)".into());
    }
    match (&entry.flag, &entry.flagged_by, &entry.flagged_on) {
        (None, None, None) => {}
        (Some(flag), Some(by), Some(on)) => {
            if flag.trim().is_empty() {
                out.push("empty flag: give the reviewer's comment".into());
            }
            if by.trim().is_empty() {
                out.push("flagged_by is empty".into());
            }
            if !is_date(on) {
                out.push(format!("flagged_on {on:?} is not a date (YYYY-MM-DD)"));
            }
        }
        _ => out.push("flag, flagged_by and flagged_on must come together".into()),
    }
    if let Some(on) = &entry.reviewed_on
        && !is_date(on)
    {
        out.push(format!("reviewed_on {on:?} is not a date (YYYY-MM-DD)"));
    }
    if entry.status == TextStatus::NativeReviewed
        && (entry.reviewer.as_deref().is_none_or(str::is_empty) || entry.reviewed_on.is_none())
    {
        out.push("native-reviewed needs reviewer and reviewed_on".into());
    }
    out
}

/// The back-translation of one variant (`None`: the common one).
fn back_of(entry: &TextEntry, variant: Option<Gender>) -> Option<&str> {
    match variant {
        Some(g) => entry.back_for(g),
        None => entry.back.as_deref(),
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, format).is_ok()
}

/// Why a clip path may not be used, if it may not.
pub fn check_clip_path(lang_dir: &Path, file: &str) -> Result<PathBuf, String> {
    let mut real = RealDirs::of(lang_dir).map_err(|err| format!("language folder: {err}"))?;
    real.check(lang_dir, file)
}

/// A language folder's real path and those of the folders under it that
/// hold clips, resolved once each rather than once per clip.
struct RealDirs {
    root: PathBuf,
    parents: HashMap<PathBuf, PathBuf>,
}

impl RealDirs {
    fn of(lang_dir: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: std::fs::canonicalize(lang_dir)?,
            parents: HashMap::new(),
        })
    }

    /// The real path of `path`, whose own entry is `meta`.
    fn resolve(&mut self, path: &Path, meta: &std::fs::Metadata) -> std::io::Result<PathBuf> {
        let (Some(parent), Some(name), false) = (
            path.parent(),
            path.file_name(),
            meta.file_type().is_symlink(),
        ) else {
            return std::fs::canonicalize(path);
        };
        if let Some(real) = self.parents.get(parent) {
            return Ok(real.join(name));
        }
        let real = std::fs::canonicalize(parent)?;
        let out = real.join(name);
        self.parents.insert(parent.to_path_buf(), real);
        Ok(out)
    }

    /// Check the clip path `file` of the language folder `lang_dir`.
    fn check(&mut self, lang_dir: &Path, file: &str) -> Result<PathBuf, String> {
        let rel = Path::new(file);
        if file.is_empty() {
            return Err("empty clip path".into());
        }
        // `has_root`: on Windows `/etc/x` is not "absolute" (no drive), but is
        // no more relative to the language folder than on Unix.
        if rel.is_absolute() || rel.has_root() {
            return Err(format!(
                "clip path {file:?} is absolute: it must be relative to the language folder"
            ));
        }
        if rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(format!("clip path {file:?} leaves the language folder"));
        }
        let path = lang_dir.join(rel);
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|_| format!("clip file {file:?} does not exist"))?;
        let real = self
            .resolve(&path, &meta)
            .map_err(|err| format!("clip file {file:?}: {err}"))?;
        if !real.starts_with(&self.root) {
            return Err(format!(
                "clip path {file:?} is a symlink that leaves the language folder"
            ));
        }
        if !meta.file_type().is_symlink() && !meta.is_file() {
            return Err(format!("clip path {file:?} is not a file"));
        }
        Ok(path)
    }
}

fn load_clips(language: &mut Language, known: &HashSet<&str>, problems: &mut Vec<Problem>) {
    let path = language.dir.join("audio.toml");
    if !path.exists() {
        return;
    }
    let Some((file, source)) = read_toml::<AudioFile>(&path, problems) else {
        return;
    };
    let mut real_dirs = match RealDirs::of(&language.dir) {
        Ok(dirs) => dirs,
        Err(err) => {
            problems.push(Problem::file(
                &language.dir,
                format!("language folder: {err}"),
            ));
            return;
        }
    };
    let mut seen: HashMap<(String, Option<Gender>), ()> = HashMap::new();
    for clip in file.clip {
        let at = clip.span().start;
        let def = clip.into_inner();
        let mut problem = |message: String| problems.push(Problem::at(&path, &source, at, message));
        if !known.contains(def.message.as_str()) {
            problem(format!("clip for unknown message id {:?}", def.message));
            continue;
        }
        if seen.insert((def.message.clone(), def.gender), ()).is_some() {
            problem(format!(
                "duplicate clip for {:?}{}",
                def.message,
                gender_suffix(def.gender)
            ));
            continue;
        }
        let resolved = match real_dirs.check(&language.dir, &def.file) {
            Ok(p) => p,
            Err(message) => {
                problem(message);
                continue;
            }
        };
        let mut out_of_date = false;
        if let (Some(hash), Some(entry)) = (&def.text_sha256, language.texts.get(&def.message)) {
            let text = match def.gender {
                Some(g) => entry.text_for(g),
                None => entry.text.as_deref().or(entry.text_m.as_deref()),
            };
            out_of_date = text.is_some_and(|t| &text_sha256(t) != hash);
            if out_of_date {
                problem(format!(
                    "clip {:?} is out of date: the text of {:?}{} changed since it was made",
                    def.file,
                    def.message,
                    gender_suffix(def.gender)
                ));
            }
        }
        language.clips.push(Clip {
            def,
            path: resolved,
            out_of_date,
        });
    }
}

fn gender_suffix(gender: Option<Gender>) -> String {
    gender
        .map(|g| format!(" ({})", g.as_str()))
        .unwrap_or_default()
}

fn check_audio_complete(language: &Language, messages: &[MessageDef], problems: &mut Vec<Problem>) {
    let audio_path = language.dir.join("audio.toml");
    for message in messages {
        let id = message.id();
        let genders: &[Option<Gender>] = match language.texts.get(id) {
            Some(entry) if entry.has_gender_variants() => {
                &[Some(Gender::Female), Some(Gender::Male)]
            }
            _ => &[None],
        };
        for gender in genders {
            let found = language.clips.iter().any(|c| {
                c.def.message == id && (c.def.gender == *gender || c.def.gender.is_none())
            });
            if !found {
                problems.push(Problem::file(
                    &audio_path,
                    format!("missing audio for message {id:?}{}", gender_suffix(*gender)),
                ));
            }
        }
    }
}
