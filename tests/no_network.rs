//! The main paths never open an internet socket: `play`, `check --decode`,
//! and the GUI under Xvfb, each run under `strace -f -e trace=network`.
//! Local sockets (X11, D-Bus for accessibility, audio) are fine.
//!
//! Linux only: strace and alsa-lib only exist on Linux.
#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::process::Command;

fn internet_sockets(args: &[&str], env: &[(&str, &Path)], dir: &Path) -> Vec<String> {
    let trace = dir.join(format!("trace-{}.txt", args[0]));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=network", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_safevoice"))
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("strace is needed for this test: scripts/test.sh installs it");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        text.contains("socket(") || args[0] != "gui",
        "strace saw no socket call at all: is it tracing?\n{text}"
    );
    text.lines()
        .filter(|l| l.contains("AF_INET") || l.contains("AF_INET6") || l.contains("PF_INET"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn play_check_and_the_window_open_no_internet_socket() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no X display: run the tests with scripts/test.sh (it starts Xvfb)"
    );
    let dir = tempfile::tempdir().unwrap();
    let conf = common::alsa_file_sink(dir.path(), &dir.path().join("out.wav"), None);
    let shot = dir.path().join("shot.png");
    type Case<'a> = (&'a [&'a str], Vec<(&'a str, &'a Path)>);
    let cases: [Case; 3] = [
        (
            &["play", "en", "q_hurt"],
            vec![("ALSA_CONFIG_PATH", conf.as_path())],
        ),
        (&["check", "--decode"], vec![]),
        (
            &["gui", "--lang", "ar"],
            vec![
                ("SAFEVOICE_SCREENSHOT", shot.as_path()),
                ("XDG_CONFIG_HOME", dir.path()),
                ("SAFEVOICE_DATA_DIR", dir.path()),
                ("ALSA_CONFIG_PATH", conf.as_path()),
            ],
        ),
    ];
    for (args, env) in cases {
        let found = internet_sockets(args, &env, dir.path());
        assert!(
            found.is_empty(),
            "{args:?} opened internet sockets:\n{}",
            found.join("\n")
        );
    }
    assert!(shot.exists(), "the window ran and drew a frame");
}
