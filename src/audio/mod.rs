//! Audio: decoding, conversion, loudness and the playback engine.
//!
//! - [`decode`] turns a clip file (WAV, Ogg Vorbis, FLAC, MP3, AAC/M4A) into f32 samples.
//! - [`alsa_log`] sends alsa-lib's own error messages to the log, not the terminal.
//! - [`convert`] resamples (rubato) and maps channels to the device's layout.
//! - [`loudness`] measures clips (EBU R128) and computes the normalising gain.
//! - [`prepare`] chains those into ready-to-play clips, with a cache.
//! - [`render`] is the lock-free, allocation-free consumer the device callback runs.
//! - [`output`] opens a real device (cpal) or an in-memory one (tests, benchmarks).
//! - [`engine`] is the thread the UI and CLI talk to, with commands and events.

pub mod alsa_log;
pub mod convert;
pub mod decode;
pub mod disk_cache;
pub mod engine;
pub mod input;
pub mod loudness;
pub mod output;
pub mod prepare;
pub mod preview;
pub mod render;

pub use decode::{DecodeError, Decoded, decode_file};
pub use engine::{Command, Engine, Event, PlayItem};
pub use output::{CpalOutput, MemoryCapture, MemoryOutput, OutputError, OutputFactory};
