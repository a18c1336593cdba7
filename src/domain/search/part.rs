//! An index made of parts ([`IndexPart`]): the items of one sheet with
//! their folded fields, prefilter masks and score shapes, ready to be
//! stored (serde) and joined into an [`Index`] without folding again.

use serde::{Deserialize, Serialize};

use super::build::Folded;
use super::matcher::Matcher;
use super::{Index, Item};

/// Some items, folded as an [`Index`] keeps them.
#[derive(Serialize, Deserialize)]
pub struct IndexPart {
    items: Vec<Item>,
    folded: Folded,
}

impl IndexPart {
    /// Fold `items`.
    pub fn of(items: Vec<Item>) -> IndexPart {
        let folded = Folded::of(&items);
        IndexPart { items, folded }
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Is this part whole: as many masks, shapes and field bounds as items,
    /// every bound within the arena, in order, at a character boundary, and
    /// the last one its end? (A part read back from a damaged file that
    /// still decodes is not used.)
    pub fn is_whole(&self) -> bool {
        let f = &self.folded;
        let n = self.items.len();
        if f.bounds.len() != n || f.masks.len() != n || f.shapes.len() != n {
            return false;
        }
        let mut at = 0;
        for b in &f.bounds {
            for &x in b {
                if x < at || !f.arena.is_char_boundary(x) {
                    return false;
                }
                at = x;
            }
        }
        at == f.arena.len() && f.bounds.first().is_none_or(|b| b[0] == 0)
    }

    /// The parts whose items are to be kept, as one part each (`keep`:
    /// per item of the part).
    pub fn select(&self, keep: impl Fn(usize) -> bool) -> IndexPart {
        IndexPart::of(
            self.items
                .iter()
                .enumerate()
                .filter(|(i, _)| keep(*i))
                .map(|(_, item)| item.clone())
                .collect(),
        )
    }
}

impl Index {
    /// One index of `parts`, in order, with nothing folded again.
    pub fn from_parts(parts: impl IntoIterator<Item = IndexPart>) -> Index {
        let parts: Vec<IndexPart> = parts.into_iter().collect();
        let n = parts.iter().map(IndexPart::len).sum();
        let size = parts.iter().map(|p| p.folded.arena.len()).sum();
        let mut items = Vec::with_capacity(n);
        let mut whole = Folded {
            arena: String::with_capacity(size),
            bounds: Vec::with_capacity(n),
            masks: Vec::with_capacity(n),
            shapes: Vec::with_capacity(n),
        };
        for part in parts {
            whole.append(part.folded);
            items.extend(part.items);
        }
        Index::assembled(items, whole)
    }
}

impl Folded {
    /// Add `part` at the end.
    pub(super) fn append(&mut self, part: Folded) {
        let at = self.arena.len();
        self.arena.push_str(&part.arena);
        self.bounds
            .extend(part.bounds.iter().map(|b| b.map(|x| x + at)));
        self.masks.extend(part.masks);
        self.shapes.extend(part.shapes);
    }
}

impl Index {
    /// An index of `items` whose folded fields are `folded`.
    pub(super) fn assembled(items: Vec<Item>, folded: Folded) -> Index {
        debug_assert_eq!(items.len(), folded.bounds.len());
        Index {
            items,
            arena: folded.arena,
            bounds: folded.bounds,
            masks: folded.masks,
            shapes: folded.shapes,
            matcher: Matcher::new(),
        }
    }
}
