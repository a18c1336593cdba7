//! Undo across a reload: when the sheet is read again after a change on
//! disk, the newest undo steps whose claims are still exactly as they left
//! them are kept (found again where other claims were added or removed
//! before them); the first step that no longer fits, and every older one,
//! is forgotten, since replaying it could undo what someone else did.

use crate::app::UndoHistory;
use crate::domain::Claim;
use crate::domain::claim::id_number;
use crate::domain::edit::Splice;
use crate::domain::sheet::Sheet;

/// Keep the undo steps that still apply to `sheet` (just reloaded);
/// returns how many were kept. Redo is forgotten.
pub fn keep_applicable(edits: &mut UndoHistory, sheet: &Sheet) -> usize {
    let mut probe = sheet.clone();
    let mut kept = Vec::new();
    while let Some(mut splice) = edits.undo.pop() {
        let Some(at) = place(&splice, &probe) else {
            break;
        };
        splice.at = at;
        splice.revert(&mut probe);
        kept.push(splice);
    }
    kept.reverse();
    edits.undo = kept;
    edits.redo.clear();
    edits.undo.len()
}

/// Where `splice` can be taken back in `sheet`: its inserted claims are
/// there unchanged (at the same place, or where they moved) and its
/// tombstones are the sheet's last; for a deletion, where the removed
/// claims sort in article order.
fn place(splice: &Splice, sheet: &Sheet) -> Option<usize> {
    if !sheet.deleted.ends_with(&splice.tombstones_added) {
        return None;
    }
    let claims = &sheet.claims;
    let n = splice.inserted.len();
    let fits = |at: usize| claims.get(at..at + n) == Some(&splice.inserted[..]);
    if n > 0 {
        if fits(splice.at) {
            return Some(splice.at);
        }
        let first = &splice.inserted[0].id;
        let at = claims.iter().position(|c| &c.id == first)?;
        return fits(at).then_some(at);
    }
    let first = splice.removed.first()?;
    if splice
        .removed
        .iter()
        .any(|r| claims.iter().any(|c| c.id == r.id))
    {
        return None;
    }
    Some(claims.partition_point(|c| order(c) < order(first)))
}

/// The article order claims are kept in.
fn order(c: &Claim) -> (usize, usize, u64) {
    (
        c.anchor.start,
        c.anchor.end,
        id_number(&c.id).unwrap_or(u64::MAX),
    )
}
