//! The editor of a claim's text and speaker.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::popup::editor_with;
use crate::domain::edit;
use crossterm::event::KeyEvent;

impl AppState {
    /// The editor of the selected claim's text and speaker.
    pub(in crate::app) fn claim_editor(&mut self) {
        if let Some(c) = self.selected_claim() {
            self.popups.push(Popup::Claim {
                id: c.id.clone(),
                text: editor_with(&c.text),
                speaker: editor_with(c.speaker.as_deref().unwrap_or("")),
                on_speaker: false,
            });
        }
    }

    /// Keys in the claim editor: Tab switches fields, Ctrl-s keeps.
    pub(in crate::app) fn key_in_claim(&mut self, key: KeyEvent) -> Vec<Effect> {
        let is = |c| self.settings.keymap.is(&key, c);
        let (save, ok, cancel, field) = (
            is(Command::KeepEdit),
            is(Command::Ok),
            is(Command::Cancel),
            is(Command::NextField),
        );
        let Some(Popup::Claim {
            id,
            text,
            speaker,
            on_speaker,
        }) = self.popups.last_mut()
        else {
            return vec![];
        };
        let keep = save || (*on_speaker && ok);
        if cancel {
            self.popups.pop();
            self.message = Some("claim not changed".into());
        } else if keep {
            let new_text = text.lines().join("\n");
            let new_speaker = speaker.lines().join(" ");
            let id = id.clone();
            self.popups.pop();
            if let Some(i) = self.doc.sheet.index_of(&id)
                && let Some(effects) = self.change_claim(i, |c, by, at, article| {
                    edit::set_text(c, new_text, article, by, at);
                    c.set_field("speaker", new_speaker.trim().to_owned(), by, at);
                })
            {
                return effects;
            }
            self.message = Some("claim not changed".into());
        } else if field {
            *on_speaker = !*on_speaker;
        } else if *on_speaker {
            speaker.input(key);
        } else {
            text.input(key);
        }
        vec![]
    }
}
