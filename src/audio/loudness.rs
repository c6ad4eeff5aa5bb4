//! Loudness (EBU R128, with `ebur128`) and the gain that brings every clip to
//! one target, so that clips recorded by different people play equally loud.

use ebur128::{EbuR128, Mode};

/// Integrated loudness every clip is brought to.
pub const TARGET_LUFS: f64 = -16.0;
/// Highest true peak after the gain.
pub const MAX_TRUE_PEAK_DBTP: f64 = -1.0;
/// Largest boost applied to a very quiet clip (so noise is not blown up).
pub const MAX_GAIN_DB: f64 = 24.0;

/// What a clip measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    /// Integrated loudness in LUFS (`None` for silence).
    pub lufs: Option<f64>,
    /// Highest true peak over all channels, linear.
    pub true_peak: f64,
}

impl Measurement {
    /// Linear gain to apply: towards [`TARGET_LUFS`], limited so the true
    /// peak stays at or below [`MAX_TRUE_PEAK_DBTP`].
    pub fn gain(&self) -> f32 {
        let Some(lufs) = self.lufs else {
            return 1.0;
        };
        let wanted_db = (TARGET_LUFS - lufs).min(MAX_GAIN_DB);
        let mut gain = db_to_linear(wanted_db);
        let ceiling = db_to_linear(MAX_TRUE_PEAK_DBTP);
        if self.true_peak * gain > ceiling && self.true_peak > 0.0 {
            gain = ceiling / self.true_peak;
        }
        gain as f32
    }
}

/// dB to a linear factor.
pub fn db_to_linear(db: f64) -> f64 {
    10f64.powf(db / 20.0)
}

/// Measure interleaved `samples`.
pub fn measure(samples: &[f32], channels: u16, rate: u32) -> Result<Measurement, ebur128::Error> {
    let mut meter = EbuR128::new(u32::from(channels), rate, Mode::I | Mode::TRUE_PEAK)?;
    meter.add_frames_f32(samples)?;
    let lufs = meter.loudness_global()?;
    let mut true_peak = 0f64;
    for ch in 0..u32::from(channels) {
        true_peak = true_peak.max(meter.true_peak(ch)?);
    }
    Ok(Measurement {
        lufs: lufs.is_finite().then_some(lufs),
        true_peak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(amplitude: f32) -> Vec<f32> {
        (0..48_000)
            .map(|i| (i as f32 / 48_000.0 * 1000.0 * std::f32::consts::TAU).sin() * amplitude)
            .collect()
    }

    #[test]
    fn quiet_and_loud_clips_end_at_the_same_loudness() {
        let mut results = Vec::new();
        for amplitude in [0.05, 0.3] {
            let clip = tone(amplitude);
            let gain = measure(&clip, 1, 48_000).unwrap().gain();
            let scaled: Vec<f32> = clip.iter().map(|s| s * gain).collect();
            results.push(measure(&scaled, 1, 48_000).unwrap());
        }
        let (a, b) = (results[0].lufs.unwrap(), results[1].lufs.unwrap());
        assert!((a - b).abs() < 0.5, "{a} vs {b}");
        assert!((a - TARGET_LUFS).abs() < 1.0, "{a}");
        for r in results {
            assert!(r.true_peak <= db_to_linear(MAX_TRUE_PEAK_DBTP) + 1e-3);
        }
    }

    #[test]
    fn peak_limit_wins_over_loudness() {
        // A spiky clip: quiet on average, one loud click.
        let mut clip = vec![0.001f32; 48_000];
        clip[24_000] = 0.9;
        let m = measure(&clip, 1, 48_000).unwrap();
        let gain = f64::from(m.gain());
        assert!(m.true_peak * gain <= db_to_linear(MAX_TRUE_PEAK_DBTP) + 1e-6);
    }

    #[test]
    fn silence_is_left_alone() {
        let m = measure(&[0.0; 48_000], 1, 48_000).unwrap();
        assert_eq!(m.gain(), 1.0);
    }
}
