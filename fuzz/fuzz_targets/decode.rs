//! Fuzz the decoder entry point for every supported format, and what follows
//! it for a user's file: the first byte picks the file extension (WAV, Ogg,
//! FLAC, MP3, M4A) and the device rate, the rest is the file. Decoding must
//! return Ok or a clear error, never panic; what decodes goes through the
//! playback pipeline (loudness, mono, resampling to the device rate) and the
//! import pipeline (silence trimming), whose output must be finite samples in
//! [-1, 1] of about the expected length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safevoice::audio::prepare::{DeviceFormat, prepare_decoded};

const EXTENSIONS: [&str; 5] = ["wav", "ogg", "flac", "mp3", "m4a"];
const DEVICE_RATES: [u32; 3] = [44_100, 48_000, 96_000];

fuzz_target!(|data: &[u8]| {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(*first) % EXTENSIONS.len()];
    let rate = DEVICE_RATES[usize::from(*first / 5) % DEVICE_RATES.len()];
    let path = std::env::temp_dir().join(format!("sv-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let Ok(decoded) = safevoice::audio::decode_file(&path) else {
        return;
    };
    assert!(decoded.channels >= 1 && decoded.rate > 0, "{decoded:?}");
    let _ = safevoice::audio::loudness::measure(&decoded.samples, decoded.channels, decoded.rate);

    let take =
        safevoice::audio::input::prepare_take(&decoded.samples, decoded.channels, decoded.rate);
    assert!(
        take.len() <= decoded.frames(),
        "trimming made the take longer"
    );
    assert!(
        take.iter().all(|s| s.is_finite()),
        "non-finite sample in the take"
    );

    let frames = decoded.frames() as f64;
    let in_rate = f64::from(decoded.rate);
    let format = DeviceFormat { rate, channels: 2 };
    if let Ok(clip) = prepare_decoded(decoded, &path, format, None) {
        assert!(
            clip.samples.iter().all(|s| s.is_finite() && s.abs() <= 1.0),
            "prepared sample out of range"
        );
        let expected = frames * f64::from(rate) / in_rate;
        assert!(
            (clip.frames() as f64 - expected).abs() <= expected * 0.01 + 64.0,
            "prepared {} frames, expected about {expected}",
            clip.frames()
        );
    }
});
