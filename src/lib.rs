//! safevoice: recorded messages, in the person's own language and script, for
//! first contact with a possible victim of trafficking.
//!
//! - [`catalog`]: the messages, languages and profiles (pure data).
//! - [`audio`]: decoding, resampling, loudness and the playback engine.
//! - [`text`]: shaping, bidi and fonts for the person's script.
//! - [`ui`]: the window, one panel per file.
//! - [`session`]: the crash-safe record of each contact, and its reports.
//! - [`cli`]: the command line.

pub mod audio;
pub mod catalog;
pub mod cli;
pub mod session;
#[cfg(feature = "gui")]
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;
