//! Keys: making a key pair, reading secret and public keys (minisign
//! format, through the `minisign` crate), the trusted keys of this computer
//! and the public development key the bundled pack is signed with.

use super::PackError;
use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox};
use std::path::{Path, PathBuf};

/// The public half of the development key (`keys/safevoice-dev.pub`). Its
/// secret is committed to this public repository, so anyone can sign with
/// it: a pack it signs is for testing and training only, never trusted.
pub const DEV_PUBLIC_KEY: &str = include_str!("../../keys/safevoice-dev.pub");

/// The environment variable that gives the secret key's password (for
/// scripts; otherwise it is asked for on the terminal).
pub const PASSWORD_ENV: &str = "SAFEVOICE_KEY_PASSWORD";

/// A minisign key id as minisign prints it (16 upper-case hex digits).
pub fn key_id(keynum: &[u8]) -> String {
    let mut bytes = [0u8; 8];
    for (b, k) in bytes.iter_mut().zip(keynum) {
        *b = *k;
    }
    format!("{:016X}", u64::from_le_bytes(bytes))
}

/// A public key with the label it is known by.
#[derive(Clone, Debug)]
pub struct TrustedKey {
    pub label: String,
    pub key: PublicKey,
    /// The file it came from.
    pub file: PathBuf,
}

impl TrustedKey {
    /// Its key id.
    pub fn id(&self) -> String {
        key_id(self.key.keynum())
    }
}

/// Parse a minisign public key file (`untrusted comment:` line, then the
/// key), or a bare base64 key.
pub fn parse_public_key(text: &str) -> Result<PublicKey, String> {
    let text = text.trim();
    let result = if text.lines().count() >= 2 {
        PublicKeyBox::from_string(text).and_then(PublicKey::from_box)
    } else {
        PublicKey::from_base64(text)
    };
    result.map_err(|e| format!("not a minisign public key: {e}"))
}

/// The label of a public key file: its untrusted comment, unless that is
/// minisign's default (then the file name without `.pub`).
fn label_of(text: &str, file: &Path) -> String {
    let comment = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("untrusted comment:"))
        .map(str::trim)
        .unwrap_or_default();
    if comment.is_empty() || comment.starts_with("minisign public key") {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        comment.to_owned()
    }
}

/// Read a public key file.
pub fn read_public_key(path: &Path) -> Result<TrustedKey, PackError> {
    let text = std::fs::read_to_string(path).map_err(|source| PackError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let key = parse_public_key(&text).map_err(|detail| PackError::Key {
        path: path.to_path_buf(),
        detail,
    })?;
    Ok(TrustedKey {
        label: label_of(&text, path),
        key,
        file: path.to_path_buf(),
    })
}

/// The public development key.
pub fn dev_key() -> Option<PublicKey> {
    parse_public_key(DEV_PUBLIC_KEY).ok()
}

/// The folders trusted keys are read from, in order: `$SAFEVOICE_TRUSTED_KEYS`
/// (a `:`-separated list, which replaces the others: for tests and unusual
/// set-ups), else the user's config folder (`~/.config/safevoice/trusted-keys`
/// on Linux) and the system-wide folder a deployer fills
/// (`/etc/safevoice/trusted-keys` on Linux and macOS,
/// `%ProgramData%\safevoice\trusted-keys` on Windows).
pub fn trusted_key_dirs() -> Vec<PathBuf> {
    if let Some(list) = std::env::var_os("SAFEVOICE_TRUSTED_KEYS") {
        return std::env::split_paths(&list).collect();
    }
    let mut dirs = Vec::new();
    if let Some(d) = directories::ProjectDirs::from("org", "safevoice", "safevoice") {
        dirs.push(d.config_dir().join("trusted-keys"));
    }
    dirs.push(system_key_dir());
    dirs
}

/// The system-wide trusted keys folder.
pub fn system_key_dir() -> PathBuf {
    if cfg!(windows) {
        std::env::var_os("ProgramData")
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from)
            .join(r"safevoice\trusted-keys")
    } else {
        PathBuf::from("/etc/safevoice/trusted-keys")
    }
}

/// Every `*.pub` file of the trusted key folders, and a message for each one
/// that could not be read. The development key is never trusted, even when
/// it was copied there.
pub fn trusted_keys() -> (Vec<TrustedKey>, Vec<String>) {
    trusted_keys_in(&trusted_key_dirs())
}

/// [`trusted_keys`] from given folders.
pub fn trusted_keys_in(dirs: &[PathBuf]) -> (Vec<TrustedKey>, Vec<String>) {
    let dev = dev_key().map(|k| k.keynum().to_vec());
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "pub"))
            .collect();
        files.sort();
        for file in files {
            match read_public_key(&file) {
                Ok(key) if dev.as_deref() == Some(key.key.keynum()) => problems.push(format!(
                    "{}: the public development key is never trusted: ignored",
                    file.display()
                )),
                Ok(key) => keys.push(key),
                Err(err) => problems.push(err.to_string()),
            }
        }
    }
    (keys, problems)
}

/// Make a password-protected key pair: `NAME.key` (secret) and `NAME.pub`
/// (public, whose comment is `label`). Refuses to overwrite. The password is
/// asked for on the terminal when `password` is `None`.
pub fn keygen(
    name: &Path,
    label: &str,
    password: Option<String>,
) -> Result<(PathBuf, PathBuf), PackError> {
    let sk_path = name.with_extension("key");
    let pk_path = name.with_extension("pub");
    for path in [&sk_path, &pk_path] {
        if path.exists() {
            return Err(PackError::Key {
                path: path.clone(),
                detail: "already exists: not overwritten".into(),
            });
        }
    }
    if label.contains('\n') {
        return Err(PackError::Encode("the label must be one line".into()));
    }
    // Before the password is asked for: a folder that is not there.
    let folder = match sk_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(PackError::Key {
            path: folder.to_path_buf(),
            detail: "no such folder".into(),
        });
    }
    let asked = password.is_none();
    let KeyPair { pk, sk } = KeyPair::generate_encrypted_keypair(password).map_err(|e| {
        PackError::Encode(if asked {
            format!("cannot ask for the password: {e} (without a terminal, set {PASSWORD_ENV})")
        } else {
            e.to_string()
        })
    })?;
    let sk_box = sk
        .to_box(Some("safevoice pack secret key: keep it off the laptops"))
        .map_err(|e| PackError::Encode(e.to_string()))?;
    let pk_text = format!("untrusted comment: {label}\n{}\n", pk.to_base64());
    write_new(&sk_path, sk_box.to_string().as_bytes(), 0o600)?;
    write_new(&pk_path, pk_text.as_bytes(), 0o644)?;
    Ok((sk_path, pk_path))
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), PackError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let io = |source| PackError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = options.open(path).map_err(io)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io)
}

/// The password given by [`PASSWORD_ENV`]; `None` means "ask on the terminal".
pub fn password_from_env() -> Option<String> {
    std::env::var(PASSWORD_ENV).ok()
}

/// Read a secret key. An encrypted key is opened with `password`, or with
/// one asked for on the terminal when it is `None`.
pub fn read_secret_key(path: &Path, password: Option<String>) -> Result<SecretKey, PackError> {
    let text = std::fs::read_to_string(path).map_err(|source| PackError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |detail: String| PackError::Key {
        path: path.to_path_buf(),
        detail,
    };
    let sk_box = SecretKeyBox::from_string(&text).map_err(|e| bad(e.to_string()))?;
    match sk_box.clone().into_unencrypted_secret_key() {
        Ok(sk) if !sk.is_encrypted() => Ok(sk),
        Err(e) if e.to_string().contains("Corrupted key") => Err(bad(format!(
            "cannot open the secret key: {e} (a key made without a password by `minisign -G -W` has no checksum: make one with `safevoice pack keygen`)"
        ))),
        _ => sk_box
            .into_secret_key(password)
            .map_err(|e| bad(format!("cannot open the secret key: {e}"))),
    }
}
