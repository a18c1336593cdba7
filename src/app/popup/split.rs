//! Choosing where to split a claim.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::domain::edit;
use crossterm::event::KeyEvent;

impl AppState {
    /// `|`: choose where to split the selected claim.
    pub(in crate::app) fn split_picker(&mut self) {
        let Some(i) = self.placed_claim("split") else {
            return;
        };
        let c = &self.doc.sheet.claims[i];
        let points = edit::split_points(c, &self.doc.article.text);
        match points.get(points.len() / 2) {
            Some(&cut) => {
                let id = c.id.clone();
                self.popups.push(Popup::Split { id, cut });
            }
            None => self.message = Some("a claim of one word cannot be split".into()),
        }
    }

    /// Keys in the split picker: move the cut, Enter splits.
    pub(in crate::app) fn key_in_split(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cmd = self.settings.keymap.command(&key);
        let is = |c| self.settings.keymap.is(&key, c);
        let right = is(Command::SplitRight) || is(Command::WordNext);
        let left = is(Command::SplitLeft) || is(Command::WordPrev);
        let (ok, cancel) = (is(Command::Ok), is(Command::Cancel));
        let Some(Popup::Split { id, cut }) = self.popups.last_mut() else {
            return vec![];
        };
        let Some(claim) = self.doc.sheet.claim(id) else {
            // The claim went (the sheet was reloaded): nothing to split.
            self.popups.pop();
            return vec![];
        };
        let points = edit::split_points(claim, &self.doc.article.text);
        let here = points.iter().position(|p| p == cut).unwrap_or(0);
        if right {
            *cut = points.get(here + 1).copied().unwrap_or(*cut);
        } else if left {
            *cut = points.get(here.saturating_sub(1)).copied().unwrap_or(*cut);
        } else if ok {
            let (id, cut) = (id.clone(), *cut);
            self.popups.pop();
            return self.split(&id, cut);
        } else if cancel || cmd == Some(Command::Close) {
            self.popups.pop();
            self.message = Some("not split".into());
        }
        vec![]
    }
}
