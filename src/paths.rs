//! Where safevoice keeps its files on each platform.
//!
//! The data folder holds the session records and the log. It is
//! `$SAFEVOICE_DATA_DIR` when set, otherwise the platform's local data folder
//! (from `directories`): `~/.local/share/safevoice` on Linux (XDG),
//! `~/Library/Application Support/org.safevoice.safevoice` on macOS, and
//! `%LOCALAPPDATA%\safevoice\safevoice\data` on Windows. The local (not
//! roaming) folder on Windows keeps the records on this machine instead of
//! copying them to a domain's roaming-profile server.

use std::path::PathBuf;

/// The data folder, or `None` when the platform gives none (no home folder)
/// and `$SAFEVOICE_DATA_DIR` is unset.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SAFEVOICE_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "safevoice", "safevoice")
        .map(|dirs| dirs.data_local_dir().to_path_buf())
}

/// The folder of the log files: `logs` in the data folder.
pub fn log_dir() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("logs"))
}
