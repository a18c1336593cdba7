//! The history of a claim, scrolled.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::layout;
use crossterm::event::KeyEvent;

impl AppState {
    /// Keys in the history: scrolling.
    pub(in crate::app) fn key_in_history(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cmd = self.settings.keymap.command(&key);
        let Some(Popup::History { scroll, .. }) = self.popups.last_mut() else {
            return vec![];
        };
        let page = layout::history_rows(self.size, usize::MAX).max(2) - 1;
        match cmd {
            Some(Command::Down | Command::ScrollDown) => *scroll = scroll.saturating_add(1),
            Some(Command::Up | Command::ScrollUp) => *scroll = scroll.saturating_sub(1),
            Some(Command::PageDown) => *scroll = scroll.saturating_add(page),
            Some(Command::PageUp) => *scroll = scroll.saturating_sub(page),
            Some(Command::Top) => *scroll = 0,
            Some(Command::Bottom) => *scroll = usize::MAX,
            Some(Command::Close | Command::History | Command::Quit) => {
                self.popups.pop();
            }
            _ if self.settings.keymap.is(&key, Command::Cancel) => {
                self.popups.pop();
            }
            _ => {}
        }
        self.clamp();
        vec![]
    }
}
