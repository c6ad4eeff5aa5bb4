//! The guided interview: the opening, then the questions in catalog order
//! (safety, then needs), then rights and closing, one step at a time.
//!
//! Pure state: which steps, where we are, whether it is paused and when the
//! next step is due. `App` plays the steps and moves it on: a statement
//! moves on when it has been heard, a question when it has been answered
//! (REPEAT replays it), each after a short pause, so the responder never has
//! to turn the screen around between questions.

use super::Model;
use crate::catalog::{Category, Kind, MessageDef};
use std::time::{Duration, Instant};

/// The categories of the sequence, in order (children only for a child).
const ORDER: [Category; 6] = [
    Category::Opening,
    Category::Children,
    Category::Safety,
    Category::Needs,
    Category::Rights,
    Category::Closing,
];

/// An interview under way.
#[derive(Clone, Debug, PartialEq)]
pub struct Interview {
    /// Message ids, in the order they are asked.
    pub steps: Vec<String>,
    /// The step being asked.
    pub pos: usize,
    /// The responder left the sequence (played another card, or paused):
    /// nothing moves on until Resume.
    pub paused: bool,
    /// When the next step is due (after a statement was heard or a question
    /// answered).
    pub next_at: Option<Instant>,
}

impl Interview {
    /// The sequence for the chosen language, profile and person.
    pub fn new(model: &Model, child: bool) -> Self {
        let profile = model.profile();
        let has_hotline = !profile.hotline.is_empty();
        let steps = ORDER
            .into_iter()
            .filter(|c| child || *c != Category::Children)
            .flat_map(|category| {
                model
                    .catalog
                    .messages
                    .iter()
                    .filter(move |m| m.category == category)
            })
            .filter(|m| profile.allows(m))
            // The hotline message says "call this number": only with a number.
            .filter(|m| has_hotline || m.id() != "hotline")
            .map(|m| m.id().to_owned())
            .collect();
        Self {
            steps,
            pos: 0,
            paused: false,
            next_at: None,
        }
    }

    /// The step being asked.
    pub fn current(&self) -> Option<&str> {
        self.steps.get(self.pos).map(String::as_str)
    }

    /// Whether the last step has been passed.
    pub fn finished(&self) -> bool {
        self.pos >= self.steps.len()
    }

    /// How many of the steps are questions, and which question the current
    /// step is (1-based), for "question 4 of 17".
    pub fn question_progress(&self, model: &Model) -> (usize, usize) {
        let is_question = |id: &String| {
            model
                .catalog
                .message(id)
                .is_some_and(|m: &MessageDef| m.kind == Kind::Question)
        };
        let total = self.steps.iter().filter(|id| is_question(id)).count();
        let done = self.steps[..self.pos.min(self.steps.len())]
            .iter()
            .filter(|id| is_question(id))
            .count();
        (done + 1, total)
    }

    /// Move on after `delay`.
    pub fn schedule_next(&mut self, delay: Duration) {
        self.next_at = Some(Instant::now() + delay);
    }

    /// Whether the next step is due now.
    pub fn due(&self, now: Instant) -> bool {
        !self.paused && self.next_at.is_some_and(|at| now >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_questions_only() {
        let interview = Interview {
            steps: vec!["a".into(), "b".into()],
            pos: 2,
            paused: false,
            next_at: None,
        };
        assert!(interview.finished());
        assert_eq!(interview.current(), None);
        let now = Instant::now();
        let mut due = interview.clone();
        due.next_at = Some(now);
        assert!(due.due(now));
        due.paused = true;
        assert!(!due.due(now));
    }
}
