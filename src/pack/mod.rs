//! Signed message packs: the trust chain from a deployer to each laptop.
//!
//! A pack (the catalog folder) carries `manifest.toml`, listing every file
//! with its size and SHA-256, and `manifest.toml.minisig`, an Ed25519
//! signature of the manifest in minisign format (made and checked with the
//! `minisign` crate; the standard `minisign` tool reads and writes the same).
//!
//! - [`manifest`]: the manifest and the walk of a pack's files;
//! - [`keys`]: key pairs, trusted keys (config and system folders) and the
//!   public development key;
//! - [`verify`]: the signature check and per-file states ([`PackStatus`]);
//! - [`watch`]: verification on a worker thread, polled by the window;
//! - [`journal`]: files this app changed on this computer.

pub mod journal;
pub mod keys;
pub mod manifest;
pub mod verify;
pub mod watch;

pub use keys::TrustedKey;
pub use verify::{FileState, PackStatus, Trust};
pub use watch::PackWatch;

use std::path::{Path, PathBuf};

/// Why a pack could not be signed or checked. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {detail}")]
    Manifest {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("{path}: {detail}")]
    Signature { path: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Key { path: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Refused { path: PathBuf, detail: String },
    #[error("{0}")]
    Encode(String),
}

/// Sign the pack in `dir` with `secret`: write `manifest.toml` (every file,
/// size, SHA-256) and `manifest.toml.minisig`. Returns the number of files.
pub fn sign(dir: &Path, secret: &minisign::SecretKey) -> Result<usize, PackError> {
    let manifest = manifest::build(dir)?;
    let text = manifest.to_toml()?;
    let public = minisign::PublicKey::from_secret_key(secret).ok();
    let comment = format!(
        "safevoice pack, {} files, signed {}",
        manifest.files.len(),
        time::OffsetDateTime::now_utc().unix_timestamp()
    );
    let signature = minisign::sign(
        public.as_ref(),
        secret,
        std::io::Cursor::new(text.as_bytes()),
        Some(&comment),
        Some("signature from safevoice pack sign"),
    )
    .map_err(|e| PackError::Encode(format!("cannot sign: {e}")))?;
    write_file(&dir.join(manifest::MANIFEST), text.as_bytes())?;
    write_file(
        &dir.join(manifest::SIGNATURE),
        signature.into_string().as_bytes(),
    )?;
    Ok(manifest.files.len())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PackError> {
    crate::catalog::edit::write_atomic(path, bytes).map_err(|e| PackError::Encode(e.to_string()))
}

/// Check the pack in `dir` completely: the signature against `keys` (or only
/// against `pubkey` when given) and every file.
pub fn verify_all(dir: &Path, keys: &[TrustedKey]) -> Result<PackStatus, PackError> {
    let mut status = verify::open(dir, keys, journal::Journal::load())?;
    status.check_all();
    Ok(status)
}
