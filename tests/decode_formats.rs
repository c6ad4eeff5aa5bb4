//! Every supported format, rate and channel layout decodes to the same sweep,
//! and every kind of broken file gives its own clear error.

mod common;

use common::{fixture, mono, similarity};
use safevoice::audio::convert::resample;
use safevoice::audio::{DecodeError, decode_file};

const GOOD: [(&str, u32, u16); 11] = [
    ("wav_8k_mono_s16.wav", 8_000, 1),
    ("wav_44k_stereo_s24.wav", 44_100, 2),
    ("wav_96k_6ch_f32.wav", 96_000, 6),
    ("wav_192k_mono_s16.wav", 192_000, 1),
    ("flac_48k_stereo.flac", 48_000, 2),
    ("flac_22k_8ch.flac", 22_050, 8),
    ("ogg_22k_mono.ogg", 22_050, 1),
    ("ogg_44k_stereo.ogg", 44_100, 2),
    ("mp3_44k_stereo.mp3", 44_100, 2),
    ("mp3_16k_mono.mp3", 16_000, 1),
    ("m4a_44k_stereo.m4a", 44_100, 2),
];

/// The fixture as 32 kHz mono, for comparison.
fn as_32k_mono(name: &str) -> Vec<f32> {
    let d = decode_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let m = mono(&d.samples, d.channels);
    resample(&m, 1, d.rate, 32_000).unwrap()
}

#[test]
fn every_good_fixture_decodes_with_its_rate_and_channels() {
    for (name, rate, channels) in GOOD {
        let d = decode_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((d.rate, d.channels), (rate, channels), "{name}");
        let seconds = d.seconds();
        assert!((0.97..1.1).contains(&seconds), "{name}: {seconds} s");
        let peak = d.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!((0.3..1.0).contains(&peak), "{name}: peak {peak}");
    }
}

#[test]
fn every_good_fixture_carries_the_same_sweep() {
    let reference = as_32k_mono("flac_48k_stereo.flac");
    for (name, _, _) in GOOD {
        let other = as_32k_mono(name);
        let (c, lag) = similarity(&reference, &other, 32_000, 0.1);
        eprintln!("{name}: correlation {c:.3} at lag {lag}");
        assert!(c > 0.9, "{name}: correlation {c:.3} at lag {lag}");
    }
}

#[test]
fn broken_files_each_give_their_own_error() {
    type Case = (&'static str, fn(&DecodeError) -> bool, &'static str);
    let cases: [Case; 8] = [
        (
            "bad_empty.wav",
            |e| matches!(e, DecodeError::Empty { .. }),
            "empty",
        ),
        (
            "bad_random.ogg",
            |e| matches!(e, DecodeError::UnknownFormat { .. }),
            "not a recognised audio file",
        ),
        (
            "bad_truncated.wav",
            |e| matches!(e, DecodeError::Truncated { .. }),
            "truncated",
        ),
        (
            "bad_truncated.ogg",
            |e| {
                matches!(
                    e,
                    DecodeError::Truncated { .. } | DecodeError::Malformed { .. }
                )
            },
            "bad_truncated.ogg",
        ),
        (
            "bad_truncated.flac",
            |e| {
                matches!(
                    e,
                    DecodeError::Truncated { .. } | DecodeError::Malformed { .. }
                )
            },
            "bad_truncated.flac",
        ),
        (
            "bad_huge_header.wav",
            |e| matches!(e, DecodeError::LyingHeader { .. }),
            "header",
        ),
        (
            "bad_opus_codec.ogg",
            |e| matches!(e, DecodeError::Unsupported { .. }),
            "unsupported codec",
        ),
        (
            "bad_adpcm_codec.wav",
            |e| matches!(e, DecodeError::Unsupported { .. }),
            "unsupported",
        ),
    ];
    for (name, is_expected, words) in cases {
        let err = decode_file(&fixture(name)).expect_err(name);
        let text = err.to_string();
        assert!(is_expected(&err), "{name}: unexpected error {err:?}");
        assert!(
            text.contains(name),
            "{name}: error does not name the file: {text}"
        );
        assert!(
            text.contains(words),
            "{name}: error {text:?} lacks {words:?}"
        );
    }
}

#[test]
fn a_missing_file_says_so() {
    let err = decode_file(&fixture("no_such_file.ogg")).unwrap_err();
    assert!(matches!(err, DecodeError::Open { .. }));
    assert!(err.to_string().contains("no_such_file.ogg"));
}

#[test]
fn nan_infinity_and_over_range_floats_become_safe_samples() {
    // A float WAV can hold anything; NaN would spread through resampling to
    // the whole clip, so it must leave the decoder as silence.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wild_floats.wav");
    let wild = [0.5, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3.0, -7.5];
    common::write_f32_wav(&path, 16_000, 1, wild.into_iter().cycle().take(16_000));

    let d = decode_file(&path).unwrap();
    assert_eq!(&d.samples[..6], &[0.5, 0.0, 0.0, 0.0, 1.0, -1.0]);
    let prepared = safevoice::audio::prepare::prepare(
        &path,
        safevoice::audio::prepare::DeviceFormat {
            rate: 48_000,
            channels: 2,
        },
        None,
    )
    .unwrap();
    assert!(
        prepared
            .samples
            .iter()
            .all(|s| s.is_finite() && s.abs() <= 1.0)
    );
}
