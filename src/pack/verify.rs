//! Checking a pack: who signed its manifest, and whether each file is the
//! one the manifest lists. Checking is split in two so that the app can
//! start at once: [`open`] reads and checks the signature (cheap), then each
//! file is hashed ([`PackStatus::check_file`]), all of them or only those a
//! command needs.

use super::PackError;
use super::journal::Journal;
use super::keys::{TrustedKey, dev_key, key_id};
use super::manifest::{self, MANIFEST, Manifest, SIGNATURE};
use minisign::{PublicKey, SignatureBox};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Who vouches for the pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Signed by a key of this computer's trusted keys.
    Trusted { label: String, key_id: String },
    /// Signed with the public development key: testing and training only.
    Development { key_id: String },
    /// Signed, by a key this computer does not trust.
    UnknownKey { key_id: String },
    /// No manifest or no signature.
    Unsigned,
    /// A signature or manifest that cannot be read or does not verify.
    BadSignature { detail: String },
}

impl Trust {
    /// Whether the signature is valid for a key known here (trusted or the
    /// development key), so the manifest can be relied on.
    pub fn manifest_verified(&self) -> bool {
        matches!(self, Trust::Trusted { .. } | Trust::Development { .. })
    }
}

impl fmt::Display for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trust::Trusted { label, key_id } => write!(f, "signed by {label} (key {key_id})"),
            Trust::Development { .. } => {
                f.write_str("signed with the public development key: for testing and training only")
            }
            Trust::UnknownKey { key_id } => {
                write!(f, "signed by an unknown key (key id {key_id}): not trusted")
            }
            Trust::Unsigned => f.write_str("unsigned: not verified"),
            Trust::BadSignature { detail } => write!(f, "signature invalid: {detail}"),
        }
    }
}

/// What is known of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileState {
    /// Not hashed yet.
    Pending,
    /// As the manifest says.
    Intact,
    /// Changed by this app on this computer (recorded, imported, reviewed):
    /// usable, not signed.
    LocallyModified,
    /// Not as the manifest says: refused.
    Changed,
    /// Listed by the manifest, not in the pack.
    Missing,
    /// In the pack, not listed by the manifest: refused.
    Extra,
    /// Refused for another reason (a symlink out of the pack, unreadable).
    Refused(String),
}

impl FileState {
    /// Whether the file must not be played, shown or read.
    pub fn is_refused(&self) -> bool {
        matches!(
            self,
            FileState::Changed | FileState::Missing | FileState::Extra | FileState::Refused(_)
        )
    }

    /// In words.
    pub fn describe(&self) -> String {
        match self {
            FileState::Pending => "not checked yet".into(),
            FileState::Intact => "intact".into(),
            FileState::LocallyModified => "modified on this computer, not signed".into(),
            FileState::Changed => "changed".into(),
            FileState::Missing => "missing".into(),
            FileState::Extra => "added (not in the manifest)".into(),
            FileState::Refused(why) => why.clone(),
        }
    }
}

/// The state of a pack: its signature and each file.
#[derive(Clone, Debug)]
pub struct PackStatus {
    /// The pack folder.
    pub root: PathBuf,
    pub trust: Trust,
    /// Every file (relative, `/`-separated) and its state.
    pub files: BTreeMap<String, FileState>,
    /// The manifest's entries, to hash against (empty when unsigned).
    manifest: BTreeMap<String, (u64, String)>,
    /// Local edits recorded by this computer.
    journal: Journal,
}

/// Open a pack: read its manifest and check the signature against `keys`
/// (and the development key). Files are all [`FileState::Pending`], except
/// those refused by the walk (symlinks out of the pack) and, for an
/// unsigned pack, none at all (nothing to check against).
pub fn open(root: &Path, keys: &[TrustedKey], journal: Journal) -> Result<PackStatus, PackError> {
    let listing = manifest::walk(root)?;
    let mut status = PackStatus {
        root: root.to_path_buf(),
        trust: Trust::Unsigned,
        files: BTreeMap::new(),
        manifest: BTreeMap::new(),
        journal,
    };
    let manifest_path = root.join(MANIFEST);
    let signature_path = root.join(SIGNATURE);
    let (trust, manifest) = if !manifest_path.exists() || !signature_path.exists() {
        (Trust::Unsigned, None)
    } else {
        match read_signed(&manifest_path, &signature_path, keys) {
            Ok((trust, manifest)) => (trust, Some(manifest)),
            Err(err) => (
                Trust::BadSignature {
                    detail: err.to_string(),
                },
                None,
            ),
        }
    };
    status.trust = trust;
    for (rel, why) in listing.refused {
        status.files.insert(rel, FileState::Refused(why));
    }
    match manifest {
        Some(manifest) => {
            for entry in manifest.files {
                status
                    .files
                    .entry(entry.path.clone())
                    .or_insert(FileState::Pending);
                status
                    .manifest
                    .insert(entry.path, (entry.size, entry.sha256));
            }
            // Files the manifest does not list are hashed too: one this app
            // wrote here (a new recording) is a local edit, any other is refused.
            for rel in listing.files {
                status.files.entry(rel).or_insert(FileState::Pending);
            }
        }
        None => {
            // Nothing to check against: every file is as good as the folder.
            for rel in listing.files {
                status.files.entry(rel).or_insert(FileState::Intact);
            }
        }
    }
    Ok(status)
}

/// Read the manifest and check its signature: against every key in `keys`
/// and the development key. A signature by another key is
/// [`Trust::UnknownKey`] (its manifest is still read, so that files are
/// compared with it, but nothing vouches for it).
fn read_signed(
    manifest_path: &Path,
    signature_path: &Path,
    keys: &[TrustedKey],
) -> Result<(Trust, Manifest), PackError> {
    let bytes = std::fs::read(manifest_path).map_err(|source| PackError::Io {
        path: manifest_path.to_path_buf(),
        source,
    })?;
    let signature = read_signature(signature_path)?;
    let id = key_id(signature.keynum());
    let check = |key: &PublicKey| verify_bytes(key, &signature, &bytes, signature_path);
    let trust = if let Some(key) = keys.iter().find(|k| k.key.keynum() == signature.keynum()) {
        check(&key.key)?;
        Trust::Trusted {
            label: key.label.clone(),
            key_id: id,
        }
    } else if let Some(dev) = dev_key().filter(|k| k.keynum() == signature.keynum()) {
        check(&dev)?;
        Trust::Development { key_id: id }
    } else {
        Trust::UnknownKey { key_id: id }
    };
    let text = String::from_utf8(bytes).map_err(|_| PackError::Manifest {
        path: manifest_path.to_path_buf(),
        line: 1,
        detail: "not UTF-8".into(),
    })?;
    Ok((trust, Manifest::parse(manifest_path, &text)?))
}

/// Read a `.minisig` file.
pub fn read_signature(path: &Path) -> Result<SignatureBox, PackError> {
    let text = std::fs::read_to_string(path).map_err(|source| PackError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    SignatureBox::from_string(&text).map_err(|e| PackError::Signature {
        path: path.to_path_buf(),
        detail: format!("not a minisign signature: {e}"),
    })
}

/// Check `signature` of `bytes` with `key`.
pub fn verify_bytes(
    key: &PublicKey,
    signature: &SignatureBox,
    bytes: &[u8],
    signature_path: &Path,
) -> Result<(), PackError> {
    minisign::verify(key, signature, Cursor::new(bytes), true, false, false).map_err(|e| {
        PackError::Signature {
            path: signature_path.to_path_buf(),
            detail: format!("does not verify with key {}: {e}", key_id(key.keynum())),
        }
    })
}

impl PackStatus {
    /// Hash one file (relative path) and record its state. Files not in the
    /// status (unknown paths) are ignored.
    pub fn check_file(&mut self, rel: &str) -> Option<&FileState> {
        let state = self.compute(rel)?;
        let slot = self.files.get_mut(rel)?;
        *slot = state;
        Some(slot)
    }

    /// The state `rel` would get now, without recording it (so that a
    /// worker can compute it without holding a lock).
    pub fn compute(&self, rel: &str) -> Option<FileState> {
        let current = self.files.get(rel)?;
        if *current != FileState::Pending {
            return Some(current.clone());
        }
        let listed = self.manifest.get(rel);
        let full = manifest::resolve(&self.root, rel);
        Some(match manifest::hash_file(&full) {
            Ok((s, h)) if listed.is_some_and(|(size, sha)| s == *size && h == *sha) => {
                FileState::Intact
            }
            Ok((_, h)) if self.journal.wrote(&full, &h) => FileState::LocallyModified,
            Ok(_) if listed.is_none() => FileState::Extra,
            Ok(_) => FileState::Changed,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
            Err(err) => FileState::Refused(format!("cannot be read: {err}")),
        })
    }

    /// Record a state computed by [`Self::compute`].
    pub fn set(&mut self, rel: &str, state: FileState) {
        if let Some(slot) = self.files.get_mut(rel) {
            *slot = state;
        }
    }

    /// Hash every file still pending.
    pub fn check_all(&mut self) {
        let pending: Vec<String> = self.pending().map(str::to_owned).collect();
        for rel in pending {
            self.check_file(&rel);
        }
    }

    /// Hash the pending files under `prefix` (a folder, with its `/`) and the
    /// files in `also`.
    pub fn check_some(&mut self, prefixes: &[&str], also: &[&str]) -> usize {
        let wanted: Vec<String> = self
            .pending()
            .filter(|rel| prefixes.iter().any(|p| rel.starts_with(p)) || also.contains(rel))
            .map(str::to_owned)
            .collect();
        for rel in &wanted {
            self.check_file(rel);
        }
        wanted.len()
    }

    /// Files not hashed yet.
    pub fn pending(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .filter(|(_, s)| **s == FileState::Pending)
            .map(|(p, _)| p.as_str())
    }

    /// Whether every file has been checked.
    pub fn done(&self) -> bool {
        self.pending().next().is_none()
    }

    /// Files refused, with why.
    pub fn refused(&self) -> Vec<(&str, &FileState)> {
        self.files
            .iter()
            .filter(|(_, s)| s.is_refused())
            .map(|(p, s)| (p.as_str(), s))
            .collect()
    }

    /// Files changed by this computer since the pack was signed.
    pub fn locally_modified(&self) -> Vec<&str> {
        self.files
            .iter()
            .filter(|(_, s)| **s == FileState::LocallyModified)
            .map(|(p, _)| p.as_str())
            .collect()
    }

    /// The state of a file given by its full path (as the catalog holds it).
    pub fn state_of(&self, path: &Path) -> Option<&FileState> {
        let rel = self.relative(path)?;
        self.files.get(&rel)
    }

    /// `path` relative to the pack root, `/`-separated.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }

    /// Full paths of the refused files.
    pub fn refused_paths(&self) -> Vec<PathBuf> {
        self.refused()
            .into_iter()
            .map(|(rel, _)| manifest::resolve(&self.root, rel))
            .collect()
    }

    /// The whole state in one line, as `play` and `check` print it.
    pub fn one_line(&self) -> String {
        let mut line = format!("Pack {}: {}", self.root.display(), self.trust);
        let refused = self.refused();
        let local = self.locally_modified();
        let checked = self
            .files
            .values()
            .filter(|s| **s != FileState::Pending)
            .count();
        if !refused.is_empty() {
            let names: Vec<String> = refused
                .iter()
                .map(|(p, s)| format!("{p} ({})", s.describe()))
                .collect();
            line += &format!("; REFUSED: {}", first_few(&names));
        }
        if !local.is_empty() {
            line += &format!(
                "; modified on this computer, not signed: {}",
                first_few(&local)
            );
        }
        if refused.is_empty() && local.is_empty() && self.trust.manifest_verified() {
            line += &format!("; {checked} of {} files checked, intact", self.files.len());
        }
        line
    }

    /// Whether the pack is signed by a trusted key and every file is intact.
    pub fn is_genuine(&self) -> bool {
        matches!(self.trust, Trust::Trusted { .. })
            && self.files.values().all(|s| *s == FileState::Intact)
    }
}

/// The first names of a list, for one line: a long list (a whole folder
/// refused) ends with how many more there are; each command that prints the
/// line also lists them one per line.
fn first_few<S: AsRef<str>>(names: &[S]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = names.iter().take(SHOWN).map(AsRef::as_ref).collect();
    match names.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_list_is_cut_with_a_count() {
        let names: Vec<String> = (1..=8).map(|i| format!("f{i}")).collect();
        assert_eq!(super::first_few(&names[..2]), "f1, f2");
        assert_eq!(super::first_few(&names), "f1, f2, f3, f4, f5 and 3 more");
    }
}
