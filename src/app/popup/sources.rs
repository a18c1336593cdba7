//! The list of a claim's sources: edit, remove, open in the browser.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::domain::link::is_web_url;
use crossterm::event::KeyEvent;

impl AppState {
    pub(in crate::app) fn remove_source(&mut self) -> Vec<Effect> {
        let (Some(i), k) = (self.list.selected, self.source_sel) else {
            return vec![];
        };
        if let Some(effects) = self.change_claim(i, |c, by, at, _| {
            c.remove_source(k, by, at);
        }) {
            self.message = Some("source removed".into());
            return effects;
        }
        self.message = Some("this claim has no source to remove".into());
        vec![]
    }

    /// `o`: open the selected source in the browser, when it is a URL.
    pub(in crate::app) fn open_source(&mut self) -> Vec<Effect> {
        let Some(source) = self
            .selected_claim()
            .and_then(|c| c.sources.get(self.source_sel))
            .cloned()
        else {
            self.message = Some("this claim has no source to open".into());
            return vec![];
        };
        if !is_web_url(&source) {
            self.message = Some(format!("not a web address, not opened: {source}"));
            return vec![];
        }
        self.message = Some(format!("opening {source}"));
        vec![Effect::OpenUrl(source)]
    }

    /// Keys in the sources list.
    pub(in crate::app) fn key_in_sources(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cmd = self.settings.keymap.command(&key);
        let is = |c| self.settings.keymap.is(&key, c);
        if is(Command::EditSource) {
            self.source_editor(Some(self.source_sel));
        } else if is(Command::RemoveSource) {
            return self.remove_source();
        } else if is(Command::OpenSource) {
            return self.open_source();
        } else if is(Command::AddSource) {
            self.source_editor(None);
        } else {
            match cmd {
                Some(Command::Down) => self.source_sel += 1,
                Some(Command::Up) => self.source_sel = self.source_sel.saturating_sub(1),
                Some(c @ (Command::Undo | Command::Redo)) => return self.run(c),
                Some(Command::Close | Command::Sources | Command::Quit) => {
                    self.popups.pop();
                }
                _ if self.settings.keymap.is(&key, Command::Cancel) => {
                    self.popups.pop();
                }
                _ => {}
            }
            self.clamp();
        }
        vec![]
    }
}
