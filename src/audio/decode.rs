//! Decoding clip files to interleaved f32 samples.
//!
//! WAV goes through hound; Ogg Vorbis, FLAC, MP3 and AAC/M4A through
//! symphonia. Every failure is a [`DecodeError`] that says what is wrong
//! with the file, never a panic.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// Lowest sample rate accepted.
pub const MIN_RATE: u32 = 8_000;
/// Highest sample rate accepted.
pub const MAX_RATE: u32 = 192_000;
/// Most channels accepted.
pub const MAX_CHANNELS: u16 = 8;
/// Longest clip accepted, in seconds (a message is a few seconds long).
pub const MAX_SECONDS: u64 = 600;

/// A decoded clip: interleaved f32 samples in [-1, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub rate: u32,
    pub channels: u16,
    pub samples: Vec<f32>,
}

impl Decoded {
    /// Number of frames (samples per channel).
    pub fn frames(&self) -> usize {
        self.samples.len() / usize::from(self.channels.max(1))
    }

    /// Duration in seconds.
    pub fn seconds(&self) -> f64 {
        self.frames() as f64 / f64::from(self.rate.max(1))
    }
}

/// Why a clip could not be decoded. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{path}: cannot open: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the file is empty (0 bytes)")]
    Empty { path: PathBuf },
    #[error("{path}: not a recognised audio file (expected WAV, Ogg Vorbis, FLAC, MP3 or AAC/M4A)")]
    UnknownFormat { path: PathBuf },
    #[error("{path}: unsupported codec or format feature: {what}")]
    Unsupported { path: PathBuf, what: String },
    #[error("{path}: the file is truncated: it ends in the middle of the audio data ({detail})")]
    Truncated { path: PathBuf, detail: String },
    #[error("{path}: the header claims {claimed} frames but the file holds only {actual}")]
    LyingHeader {
        path: PathBuf,
        claimed: u64,
        actual: u64,
    },
    #[error("{path}: malformed audio data: {detail}")]
    Malformed { path: PathBuf, detail: String },
    #[error("{path}: sample rate {rate} Hz is outside {MIN_RATE}-{MAX_RATE} Hz")]
    BadRate { path: PathBuf, rate: u32 },
    #[error("{path}: {channels} channels: 1 to {MAX_CHANNELS} are supported")]
    BadChannels { path: PathBuf, channels: usize },
    #[error("{path}: longer than {MAX_SECONDS} s: not a message clip")]
    TooLong { path: PathBuf },
    #[error("{path}: decodes to no audio at all")]
    NoAudio { path: PathBuf },
}

/// Decode `path` to f32, whatever its supported format.
pub fn decode_file(path: &Path) -> Result<Decoded, DecodeError> {
    let open_err = |source| DecodeError::Open {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(open_err)?;
    let len = file.metadata().map_err(open_err)?.len();
    if len == 0 {
        return Err(DecodeError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut magic = [0u8; 12];
    let got = read_up_to(&mut file, &mut magic).map_err(open_err)?;
    drop(file);
    let mut decoded = if got >= 12 && &magic[0..4] == b"RIFF" && &magic[8..12] == b"WAVE" {
        decode_wav(path, len)?
    } else {
        decode_symphonia(path)?
    };
    check_shape(path, &decoded)?;
    sanitize(&mut decoded.samples);
    Ok(decoded)
}

/// A float WAV (or a damaged stream) can hold NaN, infinities or values far
/// outside [-1, 1]. NaN would spread through resampling to a whole clip and
/// reach the device as noise, so non-finite samples become silence and the
/// rest are clamped to full scale.
fn sanitize(samples: &mut [f32]) {
    for s in samples {
        *s = if s.is_finite() {
            s.clamp(-1.0, 1.0)
        } else {
            0.0
        };
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut total = 0;
    while total < buf.len() {
        let n = file.read(&mut buf[total..])?;
        if n == 0 {
            break;
        }
        total += n;
    }
    Ok(total)
}

fn check_shape(path: &Path, d: &Decoded) -> Result<(), DecodeError> {
    let path = path.to_path_buf();
    if !(MIN_RATE..=MAX_RATE).contains(&d.rate) {
        return Err(DecodeError::BadRate { path, rate: d.rate });
    }
    if d.channels == 0 || d.channels > MAX_CHANNELS {
        return Err(DecodeError::BadChannels {
            path,
            channels: usize::from(d.channels),
        });
    }
    if d.samples.is_empty() {
        return Err(DecodeError::NoAudio { path });
    }
    Ok(())
}

fn decode_wav(path: &Path, file_len: u64) -> Result<Decoded, DecodeError> {
    let p = || path.to_path_buf();
    let reader = match hound::WavReader::open(path) {
        Ok(reader) => reader,
        // Encodings hound does not read (ADPCM, A-law...): symphonia names the codec.
        Err(hound::Error::Unsupported | hound::Error::FormatError(_)) => {
            return decode_symphonia(path);
        }
        Err(err) => return Err(wav_error(path, err)),
    };
    let spec = reader.spec();
    if spec.channels == 0 || spec.channels > MAX_CHANNELS {
        return Err(DecodeError::BadChannels {
            path: p(),
            channels: usize::from(spec.channels),
        });
    }
    if !(MIN_RATE..=MAX_RATE).contains(&spec.sample_rate) {
        return Err(DecodeError::BadRate {
            path: p(),
            rate: spec.sample_rate,
        });
    }
    let claimed_frames = u64::from(reader.duration());
    let max_frames = MAX_SECONDS * u64::from(spec.sample_rate);
    // Never trust the header for the allocation: the file size bounds it.
    let bytes_per_sample = u64::from(spec.bits_per_sample.div_ceil(8).max(1));
    let cap = (file_len / bytes_per_sample).min(u64::from(reader.len())) as usize;
    let mut samples = Vec::with_capacity(cap);
    let result: Result<(), hound::Error> = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Float, 32) => reader
            .into_samples::<f32>()
            .try_for_each(|s| s.map(|v| samples.push(v))),
        (hound::SampleFormat::Int, bits @ 1..=32) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            reader
                .into_samples::<i32>()
                .try_for_each(|s| s.map(|v| samples.push(v as f32 * scale)))
        }
        (format, bits) => {
            return Err(DecodeError::Unsupported {
                path: p(),
                what: format!("WAV {format:?} with {bits} bits per sample"),
            });
        }
    };
    let actual_frames = samples.len() as u64 / u64::from(spec.channels);
    match result {
        Ok(()) => {}
        Err(hound::Error::IoError(err)) => {
            // The data chunk claims more than the file holds: a plausible
            // length means the file was cut short, an absurd one a lying header.
            return Err(if claimed_frames > max_frames {
                DecodeError::LyingHeader {
                    path: p(),
                    claimed: claimed_frames,
                    actual: actual_frames,
                }
            } else {
                DecodeError::Truncated {
                    path: p(),
                    detail: format!("{actual_frames} of {claimed_frames} frames present: {err}"),
                }
            });
        }
        Err(err) => return Err(wav_error(path, err)),
    }
    if actual_frames > max_frames {
        return Err(DecodeError::TooLong { path: p() });
    }
    Ok(Decoded {
        rate: spec.sample_rate,
        channels: spec.channels,
        samples,
    })
}

fn wav_error(path: &Path, err: hound::Error) -> DecodeError {
    let path = path.to_path_buf();
    match err {
        hound::Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated {
                path,
                detail: "the WAV header is incomplete".into(),
            }
        }
        hound::Error::IoError(source) => DecodeError::Open { path, source },
        hound::Error::Unsupported => DecodeError::Unsupported {
            path,
            what: "WAV encoding (only PCM integer and 32-bit float are supported)".into(),
        },
        hound::Error::FormatError(what) => DecodeError::Malformed {
            path,
            detail: format!("WAV {what}"),
        },
        other => DecodeError::Malformed {
            path,
            detail: other.to_string(),
        },
    }
}

fn decode_symphonia(path: &Path) -> Result<Decoded, DecodeError> {
    let p = || path.to_path_buf();
    let file = File::open(path).map_err(|source| DecodeError::Open { path: p(), source })?;
    let mss = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|err| match err {
            SymError::Unsupported(_) => DecodeError::UnknownFormat { path: p() },
            other => sym_error(path, other),
        })?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or_else(|| DecodeError::NoAudio { path: p() })?;
    let track_id = track.id;
    let num_frames = track.num_frames.unwrap_or(0);
    let params = track
        .codec_params
        .as_ref()
        .and_then(|c| c.audio())
        .ok_or_else(|| DecodeError::Unsupported {
            path: p(),
            what: "the audio track has no codec parameters".into(),
        })?;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|err| match err {
            SymError::Unsupported(what) => DecodeError::Unsupported {
                path: p(),
                what: format!("codec {:?} ({what})", params.codec),
            },
            other => sym_error(path, other),
        })?;

    // Reserve what the container announces (bounded: headers can lie), so the
    // buffer does not grow by copies.
    let announced_channels = params.channels.as_ref().map_or(1, |c| c.count()) as u64;
    let announced = num_frames.saturating_mul(announced_channels).min(1 << 21) as usize;
    let mut samples: Vec<f32> = Vec::with_capacity(announced);
    let mut rate = 0u32;
    let mut channels = 0u16;
    let mut packet_errors = 0usize;
    loop {
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            Err(SymError::IoError(err)) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
                if samples.is_empty() {
                    return Err(DecodeError::Truncated {
                        path: p(),
                        detail: "no complete audio packet".into(),
                    });
                }
                return Err(DecodeError::Truncated {
                    path: p(),
                    detail: format!("{err}"),
                });
            }
            Err(err) => return Err(sym_error(path, err)),
        };
        if packet.track_id != track_id {
            continue;
        }
        match decoder.decode(&packet) {
            Ok(buf) => {
                let spec = buf.spec();
                rate = spec.rate();
                channels = u16::try_from(spec.channels().count()).unwrap_or(u16::MAX);
                if channels == 0 || channels > MAX_CHANNELS {
                    return Err(DecodeError::BadChannels {
                        path: p(),
                        channels: spec.channels().count(),
                    });
                }
                let start = samples.len();
                samples.resize(start + buf.samples_interleaved(), 0.0);
                buf.copy_to_slice_interleaved(&mut samples[start..]);
                if rate > 0
                    && samples.len() as u64 / u64::from(channels) > MAX_SECONDS * u64::from(rate)
                {
                    return Err(DecodeError::TooLong { path: p() });
                }
            }
            Err(SymError::DecodeError(_)) => {
                // A damaged packet: skip it, like every player does, but not forever.
                packet_errors += 1;
                if packet_errors > 16 {
                    return Err(DecodeError::Malformed {
                        path: p(),
                        detail: "too many damaged packets".into(),
                    });
                }
            }
            Err(err) => return Err(sym_error(path, err)),
        }
    }
    if samples.is_empty() {
        return Err(if packet_errors > 0 {
            DecodeError::Malformed {
                path: p(),
                detail: "every audio packet is damaged".into(),
            }
        } else {
            DecodeError::NoAudio { path: p() }
        });
    }
    Ok(Decoded {
        rate,
        channels,
        samples,
    })
}

fn sym_error(path: &Path, err: SymError) -> DecodeError {
    let path = path.to_path_buf();
    match err {
        SymError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated {
                path,
                detail: e.to_string(),
            }
        }
        SymError::IoError(source) => DecodeError::Open { path, source },
        SymError::Unsupported(what) => DecodeError::Unsupported {
            path,
            what: what.to_string(),
        },
        other => DecodeError::Malformed {
            path,
            detail: other.to_string(),
        },
    }
}
