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
}

impl PriorMatches {
    /// Match each (id, text) against the library.
    pub fn find(lib: &Library, claims: &[(String, String)]) -> PriorMatches {
        let matcher = Matcher::build(lib.records());
        let by_claim = claims
            .iter()
            .filter_map(|(id, text)| {
                let found: Vec<Prior> = matcher
                    .matches(text, PER_CLAIM)
                    .into_iter()
                    .map(|m| Prior {
                        record: lib.records()[m.record].clone(),
                        score: m.score,
                    })
                    .collect();
                (!found.is_empty()).then(|| (id.clone(), found))
            })
            .collect();
        PriorMatches {
            by_claim,
            library: lib.len(),
        }
    }

    /// The libraries for a sheet (its workspace's and the analyst's),
    /// matched against its claims. Unreadable libraries count as empty.
    pub fn for_sheet(sheet: &Path, claims: &[(String, String)]) -> PriorMatches {
        let lib = Library::load_all(&library::folders_for(sheet))
            .map(|(lib, _)| lib)
            .unwrap_or_default();
        PriorMatches::find(&lib, claims)
    }

    pub fn of(&self, id: &str) -> &[Prior] {
        self.by_claim.get(id).map_or(&[], Vec::as_slice)
    }
}
