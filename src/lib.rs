//! safevoice: recorded messages, in the person's own language and script, for
//! first contact with a possible victim of trafficking.
//!
//! - [`catalog`]: the messages, languages and profiles (pure data).
//! - [`audio`]: decoding, resampling, loudness and the playback engine.
//! - [`cli`]: the command line.

pub mod audio;
pub mod catalog;
pub mod cli;
pub mod gui;
pub mod text;
