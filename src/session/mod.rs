//! The session record: a crash-safe log of each contact, and reports.
//!
//! [`log`] appends one JSON line per event and fsyncs it before the UI shows
//! the event as recorded; [`chain`] checks the hash chain that links the
//! lines; [`store`] finds, reads (skipping a torn last line), lists and
//! deletes session files; [`index`] keeps a summary of each file so that
//! listing does not parse them all; [`report`] exports a session as a
//! self-contained HTML report, CSV or JSON.
//!
//! A session holds times, the language, message ids and texts, answers and
//! an optional case reference typed by the responder: never the person's
//! name, voice or image.

pub mod chain;
pub mod index;
pub mod log;
pub mod report;
pub mod store;

pub use chain::ChainState;
pub use index::{Index, Summary};
pub use log::{Entry, SessionLog};
pub use store::{Session, SessionError, Store};

/// Now, as RFC 3339 UTC (e.g. `2026-11-23T16:55:19.123Z`).
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

/// Seconds between two RFC 3339 times, when both parse.
pub fn seconds_between(from: &str, to: &str) -> Option<f64> {
    use time::format_description::well_known::Rfc3339;
    let a = time::OffsetDateTime::parse(from, &Rfc3339).ok()?;
    let b = time::OffsetDateTime::parse(to, &Rfc3339).ok()?;
    Some((b - a).as_seconds_f64())
}
