//! The triage summary end to end: the bundled catalog's mapping, `check` on a
//! broken mapping (file and line), and the reports of a session, with the
//! HTML rendered in headless Chromium.

mod common;

use safevoice::catalog;
use safevoice::session::{Entry, SessionLog, Store, report};
use safevoice::triage::{self, DISCLAIMER};
use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn every_question_of_the_bundled_catalog_is_mapped() {
    let cat = catalog::load::load_only(&common::root().join("messages"), &[]);
    assert!(cat.problems.is_empty(), "{:#?}", cat.problems);
    let questions: Vec<_> = cat
        .messages
        .iter()
        .filter(|m| m.kind == catalog::Kind::Question)
        .collect();
    assert!(questions.len() >= 25);
    for q in &questions {
        assert!(
            q.urgent_if.is_some() || q.child_if.is_some() || q.indicators.is_some(),
            "{} has no mapping",
            q.id()
        );
    }
    let defined: Vec<&str> = cat.indicators.iter().map(|i| i.id.as_str()).collect();
    for ilo in [
        "abuse_of_vulnerability",
        "deception",
        "restriction_of_movement",
        "isolation",
        "physical_and_sexual_violence",
        "intimidation_and_threats",
        "retention_of_identity_documents",
        "withholding_of_wages",
        "debt_bondage",
        "abusive_working_and_living_conditions",
        "excessive_overtime",
    ] {
        assert!(defined.contains(&ilo), "{ilo} missing from indicators.toml");
    }
    let mapped = |id: &str| cat.message(id).unwrap();
    assert_eq!(
        mapped("q_under_18")
            .child_if
            .as_ref()
            .map(|v| v.get_ref().as_str()),
        Some("yes")
    );
    for urgent in ["q_doctor_now", "q_afraid_person_here", "q_hurt"] {
        assert_eq!(
            mapped(urgent)
                .urgent_if
                .as_ref()
                .map(|v| v.get_ref().as_str()),
            Some("yes"),
            "{urgent}"
        );
    }
    // Nothing in the indicator texts claims more than the answers show.
    for i in &cat.indicators {
        let all = format!("{} {} {}", i.name, i.explanation, i.source).to_lowercase();
        for word in ["victim", "identified", "confirmed"] {
            assert!(!all.contains(word), "{}: {word}", i.id);
        }
        assert!(i.source.starts_with("ILO ") || i.source.starts_with("UNODC "));
    }
}

#[test]
fn the_ui_indicator_names_match_the_data() {
    let en: toml::Table =
        toml::from_str(&fs::read_to_string(common::root().join("assets/i18n/en.toml")).unwrap())
            .unwrap();
    let cat = catalog::load::load_only(&common::root().join("messages"), &[]);
    for i in &cat.indicators {
        assert_eq!(
            en.get(&format!("indicator_{}", i.id))
                .and_then(|v| v.as_str()),
            Some(i.name.as_str()),
            "assets/i18n/en.toml indicator_{}",
            i.id
        );
    }
}

/// The 1-based line of the first line of `path` containing `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn check_reports_a_broken_mapping_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let copy = common::catalog_copy(dir.path(), &[]);
    let path = copy.join("catalog.toml");
    let source = fs::read_to_string(&path).unwrap();
    let broken = source
        .replace(
            r#"indicators = [{ id = "debt_bondage", if = "yes" }]"#,
            r#"indicators = [{ id = "debt_slavery", if = "yes" }]"#,
        )
        .replace(
            r#"indicators = [{ id = "withholding_of_wages", if = "no" }]"#,
            r#"indicators = [{ id = "withholding_of_wages", if = "maybe" }]"#,
        )
        .replace("child_if = \"yes\"", "child_if = \"dont_know\"")
        .replacen(
            "kind = \"question\"\nindicators = []\naudience = \"all\"\norder = 10",
            "kind = \"question\"\naudience = \"all\"\norder = 10",
            1,
        )
        .replacen(
            "kind = \"statement\"\n",
            "kind = \"statement\"\nurgent_if = \"yes\"\n",
            1,
        );
    assert_ne!(broken, source);
    fs::write(&path, &broken).unwrap();
    let cat = catalog::load(&copy);
    let line = |needle: &str| line_of(&path, needle);
    let expected = [
        (
            line("debt_slavery"),
            "q_debt: unknown indicator id \"debt_slavery\"",
        ),
        (
            line("if = \"maybe\""),
            "q_paid: indicator \"withholding_of_wages\" if = \"maybe\"",
        ),
        (
            line("child_if = \"dont_know\""),
            "q_under_18: child_if = \"dont_know\"",
        ),
        (
            line("id = \"language_check\""),
            "question \"language_check\" has no triage mapping",
        ),
        (
            line("id = \"do_not_fear\""),
            "\"do_not_fear\" is not a question",
        ),
    ];
    for (line, words) in expected {
        assert!(
            cat.problems.iter().any(|p| p.file.ends_with("catalog.toml")
                && p.line == Some(line)
                && p.message.contains(words)),
            "no catalog.toml:{line}: {words} in {:#?}",
            cat.problems
        );
    }
    assert_eq!(cat.problems.len(), expected.len(), "{:#?}", cat.problems);
    // The broken entries raise nothing, and the rest still works.
    let s = triage::summarise(
        &cat,
        "generic",
        [
            ("q_debt", "yes"),
            ("q_paid", "maybe"),
            ("q_under_18", "yes"),
            ("q_threatened", "yes"),
        ],
    );
    assert!(s.child.is_empty() && s.urgent.is_empty());
    let ids: Vec<&str> = s.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["intimidation_and_threats"]);

    // The command line fails, naming the file and line.
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["check", "--messages", copy.to_str().unwrap()])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    let want = format!(
        "catalog.toml:{}: q_debt: unknown indicator id",
        line("debt_slavery")
    );
    assert!(text.contains(&want), "no {want} in\n{text}");

    // A bad indicators.toml and a bad referral line are reported too.
    fs::write(
        copy.join("indicators.toml"),
        "[[indicator]]\nid = \"x\"\nname = \"\"\nexplanation = \"e\"\nsource = \"s\"\n",
    )
    .unwrap();
    fs::write(
        copy.join("profiles/xx.toml"),
        "name = \"X\"\n[[referral]]\ngroup = \"child\"\nlabel = \"Child line\"\nnumber = \"call 116\"\n",
    )
    .unwrap();
    let cat = catalog::load(&copy);
    for (file, line, words) in [
        ("indicators.toml", Some(1), "indicator \"x\": empty name"),
        (
            "profiles/xx.toml",
            None,
            "referral \"Child line\": number \"call 116\"",
        ),
    ] {
        assert!(
            cat.problems
                .iter()
                .any(|p| p.file.ends_with(file) && p.line == line && p.message.contains(words)),
            "no {file}:{line:?}: {words} in {:#?}",
            cat.problems
        );
    }
}

/// A session with the issue's three answers, and one answer withdrawn.
fn session(dir: &Path) -> safevoice::session::Session {
    let id = "20261203-090000-aaaa";
    let at = |s: u32| format!("2026-12-03T09:00:{s:02}Z");
    let mut log = SessionLog::create(
        dir,
        id,
        &Entry::Start {
            session: id.into(),
            at: at(0),
            language: "en".into(),
            language_name: "English".into(),
            direction: "ltr".into(),
            profile: "Test <country>".into(),
            role: None,
            app_version: "test".into(),
        },
    )
    .unwrap();
    for (s, question, answer) in [
        (1, "q_documents_taken", "yes"),
        (2, "q_free_to_leave", "no"),
        (3, "q_under_18", "yes"),
        (4, "q_debt", "yes"),
        (5, "q_debt", "dont_know"),
        (6, "q_<script>", "yes"),
    ] {
        log.append(&Entry::Answer {
            at: at(s),
            question: question.into(),
            answer: answer.into(),
            language: "en".into(),
        })
        .unwrap();
    }
    Store {
        dir: dir.to_path_buf(),
    }
    .load(id)
    .unwrap()
}

/// The bundled catalog with a test profile (test data only, never shipped).
fn catalog_with_test_profile() -> catalog::Catalog {
    let mut cat = catalog::load::load_only(&common::root().join("messages"), &[]);
    let mut profile = cat.profiles["generic"].clone();
    profile.name = "Test <country>".into();
    profile.referral = vec![
        catalog::Referral {
            group: catalog::TriageGroup::Child,
            label: "Child <protection> & care".into(),
            number: Some("+12 34".into()),
        },
        catalog::Referral {
            group: catalog::TriageGroup::Urgent,
            label: "Emergency line".into(),
            number: Some("999".into()),
        },
    ];
    cat.profiles.insert("test".into(), profile);
    cat
}

#[test]
fn every_export_starts_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(dir.path());
    let cat = catalog_with_test_profile();
    let t = triage::of_session(&cat, &session);
    let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["retention_of_identity_documents", "restriction_of_movement"]
    );
    assert_eq!(t.child.len(), 1);
    assert!(t.urgent.is_empty());

    let html = report::html(&session, &t);
    let summary_at = html.find("<section class=\"triage\"").unwrap();
    let first_table = html.find("<table").unwrap();
    assert!(
        summary_at < first_table,
        "the summary comes before the tables"
    );
    assert!(html.contains(DISCLAIMER));
    assert!(html.contains(
        "“Does someone else keep your passport or ID card?” (q_documents_taken): <strong>YES</strong>"
    ));
    assert!(html.contains(
        "“Can you leave your work or your home whenever you want?” (q_free_to_leave): <strong>NO</strong>"
    ));
    assert!(html.contains("Child &lt;protection&gt; &amp; care: +12 34"));
    assert!(
        !html.contains("Emergency line"),
        "the urgent group is empty"
    );
    assert!(html.contains("q_&lt;script&gt;") && !html.contains("<script"));
    assert!(!html.contains("Debt bondage"), "withdrawn by DON'T KNOW");
    let summary = &html[summary_at..first_table].to_lowercase();
    for word in ["victim", "identified", "confirmed"] {
        assert!(!summary.contains(word), "{word}");
    }

    let csv = report::csv(&session, &t).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[1].starts_with("note,") && rows[1].contains(DISCLAIMER));
    let kinds: Vec<&str> = rows
        .iter()
        .skip(1)
        .map(|r| r.split(',').next().unwrap())
        .take_while(|k| *k != "answer" && *k != "message")
        .collect();
    assert_eq!(
        kinds,
        [
            "note",
            "note",
            "child",
            "indicator",
            "indicator",
            "referral"
        ]
    );
    assert!(
        csv.contains("referral,,,Child <protection> & care,'+12 34,"),
        "{csv}"
    );
    assert!(csv.contains(
        "indicator,,q_documents_taken,Does someone else keep your passport or ID card?,Retention of identity documents (retention_of_identity_documents),en,,,,yes,,"
    ), "{csv}");

    let json = report::json(&session, &t);
    assert_eq!(json["triage"]["disclaimer"], DISCLAIMER);
    assert_eq!(json["triage"]["child"][0]["question"], "q_under_18");
    assert_eq!(
        json["triage"]["indicators"][1]["because"][0]["answer"],
        "no"
    );
    assert_eq!(json["triage"]["referrals"][0]["group"], "child");
    assert_eq!(json["triage"]["unknown_questions"][0], "q_<script>");
}

#[test]
fn the_summary_renders_above_the_tables_in_chromium_with_the_disclaimer_visible() {
    let dir = tempfile::tempdir().unwrap();
    let session = session(dir.path());
    let t = triage::of_session(&catalog_with_test_profile(), &session);
    // The report has no script; the test adds one that measures the page.
    let probe = r#"<script>
const d = document.querySelector('p.disclaimer');
const r = d.getBoundingClientRect();
const style = getComputedStyle(d);
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
const table = document.querySelector('table').getBoundingClientRect();
const heads = [...document.querySelectorAll('section.triage h3')].map(h => [h.textContent, getComputedStyle(h).backgroundColor]);
document.body.setAttribute('data-probe', JSON.stringify({
  text: d.innerText, top: r.top, height: r.height, width: r.width, tableTop: table.top,
  visibility: style.visibility, display: style.display, opacity: style.opacity,
  hitIsDisclaimer: d.contains(hit), viewport: innerHeight, heads: heads,
}));
</script>"#;
    let probe = common::chromium_probe(dir.path(), &report::html(&session, &t), probe);
    let f = |k: &str| probe[k].as_f64().unwrap();
    assert_eq!(probe["text"], DISCLAIMER, "{probe}");
    assert_eq!(probe["visibility"], "visible", "{probe}");
    assert_ne!(probe["display"], "none", "{probe}");
    assert_eq!(probe["opacity"], "1", "{probe}");
    assert_eq!(probe["hitIsDisclaimer"], true, "nothing covers it: {probe}");
    assert!(f("height") > 8.0 && f("width") > 100.0, "{probe}");
    assert!(
        f("top") >= 0.0 && f("top") + f("height") < f("viewport"),
        "on the first screen: {probe}"
    );
    assert!(f("top") < f("tableTop"), "above the tables: {probe}");
    assert_eq!(
        probe["heads"],
        serde_json::json!([
            ["Child", "rgb(239, 108, 0)"],
            ["Indicators", "rgb(255, 179, 0)"]
        ]),
        "{probe}"
    );
}
