//! The recorder's preview: a take written as a private temporary WAV file
//! (mode 0600, a name no other user can guess or take over), which the
//! engine plays like any clip and which is removed when the take is dropped
//! (accepted, discarded, or the app closed).

use std::path::Path;

/// A take on disk for listening. The file is deleted when this is dropped.
#[derive(Debug)]
pub struct Preview {
    path: tempfile::TempPath,
}

/// Why the preview could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the preview of the take: {0}")]
pub struct PreviewError(String);

impl Preview {
    /// Write mono float samples at `rate` to a new private temporary file.
    pub fn write(mono: &[f32], rate: u32) -> Result<Self, PreviewError> {
        let file = tempfile::Builder::new()
            .prefix("safevoice-take-")
            .suffix(".wav")
            .tempfile()
            .map_err(|e| PreviewError(e.to_string()))?;
        let (file, path) = file.into_parts();
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let shown = |e: hound::Error| PreviewError(format!("{}: {e}", path.display()));
        let mut writer =
            hound::WavWriter::new(std::io::BufWriter::new(file), spec).map_err(shown)?;
        for s in mono {
            writer.write_sample(*s).map_err(shown)?;
        }
        writer.finalize().map_err(shown)?;
        Ok(Self { path })
    }

    /// Where the preview is, to play it.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_private_playable_and_removed_after_use() {
        let mono: Vec<f32> = (0..8_000)
            .map(|i| ((i % 50) as f32 - 25.0) / 50.0)
            .collect();
        let preview = Preview::write(&mono, 16_000).unwrap();
        let path = preview.path().to_path_buf();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let decoded = crate::audio::decode_file(&path).unwrap();
        assert_eq!(decoded.rate, 16_000);
        assert_eq!(decoded.samples.len(), mono.len());
        let other = Preview::write(&mono, 16_000).unwrap();
        assert_ne!(other.path(), path, "each take has its own file");
        drop(preview);
        assert!(!path.exists(), "the preview is removed with the take");
    }
}
