//! The prior fact-checks of a sheet's claims, found in one go (what the
//! TUI loads off its UI thread when it starts).

use std::collections::HashMap;
use std::path::Path;

use super::library::{self, Library};
use super::matcher::Matcher;
use super::record::Record;

/// How many matches are kept per claim.
pub const PER_CLAIM: usize = 10;

/// A published fact-check matching a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub record: Record,
    pub score: f32,
}

/// The matches of each claim (by id), best first, above the threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorMatches {
    pub by_claim: HashMap<String, Vec<Prior>>,
    /// Records in the libraries searched.
    pub library: usize,
    /// The sheet whose claims these are, when known.
    pub sheet: Option<std::path::PathBuf>,
    /// The text each claim had when matched (id -> text).
    pub texts: HashMap<String, String>,
    /// The index matched against, to match edited and new claims again.
    pub index: Option<SharedPrior>,
    /// Every claim's text was compared with the one matched since the
    /// claims last changed: nothing to look at until they change again.
    pub current: bool,
}

impl PriorMatches {
    /// Match each (id, text) against the library.
    pub fn find(index: &PriorIndex, claims: &[(String, String)]) -> PriorMatches {
        let by_claim = claims
            .iter()
            .filter_map(|(id, text)| {
                let found = index.matches(text, PER_CLAIM);
                (!found.is_empty()).then(|| (id.clone(), found))
            })
            .collect();
        PriorMatches {
            by_claim,
            library: index.library.len(),
            sheet: None,
            texts: claims.iter().cloned().collect(),
            index: None,
            current: false,
        }
    }

    /// The libraries for a sheet (its workspace's and the analyst's),
    /// matched against its claims. Unreadable libraries count as empty.
    pub fn for_sheet(sheet: &Path, claims: &[(String, String)]) -> PriorMatches {
        let index = std::sync::Arc::new(PriorIndex::for_sheet(sheet));
        PriorMatches {
            sheet: Some(sheet.to_path_buf()),
            index: Some(SharedPrior(index.clone())),
            ..PriorMatches::find(&index, claims)
        }
    }

    /// Match again the claims whose text is not the one matched (edited,
    /// added, split); false when none was.
    pub fn refresh(&mut self, claims: &[(&str, &str)]) -> bool {
        let Some(index) = self.index.clone() else {
            return false;
        };
        let mut changed = false;
        for &(id, text) in claims {
            if self.texts.get(id).is_some_and(|t| t == text) {
                continue;
            }
            let found = index.0.matches(text, PER_CLAIM);
            if found.is_empty() {
                self.by_claim.remove(id);
            } else {
                self.by_claim.insert(id.to_owned(), found);
            }
            self.texts.insert(id.to_owned(), text.to_owned());
            changed = true;
        }
        changed
    }

    pub fn of(&self, id: &str) -> &[Prior] {
        self.by_claim.get(id).map_or(&[], Vec::as_slice)
    }
}

/// A library with its matching index, built once and shared (exports
/// match every claim they write against it).
#[derive(Debug)]
pub struct PriorIndex {
    pub library: Library,
    pub matcher: Matcher,
}

impl PriorIndex {
    pub fn new(library: Library) -> PriorIndex {
        let dir = super::cache::cache_dir();
        let matcher = super::cache::load_or_build(library.records(), dir.as_deref());
        PriorIndex { library, matcher }
    }

    /// The libraries for a sheet (its workspace's and the analyst's);
    /// unreadable libraries count as empty.
    pub fn for_sheet(sheet: &Path) -> PriorIndex {
        PriorIndex::new(
            Library::load_all(&library::folders_for(sheet))
                .map(|(lib, _)| lib)
                .unwrap_or_default(),
        )
    }

    /// The records checking this claim text, best first.
    pub fn matches(&self, text: &str, limit: usize) -> Vec<Prior> {
        self.matcher
            .matches(text, limit)
            .into_iter()
            .map(|m| Prior {
                record: self.library.records()[m.record].clone(),
                score: m.score,
            })
            .collect()
    }
}

/// A [`PriorIndex`] shared by reference; equal when it is the same one.
#[derive(Debug, Clone)]
pub struct SharedPrior(pub std::sync::Arc<PriorIndex>);

impl PartialEq for SharedPrior {
    fn eq(&self, other: &SharedPrior) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The library an export of this format lists prior fact-checks from
/// (Markdown and HTML only; none when the libraries are empty).
pub fn for_export(format: crate::domain::export::Format, path: &Path) -> Option<SharedPrior> {
    use crate::domain::export::Format;
    if !matches!(format, Format::Markdown | Format::Html) {
        return None;
    }
    let index = PriorIndex::for_sheet(path);
    (!index.library.is_empty()).then(|| SharedPrior(std::sync::Arc::new(index)))
}
