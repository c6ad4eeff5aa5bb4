//! Loudness (EBU R128, with `ebur128`) and the gain that brings every clip to
//! one target, so that clips recorded by different people play equally loud.

use ebur128::{Channel, EbuR128, Mode};

/// Sample peak the limiter holds clips under (a little below the true-peak
/// ceiling, leaving room for inter-sample peaks).
pub const LIMIT_DBFS: f64 = -1.5;
/// How far ahead the limiter looks, and how slowly it lets go.
const LIMIT_LOOKAHEAD_S: f64 = 0.003;
const LIMIT_RELEASE_S: f64 = 0.08;

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
    /// Linear gain that brings the clip to [`TARGET_LUFS`]. Peaks it pushes
    /// over the ceiling are caught by [`apply_gain_limited`], so every clip
    /// reaches the same loudness whatever its peak-to-loudness ratio.
    pub fn gain(&self) -> f32 {
        gain_for(self.lufs)
    }
}

/// The gain for a clip of integrated loudness `lufs` (`None`: silence, left as it is).
fn gain_for(lufs: Option<f64>) -> f32 {
    lufs.map_or(1.0, |lufs| {
        db_to_linear((TARGET_LUFS - lufs).min(MAX_GAIN_DB)) as f32
    })
}

/// dB to a linear factor.
pub fn db_to_linear(db: f64) -> f64 {
    10f64.powf(db / 20.0)
}

/// Measure interleaved `samples`: loudness and true peak.
pub fn measure(samples: &[f32], channels: u16, rate: u32) -> Result<Measurement, ebur128::Error> {
    let meter = metered(samples, channels, rate, Mode::I | Mode::TRUE_PEAK)?;
    let mut true_peak = 0f64;
    for ch in 0..u32::from(channels) {
        true_peak = true_peak.max(meter.true_peak(ch)?);
    }
    Ok(Measurement {
        lufs: integrated(&meter)?,
        true_peak,
    })
}

/// The gain that brings interleaved `samples` to [`TARGET_LUFS`], as
/// [`Measurement::gain`], measuring loudness only (what playback needs: the
/// limiter, not the true peak, holds the peaks; half the work of [`measure`]).
pub fn measure_gain(samples: &[f32], channels: u16, rate: u32) -> Result<f32, ebur128::Error> {
    let meter = metered(samples, channels, rate, Mode::I)?;
    Ok(gain_for(integrated(&meter)?))
}

/// A meter in `mode` that has taken `samples`.
fn metered(
    samples: &[f32],
    channels: u16,
    rate: u32,
    mode: Mode,
) -> Result<EbuR128, ebur128::Error> {
    let mut meter = EbuR128::new(u32::from(channels), rate, mode)?;
    if channels == 1 {
        // A mono clip is heard from every speaker: measure it as dual mono
        // (+3 dB), so it plays as loud as a stereo clip of the same loudness.
        meter.set_channel(0, Channel::DualMono)?;
    }
    meter.add_frames_f32(samples)?;
    Ok(meter)
}

/// Integrated loudness in LUFS, `None` for silence.
fn integrated(meter: &EbuR128) -> Result<Option<f64>, ebur128::Error> {
    let lufs = meter.loudness_global()?;
    Ok(lufs.is_finite().then_some(lufs))
}

/// Multiply interleaved `samples` by `gain`, with a look-ahead peak limiter
/// holding every sample under [`LIMIT_DBFS`]: the gain dips just around a
/// peak (3 ms ahead) and recovers over 80 ms, instead of turning the whole
/// clip down.
pub fn apply_gain_limited(samples: &mut [f32], channels: u16, rate: u32, gain: f32) {
    let ch = usize::from(channels.max(1));
    let ceiling = db_to_linear(LIMIT_DBFS) as f32;
    let frames = samples.len() / ch;
    // The gain each frame may have at most.
    let needed: Vec<f32> = samples
        .chunks_exact(ch)
        .map(|f| {
            let peak = f.iter().fold(0f32, |m, s| m.max(s.abs())) * gain;
            if peak > ceiling { ceiling / peak } else { 1.0 }
        })
        .collect();
    if needed.iter().all(|g| *g >= 1.0) {
        samples.iter_mut().for_each(|s| *s *= gain);
        return;
    }
    // Sliding minimum over +-look-ahead (monotonic deque, O(n)).
    let look = ((LIMIT_LOOKAHEAD_S * f64::from(rate)) as usize).max(1);
    let mut window_min = vec![1f32; frames];
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for i in 0..frames + look {
        if i < frames {
            while deque.back().is_some_and(|&j| needed[j] >= needed[i]) {
                deque.pop_back();
            }
            deque.push_back(i);
        }
        if i >= look {
            let centre = i - look;
            while deque.front().is_some_and(|&j| j + 2 * look < i) {
                deque.pop_front();
            }
            if let Some(&j) = deque.front() {
                window_min[centre] = needed[j];
            }
        }
    }
    // Instant attack (the window already looks ahead), smooth release.
    let release = (1.0 / (LIMIT_RELEASE_S * f64::from(rate))) as f32;
    let mut env = 1f32;
    for (frame, &limit) in samples.chunks_exact_mut(ch).zip(&window_min) {
        env = (env + (1.0 - env) * release).min(limit);
        frame.iter_mut().for_each(|s| *s *= gain * env);
    }
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
            assert_eq!(measure_gain(&clip, 1, 48_000).unwrap(), gain);
            let mut scaled = clip.clone();
            apply_gain_limited(
                &mut scaled,
                1,
                48_000,
                measure(&clip, 1, 48_000).unwrap().gain(),
            );
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
    fn the_limiter_holds_peaks_and_keeps_the_rest() {
        // A quiet tone with one loud click: the gain lifts the tone to target
        // and the limiter tames the click.
        let mut clip = tone(0.05);
        clip[24_000] = 0.9;
        let m = measure(&clip, 1, 48_000).unwrap();
        apply_gain_limited(&mut clip, 1, 48_000, m.gain());
        let peak = clip.iter().fold(0f32, |a, s| a.max(s.abs()));
        assert!(
            f64::from(peak) <= db_to_linear(LIMIT_DBFS) + 1e-4,
            "peak {peak}"
        );
        let after = measure(&clip, 1, 48_000).unwrap().lufs.unwrap();
        // The dip around the click costs a little loudness, no more.
        assert!((after - TARGET_LUFS).abs() < 1.0, "{after}");
    }

    #[test]
    fn silence_is_left_alone() {
        assert_eq!(measure_gain(&[0.0; 48_000], 1, 48_000).unwrap(), 1.0);
        let m = measure(&[0.0; 48_000], 1, 48_000).unwrap();
        assert_eq!(m.gain(), 1.0);
    }
}
