//! Building an [`Index`]: each item's fields folded (lower case, plain)
//! into one arena, with their prefilter masks and score shapes, in parallel
//! parts.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::matcher::Shape;
use super::{FIELDS, Index, Item, fold};

/// Items folded per parallel part when an index is built.
pub(super) const BUILD_PART: usize = 4096;

/// The folded fields of some items, as an [`Index`] keeps them.
#[derive(Serialize, Deserialize)]
pub(super) struct Folded {
    pub(super) arena: String,
    // (Paths in full: serde's derive has a `FIELDS` of its own.)
    pub(super) bounds: Vec<[usize; super::FIELDS + 1]>,
    pub(super) masks: Vec<[u64; super::FIELDS]>,
    pub(super) shapes: Vec<[Shape; super::FIELDS]>,
}

impl Folded {
    pub(super) fn of(items: &[Item]) -> Folded {
        let size: usize = items
            .iter()
            .map(|i| i.id.len() + i.speaker.len() + i.text.len() + i.note.len())
            .sum();
        let mut arena = String::with_capacity(size + size / 16);
        let mut bounds = Vec::with_capacity(items.len());
        let mut masks = Vec::with_capacity(items.len());
        let mut shapes = Vec::with_capacity(items.len());
        for item in items {
            let mut b = [0; FIELDS + 1];
            let mut m = [0; FIELDS];
            let mut sh = [Shape::default(); FIELDS];
            for f in 0..FIELDS {
                b[f] = arena.len();
                let src = item.field(f);
                if src.is_ascii() {
                    arena.push_str(src);
                    arena[b[f]..].make_ascii_lowercase();
                } else {
                    arena.extend(src.chars().map(fold::lower));
                }
                m[f] = fold::mask(&arena[b[f]..]);
                sh[f] = Shape::of(&arena[b[f]..]);
            }
            b[FIELDS] = arena.len();
            bounds.push(b);
            masks.push(m);
            shapes.push(sh);
        }
        Folded {
            arena,
            bounds,
            masks,
            shapes,
        }
    }
}

impl Index {
    /// Index `items`: fold their fields, in parallel parts of
    /// 4096 items.
    pub fn new(items: Vec<Item>) -> Index {
        let parts: Vec<Folded> = items.par_chunks(BUILD_PART).map(Folded::of).collect();
        let size = parts.iter().map(|p| p.arena.len()).sum();
        let mut whole = Folded {
            arena: String::with_capacity(size),
            bounds: Vec::with_capacity(items.len()),
            masks: Vec::with_capacity(items.len()),
            shapes: Vec::with_capacity(items.len()),
        };
        for part in parts {
            whole.append(part);
        }
        Index::assembled(items, whole)
    }
}
