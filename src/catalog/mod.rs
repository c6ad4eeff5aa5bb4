//! The message catalog: pure data.
//!
//! [`model`] holds the serde types of the TOML files under `messages/`,
//! [`load`] reads and validates a whole catalog folder into a [`Catalog`],
//! collecting every [`Problem`] instead of stopping at the first one, and
//! [`coverage`] summarises what each language has, and [`pictogram`] reads
//! the bundled pictogram set and checks the messages' mapping to it.

pub mod countries;
pub mod coverage;
pub mod edit;
pub mod load;
pub mod model;
pub mod pictogram;
pub mod problem;
pub mod withhold;

pub use load::{Catalog, Clip, Language, load, load_with_pictograms};
pub use model::{
    Audience, AudioSource, Category, ClipDef, Confidence, Direction, Gender, Hotline, IndicatorDef,
    IndicatorRef, Kind, LanguageMeta, MessageDef, PictogramRef, Polarity, Profile, Referral,
    TextEntry, TextStatus, TriageGroup,
};
pub use pictogram::PictogramSet;
pub use problem::Problem;

use std::path::{Path, PathBuf};

/// Where the bundled catalog is, when no `--messages` folder is given.
///
/// In order: `$SAFEVOICE_MESSAGES`, `./messages` when it holds a
/// `catalog.toml`, `<exe dir>/messages` (the Windows installer),
/// `<exe dir>/../share/safevoice/messages` (the Debian package, `/usr/share`),
/// `<exe dir>/../Resources/messages` (the macOS app bundle), and last the
/// source tree this binary was built from. A found folder is made absolute
/// and without `..`, as messages and errors show it.
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
        if cfg!(target_os = "macos") {
            candidates.push(exe_dir.join("../Resources/messages"));
        }
    }
    candidates
        .into_iter()
        .find(|dir| dir.join("catalog.toml").is_file())
        .map(|dir| std::path::absolute(&dir).map_or(dir, |abs| normalise(&abs)))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("messages"))
}

/// `path` without `.` and `..` components (lexically: `a/b/../c` is `a/c`).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
