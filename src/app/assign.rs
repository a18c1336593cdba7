//! Team keys that ask for a line of text: `assign` (the analyst's name,
//! for the claim or the selected claims; an empty name unassigns) and
//! `send_back` (the note that sends another analyst's pending verdict
//! back for a second look). Both are recorded in the claims' history and
//! undoable.

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::SaveState;
use crate::app::popup::editor_with;
use crate::app::triage::join_ids;
use crate::domain::sanitize;
use crate::domain::team;

/// What a one-line input popup asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFor {
    /// The analyst to assign these claims to.
    Assign { ids: Vec<String> },
    /// The note sending this claim's pending verdict back.
    SendBack { id: String },
}

impl InputFor {
    /// The popup's title, ending with the keys' `hints`.
    pub fn title(&self, hints: &str) -> String {
        match self {
            InputFor::Assign { ids } => {
                format!("Assign {} to (empty: nobody) · {hints}", join_ids(ids))
            }
            InputFor::SendBack { id } => {
                format!("Send {} back: why? · {hints}", sanitize::line(id))
            }
        }
    }

    /// What Enter does, for the hints.
    pub fn verb(&self) -> &'static str {
        match self {
            InputFor::Assign { .. } => "assigns",
            InputFor::SendBack { .. } => "sends",
        }
    }
}

/// `assign`: the name input for the selected claims (or the claim),
/// holding the analyst's own name.
pub fn open_assign(state: &mut AppState) {
    let mut chosen = state.chosen();
    if chosen.is_empty() {
        chosen.extend(state.list.selected);
    }
    if chosen.is_empty() {
        state.message = Some("no claim selected".into());
        return;
    }
    let ids = chosen
        .iter()
        .map(|&i| state.claims()[i].id.clone())
        .collect();
    let editor = editor_with(&state.settings.analyst);
    let purpose = InputFor::Assign { ids };
    state.popups.push(Popup::Input { purpose, editor });
}

/// `send_back`: the note input for the selected claim's pending verdict
/// (refused at once when there is none, or it is the analyst's own).
pub fn open_send_back(state: &mut AppState) {
    let Some(c) = state.selected_claim() else {
        state.message = Some("no claim selected".into());
        return;
    };
    let mut probe = c.clone();
    let at = (state.settings.clock)();
    if let Err(e) = team::send_back(&mut probe, "", &state.settings.analyst, at) {
        state.message = Some(sanitize::line(&e).into_owned());
        return;
    }
    let purpose = InputFor::SendBack { id: c.id.clone() };
    let editor = Box::new(TextArea::default());
    state.popups.push(Popup::Input { purpose, editor });
}

/// Keys in the input popup: Enter does it, Esc cancels.
pub fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let is = |c| state.settings.keymap.is(&key, c);
    let (cancel, ok) = (is(Command::Cancel), is(Command::Ok));
    let Some(Popup::Input { purpose, editor }) = state.popups.last_mut() else {
        return vec![];
    };
    if cancel {
        state.popups.pop();
        return vec![];
    }
    if !ok {
        editor.input(key);
        return vec![];
    }
    let text = editor.lines().join(" ").trim().to_owned();
    let purpose = purpose.clone();
    state.popups.pop();
    match purpose {
        InputFor::Assign { ids } => assign(state, &ids, &text),
        InputFor::SendBack { id } => send_back(state, &id, &text),
    }
}

/// Assign the claims `ids` to `name` (nobody when empty), one undoable
/// change.
fn assign(state: &mut AppState, ids: &[String], name: &str) -> Vec<Effect> {
    let chosen: Vec<usize> = ids
        .iter()
        .filter_map(|id| state.doc.sheet.index_of(id))
        .collect();
    let to = (!name.is_empty()).then_some(name);
    let what = match to {
        Some(n) => format!("assigned to {}", sanitize::line(n)),
        None => "unassigned".into(),
    };
    let effects = state.change_chosen(&chosen, &what, |c, by, at| {
        team::assign(c, to, by, at);
    });
    if effects.is_empty() {
        state.message = Some("assignment not changed".into());
    }
    effects
}

/// Send claim `id`'s pending verdict back with `note`.
fn send_back(state: &mut AppState, id: &str, note: &str) -> Vec<Effect> {
    if note.is_empty() {
        state.message = Some("not sent back: say why in the note".into());
        return vec![];
    }
    let Some(i) = state.doc.sheet.index_of(id) else {
        return vec![];
    };
    let mut refused = None;
    let changed = state.change_claim(i, |c, by, at, _| {
        if let Err(e) = team::send_back(c, note, by, at) {
            refused = Some(e);
        }
    });
    if let Some(e) = refused {
        state.message = Some(sanitize::line(&e).into_owned());
        return vec![];
    }
    state.message = Some(format!("{}: sent back for review", sanitize::line(id)));
    state.save = SaveState::Saving;
    changed.unwrap_or_default()
}
