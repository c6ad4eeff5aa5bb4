//! The catalog loader against every class of bad input: each problem is
//! reported with its file (and line where there is one), all at once, and a
//! broken language never stops the others from loading.

mod common;

use safevoice::catalog::{self, Gender, Problem};
use std::fs;
use std::path::{Path, PathBuf};

const CATALOG: &str = r#"
[[message]]
id = "hello"
pictogram = "smiling-face"
category = "opening"
kind = "statement"
audience = "all"
order = 10
text = "Hello."

[[message]]
id = "q_hurt"
pictogram = "face-with-head-bandage"
category = "safety"
kind = "question"
urgent_if = "yes"
audience = "all"
order = 20
text = "Are you hurt?"

[[message]]
id = "legal_advice"
pictogram = ["briefcase", "balance-scale"]
category = "rights"
kind = "statement"
audience = "all"
order = 30
flag = "legal_aid"
text = "You can get free advice from a lawyer."
"#;

fn meta(code: &str, gendered: bool, voice: bool) -> String {
    format!(
        "code = \"{code}\"\nname = \"Lang {code}\"\nautonym = \"Auto {code}\"\nscript = \"Latn\"\ndirection = \"ltr\"\ncountries = [\"FR\"]\nregions = [\"Western Europe\"]\ngendered = {gendered}\ngesture_note = \"\"\n{}",
        if voice { "voice = \"fr\"\n" } else { "" }
    )
}

fn entry(id: &str, text: &str) -> String {
    format!(
        "[{id}]\ntext = \"{text}\"\nback = \"{text}\"\nstatus = \"machine-drafted\"\nconfidence = \"high\"\n\n"
    )
}

fn clip(id: &str, file: &str) -> String {
    format!(
        "[[clip]]\nmessage = \"{id}\"\nfile = \"{file}\"\nsource = \"synthetic\"\nengine = \"espeak-ng 1.51\"\nvoice = \"fr\"\n\n"
    )
}

/// A small valid catalog: languages `aa` (voiced, with clips) and `bb` (text only).
fn good_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("catalog.toml"), CATALOG).unwrap();
    fs::create_dir_all(root.join("profiles")).unwrap();
    fs::write(
        root.join("profiles/generic.toml"),
        "name = \"Generic\"\nflags = []\n",
    )
    .unwrap();
    for (code, voice) in [("aa", true), ("bb", false)] {
        let lang = root.join(code);
        fs::create_dir_all(lang.join("audio")).unwrap();
        fs::write(lang.join("language.toml"), meta(code, false, voice)).unwrap();
        let texts: String = ["hello", "q_hurt", "legal_advice"]
            .iter()
            .map(|id| entry(id, "x"))
            .collect();
        fs::write(lang.join("texts.toml"), texts).unwrap();
        if voice {
            let mut audio = String::new();
            for id in ["hello", "q_hurt", "legal_advice"] {
                fs::copy(
                    common::fixture("ogg_22k_mono.ogg"),
                    lang.join(format!("audio/{id}.ogg")),
                )
                .unwrap();
                audio += &clip(id, &format!("audio/{id}.ogg"));
            }
            fs::write(lang.join("audio.toml"), audio).unwrap();
        }
    }
    dir
}

fn problems(root: &Path) -> Vec<Problem> {
    catalog::load(root).problems
}

fn has(problems: &[Problem], file_end: &str, line: Option<usize>, words: &str) -> bool {
    problems.iter().any(|p| {
        p.file.ends_with(file_end)
            && (line.is_none() || p.line == line)
            && p.message.contains(words)
    })
}

fn assert_has(problems: &[Problem], file_end: &str, line: Option<usize>, words: &str) {
    assert!(
        has(problems, file_end, line, words),
        "no problem in {file_end} (line {line:?}) saying {words:?}; got:\n{}",
        problems
            .iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The 1-based line of the `nth` (0-based) line of `path` that contains `needle`.
fn line_with(path: &Path, needle: &str, nth: usize) -> Option<usize> {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
}

fn append(path: PathBuf, text: &str) {
    let mut s = fs::read_to_string(&path).unwrap();
    s += text;
    fs::write(path, s).unwrap();
}

#[test]
fn the_good_catalog_has_no_problem() {
    let dir = good_catalog();
    let cat = catalog::load(dir.path());
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);
    assert_eq!(cat.messages.len(), 3);
    assert_eq!(cat.languages.len(), 2);
    let aa = cat.language("aa").unwrap();
    assert!(aa.clip("q_hurt", Gender::Female).is_some());
    assert_eq!(aa.text("hello", Gender::Male), Some("x"));
}

#[test]
fn the_bundled_catalog_loads_without_problems() {
    let cat = catalog::load(&common::root().join("messages"));
    assert!(
        cat.problems.is_empty(),
        "{}",
        cat.problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(cat.messages.len() >= 64);
    assert!(cat.languages.contains_key("en"));
    assert!(cat.profiles.contains_key("generic"));
    assert!(cat.profiles["generic"].flags.is_empty() && cat.profiles["generic"].hotline.is_empty());
}

#[test]
fn unknown_and_duplicate_ids_are_reported_with_lines() {
    let dir = good_catalog();
    let root = dir.path();
    append(
        root.join("catalog.toml"),
        "\n[[message]]\nid = \"hello\"\ncategory = \"opening\"\nkind = \"statement\"\naudience = \"all\"\norder = 40\ntext = \"Again\"\n",
    );
    append(root.join("aa/texts.toml"), &entry("no_such_message", "y"));
    append(
        root.join("aa/audio.toml"),
        &clip("ghost", "audio/hello.ogg"),
    );
    let p = problems(root);
    let dup = line_with(&root.join("catalog.toml"), "id = \"hello\"", 1);
    assert_has(&p, "catalog.toml", dup, "duplicate message id \"hello\"");
    let unknown = line_with(&root.join("aa/texts.toml"), "[no_such_message]", 0);
    assert_has(
        &p,
        "aa/texts.toml",
        unknown,
        "unknown message id \"no_such_message\"",
    );
    let ghost = line_with(&root.join("aa/audio.toml"), "\"ghost\"", 0).map(|l| l - 1);
    assert_has(&p, "aa/audio.toml", ghost, "unknown message id \"ghost\"");
}

#[test]
fn missing_text_and_missing_audio_are_reported() {
    let dir = good_catalog();
    let root = dir.path();
    let texts = fs::read_to_string(root.join("aa/texts.toml")).unwrap();
    let cut = texts.find("[q_hurt]").unwrap();
    let end = texts.find("[legal_advice]").unwrap();
    fs::write(
        root.join("aa/texts.toml"),
        format!("{}{}", &texts[..cut], &texts[end..]),
    )
    .unwrap();
    let audio = fs::read_to_string(root.join("aa/audio.toml")).unwrap();
    fs::write(
        root.join("aa/audio.toml"),
        audio.replace("message = \"legal_advice\"", "message = \"q_hurt\""),
    )
    .unwrap();
    let p = problems(root);
    assert_has(
        &p,
        "aa/texts.toml",
        None,
        "missing text for message \"q_hurt\"",
    );
    assert_has(
        &p,
        "aa/audio.toml",
        None,
        "missing audio for message \"legal_advice\"",
    );
    assert_has(
        &p,
        "aa/audio.toml",
        Some(15),
        "duplicate clip for \"q_hurt\"",
    );
    // The text-only language needs no audio.
    assert!(!p.iter().any(|x| x.file.starts_with(root.join("bb"))));
}

#[test]
fn bad_codes_flags_and_fields_are_reported() {
    let dir = good_catalog();
    let root = dir.path();
    fs::rename(root.join("bb"), root.join("BB_x")).unwrap();
    fs::write(root.join("BB_x/language.toml"), meta("BB_x", false, false)).unwrap();
    let aa_meta = meta("aa", false, true)
        .replace("\"Latn\"", "\"latin\"")
        .replace("[\"FR\"]", "[\"France\"]");
    fs::write(root.join("aa/language.toml"), aa_meta).unwrap();
    let cat = fs::read_to_string(root.join("catalog.toml")).unwrap();
    fs::write(
        root.join("catalog.toml"),
        cat.replace("flag = \"legal_aid\"", "flag = \"free_money\""),
    )
    .unwrap();
    fs::write(root.join("profiles/xx.toml"), "name = \"X\"\nflags = [\"asylum\", \"made_up\"]\n[[hotline]]\nlabel = \"Help\"\nnumber = \"call 112\"\n").unwrap();
    let p = problems(root);
    assert_has(
        &p,
        "BB_x/language.toml",
        Some(1),
        "not a BCP-47 language code",
    );
    assert_has(&p, "aa/language.toml", Some(4), "not an ISO 15924 code");
    assert_has(
        &p,
        "aa/language.toml",
        Some(6),
        "\"France\" is not an ISO 3166",
    );
    assert_has(
        &p,
        "catalog.toml",
        line_with(&root.join("catalog.toml"), "free_money", 0),
        "unknown rights flag \"free_money\"",
    );
    assert_has(
        &p,
        "profiles/xx.toml",
        None,
        "unknown rights flag \"made_up\"",
    );
    assert_has(&p, "profiles/xx.toml", None, "must be digits and spaces");
}

#[test]
fn audio_paths_may_not_leave_the_language_folder() {
    let dir = good_catalog();
    let root = dir.path();
    fs::write(
        root.join("outside.ogg"),
        fs::read(common::fixture("ogg_22k_mono.ogg")).unwrap(),
    )
    .unwrap();
    common::symlink_file(&root.join("outside.ogg"), &root.join("aa/audio/link.ogg"));
    let abs = root.join("outside.ogg");
    let audio = fs::read_to_string(root.join("aa/audio.toml"))
        .unwrap()
        .replace("audio/hello.ogg", "../outside.ogg")
        .replace("audio/q_hurt.ogg", &abs.display().to_string())
        .replace("audio/legal_advice.ogg", "audio/link.ogg");
    fs::write(root.join("aa/audio.toml"), audio).unwrap();
    let cat = catalog::load(root);
    assert_has(
        &cat.problems,
        "aa/audio.toml",
        Some(1),
        "leaves the language folder",
    );
    assert_has(&cat.problems, "aa/audio.toml", Some(8), "is absolute");
    assert_has(
        &cat.problems,
        "aa/audio.toml",
        Some(15),
        "symlink that leaves the language folder",
    );
    assert!(
        cat.language("aa").unwrap().clips.is_empty(),
        "no escaping clip may be used"
    );
}

#[test]
fn a_broken_language_never_stops_the_others() {
    let dir = good_catalog();
    let root = dir.path();
    fs::write(root.join("bb/texts.toml"), "[hello\ntext = \"x\"\n").unwrap();
    let cat = catalog::load(root);
    assert_has(&cat.problems, "bb/texts.toml", Some(1), "invalid TOML");
    assert!(cat.language("bb").is_none());
    assert!(cat.language("aa").is_some());
    assert_eq!(cat.language("aa").unwrap().clips.len(), 3);
}

#[test]
fn text_rules_are_enforced() {
    let dir = good_catalog();
    let root = dir.path();
    let texts = format!(
        "{}[q_hurt]\ntext_f = \"f\"\ntext_m = \"m\"\nback = \"b\"\nstatus = \"machine-drafted\"\nconfidence = \"low\"\n\n[legal_advice]\ntext = \"y\"\nback = \"y\"\nstatus = \"native-reviewed\"\nconfidence = \"high\"\n",
        entry("hello", "")
    );
    fs::write(root.join("bb/texts.toml"), texts).unwrap();
    let p = problems(root);
    assert_has(&p, "bb/texts.toml", Some(1), "hello: empty text");
    assert_has(&p, "bb/texts.toml", Some(7), "gendered = false");
    assert_has(
        &p,
        "bb/texts.toml",
        Some(14),
        "native-reviewed needs reviewer",
    );
}

#[test]
fn a_changed_text_makes_its_clip_out_of_date() {
    let dir = good_catalog();
    let root = dir.path();
    let hash = catalog::load::text_sha256("x");
    let audio = fs::read_to_string(root.join("aa/audio.toml")).unwrap();
    let audio = audio.replacen(
        "voice = \"fr\"\n",
        &format!("voice = \"fr\"\ntext_sha256 = \"{hash}\"\n"),
        1,
    );
    fs::write(root.join("aa/audio.toml"), &audio).unwrap();
    assert!(problems(root).is_empty());
    let texts = fs::read_to_string(root.join("aa/texts.toml")).unwrap();
    fs::write(
        root.join("aa/texts.toml"),
        texts.replacen("text = \"x\"", "text = \"changed\"", 1),
    )
    .unwrap();
    assert_has(&problems(root), "aa/audio.toml", Some(1), "out of date");
}

#[test]
fn unreadable_and_non_utf8_files_are_reported() {
    let dir = good_catalog();
    let root = dir.path();
    fs::write(
        root.join("aa/texts.toml"),
        b"[hello]\ntext = \"\xff\xfe\"\n",
    )
    .unwrap();
    fs::remove_file(root.join("bb/language.toml")).unwrap();
    fs::create_dir(root.join("empty")).unwrap();
    let p = problems(root);
    assert_has(&p, "aa/texts.toml", Some(2), "not valid UTF-8");
    assert_has(&p, "bb/language.toml", None, "cannot read");
    assert_has(&p, "empty/language.toml", None, "cannot read");
}

#[test]
fn a_missing_catalog_file_is_one_clear_problem() {
    let dir = tempfile::tempdir().unwrap();
    let p = problems(dir.path());
    assert_has(&p, "catalog.toml", None, "cannot read");
    assert_has(&p, "profiles", None, "missing profiles folder");
}
