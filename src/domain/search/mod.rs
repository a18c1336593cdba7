//! Fuzzy search over claims (fzf-like query syntax), behind one interface so
//! the matcher can be swapped. Issue #4 replaces this first, plain version
//! with the fast engine; the interface stays.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::domain::Claim;

/// What a claim is searched by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub speaker: String,
    pub note: String,
}

impl Item {
    pub fn of(c: &Claim) -> Item {
        Item {
            id: c.id.clone(),
            text: c.text.clone(),
            speaker: c.speaker.clone().unwrap_or_default(),
            note: c.note.clone(),
        }
    }
}

/// One match: the item's index, its score (higher is better), and the
/// matched character positions (code-point indices) in the item's `text`,
/// for highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    pub text_positions: Vec<usize>,
}

/// A searchable set of items.
#[derive(Debug, Clone, Default)]
pub struct Index {
    items: Vec<Item>,
}

impl Index {
    pub fn new(items: Vec<Item>) -> Index {
        Index { items }
    }

    pub fn from_claims(claims: &[Claim]) -> Index {
        Index::new(claims.iter().map(Item::of).collect())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All items matching `query`, best first (ties in document order). An
    /// empty query matches everything in document order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return (0..self.items.len())
                .map(|index| Hit {
                    index,
                    score: 0,
                    text_positions: Vec::new(),
                })
                .collect();
        }
        let matcher = SkimMatcherV2::default().smart_case();
        let mut hits: Vec<Hit> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let hay = format!("{} {} {} {}", item.id, item.speaker, item.text, item.note);
                let score = matcher.fuzzy_match(&hay, query)?;
                let text_positions = matcher
                    .fuzzy_indices(&item.text, query)
                    .map(|(_, p)| p)
                    .unwrap_or_default();
                Some(Hit {
                    index,
                    score,
                    text_positions,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
        hits
    }
}
