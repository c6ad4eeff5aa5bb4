//! Exports of a session: a self-contained HTML report that prints well, CSV
//! and JSON. Every value read from the session file is data: escaped for
//! HTML (times, ids, codes and directions too), and neutralised for CSV (a
//! cell that a spreadsheet would run as a formula gets a leading `'`).
//! Every export says whether the record's hash chain holds.

use super::seconds_between;
use super::store::{Played, Session};
use crate::catalog::{Polarity, Referral, TriageGroup};
use crate::triage::{Because, DISCLAIMER, Summary};
use serde_json::json;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Local `16:55:19` from an RFC 3339 time.
fn clock(at: &str) -> String {
    crate::times::clock_of_rfc3339(at)
}

fn duration(p: &Played) -> String {
    p.ended
        .as_deref()
        .and_then(|end| seconds_between(&p.started, end))
        .map_or_else(|| "—".to_owned(), |s| format!("{s:.1} s"))
}

fn marks(p: &Played) -> String {
    let mut marks = Vec::new();
    if p.draft {
        marks.push("machine-drafted text");
    }
    match p.audio.as_str() {
        "synthetic" => marks.push("synthetic voice"),
        "none" => marks.push("text only, no audio"),
        _ => {}
    }
    marks.join(", ")
}

/// The message played last before `at` with id `question` (for answer rows).
fn question_of<'a>(played: &'a [Played], question: &str, at: &str) -> Option<&'a Played> {
    played
        .iter()
        .rev()
        .find(|p| p.message == question && p.started.as_str() <= at)
}

const STYLE: &str = r#"
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.altered { border: 3px solid #c00; background: #fee; color: #900; padding: 0.6em 0.8em; font-weight: bold; }
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.35em 0.5em; vertical-align: top; text-align: start; }
th { background: #eee; }
table.meta { width: auto; }
table.meta th { text-align: left; }
td.person { font-size: 1.15em; }
.mark { color: #8a5a00; font-size: 0.9em; }
.note { font-size: 0.9em; color: #444; }
section.triage { border: 2px solid #444; padding: 0.2em 1em 0.8em; margin: 1em 0; }
section.triage h3 { font-size: 1.05em; margin: 0.8em 0 0.3em; padding: 0.15em 0.4em; }
h3.urgent { background: #c62828; color: #fff; }
h3.child { background: #ef6c00; color: #fff; }
h3.indicators { background: #ffb300; color: #111; }
p.disclaimer { font-weight: bold; }
.referral { font-weight: bold; }
@media print { body { margin: 0; } tr { break-inside: avoid; } thead { display: table-header-group; } }
"#;

/// A self-contained HTML report: no script, no external resource. The
/// triage summary of the session's answers comes first, before the tables.
pub fn html(session: &Session, triage: &Summary) -> String {
    let start = session.start();
    let (lang, lang_name, profile, role, started) = (
        start.language,
        start.language_name,
        start.profile,
        start.role,
        start.at,
    );
    let dir = if start.direction.is_empty() {
        "ltr"
    } else {
        start.direction
    };
    let played = session.played();
    let answers = session.answers();
    let total = session
        .last_at()
        .and_then(|end| seconds_between(started, end))
        .map_or_else(
            || "—".into(),
            |s| format!("{:.0} min {:.0} s", (s / 60.0).floor(), s % 60.0),
        );
    let mut h = String::new();
    h += "<!doctype html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += &format!(
        "<title>safevoice contact record {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&session.id)
    );
    h += "<h1>Contact record</h1>\n";
    if session.chain.is_altered() {
        h += &format!(
            "<div class=\"altered\" role=\"alert\">This record was changed after it was written: {}. Do not rely on it as it stands; the lines before that point are as written.</div>\n",
            escape(&session.chain.to_string())
        );
    }
    h += &summary_html(triage);
    h += "<table class=\"meta\">\n";
    let rows = [
        ("Session", session.id.clone()),
        ("Date", crate::times::human_of_rfc3339(started)),
        ("Responder role", role.unwrap_or("not stated").to_owned()),
        ("Language", format!("{lang_name} ({lang})")),
        ("Jurisdiction profile", profile.to_owned()),
        (
            "Case reference",
            session.case_ref().unwrap_or("none").to_owned(),
        ),
        ("Duration", total),
        ("Record integrity", integrity(session)),
    ];
    for (k, v) in rows {
        h += &format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(k), escape(&v));
    }
    h += &format!(
        "</table>\n<p class=\"note\">Times are local ({}). <span class=\"mark\">machine-drafted text</span> means the translation has not been reviewed by a native speaker; <span class=\"mark\">synthetic voice</span> means a computer voice, not a recording of a person. No name, voice or image of the person is recorded.</p>\n",
        crate::times::zone_name()
    );
    for warning in &session.warnings {
        h += &format!("<p class=\"mark\">Note: {}</p>\n", escape(warning));
    }
    h += "<h2>Messages, in the order played</h2>\n<table>\n<thead><tr><th>#</th><th>Time</th><th>Meaning (English)</th><th>Exact text shown and played</th><th>Duration</th><th>Ended</th><th>Marks</th></tr></thead>\n<tbody>\n";
    for (i, p) in played.iter().enumerate() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"person\" lang=\"{}\" dir=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"mark\">{}</td></tr>\n",
            i + 1,
            escape(&clock(&p.started)),
            escape(&p.meaning),
            escape(lang),
            escape(dir),
            escape(&p.text),
            escape(&duration(p)),
            escape(p.how.as_deref().unwrap_or("—")),
            escape(&marks(p)),
        );
    }
    h += "</tbody>\n</table>\n<h2>Questions and answers</h2>\n<table>\n<thead><tr><th>Time</th><th>Question (English)</th><th>Question as shown</th><th>Answer</th></tr></thead>\n<tbody>\n";
    for (at, question, answer) in &answers {
        let q = question_of(&played, question, at);
        h += &format!(
            "<tr class=\"answer\"><td>{}</td><td>{}</td><td class=\"person\" lang=\"{}\" dir=\"{}\">{}</td><td><strong>{}</strong></td></tr>\n",
            escape(&clock(at)),
            escape(q.map_or(question, |p| p.meaning.as_str())),
            escape(lang),
            escape(dir),
            escape(q.map_or("", |p| p.text.as_str())),
            escape(&answer_words(answer)),
        );
    }
    if answers.is_empty() {
        h += "<tr><td colspan=\"4\">No answers.</td></tr>\n";
    }
    h += "</tbody>\n</table>\n</body>\n</html>\n";
    h
}

/// The chain state in words, with the hash of the last line when it holds.
pub fn integrity(session: &Session) -> String {
    match session.chain.head() {
        Some(head) => format!("{} · SHA-256 of the last line: {head}", session.chain),
        None => session.chain.to_string(),
    }
}

/// A CSV cell a spreadsheet will not run: one that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn answer_words(answer: &str) -> String {
    match answer {
        "yes" => "YES".into(),
        "no" => "NO".into(),
        "dont_know" => "DON'T KNOW".into(),
        "repeat" => "asked to REPEAT".into(),
        other => other.to_owned(),
    }
}

/// CSV: the triage summary first (see [`summary_csv`]), then one row per
/// message played and per answer.
pub fn csv(session: &Session, triage: &Summary) -> Result<String, csv::Error> {
    let lang = session.start().language;
    let mut w = csv::Writer::from_writer(Vec::new());
    write_neutral(
        &mut w,
        [
            "kind",
            "time_utc",
            "message",
            "meaning",
            "text",
            "language",
            "gender",
            "duration_s",
            "ended",
            "answer",
            "draft",
            "audio",
        ],
    )?;
    summary_csv(&mut w, triage, lang)?;
    let played = session.played();
    for p in &played {
        let seconds = p
            .ended
            .as_deref()
            .and_then(|e| seconds_between(&p.started, e))
            .map(|s| format!("{s:.1}"));
        write_neutral(
            &mut w,
            [
                "message",
                &crate::times::rfc3339_seconds(&p.started),
                &p.message,
                &p.meaning,
                &p.text,
                lang,
                p.gender.as_deref().unwrap_or(""),
                seconds.as_deref().unwrap_or(""),
                p.how.as_deref().unwrap_or(""),
                "",
                if p.draft { "yes" } else { "no" },
                &p.audio,
            ],
        )?;
    }
    for (at, question, answer) in session.answers() {
        let q = question_of(&played, question, at);
        write_neutral(
            &mut w,
            [
                "answer",
                &crate::times::rfc3339_seconds(at),
                question,
                q.map_or("", |p| p.meaning.as_str()),
                q.map_or("", |p| p.text.as_str()),
                lang,
                "",
                "",
                "",
                answer,
                "",
                "",
            ],
        )?;
    }
    // Last row: whether the record is as written.
    let state = integrity(session);
    write_neutral(
        &mut w,
        ["record", "", "", "", &state, "", "", "", "", "", "", ""],
    )?;
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// JSON: the start fields, the triage summary, messages and answers.
pub fn json(session: &Session, triage: &Summary) -> serde_json::Value {
    let start = session.start();
    let (lang, lang_name, dir, profile, role, started) = (
        start.language,
        start.language_name,
        start.direction,
        start.profile,
        start.role,
        start.at,
    );
    let messages: Vec<_> = session
        .played()
        .iter()
        .map(|p| {
            json!({
                "message": p.message, "meaning": p.meaning, "text": p.text, "gender": p.gender,
                "started": p.started, "ended": p.ended, "how": p.how,
                "duration_s": p.ended.as_deref().and_then(|e| seconds_between(&p.started, e)),
                "draft": p.draft, "audio": p.audio,
            })
        })
        .collect();
    let answers: Vec<_> = session
        .answers()
        .iter()
        .map(|(at, question, answer)| json!({"at": at, "question": question, "answer": answer}))
        .collect();
    json!({
        "session": session.id, "started": started, "language": lang, "language_name": lang_name,
        "direction": dir, "profile": profile, "role": role, "case_ref": session.case_ref(),
        "messages": messages, "answers": answers, "warnings": session.warnings,
        "record": {
            "state": session.chain.to_string(),
            "altered": session.chain.is_altered(),
            "head_sha256": session.chain.head(),
            "lines": session.lines,
        },
        "triage": summary_json(triage),
    })
}

/// How an answer behind a summary line is written.
fn polarity_words(answer: Polarity) -> &'static str {
    match answer {
        Polarity::Yes => "YES",
        Polarity::No => "NO",
    }
}

/// One referral line, as text.
fn referral_text(r: &Referral) -> String {
    match &r.number {
        Some(number) => format!("{}: {number}", r.label),
        None => r.label.clone(),
    }
}

/// The triage summary as an HTML section: the fixed line, then the urgent,
/// child and indicator groups (red, orange, amber), each line with the
/// question and the answer behind it, and the profile's referral lines.
fn summary_html(t: &Summary) -> String {
    let because = |b: &Because| {
        format!(
            "<span class=\"because\">“{}” ({}): <strong>{}</strong></span>",
            escape(&b.meaning),
            escape(&b.question),
            polarity_words(b.answer)
        )
    };
    let referrals = |group: TriageGroup| -> String {
        t.referrals(group)
            .map(|r| format!("<p class=\"referral\">{}</p>\n", escape(&referral_text(r))))
            .collect()
    };
    let mut h = String::from("<section class=\"triage\" id=\"triage\">\n<h2>Summary</h2>\n");
    h += &format!("<p class=\"disclaimer\">{}</p>\n", escape(DISCLAIMER));
    if t.is_empty() {
        h += "<p>The answers raised no urgent need, no child status and no indicator.</p>\n";
    }
    if !t.unknown_questions.is_empty() {
        h += &format!(
            "<p class=\"mark\">Not summarised (not in this catalog): {}</p>\n",
            escape(&t.unknown_questions.join(", "))
        );
    }
    for (class, title, lines, group) in [
        ("urgent", "Urgent", &t.urgent, TriageGroup::Urgent),
        ("child", "Child", &t.child, TriageGroup::Child),
    ] {
        if lines.is_empty() {
            continue;
        }
        h += &format!("<h3 class=\"{class}\">{title}</h3>\n<ul class=\"{class}\">\n");
        for b in lines {
            h += &format!("<li>{}</li>\n", because(b));
        }
        h += "</ul>\n";
        h += &referrals(group);
    }
    if !t.indicators.is_empty() {
        h += "<h3 class=\"indicators\">Indicators</h3>\n<ul class=\"indicators\">\n";
        for i in &t.indicators {
            h += &format!(
                "<li><strong>{}</strong>: {} <span class=\"note\">({})</span><ul>\n",
                escape(&i.name),
                escape(&i.explanation),
                escape(&i.source)
            );
            for b in &i.because {
                h += &format!("<li>{}</li>\n", because(b));
            }
            h += "</ul></li>\n";
        }
        h += "</ul>\n";
        h += &referrals(TriageGroup::Indicators);
    }
    h += "</section>\n";
    h
}

/// Write one CSV row, every cell neutralised by [`neutralise`]: values come
/// from the session file, which is data, never a formula.
fn write_neutral<W: std::io::Write, const N: usize>(
    w: &mut csv::Writer<W>,
    cells: [&str; N],
) -> Result<(), csv::Error> {
    w.write_record(cells.map(neutralise).iter().map(|c| c.as_bytes()))
}

/// The triage summary as CSV rows, in the export's columns: a `note` row with
/// the fixed line, then one row per line of each group (`urgent`, `child`,
/// `indicator`: question id in `message`, its meaning, the indicator's name in
/// `text`, the answer), then `referral` rows (label in `meaning`, number in `text`).
fn summary_csv<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    t: &Summary,
    lang: &str,
) -> Result<(), csv::Error> {
    let mut row = |kind: &str, b: Option<&Because>, meaning: &str, text: &str| {
        let (question, answer) = b.map_or(("", ""), |b| (b.question.as_str(), b.answer.as_str()));
        let meaning = b.map_or(meaning, |b| b.meaning.as_str());
        write_neutral(
            w,
            [
                kind, "", question, meaning, text, lang, "", "", "", answer, "", "",
            ],
        )
    };
    row("note", None, DISCLAIMER, "")?;
    if !t.unknown_questions.is_empty() {
        let text = t.unknown_questions.join(" ");
        row("note", None, "Not summarised (not in this catalog)", &text)?;
    }
    for b in &t.urgent {
        row("urgent", Some(b), "", "")?;
    }
    for b in &t.child {
        row("child", Some(b), "", "")?;
    }
    for i in &t.indicators {
        let name = format!("{} ({})", i.name, i.id);
        for b in &i.because {
            row("indicator", Some(b), "", &name)?;
        }
    }
    for r in &t.referrals {
        row(
            "referral",
            None,
            &r.label,
            r.number.as_deref().unwrap_or(""),
        )?;
    }
    Ok(())
}

/// The triage summary as JSON, with the fixed line.
fn summary_json(t: &Summary) -> serde_json::Value {
    json!({
        "disclaimer": DISCLAIMER,
        "urgent": t.urgent,
        "child": t.child,
        "indicators": t.indicators,
        "referrals": t.referrals,
        "unknown_questions": t.unknown_questions,
    })
}
