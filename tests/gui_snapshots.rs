//! Snapshots of the real rendering (wgpu on lavapipe under CI): the language
//! finder, the message board in scripts egui alone gets wrong or that stress
//! shaping, and trap strings for bidi and joining.
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
    // Let the engine's first events (device, devices) arrive and settle.
    for _ in 0..6 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.state_mut().focus_search = false;
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
