//! Triage: from a contact's answers to what the responder should act on.
//!
//! [`summarise`] is pure: given the catalog's mapping (`urgent_if`,
//! `child_if`, `indicators` in `catalog.toml`, the definitions in
//! `indicators.toml`), the jurisdiction profile and the answers in the order
//! given, it returns a [`Summary`] of three groups (urgent, child,
//! indicators) with the question and answer behind each line, and the
//! profile's referral lines for the groups that are not empty. The live
//! panel and every export use it.
//!
//! Only the latest answer to a question counts. DON'T KNOW and REPEAT raise
//! nothing (and so a DON'T KNOW after a YES withdraws what the YES raised).
//! The summary never claims more than the answers show: it carries
//! [`DISCLAIMER`] wherever it is shown.

use crate::catalog::{Catalog, Polarity, Referral, TriageGroup};
use serde::Serialize;

/// The fixed line shown with every summary.
pub const DISCLAIMER: &str = "Indicators are not an identification. They show what to raise with a trained interviewer and an interpreter.";

/// The question and answer behind a line of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Because {
    /// The question's message id.
    pub question: String,
    /// The question's English meaning.
    pub meaning: String,
    /// The answer given.
    pub answer: Polarity,
}

/// An indicator raised by one or more answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaisedIndicator {
    pub id: String,
    /// English name.
    pub name: String,
    /// One line for the responder.
    pub explanation: String,
    /// The source it is taken from.
    pub source: String,
    /// The answers that raised it, in the order given.
    pub because: Vec<Because>,
}

/// What the answers so far raise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Answers that call for immediate action.
    pub urgent: Vec<Because>,
    /// Answers that mean a child is involved.
    pub child: Vec<Because>,
    /// Indicators raised, in the order they arose.
    pub indicators: Vec<RaisedIndicator>,
    /// The profile's referral lines for the groups that are not empty.
    pub referrals: Vec<Referral>,
    /// Questions answered YES or NO that the catalog does not know (a
    /// session from another catalog version): they could not be summarised.
    pub unknown_questions: Vec<String>,
}

impl Summary {
    /// Whether nothing was raised.
    pub fn is_empty(&self) -> bool {
        self.urgent.is_empty() && self.child.is_empty() && self.indicators.is_empty()
    }

    /// The referral lines that go with `group`.
    pub fn referrals(&self, group: TriageGroup) -> impl Iterator<Item = &Referral> {
        self.referrals.iter().filter(move |r| r.group == group)
    }
}

/// The latest answer to each question, in the order of those latest answers.
pub fn latest_answers<'a>(
    answers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let mut latest: Vec<(&str, &str)> = Vec::new();
    for (question, answer) in answers {
        latest.retain(|(q, _)| *q != question);
        latest.push((question, answer));
    }
    latest
}

/// Summarise `answers` ((question id, answer) in the order given; answers are
/// spelled as in the session log: `yes`, `no`, `dont_know`, `repeat`) under
/// the profile `profile` (its id or its name; the generic profile when there
/// is no such profile).
/// Questions the catalog does not know raise nothing.
pub fn summarise<'a>(
    catalog: &Catalog,
    profile: &str,
    answers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Summary {
    let mut summary = Summary::default();
    for (question, answer) in latest_answers(answers) {
        let Some(answer) = Polarity::parse(answer) else {
            continue;
        };
        let Some(message) = catalog.message(question) else {
            summary.unknown_questions.push(question.to_owned());
            continue;
        };
        let because = Because {
            question: question.to_owned(),
            meaning: message.text.clone(),
            answer,
        };
        let matches = |v: &Option<toml::Spanned<String>>| {
            v.as_ref().is_some_and(|v| v.get_ref() == answer.as_str())
        };
        if matches(&message.urgent_if) {
            summary.urgent.push(because.clone());
        }
        if matches(&message.child_if) {
            summary.child.push(because.clone());
        }
        for raised in message.indicators.iter().flatten() {
            if raised.when.get_ref() != answer.as_str() {
                continue;
            }
            let Some(def) = catalog.indicator(raised.id.get_ref()) else {
                continue;
            };
            match summary.indicators.iter_mut().find(|i| i.id == def.id) {
                Some(existing) => existing.because.push(because.clone()),
                None => summary.indicators.push(RaisedIndicator {
                    id: def.id.clone(),
                    name: def.name.clone(),
                    explanation: def.explanation.clone(),
                    source: def.source.clone(),
                    because: vec![because.clone()],
                }),
            }
        }
    }
    // Sessions record the profile's name; the settings hold its id.
    let profile = catalog
        .profiles
        .get(profile)
        .or_else(|| catalog.profiles.values().find(|p| p.name == profile))
        .or_else(|| catalog.profiles.get("generic"));
    if let Some(profile) = profile {
        let groups = [
            (TriageGroup::Urgent, summary.urgent.is_empty()),
            (TriageGroup::Child, summary.child.is_empty()),
            (TriageGroup::Indicators, summary.indicators.is_empty()),
        ];
        summary.referrals = profile
            .referral
            .iter()
            .filter(|r| groups.iter().any(|(g, empty)| *g == r.group && !empty))
            .cloned()
            .collect();
    }
    summary
}

/// The summary of a recorded session, under the profile it was recorded with.
pub fn of_session(catalog: &Catalog, session: &crate::session::Session) -> Summary {
    summarise(
        catalog,
        session.start().profile,
        session.answers().into_iter().map(|(_, q, a)| (q, a)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Catalog {
        crate::catalog::load::load_only(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/messages")),
            &[],
        )
    }

    fn ids(s: &Summary) -> Vec<&str> {
        s.indicators.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn the_issue_example_raises_two_indicators_and_the_child_group() {
        let cat = bundled();
        let s = summarise(
            &cat,
            "generic",
            [
                ("q_documents_taken", "yes"),
                ("q_free_to_leave", "no"),
                ("q_under_18", "yes"),
            ],
        );
        assert_eq!(
            ids(&s),
            ["retention_of_identity_documents", "restriction_of_movement"]
        );
        assert_eq!(s.child.len(), 1);
        assert_eq!(s.child[0].question, "q_under_18");
        assert!(s.urgent.is_empty());
        assert_eq!(s.indicators[0].because[0].answer, Polarity::Yes);
        assert_eq!(
            s.indicators[1].because[0].meaning,
            "Can you leave your work or your home whenever you want?"
        );
    }

    #[test]
    fn dont_know_and_repeat_raise_nothing_and_replace_earlier_answers() {
        let cat = bundled();
        for withdrawn in ["dont_know", "repeat"] {
            let s = summarise(
                &cat,
                "generic",
                [
                    ("q_documents_taken", "yes"),
                    ("q_free_to_leave", "no"),
                    ("q_documents_taken", withdrawn),
                ],
            );
            assert_eq!(ids(&s), ["restriction_of_movement"], "{withdrawn}");
        }
        let s = summarise(
            &cat,
            "generic",
            [("q_hurt", "dont_know"), ("q_paid", "repeat")],
        );
        assert!(s.is_empty());
    }

    #[test]
    fn the_opposite_answer_raises_nothing_and_a_later_answer_wins() {
        let cat = bundled();
        let s = summarise(
            &cat,
            "generic",
            [("q_free_to_leave", "yes"), ("q_under_18", "no")],
        );
        assert!(s.is_empty());
        let s = summarise(
            &cat,
            "generic",
            [("q_hurt", "no"), ("q_hurt", "yes"), ("q_unknown", "yes")],
        );
        assert_eq!(s.urgent.len(), 1);
        assert_eq!(s.urgent[0].question, "q_hurt");
        assert_eq!(s.unknown_questions, ["q_unknown"]);
    }

    #[test]
    fn two_questions_raising_one_indicator_list_both() {
        let cat = bundled();
        let s = summarise(
            &cat,
            "generic",
            [("q_afraid", "yes"), ("q_threatened", "yes")],
        );
        assert_eq!(ids(&s), ["intimidation_and_threats"]);
        let behind: Vec<&str> = s.indicators[0]
            .because
            .iter()
            .map(|b| b.question.as_str())
            .collect();
        assert_eq!(behind, ["q_afraid", "q_threatened"]);
    }

    #[test]
    fn referral_lines_follow_their_groups() {
        let mut cat = bundled();
        let mut profile = cat.profiles["generic"].clone();
        assert!(
            profile.referral.is_empty(),
            "the generic profile ships none"
        );
        // Test data only: never shipped in a profile.
        profile.referral = vec![
            Referral {
                group: TriageGroup::Child,
                label: "Child line".into(),
                number: Some("12 34".into()),
            },
            Referral {
                group: TriageGroup::Indicators,
                label: "Referral mechanism".into(),
                number: None,
            },
        ];
        cat.profiles.insert("test".into(), profile);
        let s = summarise(&cat, "test", [("q_under_18", "yes")]);
        let labels: Vec<&str> = s.referrals.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["Child line"]);
        let s = summarise(&cat, "Generic (no country)", [("q_paid", "no")]);
        assert!(s.referrals.is_empty(), "found by name: the generic profile");
        cat.profiles.get_mut("test").unwrap().name = "Test country".into();
        let s = summarise(&cat, "Test country", [("q_paid", "no")]);
        assert_eq!(s.referrals(TriageGroup::Indicators).count(), 1);
        assert_eq!(s.referrals(TriageGroup::Child).count(), 0);
        assert!(summarise(&cat, "test", []).referrals.is_empty());
    }

    #[test]
    fn the_disclaimer_claims_nothing() {
        let lower = DISCLAIMER.to_lowercase();
        for word in ["victim", "identified", "confirmed"] {
            assert!(!lower.contains(word));
        }
    }
}
