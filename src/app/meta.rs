//! The article's own facts (title, source URL, publication date, site) in
//! a popup of four one-line fields: Tab moves between them, Enter or
//! Ctrl-s keeps them (each change a history entry of the sheet, as
//! `claimdesk meta` makes), Esc leaves them as they were.

use crossterm::event::KeyEvent;

use crate::app::popup::editor_with;
use crate::app::{AppState, Command, Effect, Popup, SaveState};
use crate::domain::meta::{self, Field};

/// The fields' labels, in [`Field::ALL`]'s order.
pub const LABELS: [&str; 4] = [
    "title",
    "source URL (http:// or https://)",
    "published (YYYY-MM-DD)",
    "site (the publisher)",
];

/// Open the popup on the sheet's facts.
pub(in crate::app) fn open(state: &mut AppState) -> Vec<Effect> {
    let sheet = &state.doc.sheet;
    let fields = Field::ALL
        .iter()
        .map(|f| editor_with(f.get(sheet).unwrap_or("")))
        .collect();
    state.popups.push(Popup::Meta { fields, on: 0 });
    vec![]
}

/// A key in the popup.
pub(in crate::app) fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let is = |c| state.settings.keymap.is(&key, c);
    let (keep, cancel, next) = (
        is(Command::KeepEdit) || is(Command::Ok),
        is(Command::Cancel),
        is(Command::NextField),
    );
    let Some(Popup::Meta { fields, on }) = state.popups.last_mut() else {
        return vec![];
    };
    if cancel {
        state.popups.pop();
        state.message = Some("the article's facts not changed".into());
    } else if keep {
        let values: Vec<String> = fields.iter().map(|e| e.lines().join(" ")).collect();
        return keep_values(state, &values);
    } else if next {
        *on = (*on + 1) % fields.len();
    } else if let Some(editor) = fields.get_mut(*on) {
        editor.input(key);
    }
    vec![]
}

/// Check every value first (a bad one keeps the popup open on it), then
/// set those that changed.
fn keep_values(state: &mut AppState, values: &[String]) -> Vec<Effect> {
    for (k, (field, value)) in Field::ALL.iter().zip(values).enumerate() {
        let value = value.trim();
        if let (false, Err(e)) = (value.is_empty(), field.check(value)) {
            if let Some(Popup::Meta { on, .. }) = state.popups.last_mut() {
                *on = k;
            }
            state.message = Some(e);
            return vec![];
        }
    }
    state.popups.pop();
    let (by, at) = (state.settings.analyst.clone(), (state.settings.clock)());
    let mut changed = Vec::new();
    for (field, value) in Field::ALL.iter().zip(values) {
        if let Ok(true) = meta::set(&mut state.doc.sheet, *field, value, &by, at) {
            changed.push(field.key());
        }
    }
    if changed.is_empty() {
        state.message = Some("the article's facts not changed".into());
        return vec![];
    }
    state.session.change = Some(format!("{} set", changed.join(", ")));
    state.save = SaveState::Saving;
    vec![Effect::Save]
}
