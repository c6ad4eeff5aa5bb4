//! safevoice: recorded messages, in the person's own language and script, for
//! first contact with a possible victim of trafficking.
//!
//! - [`catalog`]: the messages, languages and profiles (pure data).
//! - [`audio`]: decoding, resampling, loudness and the playback engine.
//! - [`text`]: shaping, bidi and fonts for the person's script.
//! - [`ui`]: the window, one panel per file.
//! - [`session`]: the crash-safe record of each contact, and its reports.
//! - [`triage`]: urgent needs, child status and indicators raised by the answers.
//! - [`review`]: translation review: the gettext PO round trip and its checks.
//! - [`pack`]: signed message packs (manifest, minisign signature, trusted keys).
//! - [`cli`]: the command line.
//! - [`atomic`], [`times`], [`digest`], [`parallel`]: atomic file writes,
//!   times for people, content hashes and work spread over the cores.
//! - [`diag`]: the log (tracing), and `--verbose`.
//! - [`paths`]: the platform folders.

pub mod atomic;
pub mod audio;
pub mod catalog;
pub mod cli;
pub mod diag;
pub mod digest;
pub mod pack;
pub mod parallel;
pub mod paths;
pub mod review;
pub mod session;
#[cfg(feature = "gui")]
pub mod text;
pub mod times;
pub mod triage;
#[cfg(feature = "gui")]
pub mod ui;
