//! Ready-to-play clips: decoded, mixed to mono (they are speech, and the
//! callback sends them to every channel), loudness-normalised, resampled to
//! the device's rate, and cached so that play starts at once.

use super::convert::{ConvertError, resample, to_mono};
use super::decode::{DecodeError, Decoded, decode_file};
use super::disk_cache::{ContentKey, DiskCache};
use super::loudness::{apply_gain_limited, measure_gain};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

/// The sample layout of an output device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeviceFormat {
    pub rate: u32,
    pub channels: u16,
}

/// A clip ready for the device: mono f32 at the device's rate, which the
/// callback sends to each of the device's channels.
#[derive(Debug)]
pub struct PreparedClip {
    pub samples: Arc<Vec<f32>>,
    /// The device rate it was made for (mono, it suits any channel count).
    pub rate: u32,
    /// Linear gain applied for loudness normalisation.
    pub gain: f32,
}

impl PreparedClip {
    /// Frames (one mono sample each).
    pub fn frames(&self) -> usize {
        self.samples.len()
    }

    /// Duration in seconds.
    pub fn seconds(&self) -> f64 {
        self.frames() as f64 / f64::from(self.rate.max(1))
    }
}

/// Why a clip could not be made ready.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("{path}: {source}")]
    Convert { path: PathBuf, source: ConvertError },
    #[error("{path}: cannot measure loudness: {detail}")]
    Loudness { path: PathBuf, detail: String },
}

/// Identifies a file's content well enough to reuse its measured gain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FileKey {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

impl FileKey {
    fn of(path: &Path) -> Self {
        let meta = std::fs::metadata(path).ok();
        Self {
            path: path.to_path_buf(),
            len: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }
}

/// Prepared clips (by file and device rate: a mono clip serves any channel
/// count) and measured gains, shared between the engine and its workers;
/// optionally backed by a [`DiskCache`] across runs.
#[derive(Default)]
pub struct ClipCache {
    clips: Mutex<HashMap<(FileKey, u32), Arc<PreparedClip>>>,
    gains: Mutex<HashMap<FileKey, f32>>,
    disk: OnceLock<DiskCache>,
}

impl ClipCache {
    /// Also keep prepared clips in `disk`, and look there before preparing
    /// one (set once; later calls are ignored).
    pub fn use_disk(&self, disk: DiskCache) {
        let _ = self.disk.set(disk);
    }

    /// The clip at `path` prepared for `format`, from the cache or made now.
    pub fn get(
        &self,
        path: &Path,
        format: DeviceFormat,
    ) -> Result<Arc<PreparedClip>, PrepareError> {
        let key = (FileKey::of(path), format.rate);
        if let Some(clip) = self.lock_clips().get(&key) {
            return Ok(Arc::clone(clip));
        }
        let known_gain = self
            .gains
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key.0)
            .copied();
        let on_disk = self
            .disk
            .get()
            .and_then(|disk| ContentKey::of(path, format.rate).map(|key| (disk, key)));
        if let Some(clip) = on_disk
            .as_ref()
            .and_then(|(disk, key)| disk.load(key, format.rate))
        {
            let clip = Arc::new(clip);
            self.lock_clips().insert(key, Arc::clone(&clip));
            return Ok(clip);
        }
        let clip = Arc::new(prepare(path, format, known_gain)?);
        if let Some((disk, content)) = &on_disk {
            disk.store(content, &clip);
        }
        self.gains
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.0.clone(), clip.gain);
        self.lock_clips().insert(key, Arc::clone(&clip));
        Ok(clip)
    }

    /// The clip at `path` if it is already prepared for `format` (never decodes).
    pub fn peek(&self, path: &Path, format: DeviceFormat) -> Option<Arc<PreparedClip>> {
        self.lock_clips()
            .get(&(FileKey::of(path), format.rate))
            .map(Arc::clone)
    }

    /// Whether the clip is already prepared for `format`.
    pub fn contains(&self, path: &Path, format: DeviceFormat) -> bool {
        self.lock_clips()
            .contains_key(&(FileKey::of(path), format.rate))
    }

    /// Forget prepared clips (keeps the measured gains).
    pub fn clear_prepared(&self) {
        self.lock_clips().clear();
    }

    /// Keep only the prepared clips of `paths` (a language's clips, when
    /// another language is chosen), so memory stays bounded.
    pub fn retain_only(&self, paths: &[PathBuf]) {
        self.lock_clips()
            .retain(|(key, _), _| paths.contains(&key.path));
    }

    fn lock_clips(&self) -> std::sync::MutexGuard<'_, HashMap<(FileKey, u32), Arc<PreparedClip>>> {
        self.clips.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Decode, normalise, mix to mono and resample one clip. `known_gain` skips
/// the loudness measurement.
pub fn prepare(
    path: &Path,
    format: DeviceFormat,
    known_gain: Option<f32>,
) -> Result<PreparedClip, PrepareError> {
    prepare_decoded(decode_file(path)?, path, format, known_gain)
}

/// [`prepare`] after decoding: `path` only names the file in errors.
pub fn prepare_decoded(
    decoded: Decoded,
    path: &Path,
    format: DeviceFormat,
    known_gain: Option<f32>,
) -> Result<PreparedClip, PrepareError> {
    let gain = match known_gain {
        Some(gain) => gain,
        None => measure_gain(&decoded.samples, decoded.channels, decoded.rate).map_err(|err| {
            PrepareError::Loudness {
                path: path.to_path_buf(),
                detail: err.to_string(),
            }
        })?,
    };
    let mut mono = to_mono(decoded.samples, decoded.channels);
    apply_gain_limited(&mut mono, 1, decoded.rate, gain);
    let mut samples =
        resample(&mono, 1, decoded.rate, format.rate).map_err(|source| PrepareError::Convert {
            path: path.to_path_buf(),
            source,
        })?;
    for s in &mut samples {
        *s = s.clamp(-1.0, 1.0);
    }
    Ok(PreparedClip {
        // Moved, not copied, into the shared buffer the callback reads.
        samples: Arc::new(samples),
        rate: format.rate,
        gain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_prepared_clip_serves_every_channel_count_at_a_rate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tone.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&path, spec).unwrap();
        for i in 0..16_000i32 {
            writer
                .write_sample(((i % 40) * 400 - 8_000) as i16)
                .unwrap();
        }
        writer.finalize().unwrap();

        let cache = ClipCache::default();
        let stereo = DeviceFormat {
            rate: 48_000,
            channels: 2,
        };
        let six = DeviceFormat {
            channels: 6,
            ..stereo
        };
        let first = cache.get(&path, stereo).unwrap();
        assert!(cache.contains(&path, six));
        assert!(Arc::ptr_eq(&first, &cache.get(&path, six).unwrap()));
        assert_eq!(first.rate, 48_000);
        assert!((first.seconds() - 1.0).abs() < 0.01);
        let other_rate = DeviceFormat {
            rate: 44_100,
            ..stereo
        };
        assert!(!cache.contains(&path, other_rate));
    }
}
