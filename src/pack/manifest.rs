//! The pack manifest (`manifest.toml`): every file of the pack with its
//! path, size and SHA-256, and the walk that lists a pack's files.

use super::PackError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name, in the pack's root folder.
pub const MANIFEST: &str = "manifest.toml";
/// The signature of the manifest, in minisign format.
pub const SIGNATURE: &str = "manifest.toml.minisig";
/// The manifest format this build writes and reads.
pub const FORMAT: u32 = 1;

/// One file of the pack.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Relative to the pack root, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// The whole manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    #[serde(default, rename = "file")]
    pub files: Vec<FileEntry>,
}

#[derive(Deserialize)]
struct RawManifest {
    format: u32,
    #[serde(default)]
    file: Vec<toml::Spanned<FileEntry>>,
}

/// 1-based line of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    source
        .get(..offset)
        .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

impl Manifest {
    /// Parse `text` (the bytes of `path`, for messages). Every path must stay
    /// inside the pack: no `..`, no absolute path, no empty component.
    pub fn parse(path: &Path, text: &str) -> Result<Self, PackError> {
        let raw: RawManifest = toml::from_str(text).map_err(|e| PackError::Manifest {
            path: path.to_path_buf(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            detail: e.message().to_owned(),
        })?;
        if raw.format != FORMAT {
            return Err(PackError::Manifest {
                path: path.to_path_buf(),
                line: 1,
                detail: format!(
                    "manifest format {} is not known to this version (it reads format {FORMAT})",
                    raw.format
                ),
            });
        }
        let mut files = Vec::with_capacity(raw.file.len());
        for spanned in raw.file {
            let start = spanned.span().start;
            let entry = spanned.into_inner();
            if let Err(why) = check_relative(&entry.path) {
                return Err(PackError::Manifest {
                    path: path.to_path_buf(),
                    line: line_of(text, start),
                    detail: format!("path {:?} refused: {why}", entry.path),
                });
            }
            files.push(entry);
        }
        Ok(Self {
            format: raw.format,
            files,
        })
    }

    /// The TOML text, with a header comment.
    pub fn to_toml(&self) -> Result<String, PackError> {
        let body = toml::to_string(self).map_err(|e| PackError::Encode(e.to_string()))?;
        Ok(format!(
            "# safevoice pack manifest: every file of the pack, its size and SHA-256.\n\
             # Signed by manifest.toml.minisig (minisign). Written by `safevoice pack sign`.\n\n{body}"
        ))
    }

    /// Files by path.
    pub fn by_path(&self) -> BTreeMap<&str, &FileEntry> {
        self.files.iter().map(|f| (f.path.as_str(), f)).collect()
    }
}

/// Why a manifest path would leave the pack, if it would.
pub fn check_relative(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("empty path");
    }
    if path.contains('\\') {
        return Err("backslash in path");
    }
    if path.starts_with('/') || Path::new(path).is_absolute() {
        return Err("absolute path");
    }
    for c in Path::new(path).components() {
        match c {
            Component::Normal(_) => {}
            Component::ParentDir => return Err("`..` leaves the pack"),
            _ => return Err("not a plain relative path"),
        }
    }
    if path.split('/').any(str::is_empty) {
        return Err("empty path component");
    }
    Ok(())
}

/// What the walk of a pack found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Regular files (and symlinks that stay inside the pack), relative, sorted.
    pub files: Vec<String>,
    /// Files refused outright (a symlink out of the pack, a name that is not UTF-8).
    pub refused: Vec<(String, String)>,
}

/// List every file under `root` except the manifest and its signature.
pub fn walk(root: &Path) -> Result<Listing, PackError> {
    let canonical = root.canonicalize().map_err(|source| PackError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut listing = Listing::default();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| PackError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| PackError::Io {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                listing.refused.push((
                    format!("{prefix}{}", entry.file_name().to_string_lossy()),
                    "the name is not valid UTF-8".into(),
                ));
                continue;
            };
            let rel = format!("{prefix}{name}");
            if rel == MANIFEST || rel == SIGNATURE {
                continue;
            }
            // The directory entry's own type (no stat per file where the
            // file system reports it, as ext4 does); a link is not followed.
            let kind = entry.file_type().map_err(|source| PackError::Io {
                path: path.clone(),
                source,
            })?;
            if kind.is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&canonical) => {
                        if target.is_dir() {
                            listing.refused.push((
                                rel,
                                "a symbolic link to a folder: refused (copy the folder)".into(),
                            ));
                        } else {
                            listing.files.push(rel);
                        }
                    }
                    Ok(target) => listing.refused.push((
                        rel,
                        format!(
                            "a symbolic link out of the pack (to {}): refused",
                            target.display()
                        ),
                    )),
                    Err(err) => listing
                        .refused
                        .push((rel, format!("a broken symbolic link: {err}"))),
                }
            } else if kind.is_dir() {
                stack.push((path, format!("{rel}/")));
            } else if kind.is_file() {
                listing.files.push(rel);
            }
        }
    }
    listing.files.sort();
    listing.refused.sort();
    Ok(listing)
}

/// Size and SHA-256 (hex) of a file.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// A manifest of every file under `root` as it is now.
pub fn build(root: &Path) -> Result<Manifest, PackError> {
    let listing = walk(root)?;
    if let Some((path, why)) = listing.refused.first() {
        return Err(PackError::Refused {
            path: root.join(path),
            detail: why.clone(),
        });
    }
    let mut files = Vec::with_capacity(listing.files.len());
    for rel in listing.files {
        let full = resolve(root, &rel);
        let (size, sha256) = hash_file(&full).map_err(|source| PackError::Io {
            path: full.clone(),
            source,
        })?;
        files.push(FileEntry {
            path: rel,
            size,
            sha256,
        });
    }
    Ok(Manifest {
        format: FORMAT,
        files,
    })
}

/// The full path of a checked relative path.
pub fn resolve(root: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(root.to_path_buf(), |p, c| p.join(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_pack_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "",
            "a//b",
            "./a",
            "a\\b",
        ] {
            assert!(check_relative(bad).is_err(), "{bad}");
        }
        for good in ["a", "ar/audio/do_not_fear.ogg", "profiles/generic.toml"] {
            assert!(check_relative(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
    }
}
