//! The session folder's index: listing reads summaries, not every file, yet
//! is never wrong (files written, added, damaged or deleted behind its back
//! are seen), and a deleted session leaves nothing of itself in it. Session
//! ids are UUID v7; old ids keep working.

use safevoice::session::index::INDEX_FILE;
use safevoice::session::{Entry, SessionLog, Store, Summary, now_rfc3339};
use std::path::Path;

fn start(id: &str, at: &str, language: &str) -> Entry {
    Entry::Start {
        session: id.into(),
        at: at.into(),
        language: language.into(),
        language_name: format!("Language {language}"),
        direction: "ltr".into(),
        profile: "generic".into(),
        role: None,
        app_version: "test".into(),
    }
}

fn answer(n: usize) -> Entry {
    Entry::Answer {
        at: now_rfc3339(),
        question: format!("q_{n}"),
        answer: "yes".into(),
        language: "ro".into(),
    }
}

fn index_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(INDEX_FILE)).unwrap_or_default()
}

#[test]
fn the_index_follows_writes_additions_damage_and_deletions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store {
        dir: dir.path().to_path_buf(),
    };
    assert!(store.summaries().is_empty());
    let old_id = "20261123-165519-3f2a";
    let mut old = SessionLog::create(
        dir.path(),
        old_id,
        &start(old_id, "2026-11-23T16:55:19.5Z", "ro"),
    )
    .unwrap();
    old.append(&answer(0)).unwrap();
    let new_id = Store::new_id();
    let mut new = SessionLog::create(
        dir.path(),
        &new_id,
        &start(&new_id, "2026-12-01T08:00:00Z", "ar"),
    )
    .unwrap();
    new.append(&Entry::CaseRef {
        at: now_rfc3339(),
        case_ref: "CASE-7".into(),
    })
    .unwrap();

    let index = store.index();
    assert!(index.problems.is_empty(), "{:?}", index.problems);
    let ids: Vec<&str> = index.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [new_id.as_str(), old_id], "newest first by start time");
    assert_eq!(index.sessions[0].case_ref.as_deref(), Some("CASE-7"));
    assert_eq!(index.sessions[1].answers, 1);
    assert!(index_text(dir.path()).contains("CASE-7"));

    // The index is what is listed: a summary it holds for an unchanged file
    // is used as it is (here, doctored to prove the file was not parsed).
    let doctored = index_text(dir.path()).replace("CASE-7", "CASE-8");
    std::fs::write(dir.path().join(INDEX_FILE), doctored).unwrap();
    assert_eq!(store.summaries()[0].case_ref.as_deref(), Some("CASE-8"));

    // A session written to since is read again.
    new.append(&Entry::CaseRef {
        at: now_rfc3339(),
        case_ref: "CASE-9".into(),
    })
    .unwrap();
    old.append(&answer(1)).unwrap();
    let index = store.index();
    assert_eq!(index.sessions[0].case_ref.as_deref(), Some("CASE-9"));
    assert_eq!(index.sessions[1].answers, 2);

    // A file added, and a damaged one, behind the index's back.
    std::fs::write(dir.path().join("junk.jsonl"), "not json\n").unwrap();
    let third = "20261124-090000-0001";
    SessionLog::create(
        dir.path(),
        third,
        &start(third, "2026-11-24T09:00:00Z", "vi"),
    )
    .unwrap();
    let index = store.index();
    assert_eq!(index.sessions.len(), 3);
    assert_eq!(index.sessions[1].id, third);
    assert_eq!(index.problems.len(), 1);
    assert!(
        index.problems[0].contains("junk.jsonl"),
        "{:?}",
        index.problems
    );

    // A garbled index is rebuilt, not believed.
    std::fs::write(dir.path().join(INDEX_FILE), "{ garbled").unwrap();
    assert_eq!(store.index().sessions.len(), 3);

    // Deleting takes the session, and its case reference, out of the index.
    drop(new);
    store.delete(&new_id).unwrap();
    assert!(!index_text(dir.path()).contains("CASE-9"));
    let ids: Vec<String> = store.summaries().into_iter().map(|s| s.id).collect();
    assert_eq!(ids, [third, old_id]);
    // A file removed behind the index's back is dropped from it.
    std::fs::remove_file(dir.path().join(format!("{third}.jsonl"))).unwrap();
    assert_eq!(store.summaries().len(), 1);
    assert!(!index_text(dir.path()).contains(third));
    // Old ids still load and delete.
    assert_eq!(store.load(old_id).unwrap().answers().len(), 2);
}

#[cfg(unix)]
#[test]
fn the_index_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    SessionLog::create(dir.path(), "a", &start("a", "2026-11-23T16:55:19Z", "ro")).unwrap();
    let store = Store {
        dir: dir.path().to_path_buf(),
    };
    assert_eq!(store.summaries().len(), 1);
    let mode = std::fs::metadata(dir.path().join(INDEX_FILE))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn new_ids_are_uuid_v7_and_do_not_collide() {
    let ids: std::collections::HashSet<String> = (0..10_000).map(|_| Store::new_id()).collect();
    assert_eq!(ids.len(), 10_000);
    for id in ids.iter().take(10) {
        let uuid = uuid::Uuid::parse_str(id).unwrap();
        assert_eq!(uuid.get_version_num(), 7, "{id}");
    }
}

#[test]
fn summaries_match_a_search_on_case_language_and_date() {
    let summary = Summary {
        id: "x".into(),
        started: "2026-11-23T16:55:19Z".into(),
        last_at: "2026-11-23T17:00:00Z".into(),
        language: "ti".into(),
        language_name: "Tigrinya".into(),
        direction: "ltr".into(),
        profile: "generic".into(),
        role: None,
        case_ref: Some("CASE-42".into()),
        messages: 3,
        answers: 2,
        warnings: 0,
        ended: true,
    };
    for query in [
        "",
        "case-42",
        "tigr",
        "TI",
        "2026-11-23",
        "2026",
        "tigrinya case",
    ] {
        assert!(summary.matches(query), "{query:?}");
    }
    for query in ["CASE-43", "arabic", "2025", "tigrinya CASE-1"] {
        assert!(!summary.matches(query), "{query:?}");
    }
    assert!(summary.started_local().contains("2026"));
}
