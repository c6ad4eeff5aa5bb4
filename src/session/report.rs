//! Exports of a session: a self-contained HTML report that prints well, CSV
//! and JSON.

use super::seconds_between;
use super::store::{Played, Session};
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

/// `16:55:19` from an RFC 3339 time.
fn clock(at: &str) -> &str {
    at.get(11..19).unwrap_or(at)
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
h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.35em 0.5em; vertical-align: top; text-align: start; }
th { background: #eee; }
table.meta { width: auto; }
table.meta th { text-align: left; }
td.person { font-size: 1.15em; }
.mark { color: #8a5a00; font-size: 0.9em; }
.note { font-size: 0.9em; color: #444; }
@media print { body { margin: 0; } tr { break-inside: avoid; } thead { display: table-header-group; } }
"#;

/// A self-contained HTML report: no script, no external resource.
pub fn html(session: &Session) -> String {
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
    h += "<h1>Contact record</h1>\n<table class=\"meta\">\n";
    let rows = [
        ("Session", session.id.clone()),
        (
            "Date (UTC)",
            started.replace('T', " ").trim_end_matches('Z').to_owned(),
        ),
        ("Responder role", role.unwrap_or("not stated").to_owned()),
        ("Language", format!("{lang_name} ({lang})")),
        ("Jurisdiction profile", profile.to_owned()),
        (
            "Case reference",
            session.case_ref().unwrap_or("none").to_owned(),
        ),
        ("Duration", total),
    ];
    for (k, v) in rows {
        h += &format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(k), escape(&v));
    }
    h += "</table>\n<p class=\"note\">Times are UTC. <span class=\"mark\">machine-drafted text</span> means the translation has not been reviewed by a native speaker; <span class=\"mark\">synthetic voice</span> means a computer voice, not a recording of a person. No name, voice or image of the person is recorded.</p>\n";
    for warning in &session.warnings {
        h += &format!("<p class=\"mark\">Note: {}</p>\n", escape(warning));
    }
    h += "<h2>Messages, in the order played</h2>\n<table>\n<thead><tr><th>#</th><th>Time</th><th>Meaning (English)</th><th>Exact text shown and played</th><th>Duration</th><th>Ended</th><th>Marks</th></tr></thead>\n<tbody>\n";
    for (i, p) in played.iter().enumerate() {
        h += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"person\" lang=\"{}\" dir=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"mark\">{}</td></tr>\n",
            i + 1,
            clock(&p.started),
            escape(&p.meaning),
            escape(lang),
            escape(dir),
            escape(&p.text),
            duration(p),
            escape(p.how.as_deref().unwrap_or("—")),
            escape(&marks(p)),
        );
    }
    h += "</tbody>\n</table>\n<h2>Questions and answers</h2>\n<table>\n<thead><tr><th>Time</th><th>Question (English)</th><th>Question as shown</th><th>Answer</th></tr></thead>\n<tbody>\n";
    for (at, question, answer) in &answers {
        let q = question_of(&played, question, at);
        h += &format!(
            "<tr class=\"answer\"><td>{}</td><td>{}</td><td class=\"person\" lang=\"{}\" dir=\"{}\">{}</td><td><strong>{}</strong></td></tr>\n",
            clock(at),
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

fn answer_words(answer: &str) -> String {
    match answer {
        "yes" => "YES".into(),
        "no" => "NO".into(),
        "dont_know" => "DON'T KNOW".into(),
        "repeat" => "asked to REPEAT".into(),
        other => other.to_owned(),
    }
}

/// CSV: one row per message played and per answer.
pub fn csv(session: &Session) -> Result<String, csv::Error> {
    let lang = session.start().language;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
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
    ])?;
    let played = session.played();
    for p in &played {
        let seconds = p
            .ended
            .as_deref()
            .and_then(|e| seconds_between(&p.started, e))
            .map(|s| format!("{s:.1}"));
        w.write_record([
            "message",
            &p.started,
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
        ])?;
    }
    for (at, question, answer) in session.answers() {
        let q = question_of(&played, question, at);
        w.write_record([
            "answer",
            at,
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
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// JSON: the start fields, messages and answers.
pub fn json(session: &Session) -> serde_json::Value {
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
    })
}
