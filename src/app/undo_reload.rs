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
    edits.rewrite(|mut undo| {
        let mut probe = sheet.clone();
        let mut kept = Vec::new();
        while let Some(mut splice) = undo.pop() {
            let Some(at) = place(&splice, &probe) else {
                break;
            };
            splice.at = at;
            splice.revert(&mut probe);
            kept.push(splice);
        }
        kept.reverse();
        kept
    });
    edits.undo_len()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Article, Status};

    fn sheet_of(claims: Vec<Claim>) -> Sheet {
        let mut s = Sheet::new("x.txt", "0");
        s.claims = claims;
        s
    }

    #[test]
    fn a_step_is_found_again_after_a_claim_was_added_before_it() {
        let a = Article::from_text("/tmp/x.txt", "One two. Three four. Five six.\n");
        let c = |id: &str, s, e| Claim::new(id, &a.text, s, e);
        let (c1, c2) = (c("C1", 0, 8), c("C2", 9, 20));
        let mut c2_marked = c2.clone();
        c2_marked.set_status(Status::Denied, "ana", crate::domain::Stamp::now());
        let step = Splice::between(
            &[c1.clone(), c2.clone()],
            &[c1.clone(), c2_marked.clone()],
            vec![],
        )
        .unwrap();
        let mut edits = UndoHistory::default();
        edits.record(step);
        // Someone else added C3 before C2 in the list (at the start).
        let mut c0 = c("C3", 0, 3);
        c0.note = "theirs".into();
        let reloaded = sheet_of(vec![c0.clone(), c1.clone(), c2_marked]);
        assert_eq!(keep_applicable(&mut edits, &reloaded), 1);
        let mut sheet = reloaded.clone();
        edits.undoable()[0].revert(&mut sheet);
        assert_eq!(sheet.claims, vec![c0, c1, c2]);
        // The claim it touched changed elsewhere: forgotten.
        let mut edits2 = UndoHistory::default();
        edits2.record(Splice::between(&[c("C2", 9, 20)], &[c("C2", 9, 19)], vec![]).unwrap());
        assert_eq!(
            keep_applicable(&mut edits2, &sheet_of(vec![c("C2", 9, 18)])),
            0
        );
        assert!(edits2.undoable().is_empty());
    }
}
