//! A claim added over an existing claim's words (`a` in the article): the
//! popup says so and offers to merge the new words into the existing claim
//! (one undoable change, the new claim's id left free) or to keep both
//! (`k` opens the new claim's editor, as after any addition; Esc leaves it
//! as it is).

use crossterm::event::KeyEvent;

use crate::app::AppState;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::popup::{Choice, ChoiceKey, choose};
use crate::domain::edit;
use crate::domain::sanitize;

/// "C21 overlaps C11": merge, keep both and edit the new one, or keep
/// both as they are.
pub const OVERLAP_CHOICES: [ChoiceKey; 3] = [
    ChoiceKey {
        choice: Choice::Yes,
        keys: &["m", "M", "y"],
        hint: "m",
        label: "merge into the existing claim",
    },
    ChoiceKey {
        choice: Choice::No,
        keys: &["k", "n"],
        hint: "k",
        label: "keep both and edit it",
    },
    ChoiceKey {
        choice: Choice::Later,
        keys: &["Esc"],
        hint: "Esc",
        label: "keep both",
    },
];

/// After claim `new` was added: the existing claim whose words it
/// overlaps, if any.
pub fn overlapped(state: &AppState, new: &str) -> Option<String> {
    let c = state.doc.sheet.claim(new)?;
    let (s, e) = (c.anchor.start, c.anchor.end);
    state
        .claims()
        .iter()
        .find(|o| o.id != new && !o.orphan && o.anchor.start < e && s < o.anchor.end)
        .map(|o| o.id.clone())
}

/// The lines the popup shows.
pub fn summary(state: &AppState, new: &str, old: &str) -> Vec<String> {
    let text = |id: &str| {
        let t = state.doc.sheet.claim(id).map_or("", |c| c.text.as_str());
        sanitize::line(t).into_owned()
    };
    vec![
        format!(
            "{} overlaps {}, which is already a claim:",
            sanitize::line(new),
            sanitize::line(old)
        ),
        format!("  {}: {}", sanitize::line(old), text(old)),
        format!("  {}: {}", sanitize::line(new), text(new)),
    ]
}

/// A key in the popup.
pub fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Some(Popup::Overlap { new, old }) = state.popups.last() else {
        return vec![];
    };
    let (new, old) = (new.clone(), old.clone());
    match choose(&OVERLAP_CHOICES, &key) {
        Some(Choice::Yes) => {
            state.popups.pop();
            merge(state, &new, &old)
        }
        Some(Choice::Later) => {
            state.popups.pop();
            state.message = Some(format!(
                "kept both {} and {}",
                sanitize::line(&new),
                sanitize::line(&old)
            ));
            vec![]
        }
        Some(_) => {
            state.popups.pop();
            state.claim_editor();
            state.message = Some(format!(
                "kept both; edit {}'s text and speaker, or Esc",
                sanitize::line(&new)
            ));
            vec![]
        }
        None => vec![],
    }
}

/// Take the addition of `new` back (its id is free again) and widen
/// `old` over its words instead.
fn merge(state: &mut AppState, new: &str, old: &str) -> Vec<Effect> {
    let added = state
        .edits
        .undoable()
        .last()
        .and_then(|s| match &s.inserted[..] {
            [c] if s.removed.is_empty() && c.id == new => Some(c.clone()),
            _ => None,
        });
    let Some(added) = added else {
        return vec![];
    };
    let mut effects = state.undo();
    state.edits.forget_redo();
    let Some(i) = state.doc.sheet.index_of(old) else {
        return effects;
    };
    let changed = state.change_claim(i, |c, by, at, text| {
        *c = edit::merge(c, &added, text, by, at);
    });
    if let Some(more) = changed {
        effects.extend(more);
    }
    state.message = Some(format!("merged the new words into {}", sanitize::line(old)));
    effects.dedup();
    effects
}
