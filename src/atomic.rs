//! Atomic file writes, the one implementation for settings, the catalog's
//! `texts.toml`/`audio.toml`/clips and exports: the bytes go to a private
//! temporary file in the target's folder (tempfile), which is fsynced, then
//! renamed over the target, and the folder is fsynced so the rename itself
//! survives a power cut. A crash leaves the old file or the new one, never
//! half of either, and no stray temporary file (tempfile removes it on any
//! error).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Who may read a file created by [`write`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Only the owner (mode 0600): settings, session exports.
    Private,
    /// Everyone may read (mode 0644): catalog files meant to be shared.
    Shared,
}

/// A write that did not happen; the target is unchanged.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl From<WriteError> for std::io::Error {
    fn from(err: WriteError) -> Self {
        std::io::Error::new(err.source.kind(), err)
    }
}

/// Replace `path` with `bytes`, atomically and durably. The folder is created
/// if needed. An existing file keeps its permissions; a new one gets `access`.
pub fn write(path: &Path, bytes: &[u8], access: Access) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => mode(access),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions).map_err(err)?;
    }
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(dir).map_err(err)
}

/// Fsync a folder, so that a rename or a new file in it is durable.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Folders cannot be opened for syncing elsewhere; the rename is
        // already durable on NTFS's journal.
        let _ = dir;
        Ok(())
    }
}

#[cfg(unix)]
fn mode(access: Access) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(match access {
        Access::Private => 0o600,
        Access::Shared => 0o644,
    }))
}

#[cfg(not(unix))]
fn mode(_: Access) -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.toml");
        write(&path, b"one", Access::Private).unwrap();
        write(&path, b"two", Access::Private).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert!(leftovers(path.parent().unwrap()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_access_asked_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("a");
        let shared = dir.path().join("b");
        write(&private, b"x", Access::Private).unwrap();
        write(&shared, b"x", Access::Shared).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&private), 0o600);
        assert_eq!(mode(&shared), 0o644);
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&shared, b"y", Access::Private).unwrap();
        assert_eq!(mode(&shared), 0o640);
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder: the rename fails.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside"), b"keep").unwrap();
        let err = write(&path, b"new", Access::Private).unwrap_err();
        assert!(err.to_string().contains("taken"), "{err}");
        assert_eq!(std::fs::read(path.join("inside")).unwrap(), b"keep");
        assert!(leftovers(dir.path()).is_empty());
    }
}
