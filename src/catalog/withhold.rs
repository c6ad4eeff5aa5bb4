//! Withholding refused files: when a pack check refuses a file (changed,
//! missing, added), what came from it is neither played nor shown. A clip is
//! dropped; `audio.toml` drops every clip of its language; `texts.toml` or
//! `language.toml` drops the language; a profile is dropped (so a changed
//! hotline number is never shown or read out). Each language touched is
//! marked in [`Catalog::withheld`].

use super::load::Catalog;
use std::path::{Path, PathBuf};

impl Catalog {
    /// Withhold what comes from `refused` (full paths, as the pack check
    /// gives them). Returns one line per thing withheld.
    pub fn withhold(&mut self, refused: &[PathBuf]) -> Vec<String> {
        let mut said = Vec::new();
        let same = |a: &Path, b: &Path| a == b || a.ends_with(b) || b.ends_with(a);
        for path in refused {
            let name = path.display();
            let profile = self
                .profiles
                .keys()
                .find(|id| same(path, &self.root.join("profiles").join(format!("{id}.toml"))))
                .cloned();
            if let Some(id) = profile {
                self.profiles.remove(&id);
                said.push(format!(
                    "{name}: profile {id} withheld (its hotline is not shown)"
                ));
                continue;
            }
            let mut drop_language = None;
            for (code, language) in &mut self.languages {
                let dir = language.dir.clone();
                let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
                let in_dir = path.parent().is_some_and(|p| same(p, &dir));
                if in_dir && (file == "texts.toml" || file == "language.toml") {
                    drop_language = Some(code.clone());
                    said.push(format!("{name}: language {code} withheld"));
                    break;
                }
                if in_dir && file == "audio.toml" {
                    language.clips.clear();
                    mark(&mut self.withheld, code, path);
                    said.push(format!("{name}: every clip of {code} withheld"));
                    break;
                }
                let before = language.clips.len();
                language.clips.retain(|c| !same(&c.path, path));
                if language.clips.len() != before {
                    mark(&mut self.withheld, code, path);
                    said.push(format!("{name}: clip withheld"));
                    break;
                }
            }
            if let Some(code) = drop_language {
                self.languages.remove(&code);
                mark(&mut self.withheld, &code, path);
            }
        }
        said
    }
}

fn mark(withheld: &mut std::collections::BTreeMap<String, Vec<PathBuf>>, code: &str, path: &Path) {
    withheld
        .entry(code.to_owned())
        .or_default()
        .push(path.to_path_buf());
}
