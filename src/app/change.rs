//! Naming the change just made, for the status bar's save state ("C2
//! confirmed · saved 06:51"): the undo history counts its changes and
//! remembers the kind of the last one, so every edit is named without each
//! one saying so, and an action that changes nothing costs a number compared.

use crate::app::AppState;
use crate::app::history::Step;
use crate::domain::Verdict;
use crate::domain::edit::Splice;

/// The undo history's change number before an action.
pub(in crate::app) struct Before(u64);

pub(in crate::app) fn before(state: &AppState) -> Before {
    Before(state.edits.change_number())
}

/// After an action: name the change it made, if it made one.
pub(in crate::app) fn after(state: &mut AppState, before: Before) {
    if state.edits.change_number() == before.0 {
        return;
    }
    let named = state.edits.last_step().map(|(step, s)| match step {
        Step::Done => describe(s),
        Step::Undone => format!("undid: {}", describe(s)),
        Step::Redone => format!("redid: {}", describe(s)),
    });
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

#[cfg(test)]
mod tests {
    use crate::app::{Action, AppState, Command, Keymap, keymap, update};
    use crate::domain::{Article, Claim, Doc};

    fn two_claims() -> AppState {
        let article = Article::from_text("/tmp/c.txt", "Dana said rain. Eli said sun.\n");
        let claims = vec![
            Claim::new("", &article.text, 0, 15),
            Claim::new("", &article.text, 16, 29),
        ];
        let doc = Doc::new_for(article, claims);
        AppState::new(doc, "ana".into(), Keymap::default(), false, false)
    }

    fn press(s: &mut AppState, keys: &str) {
        for c in keys.chars() {
            update(s, Action::Key(keymap::key_event(&c.to_string()).unwrap()));
        }
    }

    #[test]
    fn keys_that_change_nothing_leave_the_history_and_its_name_alone() {
        let mut s = two_claims();
        press(&mut s, "c");
        assert_eq!(s.session.change.as_deref(), Some("C1 confirmed"));
        let number = s.edits.change_number();
        // Moving about, switching panes, an undo of nothing to redo: no
        // change to the history, so nothing is copied or named.
        press(&mut s, "jkjk");
        update(&mut s, Action::Run(Command::Redo));
        assert_eq!(s.edits.change_number(), number);
        assert_eq!(s.session.change.as_deref(), Some("C1 confirmed"));
        assert_eq!(s.edits.undo_len(), 1);
    }

    #[test]
    fn undo_and_redo_move_the_counter_and_name_the_change() {
        let mut s = two_claims();
        press(&mut s, "c");
        let done = s.edits.change_number();
        update(&mut s, Action::Run(Command::Undo));
        let undone = s.edits.change_number();
        assert_ne!(undone, done);
        assert_eq!(s.session.change.as_deref(), Some("undid: C1 confirmed"));
        update(&mut s, Action::Run(Command::Redo));
        assert_ne!(s.edits.change_number(), undone);
        assert_eq!(s.session.change.as_deref(), Some("redid: C1 confirmed"));
        press(&mut s, "jd");
        assert_eq!(s.session.change.as_deref(), Some("C2 denied"));
        assert_eq!((s.edits.undo_len(), s.edits.redo_len()), (2, 0));
    }
}
