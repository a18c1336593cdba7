//! The note editor.

use crate::app::AppState;
use crate::app::Effect;
use crate::app::Popup;
use crossterm::event::KeyCode;
use crossterm::event::KeyEvent;
use crossterm::event::KeyModifiers;

impl AppState {
    /// Keys in the note editor: Ctrl-s keeps, Esc drops.
    pub(in crate::app) fn key_in_note(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(Popup::Note { id, editor }) = self.popups.last_mut() else {
            return vec![];
        };
        if key.code == KeyCode::Esc {
            self.popups.pop();
            self.message = Some("note not changed".into());
        } else if ctrl && key.code == KeyCode::Char('s') {
            let note = editor.lines().join("\n");
            let id = id.clone();
            self.popups.pop();
            if let Some(i) = self.doc.sheet.index_of(&id)
                && self.change_claim(i, |c, by, at, _| {
                    c.set_field("note", note, by, at);
                })
            {
                return vec![Effect::Save];
            }
        } else {
            editor.input(key);
        }
        vec![]
    }
}
