//! Fuzz the catalog parser and validator: the input is split (at 0xFF bytes)
//! into catalog.toml, a profile, and one language's language.toml, texts.toml
//! and audio.toml, written to a temporary folder and loaded. Loading must
//! never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let dir = std::env::temp_dir().join(format!("sv-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let lang = dir.join("aa");
    let files = [
        dir.join("catalog.toml"),
        dir.join("profiles/generic.toml"),
        lang.join("language.toml"),
        lang.join("texts.toml"),
        lang.join("audio.toml"),
    ];
    let _ = std::fs::create_dir_all(dir.join("profiles"));
    let _ = std::fs::create_dir_all(lang.join("audio"));
    for file in &files {
        if let (Some(part), Ok(mut f)) = (parts.next(), std::fs::File::create(file)) {
            let _ = f.write_all(part);
        }
    }
    let catalog = safevoice::catalog::load(&dir);
    for problem in &catalog.problems {
        let _ = problem.to_string();
    }
    let _ = safevoice::catalog::coverage::Coverage::all(&catalog);
});
