//! Fuzz the decoder entry point for every supported format: the first byte
//! picks the file extension (WAV, Ogg, FLAC, MP3, M4A), the rest is the
//! file. Decoding must return Ok or a clear error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const EXTENSIONS: [&str; 5] = ["wav", "ogg", "flac", "mp3", "m4a"];

fuzz_target!(|data: &[u8]| {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let ext = EXTENSIONS[usize::from(*first) % EXTENSIONS.len()];
    let path = std::env::temp_dir().join(format!("sv-fuzz-{}.{ext}", std::process::id()));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    if let Ok(decoded) = safevoice::audio::decode_file(&path) {
        // What decodes must also survive the rest of the pipeline.
        let _ =
            safevoice::audio::loudness::measure(&decoded.samples, decoded.channels, decoded.rate);
    }
});
