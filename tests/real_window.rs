//! The real window, opened by the binary under an X server (Xvfb in
//! `scripts/test.sh` and CI), grabbing its own frame with `request_screenshot`.

use std::process::Command;

#[test]
fn the_real_window_opens_and_draws_the_board() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no X display: run the tests with scripts/test.sh (it starts Xvfb)"
    );
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("window.png");
    let out = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["gui", "--lang", "ar"])
        .env("SAFEVOICE_SCREENSHOT", &shot)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("ALSA_CONFIG_PATH", dir.path().join("no-alsa.conf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert!(
        info.width >= 640 && info.height >= 480,
        "{}x{}",
        info.width,
        info.height
    );
    let pixels = &buf[..info.buffer_size()];
    let distinct: std::collections::HashSet<&[u8]> = pixels.chunks(4).collect();
    assert!(
        distinct.len() > 200,
        "the frame is nearly blank ({} colours)",
        distinct.len()
    );
}
