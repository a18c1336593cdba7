//! The note editor.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crossterm::event::KeyEvent;

impl AppState {
    /// Keys in the note editor: Ctrl-s keeps, Esc drops.
    pub(in crate::app) fn key_in_note(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cancel = self.settings.keymap.is(&key, Command::Cancel);
        let keep = self.settings.keymap.is(&key, Command::KeepEdit);
        let Some(Popup::Note { id, editor }) = self.popups.last_mut() else {
            return vec![];
        };
        if cancel {
            self.popups.pop();
            self.message = Some("note not changed".into());
        } else if keep {
            let note = editor.lines().join("\n");
            let id = id.clone();
            self.popups.pop();
            if let Some(i) = self.doc.sheet.index_of(&id)
                && let Some(effects) = self.change_claim(i, |c, by, at, _| {
                    c.set_field("note", note, by, at);
                })
            {
                return effects;
            }
        } else {
            editor.input(key);
        }
        vec![]
    }
}
