//! The message catalog: pure data.
//!
//! [`model`] holds the serde types of the TOML files under `messages/`,
//! [`load`] reads and validates a whole catalog folder into a [`Catalog`],
//! collecting every [`Problem`] instead of stopping at the first one, and
//! [`coverage`] summarises what each language has.

pub mod countries;
pub mod coverage;
pub mod edit;
pub mod load;
pub mod model;
pub mod problem;

pub use load::{Catalog, Clip, Language, load};
pub use model::{
    Audience, AudioSource, Category, ClipDef, Confidence, Direction, Gender, Hotline, Kind,
    LanguageMeta, MessageDef, Profile, TextEntry, TextStatus,
};
pub use problem::Problem;

use std::path::PathBuf;

/// Where the bundled catalog is, when no `--messages` folder is given.
///
/// In order: `$SAFEVOICE_MESSAGES`, `./messages` when it holds a
/// `catalog.toml`, `<exe dir>/messages`, `<exe dir>/../share/safevoice/messages`,
/// and last the source tree this binary was built from.
pub fn default_messages_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SAFEVOICE_MESSAGES") {
        return PathBuf::from(dir);
    }
    let mut candidates = vec![PathBuf::from("messages")];
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
    {
        candidates.push(exe_dir.join("messages"));
        candidates.push(exe_dir.join("../share/safevoice/messages"));
    }
    candidates
        .into_iter()
        .find(|dir| dir.join("catalog.toml").is_file())
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/messages")))
}
