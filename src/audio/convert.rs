//! Resampling (rubato) and channel mapping to the output device's layout.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("cannot resample {from} Hz to {to} Hz: {detail}")]
    Resample { from: u32, to: u32, detail: String },
}

/// Resample interleaved `samples` of `channels` channels from `from` Hz to `to` Hz.
pub fn resample(
    samples: &[f32],
    channels: u16,
    from: u32,
    to: u32,
) -> Result<Vec<f32>, ConvertError> {
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let err = |detail: String| ConvertError::Resample { from, to, detail };
    let ch = usize::from(channels.max(1));
    let frames = samples.len() / ch;
    let input = InterleavedSlice::new(samples, ch, frames).map_err(|e| err(e.to_string()))?;
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1024, ch, FixedSync::Input)
        .map_err(|e| err(e.to_string()))?;
    let out = resampler
        .process_all(&input, frames, None)
        .map_err(|e| err(e.to_string()))?;
    Ok(out.take_data())
}

/// Map interleaved `samples` from `from` channels to `to` channels.
///
/// The same layout is kept as it is. Otherwise the clip (speech) is mixed down
/// to mono and that mono signal is sent to every output channel, so a mono
/// clip is heard on both sides of a stereo device and a stereo clip plays
/// whole on a mono one.
pub fn map_channels(samples: &[f32], from: u16, to: u16) -> Vec<f32> {
    let (from, to) = (usize::from(from.max(1)), usize::from(to.max(1)));
    if from == to {
        return samples.to_vec();
    }
    let mut out = vec![0f32; samples.len() / from * to];
    let scale = 1.0 / from as f32;
    for (dst, frame) in out.chunks_exact_mut(to).zip(samples.chunks_exact(from)) {
        dst.fill(frame.iter().sum::<f32>() * scale);
    }
    out
}

/// Interleaved `samples` of `channels` channels mixed down to mono; a mono
/// clip is kept as it is, not copied.
pub fn to_mono(samples: Vec<f32>, channels: u16) -> Vec<f32> {
    if channels <= 1 {
        samples
    } else {
        map_channels(&samples, channels, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
            .collect()
    }

    #[test]
    fn resampling_keeps_duration() {
        for (from, to) in [(8_000, 48_000), (22_050, 48_000), (192_000, 44_100)] {
            let input = sine(from, 440.0, 1.0);
            let out = resample(&input, 1, from, to).unwrap();
            let expected = to as f32;
            let ratio = out.len() as f32 / expected;
            assert!(
                (0.99..1.01).contains(&ratio),
                "{from}->{to}: {} frames",
                out.len()
            );
        }
    }

    #[test]
    fn resampling_keeps_level() {
        let out = resample(&sine(44_100, 440.0, 1.0), 1, 44_100, 48_000).unwrap();
        let peak = out[4800..43200].iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!((0.45..0.55).contains(&peak), "peak {peak}");
    }

    #[test]
    fn mono_goes_to_every_channel_and_stereo_mixes_down() {
        assert_eq!(map_channels(&[0.5, -0.5], 1, 2), vec![0.5, 0.5, -0.5, -0.5]);
        assert_eq!(map_channels(&[0.2, 0.4, 1.0, 0.0], 2, 1), vec![0.3, 0.5]);
        assert_eq!(map_channels(&[0.1, 0.2], 2, 2), vec![0.1, 0.2]);
        let six = map_channels(&[0.6; 6], 6, 2);
        assert_eq!(six.len(), 2);
        assert!((six[0] - 0.6).abs() < 1e-6);
    }

    #[test]
    fn to_mono_mixes_down_and_keeps_mono_in_place() {
        assert_eq!(to_mono(vec![0.2, 0.4, 1.0, 0.0], 2), vec![0.3, 0.5]);
        let mono = vec![0.5, -0.5];
        let ptr = mono.as_ptr();
        let out = to_mono(mono, 1);
        assert_eq!(out, vec![0.5, -0.5]);
        assert_eq!(out.as_ptr(), ptr, "a mono clip is not copied");
    }
}
