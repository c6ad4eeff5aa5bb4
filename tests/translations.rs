//! The gettext round trip with the real tools: every exported PO file passes
//! GNU gettext's `msgfmt --check` and translate-toolkit's `pofilter`; a file
//! edited by script and re-wrapped by `msgfilter` imports exactly the strings
//! it confirms; and every kind of bad file is refused, naming its line, with
//! `texts.toml` left byte for byte as it was.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn safevoice(messages: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .arg("--messages")
        .arg(messages)
        .args(args)
        .output()
        .expect("safevoice runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is not installed (scripts/install-deps.sh --test): {e}"))
}

fn export(messages: &Path, code: &str, to: &Path) -> Vec<u8> {
    let out = safevoice(
        messages,
        &["translations", "export", code, "-o", to.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    fs::read(to).unwrap()
}

/// The PO entry (lines) whose msgctxt is `ctx`, as a range of line indices.
fn entry_lines(lines: &[String], ctx: &str) -> std::ops::Range<usize> {
    let at = lines
        .iter()
        .position(|l| l == &format!("msgctxt \"{ctx}\""))
        .unwrap_or_else(|| panic!("no entry {ctx}"));
    let start = lines[..at]
        .iter()
        .rposition(String::is_empty)
        .map_or(0, |i| i + 1);
    let end = lines[at..]
        .iter()
        .position(String::is_empty)
        .map_or(lines.len(), |i| at + i);
    start..end
}

/// Confirm the entry `ctx` (clear its fuzzy flag), with `new_text` as its msgstr when given.
fn confirm(po: &str, ctx: &str, new_text: Option<&str>) -> String {
    let mut lines: Vec<String> = po.lines().map(str::to_owned).collect();
    let range = entry_lines(&lines, ctx);
    let mut entry: Vec<String> = lines[range.clone()]
        .iter()
        .filter(|l| l.as_str() != "#, fuzzy")
        .cloned()
        .collect();
    if let Some(new_text) = new_text {
        let at = entry.iter().position(|l| l.starts_with("msgstr ")).unwrap();
        entry.truncate(at);
        entry.push(format!("msgstr \"{new_text}\""));
    }
    lines.splice(range, entry);
    lines.join("\n") + "\n"
}

/// The 1-based line of the first line of `po` that starts with `prefix`, after `ctx`'s msgctxt.
fn line_of(po: &str, ctx: &str, prefix: &str) -> usize {
    let lines: Vec<String> = po.lines().map(str::to_owned).collect();
    let range = entry_lines(&lines, ctx);
    range.start
        + lines[range]
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap()
        + 1
}

/// `po` with its 1-based line `line` replaced by `with`.
fn replace_line(po: &str, line: usize, with: &str) -> String {
    let mut lines: Vec<&str> = po.lines().collect();
    lines[line - 1] = with;
    lines.join("\n") + "\n"
}

/// `texts.toml` split into its preamble and its tables, by header.
fn tables(toml: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new())];
    for line in toml.split_inclusive('\n') {
        if line.starts_with('[') {
            out.push((line.trim().to_owned(), String::new()));
        }
        out.last_mut().unwrap().1.push_str(line);
    }
    out
}

#[test]
fn every_export_passes_msgfmt_and_pofilter() {
    let dir = tempfile::tempdir().unwrap();
    let po_dir = dir.path().join("po");
    let bundled = common::root().join("messages");
    let out = safevoice(
        &bundled,
        &[
            "translations",
            "export",
            "--all",
            "-o",
            po_dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut files: Vec<PathBuf> = fs::read_dir(&po_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Every language of the catalog but English (the source).
    let languages = fs::read_dir(&bundled)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("language.toml").is_file())
        .count();
    assert_eq!(files.len(), languages - 1);
    assert!(!po_dir.join("en.po").exists());
    for file in &files {
        let out = tool(
            "msgfmt",
            &["--check", "-o", "/dev/null", file.to_str().unwrap()],
        );
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "msgfmt --check {}: {}",
            file.display(),
            text(&out)
        );
    }
    let filtered = dir.path().join("filtered");
    let out = tool(
        "pofilter",
        &[
            "--progress=none",
            "--test=blank",
            "--test=printf",
            "--test=variables",
            "--test=xmltags",
            "-i",
            po_dir.to_str().unwrap(),
            "-o",
            filtered.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "pofilter: {}", text(&out));
    for file in &files {
        let report = filtered.join(file.file_name().unwrap());
        let body = fs::read_to_string(&report).unwrap_or_default();
        assert!(
            !body.contains("msgctxt"),
            "pofilter found problems in {}:\n{body}",
            file.display()
        );
    }
    // Each entry: context, English, text, fuzzy while not reviewed.
    let am = fs::read_to_string(po_dir.join("am.po")).unwrap();
    assert!(am.contains("\"Language: am\\n\""));
    assert!(am.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""));
    assert!(am.contains("\"Project-Id-Version: safevoice "));
    assert!(am.contains("msgctxt \"q_hurt\"\nmsgid \"Are you hurt or in pain?\"\n"));
    assert!(am.contains("msgctxt \"q_under_18|f\""));
    assert!(am.contains("#. addresses: a woman or girl\n"));
    assert!(am.contains("#. back-translation: "));
    assert!(am.contains("#. confidence: "));
    assert_eq!(
        am.matches("\n#, fuzzy\n").count(),
        am.matches("\nmsgctxt \"").count()
    );
}

#[test]
fn round_trip_changes_exactly_the_confirmed_strings() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["am"]);
    let texts_path = messages.join("am/texts.toml");
    let before = fs::read_to_string(&texts_path).unwrap();

    let first = export(&messages, "am", &dir.path().join("am.po"));
    let second = export(&messages, "am", &dir.path().join("am-again.po"));
    assert_eq!(first, second, "two exports of one catalog differ");

    // A reviewer corrects q_hurt, confirms q_doctor as it is, and confirms
    // both variants of q_under_18 with a new feminine text.
    let po = String::from_utf8(first).unwrap();
    let po = confirm(&po, "q_hurt", Some("ተጎድተዋል? ሕመም አለዎት?"));
    let po = confirm(&po, "q_doctor_now", None);
    let po = confirm(&po, "q_under_18|f", Some("ዕድሜሽ ከ18 ዓመት በታች ነው? (ሴት)"));
    let po = confirm(&po, "q_under_18|m", None);
    let edited = dir.path().join("edited.po");
    fs::write(&edited, &po).unwrap();
    // Through GNU gettext's own reader and writer (re-wrapped as msgfilter writes).
    let rewrapped = dir.path().join("reviewed.po");
    let out = tool(
        "msgfilter",
        &[
            "-i",
            edited.to_str().unwrap(),
            "-o",
            rewrapped.to_str().unwrap(),
            "cat",
        ],
    );
    assert!(out.status.success(), "msgfilter: {}", text(&out));

    let import = || {
        safevoice(
            &messages,
            &[
                "translations",
                "import",
                rewrapped.to_str().unwrap(),
                "--reviewer",
                "AB",
            ],
        )
    };
    let out = import();
    assert!(out.status.success(), "{}", text(&out));
    let summary = text(&out);
    assert!(
        summary.contains(
            "am: 4 string(s) reviewed by AB, 2 text(s) changed, 2 clip(s) now out of date"
        ),
        "{summary}"
    );
    assert!(summary.contains("audio/q_hurt.ogg"), "{summary}");
    assert!(summary.contains("audio/q_under_18.f.ogg"), "{summary}");

    let after = fs::read_to_string(&texts_path).unwrap();
    let today = safevoice::catalog::edit::today();
    let (old, new) = (tables(&before), tables(&after));
    assert_eq!(old.len(), new.len());
    let changed: Vec<&str> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(changed, vec!["[q_hurt]", "[q_doctor_now]", "[q_under_18]"]);
    let parsed: toml::Table = toml::from_str(&after).unwrap();
    let hurt = &parsed["q_hurt"];
    assert_eq!(hurt["text"].as_str(), Some("ተጎድተዋል? ሕመም አለዎት?"));
    assert_eq!(hurt["status"].as_str(), Some("native-reviewed"));
    assert_eq!(hurt["reviewer"].as_str(), Some("AB"));
    assert_eq!(hurt["reviewed_on"].as_str(), Some(today.as_str()));
    assert!(hurt.get("back").is_none(), "the old back-translation stays");
    let doctor = &parsed["q_doctor_now"];
    assert_eq!(doctor["status"].as_str(), Some("native-reviewed"));
    assert!(doctor.get("back").is_some());
    let under = &parsed["q_under_18"];
    assert_eq!(under["text_f"].as_str(), Some("ዕድሜሽ ከ18 ዓመት በታች ነው? (ሴት)"));
    assert!(under.get("back_f").is_none() && under.get("back_m").is_some());
    let old_parsed: toml::Table = toml::from_str(&before).unwrap();
    assert_eq!(under["text_m"], old_parsed["q_under_18"]["text_m"]);

    // `check` lists the clips that now speak an old text, and counts them.
    let out = safevoice(&messages, &["check"]);
    assert!(!out.status.success());
    let report = text(&out);
    assert!(report.contains("2 clip(s) out of date"), "{report}");
    assert!(report.contains("am/audio/q_hurt.ogg"), "{report}");
    let out = safevoice(&messages, &["check", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let am = &json["languages"][0];
    assert_eq!(am["code"], "am");
    assert_eq!(am["text_reviewed"], 3);
    assert_eq!(am["clips_out_of_date"], 2);
    assert_eq!(am["text_flagged"], 0);
    let out = safevoice(&messages, &["check", "--markdown"]);
    assert!(
        text(&out).contains("| am | Amharic | አማርኛ | ltr | 68/68 | 68/68 | 0 | 75 | 3 | 65 | 0 |"),
        "{}",
        text(&out)
    );

    // The next export shows the review; exporting again changes nothing.
    let third = export(&messages, "am", &dir.path().join("am3.po"));
    let fourth = export(&messages, "am", &dir.path().join("am4.po"));
    assert_eq!(third, fourth);
    let third = String::from_utf8(third).unwrap();
    assert!(
        third.contains(&format!("#. reviewed by AB on {today}\nmsgctxt \"q_hurt\"")),
        "{third}"
    );
    // Importing the same file again changes nothing more.
    let out = import();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fs::read_to_string(&texts_path).unwrap(), after);
}

#[test]
fn the_reviewer_comes_from_last_translator_or_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["am"]);
    let po = String::from_utf8(export(&messages, "am", &dir.path().join("am.po"))).unwrap();
    let po = confirm(&po, "q_hurt", None);
    let file = dir.path().join("reviewed.po");
    fs::write(&file, &po).unwrap();
    let out = safevoice(
        &messages,
        &["translations", "import", file.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("--reviewer"), "{}", text(&out));
    assert!(po.contains("\"Last-Translator: unknown\\n\""));
    let po = po.replace(
        "\"Last-Translator: unknown\\n\"",
        "\"Last-Translator: Abebe Bekele <abebe@example.org>\\n\"",
    );
    fs::write(&file, &po).unwrap();
    let out = safevoice(
        &messages,
        &["translations", "import", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let after = fs::read_to_string(messages.join("am/texts.toml")).unwrap();
    assert!(after.contains("reviewer = \"Abebe Bekele\""));
    assert!(!after.contains("example.org"));
}

#[test]
fn bad_files_are_refused_with_their_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let messages = common::catalog_copy(dir.path(), &["am", "ar"]);
    let texts_path = messages.join("am/texts.toml");
    let before = fs::read(&texts_path).unwrap();
    let good = String::from_utf8(export(&messages, "am", &dir.path().join("am.po"))).unwrap();
    // Each bad file also confirms a valid entry, which must not be written either.
    let good = confirm(&good, "q_doctor_now", None);
    let header_line = good
        .lines()
        .position(|l| l.starts_with("\"Language: "))
        .unwrap()
        + 1;
    let header_entry = good.lines().position(|l| l == "msgid \"\"").unwrap() + 1;
    let hurt_ctx = line_of(&good, "q_hurt", "msgctxt");
    let hurt_str = line_of(&good, "q_hurt", "msgstr");
    let under_str = line_of(&good, "q_under_18|f", "msgstr");
    let hurt_entry: String = {
        let lines: Vec<String> = good.lines().map(str::to_owned).collect();
        lines[entry_lines(&lines, "q_hurt")].join("\n")
    };
    let total_lines = good.lines().count();
    let under_f = {
        let at = good.find("msgctxt \"q_under_18|f\"").unwrap();
        let start = at + good[at..].find("msgstr \"").unwrap();
        let end = start + good[start..].find('\n').unwrap();
        good[start..end].to_owned()
    };
    assert!(under_f.contains("18"), "{under_f}");
    let cut = {
        let mut at = good.len() / 2;
        while !good.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let cases: Vec<(&str, String, Option<usize>, &str)> = vec![
        (
            "unknown language",
            good.replace("\"Language: am\\n\"", "\"Language: xx\\n\""),
            Some(header_entry),
            "not a language of the catalog",
        ),
        (
            "the wrong language",
            good.replace("\"Language: am\\n\"", "\"Language: ar\\n\""),
            None,
            "not in the language's script (Arabic)",
        ),
        (
            "unknown msgctxt",
            good.replace("msgctxt \"q_hurt\"", "msgctxt \"q_hurts\""),
            Some(hurt_ctx),
            "unknown msgctxt \"q_hurts\"",
        ),
        (
            "duplicate",
            format!("{good}\n{hurt_entry}\n"),
            Some(
                total_lines
                    + 2
                    + hurt_entry
                        .lines()
                        .position(|l| l.starts_with("msgctxt"))
                        .unwrap(),
            ),
            "duplicate entry",
        ),
        (
            "empty msgstr",
            replace_line(&good, hurt_str, "msgstr \"\""),
            Some(hurt_str),
            "q_hurt: empty msgstr",
        ),
        (
            "Latin text for Amharic",
            replace_line(&good, hurt_str, "msgstr \"Are you hurt or in pain?\""),
            Some(hurt_str),
            "not in the language's script (Ethiopic)",
        ),
        (
            "dropped digit",
            good.replace(&under_f, &under_f.replace("18", "")),
            Some(under_str),
            "the number 18 of the English is missing",
        ),
        ("truncated", good[..cut].to_owned(), None, "truncated"),
    ];
    assert!(header_line > header_entry);
    for (name, body, line, message) in cases {
        let file = dir.path().join(format!("{}.po", name.replace(' ', "_")));
        fs::write(&file, &body).unwrap();
        let out = safevoice(
            &messages,
            &[
                "translations",
                "import",
                file.to_str().unwrap(),
                "--reviewer",
                "AB",
            ],
        );
        let report = text(&out);
        assert!(!out.status.success(), "{name}: accepted\n{report}");
        // The line named, and the message, on one line of the report.
        let prefix = format!("{}:", file.display());
        let named = report.lines().any(|l| {
            let Some(rest) = l.trim().strip_prefix(&prefix) else {
                return false;
            };
            let Some((number, text)) = rest.split_once(": ") else {
                return false;
            };
            number
                .parse::<usize>()
                .is_ok_and(|n| line.is_none_or(|want| n == want))
                && text.contains(message)
        });
        assert!(
            named,
            "{name}: expected {prefix}{line:?}: ...{message}... in:\n{report}"
        );
        assert!(report.contains("nothing was imported"), "{name}: {report}");
        assert_eq!(
            fs::read(&texts_path).unwrap(),
            before,
            "{name}: texts.toml changed"
        );
    }
}
