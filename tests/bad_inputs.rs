//! Malformed input of every kind, each with the clear error it must give:
//! audio in every format (empty, truncated, random, lying headers, odd
//! shapes), catalog TOML, paths and symlinks, unreadable and non-UTF-8
//! files and names, empty folders, and a missing audio device. Nothing may
//! panic, and every message names the file.

mod common;

use safevoice::audio::decode_file;
use safevoice::catalog;
use std::fs;
use std::path::{Path, PathBuf};

/// Deterministic pseudo-random bytes.
fn noise(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 8) as u8
        })
        .collect()
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    fs::read(common::fixture(name)).unwrap()
}

/// A WAV header with the given fields, then `data` bytes of PCM.
fn wav(channels: u16, rate: u32, bits: u16, format: u16, data: &[u8]) -> Vec<u8> {
    let block = channels * bits / 8;
    let mut w = b"RIFF".to_vec();
    w.extend((36 + data.len() as u32).to_le_bytes());
    w.extend(b"WAVEfmt ");
    w.extend(16u32.to_le_bytes());
    w.extend(format.to_le_bytes());
    w.extend(channels.to_le_bytes());
    w.extend(rate.to_le_bytes());
    w.extend((rate * u32::from(block)).to_le_bytes());
    w.extend(block.to_le_bytes());
    w.extend(bits.to_le_bytes());
    w.extend(b"data");
    w.extend((data.len() as u32).to_le_bytes());
    w.extend(data);
    w
}

fn audio_cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let cut = |name: &str, keep: f64| {
        let b = fixture_bytes(name);
        let n = (b.len() as f64 * keep) as usize;
        b[..n].to_vec()
    };
    let pcm = vec![0x10u8; 4000];
    vec![
        ("empty.wav", vec![], "the file is empty"),
        ("empty.ogg", vec![], "the file is empty"),
        ("empty.flac", vec![], "the file is empty"),
        ("empty.mp3", vec![], "the file is empty"),
        ("empty.m4a", vec![], "the file is empty"),
        (
            "truncated.wav",
            cut("wav_44k_stereo_s24.wav", 0.3),
            "truncated",
        ),
        ("truncated.ogg", cut("ogg_44k_stereo.ogg", 0.3), "ogg"),
        ("truncated.flac", cut("flac_48k_stereo.flac", 0.2), "flac"),
        ("truncated.m4a", cut("m4a_44k_stereo.m4a", 0.5), "m4a"),
        (
            "header_only.wav",
            fixture_bytes("wav_8k_mono_s16.wav")[..44].to_vec(),
            "truncated",
        ),
        ("random.wav", noise(9000, 1), "not a recognised audio file"),
        ("random.ogg", noise(9000, 2), "not a recognised audio file"),
        ("random.flac", noise(9000, 3), "not a recognised audio file"),
        ("random.m4a", noise(9000, 5), "not a recognised audio file"),
        (
            "huge_header.wav",
            fixture_bytes("bad_huge_header.wav"),
            "the header claims",
        ),
        (
            "rate_4k.wav",
            wav(1, 4000, 16, 1, &pcm),
            "outside 8000-192000 Hz",
        ),
        (
            "rate_384k.wav",
            wav(1, 384_000, 16, 1, &pcm),
            "outside 8000-192000 Hz",
        ),
        (
            "nine_channels.wav",
            wav(9, 8000, 16, 1, &vec![0x10u8; 9 * 2 * 100]),
            "9 channels",
        ),
        ("zero_channels.wav", wav(0, 8000, 16, 1, &pcm), "wav"),
        (
            "opus.ogg",
            fixture_bytes("bad_opus_codec.ogg"),
            "unsupported",
        ),
        (
            "adpcm.wav",
            fixture_bytes("bad_adpcm_codec.wav"),
            "unsupported",
        ),
        (
            "text.mp3",
            b"this is not audio, just a text file\n".repeat(50),
            "not a recognised audio file",
        ),
    ]
}

#[test]
fn every_bad_audio_file_gives_its_own_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, bytes, words) in audio_cases() {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        match decode_file(&path) {
            Ok(d) => failures.push(format!(
                "{name}: decoded ({} frames) instead of failing",
                d.frames()
            )),
            Err(err) => {
                let text = err.to_string();
                if !text.contains(name) || !text.to_lowercase().contains(&words.to_lowercase()) {
                    failures.push(format!(
                        "{name}: {text:?} should name the file and say {words:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_folder_or_an_unreadable_path_in_place_of_a_clip_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.wav");
    fs::create_dir(&folder).unwrap();
    let err = decode_file(&folder).unwrap_err().to_string();
    assert!(err.contains("folder.wav"), "{err}");
    let missing = dir.path().join("missing.ogg");
    let err = decode_file(&missing).unwrap_err().to_string();
    assert!(
        err.contains("missing.ogg") && err.contains("cannot open"),
        "{err}"
    );
}

/// A minimal valid catalog with one language `aa`, whose files the cases break.
fn minimal(dir: &Path) -> PathBuf {
    let root = dir.join("m");
    fs::create_dir_all(root.join("profiles")).unwrap();
    fs::create_dir_all(root.join("aa/audio")).unwrap();
    fs::write(
        root.join("catalog.toml"),
        "[[message]]\nid = \"hello\"\npictogram = \"smiling-face\"\ncategory = \"opening\"\nkind = \"statement\"\naudience = \"all\"\norder = 1\ntext = \"Hello\"\n",
    )
    .unwrap();
    fs::write(root.join("profiles/generic.toml"), "name = \"Generic\"\n").unwrap();
    fs::write(
        root.join("aa/language.toml"),
        "code = \"aa\"\nname = \"A\"\nautonym = \"A\"\nscript = \"Latn\"\ndirection = \"ltr\"\n",
    )
    .unwrap();
    fs::write(
        root.join("aa/texts.toml"),
        "[hello]\ntext = \"Hi\"\nback = \"Hi\"\nstatus = \"machine-drafted\"\nconfidence = \"high\"\n",
    )
    .unwrap();
    fs::copy(
        common::fixture("ogg_22k_mono.ogg"),
        root.join("aa/audio/hello.ogg"),
    )
    .unwrap();
    fs::write(
        root.join("aa/audio.toml"),
        "[[clip]]\nmessage = \"hello\"\nfile = \"audio/hello.ogg\"\nsource = \"recorded\"\n",
    )
    .unwrap();
    root
}

type Breakage = fn(&Path);

fn catalog_cases() -> Vec<(&'static str, Breakage, &'static str, &'static str)> {
    vec![
        (
            "malformed catalog.toml",
            |r| fs::write(r.join("catalog.toml"), "[[message]\nid = 1").unwrap(),
            "catalog.toml",
            "invalid TOML",
        ),
        (
            "wrong type",
            |r| {
                fs::write(
                    r.join("catalog.toml"),
                    fs::read_to_string(r.join("catalog.toml"))
                        .unwrap()
                        .replace("order = 1", "order = \"one\""),
                )
                .unwrap()
            },
            "catalog.toml",
            "invalid TOML",
        ),
        (
            "unknown category",
            |r| {
                fs::write(
                    r.join("catalog.toml"),
                    fs::read_to_string(r.join("catalog.toml"))
                        .unwrap()
                        .replace("\"opening\"", "\"greeting\""),
                )
                .unwrap()
            },
            "catalog.toml",
            "invalid TOML",
        ),
        (
            "unknown field",
            |r| {
                fs::write(
                    r.join("aa/language.toml"),
                    fs::read_to_string(r.join("aa/language.toml")).unwrap() + "colour = \"red\"\n",
                )
                .unwrap()
            },
            "aa/language.toml",
            "unknown field",
        ),
        (
            "duplicate key",
            |r| {
                fs::write(
                    r.join("aa/texts.toml"),
                    fs::read_to_string(r.join("aa/texts.toml")).unwrap()
                        + "[hello]\ntext = \"x\"\n",
                )
                .unwrap()
            },
            "aa/texts.toml",
            "invalid TOML",
        ),
        (
            "bad direction",
            |r| {
                fs::write(
                    r.join("aa/language.toml"),
                    fs::read_to_string(r.join("aa/language.toml"))
                        .unwrap()
                        .replace("ltr", "sideways"),
                )
                .unwrap()
            },
            "aa/language.toml",
            "invalid TOML",
        ),
        (
            "bad status",
            |r| {
                fs::write(
                    r.join("aa/texts.toml"),
                    fs::read_to_string(r.join("aa/texts.toml"))
                        .unwrap()
                        .replace("machine-drafted", "perfect"),
                )
                .unwrap()
            },
            "aa/texts.toml",
            "invalid TOML",
        ),
        (
            "non-UTF-8 text",
            |r| fs::write(r.join("aa/texts.toml"), b"[hello]\ntext = \"\xc3\x28\"\n").unwrap(),
            "aa/texts.toml",
            "not valid UTF-8",
        ),
        (
            "texts.toml is a folder",
            |r| {
                fs::remove_file(r.join("aa/texts.toml")).unwrap();
                fs::create_dir(r.join("aa/texts.toml")).unwrap();
            },
            "aa/texts.toml",
            "cannot read",
        ),
        (
            "empty language folder",
            |r| fs::create_dir(r.join("bb")).unwrap(),
            "bb/language.toml",
            "cannot read",
        ),
        (
            "clip path with ..",
            |r| {
                fs::write(
                    r.join("aa/audio.toml"),
                    "[[clip]]\nmessage = \"hello\"\nfile = \"../x.ogg\"\nsource = \"recorded\"\n",
                )
                .unwrap()
            },
            "aa/audio.toml",
            "leaves the language folder",
        ),
        (
            "absolute clip path",
            |r| {
                fs::write(r.join("aa/audio.toml"), "[[clip]]\nmessage = \"hello\"\nfile = \"/etc/passwd\"\nsource = \"recorded\"\n").unwrap()
            },
            "aa/audio.toml",
            "is absolute",
        ),
        (
            "symlink out of the folder",
            |r| {
                common::symlink_file(
                    &std::env::current_exe().unwrap(),
                    &r.join("aa/audio/link.ogg"),
                );
                fs::write(r.join("aa/audio.toml"), "[[clip]]\nmessage = \"hello\"\nfile = \"audio/link.ogg\"\nsource = \"recorded\"\n").unwrap();
            },
            "aa/audio.toml",
            "symlink",
        ),
        (
            "missing clip file",
            |r| fs::remove_file(r.join("aa/audio/hello.ogg")).unwrap(),
            "aa/audio.toml",
            "does not exist",
        ),
        (
            "clip path is a folder",
            |r| {
                fs::remove_file(r.join("aa/audio/hello.ogg")).unwrap();
                fs::create_dir(r.join("aa/audio/hello.ogg")).unwrap();
            },
            "aa/audio.toml",
            "is not a file",
        ),
        (
            "no generic profile",
            |r| fs::remove_file(r.join("profiles/generic.toml")).unwrap(),
            "profiles",
            "no valid generic.toml",
        ),
        (
            "bad hotline number",
            |r| {
                fs::write(
                    r.join("profiles/x.toml"),
                    "name = \"X\"\n[[hotline]]\nlabel = \"L\"\nnumber = \"call me\"\n",
                )
                .unwrap()
            },
            "profiles/x.toml",
            "must be digits",
        ),
    ]
}

#[test]
fn every_bad_catalog_input_is_reported_with_its_file() {
    let mut failures = Vec::new();
    for (what, breakage, file, words) in catalog_cases() {
        let dir = tempfile::tempdir().unwrap();
        let root = minimal(dir.path());
        assert!(
            catalog::load(&root).problems.is_empty(),
            "the minimal catalog is valid"
        );
        breakage(&root);
        let problems = catalog::load(&root).problems;
        if !problems
            .iter()
            .any(|p| p.file.ends_with(file) && p.to_string().contains(words))
        {
            failures.push(format!(
                "{what}: expected {file}: {words:?}, got {problems:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Unix only: Windows file names are UTF-16, and cannot be invalid UTF-8.
#[cfg(unix)]
#[test]
fn a_non_utf8_folder_name_is_reported_and_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = minimal(dir.path());
    fs::create_dir(root.join(std::ffi::OsStr::from_bytes(b"bad\xffname"))).unwrap();
    let cat = catalog::load(&root);
    assert!(
        cat.problems
            .iter()
            .any(|p| p.message.contains("not valid UTF-8")),
        "{:?}",
        cat.problems
    );
    assert!(cat.language("aa").is_some());
}

#[test]
fn an_empty_or_missing_catalog_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let cat = catalog::load(dir.path());
    assert!(
        cat.problems
            .iter()
            .any(|p| p.file.ends_with("catalog.toml")),
        "{:?}",
        cat.problems
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["check", "--messages", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("/no/such/folder: no such catalog folder")
    );
}
