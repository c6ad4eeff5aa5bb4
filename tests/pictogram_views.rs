//! Pictograms on screen: every message's pictograms render with resvg to a
//! non-empty texture at 64 and 512 pixels, and snapshots (wgpu on lavapipe)
//! of the person view in picture-first mode in three languages without a
//! voice (Tigrinya, Pashto, Yoruba) and of a board with pictograms and the
//! "No voice yet" notice.
//!
//! Regenerate after an intended change with `UPDATE_SNAPSHOTS=1 scripts/test.sh --test pictogram_views`.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use safevoice::audio::output::MemoryOutput;
use safevoice::catalog;
use safevoice::ui::pictogram::{self, PictureFirst};
use safevoice::ui::{App, Intent, Screen};

#[test]
fn every_message_renders_to_a_non_empty_texture_at_64_and_512_px() {
    let cat = catalog::load(&common::root().join("messages"));
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);
    let ctx = egui::Context::default();
    let problems = pictogram::install(&ctx, &cat);
    assert!(problems.is_empty(), "{problems:?}");
    let mut trees_problems = Vec::new();
    let trees = cat.pictograms.parse_all(&mut trees_problems);
    let mut rendered = 0;
    for message in &cat.messages {
        assert!(!message.pictograms().is_empty(), "{}", message.id());
        for id in message.pictograms() {
            for px in [64u32, 512] {
                let texture = pictogram::texture(&ctx, id, px)
                    .unwrap_or_else(|| panic!("{}: {id} has no texture at {px}", message.id()));
                assert_eq!(texture.size(), [px as usize; 2], "{id} at {px}");
                let image = pictogram::rasterize(&trees[id], px).unwrap();
                let inked = image.pixels.iter().filter(|p| p.a() > 0).count();
                let total = image.pixels.len();
                // Something is drawn, and it is not a filled square.
                assert!(
                    inked * 50 > total && inked < total,
                    "{}: {id} at {px} px: {inked} of {total} pixels inked",
                    message.id()
                );
                rendered += 1;
            }
        }
    }
    assert!(rendered >= 2 * cat.messages.len());
    assert!(pictogram::texture(&ctx, "no-such-pictogram", 64).is_none());
}

fn app(lang: &str, picture_first: PictureFirst) -> Harness<'static, App> {
    let cat = catalog::load(&common::root().join("messages"));
    let sessions = std::env::temp_dir().join("safevoice-snapshot-sessions");
    let mut h = common::app_harness(
        cat,
        MemoryOutput::new(40.0),
        None,
        sessions,
        Some(lang.to_owned()),
        true,
    );
    common::settle(&mut h);
    let mut settings = h.state().model().settings.clone();
    settings.picture_first = picture_first;
    h.state_mut().apply(Intent::UpdateSettings(settings));
    h.run_steps(3);
    h
}

/// The person view on question `id`, as the person sees it.
fn person_view(lang: &str, id: &str, picture_first: PictureFirst) -> Harness<'static, App> {
    let mut h = app(lang, picture_first);
    h.state_mut().apply(Intent::Play(vec![id.to_owned()]));
    h.state_mut().apply(Intent::SetPersonView(true));
    h.run_steps(3);
    assert_eq!(h.state().model().current.as_deref(), Some(id));
    h
}

macro_rules! picture_first_snapshots {
    ($($name:ident: $code:literal, $id:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            // The default setting: languages without a voice get the picture first.
            let mut h = person_view($code, $id, PictureFirst::Unvoiced);
            let app = h.state().model();
            let language = app.language().unwrap();
            assert!(!language.has_audio(), "{} has a voice now: pick another", $code);
            assert!(app.settings.picture_first.applies_to(language));
            // The pictogram, with the meaning as its alt text.
            assert_eq!(
                h.get_by_label("Are you hurt or in pain?").accesskit_node().role(),
                egui::accesskit::Role::Image
            );
            h.snapshot(concat!("person_picture_first_", $code));
        }
    )*};
}

picture_first_snapshots! {
    person_picture_first_tigrinya: "ti", "q_hurt",
    person_picture_first_pashto: "ps", "q_hurt",
    person_picture_first_yoruba: "yo", "q_hurt",
}

#[test]
fn picture_first_is_off_by_default_where_there_is_a_voice() {
    let h = person_view("ar", "q_hurt", PictureFirst::Unvoiced);
    let app = h.state().model();
    assert!(
        !app.settings
            .picture_first
            .applies_to(app.language().unwrap())
    );
    assert!(PictureFirst::Always.applies_to(app.language().unwrap()));
}

#[test]
fn a_board_with_pictograms_and_no_voice() {
    let mut h = app("yo", PictureFirst::Unvoiced);
    h.get_by_label("Record a voice");
    h.snapshot("board_pictograms_yo");
    h.get_by_label("Record a voice").click();
    h.run_steps(2);
    assert_eq!(h.state().model().screen, Screen::Recorder);
}
