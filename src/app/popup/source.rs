//! The editor of one source (a new one or an existing one).

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::popup::editor_with;
use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

impl AppState {
    /// The editor of a new source (`index` None) or of source `index`.
    pub(in crate::app) fn source_editor(&mut self, index: Option<usize>) {
        let Some(c) = self.selected_claim() else {
            return;
        };
        let editor = match index {
            None => Box::new(TextArea::default()),
            Some(k) => match c.sources.get(k) {
                Some(s) => editor_with(s),
                None => {
                    self.message = Some("this claim has no source to edit".into());
                    return;
                }
            },
        };
        let id = c.id.clone();
        self.popups.push(Popup::Source { id, editor, index });
    }

    /// Keys in the source editor: Enter keeps, Esc drops.
    pub(in crate::app) fn key_in_source(&mut self, key: KeyEvent) -> Vec<Effect> {
        let is = |c| self.settings.keymap.is(&key, c);
        let (cancel, ok) = (is(Command::Cancel), is(Command::Ok));
        let Some(Popup::Source { id, editor, index }) = self.popups.last_mut() else {
            return vec![];
        };
        match () {
            _ if cancel => {
                self.popups.pop();
            }
            _ if ok => {
                let source = editor.lines().join(" ");
                let (id, index) = (id.clone(), *index);
                self.popups.pop();
                if let Some(i) = self.doc.sheet.index_of(&id)
                    && let Some(effects) = self.change_claim(i, |c, by, at, _| {
                        match index {
                            Some(k) => c.edit_source(k, &source, by, at),
                            None => c.add_source(&source, by, at),
                        };
                    })
                {
                    if index.is_none() {
                        self.source_sel = usize::MAX;
                        self.clamp();
                    }
                    return effects;
                }
                self.message = Some(match index {
                    None => "no source added (blank or already there)".into(),
                    Some(_) => "source not changed (blank, the same or already there)".into(),
                });
            }
            _ => {
                editor.input(key);
            }
        }
        vec![]
    }
}
