//! Snapshots of the real rendering (wgpu on lavapipe under CI): the language
//! finder, the message board in scripts egui alone gets wrong or that stress
//! shaping, trap strings for bidi and joining, and the pack header and
//! banners (verified, refused files, development key).
//!
//! Regenerate after an intended change with `UPDATE_SNAPSHOTS=1 scripts/test.sh --test gui_snapshots`.

mod common;

use egui_kittest::Harness;
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog;
use safevoice::text::TextCache;
use safevoice::text::widget::person_text_ui;
use safevoice::ui::App;

fn app(lang: Option<&str>) -> Harness<'static, App> {
    let cat = catalog::load(&common::root().join("messages"));
    let start_lang = lang.map(str::to_owned);
    let sessions = std::env::temp_dir().join("safevoice-snapshot-sessions");
    let mut h = common::app_harness(
        cat,
        MemoryOutput::new(40.0),
        None,
        sessions,
        start_lang,
        true,
    );
    common::settle(&mut h);
    h.state_mut().set_focus_search(false);
    h.run_steps(3);
    h
}

#[test]
fn the_language_finder() {
    app(None).snapshot("finder");
}

macro_rules! board_snapshots {
    ($($name:ident: $code:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            app(Some($code)).snapshot(concat!("board_", $code));
        }
    )*};
}

board_snapshots! {
    board_arabic: "ar",
    board_urdu: "ur",
    board_hindi: "hi",
    board_thai: "th",
    board_khmer: "km",
    board_burmese: "my",
    board_amharic: "am",
    board_chinese: "zh-Hans",
    board_vietnamese: "vi",
}

#[test]
fn trap_strings() {
    let traps: [(&str, &str); 8] = [
        ("ar", "اتصل بالرقم 0800 123 456 الآن (مجاناً)"),
        ("ar", "عمرك أقل من 18 سنة؟ [نعم/لا]"),
        ("en", "Call UNODC: الأمم المتحدة (24/7) today"),
        ("fa", "می‌خواهم با شما صحبت کنم؛ نمی‌دانم."),
        ("hi", "कितना किराया? हिन्दी"),
        ("km", "ស្ត្រី ក្មេង"),
        ("my", "သင်္ချိုင်း မင်္ဂလာပါ"),
        ("ur", "کیا آپ کو 2 گھنٹے (تقریباً) انتظار کرنا ہوگا؟"),
    ];
    let mut cache = TextCache::default();
    let mut h = Harness::builder()
        .with_size([760.0, 720.0])
        .wgpu()
        .build_ui(move |ui| {
            for (lang, text) in traps {
                ui.label(lang);
                person_text_ui(
                    ui,
                    &mut cache,
                    text,
                    lang,
                    28.0,
                    ui.visuals().strong_text_color(),
                );
                ui.separator();
            }
        });
    h.run_steps(2);
    h.snapshot("trap_strings");
}

/// The pack header and banners, drawn by their free functions from a
/// read-only view (as the window draws them).
fn pack_snapshot(name: &str, view: safevoice::ui::pack::PackView) {
    use safevoice::ui::pack::{pack_banner_ui, pack_header_ui};
    let strings = safevoice::ui::i18n::Strings::load("en");
    let mut text = safevoice::text::TextCache::default();
    let mut fonts_installed = false;
    let mut h = Harness::builder()
        .with_size([960.0, 220.0])
        .wgpu()
        .build_ui(move |ui| {
            if !fonts_installed {
                safevoice::ui::install_fonts(ui.ctx());
                fonts_installed = true;
            }
            ui.horizontal(|ui| {
                ui.heading("safevoice");
                pack_header_ui(ui, &mut text, &strings, &view);
            });
            pack_banner_ui(ui, &mut text, &strings, &view);
        });
    h.run_steps(3);
    h.snapshot(name);
}

/// A pack signed by a trusted key and checked whole, with `refused` files.
fn trusted_view(refused: &[(&str, &str)]) -> safevoice::ui::pack::PackView {
    safevoice::ui::pack::PackView {
        trust: Some(safevoice::pack::Trust::Trusted {
            label: "National Referral Mechanism, 2027 pack".into(),
            key_id: "1D2C3B4A59687766".into(),
        }),
        checked: 3150,
        total: 3150,
        refused: refused
            .iter()
            .map(|(p, why)| ((*p).to_owned(), (*why).to_owned()))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn pack_verified_header() {
    pack_snapshot("pack_verified", trusted_view(&[]));
}

#[test]
fn pack_red_banner_names_refused_files() {
    pack_snapshot(
        "pack_refused",
        trusted_view(&[
            ("ar/audio/q_hurt.f.ogg", "changed"),
            ("profiles/uk.toml", "changed"),
        ]),
    );
}

#[test]
fn pack_yellow_banner_for_the_development_key() {
    use safevoice::pack::Trust;
    pack_snapshot(
        "pack_development",
        safevoice::ui::pack::PackView {
            trust: Some(Trust::Development {
                key_id: "F9433AD38F1CA945".into(),
            }),
            checked: 3150,
            total: 3150,
            ..Default::default()
        },
    );
}
