//! Signed packs, run as a deployer and a laptop would: `pack keygen`, `pack
//! sign`, `pack verify`, and `check`/`play` on packs that were tampered
//! with. Interoperability both ways with the real `minisign` tool (Debian
//! package `minisign`, installed by scripts/install-deps.sh --test).

mod common;

use safevoice::pack::{self, FileState, PackWatch, Trust};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A signed copy of part of the bundled catalog, a key pair made by the
/// minisign tool, and folders for trusted keys and app data.
struct Fixture {
    dir: tempfile::TempDir,
    pack: PathBuf,
    /// The deployer's key pair, made by `pack keygen` (password [`PASSWORD`]).
    public: PathBuf,
    secret: PathBuf,
    /// A key pair made by the minisign tool, for signing with that tool.
    cli_public: PathBuf,
    cli_secret: PathBuf,
    trusted: PathBuf,
}

const PASSWORD: &str = "correct horse";

const HOTLINE: &str = "+44 20 7946 0123";

fn minisign(args: &[&str]) -> Output {
    Command::new("minisign")
        .args(args)
        .output()
        .expect("the minisign tool is needed: scripts/install-deps.sh --test installs it")
}

/// `minisign -V`: check `file`'s signature with `public`.
fn minisign_verify(public: &Path, file: &Path) -> Output {
    minisign(&[
        "-V",
        "-p",
        public.to_str().unwrap(),
        "-m",
        file.to_str().unwrap(),
    ])
}

/// `minisign -S`: sign `file` with `secret` (a key without a password).
fn minisign_sign(secret: &Path, file: &Path) -> Output {
    minisign(&[
        "-S",
        "-s",
        secret.to_str().unwrap(),
        "-m",
        file.to_str().unwrap(),
    ])
}

/// A key pair without a password, made by the minisign tool.
fn minisign_keys(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (public, secret) = (
        dir.join(format!("{name}.pub")),
        dir.join(format!("{name}.key")),
    );
    let out = minisign(&[
        "-G",
        "-W",
        "-p",
        public.to_str().unwrap(),
        "-s",
        secret.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    (public, secret)
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pack = common::catalog_copy(dir.path(), &["en", "fr"]);
        fs::write(
            pack.join("profiles/test.toml"),
            format!(
                "name = \"Test country\"\ndescription = \"For tests.\"\nflags = []\n\n[[hotline]]\nlabel = \"Test hotline\"\nnumber = \"{HOTLINE}\"\n"
            ),
        )
        .unwrap();
        let (cli_public, cli_secret) = minisign_keys(dir.path(), "cli");
        let (public, secret) = (
            dir.path().join("deployer.pub"),
            dir.path().join("deployer.key"),
        );
        let trusted = dir.path().join("trusted");
        fs::create_dir_all(&trusted).unwrap();
        fs::create_dir_all(dir.path().join("data")).unwrap();
        let f = Self {
            dir,
            pack,
            public,
            secret,
            cli_public,
            cli_secret,
            trusted,
        };
        let out = f
            .cmd(&[
                "pack",
                "keygen",
                "-o",
                f.dir.path().join("deployer").to_str().unwrap(),
            ])
            .env("SAFEVOICE_KEY_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        // The laptop's trusted keys: the deployer's, with its label.
        let key = fs::read_to_string(&f.public).unwrap();
        let base64 = key.lines().nth(1).unwrap();
        fs::write(
            f.trusted.join("nrm.pub"),
            format!("untrusted comment: Test referral mechanism, 2027 pack\n{base64}\n"),
        )
        .unwrap();
        let out = f.sign();
        assert!(out.status.success(), "{}", text(&out));
        f
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_safevoice"));
        cmd.args(args)
            .env("SAFEVOICE_TRUSTED_KEYS", &self.trusted)
            .env("SAFEVOICE_DATA_DIR", self.dir.path().join("data"))
            .env_remove("SAFEVOICE_MESSAGES")
            .env_remove("SAFEVOICE_KEY_PASSWORD");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// `pack verify --pubkey PUBLIC`.
    fn verify_with(&self, public: &Path) -> Output {
        self.run(&[
            "pack",
            "verify",
            self.pack.to_str().unwrap(),
            "--pubkey",
            public.to_str().unwrap(),
        ])
    }

    /// `pack sign` with the deployer's key.
    fn sign(&self) -> Output {
        self.cmd(&[
            "pack",
            "sign",
            self.pack.to_str().unwrap(),
            "--key",
            self.secret.to_str().unwrap(),
        ])
        .env("SAFEVOICE_KEY_PASSWORD", PASSWORD)
        .output()
        .unwrap()
    }

    fn verify(&self) -> Output {
        self.run(&["pack", "verify", self.pack.to_str().unwrap()])
    }

    /// `play` into an ALSA file sink.
    fn play(&self, lang: &str, id: &str) -> Output {
        let conf = common::alsa_file_sink(self.dir.path(), &self.dir.path().join("out.wav"), None);
        self.cmd(&["--messages", self.pack.to_str().unwrap(), "play", lang, id])
            .env("ALSA_CONFIG_PATH", conf)
            .output()
            .unwrap()
    }

    fn flip_byte(&self, rel: &str, at: usize) {
        let path = self.pack.join(rel);
        let mut bytes = fs::read(&path).unwrap();
        bytes[at] ^= 0x01;
        fs::write(&path, bytes).unwrap();
    }

    /// Re-sign the manifest as it is now with the minisign tool (and its key).
    fn resign_manifest_with_minisign(&self) {
        let manifest = self.pack.join("manifest.toml");
        let out = minisign_sign(&self.cli_secret, &manifest);
        assert!(out.status.success(), "{}", text(&out));
    }
}

fn assert_no_panic(out: &Output) {
    let all = text(out);
    assert!(!all.contains("panicked"), "{all}");
    assert_ne!(out.status.code(), Some(101), "{all}");
}

#[test]
fn a_pack_signed_here_verifies_with_the_minisign_tool_and_on_the_laptop() {
    let f = Fixture::new();
    let manifest = f.pack.join("manifest.toml");
    let text_of_manifest = fs::read_to_string(&manifest).unwrap();
    assert!(text_of_manifest.contains("path = \"en/audio/q_hurt.ogg\""));
    assert!(text_of_manifest.contains("sha256 = \""));
    let out = minisign_verify(&f.public, &manifest);
    assert!(out.status.success(), "minisign -V refused: {}", text(&out));
    let out = f.verify_with(&f.public);
    assert!(out.status.success(), "{}", text(&out));
    let out = f.verify();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("signed by Test referral mechanism, 2027 pack"),
        "{}",
        text(&out)
    );
    // check says it in one line.
    let out = f.run(&["--messages", f.pack.to_str().unwrap(), "check"]);
    let all = text(&out);
    let line: Vec<&str> = all.lines().filter(|l| l.starts_with("Pack ")).collect();
    assert_eq!(line.len(), 1, "{all}");
    assert!(
        line[0].contains("signed by Test referral mechanism, 2027 pack")
            && line[0].contains("files checked, intact"),
        "{all}"
    );
}

#[test]
fn a_manifest_signed_by_the_minisign_tool_is_accepted() {
    let f = Fixture::new();
    let (other_public, other_secret) = (f.cli_public.clone(), f.cli_secret.clone());
    let manifest = f.pack.join("manifest.toml");
    fs::remove_file(f.pack.join("manifest.toml.minisig")).unwrap();
    let out = minisign_sign(&other_secret, &manifest);
    assert!(out.status.success(), "{}", text(&out));
    let out = f.verify_with(&other_public);
    assert!(out.status.success(), "{}", text(&out));
    // With the deployer's key (not the one that signed): a clear refusal.
    let out = f.verify_with(&f.public);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("unknown key (key id"), "{}", text(&out));
    assert_no_panic(&out);
}

#[test]
fn keygen_makes_a_password_protected_key_that_signs_for_minisign() {
    let f = Fixture::new();
    let name = f.dir.path().join("keys/nrm2027");
    fs::create_dir_all(name.parent().unwrap()).unwrap();
    let out = f
        .cmd(&[
            "pack",
            "keygen",
            "-o",
            name.to_str().unwrap(),
            "--label",
            "National Referral Mechanism, 2027 pack",
        ])
        .env("SAFEVOICE_KEY_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let secret = name.with_extension("key");
    let public = name.with_extension("pub");
    assert!(
        fs::read_to_string(&public)
            .unwrap()
            .starts_with("untrusted comment: National Referral Mechanism, 2027 pack\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A second keygen does not overwrite it.
    let again = f
        .cmd(&["pack", "keygen", "-o", name.to_str().unwrap()])
        .env("SAFEVOICE_KEY_PASSWORD", "x")
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    // The wrong password is refused, clearly.
    let pack = f.pack.to_str().unwrap();
    let key = secret.to_str().unwrap();
    let wrong = f
        .cmd(&["pack", "sign", pack, "--key", key])
        .env("SAFEVOICE_KEY_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(text(&wrong).contains("Wrong password"), "{}", text(&wrong));
    assert_no_panic(&wrong);
    // The right one signs, and minisign accepts the signature.
    let out = f
        .cmd(&["pack", "sign", pack, "--key", key])
        .env("SAFEVOICE_KEY_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = minisign_verify(&public, &f.pack.join("manifest.toml"));
    assert!(out.status.success(), "{}", text(&out));
    // Installed on the laptop, the key's label is what the laptop shows.
    fs::copy(&public, f.trusted.join("nrm2027.pub")).unwrap();
    let out = f.verify();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("signed by National Referral Mechanism, 2027 pack"),
        "{}",
        text(&out)
    );
    // A secret key inside the pack is refused.
    fs::copy(&secret, f.pack.join("oops.key")).unwrap();
    let out = f
        .cmd(&[
            "pack",
            "sign",
            pack,
            "--key",
            f.pack.join("oops.key").to_str().unwrap(),
        ])
        .env("SAFEVOICE_KEY_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("inside the pack"), "{}", text(&out));
}

#[test]
fn a_changed_clip_is_refused_and_named_and_the_rest_still_plays() {
    let f = Fixture::new();
    f.flip_byte("en/audio/q_hurt.ogg", 2000);
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("en/audio/q_hurt.ogg: changed"),
        "{}",
        text(&out)
    );
    let refused = f.play("en", "q_hurt");
    assert!(!refused.status.success(), "{}", text(&refused));
    let all = text(&refused);
    assert!(
        all.contains("withheld") && all.contains("q_hurt.ogg"),
        "{all}"
    );
    let played = f.play("en", "do_not_fear");
    let all = text(&played);
    assert!(played.status.success(), "{all}");
    // play says the pack state in one line, naming the refused clip.
    let line: Vec<&str> = all.lines().filter(|l| l.starts_with("Pack ")).collect();
    assert_eq!(line.len(), 1, "{all}");
    assert!(
        line[0].contains("REFUSED: en/audio/q_hurt.ogg (changed)"),
        "{all}"
    );
    assert!(all.contains("Playing [1/1] do_not_fear"), "{all}");
}

#[test]
fn a_changed_texts_file_is_refused_and_other_languages_still_play() {
    let f = Fixture::new();
    let texts = fs::read_to_string(f.pack.join("en/texts.toml")).unwrap();
    let at = texts.find("Do not be afraid").unwrap();
    f.flip_byte("en/texts.toml", at);
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("en/texts.toml: changed"),
        "{}",
        text(&out)
    );
    let out = f.run(&["--messages", f.pack.to_str().unwrap(), "check", "--json"]);
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = report["problems"].to_string();
    assert!(
        problems.contains("texts.toml") && problems.contains("refused by the pack check"),
        "{problems}"
    );
    let codes: Vec<&str> = report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["fr"], "English is withheld, French is not");
    let refused = f.play("en", "do_not_fear");
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("language \"en\" is withheld"),
        "{}",
        text(&refused)
    );
    let played = f.play("fr", "do_not_fear");
    assert!(played.status.success(), "{}", text(&played));
}

#[test]
fn a_changed_hotline_number_is_refused_and_never_shown() {
    let f = Fixture::new();
    let path = f.pack.join("profiles/test.toml");
    let profile = fs::read_to_string(&path).unwrap();
    fs::write(&path, profile.replace("0123", "0124")).unwrap();
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("profiles/test.toml: changed"),
        "{}",
        text(&out)
    );
    // The catalog as the app and the command line use it: the profile, and
    // so its number, is gone.
    let mut catalog = safevoice::catalog::load(&f.pack);
    assert!(catalog.profiles.contains_key("test"));
    let mut status = pack::verify::open(
        &f.pack,
        &pack::keys::trusted_keys_in(std::slice::from_ref(&f.trusted)).0,
        pack::journal::Journal::default(),
    )
    .unwrap();
    status.check_all();
    let said = catalog.withhold(&status.refused_paths());
    assert!(!catalog.profiles.contains_key("test"), "{said:?}");
    assert!(catalog.profiles.contains_key("generic"));
    let out = f.run(&["--messages", f.pack.to_str().unwrap(), "check", "--json"]);
    assert!(!text(&out).contains("7946"), "the number is never shown");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["profiles"], serde_json::json!(["generic"]));
}

#[test]
fn an_added_file_is_reported() {
    let f = Fixture::new();
    fs::write(f.pack.join("en/audio/extra.ogg"), b"not in the manifest").unwrap();
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("en/audio/extra.ogg: added (not in the manifest)"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_missing_file_is_reported() {
    let f = Fixture::new();
    fs::remove_file(f.pack.join("fr/audio/q_hurt.f.ogg")).unwrap();
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("fr/audio/q_hurt.f.ogg: missing"),
        "{}",
        text(&out)
    );
}

#[test]
fn manifest_paths_out_of_the_pack_are_refused() {
    for bad in ["../outside.txt", "/etc/passwd", "en/../../outside.txt"] {
        let f = Fixture::new();
        let manifest = f.pack.join("manifest.toml");
        let mut text_of_manifest = fs::read_to_string(&manifest).unwrap();
        text_of_manifest += &format!(
            "\n[[file]]\npath = \"{bad}\"\nsize = 1\nsha256 = \"{}\"\n",
            "0".repeat(64)
        );
        fs::write(&manifest, text_of_manifest).unwrap();
        f.resign_manifest_with_minisign();
        let out = f.verify_with(&f.cli_public);
        assert!(!out.status.success(), "{bad}: {}", text(&out));
        let all = text(&out);
        assert!(
            all.contains("manifest.toml:") && all.contains(&format!("path {bad:?} refused")),
            "{bad}: {all}"
        );
        assert_no_panic(&out);
    }
}

#[test]
fn a_symlink_out_of_the_pack_is_refused() {
    let f = Fixture::new();
    let outside = f.dir.path().join("outside.ogg");
    fs::copy(f.pack.join("en/audio/q_hurt.ogg"), &outside).unwrap();
    fs::remove_file(f.pack.join("en/audio/q_hurt.ogg")).unwrap();
    std::os::unix::fs::symlink(&outside, f.pack.join("en/audio/q_hurt.ogg")).unwrap();
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("en/audio/q_hurt.ogg: a symbolic link out of the pack"),
        "{}",
        text(&out)
    );
    let refused = f.play("en", "q_hurt");
    assert!(!refused.status.success(), "{}", text(&refused));
    // Nor is such a pack signed.
    let out = f.sign();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("symbolic link out of the pack"),
        "{}",
        text(&out)
    );
}

#[test]
fn bad_signatures_and_wrong_keys_give_clear_errors() {
    let f = Fixture::new();
    let sig = f.pack.join("manifest.toml.minisig");
    let good = fs::read_to_string(&sig).unwrap();
    let (wrong_public, _) = minisign_keys(f.dir.path(), "wrong");
    let cases: Vec<(&str, String)> = vec![
        ("truncated", good[..good.len() / 2].to_owned()),
        (
            "garbage",
            "this is not a signature\n\u{0}\u{1}garbage\n".to_owned(),
        ),
        ("empty", String::new()),
        (
            "altered",
            good.replacen(good.lines().nth(1).unwrap(), &"A".repeat(100), 1),
        ),
    ];
    for (what, content) in cases {
        fs::write(&sig, content).unwrap();
        let out = f.verify();
        assert!(!out.status.success(), "{what}");
        let all = text(&out);
        assert!(all.contains("manifest.toml.minisig"), "{what}: {all}");
        assert!(all.contains("signature invalid"), "{what}: {all}");
        assert_no_panic(&out);
    }
    fs::write(&sig, &good).unwrap();
    let out = f.verify_with(&wrong_public);
    assert!(!out.status.success());
    assert!(text(&out).contains("unknown key (key id"), "{}", text(&out));
    assert_no_panic(&out);
    // A public key file that is not one.
    let bogus = f.dir.path().join("bogus.pub");
    fs::write(&bogus, "untrusted comment: x\nnot-base64!\n").unwrap();
    let out = f.verify_with(&bogus);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("bogus.pub: not a minisign public key"),
        "{}",
        text(&out)
    );
    assert_no_panic(&out);
}

#[test]
fn an_unknown_key_is_named_by_its_id_and_the_pack_stays_usable() {
    let f = Fixture::new();
    fs::remove_file(f.trusted.join("nrm.pub")).unwrap();
    let key_id = {
        let pk = pack::keys::read_public_key(&f.public).unwrap();
        pk.id()
    };
    let out = f.verify();
    assert!(!out.status.success());
    assert!(
        text(&out).contains(&format!("unknown key (key id {key_id})")),
        "{}",
        text(&out)
    );
    let played = f.play("en", "do_not_fear");
    assert!(played.status.success(), "{}", text(&played));
}

#[test]
fn an_unsigned_pack_is_usable_and_says_so() {
    let f = Fixture::new();
    fs::remove_file(f.pack.join("manifest.toml.minisig")).unwrap();
    let played = f.play("en", "do_not_fear");
    assert!(played.status.success(), "{}", text(&played));
    assert!(
        text(&played).contains("unsigned: not verified"),
        "{}",
        text(&played)
    );
}

#[test]
fn local_edits_show_as_modified_on_this_computer_until_signed_again() {
    let f = Fixture::new();
    let wav = f.dir.path().join("take.wav");
    common::write_f32_wav(
        &wav,
        48_000,
        1,
        (0..48_000).map(|i| (i as f32 * 0.05).sin() * 0.3),
    );
    let out = f.run(&[
        "--messages",
        f.pack.to_str().unwrap(),
        "import",
        "en",
        "q_hurt",
        wav.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = f.verify();
    assert!(!out.status.success(), "not signed: not genuine");
    let all = text(&out);
    assert!(
        all.contains("en/audio.toml: modified on this computer, not signed")
            && all.contains("en/audio/q_hurt.rec.wav: modified on this computer, not signed"),
        "{all}"
    );
    assert!(!all.contains("REFUSED"), "{all}");
    // The new recording plays.
    let played = f.play("en", "q_hurt");
    assert!(played.status.success(), "{}", text(&played));
    // A change behind the app's back after the edit is still refused.
    let mut bytes = fs::read(f.pack.join("en/audio/q_hurt.rec.wav")).unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 1;
    fs::write(f.pack.join("en/audio/q_hurt.rec.wav"), bytes).unwrap();
    let out = f.verify();
    assert!(
        text(&out).contains("REFUSED: en/audio/q_hurt.rec.wav (added (not in the manifest))"),
        "{}",
        text(&out)
    );
    // Signing again is one command.
    let out = f.sign();
    assert!(out.status.success(), "{}", text(&out));
    let out = f.verify();
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_bundled_pack_is_signed_with_the_public_development_key() {
    let root = common::root();
    let out = Command::new(root.join("scripts/sign-pack.sh"))
        .arg("--check")
        .env("SAFEVOICE_BIN", env!("CARGO_BIN_EXE_safevoice"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the bundled pack's signature is out of date: run scripts/sign-pack.sh\n{}",
        text(&out)
    );
    let empty = tempfile::tempdir().unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args([
            "--messages",
            root.join("messages").to_str().unwrap(),
            "check",
        ])
        .env("SAFEVOICE_TRUSTED_KEYS", empty.path())
        .env("SAFEVOICE_DATA_DIR", empty.path())
        .output()
        .unwrap();
    assert!(
        text(&check)
            .contains("signed with the public development key: for testing and training only"),
        "{}",
        text(&check)
    );
    // Never trusted, even when copied into a trusted keys folder.
    fs::copy(
        root.join("keys/safevoice-dev.pub"),
        empty.path().join("dev.pub"),
    )
    .unwrap();
    let verify = Command::new(env!("CARGO_BIN_EXE_safevoice"))
        .args(["pack", "verify", root.join("messages").to_str().unwrap()])
        .env("SAFEVOICE_TRUSTED_KEYS", empty.path())
        .env("SAFEVOICE_DATA_DIR", empty.path())
        .output()
        .unwrap();
    assert!(!verify.status.success(), "{}", text(&verify));
    assert!(
        text(&verify).contains("the public development key is never trusted"),
        "{}",
        text(&verify)
    );
}

#[test]
fn the_background_check_reports_each_file_and_hashes_urgent_ones_first() {
    let f = Fixture::new();
    f.flip_byte("fr/audio/q_hurt.f.ogg", 1500);
    let keys = pack::keys::trusted_keys_in(std::slice::from_ref(&f.trusted)).0;
    let (tx, rx) = std::sync::mpsc::channel();
    let watch = PackWatch::start(
        &f.pack,
        keys,
        pack::journal::Journal::default(),
        move || {
            let _ = tx.send(());
        },
    );
    let clip = f.pack.join("en/audio/q_hurt.ogg");
    watch.prioritise(std::slice::from_ref(&clip));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        let _ = rx.recv_timeout(std::time::Duration::from_millis(100));
        if let pack::watch::WatchState::Done(status) = watch.status() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the check never ended"
        );
    };
    assert!(
        matches!(status.trust, Trust::Trusted { .. }),
        "{:?}",
        status.trust
    );
    assert_eq!(watch.state_of(&clip), Some(FileState::Intact));
    assert_eq!(
        watch.state_of(&f.pack.join("fr/audio/q_hurt.f.ogg")),
        Some(FileState::Changed)
    );
    assert_eq!(status.refused().len(), 1, "{:?}", status.refused());
    assert!(watch.generation() >= 2);
}

/// Mistakes an administrator makes get one clear line each: a key asked
/// into a folder that is not there (before any password prompt), a key made
/// without a terminal and without the password variable, a pack folder that
/// is not there (its cause said once).
#[test]
fn keygen_and_verify_mistakes_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], password: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_safevoice"));
        cmd.args(args).stdin(std::process::Stdio::null());
        match password {
            Some(p) => cmd.env("SAFEVOICE_KEY_PASSWORD", p),
            None => cmd.env_remove("SAFEVOICE_KEY_PASSWORD"),
        };
        // Without a controlling terminal, as under a service or CI.
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: setsid is async-signal-safe.
            unsafe {
                cmd.pre_exec(|| {
                    libc::setsid();
                    Ok(())
                });
            }
        }
        let out = cmd.output().unwrap();
        assert_no_panic(&out);
        assert!(!out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let missing = dir.path().join("no/such/folder/key");
    let err = run(
        &["pack", "keygen", "-o", missing.to_str().unwrap()],
        Some("x"),
    );
    assert!(err.contains("no such folder"), "{err}");

    let key = dir.path().join("key");
    let err = run(&["pack", "keygen", "-o", key.to_str().unwrap()], None);
    assert!(err.contains("SAFEVOICE_KEY_PASSWORD"), "{err}");
    assert!(!key.with_extension("key").exists());

    let nowhere = dir.path().join("nowhere");
    let err = run(&["pack", "verify", nowhere.to_str().unwrap()], None);
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap();
    assert_eq!(line.matches("os error 2").count(), 1, "{err}");
}
