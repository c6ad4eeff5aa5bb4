//! Prepared clips kept on disk between runs, so that a one-shot player
//! (`safevoice play`) reads a ready clip instead of decoding, measuring and
//! resampling it again.
//!
//! A clip is stored under the SHA-256 of its file's content and the device
//! rate, as 16-bit PCM (the device gets at most that from a speech clip)
//! with a small header (magic, rate, gain, frame count). A changed clip
//! file has another hash, so nothing stale is ever played; a short or
//! damaged entry is removed and the clip prepared again. Entries are written
//! atomically, and the oldest are removed when the folder passes
//! [`DiskCache::limit`] bytes. The folder is `$SAFEVOICE_CACHE_DIR`, or the
//! platform cache folder's `clips` (`~/.cache/safevoice/clips`).

use super::prepare::PreparedClip;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"SVCLIP1\0";
const HEADER: usize = 8 + 4 + 4 + 8;
/// The default size limit of the folder.
pub const DEFAULT_LIMIT: u64 = 256 * 1024 * 1024;

/// A folder of prepared clips.
#[derive(Clone, Debug)]
pub struct DiskCache {
    pub dir: PathBuf,
    /// Bytes the folder may hold before the oldest entries are removed.
    pub limit: u64,
}

/// The key of a clip file's content at a device rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentKey(String);

impl ContentKey {
    /// Hash the file at `path` (None when it cannot be read: the clip is
    /// then prepared, and fails, as without a cache).
    pub fn of(path: &Path, rate: u32) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        Some(Self(format!(
            "{}-{rate}.pcm",
            crate::digest::sha256_hex(&bytes)
        )))
    }
}

impl DiskCache {
    /// The cache in `$SAFEVOICE_CACHE_DIR` or the platform cache folder.
    pub fn open_default() -> Option<Self> {
        let dir = match std::env::var_os("SAFEVOICE_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("org", "safevoice", "safevoice")?
                .cache_dir()
                .join("clips"),
        };
        Some(Self {
            dir,
            limit: DEFAULT_LIMIT,
        })
    }

    /// The clip stored under `key`, if it is there and whole.
    pub fn load(&self, key: &ContentKey, rate: u32) -> Option<PreparedClip> {
        let path = self.dir.join(&key.0);
        let bytes = std::fs::read(&path).ok()?;
        let clip = decode(&bytes, rate);
        if clip.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        clip
    }

    /// Store a prepared clip under `key`. Failures only cost the next run a
    /// preparation, so they are ignored.
    pub fn store(&self, key: &ContentKey, clip: &PreparedClip) {
        let path = self.dir.join(&key.0);
        if path.exists() {
            return;
        }
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let mut bytes = Vec::with_capacity(HEADER + clip.samples.len() * 2);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&clip.rate.to_le_bytes());
        bytes.extend_from_slice(&clip.gain.to_le_bytes());
        bytes.extend_from_slice(&(clip.samples.len() as u64).to_le_bytes());
        for s in clip.samples.iter() {
            let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        if crate::atomic::write(&path, &bytes, crate::atomic::Access::Private).is_ok() {
            self.prune();
        }
    }

    /// Remove the oldest entries while the folder holds more than `limit`.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pcm"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|(_, len, _)| len).sum();
        if total <= self.limit {
            return;
        }
        files.sort();
        for (_, len, path) in files {
            if total <= self.limit {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

fn decode(bytes: &[u8], rate: u32) -> Option<PreparedClip> {
    let header = bytes.get(..HEADER)?;
    if &header[..8] != MAGIC {
        return None;
    }
    let stored_rate = u32::from_le_bytes(header[8..12].try_into().ok()?);
    let gain = f32::from_le_bytes(header[12..16].try_into().ok()?);
    let frames = usize::try_from(u64::from_le_bytes(header[16..24].try_into().ok()?)).ok()?;
    let body = &bytes[HEADER..];
    if stored_rate != rate || body.len() != frames.checked_mul(2)? || !gain.is_finite() {
        return None;
    }
    let samples: Vec<f32> = body
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0)
        .collect();
    Some(PreparedClip {
        samples: Arc::new(samples),
        rate,
        gain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(frames: usize) -> PreparedClip {
        PreparedClip {
            samples: Arc::new(
                (0..frames)
                    .map(|i| ((i % 100) as f32 - 50.0) / 60.0)
                    .collect(),
            ),
            rate: 48_000,
            gain: 0.8,
        }
    }

    #[test]
    fn a_stored_clip_comes_back_and_a_changed_file_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache {
            dir: dir.path().join("clips"),
            limit: DEFAULT_LIMIT,
        };
        let source = dir.path().join("a.ogg");
        std::fs::write(&source, b"one").unwrap();
        let key = ContentKey::of(&source, 48_000).unwrap();
        assert!(cache.load(&key, 48_000).is_none());
        let original = clip(4_800);
        cache.store(&key, &original);
        let back = cache.load(&key, 48_000).unwrap();
        assert_eq!(back.samples.len(), 4_800);
        assert_eq!(back.gain, 0.8);
        for (a, b) in original.samples.iter().zip(back.samples.iter()) {
            assert!((a - b).abs() < 1.0 / 16_000.0);
        }
        assert!(ContentKey::of(&source, 44_100).is_some_and(|k| k != key));
        std::fs::write(&source, b"two").unwrap();
        let changed = ContentKey::of(&source, 48_000).unwrap();
        assert_ne!(changed, key);
        assert!(cache.load(&changed, 48_000).is_none());
    }

    #[test]
    fn a_damaged_entry_is_removed_and_the_folder_stays_under_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache {
            dir: dir.path().to_path_buf(),
            limit: 3 * (HEADER as u64 + 2_000),
        };
        let keys: Vec<ContentKey> = (0..5)
            .map(|i| {
                let source = dir.path().join(format!("{i}.wav"));
                std::fs::write(&source, [i as u8]).unwrap();
                ContentKey::of(&source, 48_000).unwrap()
            })
            .collect();
        for key in &keys {
            cache.store(key, &clip(1_000));
        }
        let kept = keys
            .iter()
            .filter(|k| dir.path().join(&k.0).exists())
            .count();
        assert!((1..=3).contains(&kept), "{kept}");
        let last = keys.last().unwrap();
        assert!(cache.load(last, 48_000).is_some());
        let path = dir.path().join(&last.0);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(cache.load(last, 48_000).is_none());
        assert!(!path.exists());
    }
}
