//! The command line, run as a user would: `check`, `list`, `play` and their
//! errors, on the bundled catalog and on a damaged copy of it.

mod common;

use common::alsa_file_sink;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn safevoice(args: &[&str], alsa_conf: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_safevoice"));
    cmd.args(args);
    if let Some(conf) = alsa_conf {
        cmd.env("ALSA_CONFIG_PATH", conf);
    }
    cmd.output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `safevoice check | head -1` ends quietly when the reader goes away, as
/// other command-line tools do, instead of panicking in `println!`.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the only read end before the catalog is even loaded.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{stderr}");
    }
}

#[test]
fn check_json_passes_on_the_bundled_catalog() {
    let out = safevoice(&["check", "--json"], None);
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let languages = report["languages"].as_array().unwrap();
    let messages = report["messages"].as_array().unwrap();
    assert_eq!(languages.len(), 60);
    assert!(messages.len() >= 64);
    assert!(report["problems"].as_array().unwrap().is_empty());
    for key in ["id", "category", "kind"] {
        assert!(
            messages.iter().all(|m| m.get(key).is_some()),
            "messages lack {key}"
        );
    }
    let mut voiced = 0;
    for lang in languages {
        for key in [
            "code",
            "name",
            "autonym",
            "direction",
            "messages_with_text",
            "messages_with_audio",
            "audio_recorded",
            "audio_synthetic",
            "text_reviewed",
        ] {
            assert!(lang.get(key).is_some(), "{lang} lacks {key}");
        }
        assert_eq!(
            lang["messages_with_text"],
            messages.len(),
            "{}",
            lang["code"]
        );
        if lang["messages_with_audio"] == messages.len() {
            voiced += 1;
        } else {
            assert_eq!(
                lang["messages_with_audio"], 0,
                "{}: partial audio",
                lang["code"]
            );
        }
        // Nothing is native-reviewed yet: only the English source counts as reviewed.
        let reviewed = lang["text_reviewed"].as_u64().unwrap();
        assert_eq!(reviewed > 0, lang["code"] == "en", "{}", lang["code"]);
    }
    assert_eq!(voiced, 42);
}

#[test]
fn the_catalog_stays_within_its_size_budget() {
    fn size(dir: &Path) -> u64 {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                if p.is_dir() {
                    size(&p)
                } else {
                    fs::metadata(&p).unwrap().len()
                }
            })
            .sum()
    }
    let bytes = size(&common::root().join("messages"));
    assert!(
        bytes <= 40_000_000,
        "messages/ is {bytes} bytes, over the 40 MB budget"
    );
}

#[test]
fn list_shows_languages_and_messages() {
    let out = safevoice(&["list"], None);
    let all = text(&out);
    assert!(out.status.success());
    assert!(all.contains("ar ") && all.contains("العربية"), "{all}");
    let out = safevoice(&["list", "ti"], None);
    let ti = text(&out);
    assert!(out.status.success(), "{ti}");
    assert!(ti.contains("q_hurt") && ti.contains("text only"), "{ti}");
}

#[test]
fn play_refuses_clearly() {
    let unknown = safevoice(&["play", "xx", "q_hurt"], None);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("unknown language \"xx\""),
        "{}",
        text(&unknown)
    );
    let bad_id = safevoice(&["play", "en", "q_nope"], None);
    assert!(
        text(&bad_id).contains("unknown message id \"q_nope\""),
        "{}",
        text(&bad_id)
    );
    let text_only = safevoice(&["play", "ti", "q_hurt"], None);
    assert!(!text_only.status.success());
    assert!(
        text(&text_only).contains("has no audio for \"q_hurt\" yet"),
        "{}",
        text(&text_only)
    );
}

/// Linux only: the empty ALSA configuration is what makes "no sound card".
#[cfg(target_os = "linux")]
#[test]
fn play_without_a_sound_card_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("asound.conf");
    fs::write(&conf, "# no PCM at all\n").unwrap();
    let out = safevoice(&["play", "en", "q_hurt"], Some(&conf));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("No audio output available: "),
        "{}",
        text(&out)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

/// Linux only: it plays into an ALSA file sink.
#[cfg(target_os = "linux")]
#[test]
fn a_damaged_copy_fails_check_but_still_plays_its_good_languages() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("messages");
    let bundled = common::root().join("messages");
    fs::create_dir_all(&copy).unwrap();
    for part in ["catalog.toml", "profiles", "en", "fr", "de", "ar", "ti"] {
        let from = bundled.join(part);
        if from.is_dir() {
            copy_dir(&from, &copy.join(part));
        } else {
            fs::copy(&from, copy.join(part)).unwrap();
        }
    }
    // A truncated clip, a clip of random bytes, malformed TOML, and a path out of its folder.
    let truncated = copy.join("fr/audio/q_cold.ogg");
    let bytes = fs::read(&truncated).unwrap();
    fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let random: Vec<u8> = (0..6000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(copy.join("de/audio/q_food.ogg"), random).unwrap();
    fs::write(
        copy.join("ar/texts.toml"),
        "[language_check\ntext = \"broken\"\n",
    )
    .unwrap();
    let audio = fs::read_to_string(copy.join("fr/audio.toml")).unwrap();
    fs::write(
        copy.join("fr/audio.toml"),
        audio.replace("\"audio/q_water.ogg\"", "\"../en/audio/q_water.ogg\""),
    )
    .unwrap();

    let dir_arg = copy.to_str().unwrap();
    let out = safevoice(&["check", "--decode", "--messages", dir_arg], None);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for (file, words) in [
        ("fr/audio/q_cold.ogg", "truncated"),
        ("de/audio/q_food.ogg", "not a recognised audio file"),
        ("ar/texts.toml:1", "invalid TOML"),
        ("fr/audio.toml", "leaves the language folder"),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(file) && l.contains(words)),
            "no {file}: {words} in\n{report}"
        );
    }

    // The good messages of every language still play, through real alsa-lib.
    let wav = dir.path().join("capture.wav");
    let conf = alsa_file_sink(dir.path(), &wav, None);
    let out = safevoice(
        &["play", "--messages", dir_arg, "en", "q_hurt"],
        Some(&conf),
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = safevoice(
        &["play", "--messages", dir_arg, "de", "q_water"],
        Some(&conf),
    );
    assert!(out.status.success(), "{}", text(&out));
    // The damaged clip fails on its own, clearly.
    let out = safevoice(
        &["play", "--messages", dir_arg, "de", "q_food"],
        Some(&conf),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("q_food.ogg: not a recognised audio file"),
        "{}",
        text(&out)
    );
    // The language whose TOML is broken is named with its problem.
    let out = safevoice(
        &["play", "--messages", dir_arg, "ar", "q_hurt"],
        Some(&conf),
    );
    assert!(
        text(&out).contains("ar/texts.toml:1: invalid TOML"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_readme_coverage_table_is_generated_from_the_catalog() {
    let out = safevoice(&["check", "--markdown"], None);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let start =
        readme.find("<!-- coverage:start -->\n").unwrap() + "<!-- coverage:start -->\n".len();
    let end = readme.find("<!-- coverage:end -->").unwrap();
    assert_eq!(
        &readme[start..end],
        table,
        "README coverage table is stale: paste the output of `safevoice check --markdown`"
    );
}

/// Bad arguments are caught before any device is opened: one line, with the
/// catalog's real languages, and nothing from alsa-lib (here an ALSA
/// configuration without any PCM would make alsa-lib complain).
#[test]
fn a_bad_language_gets_one_line_listing_the_real_languages() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("asound.conf");
    fs::write(&conf, "# no PCM at all\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["play", "xx", "foo"])
        .env("ALSA_CONFIG_PATH", &conf)
        .env("SAFEVOICE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("unknown language \"xx\"; the catalog has: ")
            && stderr.contains(" ar ")
            && stderr.contains(" en ")
            && stderr.contains(" zh-Hans"),
        "{stderr}"
    );
}

/// Without a sound card, `play` says so in one line; alsa-lib's own messages
/// appear only with `--verbose`, and always in the log file.
#[cfg(target_os = "linux")]
#[test]
fn alsa_lib_messages_show_only_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("asound.conf");
    fs::write(&conf, "# no PCM at all\n").unwrap();
    let run = |verbose: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_safevoice"));
        cmd.args(["play", "en", "do_not_fear"])
            .env("ALSA_CONFIG_PATH", &conf)
            .env("SAFEVOICE_DATA_DIR", dir.path());
        if verbose {
            cmd.arg("--verbose");
        }
        cmd.output().unwrap()
    };
    let quiet = run(false);
    assert_eq!(quiet.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: No audio output available"),
        "{stderr}"
    );
    let verbose = run(true);
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(stderr.contains("Unknown PCM default"), "{stderr}");
    let logs: Vec<_> = fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = fs::read_to_string(&logs[0]).unwrap();
    assert!(
        log.contains("alsa: ") && log.contains("Unknown PCM default"),
        "{log}"
    );
    assert!(log.contains("command=\"play\""), "{log}");
    // Nothing about the person: not the language, not the message.
    assert!(
        !log.contains("do_not_fear") && !log.contains("\"en\""),
        "{log}"
    );
}

/// The man pages and completions come from the clap definitions: every
/// subcommand and flag is in them, the packaging helper's name is not.
#[test]
fn generated_man_pages_and_completions_follow_the_real_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice-assets"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let man = fs::read_to_string(dir.path().join("man/safevoice.1")).unwrap();
    for word in [
        "safevoice\\-play",
        "verbose",
        "SAFEVOICE_DATA_DIR",
        ".SH FILES",
    ] {
        assert!(man.contains(word), "{word} missing from the man page");
    }
    assert!(
        !man.contains("assets"),
        "the packaging helper is documented"
    );
    for sub in [
        "gui", "list", "play", "devices", "import", "record", "sessions", "check",
    ] {
        assert!(
            dir.path().join(format!("man/safevoice-{sub}.1")).is_file(),
            "{sub}"
        );
    }
    let bash = fs::read_to_string(dir.path().join("completions/safevoice.bash")).unwrap();
    let fish = fs::read_to_string(dir.path().join("completions/safevoice.fish")).unwrap();
    let zsh = fs::read_to_string(dir.path().join("completions/_safevoice")).unwrap();
    for completion in [&bash, &fish, &zsh] {
        assert!(completion.contains("verbose") && completion.contains("messages"));
        assert!(completion.contains("sessions") && completion.contains("purge"));
    }
}
