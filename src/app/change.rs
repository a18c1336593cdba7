//! Naming the change just made, for the status bar's save state ("C2
//! confirmed · saved 06:51"): found by comparing the undo history before
//! and after an action, so every edit is named without each one saying so.

use crate::app::AppState;
use crate::domain::Verdict;
use crate::domain::edit::Splice;

/// What the undo history looked like before an action.
pub(in crate::app) struct Before {
    undo: usize,
    redo: usize,
    top: Option<Splice>,
    redo_top: Option<Splice>,
}

pub(in crate::app) fn before(state: &AppState) -> Before {
    Before {
        undo: state.edits.undo.len(),
        redo: state.edits.redo.len(),
        top: state.edits.undo.last().cloned(),
        redo_top: state.edits.redo.last().cloned(),
    }
}

/// After an action: name the change it made, if it made one.
pub(in crate::app) fn after(state: &mut AppState, before: Before) {
    let (undo, redo) = (&state.edits.undo, &state.edits.redo);
    let named = if undo.last() != before.top.as_ref() && redo.len() <= before.redo {
        // A new change (or a redo, which takes one off the redo stack).
        let redone = redo.len() + 1 == before.redo && undo.last() == before.redo_top.as_ref();
        undo.last().map(|s| match redone {
            true => format!("redid: {}", describe(s)),
            false => describe(s),
        })
    } else if redo.len() == before.redo + 1 && undo.len() + 1 == before.undo {
        redo.last().map(|s| format!("undid: {}", describe(s)))
    } else {
        None
    };
    if let Some(n) = named {
        state.session.change = Some(n);
    }
}

/// A change in a few words: "C2 confirmed", "C4 note edited", "C7 deleted".
pub fn describe(s: &Splice) -> String {
    match (s.removed.as_slice(), s.inserted.as_slice()) {
        ([old], [new]) if old.id == new.id => {
            let id = &new.id;
            if Verdict::of(old) != Verdict::of(new) || old.pending != new.pending {
                format!("{id} {}", Verdict::of(new).label())
            } else if old.note != new.note {
                format!("{id} note edited")
            } else if old.sources.len() < new.sources.len() {
                format!("{id} source added")
            } else if old.sources.len() > new.sources.len() {
                format!("{id} source removed")
            } else if old.sources != new.sources {
                format!("{id} source edited")
            } else if old.text != new.text || old.speaker != new.speaker {
                format!("{id} edited")
            } else {
                format!("{id} changed")
            }
        }
        ([], [new]) => format!("{} added", new.id),
        ([old], []) => format!("{} deleted", old.id),
        ([old], [_, _]) => format!("{} split", old.id),
        ([_, _], [new]) => format!("{} merged", new.id),
        _ => format!("{} changed", s.ids()),
    }
}
