//! The pictogram set: `assets/pictograms/pictograms.toml` lists every bundled
//! SVG (OpenMoji, with its hexcode and author), and `catalog.toml` names them
//! by id. [`PictogramSet::load`] reads the list, [`PictogramSet::parse_all`]
//! parses every SVG (what `check` and the window use), and
//! [`check_message`] validates one message's mapping. Every problem carries
//! its file and, where there is one, its line.

use super::problem::Problem;
use resvg::usvg;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The manifest's file name, inside the pictogram folder.
pub const MANIFEST: &str = "pictograms.toml";

/// At most this many pictograms per message (drawn side by side).
pub const MAX_PER_MESSAGE: usize = 3;

/// One `[[pictogram]]` of the manifest.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PictogramDef {
    /// The name `catalog.toml` uses; the file is `<id>.svg`.
    pub id: Spanned<String>,
    /// The OpenMoji hexcode it was copied from.
    pub openmoji: String,
    /// OpenMoji's English annotation.
    pub annotation: String,
    /// The OpenMoji designer.
    pub author: String,
}

impl PictogramDef {
    /// The id.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    pictogram: Vec<PictogramDef>,
}

/// The bundled pictograms: their folder and manifest (not the SVGs themselves).
#[derive(Clone, Debug, Default)]
pub struct PictogramSet {
    /// The folder holding `pictograms.toml` and the SVG files.
    pub dir: PathBuf,
    /// Entries by id.
    pub defs: BTreeMap<String, PictogramDef>,
    /// The manifest's text, to give lines to problems found later.
    source: String,
}

impl PictogramSet {
    /// Read `dir/pictograms.toml`, recording what is wrong with it in `problems`.
    pub fn load(dir: &Path, problems: &mut Vec<Problem>) -> Self {
        let mut set = PictogramSet {
            dir: dir.to_path_buf(),
            ..Self::default()
        };
        let path = dir.join(MANIFEST);
        let Some((file, source)) = super::load::read_toml::<ManifestFile>(&path, problems) else {
            return set;
        };
        for def in file.pictogram {
            let id = def.id().to_owned();
            let at = def.id.span().start;
            let well_formed = !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !well_formed {
                problems.push(Problem::at(
                    &path,
                    &source,
                    at,
                    format!("bad pictogram id {id:?}: use a-z, 0-9 and -"),
                ));
            } else if let std::collections::btree_map::Entry::Vacant(slot) =
                set.defs.entry(id.clone())
            {
                slot.insert(def);
            } else {
                problems.push(Problem::at(
                    &path,
                    &source,
                    at,
                    format!("duplicate pictogram id {id:?}"),
                ));
            }
        }
        set.source = source;
        set
    }

    /// The SVG file of `id`.
    pub fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.svg"))
    }

    /// Whether the manifest lists `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.defs.contains_key(id)
    }

    /// Parse the SVG of every listed pictogram. A missing or unparsable file
    /// is a problem (with the manifest line that lists it, or the SVG's own
    /// line for a syntax error); the others are returned.
    pub fn parse_all(&self, problems: &mut Vec<Problem>) -> BTreeMap<String, usvg::Tree> {
        let mut trees = BTreeMap::new();
        let manifest = self.dir.join(MANIFEST);
        for (id, def) in &self.defs {
            let path = self.file(id);
            match parse_svg(&path) {
                Ok(tree) => {
                    trees.insert(id.clone(), tree);
                }
                Err(SvgError::Missing(err)) => problems.push(Problem::at(
                    &manifest,
                    &self.source,
                    def.id.span().start,
                    format!("pictogram {id:?}: cannot read {}: {err}", path.display()),
                )),
                Err(SvgError::Invalid { line, message }) => problems.push(Problem {
                    file: path,
                    line,
                    message: format!("pictogram {id:?} is not a valid SVG: {message}"),
                }),
            }
        }
        trees
    }
}

/// Why an SVG file did not parse.
#[derive(Debug)]
enum SvgError {
    Missing(std::io::Error),
    Invalid {
        line: Option<usize>,
        message: String,
    },
}

fn parse_svg(path: &Path) -> Result<usvg::Tree, SvgError> {
    let data = std::fs::read(path).map_err(SvgError::Missing)?;
    let tree = usvg::Tree::from_data(&data, &usvg::Options::default()).map_err(|err| {
        let line = match &err {
            usvg::Error::ParsingFailed(xml) => Some(xml.pos().row as usize),
            _ => None,
        };
        SvgError::Invalid {
            line,
            message: err.to_string(),
        }
    })?;
    let size = tree.size();
    if size.width() <= 0.0 || size.height() <= 0.0 {
        return Err(SvgError::Invalid {
            line: None,
            message: "it has no size".into(),
        });
    }
    Ok(tree)
}

/// Check the `pictogram` of one message of `catalog.toml` (`path`, text
/// `source`) against `set`: it must be there, name one to
/// [`MAX_PER_MESSAGE`] ids, and every id must be in the manifest.
pub fn check_message(
    message: &super::MessageDef,
    set: &PictogramSet,
    path: &Path,
    source: &str,
    problems: &mut Vec<Problem>,
) {
    let Some(pictogram) = &message.pictogram else {
        problems.push(Problem::at(
            path,
            source,
            message.id.span().start,
            format!(
                "message {:?} has no pictogram (add `pictogram = \"...\"`, an id of {})",
                message.id(),
                set.dir.join(MANIFEST).display()
            ),
        ));
        return;
    };
    let at = pictogram.span().start;
    let ids = pictogram.get_ref().ids();
    if ids.is_empty() || ids.len() > MAX_PER_MESSAGE {
        problems.push(Problem::at(
            path,
            source,
            at,
            format!(
                "message {:?}: give 1 to {MAX_PER_MESSAGE} pictograms, not {}",
                message.id(),
                ids.len()
            ),
        ));
    }
    for id in ids {
        if !set.contains(id) {
            problems.push(Problem::at(
                path,
                source,
                at,
                format!(
                    "message {:?}: unknown pictogram {id:?} (not in {})",
                    message.id(),
                    set.dir.join(MANIFEST).display()
                ),
            ));
        }
    }
}

/// Where the bundled pictograms are.
///
/// In order: `$SAFEVOICE_PICTOGRAMS`, `<messages>/../assets/pictograms` (the
/// source tree's layout), `<exe dir>/pictograms`,
/// `<exe dir>/../share/safevoice/pictograms`, and last the source tree this
/// binary was built from.
pub fn default_dir(messages: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("SAFEVOICE_PICTOGRAMS") {
        return PathBuf::from(dir);
    }
    let mut candidates = vec![messages.join("../assets/pictograms")];
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
    {
        candidates.push(exe_dir.join("pictograms"));
        candidates.push(exe_dir.join("../share/safevoice/pictograms"));
    }
    candidates
        .into_iter()
        .find(|dir| dir.join(MANIFEST).is_file())
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/pictograms")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_ids() {
        #[derive(Deserialize)]
        struct T {
            p: Spanned<super::super::model::PictogramRef>,
        }
        let one: T = toml::from_str("p = \"ear\"").unwrap();
        assert_eq!(one.p.get_ref().ids(), ["ear"]);
        let two: T = toml::from_str("p = [\"ear\", \"repeat\"]").unwrap();
        assert_eq!(two.p.get_ref().ids(), ["ear", "repeat"]);
        assert!(toml::from_str::<T>("p = 3").is_err());
    }
}
